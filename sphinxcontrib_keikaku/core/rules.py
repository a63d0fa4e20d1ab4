"""The traceability rules: one documented list of warning subtypes.

Every problem keikaku reports is a Sphinx warning of type ``keikaku`` with one
of the subtypes below, in the style of myst-parser's ``MystWarnings``: the
member docstrings are the reference documentation, and the default severity
is declared beside each member so that it cannot drift from the docs.
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Literal

Severity = Literal["error", "warning", "off"]

#: The severities a rule can be given in ``keikaku_rules``.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "off")


class Rule(Enum):
    """A kind of plan defect, reported as ``keikaku.<value>``."""

    UNTRACED = "untraced"
    """A measure traces to no vision: it has no ``:vision:``."""

    UNMEASURED = "unmeasured"
    """A measure has no indicator: no ``indicator`` names it in ``:measure:``."""

    UNFUNDED = "unfunded"
    """A measure has no budget link: no ``budget-link`` names it in ``:measure:``."""

    ORPHAN = "orphan"
    """An indicator or a budget link traces to no measure: it has no ``:measure:``."""

    UNKNOWN_ID = "unknown-id"
    """A link (``:vision:``, ``:measure:``, ``:parent:``) names an id that does not
    exist, or an object of the wrong kind."""

    DUPLICATE_ID = "duplicate-id"
    """Two plan objects share an id (ignoring case), or a heading or label
    would take a plan object's anchor on its page (a warning: it moves aside)."""

    CYCLE = "cycle"
    """``:parent:`` links form a cycle."""

    VALUE = "value"
    """A number, fiscal year, period, direction, id or flag cannot be read."""

    INCOMPLETE = "incomplete"
    """An object lacks a required field (an ``:id:``, a title, an indicator's
    ``:target:``)."""

    PERIOD = "period"
    """A target or budget year lies outside the plan period (the object's own
    ``:period:`` or ``keikaku_plan_period``), or an indicator has an actual in
    a fiscal year its ``:measured:`` does not list."""

    DATA = "data"
    """A data file is missing, unreadable, or names an unknown id."""

    CONFIG = "config"
    """A ``keikaku_*`` setting is invalid."""

    UNEVALUATED = "unevaluated"
    """A measure has no evaluation record for a fiscal year in which the plan
    has records (``evaluation``, or an evaluation sheet) for other measures.
    A plan with no records at all gets no such warning."""

    CHART = "chart"
    """A chart cannot be drawn, or is drawn with a defect (a character that no
    chart font has is shown as an empty box), or charts are not drawn at all
    (matplotlib or matplotlib-fontja missing); or a ``plan-logic-model``
    with ``:engine: graphviz`` or a ``needflow`` diagram cannot be drawn
    (Graphviz's ``dot`` missing)."""

    FRAME = "frame"
    """The planned or budgeted total of a fiscal year (every budget link of
    the plan, each once) exceeds that year's ``keikaku_fiscal_frame``;
    reported at the setting's line of ``conf.py``."""

    UNREFLECTED = "unreflected"
    """An opinion answered 反映 or 一部反映 (a disposition that took it up)
    names no changed object (``:changed:``), or names one that is the same
    in ``keikaku_previous_plan`` as now."""
    LAYOUT = "layout"
    """A table cannot be printed within the width of the PDF's page: the
    least its columns need (their longest numbers, ids and Latin words, and a
    readable name column) is more than a line holds; reported at the
    directive that shows the table (LaTeX builds only)."""

    @property
    def default_severity(self) -> Severity:
        """The severity used when ``keikaku_rules`` does not name the rule."""
        return _DEFAULT_SEVERITY[self]

    @property
    def subtype(self) -> str:
        """The full name used in ``suppress_warnings``: ``keikaku.<value>``."""
        return f"keikaku.{self.value}"


_DEFAULT_SEVERITY: MappingProxyType[Rule, Severity] = MappingProxyType(
    {
        Rule.UNTRACED: "error",
        Rule.UNMEASURED: "error",
        Rule.UNFUNDED: "warning",
        Rule.ORPHAN: "error",
        Rule.UNKNOWN_ID: "error",
        Rule.DUPLICATE_ID: "error",
        Rule.CYCLE: "error",
        Rule.VALUE: "error",
        Rule.INCOMPLETE: "warning",
        Rule.PERIOD: "warning",
        Rule.DATA: "error",
        Rule.CONFIG: "error",
        Rule.CHART: "warning",
        Rule.UNEVALUATED: "warning",
        Rule.FRAME: "warning",
        Rule.UNREFLECTED: "warning",
        Rule.LAYOUT: "warning",
    }
)

#: Rule names as written in ``keikaku_rules`` and ``suppress_warnings``.
RULE_NAMES: MappingProxyType[str, Rule] = MappingProxyType(
    {rule.value: rule for rule in Rule}
)
