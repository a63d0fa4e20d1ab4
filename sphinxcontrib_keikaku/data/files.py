"""Reading yearly actuals and budget amounts from the files departments keep.

Once a year each department (担当課) sends its indicator actuals and budget
amounts, exported from a spreadsheet or the accounting system.  The files are
named in ``keikaku_data_files`` (paths relative to the source directory) and
may be CSV (UTF-8, UTF-8 with BOM, or Shift_JIS/cp932 as Japanese Excel saves
it) or Excel workbooks (``.xlsx``, ``.xlsm``; every sheet is read).

Two shapes are read; which one a table has is decided from its header row:

long form, one value per row::

    id,     fiscal_year, field,  value
    K1-1-1, 2024,        actual, 1234
    P-001,  令和6年度,   予算,   "12,345"

wide form, as a spreadsheet holds it: one row per object and field, one
column per fiscal year (any spelling :func:`~.years.parse_fiscal_year`
reads: ``2024``, ``FY2024``, ``R6``, ``令和6年度``, full-width digits)::

    事業ID, 名称,       項目, R5,    R6,    R7
    P-001,  子育て支援, 予算, 12000, 12500,
    P-001,  子育て支援, 決算, 11800, －,

Column names are matched after NFKC normalisation, ignoring case, spaces,
``_`` and ``-``, in English or Japanese (see :data:`~.header.HEADER_ALIASES`);
other columns (名称, 担当課, 備考, unit, …) are ignored.  Field words are
English or Japanese (see :data:`~.header.FIELD_ALIASES`).  As in a printed
table, a few title rows may stand above the header; blank rows, empty value cells, cells holding
only a dash (－, ―), rows naming neither an id nor a field, and total rows
(合計, 計, 小計, 総計, 累計 or Total in the id column) give no value and no
finding.

Everything here is pure: no Sphinx state beyond the message catalog.  Every
problem becomes a :class:`~.findings.Finding` of rule ``keikaku.data`` whose
message names the file, the sheet, the row and the fix; reading goes on, so
one bad cell never hides the rest of the file, but at most
``keikaku_data_error_limit`` problems are reported per file.  Whether the
ids exist in the plan is not checked here: the caller knows the plan.

This module is the entry point; the work is done by :mod:`.sources` (paths
and fingerprints), :mod:`.formats` and :mod:`.encodings` (CSV and
workbooks), :mod:`.header` and :mod:`.reader` (tables into records),
:mod:`.cells`, and :mod:`.cache` (parsed files kept between builds).
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike, fspath
from os.path import normcase, normpath
from pathlib import Path
from typing import Any

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    DataRecord,
    ErrorLimit,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.data.cache import DataCache
from sphinxcontrib_keikaku.data.formats import parse_file
from sphinxcontrib_keikaku.data.header import (
    FIELD_ALIASES,
    FIELDS,
    HEADER_ALIASES,
    NUMERIC_FIELDS,
)
from sphinxcontrib_keikaku.data.reader import conflict
from sphinxcontrib_keikaku.data.sources import file_fingerprint

__all__ = [
    "FIELDS",
    "FIELD_ALIASES",
    "HEADER_ALIASES",
    "NUMERIC_FIELDS",
    "DataRecord",
    "file_fingerprint",
    "normalise_data_files",
    "read_data_files",
]


def normalise_data_files(value: Any) -> tuple[str, ...]:
    """Return the setting ``keikaku_data_files`` as a tuple of paths.

    Accepted: a list or tuple of paths (``str`` or :class:`os.PathLike`), a
    single path, or ``None`` for none.  A path given twice is kept once, so
    its values are not read twice.  Raises :class:`ValueError` with a message
    that says how to write the setting.
    """
    if value is None:
        return ()
    items: Sequence[Any]
    if isinstance(value, (str, PathLike)):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise ValueError(
            _msg(
                _(
                    "a %s cannot name data files: write a list of paths relative "
                    "to the source directory, such as ['data/actuals.csv']"
                ),
                type(value).__name__,
            )
        )
    paths: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        if isinstance(item, PathLike):
            item = fspath(item)
        if not isinstance(item, str):
            raise ValueError(
                _msg(
                    _(
                        "entry %d (%r) is not a path: write each data file as a "
                        "text such as 'data/actuals.csv'"
                    ),
                    number,
                    item,
                )
            )
        if not item.strip() or "\0" in item:
            raise ValueError(
                _msg(
                    _(
                        "entry %d (%r) is not a usable path: write a file name "
                        "such as 'data/actuals.csv'"
                    ),
                    number,
                    item,
                )
            )
        # A space typed after the name ("data/a.csv ") is never meant.
        path = item.strip()
        # "data/a.csv" and "./data/a.csv" are one file, read once: read
        # twice, each of its rows would be its own duplicate.
        same = normcase(normpath(path))
        if same not in seen:
            seen.add(same)
            paths.append(path)
    return tuple(paths)


def read_data_files(
    srcdir: Path,
    paths: Sequence[str],
    *,
    max_bytes: int = 50_000_000,
    error_limit: int = DEFAULT_ERROR_LIMIT,
    cache_dir: Path | None = None,
) -> tuple[list[DataRecord], list[Finding]]:
    """Read every data file; return the good records and every problem found.

    Never raises for anything in the files or the file system.  A value given
    twice for the same (id, field, year) is kept once; a second, different
    value is reported and dropped.  At most *error_limit* problems are
    reported per file, then one with the count of the rest.  With
    *cache_dir*, a file whose content has not changed since an earlier call
    is not parsed again (see :mod:`.cache`).
    """
    try:
        root = srcdir.resolve()
    except (OSError, RuntimeError, ValueError) as err:
        # Nothing can be resolved against a broken source directory; say so
        # once per file rather than crash the build.
        text = _msg(_("cannot read the data file (%s)"), err)
        return [], [Finding(Rule.DATA, f"{path}: {text}", path=path) for path in paths]
    cache = DataCache(cache_dir, DataRecord)
    records: list[DataRecord] = []
    findings: list[Finding] = []
    # Values given again in a later file, checked across files.
    seen: dict[tuple[str, str, int], DataRecord] = {}
    limit = ErrorLimit(error_limit)
    for path in paths:
        file_records, file_findings = _read_file(
            cache, root, path, max_bytes=max_bytes, error_limit=error_limit
        )
        findings += file_findings
        for record in file_records:
            key = (record.object_id, record.field, record.year)
            first = seen.get(key)
            if first is None:
                seen[key] = record
                records.append(record)
                continue
            again = conflict(first, record)
            if again is not None and limit.admit(record.path, record.sheet, record.row):
                findings.append(
                    Finding(
                        Rule.DATA,
                        f"{record.location}: {again}",
                        path=record.path,
                        lineno=record.row,
                    )
                )
    findings += limit.summary()
    return records, findings


def _read_file(
    cache: DataCache[DataRecord],
    root: Path,
    path: str,
    *,
    max_bytes: int,
    error_limit: int,
) -> tuple[list[DataRecord], list[Finding]]:
    """One file's records and findings, from the cache when it is unchanged."""
    return cache.read(
        root,
        path,
        lambda: parse_file(root, path, max_bytes=max_bytes, error_limit=error_limit),
        max_bytes,
        error_limit,
    )
