"""The settings of the evaluation year and the history (issue 14).

``keikaku_evaluation_year`` is declared here and joined into
:data:`.config.SETTINGS`; :func:`conflicts` checks it against
``keikaku_evaluation_basis`` once both are normalised (a year basis other
than the evaluation year is a ``keikaku.config`` finding; the evaluation
year wins, see :mod:`sphinxcontrib_keikaku.core.history`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.history import settings_conflict
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.confpy import from_command_line, line_of
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import (
    Setting,
    optional_fiscal_year,
)

if TYPE_CHECKING:
    from sphinx.config import Config

__all__ = ["HISTORY_SETTINGS", "conflicts", "normalise_evaluation_year"]


def normalise_evaluation_year(value: Any) -> int | None:
    """``None``, or a fiscal year written as ``2025``, ``"FY2025"``…"""
    return optional_fiscal_year(
        value,
        _(
            "write a fiscal year such as 2025 or 'R7', or None for the latest "
            "fiscal year with an actual"
        ),
    )


HISTORY_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_evaluation_year",
        default=None,
        types=(int, str, type(None)),
        help="The fiscal year the plan is evaluated as of: only actuals of that "
        "year and earlier count, and the evaluation tables say which year "
        "they show. ``None`` (the default) means the fiscal year given as "
        "``keikaku_evaluation_basis`` if that is a year, else the latest fiscal "
        "year with an actual. With a ``final`` or ``prorated`` basis the year "
        "only cuts the actuals off; a year basis must then be the same year "
        "(else ``keikaku.config``, and this setting wins). An indicator with "
        "``:measured:`` is *not measured* (評価対象外) as of a year it is not "
        "measured in.",
        normalise=normalise_evaluation_year,
        example='"R7"  # or 2025',
        rebuild="html",
    ),
)


def conflicts(config: Config, conf: Path) -> list[Finding]:
    """A year basis that disagrees with ``keikaku_evaluation_year``."""
    year = config.keikaku_evaluation_year
    basis = config.keikaku_evaluation_basis
    if not settings_conflict(year, basis):
        return []
    message = _(
        "keikaku_evaluation_year = %r and keikaku_evaluation_basis = %r name "
        "different fiscal years; the plan is evaluated as of %d against that "
        "year's targets. Set keikaku_evaluation_basis to 'final' or 'prorated', "
        "or leave keikaku_evaluation_year out"
    ) % (year, basis, year)
    if from_command_line(config, "keikaku_evaluation_year") or from_command_line(
        config, "keikaku_evaluation_basis"
    ):
        return [Finding(Rule.CONFIG, message)]
    line = line_of(conf, "keikaku_evaluation_year") if conf.is_file() else None
    return [Finding(Rule.CONFIG, message, path=str(conf), lineno=line)]
