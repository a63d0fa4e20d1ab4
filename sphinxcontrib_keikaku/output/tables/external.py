"""``plan-alignment`` and ``plan-changes``, and the links to other plans.

``plan-alignment`` is shown in the plan that is served (the comprehensive
plan): per measure, the external plans' objects serving it; the measures
no external plan serves; the external objects serving nothing here; and
the counts per external plan. Who serves whom is read from the serving
plans' own ``plan.json`` (their ``serves``), named in
``keikaku_external_plans``.

``plan-changes`` compares the plan with ``keikaku_previous_plan``
(:func:`~sphinxcontrib_keikaku.core.plandiff.compare`, as ``keikaku diff``
does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.core.analysis import measures_under
from sphinxcontrib_keikaku.core.model import Measure, Vision
from sphinxcontrib_keikaku.core.plandiff import (
    arrow,
    compare,
    field_label,
    snapshot,
)
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.external import SERVABLE, get_state
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.translation import translate_previous

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.planfile import FileObject, PlanFile
    from sphinxcontrib_keikaku.output.render import Renderer
    from sphinxcontrib_keikaku.sphinxext.settings_external import ExternalPlan


def external_url(r: Renderer, entry: ExternalPlan, obj: FileObject) -> str | None:
    """The address of *obj*'s page under its plan's base URL, seen from the
    page being written; None when the plan has no base URL.

    A relative base URL (``../sectoral/``) is relative to the root of this
    site's HTML output, so it is made relative to each page; it means
    nothing in a PDF, which gets no link then."""
    base = entry.base_url
    if not base or not obj.url:
        return None
    if "://" in base or base.startswith("/"):
        return base + obj.url
    if r.app.builder.format != "html":
        return None
    depth = r.app.builder.get_target_uri(r.fromdocname).count("/")
    return "../" * depth + base + obj.url


def external_ref(r: Renderer, entry: ExternalPlan, obj: FileObject) -> nodes.Node:
    """``name:ID title``, linked to the object's page where it has one."""
    text = f"{entry.name}:{obj.id} {obj.title}".rstrip()
    url = external_url(r, entry, obj)
    if url is None:
        return nodes.inline("", text, classes=["keikaku-external"])
    return nodes.reference(
        "",
        text,
        refuri=url,
        internal=False,
        reftitle=f"{entry.name}:{obj.id}",
        classes=["keikaku-ref", "keikaku-external"],
    )


def _plan_label(entry: ExternalPlan, plan_file: PlanFile | None) -> str:
    if plan_file is not None and plan_file.project:
        return f"{entry.name} ({plan_file.project})"
    return entry.name


def alignment(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """The ``plan-alignment`` tables."""
    state = get_state(r.app.env)
    served = state.served_by(r.app.config.project)
    scope = r.scope(options)
    measures: list[Measure] = []
    for under in scope:
        if under is None:
            measures = r.plan.of_kind(Measure)
        elif r.plan.get(under, Vision) is not None:
            measures += [m for m in measures_under(r.plan, under) if m not in measures]
    department = options.get("department")
    if department:
        measures = [m for m in measures if m.department == department]
    rows: list[list[Cell]] = []
    unserved: list[Measure] = []
    for measure in measures:
        serving = served.get(measure.id, [])
        if not serving:
            unserved.append(measure)
        plans = list(dict.fromkeys(entry.name for entry, _obj in serving))
        rows.append(
            [
                r.ref(measure),
                ", ".join(plans) if plans else _("none"),
                [
                    node
                    for index, (entry, obj) in enumerate(serving)
                    for node in ([nodes.Text(", ")] if index else [])
                    + [external_ref(r, entry, obj)]
                ]
                if serving
                else "—",
                str(len(serving)),
            ]
        )
    title = options.get("caption") or _("Alignment with other plans")
    result: list[nodes.Node] = [
        r.wide_table(
            [_("Measure"), _("Plans"), _("Served by"), _("Objects")],
            rows,
            numeric_from=3,
            classes=["keikaku-alignment"],
            title=title,
        )
    ]
    result += _counts(r, state, served, measures)
    if unserved:
        result.append(r.line(_("Measures no other plan serves:"), []))
        result.append(r.bullets(r.ref(m) for m in unserved))
    idle = _serving_nothing(r, state)
    if idle:
        result.append(
            r.line(_("Objects of other plans serving nothing in this plan:"), [])
        )
        result.append(r.bullets(external_ref(r, entry, obj) for entry, obj in idle))
    return result


def _counts(
    r: PlanTables,
    state: Any,
    served: dict[str, list[tuple[ExternalPlan, FileObject]]],
    measures: list[Measure],
) -> list[nodes.Node]:
    here = {m.id for m in measures}
    rows: list[list[Cell]] = []
    for entry, plan_file in state.plans.values():
        mine = {
            m_id: [obj for e, obj in pairs if e.name == entry.name]
            for m_id, pairs in served.items()
            if m_id in here
        }
        objects = {obj.id for objs in mine.values() for obj in objs}
        measures_served = sum(1 for objs in mine.values() if objs)
        links = sum(len(objs) for objs in mine.values())
        rows.append(
            [
                _plan_label(entry, plan_file),
                str(len(objects)),
                str(measures_served),
                str(links),
            ]
        )
    total_served = sum(1 for m in measures if served.get(m.id))
    rows.append(
        [
            nodes.strong("", _("Total")),
            "",
            f"{total_served} / {len(measures)}",
            str(sum(len(served.get(m.id, [])) for m in measures)),
        ]
    )
    return [
        r.wide_table(
            [
                _("Plan"),
                _("Objects serving this plan"),
                _("Measures served"),
                _("Links"),
            ],
            rows,
            classes=["keikaku-alignment-counts"],
            title=_("Alignment per plan"),
        )
    ]


def _serving_nothing(
    r: PlanTables, state: Any
) -> list[tuple[ExternalPlan, FileObject]]:
    """The visions and measures of the serving plans that serve nothing here;
    a vision is left out when something under it does serve (its goal is
    served through its measures)."""
    project = r.app.config.project
    result: list[tuple[ExternalPlan, FileObject]] = []
    for entry, plan_file in state.plans.values():
        if plan_file is None:
            continue
        serving = plan_file.serving(project)
        if not serving:
            continue  # a plan that serves nothing here is no sectoral plan of it
        below: dict[str, list[str]] = {}
        for obj in plan_file.objects.values():
            for up in obj.up:
                below.setdefault(up, []).append(obj.id)
        for obj in plan_file.objects.values():
            if obj.kind not in SERVABLE or obj.id in serving:
                continue
            if obj.kind == "vision" and _serves_below(obj.id, below, serving):
                continue
            result.append((entry, obj))
    return result


def _serves_below(
    object_id: str, below: dict[str, list[str]], serving: dict[str, list[str]]
) -> bool:
    """Whether an object under *object_id* serves (through any depth)."""
    pending, seen = [object_id], {object_id}
    while pending:
        for child in below.get(pending.pop(), []):
            if child in serving:
                return True
            if child not in seen:
                seen.add(child)
                pending.append(child)
    return False


def changes(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """The ``plan-changes`` tables."""
    state = get_state(r.app.env)
    if state.previous is None:
        return []  # reported by the check pass (config or data)
    previous = translate_previous(r.app, state.previous.objects, r.plan)
    result = compare(previous, snapshot(r.plan))
    counts = result.counts()
    labels = {
        "added": _("Added"),
        "removed": _("Removed"),
        "retitled": _("Retitled"),
        "moved": _("Moved to another parent"),
        "values": _("Changed values"),
    }
    # the earlier edition usually has the same project name: say "previous"
    title = options.get("caption") or _("Changes since the previous edition")
    out: list[nodes.Node] = [
        r.wide_table(
            [_("Change"), _("Count")],
            [[labels[key], str(count)] for key, count in counts.items()],
            classes=["keikaku-changes-counts"],
            title=title,
        )
    ]

    def here(object_id: str, fallback: str) -> Cell:
        obj = r.plan.objects.get(object_id)
        return r.ref(obj) if obj is not None else fallback

    if result.added:
        out.append(r.line(_("Added:"), []))
        out.append(r.bullets(_as_para(here(o.id, o.id)) for o in result.added))
    if result.removed:
        out.append(r.line(_("Removed:"), []))
        out.append(
            r.bullets(nodes.paragraph("", f"{o.id} {o.title}") for o in result.removed)
        )
    if result.retitled:
        out.append(
            r.wide_table(
                [_("Object"), _("Old title"), _("New title")],
                [[o.id, old, here(o.id, o.title)] for o, old in result.retitled],
                numeric_from=3,
                title=_("Retitled"),
            )
        )
    if result.moved:
        out.append(
            r.wide_table(
                [_("Object"), _("Before"), _("Now")],
                [
                    [here(o.id, o.id), ", ".join(up) or "—", ", ".join(o.up) or "—"]
                    for o, up in result.moved
                ],
                numeric_from=3,
                title=_("Moved to another parent"),
            )
        )
    if result.values:
        out.append(
            r.wide_table(
                [_("Indicator"), _("Value"), _("Old → new")],
                [
                    [
                        here(c.object_id, c.object_id),
                        field_label(c.field)
                        + (f" {r.year(c.year)}" if c.year is not None else ""),
                        _values_arrow(c.field, c.old, c.new),
                    ]
                    for c in result.values
                ],
                numeric_from=3,
                title=_("Changed values"),
            )
        )
    if result.empty:
        out.append(r.line(_("No changes since the previous edition."), []))
    return out


def _values_arrow(name: str, old: str | None, new: str | None) -> str:
    """``old → new``; a direction in the words the blocks use."""
    if name == "direction":
        words = {
            "up": _("higher is better"),
            "down": _("lower is better"),
            "keep": _("keep"),
        }
        old = words.get(old or "", old)
        new = words.get(new or "", new)
    return arrow(old, new)


def _as_para(cell: Cell) -> nodes.paragraph:
    para = nodes.paragraph()
    para += cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))
    return para
