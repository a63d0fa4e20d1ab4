"""What needs attention (``plan-alerts``): pure detection over a plan.

Each kind of alert is one question a council member or a citizen asks of a
budget dashboard (the 気仙沼市 list), answered from the plan's own numbers:

* ``worse``: an indicator's actual worse than the year before for
  ``worse_years`` years running (the direction decides what is worse;
  ``keep``: further from the final target);
* ``execution``: a settled year of a budget link whose execution rate
  (settlement ÷ budget) is below ``execution_rate`` %;
* ``swing``: a budget link's budget moving more than ``swing`` % from one
  fiscal year to the next;
* ``general-fund``: the share of 一般財源 in a budget link's funding rising
  two years running (three consecutive years with a funding split);
* ``repeated``: a measure or budget link whose last-stage evaluation
  records give the same direction of 改善, 縮小 or 休止 for ``repeated``
  consecutive fiscal years;
* ``mismatch``: a last-stage direction of 拡充 followed by a lower budget
  the next fiscal year, or of 縮小, 休止 or 廃止 followed by a higher one
  (plan, budget and evaluation disagree); a measure's budget is the sum of
  its budget links';
* ``missing``: an indicator without an actual for the evaluation year (one
  a survey does not measure that year is not missing);
* ``new`` / ``ended``: a budget link whose first / last budgeted year is
  the evaluation year.

The thresholds are ``keikaku_alerts``; :func:`normalise_thresholds` reads
it. No Sphinx: the explanation of each alert in words is the output's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from sphinxcontrib_keikaku.core.analysis import (
    budget_links_of_measures,
    department_of,
    indicators_of_measures,
    select_measures,
)
from sphinxcontrib_keikaku.core.asof import is_measured
from sphinxcontrib_keikaku.core.evaluation_records import latest_record, records_of
from sphinxcontrib_keikaku.core.funding import funding_years, split
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, Measure, Plan

#: Every kind, in the order a list shows them.
KINDS: tuple[str, ...] = (
    "worse",
    "execution",
    "swing",
    "general-fund",
    "repeated",
    "mismatch",
    "missing",
    "new",
    "ended",
)

DEFAULT_THRESHOLDS: MappingProxyType[str, int] = MappingProxyType(
    {
        "worse_years": 2,
        "execution_rate": 70,
        "swing": 30,
        "repeated": 3,
    }
)

#: Directions that, repeated, say a project is stuck (``repeated``).
REPEATED_DIRECTIONS: tuple[str, ...] = ("改善", "縮小", "休止")
#: Directions that ask for more money, and for less (``mismatch``).
MORE: tuple[str, ...] = ("拡充",)
LESS: tuple[str, ...] = ("縮小", "休止", "廃止")

_WHOLE = ("worse_years", "repeated")


@dataclass(frozen=True)
class Alert:
    """One thing that needs attention."""

    kind: str
    #: The indicator, budget link or measure concerned.
    object_id: str
    #: The fiscal year the alert is about (the last of a run).
    year: int
    #: The years of a run (``worse``, ``general-fund``, ``repeated``), or
    #: the two years compared (``swing``, ``mismatch``).
    years: tuple[int, ...] = ()
    #: The values of those years (actuals, budgets, shares in percent), or
    #: for ``execution`` the budget and the settlement.
    values: tuple[Decimal, ...] = ()
    #: ``execution``: the rate; ``swing``: the change, in percent.
    rate: Decimal | None = None
    #: ``repeated`` and ``mismatch``: the direction decided.
    direction: str = ""


def normalise_thresholds(value: Any) -> dict[str, int | float]:
    """``keikaku_alerts`` with every threshold, the defaults filled in.

    >>> normalise_thresholds({"swing": 50})["swing"], normalise_thresholds({})["repeated"]
    (50, 3)
    >>> normalise_thresholds({"worse_years": 1.5})
    Traceback (most recent call last):
    ...
    ValueError: worse_years = 1.5 is not a whole number of 1 or more; write such as 2
    """
    if not isinstance(value, Mapping):
        raise ValueError(_('write a dict such as {"execution_rate": 80, "swing": 50}'))
    result: dict[str, int | float] = dict(DEFAULT_THRESHOLDS)
    for key, number in value.items():
        if key not in DEFAULT_THRESHOLDS:
            raise ValueError(
                _("unknown threshold %r; the thresholds are: %s")
                % (key, ", ".join(DEFAULT_THRESHOLDS))
            )
        if key in _WHOLE:
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise ValueError(
                    _("%s = %r is not a whole number of 1 or more; write such as %d")
                    % (key, number, DEFAULT_THRESHOLDS[key])
                )
        elif (
            isinstance(number, bool)
            or not isinstance(number, (int, float))
            or not math.isfinite(number)
            or number < 0
        ):
            raise ValueError(
                _("%s = %r is not a percentage of 0 or more; write such as %d")
                % (key, number, DEFAULT_THRESHOLDS[key])
            )
        result[key] = number
    return result


def parse_kinds(text: str) -> tuple[list[str], list[str]]:
    """``:kinds:`` as (the known kinds, in the order of :data:`KINDS`; the
    unknown words as written).

    >>> parse_kinds("new, worse，nothing")
    (['worse', 'new'], ['nothing'])
    """
    words = [w.strip() for w in text.replace("，", ",").replace("、", ",").split(",")]
    wanted = {w.lower() for w in words if w}
    unknown = [w for w in words if w and w.lower() not in KINDS]
    return [kind for kind in KINDS if kind in wanted], unknown


@dataclass(frozen=True)
class _Scope:
    indicators: list[Indicator]
    links: list[BudgetLink]
    measures: list[Measure]


def _scope(plan: Plan, visions: Sequence[str], department: str) -> _Scope:
    if not visions and not department:
        return _Scope(
            plan.of_kind(Indicator), plan.of_kind(BudgetLink), plan.of_kind(Measure)
        )
    measures = select_measures(plan, visions, department)
    links = budget_links_of_measures(plan, select_measures(plan, visions))
    if department:
        # a project of another department under this department's measure is
        # that department's to explain
        links = [link for link in links if department_of(plan, link) == department]
    return _Scope(indicators_of_measures(plan, measures), links, measures)


def find_alerts(
    plan: Plan,
    thresholds: Mapping[str, int | float],
    evaluation_year: int | None,
    *,
    visions: Sequence[str] = (),
    department: str = "",
    kinds: Iterable[str] = KINDS,
) -> list[Alert]:
    """Every alert of *kinds* in the scope, by kind, then in document
    order. Without an evaluation year, ``missing``, ``new`` and ``ended``
    find nothing (they are about that year), and the other kinds look at
    every year; with one, at the years up to it (and the budget of the year
    after, for ``mismatch`` and ``swing``)."""
    scope = _scope(plan, visions, department)
    wanted = set(kinds)
    found: list[Alert] = []
    year = evaluation_year
    limit = Decimal(str(thresholds["execution_rate"]))
    for kind in KINDS:
        if kind not in wanted:
            continue
        if kind == "worse":
            run = int(thresholds["worse_years"])
            found += [a for i in scope.indicators for a in _worse(i, run, year)]
        elif kind == "execution":
            found += [a for link in scope.links for a in _execution(link, limit, year)]
        elif kind == "swing":
            swing = Decimal(str(thresholds["swing"]))
            found += [a for link in scope.links for a in _swing(link, swing, year)]
        elif kind == "general-fund":
            found += [a for link in scope.links for a in _general_fund(link, year)]
        elif kind in ("repeated", "mismatch"):
            objects: list[Measure | BudgetLink] = [*scope.measures, *scope.links]
            run = int(thresholds["repeated"])
            for obj in objects:
                directions = _directions(plan, obj.id, year)
                if kind == "repeated":
                    found += _repeated(obj.id, directions, run)
                else:
                    found += _mismatch(obj.id, directions, _budget_of(plan, obj))
        elif kind == "missing" and year is not None:
            found += [
                Alert("missing", i.id, year)
                for i in scope.indicators
                if is_measured(i, year) and year not in i.actual
            ]
        elif kind in ("new", "ended") and year is not None:
            for link in scope.links:
                budgeted = sorted(link.budget)
                if budgeted and budgeted[0 if kind == "new" else -1] == year:
                    found.append(Alert(kind, link.id, year))
    return found


def _worse(indicator: Indicator, run: int, year: int | None) -> list[Alert]:
    """The latest run of *run* years, each worse than the year before."""
    actuals = [
        (y, v)
        for y, v in sorted(indicator.actual.items())
        if isinstance(v, Decimal) and (year is None or y <= year)
    ]
    if len(actuals) < run + 1:
        return []
    last = actuals[-(run + 1) :]
    target = _final_target(indicator)
    for (_y1, before), (_y2, after) in pairwise(last):
        if not _is_worse(indicator.direction, before, after, target):
            return []
    return [
        Alert(
            "worse",
            indicator.id,
            last[-1][0],
            tuple(y for y, _v in last),
            tuple(v for _y, v in last),
        )
    ]


def _final_target(indicator: Indicator) -> Decimal | None:
    if not indicator.target:
        return None
    value = indicator.target[max(indicator.target)]
    return value if isinstance(value, Decimal) else None


def _is_worse(
    direction: str, before: Decimal, after: Decimal, target: Decimal | None
) -> bool:
    """Whether *after* is worse than *before* in *direction*.

    >>> _is_worse("up", Decimal(5), Decimal(4), None), _is_worse("down", Decimal(5), Decimal(4), None)
    (True, False)
    >>> _is_worse("keep", Decimal(100), Decimal(97), Decimal(100))
    True
    """
    if direction == "up":
        return after < before
    if direction == "down":
        return after > before
    if target is None:
        return False
    return abs(after - target) > abs(before - target)


def _execution(link: BudgetLink, limit: Decimal, year: int | None) -> list[Alert]:
    alerts: list[Alert] = []
    for y, budget in sorted(link.budget.items()):
        settled = link.settlement.get(y)
        if settled is None or not budget or (year is not None and y > year):
            continue
        rate = settled / budget * 100
        if rate < limit:
            alerts.append(
                Alert("execution", link.id, y, (y,), (budget, settled), rate=rate)
            )
    return alerts


def _swing(link: BudgetLink, swing: Decimal, year: int | None) -> list[Alert]:
    alerts: list[Alert] = []
    for y, after in sorted(link.budget.items()):
        before = link.budget.get(y - 1)
        if before is None or not before or (year is not None and y > year + 1):
            continue
        change = (after - before) / before * 100
        if abs(change) > swing:
            alerts.append(
                Alert("swing", link.id, y, (y - 1, y), (before, after), rate=change)
            )
    return alerts


def _general_fund(link: BudgetLink, year: int | None) -> list[Alert]:
    shares: dict[int, Decimal] = {}
    for y in funding_years(link):
        parts = split(link, y)
        total = sum(parts.values(), Decimal(0))
        if total and (year is None or y <= year):
            shares[y] = parts["funding_general"] / total * 100
    alerts: list[Alert] = []
    for y in sorted(shares):
        if y - 1 in shares and y - 2 in shares:
            run = (shares[y - 2], shares[y - 1], shares[y])
            if run[0] < run[1] < run[2]:
                alerts.append(Alert("general-fund", link.id, y, (y - 2, y - 1, y), run))
    return alerts[-1:]  # the latest run: the others are the same story


def _directions(plan: Plan, object_id: str, year: int | None) -> dict[int, str]:
    """The direction of each fiscal year's last-stage record of the object."""
    records = records_of(plan, object_id)
    result: dict[int, str] = {}
    for y in sorted({r.year for r in records if r.year is not None}):
        if year is not None and y > year:
            continue
        record = latest_record(records, y)
        if record is not None and record.direction:
            result[y] = record.direction.strip()
    return result


def _repeated(object_id: str, directions: dict[int, str], run: int) -> list[Alert]:
    """The latest run of *run* or more consecutive years with one of the
    :data:`REPEATED_DIRECTIONS`."""
    years = sorted(directions)
    best: list[int] = []
    current: list[int] = []
    for y in years:
        same = (
            current
            and current[-1] == y - 1
            and directions[current[-1]] == directions[y]
        )
        current = [*current, y] if same else [y]
        if directions[y] in REPEATED_DIRECTIONS and len(current) >= run:
            best = list(current)
    if not best:
        return []
    return [
        Alert(
            "repeated", object_id, best[-1], tuple(best), direction=directions[best[-1]]
        )
    ]


def _budget_of(plan: Plan, obj: Measure | BudgetLink) -> dict[int, Decimal]:
    if isinstance(obj, BudgetLink):
        return obj.budget
    total: dict[int, Decimal] = {}
    for link in plan.budget_links_of(obj.id):
        for y, amount in link.budget.items():
            total[y] = total.get(y, Decimal(0)) + amount
    return total


def _mismatch(
    object_id: str, directions: dict[int, str], budget: dict[int, Decimal]
) -> list[Alert]:
    alerts: list[Alert] = []
    for y, direction in sorted(directions.items()):
        before, after = budget.get(y), budget.get(y + 1)
        if before is None or after is None:
            continue
        if (direction in MORE and after < before) or (
            direction in LESS and after > before
        ):
            alerts.append(
                Alert(
                    "mismatch",
                    object_id,
                    y + 1,
                    (y, y + 1),
                    (before, after),
                    direction=direction,
                )
            )
    return alerts
