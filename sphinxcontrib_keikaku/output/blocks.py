"""Each plan object's block: what it serves, its facts, what is under it.

Every object directive leaves two :class:`~.nodes.plan_part` placeholders,
its head (the links up, the facts) and its tail (the links down, the value
tables, the chart); ``doctree-resolved`` replaces them with what
:class:`BlockRenderer` makes from the whole plan. A plan has thousands of
objects and this runs once per object on every write, so the blocks are
plain and small, and no block grows with the depth of the plan: a path up
is cut short (:data:`PATH_SHOWN`), a list down names the next level only.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Indicator,
    Measure,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.opinions import Opinion
from sphinxcontrib_keikaku.core.values import (
    format_number,
    format_period,
    format_value,
)
from sphinxcontrib_keikaku.output.external_blocks import external_lines
from sphinxcontrib_keikaku.output.htmltables import Cell
from sphinxcontrib_keikaku.output.opinions import opinion_part, opinions_listing
from sphinxcontrib_keikaku.output.records import record_part, records_listing
from sphinxcontrib_keikaku.output.render import Renderer
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.evaluation import Evaluation
    from sphinxcontrib_keikaku.core.values import Value

#: The most visions a path up from an object shows (:meth:`~BlockRenderer.up_path`).
PATH_SHOWN = 4


def direction_label(direction: str) -> str:
    return {
        "up": _("higher is better"),
        "down": _("lower is better"),
        "keep": _("keep"),
    }[direction]


class BlockRenderer(Renderer):
    """Builds the blocks of one document's plan objects."""

    def render(self, obj: PlanObject, part: str) -> list[nodes.Node]:
        if isinstance(obj, EvaluationRecord):
            return record_part(self, obj, part)
        if isinstance(obj, Opinion):
            return opinion_part(self, obj, part)
        if part == "tail":  # the evaluations and the opinions it was given
            listed = (
                records_listing(self, obj)
                if isinstance(obj, (Measure, BudgetLink))
                else []
            )
            return self._render(obj, part) + listed + opinions_listing(self, obj)
        return self._render(obj, part)

    def _render(self, obj: PlanObject, part: str) -> list[nodes.Node]:
        if isinstance(obj, Vision):
            return self.vision_head(obj) if part == "head" else self.vision_tail(obj)
        if isinstance(obj, Measure):
            return self.measure_head(obj) if part == "head" else self.measure_tail(obj)
        if isinstance(obj, Indicator):
            return (
                self.indicator_head(obj) if part == "head" else self.indicator_tail(obj)
            )
        if isinstance(obj, BudgetLink):
            return self.budget_head(obj) if part == "head" else self.budget_tail(obj)
        return []

    def period_text(self, obj: PlanObject) -> str:
        if obj.period is None:
            return ""
        start, end = obj.period
        return format_period(start, end, style=self.style, language=self.language)

    def up_path(self, vision_id: str) -> list[Cell]:
        """*vision_id* and the visions above it, root first.

        A path longer than :data:`PATH_SHOWN` shows its root, "…" and the
        visions nearest the object: every vision of a deep chain showing
        the whole path above it would make a page of nested visions grow
        with the square of its depth."""
        path = self.plan.vision_path(vision_id)
        if not path:
            return [self.ref_or_missing(vision_id)]
        if len(path) > PATH_SHOWN:
            nearest = path[len(path) - PATH_SHOWN + 2 :]
            return [self.ref(path[0]), "…", *(self.ref(v) for v in nearest)]
        return [self.ref(vision) for vision in path]

    def vision_head(self, vision: Vision) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if vision.parents:
            result.append(
                self.line(_("Part of:"), self.up_path(vision.parents[0]), sep=" › ")
            )
        result += self.facts(
            [
                (_("Period:"), self.period_text(vision)),
                (_("Grade:"), self.plan.vision_grades.get(vision.id, "")),
            ]
        )
        result += external_lines(self, vision)
        return result

    def vision_tail(self, vision: Vision) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        children = self.plan.child_visions(vision.id)
        if children:
            result.append(self.line(_("Visions under it:"), []))
            result.append(self.bullets(self.ref(child) for child in children))
        measures = self.plan.vision_measures(vision.id)
        if measures:
            result.append(self.line(_("Measures:"), []))
            result.append(
                self.bullets(
                    self.line(
                        "",
                        [self.ref(m)]
                        + ([self.parenthesised(m.department)] if m.department else []),
                        sep="",
                    )
                    for m in measures
                )
            )
        return result

    def measure_head(self, measure: Measure) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for vision_id in measure.visions:
            result.append(self.line(_("Serves:"), self.up_path(vision_id), sep=" › "))
        if measure.parents:
            result.append(
                self.line(
                    _("Part of measure:"),
                    [self.ref_or_missing(p) for p in measure.parents],
                )
            )
        result += self.facts(
            [
                (_("Department:"), measure.department),
                (_("Period:"), self.period_text(measure)),
                (_("Grade:"), self.plan.measure_grades.get(measure.id, "")),
                (_("Progress:"), self.measure_progress(measure)),
            ]
        )
        result += external_lines(self, measure)
        return result

    def measure_tail(self, measure: Measure) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        subs = self.plan.sub_measures(measure.id)
        if subs:
            result.append(self.line(_("Sub-measures:"), []))
            result.append(self.bullets(self.ref(sub) for sub in subs))
        indicators = self.plan.indicators_of(measure.id)
        if indicators:
            result.append(self.line(_("Indicators:"), []))
            result.append(
                self.bullets(
                    self.line("", [self.ref(i), *self.indicator_summary(i)], sep="")
                    for i in indicators
                )
            )
        else:
            result.append(
                self.line(
                    _("Indicators:"),
                    [_("none yet")],
                    classes=("keikaku-nav", "keikaku-gap"),
                )
            )
        budget_links = self.plan.budget_links_of(measure.id)
        if budget_links:
            result.append(self.line(_("Budget links:"), []))
            result.append(self.budget_overview(budget_links))
        else:
            result.append(
                self.line(
                    _("Budget links:"),
                    [_("none yet")],
                    classes=("keikaku-nav", "keikaku-gap"),
                )
            )
        return result

    def indicator_summary(self, indicator: Indicator) -> list[Cell]:
        parts: list[str] = []
        if indicator.target:
            year = max(indicator.target)
            parts.append(
                _("target %s (%s)")
                % (
                    self.with_unit(indicator.target[year], indicator.unit),
                    self.year(year),
                )
            )
        if indicator.actual:
            year = max(indicator.actual)
            parts.append(
                _("actual %s (%s)")
                % (
                    self.with_unit(indicator.actual[year], indicator.unit),
                    self.year(year),
                )
            )
        return [" — " + ", ".join(parts)] if parts else []

    def budget_overview(self, budget_links: Sequence[BudgetLink]) -> nodes.Element:
        years = sorted({year for link in budget_links for year in link.budget})
        headers = [_("Budget link"), *(self.year(y) for y in years), _("Total")]
        rows: list[list[Cell]] = []
        totals = {year: Decimal(0) for year in years}
        for link in budget_links:
            row: list[Cell] = [self.ref(link)]
            for year in years:
                amount = link.budget.get(year)
                row.append(format_number(amount) if amount is not None else "")
                if amount is not None:
                    totals[year] += amount
            row.append(format_number(sum(link.budget.values(), Decimal(0))))
            rows.append(row)
        rows.append(
            [
                _("Total (%s)") % self.unit,
                *(format_number(totals[y]) for y in years),
                format_number(sum(totals.values(), Decimal(0))),
            ]
        )
        return self.table(
            headers,
            rows,
            classes=["keikaku-budget-overview"],
            caption=_("Budget of the budget links (%s)") % self.unit,
        )

    def up_to_measures(self, measure_ids: Sequence[str]) -> list[nodes.Node]:
        if not measure_ids:
            return [
                self.line(
                    _("Measure:"), [_("none")], classes=("keikaku-nav", "keikaku-gap")
                )
            ]
        return [self.line(_("Measure:"), [self.ref_or_missing(m) for m in measure_ids])]

    def indicator_head(self, indicator: Indicator) -> list[nodes.Node]:
        return self.up_to_measures(indicator.measures) + self.facts(
            [
                (_("Unit:"), indicator.unit),
                (_("Direction:"), direction_label(indicator.direction)),
                (
                    _("Kind:"),
                    _("output")
                    if indicator.indicator_kind == "output"
                    else _("outcome"),
                ),
                (_("Cumulative:"), _("yes") if indicator.cumulative else ""),
                (_("Source:"), indicator.source),
                (_("Measured in:"), ", ".join(map(self.year, indicator.measured))),
            ]
        )

    def indicator_tail(self, indicator: Indicator) -> list[nodes.Node]:
        years = indicator.years
        if not years:
            return []
        series: list[tuple[str, dict[int, Value]]] = []
        if indicator.baseline is not None:
            series.append((_("Baseline"), dict([indicator.baseline])))
        series += [
            (_("Target"), indicator.target),
            (_("Actual"), indicator.actual),
            (_("Estimate"), indicator.estimate),
        ]
        unit = self.parenthesised(indicator.unit) if indicator.unit else ""
        rows = [
            [
                label + unit,
                *(format_value(values[y]) if y in values else "" for y in years),
            ]
            for label, values in series
            if values
        ]
        result: list[nodes.Node] = [
            self.table(
                [_("Series"), *(self.year(y) for y in years)],
                rows,
                classes=["keikaku-values"],
                caption=_("Values of %s") % f"{indicator.id} {indicator.title}".strip(),
            )
        ]
        result += self.evaluation_facts(indicator)
        if self.app.config.keikaku_charts:
            result += self.indicator_chart(indicator)
        return result

    def evaluation_facts(self, indicator: Indicator) -> list[nodes.Node]:
        from sphinxcontrib_keikaku.core.evaluation import format_rate

        evaluation = self.plan.evaluations.get(indicator.id)
        if evaluation is None:
            return []
        facts = [
            (_("Achievement:"), format_rate(evaluation.rate)),
            (
                _("Grade:"),
                evaluation.grade if evaluation.measured else _("not measured"),
            ),
        ]
        if evaluation.target_year is not None and evaluation.actual_year is not None:
            facts.append(
                (
                    _("Basis:"),
                    _("actual %s against target %s")
                    % (
                        self.year(evaluation.actual_year),
                        self.year(evaluation.target_year),
                    ),
                )
            )
        if evaluation.note:
            facts.append((_("Note:"), evaluation.note))
        progress = self.plan.progress.get(indicator.id)
        if progress is not None:
            facts.append((_("Progress:"), self.progress_words(indicator, progress)))
        return self.facts(facts)

    def measure_progress(self, measure: Measure) -> str:
        """The measure's progress in words, or ``""`` when none is shown."""
        from sphinxcontrib_keikaku.core.progress import progress_text

        level = self.plan.measure_progress.get(measure.id)
        return progress_text(level) if level is not None else ""

    def progress_words(self, indicator: Indicator, progress: Evaluation) -> str:
        """``Slightly behind: 80.0% of the target due in FY2024 (17.25)``, or
        ``−`` and why none can be told."""
        from sphinxcontrib_keikaku.core.evaluation import format_rate
        from sphinxcontrib_keikaku.core.progress import progress_text, shown_target

        if progress.rate is None or progress.target is None:
            why = progress.note or _("no progress can be told")
            return progress_text(progress.grade) + self.parenthesised(why)
        words = _("%(level)s: %(rate)s of the target due in %(year)s (%(target)s)") % {
            "level": progress_text(progress.grade),
            "rate": format_rate(progress.rate),
            "year": self.year(progress.target_year or 0),
            "target": self.with_unit(shown_target(progress.target), indicator.unit),
        }
        if progress.note:
            words += self.parenthesised(progress.note)
        return words

    def budget_head(self, link: BudgetLink) -> list[nodes.Node]:
        return self.up_to_measures(link.measures) + self.facts(
            [
                (_("Code:"), link.code),
                (_("Account:"), link.account),
                (_("Department:"), link.department),
            ]
        )

    def budget_tail(self, link: BudgetLink) -> list[nodes.Node]:
        from sphinxcontrib_keikaku.output.budgetblock import budget_tail

        return budget_tail(self, link)
