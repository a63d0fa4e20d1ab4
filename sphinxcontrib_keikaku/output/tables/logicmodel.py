"""``plan-logic-model``: one vision as a logic model, drawn and as text.

The diagram is a Graphviz ``dot`` graph handed to ``sphinx.ext.graphviz``
through its public node (:class:`sphinx.ext.graphviz.graphviz`), which
renders it for HTML (PNG or SVG, ``graphviz_output_format``) and as a PDF
for LaTeX. keikaku does not load that extension itself: a project that uses
``plan-logic-model`` adds ``"sphinx.ext.graphviz"`` to ``extensions``. Without
it, or without the ``dot`` program, the page says so, the build warns
(``keikaku.chart``, at the directive), and the text alternative is shown
alone. The text alternative (a nested list with the same objects and the
same figures) is always shown below the diagram.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core.evaluation import format_rate
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.logicmodel import (
    LogicModel,
    OutlineItem,
    logic_model,
    outline,
)
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import format_number
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.reporting import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx

GRAPHVIZ = "sphinx.ext.graphviz"

#: Fill colours of the boxes per kind: light tints, dark text, on a white
#: card, so that the diagram reads the same in a light and a dark theme.
_FILL = {
    BudgetLink: "#f7e3ec",
    Measure: "#e1eaf8",
    Indicator: "#e3f1e4",
    Vision: "#f6ead9",
}
#: The width of a box's title line, in half-width columns.
_WRAP = 20


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int = _WRAP) -> list[str]:
    """*text* in lines of at most *width* columns (a wide character is two):
    Japanese may break between any two characters, a Latin word only at a
    space (or, when longer than a line, anywhere)."""
    tokens = re.findall(r"\s+|[^\s]", text)
    # join the narrow characters of a word, so that a word stays whole
    words: list[str] = []
    for token in tokens:
        if (
            words
            and not token.isspace()
            and _width(token) == 1
            and not words[-1].isspace()
            and _width(words[-1][-1]) == 1
        ):
            words[-1] += token
        else:
            words.append(token)
    lines: list[str] = []
    line = ""
    for word in words:
        if word.isspace():
            if line:
                line += " "
            continue
        if line and _width(line) + _width(word) > width:
            lines.append(line.rstrip())
            line = ""
        while _width(word) > width:  # a word longer than a line
            cut = 0
            while _width(word[: cut + 1]) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


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

    def diagram(self, model: LogicModel, alt: str) -> nodes.Node | None:
        """The graphviz node, or None (with a warning and a note on the page)
        when the diagram cannot be drawn."""
        app = self.r.app
        problem = drawing_problem(app)
        if problem is not None:
            report(
                app,
                Finding(
                    Rule.CHART,
                    problem,
                    *self.options["at"],
                ),
            )
            return nodes.paragraph(
                "", problem, classes=["keikaku-gap", "keikaku-logic-missing"]
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
    """Why no diagram can be drawn in this build, or None."""
    if GRAPHVIZ not in app.extensions:
        return _(
            "plan-logic-model draws its diagram with Graphviz: add "
            "'sphinx.ext.graphviz' to extensions in conf.py (and install "
            "Graphviz); only the list is shown"
        )
    dot = str(getattr(app.config, "graphviz_dot", "dot") or "dot")
    if shutil.which(dot) is None:
        return (
            _(
                "plan-logic-model cannot draw its diagram: the Graphviz program "
                "%r was not found; install Graphviz (Debian: apt install "
                "graphviz) or set graphviz_dot; only the list is shown"
            )
            % dot
        )
    return None


def render_logic_model(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """``plan-logic-model``: the diagram and its text."""
    return LogicModelRenderer(r, options).render()
