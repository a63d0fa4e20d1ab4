"""Values read from data files, as the core applies them to plan objects,
and the cap on how many problems one data file may report."""

from __future__ import annotations

from dataclasses import dataclass

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _, message
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.values import Value

#: How many problems one data file reports by default
#: (``keikaku_data_error_limit``).
DEFAULT_ERROR_LIMIT = 20


def normalise_error_limit(value: object) -> int:
    """Return the setting ``keikaku_data_error_limit``, a whole number ≥ 1;
    raise :class:`ValueError` saying how to write it."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("write a whole number of at least 1, such as 20"))
    return value


def location_text(path: str, sheet: str | None, row: int | None) -> str:
    if sheet is None:
        if row is None:
            return path
        return message(_("%s, row %d"), path, row)
    if row is None:
        return message(_("%s, sheet %s"), path, sheet)
    return message(_("%s, sheet %s, row %d"), path, sheet, row)


@dataclass(frozen=True, slots=True)
class DataRecord:
    """One value read from a data file."""

    object_id: str
    #: One of :data:`FIELDS`.
    field: str
    #: The fiscal year, as the Gregorian year in which it starts.
    year: int
    #: A number, or (not for budget and settlement) a text such as 設置.
    value: Value
    #: The path as given in ``keikaku_data_files``.
    path: str
    #: The 1-based row as a spreadsheet shows it (a CSV record with a line
    #: break inside quotes is still one row).
    row: int
    #: The sheet name, for a workbook.
    sheet: str | None = None

    @property
    def location(self) -> str:
        """Where the value was read, e.g. ``actuals.xlsx, sheet 実績, row 12``."""
        return location_text(self.path, self.sheet, self.row)


@dataclass
class _Hidden:
    count: int
    sheet: str | None
    row: int | None
    #: Whether every hidden finding is a warning (a data value that differs
    #: from the directive's), so that hiding it cannot fail the build.
    warnings_only: bool


class ErrorLimit:
    """At most *limit* findings per data file; the rest become one finding.

    A data file exported wrong (an id column shifted, a whole sheet of
    unknown ids) may give a problem on every row.  The first ones say what
    is wrong; a million more only cost time, memory and a plan.json of
    hundreds of megabytes.  Ask :meth:`admit` before making a finding, so
    that a hidden one costs nothing but a count.
    """

    def __init__(self, limit: int = DEFAULT_ERROR_LIMIT) -> None:
        self.limit = limit
        self._shown: dict[str, int] = {}
        self._hidden: dict[str, _Hidden] = {}

    def admit(
        self,
        path: str,
        sheet: str | None,
        row: int | None,
        *,
        warning: bool = False,
    ) -> bool:
        """Whether the next finding of *path* is reported; if not, it is counted."""
        shown = self._shown.get(path, 0)
        if shown < self.limit:
            self._shown[path] = shown + 1
            return True
        hidden = self._hidden.get(path)
        if hidden is None:
            self._hidden[path] = _Hidden(1, sheet, row, warning)
        else:
            hidden.count += 1
            hidden.warnings_only = hidden.warnings_only and warning
        return False

    def summary(self) -> list[Finding]:
        """One finding per file with hidden findings, at the first hidden one."""
        return [
            Finding(
                Rule.DATA,
                "{}: {}".format(
                    location_text(path, hidden.sheet, hidden.row),
                    message(
                        _(
                            "%d more problems in this file, from here on, are "
                            "not shown (keikaku_data_error_limit is %d): fix "
                            "the ones shown and build again"
                        ),
                        hidden.count,
                        self.limit,
                    ),
                ),
                path=path,
                lineno=hidden.row,
                max_severity="warning" if hidden.warnings_only else None,
            )
            for path, hidden in self._hidden.items()
        ]
