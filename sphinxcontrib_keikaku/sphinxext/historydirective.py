"""``plan-history``: each measure's grades across the fiscal years.

Like every presentation directive it leaves a
:class:`~.nodes.plan_table` placeholder (table ``history``) and marks its
page as showing the whole plan; the table is computed at resolve time
(:mod:`sphinxcontrib_keikaku.output.tables.history`), so editing an actual
anywhere, in a page or a data file, rewrites it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar

from sphinxcontrib_keikaku.sphinxext.directives import yes_no
from sphinxcontrib_keikaku.sphinxext.history import period_text
from sphinxcontrib_keikaku.sphinxext.presentation import PlanTableDirective

__all__ = ["HISTORY_DIRECTIVES", "HistoryDirective"]


class HistoryDirective(PlanTableDirective):
    """``plan-history``: options ``:vision:``, ``:department:``,
    ``:years:`` (a period such as ``R6-R9``), ``:indicators:`` (a row per
    indicator too), ``:no-chart:`` and ``:caption:``."""

    table = "history"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "years": period_text,
        "indicators": yes_no,
        "no-chart": yes_no,
    }


#: The directives of this feature, registered beside the other tables.
HISTORY_DIRECTIVES: MappingProxyType[str, type[PlanTableDirective]] = MappingProxyType(
    {
        "plan-history": HistoryDirective,
    }
)
