"""The settings of evaluation records (施策評価・事務事業評価).

Declared here, joined into :data:`.config.SETTINGS`; the normalisers are in
:mod:`~sphinxcontrib_keikaku.core.evaluation_records` and
:mod:`~sphinxcontrib_keikaku.data.evaluation_sheets`.
"""

from __future__ import annotations

from typing import Any

from sphinxcontrib_keikaku.core import evaluation_records as records
from sphinxcontrib_keikaku.data import files as datafiles
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import (
    Setting,
    _wrapped,
    optional_fiscal_year,
)


def normalise_sheets_year(value: Any) -> int | None:
    """``None``, or a fiscal year written as ``2026``, ``"FY2026"``…"""
    return optional_fiscal_year(
        value,
        _(
            "write a fiscal year such as 2026 or 'R8', or None for the year "
            "after the evaluation year"
        ),
    )


RECORD_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_evaluation_stages",
        default=records.DEFAULT_STAGES,
        types=(list, tuple),
        help="The stages of the yearly evaluation, first first. ``:stage:`` "
        "of an ``evaluation`` names one of them (default: the first); "
        "``self``, ``internal`` and ``external`` name the default stages "
        "一次評価, 二次評価 and 外部評価.",
        normalise=_wrapped(records.normalise_stages),
        example='["一次評価", "二次評価", "最終評価", "外部評価"]',
        rebuild="html",
    ),
    Setting(
        name="keikaku_directions",
        default=records.DEFAULT_DIRECTIONS,
        types=(list, tuple),
        help="The directions an evaluation may decide for the next years "
        "(``:direction:`` of an ``evaluation``, the ``direction`` column of "
        "an evaluation sheet).",
        normalise=_wrapped(records.normalise_directions),
        example='["拡充", "継続", "見直し", "廃止"]',
        rebuild="html",
    ),
    Setting(
        name="keikaku_evaluation_files",
        default=(),
        types=(list, tuple, str),
        help="Evaluation sheets that departments fill in, relative to the "
        "source directory: CSV (UTF-8, UTF-8 with BOM or Shift_JIS) or Excel "
        "workbooks, one evaluation record per row, with the columns of, "
        "year, stage, grade, direction, evaluator, text (see the data-file "
        "reference). Their records count like ``evaluation`` directives.",
        normalise=_wrapped(datafiles.normalise_data_files),
        example='["data/evaluation-r6.xlsx"]',
        rebuild="html",
    ),
    Setting(
        name="keikaku_sheets_year",
        default=None,
        types=(int, str, type(None)),
        help="The fiscal year of the departments' workbooks that "
        "``sphinx-build -b keikaku-sheets`` writes (the year whose actuals, "
        "settlement and evaluation the departments fill in). ``None`` (the "
        "default) means the year after the evaluation year "
        "(``keikaku_evaluation_year``, else the latest fiscal year with an "
        "actual), else the first year of ``keikaku_plan_period``.",
        normalise=normalise_sheets_year,
        example='"R8"  # or 2026',
        rebuild="html",
    ),
)
