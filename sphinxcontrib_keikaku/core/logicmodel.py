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

__all__ = ["ENGINES", "LogicModel", "OutlineItem", "logic_model", "outline"]

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
    """*vision* and its descendants, depth first in document order (cycle-safe)."""
    found: list[Vision] = []
    seen: set[str] = set()

    def walk(current: Vision) -> None:
        if current.id in seen:
            return
        seen.add(current.id)
        found.append(current)
        for child in plan.child_visions(current.id):
            walk(child)

    walk(vision)
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


def outline(plan: Plan, model: LogicModel) -> OutlineItem:
    """The model as a tree from the vision down, for reading as text: each
    vision, its child visions and its own measures, each measure with its
    indicators and budget links (a measure serving two visions of the model
    is listed under both, as a reader following either looks for it)."""
    measures = {m.id: m for m in model.measures}

    def vision_item(vision: Vision, seen: frozenset[str]) -> OutlineItem:
        item = OutlineItem(vision)
        for child in plan.child_visions(vision.id):
            if child.id not in seen:
                item.children.append(vision_item(child, seen | {child.id}))
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
        return item

    return vision_item(model.vision, frozenset({model.vision.id}))
