"""Funding sources (財源内訳) of a budget link, and their sum check.

A project's cost is paid from five sources, as a 事務事業評価 sheet lists
them: 国庫支出金, 県支出金, 地方債, その他 (特定財源) and 一般財源. Each is a
year–amount list of its own on :class:`~.model.BudgetLink` (the directive
options ``:funding-national:`` … and the data-file fields
``funding_national`` …), so that a data file row and a directive option
are read and overridden like ``budget`` and ``settlement``.

The split of a fiscal year must add up to the project's cost of that year:
its budget (当初予算), or, for a year without a budget, its planned cost
(計画額). A split that does not is reported: ``value`` when every amount
was written in the directive, ``data`` when a data file gave one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Plan
from sphinxcontrib_keikaku.core.numbers import format_number
from sphinxcontrib_keikaku.core.rules import Rule


@dataclass(frozen=True)
class Source:
    """One funding source: its field, option, and the words for it."""

    #: The :class:`~.model.BudgetLink` attribute and the data-file field.
    field: str
    #: The directive option.
    option: str
    #: The label of tables (Japanese, the words of the budget book).
    label_ja: str
    #: The label of tables in English.
    label_en: str
    #: Further words a data file may write in its field cell.
    aliases: tuple[str, ...]


#: The sources in the order a 事務事業評価 sheet lists them.
SOURCES: tuple[Source, ...] = (
    Source(
        "funding_national",
        "funding-national",
        "国庫支出金",
        "National treasury",
        ("国庫支出金", "国庫補助金", "国支出金"),
    ),
    Source(
        "funding_prefectural",
        "funding-prefectural",
        "県支出金",
        "Prefecture",
        ("県支出金", "都道府県支出金", "都支出金", "道支出金", "府支出金"),
    ),
    Source(
        "funding_bonds",
        "funding-bonds",
        "地方債",
        "Local bonds",
        ("地方債", "市債", "町債", "村債"),
    ),
    Source(
        "funding_other",
        "funding-other",
        "その他",
        "Other",
        ("その他", "その他特定財源"),
    ),
    Source(
        "funding_general",
        "funding-general",
        "一般財源",
        "General revenue",
        ("一般財源",),
    ),
)

#: The directive options of the sources.
FUNDING_OPTIONS: tuple[str, ...] = tuple(source.option for source in SOURCES)

#: The budget-link options this feature adds: ``:plan:`` and the sources.
AMOUNT_OPTIONS: tuple[str, ...] = ("plan", *FUNDING_OPTIONS)

#: The data-file and model field of every source.
FUNDING_FIELDS: tuple[str, ...] = tuple(source.field for source in SOURCES)


def funding_of(link: BudgetLink) -> dict[str, dict[int, Decimal]]:
    """Each source's amounts per fiscal year (empty lists included)."""
    return {source.field: getattr(link, source.field) for source in SOURCES}


def funding_years(link: BudgetLink) -> list[int]:
    """The fiscal years for which any source is given, in order."""
    return sorted({year for amounts in funding_of(link).values() for year in amounts})


def split(link: BudgetLink, year: int) -> dict[str, Decimal]:
    """The split of *year*: every source's amount, 0 where not given."""
    return {
        source.field: getattr(link, source.field).get(year, Decimal(0))
        for source in SOURCES
    }


def has_funding(links: Iterable[BudgetLink]) -> bool:
    return any(funding_years(link) for link in links)


def cost_of(link: BudgetLink, year: int) -> tuple[str, Decimal] | None:
    """What the split of *year* must add up to: ``("budget", amount)``, else
    ``("plan", amount)``, else None (nothing to check against)."""
    if year in link.budget:
        return "budget", link.budget[year]
    if year in link.plan:
        return "plan", link.plan[year]
    return None


def check_funding(plan: Plan, written: set[str]) -> Iterator[Finding]:
    """A finding for every fiscal year whose split does not add up.

    *written* holds the fingerprints of the objects as their directives
    wrote them: an object whose fingerprint is not among them took values
    from a data file, and its finding is ``data`` (a data file is where
    the amounts came from), else ``value``."""
    from sphinxcontrib_keikaku.core.model import fingerprint

    for link in plan.of_kind(BudgetLink):
        for year in funding_years(link):
            cost = cost_of(link, year)
            if cost is None:
                continue
            basis, amount = cost
            parts = sum(split(link, year).values(), Decimal(0))
            if parts == amount:
                continue
            from_data = fingerprint(link) not in written
            what = _("budget") if basis == "budget" else _("planned cost")
            message = _(
                "the funding sources of %s for fiscal year %d add up to %s, "
                "but its %s is %s; correct the :funding-…: options (or the "
                "funding fields of the data file) so that they add up, putting "
                "the rest in :funding-general: (一般財源)"
            ) % (link.id, year, format_number(parts), what, format_number(amount))
            yield Finding(
                Rule.DATA if from_data else Rule.VALUE,
                message,
                link.docname,
                link.lineno,
                link.id,
            )
