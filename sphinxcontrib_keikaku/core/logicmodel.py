"""The logic model of one vision (``plan-logic-model``), as plain data.

Pure (no Sphinx). A logic model (ロジックモデル) reads from what the city puts
in to what it wants to reach: budget links (投入) fund measures (活動),
whose results the indicators measure (成果), which serve the visions (目的),
up to the vision shown. :func:`logic_model` gives the objects of each
column and the arrows between them; the output layer draws them (laid out
by :mod:`.logicmodel_layout`, or with Graphviz when asked) and lists the
same structure as text (:func:`outline`).

Arrows follow the plan's links only: a budget link → each of its measures
in the model, a measure → each of its indicators, an indicator → each
vision its measure serves in the model (a measure without an indicator
points at its visions directly, so the gap shows), and a vision → its
parent vision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    Plan,
    PlanObject,
    Vision,
)

__all__ = [
    "ENGINES",
    "OUTLINE_DEPTH",
    "LogicModel",
    "OutlineItem",
    "logic_model",
    "outline",
    "too_deep",
]

#: Who draws the diagram (``:engine:`` of ``plan-logic-model``), the
#: default first: keikaku itself, or Graphviz's ``dot`` program.
ENGINES = ("keikaku", "graphviz")


@dataclass
class LogicModel:
    """The objects of one vision's logic model, column by column."""

    vision: Vision
    #: The vision and every vision below it, root first (tree order).
    visions: list[Vision] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budget_links: list[BudgetLink] = field(default_factory=list)
    #: ``(from id, to id)``, in reading order, each once.
    edges: list[tuple[str, str]] = field(default_factory=list)
    #: Measures without an indicator (their arrow skips the outcome column).
    unmeasured: list[Measure] = field(default_factory=list)


def _tree(plan: Plan, vision: Vision) -> list[Vision]:
    """*vision* and its descendants, depth first in document order, each
    once (cycle-safe; a stack of its own, so any depth)."""
    found: list[Vision] = []
    seen: set[str] = set()
    pending = [vision]
    while pending:
        current = pending.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        found.append(current)
        pending.extend(reversed(plan.child_visions(current.id)))
    return found


def logic_model(plan: Plan, vision: Vision) -> LogicModel:
    """The logic model of *vision* and everything below it."""
    model = LogicModel(vision, visions=_tree(plan, vision))
    in_model = {v.id for v in model.visions}
    model.measures = analysis.measures_under(plan, vision.id)
    model.indicators = analysis.indicators_of_measures(plan, model.measures)
    model.budget_links = analysis.budget_links_of_measures(plan, model.measures)
    measure_ids = {m.id for m in model.measures}
    edges: dict[tuple[str, str], None] = {}
    for link in model.budget_links:
        for measure_id in link.measures:
            if measure_id in measure_ids:
                edges[(link.id, measure_id)] = None
    for measure in model.measures:
        targets = [v for v in measure.visions if v in in_model]
        indicators = plan.indicators_of(measure.id)
        if not indicators:
            model.unmeasured.append(measure)
            for target in targets:
                edges[(measure.id, target)] = None
        for indicator in indicators:
            edges[(measure.id, indicator.id)] = None
            for target in targets:
                edges[(indicator.id, target)] = None
    for child in model.visions[1:]:
        for parent in child.parents[:1]:
            if parent in in_model:
                edges[(child.id, parent)] = None
    model.edges = list(edges)
    return model


@dataclass
class OutlineItem:
    """One line of the text alternative, with the lines below it."""

    obj: PlanObject
    children: list[OutlineItem] = field(default_factory=list)


#: How deep the text list nests visions. A plan has a handful of levels; a
#: list nested hundreds deep is unreadable, and every tool that walks the
#: page's tree (docutils, the HTML and LaTeX writers) recurses once per
#: level. Visions further down are listed at this level, in order, and
#: :func:`too_deep` tells the checks to say so.
OUTLINE_DEPTH = 30


def outline(plan: Plan, model: LogicModel) -> OutlineItem:
    """The model as a tree from the vision down, for reading as text: each
    vision, its child visions and its own measures, each measure with its
    indicators and budget links (a measure serving two visions of the model
    is listed under both, as a reader following either looks for it).

    Visions below :data:`OUTLINE_DEPTH` levels are listed at that level,
    after the vision above them, so that none is lost."""
    measures = {m.id: m for m in model.measures}
    root = OutlineItem(model.vision)
    #: the items of the visions on the path from the model's vision down
    path: list[OutlineItem] = []
    for event, vision, depth, _children in analysis.walk_visions(plan, model.vision):
        if event == "enter":
            item = root if depth == 1 else OutlineItem(vision)
            if path:
                path[min(depth, OUTLINE_DEPTH) - 2].children.append(item)
            path.append(item)
            continue
        # a vision's own measures follow its child visions
        item = path.pop()
        for measure in plan.vision_measures(vision.id):
            if measure.id in measures:
                item.children.append(
                    OutlineItem(
                        measure,
                        [
                            *(OutlineItem(i) for i in plan.indicators_of(measure.id)),
                            *(OutlineItem(b) for b in plan.budget_links_of(measure.id)),
                        ],
                    )
                )
    return root


def too_deep(plan: Plan, vision: Vision) -> bool:
    """Whether the text list of *vision*'s logic model reaches
    :data:`OUTLINE_DEPTH` and lists deeper visions at that level."""
    return any(
        depth > OUTLINE_DEPTH
        for _event, _vision, depth, _children in analysis.walk_visions(
            plan, vision, OUTLINE_DEPTH + 1
        )
    )
