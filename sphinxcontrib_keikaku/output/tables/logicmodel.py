"""``plan-logic-model``: one vision as a logic model, drawn and as text.

By default keikaku draws the diagram itself, with nothing outside Python:
laid out by :mod:`sphinxcontrib_keikaku.core.logicmodel_layout`, written
as an inline SVG in HTML (:mod:`..logicmodel_svg`) and drawn with
matplotlib as a PDF picture for LaTeX (a ``logicmodel`` chart of
:mod:`..charts`). Other builders show the text alone.

With ``:engine: graphviz`` the diagram is a Graphviz ``dot`` graph handed to
``sphinx.ext.graphviz`` through its public node
(:class:`sphinx.ext.graphviz.graphviz`), which renders it for HTML (PNG or
SVG, ``graphviz_output_format``) and as a PDF for LaTeX. keikaku does not
load that extension itself (sphinx-needs does). Without it, or without the
``dot`` program, the page says so, the build warns (``keikaku.chart``, at
the directive), and the text alternative is shown alone.

The text alternative (a nested list with the same objects and the same
figures) is always shown below the diagram.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.logicmodel import (
    ENGINES,
    LogicModel,
    OutlineItem,
    logic_model,
    outline,
)
from sphinxcontrib_keikaku.core.logicmodel_layout import (
    FONT_SIZE,
    WRAP,
    Layout,
    layout,
    text_width,
)
from sphinxcontrib_keikaku.core.logicmodel_layout import wrap as _wrap
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.charts.node import chart_node
from sphinxcontrib_keikaku.output.charts.spec import (
    Diagram,
    DiagramBox,
    DiagramEdge,
    DiagramHeading,
    logic_model_spec,
)
from sphinxcontrib_keikaku.output.logicmodel_svg import logic_model_svg
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.diagrams import report_missing
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.programs import GRAPHVIZ as GRAPHVIZ_PROGRAM
from sphinxcontrib_keikaku.sphinxext.programs import is_found
from sphinxcontrib_keikaku.sphinxext.reporting import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx

GRAPHVIZ = "sphinx.ext.graphviz"

#: Fill colours of the boxes per kind: light tints, dark text, on a white
#: card, so that the diagram reads the same in a light and a dark theme.
_FILL = MappingProxyType(
    {
        BudgetLink: "#f7e3ec",
        Measure: "#e1eaf8",
        Indicator: "#e3f1e4",
        Vision: "#f6ead9",
    }
)
#: A figure longer than this (in half-width columns) goes on two lines in
#: keikaku's own diagram, so that one long budget line does not widen
#: every box.
_FIGURE_WRAP = 28


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class LogicModelRenderer:
    """The diagram and its text for one ``plan-logic-model``."""

    def __init__(self, r: PlanTables, options: dict[str, Any]) -> None:
        self.r = r
        self.options = options

    # -- figures shown in the boxes and in the list --------------------------

    def figure(self, obj: PlanObject) -> str:
        r = self.r
        if isinstance(obj, Vision):
            return _("grade %s") % r.plan.vision_grades.get(obj.id, "−")
        if isinstance(obj, Measure):
            return _("grade %s") % r.plan.measure_grades.get(obj.id, "−")
        if isinstance(obj, Indicator):
            ev = r.plan.evaluations.get(obj.id)
            if ev is None:
                return ""
            return _("achievement %(rate)s, grade %(grade)s") % {
                "rate": format_rate(ev.rate),
                "grade": ev.grade,
            }
        if isinstance(obj, BudgetLink) and obj.budget:
            year = max(obj.budget)
            return _("budget %(year)s %(amount)s %(unit)s") % {
                "year": r.year(year),
                "amount": format_number(obj.budget[year]),
                "unit": r.unit,
            }
        return ""

    def kind(self, obj: PlanObject) -> str:
        if isinstance(obj, Vision):
            return _("Vision")
        if isinstance(obj, Measure):
            return _("Measure")
        if isinstance(obj, Indicator):
            return (
                _("Output indicator")
                if obj.indicator_kind == "output"
                else _("Outcome indicator")
            )
        return _("Budget link")

    # -- the diagram ---------------------------------------------------------

    def dot(self, model: LogicModel) -> str:
        """The Graphviz source: four columns, left to right."""
        font = "sans-serif"
        out = [
            "digraph logic_model {",
            f'  graph [rankdir=LR, bgcolor="white", fontname="{font}", '
            "fontsize=11, nodesep=0.12, ranksep=0.3, newrank=true];",
            f'  node [shape=box, style="rounded,filled", fontname="{font}", '
            'fontsize=10, color="#444444", fontcolor="#111111", margin="0.08,0.04"];',
            '  edge [color="#555555", arrowsize=0.6];',
        ]
        unmeasured = {m.id for m in model.unmeasured}
        columns: list[tuple[str, str, list[PlanObject]]] = [
            ("budget", _("Inputs (budget links)"), list(model.budget_links)),
            ("measure", _("Activities (measures)"), list(model.measures)),
            ("indicator", _("Outcomes (indicators)"), list(model.indicators)),
            ("vision", _("Aims (visions)"), list(model.visions)),
        ]
        for name, label, objects in columns:
            if not objects:
                continue
            out.append(f"  subgraph cluster_{name} {{")
            out.append(
                f"    label={_dot_string(label)}; labeljust=l; style=filled; "
                'fillcolor="#f5f5f5"; color="#cccccc";'
            )
            for obj in objects:
                out.append(f"    {self.box(obj, obj.id in unmeasured)}")
            out.append("  }")
        for source, target in model.edges:
            style = ' [style=dashed, color="#b00020"]' if source in unmeasured else ""
            out.append(f"  {_dot_string(source)} -> {_dot_string(target)}{style};")
        out.append("}")
        return "\n".join(out) + "\n"

    def box(self, obj: PlanObject, unmeasured: bool) -> str:
        lines = [f"{self.kind(obj)} {obj.id}", *_wrap(obj.title)]
        figure = self.figure(obj)
        if figure:
            lines.append(figure)
        if unmeasured:
            lines.append(_("(no indicator)"))
        attributes = [
            f"label={_dot_string(chr(10).join(lines))}",
            f'fillcolor="{_FILL[type(obj)]}"',
            f"tooltip={_dot_string(f'{obj.id} {obj.title}')}",
        ]
        if isinstance(obj, Vision) and obj.id == self.node_vision():
            attributes.append("penwidth=2")
        url = self.url(obj)
        if url:
            attributes += [f"URL={_dot_string(url)}", 'target="_top"']
        return f"{_dot_string(obj.id)} [{', '.join(attributes)}];"

    def node_vision(self) -> str:
        return str(self.options.get("vision", [""])[0])

    def url(self, obj: PlanObject) -> str:
        """The object's page and anchor, for the ``html`` builder only: the
        links in a picture are not rewritten the way the doctree's are
        (``singlehtml``, ``epub``, the PDF)."""
        builder = self.r.app.builder
        if builder.name != "html":
            return ""
        import posixpath

        page = builder.get_relative_uri(self.r.fromdocname, obj.docname)
        if not page:
            page = posixpath.basename(builder.get_target_uri(obj.docname))
        return f"{page}#{obj.id}"

    # -- the text alternative -------------------------------------------------

    def outline_list(self, item: OutlineItem) -> nodes.bullet_list:
        bullet_list = nodes.bullet_list(classes=["keikaku-list", "keikaku-logic-list"])
        bullet_list += self.outline_item(item)
        return bullet_list

    def outline_item(self, item: OutlineItem) -> nodes.list_item:
        r = self.r
        para = nodes.paragraph()
        para += nodes.inline("", self.kind(item.obj), classes=["keikaku-label"])
        para += nodes.Text(" ")
        para += r.ref(item.obj)
        figure = self.figure(item.obj)
        if figure:
            para += nodes.Text(r.parenthesised(figure))
        if isinstance(item.obj, Measure) and not r.plan.indicators_of(item.obj.id):
            para += nodes.Text(" ")
            para += nodes.inline("", _("(no indicator)"), classes=["keikaku-missing"])
        list_item = nodes.list_item("", para)
        if item.children:
            children = nodes.bullet_list(classes=["keikaku-list"])
            for child in item.children:
                children += self.outline_item(child)
            list_item += children
        return list_item

    # -- the whole -----------------------------------------------------------

    def render(self) -> list[nodes.Node]:
        r = self.r
        ids = self.options.get("vision") or []
        vision = r.plan.get(ids[0], Vision) if ids else None
        if vision is None:
            return []  # reported (unknown-id, or the option) by the check pass
        model = logic_model(r.plan, vision)
        title = self.options.get("caption") or _("Logic model: %(id)s %(title)s") % {
            "id": vision.id,
            "title": vision.title,
        }
        container = nodes.container(classes=["keikaku-logic-model"])
        container += nodes.paragraph(
            "", "", nodes.strong("", title), classes=["keikaku-dash-caption"]
        )
        summary = _(
            "%(measures)d measures, %(indicators)d indicators and "
            "%(links)d budget links serve %(id)s %(title)s."
        ) % {
            "measures": len(model.measures),
            "indicators": len(model.indicators),
            "links": len(model.budget_links),
            "id": vision.id,
            "title": vision.title,
        }
        diagram = self.diagram(model, title + ". " + summary)
        if diagram is not None:
            container += diagram
        container += nodes.paragraph(
            "",
            summary + " " + _("The same, as a list:"),
            classes=["keikaku-logic-summary"],
        )
        container += self.outline_list(outline(r.plan, model))
        return [container]

    def engine(self) -> str:
        """Who draws: ``:engine:`` (checked by the directive), else
        ``keikaku_logic_model_engine`` (checked on config-inited)."""
        engine = str(
            self.options.get("engine")
            or self.r.app.config.keikaku_logic_model_engine
            or ENGINES[0]
        )
        return engine if engine in ENGINES else ENGINES[0]

    def diagram(self, model: LogicModel, alt: str) -> nodes.Node | None:
        """The diagram for this builder, or None when it shows none."""
        if self.engine() == "graphviz":
            return self.graphviz_diagram(model, alt)
        builder = self.r.app.builder
        if builder.format not in ("html", "latex"):
            return None  # the list says it all
        diagram = self.own_diagram(model)
        if builder.format == "latex":
            title = _("Logic model: %(id)s %(title)s") % {
                "id": model.vision.id,
                "title": model.vision.title,
            }
            spec = logic_model_spec(diagram, title, alt, model.vision.id)
            return chart_node(self.r.app, spec)
        return logic_model_svg(
            "",
            diagram=diagram,
            links=tuple(self.link(box.object_id) for box in diagram.boxes),
            alt=alt,
        )

    # -- keikaku's own diagram -------------------------------------------------

    def own_lines(
        self, objects: Iterable[PlanObject], unmeasured: set[str]
    ) -> dict[str, list[str]]:
        """Each box's lines: kind and id, the title, the figure, the gap.

        The titles are wrapped at the width of the widest other line (at
        least :data:`~.core.logicmodel_layout.WRAP` columns): every box is
        that wide anyway, and a title on fewer lines is easier to read."""
        heads: dict[str, list[str]] = {}
        tails: dict[str, list[str]] = {}
        for obj in objects:
            heads[obj.id] = [f"{self.kind(obj)} {obj.id}"]
            tails[obj.id] = _wrap(self.figure(obj), _FIGURE_WRAP)
            if obj.id in unmeasured:
                tails[obj.id].append(_("(no indicator)"))
        columns = max(
            [
                WRAP,
                *(
                    text_width(line)
                    for part in (heads, tails)
                    for lines in part.values()
                    for line in lines
                ),
            ]
        )
        return {
            object_id: [
                *heads[object_id],
                *_wrap(self.r.plan.objects[object_id].title, columns),
                *tails[object_id],
            ]
            for object_id in heads
        }

    def own_diagram(self, model: LogicModel) -> Diagram:
        """The model laid out (:func:`~.core.logicmodel_layout.layout`) and
        coloured, as :mod:`..logicmodel_svg` and the PDF chart draw it."""
        unmeasured = {m.id for m in model.unmeasured}
        objects: dict[str, PlanObject] = {
            obj.id: obj
            for obj in (
                *model.budget_links,
                *model.measures,
                *model.indicators,
                *model.visions,
            )
        }
        lines = self.own_lines(objects.values(), unmeasured)
        order: list[str] = []

        def walk(item: OutlineItem) -> None:
            order.append(item.obj.id)
            for child in item.children:
                walk(child)

        walk(outline(self.r.plan, model))
        placed: Layout = layout(
            model,
            lines,
            (
                _("Inputs (budget links)"),
                _("Activities (measures)"),
                _("Outcomes (indicators)"),
                _("Aims (visions)"),
            ),
            order,
        )
        return Diagram(
            width=placed.width,
            height=placed.height,
            font_size=FONT_SIZE,
            headings=tuple(
                DiagramHeading(c.text, c.x, c.y, c.w, c.h, c.text_x, c.baseline)
                for c in placed.columns
            ),
            boxes=tuple(
                DiagramBox(
                    object_id=box.id,
                    title=objects[box.id].title,
                    x=box.x,
                    y=box.y,
                    w=box.w,
                    h=box.h,
                    text_x=box.text_x,
                    lines=box.lines,
                    baselines=tuple(box.baseline(i) for i in range(len(box.lines))),
                    fill=_FILL[type(objects[box.id])],
                    emphasised=box.id == model.vision.id,
                    warning_lines=1 if box.id in unmeasured else 0,
                )
                for box in placed.boxes
            ),
            edges=tuple(
                DiagramEdge(edge.points, dashed=edge.source in unmeasured)
                for edge in placed.edges
            ),
        )

    def link(self, object_id: str) -> str:
        """The ``href`` of an object's box: its page and anchor as every
        other link of the page has it (``#id`` on its own page and in
        ``singlehtml``), or ``""`` for a page outside this output."""
        obj = self.r.plan.objects.get(object_id)
        target = self.r.ref_target(obj) if obj is not None else None
        if target is None:
            return ""
        kind, value = target
        return f"#{value}" if kind == "refid" else value

    # -- Graphviz, when asked for --------------------------------------------

    def graphviz_diagram(self, model: LogicModel, alt: str) -> nodes.Node | None:
        """The graphviz node, or a note on the page when the diagram cannot
        be drawn (with a warning: a missing ``dot`` is said once per build,
        and the page is written again once it is found, .programs)."""
        app = self.r.app
        problem = drawing_problem(app)
        if problem is not None:
            report(app, Finding(Rule.CHART, problem, *self.options["at"]))
            return nodes.paragraph(
                "", problem, classes=["keikaku-gap", "keikaku-logic-missing"]
            )
        if not is_found(app, GRAPHVIZ_PROGRAM):
            docname, lineno = self.options["at"]
            report_missing(
                app,
                GRAPHVIZ_PROGRAM,
                _("the plan-logic-model diagram (:engine: graphviz)"),
                docname,
                lineno,
            )
            return nodes.paragraph(
                "",
                _("(The diagram is not drawn: Graphviz is not installed.)"),
                classes=["keikaku-gap", "keikaku-logic-missing"],
            )
        from sphinx.ext.graphviz import graphviz

        node = graphviz()
        node["code"] = self.dot(model)
        node["options"] = {"docname": self.r.fromdocname}
        # the HTML writer puts alt into the attribute as it is
        node["alt"] = html.escape(alt) if app.builder.format == "html" else alt
        node["classes"] = ["keikaku-logic-diagram"]
        return node


def drawing_problem(app: Sphinx) -> str | None:
    """Why ``:engine: graphviz`` cannot draw in this project whatever is
    installed, or None (a missing ``dot`` is said once per build instead:
    :func:`~.diagrams.report_missing`)."""
    if GRAPHVIZ not in app.extensions:
        return _(
            "plan-logic-model draws its diagram with Graphviz: add "
            "'sphinx.ext.graphviz' to extensions in conf.py (and install "
            "Graphviz); only the list is shown"
        )
    return None


def render_logic_model(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """``plan-logic-model``: the diagram and its text."""
    return LogicModelRenderer(r, options).render()
