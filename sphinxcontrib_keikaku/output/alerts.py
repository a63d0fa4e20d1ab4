"""What needs attention, in words: ``plan-alerts``, the dashboard's section
and ``plan.json``'s ``alerts``.

:func:`~sphinxcontrib_keikaku.core.alerts.find_alerts` finds the alerts;
this module gives each its label and its one-line explanation in the
build's language, fiscal years as ``keikaku_year_style`` writes them (era
years with ``"era"``), so the page, the PDF and the export say the same.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.alerts import Alert, find_alerts
from sphinxcontrib_keikaku.core.dashboard import evaluation_year
from sphinxcontrib_keikaku.core.grades import format_rate
from sphinxcontrib_keikaku.core.model import Indicator, Plan
from sphinxcontrib_keikaku.core.settings import normalise_basis
from sphinxcontrib_keikaku.core.values import format_value
from sphinxcontrib_keikaku.core.years import format_fiscal_year
from sphinxcontrib_keikaku.sphinxext.i18n import _

if TYPE_CHECKING:
    from sphinx.config import Config

YearText = Callable[[int], str]


def kind_label(kind: str) -> str:
    """What an alert of *kind* is, as the list's first column says it."""
    return {
        "worse": _("Getting worse"),
        "execution": _("Low execution rate"),
        "swing": _("Budget swing"),
        "general-fund": _("Rising share of general revenue"),
        "repeated": _("Same direction repeated"),
        "mismatch": _("Direction and budget disagree"),
        "missing": _("No actual"),
        "new": _("New project"),
        "ended": _("Ended project"),
    }[kind]


def _percent(value: Decimal | None) -> str:
    return format_rate(None if value is None else float(value))


def explain(
    alert: Alert,
    plan: Plan,
    thresholds: dict[str, Any],
    year: YearText,
) -> str:
    """The one line that says why *alert* needs attention."""
    kind = alert.kind
    if kind == "worse":
        indicator = plan.get(alert.object_id, Indicator)
        unit = indicator.unit if indicator is not None else ""
        steps = " → ".join(
            f"{year(y)} {format_value(v)}{unit}"
            for y, v in zip(alert.years, alert.values, strict=True)
        )
        return _("worse than the year before %d years running: %s") % (
            len(alert.years) - 1,
            steps,
        )
    if kind == "execution":
        budget, settled = alert.values
        return _("execution rate %s in %s (settlement %s ÷ budget %s), below %s") % (
            _percent(alert.rate),
            year(alert.year),
            format_value(settled),
            format_value(budget),
            _percent(Decimal(str(thresholds["execution_rate"]))),
        )
    if kind == "swing":
        before, after = alert.values
        sign = "+" if alert.rate is not None and alert.rate > 0 else ""
        return _("budget %s in %s, %s in %s (%s), a move of more than %s") % (
            format_value(before),
            year(alert.years[0]),
            format_value(after),
            year(alert.years[1]),
            sign + _percent(alert.rate),
            _percent(Decimal(str(thresholds["swing"]))),
        )
    if kind == "general-fund":
        steps = " → ".join(
            f"{year(y)} {_percent(v)}"
            for y, v in zip(alert.years, alert.values, strict=True)
        )
        return _(
            "the share of general revenue (一般財源) rose two years running: %s"
        ) % (steps)
    if kind == "repeated":
        return _(
            "direction %s in the last-stage evaluation %d years running (%s–%s)"
        ) % (
            alert.direction,
            len(alert.years),
            year(alert.years[0]),
            year(alert.years[-1]),
        )
    if kind == "mismatch":
        before, after = alert.values
        text = (
            _("direction %s in %s, but the budget falls from %s (%s) to %s (%s)")
            if after < before
            else _("direction %s in %s, but the budget rises from %s (%s) to %s (%s)")
        )
        return text % (
            alert.direction,
            year(alert.years[0]),
            format_value(before),
            year(alert.years[0]),
            format_value(after),
            year(alert.years[1]),
        )
    if kind == "missing":
        return _("no actual for %s, the evaluation year") % year(alert.year)
    if kind == "new":
        return _("first budgeted in %s, the evaluation year") % year(alert.year)
    return _("last budgeted in %s, the evaluation year") % year(alert.year)


def year_text(config: Config) -> YearText:
    """Fiscal years as the build writes them."""

    def text(year: int) -> str:
        return format_fiscal_year(
            year, style=config.keikaku_year_style, language=config.language
        )

    return text


def plan_alerts(
    config: Config,
    plan: Plan,
    *,
    visions: list[str] | None = None,
    department: str = "",
    kinds: list[str] | None = None,
) -> tuple[int | None, list[Alert]]:
    """The evaluation year and the alerts of the scope under the settings."""
    year = evaluation_year(
        plan,
        normalise_basis(config.keikaku_evaluation_basis),
        config.keikaku_evaluation_year,
    )
    found = find_alerts(
        plan,
        config.keikaku_alerts,
        year,
        visions=visions or (),
        department=department,
        **({"kinds": kinds} if kinds else {}),
    )
    return year, found


def alerts_json(config: Config, plan: Plan) -> dict[str, Any]:
    """``plan.json``'s ``alerts``: every alert of the plan, explained."""
    year, found = plan_alerts(config, plan)
    text = year_text(config)
    return {
        "evaluation_year": year,
        "thresholds": dict(config.keikaku_alerts),
        "items": [
            {
                "kind": alert.kind,
                "label": kind_label(alert.kind),
                "object": alert.object_id,
                "year": alert.year,
                "years": list(alert.years),
                "message": explain(alert, plan, config.keikaku_alerts, text),
            }
            for alert in found
        ],
    }
