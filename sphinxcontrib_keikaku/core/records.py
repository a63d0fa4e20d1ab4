"""Values read from data files, as the core applies them to plan objects."""

from __future__ import annotations

from dataclasses import dataclass

from sphinxcontrib_keikaku.core.i18n import _, message
from sphinxcontrib_keikaku.core.values import Value


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
