"""Applying the values of data files to the plan objects.

A value in a data file overrides the same value written in a directive (the
yearly update wins over the text written when the plan was drafted); a
difference is reported as a ``keikaku.data`` warning naming both places.
The directive objects in the domain are never changed: the plan is built
from copies, so removing a data file restores the written values.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.funding import FUNDING_FIELDS
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, PlanObject
from sphinxcontrib_keikaku.core.records import (
    DEFAULT_ERROR_LIMIT,
    DataRecord,
    ErrorLimit,
)
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.core.staffcost import STAFF_FIELDS
from sphinxcontrib_keikaku.core.values import format_value

#: The fields each kind takes from data files.
_FIELDS: MappingProxyType[type[PlanObject], frozenset[str]] = MappingProxyType(
    {
        Indicator: frozenset({"baseline", "target", "actual", "estimate"}),
        BudgetLink: frozenset(
            {"budget", "settlement", "plan", *FUNDING_FIELDS, *STAFF_FIELDS}
        ),
    }
)


def _finding(record: DataRecord, message: str, *, warning: bool = False) -> Finding:
    return Finding(
        Rule.DATA,
        f"{record.location}: {message}",
        path=record.path,
        lineno=record.row,
        object_id=record.object_id,
        max_severity="warning" if warning else None,
    )


def apply_data(
    objects: Sequence[PlanObject],
    records: Iterable[DataRecord],
    *,
    error_limit: int = DEFAULT_ERROR_LIMIT,
) -> tuple[list[PlanObject], list[Finding]]:
    """The objects with the data files' values applied, and the problems:
    at most *error_limit* per data file, then one with the count of the rest
    (a file of a million unknown ids must not cost a million messages)."""
    by_id: dict[str, PlanObject] = {}
    for obj in objects:
        by_id.setdefault(obj.id, obj)  # the first definition, as in the plan
    known = list(by_id)
    limit = ErrorLimit(error_limit)
    changes: dict[str, dict[str, dict[int, DataRecord]]] = {}
    findings: list[Finding] = []
    for record in records:
        found = by_id.get(record.object_id)
        if found is None:
            # Only the findings shown pay for the search of a close id.
            if limit.admit(record.path, record.sheet, record.row):
                close = difflib.get_close_matches(record.object_id, known, n=1)
                hint = (
                    _("did you mean %s?") % close[0]
                    if close
                    else _("correct the id or add the object to the plan")
                )
                findings.append(
                    _finding(record, _("unknown id %s; %s") % (record.object_id, hint))
                )
            continue
        allowed = next(
            (fields for kind, fields in _FIELDS.items() if isinstance(found, kind)),
            frozenset(),
        )
        if record.field not in allowed:
            if not limit.admit(record.path, record.sheet, record.row):
                continue
            findings.append(
                _finding(
                    record,
                    _("%s is %s and has no field %r; use one of: %s")
                    % (
                        found.id,
                        found.kind.value,
                        record.field,
                        ", ".join(sorted(allowed)) or "—",
                    ),
                )
            )
            continue
        changes.setdefault(found.id, {}).setdefault(record.field, {})[record.year] = (
            record
        )

    result: list[PlanObject] = []
    for obj in objects:
        fields = changes.get(obj.id)
        if not fields or by_id[obj.id] is not obj:
            result.append(obj)
            continue
        updates: dict[str, Any] = {}
        for name, by_year in fields.items():
            if name == "baseline":
                assert isinstance(obj, Indicator)
                year, record = max(by_year.items())
                if (
                    obj.baseline is not None
                    and obj.baseline != (year, record.value)
                    and _admit(limit, record)
                ):
                    findings.append(_difference(record, obj, obj.baseline[1]))
                updates["baseline"] = (year, record.value)
                continue
            written: dict[int, object] = dict(getattr(obj, name))
            for year, record in by_year.items():
                old = written.get(year)
                if (
                    old is not None
                    and not _same(old, record.value)
                    and _admit(limit, record)
                ):
                    findings.append(_difference(record, obj, old))
                written[year] = record.value
            updates[name] = dict(sorted(written.items()))
        # a new digest: the copy shows other values than the directive
        result.append(dataclasses.replace(obj, digest="", **updates))
    findings += limit.summary()
    return result, findings


def _admit(limit: ErrorLimit, record: DataRecord) -> bool:
    """Whether the difference *record* makes is reported (a warning)."""
    return limit.admit(record.path, record.sheet, record.row, warning=True)


def _same(a: object, b: object) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return str(a).strip() == str(b).strip()


def _difference(record: DataRecord, obj: PlanObject, written: object) -> Finding:
    return _finding(
        record,
        _(
            "%s %s %s is %s here but %s in the directive (%s, line %d); "
            "the data file's value is used — update the directive or the file"
        )
        % (
            obj.id,
            record.field,
            record.year,
            format_value(record.value),
            format_value(written) if isinstance(written, (Decimal, str)) else written,
            obj.docname,
            obj.lineno,
        ),
        warning=True,
    )
