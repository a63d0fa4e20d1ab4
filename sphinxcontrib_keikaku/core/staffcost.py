"""Staff time and full cost (人件費, トータルコスト) of a budget link.

A 事務事業評価 sheet counts what a project costs the city beyond its money:
the staff who carry it out. A budget link gives, per fiscal year, the
persons (``:staff:``, 正規職員従事人数) and the hours (``:hours:``,
延べ業務時間) spent on it; ``keikaku_staff_cost`` prices them in
``keikaku_amount_unit``, per hour (``per_hour``) or per person-year
(``per_person``). When both are given, a year with hours is priced by its
hours, a year with persons only by its persons (the 大船渡市 sheet: 人件費 =
延べ業務時間 × 4千円).

* staff cost (人件費) of a year = hours × ``per_hour``, else persons ×
  ``per_person``;
* total cost (トータルコスト) of a year = the settlement of that year where
  given, else its budget, plus its staff cost.

Without ``keikaku_staff_cost`` there is no staff cost and no total cost:
staff time is shown as time only (a total without the staff would look
complete and be wrong). Pure: no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Plan, fingerprint
from sphinxcontrib_keikaku.core.numbers import parse_number
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import PlanValueError

#: The budget-link options and data-file fields of staff time.
STAFF_FIELDS: tuple[str, ...] = ("staff", "hours")

#: The keys of ``keikaku_staff_cost``.
RATE_KEYS: tuple[str, ...] = ("per_hour", "per_person")


@dataclass(frozen=True)
class StaffRates:
    """The unit costs of ``keikaku_staff_cost``, in the amount unit."""

    per_hour: Decimal | None = None
    per_person: Decimal | None = None

    @property
    def given(self) -> bool:
        """Whether any unit cost is set (else there is no staff cost)."""
        return self.per_hour is not None or self.per_person is not None

    @classmethod
    def of(cls, setting: Mapping[str, Decimal]) -> StaffRates:
        """The rates of a normalised ``keikaku_staff_cost``."""
        return cls(setting.get("per_hour"), setting.get("per_person"))


def normalise_staff_cost(value: Any) -> dict[str, Decimal]:
    """``keikaku_staff_cost`` as ``{"per_hour": …, "per_person": …}``.

    >>> normalise_staff_cost({"per_hour": 4})
    {'per_hour': Decimal('4')}
    >>> normalise_staff_cost({"per_person": "8,000", "per_hour": 4.5})
    {'per_hour': Decimal('4.5'), 'per_person': Decimal('8000')}
    >>> normalise_staff_cost({"per_day": 30})
    Traceback (most recent call last):
    ...
    ValueError: unknown key 'per_day'; write per_hour and/or per_person, such as {"per_hour": 4}
    """
    if not isinstance(value, Mapping):
        raise ValueError(
            _('write a dict such as {"per_hour": 4} or {"per_person": 8000}')
        )
    result: dict[str, Decimal] = {}
    for key, amount in value.items():
        if key not in RATE_KEYS:
            raise ValueError(
                _(
                    'unknown key %r; write per_hour and/or per_person, such as {"per_hour": 4}'
                )
                % (key,)
            )
        if isinstance(amount, bool) or not isinstance(
            amount, (int, float, str, Decimal)
        ):
            raise ValueError(
                _("%s = %r is not an amount; write a number such as 4") % (key, amount)
            )
        try:
            number = parse_number(str(amount))
        except PlanValueError as err:
            raise ValueError(f"{key}: {err}") from None
        if number < 0:
            raise ValueError(
                _("%s = %r is negative; write the cost of one %s, 0 or more")
                % (key, amount, _("hour") if key == "per_hour" else _("person-year"))
            )
        result[key] = number
    return {key: result[key] for key in RATE_KEYS if key in result}


def has_staff_time(link: BudgetLink) -> bool:
    """Whether *link* gives persons or hours for any year."""
    return bool(link.staff or link.hours)


def staff_cost(link: BudgetLink, year: int, rates: StaffRates) -> Decimal | None:
    """人件費 of *year*: hours × per_hour, else persons × per_person; None
    when the year has no staff time the rates can price.

    >>> link = BudgetLink("B1", "t", "d", 1,
    ...     hours={2024: Decimal(1200)}, staff={2024: Decimal("0.5"), 2025: Decimal(2)})
    >>> staff_cost(link, 2024, StaffRates(per_hour=Decimal(4)))
    Decimal('4800')
    >>> staff_cost(link, 2025, StaffRates(per_hour=Decimal(4))) is None
    True
    >>> both = StaffRates(Decimal(4), Decimal(8000))
    >>> staff_cost(link, 2024, both), staff_cost(link, 2025, both)
    (Decimal('4800'), Decimal('16000'))
    """
    if rates.per_hour is not None and year in link.hours:
        return _plain(link.hours[year] * rates.per_hour)
    if rates.per_person is not None and year in link.staff:
        return _plain(link.staff[year] * rates.per_person)
    return None


def _plain(value: Decimal) -> Decimal:
    """*value* without the trailing zeros a product of decimals carries
    (0.25 × 8000 = 2000.00 is shown and exported as 2,000).

    >>> _plain(Decimal("2000.00")), _plain(Decimal("12.50"))
    (Decimal('2000'), Decimal('12.5'))
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def staff_costs(link: BudgetLink, rates: StaffRates) -> dict[int, Decimal]:
    """人件費 per fiscal year, for the years the rates can price."""
    result: dict[int, Decimal] = {}
    for year in sorted(set(link.staff) | set(link.hours)):
        cost = staff_cost(link, year, rates)
        if cost is not None:
            result[year] = cost
    return result


def total_costs(link: BudgetLink, rates: StaffRates) -> dict[int, Decimal]:
    """トータルコスト per fiscal year: settlement, else budget, plus 人件費;
    empty without rates (see the module's docstring).

    >>> link = BudgetLink("B1", "t", "d", 1,
    ...     budget={2024: Decimal(1000), 2025: Decimal(1100)},
    ...     settlement={2024: Decimal(950)}, hours={2024: Decimal(100), 2026: Decimal(50)})
    >>> total_costs(link, StaffRates(per_hour=Decimal(4)))
    {2024: Decimal('1350'), 2025: Decimal('1100'), 2026: Decimal('200')}
    >>> total_costs(link, StaffRates())
    {}
    """
    if not rates.given:
        return {}
    costs = staff_costs(link, rates)
    result: dict[int, Decimal] = {}
    for year in sorted(set(link.budget) | set(link.settlement) | set(costs)):
        money = link.settlement.get(year, link.budget.get(year, Decimal(0)))
        result[year] = money + costs.get(year, Decimal(0))
    return result


def unpriced_years(link: BudgetLink, rates: StaffRates) -> list[int]:
    """The years with staff time that *rates* (given) cannot price: hours
    without ``per_hour`` and no persons for ``per_person``, or persons
    without ``per_person``."""
    if not rates.given:
        return []
    return [
        year
        for year in sorted(set(link.staff) | set(link.hours))
        if staff_cost(link, year, rates) is None
    ]


def check_staff_time(
    plan: Plan, rates: StaffRates, written: set[str]
) -> Iterator[Finding]:
    """Findings on staff time: a negative count (``value``, or ``data``
    when a data file gave it; *written* as for
    :func:`~.funding.check_funding`), and, with rates, years the rates
    cannot price (``config``, a warning: the total cost of that year lacks
    its staff). Staff time without any rate is reported once per build by
    :func:`missing_rates`."""
    for link in plan.of_kind(BudgetLink):
        for name in STAFF_FIELDS:
            amounts: dict[int, Decimal] = getattr(link, name)
            negative = [year for year, value in sorted(amounts.items()) if value < 0]
            if negative:
                from_data = fingerprint(link) not in written
                yield Finding(
                    Rule.DATA if from_data else Rule.VALUE,
                    _(
                        "%s of %s is negative for fiscal year %s; write the "
                        "persons or hours spent, 0 or more"
                    )
                    % (f":{name}:", link.id, ", ".join(map(str, negative))),
                    link.docname,
                    link.lineno,
                    link.id,
                )
        unpriced = unpriced_years(link, rates)
        if unpriced:
            missing = "per_person" if rates.per_person is None else "per_hour"
            yield Finding(
                Rule.CONFIG,
                _(
                    "the staff time of %s for fiscal year %s has no unit cost "
                    "in keikaku_staff_cost, so its staff cost and total cost "
                    "leave it out; add %s to keikaku_staff_cost"
                )
                % (link.id, ", ".join(map(str, unpriced)), missing),
                link.docname,
                link.lineno,
                link.id,
                max_severity="warning",
            )


def missing_rates(plan: Plan, rates: StaffRates) -> Finding | None:
    """One finding when budget links give staff time and
    ``keikaku_staff_cost`` is not set: at the first such link, naming the
    setting and how many links give staff time."""
    if rates.given:
        return None
    timed = [link for link in plan.of_kind(BudgetLink) if has_staff_time(link)]
    if not timed:
        return None
    first = min(timed, key=lambda link: (link.docname, link.lineno))
    return Finding(
        Rule.CONFIG,
        _(
            "%d budget links (the first: %s) give staff time, but "
            "keikaku_staff_cost is not set, so staff time is shown as time "
            'only; set keikaku_staff_cost = {"per_hour": …} or '
            '{"per_person": …} in conf.py, in keikaku_amount_unit'
        )
        % (len(timed), first.id),
        first.docname,
        first.lineno,
        first.id,
        max_severity="warning",
    )
