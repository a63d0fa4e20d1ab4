"""Citizens' voice on the pages: an opinion's block, the lines on the objects
it concerns and changed, and ``plan-opinions`` (意見の概要と市の考え方).

The table is what cities publish after a public comment (洲本市, 座間市):
number, channel, the part of the plan concerned (linked), the summary, the
number of opinions to the same effect, the disposition (its code and its
label, in words), the city's answer and the parts changed (linked); grouped
by the plan's structure, the channel or the district; then the counts per
disposition and per channel, with the number of opinions received and of
those the plan took up. An opinion read from a sheet has no page of its
own, so its number is text, not a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes

from sphinxcontrib_keikaku.core.analysis import measures_under, subtree
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Indicator,
    Measure,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.opinions import (
    Opinion,
    OpinionSettings,
    all_opinions,
    disposition_code,
    opinions_about,
    opinions_changing,
    read_choice,
    split_names,
    tally,
)
from sphinxcontrib_keikaku.core.texts import PlanValueError
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.output.tables.common import PlanTables
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.opinions import opinion_settings

__all__ = ["opinion_part", "opinions_listing", "opinions_table"]


def _links(renderer: Renderer, ids: Sequence[str]) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, object_id in enumerate(ids):
        if index:
            result.append(nodes.Text("、" if renderer.japanese else ", "))
        result.append(renderer.ref_or_missing(object_id))
    return result


def disposition_text(settings: OpinionSettings, opinion: Opinion) -> str:
    """``A 反映``: the code and the label, so no reader needs a legend."""
    code = settings.code_of(opinion)
    return f"{code} {settings.label_of(code)}" if code else opinion.disposition


def opinion_part(renderer: Renderer, opinion: Opinion, part: str) -> list[nodes.Node]:
    """The head of an opinion's block (the answer is the directive's content)."""
    if part != "head":
        return []
    settings = opinion_settings(renderer.app.config)
    result: list[nodes.Node] = []
    if opinion.about:
        result.append(
            renderer.line(
                _("Concerns:"), [renderer.ref_or_missing(i) for i in opinion.about]
            )
        )
    result += renderer.facts(
        [
            (_("Channel:"), settings.channel_of(opinion)),
            (_("Date:"), opinion.date),
            (_("District:"), settings.district_label(settings.district_of(opinion))),
            (_("Opinions to the same effect:"), str(opinion.count)),
            (_("Disposition:"), disposition_text(settings, opinion)),
        ]
    )
    if opinion.changed:
        result.append(
            renderer.line(
                _("Changed in answer:"),
                [renderer.ref_or_missing(i) for i in opinion.changed],
            )
        )
    return result


def _opinion_cell(renderer: Renderer, opinion: Opinion) -> Cell:
    """A link to a directive's opinion; a sheet's opinion is its number."""
    if opinion.path:
        return opinion.id
    return renderer.ref(opinion, with_title=False)


def opinions_listing(renderer: Renderer, obj: PlanObject) -> list[nodes.Node]:
    """On a plan object's block: how many opinions concern it, how many the
    plan took up, and the opinions that changed it (市民の声を受けて変更),
    each linked; nothing for an object no opinion names."""
    about = opinions_about(renderer.plan, obj.id)
    changing = opinions_changing(renderer.plan, obj.id)
    if not about and not changing:
        return []
    settings = opinion_settings(renderer.app.config)
    counts = tally(about, settings)
    result: list[nodes.Node] = []
    if about:
        result.append(
            renderer.line(
                _("Citizens' voice:"),
                [
                    _("%d opinion(s), of which %d reflected")
                    % (counts.opinions, counts.reflected_opinions)
                ],
            )
        )
    if changing:
        result.append(renderer.line(_("Changed in answer to citizens' voice:"), []))
        items: list[nodes.Node] = []
        for opinion in changing:
            para = nodes.paragraph()
            para += nodes.Text(f"{disposition_text(settings, opinion)}: ")
            cell = _opinion_cell(renderer, opinion)
            para += nodes.Text(cell) if isinstance(cell, str) else cell
            para += nodes.Text(f" {opinion.title}")
            items.append(para)
        result.append(renderer.bullets(items))
    return result


# -- plan-opinions ---------------------------------------------------------------


def _under(r: PlanTables, vision_id: str) -> set[str]:
    """The ids of *vision_id*, the visions below it, their measures and
    those measures' indicators and budget links."""
    ids = set(subtree(r.plan, vision_id))
    for measure in measures_under(r.plan, vision_id):
        ids.add(measure.id)
        ids.update(i.id for i in r.plan.indicators_of(measure.id))
        ids.update(b.id for b in r.plan.budget_links_of(measure.id))
    return ids


def _selected(
    r: PlanTables, settings: OpinionSettings, options: dict[str, Any]
) -> list[Opinion]:
    """The opinions the filters of *options* keep (a filter value that names
    nothing is reported while the page is read, and matches nothing)."""
    chosen = all_opinions(r.plan)
    channels = set()
    for name in split_names(str(options.get("channel") or "")):
        try:
            channels.add(read_choice(name, settings.channels, ""))
        except PlanValueError:
            channels.add(name)
    if channels:
        chosen = [o for o in chosen if settings.channel_of(o) in channels]
    codes = set()
    for name in split_names(str(options.get("disposition") or "")):
        try:
            codes.add(disposition_code(name, settings.dispositions))
        except PlanValueError:
            codes.add("\0" + name)
    if codes:
        chosen = [o for o in chosen if settings.code_of(o) in codes]
    visions: list[str] = options.get("vision") or []
    if visions:
        wanted: set[str] = set()
        for vision_id in visions:
            wanted |= _under(r, vision_id)
        chosen = [o for o in chosen if wanted.intersection((*o.about, *o.changed))]
    return chosen


def _vision_of(r: PlanTables, object_id: str) -> Vision | None:
    """The vision an object belongs to: itself, or the first vision of its
    (first) measure."""
    obj = r.plan.objects.get(object_id)
    if isinstance(obj, Vision):
        return obj
    if isinstance(obj, EvaluationRecord):
        obj = r.plan.objects.get(obj.of)
    if isinstance(obj, (Indicator, BudgetLink)) and obj.measures:
        obj = r.plan.objects.get(obj.measures[0])
    if isinstance(obj, Measure) and obj.visions:
        return r.plan.get(obj.visions[0], Vision)
    return None


def _tree_order(r: PlanTables) -> list[Vision]:
    """The visions as the plan's tree reads: each root, then what is under
    it, depth first (document order alone would put a root vision's page
    after its goals' pages)."""
    visions = r.plan.of_kind(Vision)
    result: list[Vision] = []
    seen: set[str] = set()

    def visit(vision: Vision) -> None:
        if vision.id in seen:
            return  # a cycle, reported as keikaku.cycle
        seen.add(vision.id)
        result.append(vision)
        for child in r.plan.child_visions(vision.id):
            visit(child)

    for vision in visions:
        if not any(r.plan.get(p, Vision) for p in vision.parents):
            visit(vision)
    result += [v for v in visions if v.id not in seen]  # in cycles only
    return result


def _groups(
    r: PlanTables, settings: OpinionSettings, opinions: list[Opinion], by: str
) -> list[tuple[str, list[Opinion]]]:
    """(heading, opinions) per group, in the plan's order; the opinions
    that fall in no group come last, under their own heading."""
    groups: dict[str, list[Opinion]] = {}
    rest: list[Opinion] = []
    headings: dict[str, str] = {}
    if by == "channel":
        for name in settings.channels:
            groups[name] = []
            headings[name] = name
        for opinion in opinions:
            channel = settings.channel_of(opinion)
            groups.setdefault(channel, []).append(opinion)
            headings.setdefault(channel, channel)
        other = _("Other channels")
    elif by == "district":
        for key, label in settings.districts or ():
            groups[key] = []
            headings[key] = label
        for opinion in opinions:
            district = settings.district_of(opinion)
            if not district:
                rest.append(opinion)
                continue
            groups.setdefault(district, []).append(opinion)
            headings.setdefault(district, district)
        other = _("No district")
    else:
        for vision in _tree_order(r):
            groups[vision.id] = []
            headings[vision.id] = f"{vision.id} {vision.title}"
        for opinion in opinions:
            concerned = next(
                (v for v in (_vision_of(r, i) for i in opinion.about) if v), None
            )
            if concerned is None:
                rest.append(opinion)
            else:
                groups[concerned.id].append(opinion)
        other = _("The plan as a whole")
    result = [(headings[k], found) for k, found in groups.items() if found]
    if rest:
        result.append((other, rest))
    return result


def opinions_table(r: PlanTables, options: dict[str, Any]) -> list[nodes.Node]:
    """The ``plan-opinions`` tables of one placeholder."""
    settings = opinion_settings(r.app.config)
    opinions = _selected(r, settings, options)
    by = str(options.get("by") or "structure")
    headers = [
        _("No."),
        _("Channel"),
        _("Concerns"),
        _("Summary of the opinion"),
        _("Count"),
        _("Disposition"),
        _("The city's answer"),
        _("Changed"),
    ]
    caption = str(
        options.get("caption") or _("Summary of opinions and the city's answers")
    )
    result: list[nodes.Node] = []
    if not opinions:
        para = nodes.paragraph(classes=["keikaku-empty"])
        para += nodes.Text(_("No opinion matches this table."))
        return [para]
    for heading, group in _groups(r, settings, opinions, by):
        rows: list[list[Cell]] = [
            [
                _opinion_cell(r, o),
                r.source_text(settings.channel_of(o)),
                _links(r, o.about) or "—",
                r.source_text(o.title),
                str(o.count),
                r.source_text(disposition_text(settings, o)),
                r.source_text(o.text) if o.text else "—",
                _links(r, o.changed) or "—",
            ]
            for o in group
        ]
        result.append(
            r.wide_table(
                headers,
                rows,
                numeric_from=len(headers),
                # in the PDF the table breaks across pages, its header repeated
                classes=["keikaku-opinions", "longtable"],
                title=f"{caption}: {heading}",
            )
        )
    result += _totals(r, settings, opinions)
    if r.app.builder.format == "html":
        result.append(r.open_data_links("opinions.csv"))
    return result


def _totals(
    r: PlanTables, settings: OpinionSettings, opinions: list[Opinion]
) -> list[nodes.Node]:
    """The counts per disposition and per channel, and the two totals cities
    report (意見提出件数, 計画に反映した数), in words and numbers."""
    counts = tally(opinions, settings)
    summary = nodes.paragraph(classes=["keikaku-facts", "keikaku-opinion-totals"])
    summary += nodes.Text(
        _("Opinions received: %d (%d points); reflected in the plan: %d (%d points)")
        % (
            counts.opinions,
            counts.points,
            counts.reflected_opinions,
            counts.reflected_points,
        )
    )
    headers = [_("Disposition"), _("Points"), _("Opinions")]
    rows: list[list[Cell]] = [
        [f"{code} {settings.label_of(code)}", str(points), str(number)]
        for code, (points, number) in counts.by_disposition.items()
    ]
    rows.append([_("Total"), str(counts.points), str(counts.opinions)])
    channel_rows: list[list[Cell]] = [
        [r.source_text(name), str(points), str(number)]
        for name, (points, number) in counts.by_channel.items()
        if points
    ]
    return [
        summary,
        r.wide_table(
            headers,
            rows,
            classes=["keikaku-opinion-counts"],
            title=_("Opinions by disposition"),
        ),
        r.wide_table(
            [_("Channel"), _("Points"), _("Opinions")],
            channel_rows,
            classes=["keikaku-opinion-counts"],
            title=_("Opinions by channel"),
        ),
    ]


def opinions_summary(r: PlanTables, under: str | None) -> list[nodes.Node]:
    """For ``plan-dashboard``: the opinions received and reflected, of the
    whole plan or about the vision *under*; nothing for a plan (or vision)
    without opinions, so a dashboard without them looks as before."""
    opinions = all_opinions(r.plan)
    if under is not None:
        wanted = _under(r, under)
        opinions = [o for o in opinions if wanted.intersection((*o.about, *o.changed))]
    if not opinions:
        return []
    counts = tally(opinions, opinion_settings(r.app.config))
    para = nodes.paragraph(classes=["keikaku-facts", "keikaku-dash-opinions"])
    para += nodes.inline("", _("Citizens' voice:"), classes=["keikaku-label"])
    para += nodes.Text(
        " "
        + _("Opinions received: %d (%d points); reflected in the plan: %d (%d points)")
        % (
            counts.opinions,
            counts.points,
            counts.reflected_opinions,
            counts.reflected_points,
        )
    )
    return [para]
