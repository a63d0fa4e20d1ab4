"""The ``evaluation`` directive: one evaluation record (施策評価・事務事業評価).

A record is a plan object like the other four (an id, a block, a hidden
sphinx-needs need of type ``evaluation`` linked to what it evaluates by
``evaluates``), read by :class:`EvaluationRecordDirective`. Its ``:id:`` may
be left out: it is then derived from ``:of:``, ``:year:`` and ``:stage:``
(:func:`~.core.evaluation_records.record_id`), and so is its title when the
directive has none. Like every option, the stage is kept as written; which
stage of ``keikaku_evaluation_stages`` it names, and whether the grade and
direction are in their lists, is decided after reading, against the
settings of each build (:mod:`.records`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinxcontrib_keikaku.core.evaluation_records import record_id
from sphinxcontrib_keikaku.core.model import EvaluationRecord, Kind, PlanObject
from sphinxcontrib_keikaku.core.naming import clean_text
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    check_id,
    format_fiscal_year,
    parse_fiscal_year,
)
from sphinxcontrib_keikaku.sphinxext.directives import (
    PlanObjectDirective,
    _Parser,
    option_line,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _

#: The options checked after reading (:mod:`.records`), against the settings.
_CHECKED_LATER = ("of", "year", "stage", "grade", "direction")


class EvaluationRecordDirective(PlanObjectDirective):
    """``evaluation``: one stage of one fiscal year's evaluation of a measure
    or a budget link, with its narrative as content."""

    kind = Kind.EVALUATION
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "id": directives.unchanged,
        "of": directives.unchanged,
        "year": directives.unchanged,
        "stage": directives.unchanged,
        "grade": directives.unchanged,
        "direction": directives.unchanged,
        "evaluator": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        self._derived = False
        derived = self._derive()
        if derived is not None:
            of, year = derived
            stage = " ".join(clean_text(str(self.options.get("stage") or "")).split())
            # the need's field holds the fiscal year, not its spelling
            self.options["year"] = str(year)
            if not str(self.options.get("id") or "").strip():
                self.options["id"] = record_id(of, year, stage)
                self._derived = True
            if not self.arguments:
                year_text = format_fiscal_year(year, language=self.config.language)
                self.arguments = [" ".join(filter(None, (of, year_text, stage)))]
        elif not self.arguments:
            # a title, so that the only problems reported are the real ones
            self.arguments = [_("Evaluation record")]
        return super().run()

    def read_id(self, raw_id: str) -> str:
        # a derived id holds a mark no written id may (RECORD_ID_MARK); it is
        # made of an id and a year that were read, so it is not read again
        return raw_id if self._derived else super().read_id(raw_id)

    def _derive(self) -> tuple[str, int] | None:
        """(of, year) when both can be read, without reporting:
        :meth:`make_object` reports what cannot."""
        try:
            of = check_id(clean_text(str(self.options.get("of") or "")))
            year = parse_fiscal_year(str(self.options.get("year") or ""))
        except PlanValueError:
            return None
        return of, year

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        if (
            not self._derived
            and not parser.text("id")
            and parser.problems
            and parser.problems[-1].rule is Rule.INCOMPLETE
        ):
            # the id is derived when :of: and :year: can be read; when they
            # cannot, that is what is reported, not the missing id
            parser.problems.pop()
        with self._at_option(parser, "of"):
            targets = parser.ids("of")
        if len(targets) > 1:
            parser.problem(
                Rule.VALUE,
                _(
                    ":of: of %s names %d objects; a record evaluates one: write "
                    "one record for each"
                )
                % (parser.label(), len(targets)),
            )
        with self._at_option(parser, "year"):
            year = parser.parsed("year", parse_fiscal_year, None)
        if not parser.text("year"):
            parser.problem(
                Rule.INCOMPLETE,
                _(
                    "evaluation record %s has no :year:; add the fiscal year "
                    "evaluated, such as ':year: R6'"
                )
                % parser.label(),
            )
        return EvaluationRecord(
            object_id,
            title,
            docname,
            self.lineno,
            of=targets[0] if targets else "",
            year=year,
            stage=" ".join(parser.text("stage").split()),
            grade=parser.text("grade"),
            direction=parser.text("direction"),
            evaluator=parser.text("evaluator"),
            text=clean_text("\n".join(self.content)).strip(),
            option_lines=tuple(
                (name, option_line(self.block_text, self.lineno, name))
                for name in _CHECKED_LATER
                if name in self.options
            ),
        )

    @contextmanager
    def _at_option(self, parser: _Parser, name: str) -> Iterator[None]:
        """Problems found while reading *name* located at its line."""
        lineno = parser.lineno
        parser.lineno = option_line(self.block_text, self.lineno, name)
        try:
            yield
        finally:
            parser.lineno = lineno
