"""The settings of the implementation plan: ``keikaku_fiscal_frame`` and
``keikaku_staff_cost``.

The financial frame (財政フレーム) is the amount available for the plan's
projects in each fiscal year, in ``keikaku_amount_unit``; ``plan-budget``
shows it and the margin beside the totals of each year, and the rule
``frame`` reports a year whose planned or budgeted total exceeds it. The
alerts' thresholds are those of ``plan-alerts``. The
staff cost prices the staff time of budget links (:mod:`sphinxcontrib_keikaku.core.staffcost`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sphinxcontrib_keikaku.core.alerts import DEFAULT_THRESHOLDS, normalise_thresholds
from sphinxcontrib_keikaku.core.staffcost import normalise_staff_cost
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    parse_fiscal_year,
    parse_number,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import Setting, SettingError, _wrapped


def _year(key: object) -> int:
    """A frame's key: a year as the other year settings take it (2025, or a
    text such as "R7", "FY2025", "令和7年度")."""
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    if not isinstance(key, str):
        raise SettingError(
            _("%r is not a fiscal year; write 2025 or a text such as 'R7'") % (key,)
        )
    try:
        return parse_fiscal_year(key)
    except PlanValueError as err:
        raise SettingError(str(err)) from None


def _amount(year: int, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise SettingError(
            _(
                "the frame of %d, %r, is not an amount; write a number such as 12_000_000"
            )
            % (year, value)
        )
    try:
        return parse_number(str(value))
    except PlanValueError as err:
        raise SettingError(_("the frame of %d: %s") % (year, err)) from None


def _frame(value: Any) -> dict[int, Decimal]:
    if not isinstance(value, Mapping):
        raise SettingError(
            _("write a dict of fiscal year to amount, such as {2025: 12_000_000}")
        )
    result: dict[int, Decimal] = {}
    for key, amount in value.items():
        year = _year(key)
        if year in result:
            raise SettingError(
                _("fiscal year %d is given twice (as %r); give each year once")
                % (year, key)
            )
        result[year] = _amount(year, amount)
    return dict(sorted(result.items()))


BUDGET_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_fiscal_frame",
        default={},
        types=(dict,),
        help="The financial frame (財政フレーム): for each fiscal year, the "
        "amount available for the plan's projects, in ``keikaku_amount_unit``. "
        'Years are written as in the other settings (``2025``, ``"R7"``, '
        '``"令和7年度"``). ``plan-budget`` shows the frame and the margin '
        "(frame − planned cost, frame − budget) of each year; a year whose "
        "planned or budgeted total exceeds its frame is reported as "
        "``keikaku.frame`` at this setting's line.",
        normalise=_frame,
        example='{2025: 12_000_000, "R8": 11_800_000}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_staff_cost",
        default={},
        types=(dict,),
        help="The unit cost of staff time (人件費), in ``keikaku_amount_unit``: "
        '``"per_hour"`` prices the hours (``:hours:``, 延べ業務時間) and '
        '``"per_person"`` the persons (``:staff:``, 従事人数, a person-year) of '
        "a budget link. With both, a year with hours is priced by its hours. "
        "Staff cost of a year = hours × per_hour, else persons × per_person; "
        "total cost (トータルコスト) = the settlement of that year where given, "
        "else its budget, plus the staff cost. Unset, staff time is shown as "
        "time only and reported once per build as ``keikaku.config``.",
        normalise=_wrapped(normalise_staff_cost),
        example='{"per_hour": 4}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_alerts",
        default=dict(DEFAULT_THRESHOLDS),
        types=(dict,),
        help="The thresholds of ``plan-alerts`` (what needs attention), any "
        "of: ``worse_years`` (an indicator worse than the year before this "
        "many years running), ``execution_rate`` (a settled year's execution "
        "rate below this, in %), ``swing`` (a budget moving more than this "
        "% year on year) and ``repeated`` (the same direction of 改善, 縮小 or "
        "休止 in this many consecutive years' last-stage records). A key left "
        "out keeps its default.",
        normalise=_wrapped(normalise_thresholds),
        example='{"execution_rate": 80, "swing": 50}',
        rebuild="html",
    ),
)
