"""``sphinx-build -b keikaku-sheets SRC OUT``: the departments' workbooks.

As ``-b gettext`` writes templates for translators, this builder writes one
XLSX workbook per department for the fiscal year ``keikaku_sheets_year``
(default: the year after the evaluation year), laid out by
:mod:`~sphinxcontrib_keikaku.data.sheets_layout`, and nothing else.  The
departments fill them in and the planning office names the returned files
in ``keikaku_data_files`` and ``keikaku_evaluation_files``, unedited.

Every sheet but 記入要領 is protected without a password: the header, the
ids and the reference columns are locked, the cells to fill in are not, so
a department cannot break what the readers rely on by accident, yet can
lift the protection when it has to.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from sphinxcontrib_keikaku.core.asof import evaluation_year
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import Plan
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.data.sheets_layout import (
    MARK,
    SHEET_GUIDE,
    SheetLayout,
    SheetSettings,
    WorkbookLayout,
    layout_workbooks,
)
from sphinxcontrib_keikaku.sphinxext.apps import app_of
from sphinxcontrib_keikaku.sphinxext.hooks import get_plan
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.reporting import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["SheetsBuilder", "setup_sheets_builder", "sheets_year"]

logger = logging.getLogger(__name__)

# Excel refuses a list validation longer than 255 characters, and a comma
# inside a value would split it: such a list is left to the reader's check.
_LIST_LIMIT = 255
# The header's fill, so that the locked header looks different from the
# white cells to fill in.
_HEADER_FILL = "DDEBF7"
_LOCKED_FILL = "F2F2F2"


class SheetsBuilder(Builder):
    """Writes ``OUT/<department>.xlsx`` for every department of the plan."""

    name = "keikaku-sheets"
    format = "xlsx"
    epilog = _("The departments' workbooks are in %(outdir)s.")
    allow_parallel = True

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> Iterator[str]:
        # The workbooks depend on the whole plan: always written afresh.
        yield from self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        # No page is written: the plan is complete once read (env-updated).
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        plan = get_plan(self.env)
        app = app_of(self.env)
        config = self.config
        settings = SheetSettings(
            year=sheets_year(config, plan),
            grades=tuple(label for label, _minimum in config.keikaku_grades),
            stages=tuple(config.keikaku_evaluation_stages),
            directions=tuple(config.keikaku_directions),
            year_style=config.keikaku_year_style,
            amount_unit=config.keikaku_amount_unit,
        )
        outdir = Path(self.outdir)
        for book in layout_workbooks(plan, settings):
            target = outdir / book.filename
            try:
                _write(book, target)
            except OSError as err:
                report(
                    app,
                    Finding(
                        Rule.DATA,
                        _(
                            "cannot write the workbook %s (%s): close it if it "
                            "is open in Excel, and check that the output "
                            "folder can be written"
                        )
                        % (target, err),
                        path=str(target),
                    ),
                )
                continue
            logger.info(_("written %s"), target)


def sheets_year(config: Config, plan: Plan) -> int:
    """``keikaku_sheets_year``, else the year after the evaluation year,
    else the plan period's first year, else the current fiscal year."""
    if config.keikaku_sheets_year is not None:
        return int(config.keikaku_sheets_year)
    year = evaluation_year(
        plan, config.keikaku_evaluation_year, config.keikaku_evaluation_basis
    )
    if year is not None:
        return year + 1
    if config.keikaku_plan_period:
        return int(config.keikaku_plan_period[0])
    today = datetime.date.today()
    # A Japanese fiscal year begins in April.
    return today.year if today.month >= 4 else today.year - 1


def _write(book: WorkbookLayout, target: Path) -> None:
    # openpyxl ships no type hints (see data/formats.py).
    openpyxl: Any = importlib.import_module("openpyxl")
    styles: Any = importlib.import_module("openpyxl.styles")
    validation: Any = importlib.import_module("openpyxl.worksheet.datavalidation")
    utils: Any = importlib.import_module("openpyxl.utils")
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.keywords = MARK
    workbook.properties.title = book.department
    unlocked = styles.Protection(locked=False)
    header_fill = styles.PatternFill("solid", fgColor=_HEADER_FILL)
    locked_fill = styles.PatternFill("solid", fgColor=_LOCKED_FILL)
    bold = styles.Font(bold=True)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    for layout in book.sheets:
        sheet = workbook.create_sheet(layout.name)
        sheet.append(list(layout.header))
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = header_fill
        for row in layout.rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    # openpyxl takes such a text for a formula: a title such
                    # as "=HYPERLINK(…)" must stay text, never run in Excel.
                    cell.data_type = "s"
        last = len(layout.rows) + 1
        for number in range(2, last + 1):
            for index in range(len(layout.header)):
                cell = sheet.cell(row=number, column=index + 1)
                if index in layout.inputs:
                    cell.protection = unlocked
                    cell.alignment = wrap
                else:
                    cell.fill = locked_fill
        for index, width in enumerate(layout.widths):
            sheet.column_dimensions[utils.get_column_letter(index + 1)].width = width
        for index, choices in _lists(layout):
            letter = utils.get_column_letter(index + 1)
            rule = validation.DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
            )
            rule.add(f"{letter}2:{letter}{max(last, 2)}")
            sheet.add_data_validation(rule)
        sheet.freeze_panes = "B2"
        # No password: the protection guards against slips, not people.
        sheet.protection.sheet = True
        # Widening a column or heightening a row for a long text is no slip.
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
    guide = workbook.create_sheet(SHEET_GUIDE)
    for line in book.guide:
        guide.append([line])
    guide["A1"].font = styles.Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


def _lists(layout: SheetLayout) -> Iterable[tuple[int, tuple[str, ...]]]:
    for index, choices in sorted(layout.choices.items()):
        text = ",".join(choices)
        if (
            choices
            and len(text) + 2 <= _LIST_LIMIT
            and not any("," in choice or '"' in choice for choice in choices)
        ):
            yield index, choices


def setup_sheets_builder(app: Sphinx) -> None:
    app.add_builder(SheetsBuilder)
