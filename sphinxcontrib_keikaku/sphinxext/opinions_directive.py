"""The ``opinion`` directive (市民の声) and ``plan-opinions``.

An opinion is a plan object like the others (an id, a block, a hidden
sphinx-needs need of type ``opinion`` linked by ``about`` and ``changed``).
Its ``:id:`` may be left out: it is then ``O-<channel>-<n>``, the *n*-th
opinion without an id of that channel on the page, the channel coded by
its text alone (:func:`~.core.opinions.channel_code`: ``1``–``5`` for the
default channels).
The channel, disposition and district are kept as written and checked after
reading, against the settings of each build (:mod:`.opinions`).

``plan-opinions`` leaves a ``plan_table`` placeholder, filled in at resolve
time by :mod:`sphinxcontrib_keikaku.output.opinions`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar, cast

from docutils import nodes
from docutils.parsers.rst import directives

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import Kind, PlanObject
from sphinxcontrib_keikaku.core.naming import clean_text
from sphinxcontrib_keikaku.core.opinions import (
    Opinion,
    channel_code,
    opinion_id,
    parse_count,
    parse_date,
    read_choice,
    split_names,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.texts import PlanValueError
from sphinxcontrib_keikaku.sphinxext.directives import (
    PlanObjectDirective,
    _Parser,
    option_line,
)
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.presentation import PlanTableDirective

T = TypeVar("T")

#: The options checked after reading (:mod:`.opinions`), against the settings.
_CHECKED_LATER = ("channel", "disposition", "district", "about", "changed")
#: Where the order of a page's opinions without an id is counted while the
#: page is read (Sphinx clears ``temp_data`` after each document).
_ORDER_KEY = "keikaku_opinion_order"
#: The groupings of ``plan-opinions`` (``:by:``).
GROUPINGS = ("structure", "channel", "district")


class OpinionDirective(PlanObjectDirective):
    """``opinion``: a citizen's opinion (its summary as the title), the
    city's answer as content."""

    kind = Kind.OPINION
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "channel": directives.unchanged,
        "date": directives.unchanged,
        "district": directives.unchanged,
        "about": directives.unchanged,
        "count": directives.unchanged,
        "disposition": directives.unchanged,
        "changed": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        if not clean_text(str(self.options.get("id") or "")).strip():
            channel = clean_text(str(self.options.get("channel") or ""))
            code = channel_code(channel)
            order = cast(
                "dict[str, int]", self.env.temp_data.setdefault(_ORDER_KEY, {})
            )
            order[code] = order.get(code, 0) + 1
            self.options["id"] = opinion_id(channel, order[code])
        return super().run()

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        return Opinion(
            object_id,
            title,
            docname,
            self.lineno,
            channel=" ".join(parser.text("channel").split()),
            date=self._at_option(parser, "date", parse_date, ""),
            district=" ".join(parser.text("district").split()),
            about=parser.ids("about"),
            count=self._at_option(parser, "count", parse_count, 1),
            disposition=" ".join(parser.text("disposition").split()),
            changed=parser.ids("changed"),
            text=clean_text("\n".join(self.content)).strip(),
            option_lines=tuple(
                (name, option_line(self.block_text, self.lineno, name))
                for name in _CHECKED_LATER
                if name in self.options
            ),
        )

    def _at_option(
        self, parser: _Parser, name: str, parse: Callable[[str], T], default: T
    ) -> T:
        """The option *name* parsed, a problem located at its own line."""
        lineno = parser.lineno
        parser.lineno = option_line(self.block_text, self.lineno, name)
        try:
            return parser.parsed(name, parse, default)
        finally:
            parser.lineno = lineno


def _as_written(text: str | None) -> str:
    return text or ""


class PlanOpinionsDirective(PlanTableDirective):
    """``plan-opinions``: 意見の概要と市の考え方, grouped by ``:by:``
    (``structure``, ``channel`` or ``district``), filtered by ``:channel:``,
    ``:disposition:`` and ``:vision:``, with the counts per disposition."""

    table = "opinions"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "by": _as_written,
        "channel": directives.unchanged,
        "disposition": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        by = " ".join(str(self.options.get("by") or "structure").split())
        if by not in GROUPINGS:
            get_domain(self.env).add_problem(
                Finding(
                    Rule.VALUE,
                    _(
                        ":by: of plan-opinions cannot be read: %r is not a grouping; "
                        "write structure, channel or district (structure is used)"
                    )
                    % by,
                    self.env.docname,
                    option_line(self.block_text, self.lineno, "by"),
                )
            )
            by = "structure"
        self.options["by"] = by
        for problem in self._filter_problems():
            get_domain(self.env).add_problem(problem)
        # :by: is read here: the plan-wide tables' own reader of :by: is the
        # budget table's (vision, department, account)
        return super().run()

    def _filter_problems(self) -> list[Finding]:
        """``:channel:`` and ``:disposition:`` filters naming nothing in their
        settings: a filter that matches no opinion must not pass for an
        empty result."""
        config = self.config
        found: list[Finding] = []
        for name, allowed, what in (
            (
                "channel",
                list(config.keikaku_opinion_channels),
                _("a channel of keikaku_opinion_channels"),
            ),
            (
                "disposition",
                [n for pair in config.keikaku_dispositions for n in pair],
                _("a disposition of keikaku_dispositions"),
            ),
        ):
            for written in split_names(str(self.options.get(name) or "")):
                try:
                    read_choice(written, allowed, what)
                except PlanValueError as err:
                    found.append(
                        Finding(
                            Rule.VALUE,
                            _(":%s: of %s cannot be read: %s") % (name, self.name, err),
                            self.env.docname,
                            option_line(self.block_text, self.lineno, name),
                        )
                    )
        return found


OPINION_DIRECTIVES: MappingProxyType[str, type[PlanTableDirective]] = MappingProxyType(
    {
        "plan-opinions": PlanOpinionsDirective,
    }
)
