"""The four plan-object directives: ``vision``, ``measure``, ``indicator``,
``budget-link``.

Each directive parses its options once into a typed :class:`~.model.PlanObject`
(problems become findings kept with the object, reported by the check pass
on every build), registers the object as a sphinx-needs need, and emits a
compact block: a header, the body, and placeholders that are filled in from
the whole plan at resolve time (navigation, value tables).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.flags import parse_flag
from sphinxcontrib_keikaku.core.funding import AMOUNT_OPTIONS
from sphinxcontrib_keikaku.core.history import parse_measured
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Kind,
    Measure,
    PlanObject,
    Vision,
    fingerprint,
)
from sphinxcontrib_keikaku.core.naming import clean_text, describe_object, kind_label
from sphinxcontrib_keikaku.core.planfile import parse_serves
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.staffcost import STAFF_FIELDS
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    parse_direction,
    parse_id_list,
    parse_period,
    parse_year_value,
    parse_year_values,
    read_year_values,
    shorten,
)
from sphinxcontrib_keikaku.sphinxext import needs_bridge
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_object, plan_part, plan_title
from sphinxcontrib_keikaku.sphinxext.translation import translate_object

if TYPE_CHECKING:
    from decimal import Decimal

    from sphinxcontrib_keikaku.core.values import Value

T = TypeVar("T")


def repeated_options(block_text: str) -> list[str]:
    """Options written twice in a directive's text.

    docutils reports them for reStructuredText; myst-parser silently keeps
    the last, so keikaku reports them for both.
    """
    seen: set[str] = set()
    repeated: list[str] = []
    lines = block_text.splitlines()[1:]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            break  # the options end at the first blank line
        match = re.match(r":([A-Za-z][\w-]*):", stripped)
        if match is None:
            break
        name = match.group(1)
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


def option_line(block_text: str, lineno: int, name: str) -> int:
    """The line of the option *name* in a directive starting at *lineno*
    (the directive's own line if the option is not written there)."""
    for offset, line in enumerate(block_text.splitlines()[1:], 1):
        stripped = line.strip()
        if not stripped:
            break
        if stripped.startswith(f":{name}:"):
            return lineno + offset
    return lineno


def yes_no(argument: str | None) -> str:
    """The ``option_spec`` converter of a flag option: the text as written,
    read by :func:`~.core.flags.parse_flag` in the directive, so that a
    value no flag takes is a ``keikaku.value`` finding at its line in
    reStructuredText and MyST alike (``directives.flag`` refuses any value
    in reStructuredText, and MyST reads ``false`` as on)."""
    return "" if argument is None else argument


def read_flag(
    directive: SphinxDirective, name: str, subject: str, object_id: str | None = None
) -> tuple[bool, Finding | None]:
    """Whether the flag option *name* of *directive* is on, and the finding
    if its value cannot be read (the flag is then off)."""
    if name not in directive.options:
        return False, None
    raw = directive.options[name]
    try:
        return parse_flag(raw), None
    except PlanValueError as err:
        return False, Finding(
            Rule.VALUE,
            _(":%s: of %s cannot be read: %s") % (name, subject, err),
            directive.env.docname,
            option_line(directive.block_text, directive.lineno, name),
            object_id,
        )


class _Parser:
    """Reads one directive's options, collecting problems instead of raising."""

    def __init__(self, options: dict[str, Any], docname: str, lineno: int) -> None:
        self.options = options
        self.docname = docname
        self.lineno = lineno
        self.object_id: str | None = None
        self.problems: list[Finding] = []

    def problem(self, rule: Rule, message: str) -> None:
        self.problems.append(
            Finding(rule, message, self.docname, self.lineno, self.object_id)
        )

    def text(self, name: str) -> str:
        return clean_text(str(self.options.get(name) or "")).strip()

    def ids(self, name: str) -> tuple[str, ...]:
        """The ids option *name* names; unreadable ones are reported and left
        out, so that nothing downstream ever sees a malformed id."""
        result: list[str] = []
        nothing: list[str] = []
        for raw in self.parsed(name, parse_id_list, nothing):
            try:
                result.append(check_id(raw))
            except PlanValueError as err:
                self.problem(
                    Rule.VALUE,
                    _(":%s: of %s cannot be read: %s") % (name, self.label(), err),
                )
        return tuple(result)

    def parsed(self, name: str, parse: Callable[[str], T], default: T) -> T:
        """The option *name* parsed by *parse*, or *default* if unreadable."""
        raw = self.text(name)
        if not raw:
            return default
        try:
            return parse(raw)
        except PlanValueError as err:
            self.problem(
                Rule.VALUE,
                _(":%s: of %s cannot be read: %s") % (name, self.label(), err),
            )
            return default

    def label(self) -> str:
        return self.object_id or _("(no id)")

    def year_values(self, name: str, *, allow_text: bool) -> dict[int, Value]:
        """The readable pairs of the year–value list *name*; the unreadable
        pairs are reported (all of them, in one problem) and left out."""
        raw = self.text(name)
        if not raw:
            return {}
        values, errors = read_year_values(raw, allow_text=allow_text)
        if errors:
            # one problem per option, naming every unreadable pair
            self.problem(
                Rule.VALUE,
                _(":%s: of %s cannot be read: %s")
                % (name, self.label(), "; ".join(map(str, errors))),
            )
        return values

    def amounts(self, name: str) -> dict[int, Decimal]:
        # without text, every value read is a number
        return cast("dict[int, Decimal]", self.year_values(name, allow_text=False))


class PlanObjectDirective(SphinxDirective):
    """Common behaviour of the four object directives."""

    kind: ClassVar[Kind]
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        parser = _Parser(self.options, docname, self.lineno)
        title = (
            clean_text(" ".join(self.arguments[0].split())) if self.arguments else ""
        )
        for name in repeated_options(self.block_text):
            parser.problem(
                Rule.VALUE,
                _(":%s: is given twice; write it once (the last value is used)") % name,
            )
        raw_id = parser.text("id")
        object_id: str | None = None
        if not raw_id:
            parser.problem(
                Rule.INCOMPLETE,
                _("%s %r has no :id:; add :id: with an id unique in the plan")
                % (kind_label(self.kind), title),
            )
        else:
            try:
                object_id = self.read_id(raw_id)
            except PlanValueError as err:
                parser.problem(
                    Rule.VALUE, _(":id: %r cannot be used: %s") % (shorten(raw_id), err)
                )
        parser.object_id = object_id
        if not title:
            parser.problem(
                Rule.INCOMPLETE,
                _("%s %s has no title; write it after the directive name")
                % (kind_label(self.kind), parser.label()),
            )

        obj = self.make_object(parser, object_id or "", title, docname)
        obj.problems = parser.problems
        # in the build's language before it is stored (issue 18)
        messages = translate_object(self, obj)
        title = obj.title
        fingerprint(obj)  # here, in the reader's process: it runs in parallel

        block = plan_object(
            classes=["keikaku-object", f"keikaku-{self.kind.value}"],
            kind=self.kind.value,
        )
        self.set_source_info(block)
        header = plan_title()
        header += nodes.inline("", kind_label(self.kind), classes=["keikaku-kind"])
        header += nodes.Text(" ")
        if object_id:
            header += nodes.inline("", object_id, classes=["keikaku-id"])
            header += nodes.Text(" ")
        header += nodes.strong("", title, classes=["keikaku-title"])
        block += header
        block += messages

        domain = get_domain(self.env)
        if object_id:
            block["ids"] = [object_id]
            block += plan_part(
                object_id=object_id, part="head", docname=docname, lineno=self.lineno
            )
            domain.add_object(obj)
            domain.note_plan_page(docname, whole_plan=False)
            problem = needs_bridge.add_need(self, obj, "\n".join(self.content))
            if problem:
                parser.problem(Rule.VALUE, problem)
        else:
            # An object without a usable id cannot be linked or checked as a
            # whole; its problems are still reported by the check pass.
            domain.add_object(obj)

        if self.content:
            body = nodes.container(classes=["keikaku-body"])
            self.state.nested_parse(self.content, self.content_offset, body)
            block += body
        if object_id:
            block += plan_part(
                object_id=object_id, part="tail", docname=docname, lineno=self.lineno
            )
        return [block]

    def read_id(self, raw_id: str) -> str:
        """The id *raw_id* written in ``:id:`` (raises PlanValueError)."""
        return check_id(raw_id)

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        raise NotImplementedError

    def flag(self, parser: _Parser, name: str) -> bool:
        """The flag option *name*: on, off, or unreadable (reported, off)."""
        on, problem = read_flag(self, name, parser.label(), parser.object_id)
        if problem is not None:
            parser.problems.append(problem)
        return on

    def base_fields(self, parser: _Parser) -> dict[str, Any]:
        return {
            "parents": parser.ids("parent"),
            "period": parser.parsed("period", parse_period, None),
            "department": parser.text("department"),
        }


class VisionDirective(PlanObjectDirective):
    """``vision``: 将来像, 基本目標, 政策; nested by ``:parent:``."""

    kind = Kind.VISION
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "parent": directives.unchanged,
        "period": directives.unchanged,
        "serves": directives.unchanged,
    }

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        return Vision(
            object_id,
            title,
            docname,
            self.lineno,
            serves=_serves(parser),
            **self.base_fields(parser),
        )


class MeasureDirective(PlanObjectDirective):
    """``measure``: a 施策 serving one or more visions."""

    kind = Kind.MEASURE
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "vision": directives.unchanged,
        "parent": directives.unchanged,
        "department": directives.unchanged,
        "period": directives.unchanged,
        "serves": directives.unchanged,
    }

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        return Measure(
            object_id,
            title,
            docname,
            self.lineno,
            visions=parser.ids("vision"),
            serves=_serves(parser),
            **self.base_fields(parser),
        )


def _serves(parser: _Parser) -> tuple[str, ...]:
    """``:serves:``: the ``name:ID`` entries; checked against the external
    plans once the whole plan is read (:mod:`.external`)."""
    entries, errors = parse_serves(parser.text("serves"))
    for error in errors:
        parser.problem(
            Rule.VALUE,
            _(":%s: of %s cannot be read: %s") % ("serves", parser.label(), error),
        )
    return entries


def _values(allow_text: bool) -> Callable[[str], dict[int, Value]]:
    def parse(raw: str) -> dict[int, Value]:
        return parse_year_values(raw, allow_text=allow_text)

    return parse


def _kind(raw: str) -> str:
    value = raw.strip().lower()
    aliases = {
        "outcome": "outcome",
        "成果": "outcome",
        "成果指標": "outcome",
        "output": "output",
        "活動": "output",
        "活動指標": "output",
    }
    if value not in aliases:
        raise PlanValueError(
            _(
                "%r is not an indicator kind; write outcome (成果指標) or output (活動指標)"
            )
            % shorten(raw)
        )
    return aliases[value]


class IndicatorDirective(PlanObjectDirective):
    """``indicator``: a 成果指標 judging one or more measures."""

    kind = Kind.INDICATOR
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "measure": directives.unchanged,
        "unit": directives.unchanged,
        "direction": directives.unchanged,
        "baseline": directives.unchanged,
        "target": directives.unchanged,
        "actual": directives.unchanged,
        "estimate": directives.unchanged,
        "source": directives.unchanged,
        "kind": directives.unchanged,
        "cumulative": yes_no,
        "measured": directives.unchanged,
    }

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        target = parser.year_values("target", allow_text=True)
        if not parser.text("target"):
            parser.problem(
                Rule.INCOMPLETE,
                _("%s has no :target:; add one such as ':target: 2027: 21'")
                % describe_object(Kind.INDICATOR, object_id, title),
            )
        return Indicator(
            object_id,
            title,
            docname,
            self.lineno,
            measures=parser.ids("measure"),
            unit=parser.text("unit"),
            direction=parser.parsed("direction", parse_direction, "up"),
            baseline=parser.parsed(
                "baseline", lambda raw: parse_year_value(raw, allow_text=True), None
            ),
            target=target,
            actual=parser.year_values("actual", allow_text=True),
            estimate=parser.year_values("estimate", allow_text=True),
            source=parser.text("source"),
            indicator_kind=parser.parsed("kind", _kind, "outcome"),
            cumulative=self.flag(parser, "cumulative"),
            measured=parser.parsed("measured", parse_measured, ()),
        )


class BudgetLinkDirective(PlanObjectDirective):
    """``budget-link``: a 予算事業 carrying out one or more measures."""

    kind = Kind.BUDGET_LINK
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "measure": directives.unchanged,
        "code": directives.unchanged,
        "account": directives.unchanged,
        "department": directives.unchanged,
        "budget": directives.unchanged,
        "settlement": directives.unchanged,
        **dict.fromkeys(AMOUNT_OPTIONS, directives.unchanged),
        # staff time (core.staffcost): persons and hours per fiscal year
        **dict.fromkeys(STAFF_FIELDS, directives.unchanged),
    }

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        # :plan: and the funding sources (core.funding), as model fields
        more: dict[str, Any] = {
            n.replace("-", "_"): parser.amounts(n)
            for n in (*AMOUNT_OPTIONS, *STAFF_FIELDS)
        }
        return BudgetLink(
            object_id,
            title,
            docname,
            self.lineno,
            department=parser.text("department"),
            measures=parser.ids("measure"),
            code=parser.text("code"),
            account=parser.text("account"),
            budget=parser.amounts("budget"),
            settlement=parser.amounts("settlement"),
            **more,
        )


DIRECTIVES: MappingProxyType[Kind, type[PlanObjectDirective]] = MappingProxyType(
    {
        Kind.VISION: VisionDirective,
        Kind.MEASURE: MeasureDirective,
        Kind.INDICATOR: IndicatorDirective,
        Kind.BUDGET_LINK: BudgetLinkDirective,
    }
)
