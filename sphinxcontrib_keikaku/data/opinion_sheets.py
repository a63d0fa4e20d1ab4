"""Opinion sheets: 意見の概要と市の考え方 kept in Excel or CSV.

A planning office keeps the public comment's opinions in a spreadsheet;
the files are named in ``keikaku_opinion_files``. One row is one opinion
(or one group of opinions to the same effect), under a header row naming
the columns in English or Japanese (compared like the data files' headers:
NFKC, ignoring case, spaces, ``_`` and ``-``)::

    番号, 区分,               日付,      地区,   該当箇所, 意見の概要, 件数, 取扱い区分, 市の考え方, 修正箇所
    1,    パブリックコメント, 2025-01-15, 北地区, M1-1-1,  …,          3,    A,          …,          M1-1-1

Only ``summary`` (意見の概要) is required as a column. A column whose
header names a person (氏名, 名前, 住所, name, address) is refused with a
warning at its cell and never read: the opinions are published, and
personal data must stay out. A sheet is read as a data file and an
evaluation sheet are (:func:`~.formats.read_tables`): CSV in UTF-8 (with or
without a BOM) or Shift_JIS/cp932, XLSX sheet by sheet, with the same
checks, limits and located messages, and kept between builds while it does
not change (:mod:`.cache`). Pure: no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import fingerprint
from sphinxcontrib_keikaku.core.opinions import Opinion, parse_count, parse_date
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    ErrorLimit,
    location_text,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import PlanValueError, check_id, parse_id_list
from sphinxcontrib_keikaku.data.cache import DataCache
from sphinxcontrib_keikaku.data.cells import (
    RowError,
    cell_text,
    column_letter,
    describe,
    key,
)
from sphinxcontrib_keikaku.data.formats import FileTexts, read_tables
from sphinxcontrib_keikaku.data.header import Candidate
from sphinxcontrib_keikaku.data.reader import Outcome, Table
from sphinxcontrib_keikaku.data.sources import file_fingerprint

#: Column → the header names that mean it (as :func:`~.cells.key` forms them).
COLUMNS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "id": frozenset({"id", "番号", "no", "no.", "意見番号"}),
        "channel": frozenset({"channel", "区分", "意見区分", "聴取方法"}),
        "date": frozenset({"date", "日付", "提出日", "受付日"}),
        "district": frozenset({"district", "地区", "地域"}),
        "about": frozenset({"about", "該当箇所", "該当項目", "関係箇所"}),
        "summary": frozenset(
            {"summary", "意見の概要", "ご意見の概要", "意見", "ご意見等", "意見内容"}
        ),
        "count": frozenset({"count", "件数", "同趣旨件数"}),
        "disposition": frozenset(
            {"disposition", "取扱い区分", "取扱区分", "取扱い", "対応区分"}
        ),
        "answer": frozenset({"answer", "市の考え方", "考え方", "回答"}),
        "changed": frozenset({"changed", "修正箇所", "変更箇所"}),
    }
)
#: Header words naming a person: such a column is never read.
PERSON_WORDS: tuple[str, ...] = ("氏名", "名前", "住所", "連絡先", "電話", "メール")
PERSON_HEADERS: frozenset[str] = frozenset(
    {"name", "fullname", "address", "email", "mail", "phone", "tel"}
)
#: How many rows above the header a sheet may have (titles, notes).
_HEADER_ROWS = 10
_MAX_BYTES = 50_000_000


def names_a_person(text: str) -> bool:
    """Whether a header *text* names a person's data (氏名, 住所, name…).

    >>> names_a_person("ご住所"), names_a_person("意見の概要")
    (True, False)
    """
    name = key(text)
    return name in PERSON_HEADERS or any(word in name for word in PERSON_WORDS)


class OpinionTexts(FileTexts):
    """What is said of a whole opinion sheet (see :class:`~.formats.FileTexts`)."""

    def unreadable(self) -> str:
        return _("cannot read the file (%s)")

    def spaced(self) -> str:
        return _(
            "the path %r begins or ends with a space: remove the space in "
            "keikaku_opinion_files"
        )

    def unsupported(self) -> str:
        return _(
            "unsupported opinion sheet type %r: save the sheet as "
            "CSV (.csv) or as an Excel workbook (.xlsx)"
        )

    def missing(self) -> str:
        return _(
            "the opinion sheet does not exist: check keikaku_opinion_files; "
            "paths are relative to the source directory"
        )

    def not_a_file(self) -> str:
        return _("this is not a file: name a CSV or XLSX file in keikaku_opinion_files")

    def too_large(self) -> str:
        return _(
            "the opinion sheet has %d bytes, more than the limit of %d: "
            "split it into several files"
        )

    def grew(self) -> str:
        return _("the opinion sheet is larger than the limit of %d bytes: split it")

    def empty(self) -> str:
        return _(
            "the opinion sheet is empty: fill it in, or remove it from "
            "keikaku_opinion_files"
        )

    def no_data(self) -> str:
        return _(
            "no header row with a 'summary' column (意見の概要): put a header "
            "row such as '番号, 区分, 該当箇所, 意見の概要, 件数, 取扱い区分, "
            "市の考え方, 修正箇所' above the opinions"
        )


class OpinionSheetReader:
    """The opinions and findings of one opinion sheet, read table by table
    by :func:`~.formats.read_tables`."""

    def __init__(
        self, path: str, number: int, error_limit: int = DEFAULT_ERROR_LIMIT
    ) -> None:
        self.path = path
        #: The sheet's place in keikaku_opinion_files, for derived ids.
        self.number = number
        self.limit = ErrorLimit(error_limit)
        self.opinions: list[Opinion] = []
        self.findings: list[Finding] = []

    def finding(
        self, rule: Rule, sheet: str | None, row: int | None, text: str
    ) -> Finding:
        return Finding(
            rule,
            f"{location_text(self.path, sheet, row)}: {text}",
            lineno=row,
            path=self.path,
        )

    def problem(
        self, sheet: str | None, row: int | None, message: str, *args: object
    ) -> None:
        """A problem of the file (``keikaku.data``), unless over the limit."""
        if self.limit.admit(self.path, sheet, row):
            text = _msg(message, *args) if args else message
            self.findings.append(self.finding(Rule.DATA, sheet, row, text))

    def finish(self) -> None:
        self.findings += self.limit.summary()

    def report_header(self, table: Table, candidate: Candidate) -> None:
        """Not called: :meth:`read_table` returns no header candidates."""

    def read_table(
        self,
        table: Table,
        rows: Iterable[Sequence[object] | RowError],
        *,
        report_unrelated: bool,
    ) -> Outcome:
        """Read one table (the CSV file or a sheet); as an evaluation sheet's
        (:meth:`.evaluation_sheets.SheetReader.read_table`)."""
        columns: dict[str, int] | None = None
        seen = False
        for number, row in enumerate(rows, 1):
            if isinstance(row, RowError):
                if columns is not None:
                    self.problem(table.sheet, number, "%s", row.reason)
                continue
            cells = [cell_text(c).strip() for c in row]
            if not any(cells):
                continue
            seen = True
            if columns is None:
                columns = _header(cells)
                if columns is None:
                    if number >= _HEADER_ROWS:
                        break
                    continue
                self._refuse_people(table.sheet, number, cells)
                continue
            self.read_row(table.sheet, number, columns, cells)
        if columns is not None:
            return "read"
        if seen and report_unrelated:
            self.problem(None, None, "%s", OpinionTexts().no_data())
            return "reported"
        return "empty"

    def _refuse_people(self, sheet: str | None, row: int, cells: list[str]) -> None:
        """A warning at each header cell naming a person (the column is not
        among :func:`_header`'s, so none of its cells is read)."""
        for index, text in enumerate(cells):
            if text and names_a_person(text):
                self.findings.append(
                    Finding(
                        Rule.DATA,
                        "{}: {}".format(
                            location_text(self.path, sheet, row),
                            _msg(
                                _(
                                    "column %s (%r) names a person and is not read: "
                                    "opinions are published, so keep names and "
                                    "addresses out of the sheet; delete the column"
                                ),
                                column_letter(index),
                                text,
                            ),
                        ),
                        lineno=row,
                        path=self.path,
                        max_severity="warning",
                    )
                )

    def read_row(
        self,
        sheet: str | None,
        number: int,
        columns: dict[str, int],
        cells: list[str],
    ) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        problems: list[Finding] = []
        hidden = False

        def problem(rule: Rule, text: str) -> None:
            nonlocal hidden
            if self.limit.admit(self.path, sheet, number):
                problems.append(self.finding(rule, sheet, number, text))
            else:
                hidden = True

        def ids(name: str) -> tuple[str, ...]:
            result: list[str] = []
            for raw in parse_id_list(cell(name)) if cell(name) else []:
                try:
                    result.append(check_id(raw))
                except PlanValueError as err:
                    problem(
                        Rule.VALUE,
                        _msg(_("the %s cell cannot be read: %s"), name, err),
                    )
            return tuple(result)

        object_id = f"O-F{self.number}-{number}"
        if cell("id"):
            try:
                written = check_id(cell("id"))
                # a bare 番号 (1, 2, …) would clash with other sheets' and
                # plan objects' ids
                object_id = f"O-{written}" if written.isdigit() else written
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the id cannot be read: %s"), err))
        date = ""
        if cell("date"):
            try:
                date = parse_date(cell("date"))
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the date cannot be read: %s"), err))
        count = 1
        if cell("count"):
            try:
                count = parse_count(cell("count"))
            except PlanValueError as err:
                problem(Rule.VALUE, _msg(_("the count cannot be read: %s"), err))
        summary = " ".join(cell("summary").split())
        if not summary:
            problem(
                Rule.INCOMPLETE,
                _("the opinion has no summary: write it in the 意見の概要 column"),
            )
        opinion = Opinion(
            object_id,
            summary or _("(no summary)"),
            "",
            number,
            channel=" ".join(cell("channel").split()),
            date=date,
            district=" ".join(cell("district").split()),
            about=ids("about"),
            count=count,
            disposition=" ".join(cell("disposition").split()),
            changed=ids("changed"),
            text=cell("answer"),
            path=self.path,
            sheet=sheet or "",
            problems=[
                Finding(p.rule, p.message, None, p.lineno, object_id, p.path)
                for p in problems
            ],
        )
        if hidden:
            return  # over the limit: counted, and the opinion left out
        fingerprint(opinion)
        self.opinions.append(opinion)


def _header(cells: Sequence[str]) -> dict[str, int] | None:
    """The columns a header row names, if it names the ``summary`` column;
    a column naming a person is never one of them."""
    columns: dict[str, int] = {}
    for index, text in enumerate(cells):
        if names_a_person(text):
            continue
        name = key(text)
        for column, names in COLUMNS.items():
            if name in names and column not in columns:
                columns[column] = index
    return columns if "summary" in columns else None


def read_opinion_sheets(
    srcdir: Path,
    paths: Sequence[str],
    *,
    error_limit: int = DEFAULT_ERROR_LIMIT,
    max_bytes: int = _MAX_BYTES,
    cache_dir: Path | None = None,
) -> tuple[list[Opinion], list[Finding]]:
    """The opinions of every sheet and the problems of the files (an
    opinion's own problems are kept with it, like a directive's). With
    *cache_dir*, a sheet that has not changed is not read again."""
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        text = _msg(_("cannot read the file (%s)"), err)
        return [], [Finding(Rule.DATA, f"{path}: {text}", path=path) for path in paths]
    cache = DataCache(cache_dir, Opinion)
    opinions: list[Opinion] = []
    findings: list[Finding] = []
    for number, path in enumerate(paths, 1):

        def parse(
            path: str = path, number: int = number
        ) -> tuple[list[Opinion], list[Finding]]:
            return _read_sheet(root, path, number, error_limit, max_bytes)

        stamp = file_fingerprint(root, path)
        if stamp is None or stamp.endswith("-unreadable"):
            parsed = parse()
        else:
            cache_key = cache.key(
                path, stamp, max_bytes, error_limit, number, "opinions"
            )
            kept = cache.load(path, cache_key)
            parsed = kept if kept is not None else parse()
            if kept is None and file_fingerprint(root, path) == stamp:
                cache.store(path, cache_key, parsed)
        opinions += parsed[0]
        findings += parsed[1]
    return opinions, findings


def _read_sheet(
    root: Path, path: str, number: int, error_limit: int, max_bytes: int
) -> tuple[list[Opinion], list[Finding]]:
    reader = OpinionSheetReader(path, number, error_limit)
    try:
        read_tables(reader, root, path, max_bytes=max_bytes, texts=OpinionTexts())
    except Exception as err:
        # a bug here costs this sheet, not the build
        reader.problem(
            None,
            None,
            _(
                "cannot read the opinion sheet (%s): open it in Excel and save "
                "it again as .xlsx, or export it as CSV"
            ),
            describe(err),
        )
    reader.finish()
    return reader.opinions, reader.findings
