"""Reading another keikaku project's ``plan.json``, without Sphinx.

Two features read an exported plan: external plans (``keikaku_external_plans``:
a sectoral plan and the comprehensive plan it serves) and the previous
edition (``keikaku_previous_plan``, compared by ``plan-changes`` and
``keikaku diff``). Both need the same few facts of each object, so the file
is read once into a :class:`PlanFile` of :class:`FileObject` values.

:func:`read_plan_file` never raises anything but :class:`PlanFileError`,
whose message says what is wrong with the file and how to fix it: a missing
file, one larger than :data:`MAX_PLAN_BYTES`, one that is not JSON (or nested
too deeply to read), one that is JSON but no keikaku export, one written by
a newer keikaku whose ``schema_version`` this one cannot read, one whose
values keikaku never writes (``NaN``, a target year ``"²"``). Such a file is
another project's export, outside the author's control: it is refused as a
whole, with the JSON path of the first bad value, rather than half read.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from stat import S_ISREG
from typing import Any

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.values import PlanValueError, check_id, parse_id_list

#: The ``schema_version`` this keikaku writes and the newest it reads; every
#: version from 1 up to it is read (the versions only ever add fields).
SCHEMA_VERSION = 1

#: A value as the export holds it: a number, a text (``設置``), or nothing.
FileValue = Decimal | str

#: The largest ``plan.json`` read, in bytes: the limit of a data file. The
#: export of a city's plan with years of records is a few MB; the cap keeps
#: a wrong path (a log, ``/dev/zero``) from filling the memory.
MAX_PLAN_BYTES = 50_000_000

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
#: A fiscal year as the export writes it in a series (``"2027"``); ``str.
#: isdigit`` would also take ``"²"`` and ``"２０２７"``.
_YEAR_KEY = re.compile(r"[0-9]{4}")
#: The name of an external plan, before ``:`` in ``name:ID``.
_PLAN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class PlanFileError(Exception):
    """A ``plan.json`` cannot be used; the message says why."""


@dataclass(frozen=True)
class FileObject:
    """What the other plan says about one of its objects."""

    id: str
    kind: str
    title: str
    #: The page of the object, relative to the other site's root
    #: (``measures.html#M1-1-1``); empty if the export has none.
    url: str = ""
    #: The ids this object names upward, in the export's order: ``:vision:``
    #: then ``:parent:`` then ``:measure:``.
    up: tuple[str, ...] = ()
    #: ``name:ID`` of the external objects this object serves (``:serves:``).
    serves: tuple[str, ...] = ()
    unit: str = ""
    direction: str = ""
    baseline: tuple[int, FileValue] | None = None
    target: dict[int, FileValue] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanFile:
    """An exported plan, as far as other plans read it."""

    path: str
    project: str
    schema_version: int
    objects: dict[str, FileObject]
    #: name -> project of each plan that the exporting plan names in its own
    #: ``keikaku_external_plans``: whom its ``:serves:`` ids point to.
    external_projects: dict[str, str] = field(default_factory=dict)

    def serving(self, project: str) -> dict[str, list[str]]:
        """The objects of this plan serving the plan *project*: object id ->
        ids served there, for every ``:serves:`` entry whose plan name stands
        for *project* in this plan's ``keikaku_external_plans``."""
        names = {name for name, p in self.external_projects.items() if p == project}
        result: dict[str, list[str]] = {}
        for obj in self.objects.values():
            for entry in obj.serves:
                name, _sep, target = entry.partition(":")
                if name in names and target:
                    result.setdefault(obj.id, []).append(target)
        return result


def file_value(raw: Any) -> FileValue | None:
    """A value of the export as keikaku holds it: a JSON number, or a string
    of digits (exact values a double cannot hold), as a Decimal; any other
    text as it is; ``None`` for ``null``.

    Raises :class:`ValueError` for what the export never writes as a value:
    ``NaN`` and ``Infinity`` (Python's json reads them, although JSON has
    none), ``true``/``false``, a list or an object.

    >>> file_value(12.5), file_value("設置"), file_value(None)
    (Decimal('12.5'), '設置', None)
    >>> file_value(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: nan is no number
    """
    if raw is None:
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError(_("%r is no number") % raw)
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(_("%s is no value (a number or a text)") % _kind_of(raw))
    if isinstance(raw, (int, float)):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    text = str(raw)
    if _NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover (the pattern is a number)
            return text
    return text


def _kind_of(raw: Any) -> str:
    """What a JSON value is, for a message (never the value itself, which may
    be a whole nested document)."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, dict):
        return _("an object")
    if isinstance(raw, list):
        return _("a list")
    return repr(raw)


class _BadValue(ValueError):
    """A value of one object that keikaku never writes; *where* is its JSON
    path inside the object (``target["²"]``)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


def _series(raw: Any, name: str) -> dict[int, FileValue]:
    result: dict[int, FileValue] = {}
    if not isinstance(raw, dict):
        return result
    for year, value in raw.items():
        where = f"{name}[{json.dumps(year, ensure_ascii=False)}]"
        if not _YEAR_KEY.fullmatch(year):
            raise _BadValue(
                where, _("%r is no fiscal year (four digits, such as 2027)") % year
            )
        try:
            parsed = file_value(value)
        except ValueError as err:
            raise _BadValue(where, str(err)) from None
        if parsed is not None:
            result[int(year)] = parsed
    return result


def _strings(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(str(item) for item in raw if isinstance(item, str))


def _object(raw: dict[str, Any]) -> FileObject:
    baseline = raw.get("baseline")
    base: tuple[int, FileValue] | None = None
    if isinstance(baseline, dict) and isinstance(baseline.get("year"), int):
        try:
            value = file_value(baseline.get("value"))
        except ValueError as err:
            raise _BadValue('baseline["value"]', str(err)) from None
        if value is not None:
            base = (int(baseline["year"]), value)
    return FileObject(
        id=str(raw["id"]),
        kind=str(raw.get("kind", "")),
        title=str(raw.get("title", "")),
        url=str(raw.get("url") or ""),
        up=(
            _strings(raw.get("visions"))
            + _strings(raw.get("parents"))
            + _strings(raw.get("measures"))
        ),
        serves=_strings(raw.get("serves")),
        unit=str(raw.get("unit") or ""),
        direction=str(raw.get("direction") or ""),
        baseline=base,
        target=_series(raw.get("target"), "target"),
    )


def parse_plan_data(data: Any, path: str) -> PlanFile:
    """The plan in *data* (a parsed ``plan.json`` read from *path*)."""
    if (
        not isinstance(data, dict)
        or "schema_version" not in data
        or not isinstance(data.get("objects"), list)
    ):
        raise PlanFileError(
            _(
                "%s is not a plan.json exported by sphinxcontrib-keikaku (it has "
                "no schema_version and objects); name the keikaku/plan.json of "
                "another plan's HTML build"
            )
            % path
        )
    version = data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFileError(
            _(
                "%s has schema_version %r, which is no plan.json version; "
                "export it again with sphinxcontrib-keikaku"
            )
            % (path, version)
        )
    if version > SCHEMA_VERSION:
        raise PlanFileError(
            _(
                "%s has schema_version %d, newer than the version %d this "
                "sphinxcontrib-keikaku reads; upgrade sphinxcontrib-keikaku"
            )
            % (path, version, SCHEMA_VERSION)
        )
    objects: dict[str, FileObject] = {}
    for index, raw in enumerate(data["objects"]):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
            try:
                obj = _object(raw)
            except _BadValue as err:
                raise PlanFileError(
                    _(
                        "%s: objects[%d] (%s) %s: %s; export the plan again "
                        "with sphinxcontrib-keikaku, or correct the file"
                    )
                    % (path, index, raw["id"], err.where, err)
                ) from None
            objects.setdefault(obj.id, obj)
    externals = data.get("external_plans")
    projects = (
        {
            str(name): str(info.get("project", ""))
            for name, info in externals.items()
            if isinstance(info, dict)
        }
        if isinstance(externals, dict)
        else {}
    )
    return PlanFile(
        path=path,
        project=str(data.get("project") or ""),
        schema_version=version,
        objects=objects,
        external_projects=projects,
    )


def read_plan_bytes(
    path: Path, shown: str | None = None, max_bytes: int = MAX_PLAN_BYTES
) -> bytes:
    """The content of the ``plan.json`` at *path* (named *shown* in
    messages), at most *max_bytes* of it."""
    name = shown or str(path)
    try:
        with path.open("rb") as stream:
            # A device or a pipe (/dev/zero) has no size to check and may
            # never end: only a regular file is read.
            stat = os.fstat(stream.fileno())
            if not S_ISREG(stat.st_mode):
                raise PlanFileError(
                    _(
                        "%s is not a file; name the keikaku/plan.json that the "
                        "HTML build of the plan wrote"
                    )
                    % name
                )
            # One byte more than allowed tells a file that grew since fstat()
            # from one that is exactly at the limit.
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise PlanFileError(
            _(
                "%s does not exist; name the keikaku/plan.json that the HTML "
                "build of the plan wrote"
            )
            % name
        ) from None
    except OSError as err:
        raise PlanFileError(
            _("%s cannot be read: %s") % (name, err.strerror or err)
        ) from None
    if len(raw) > max_bytes:
        raise PlanFileError(
            _(
                "%s is larger than the limit of %d bytes for a plan.json; name "
                "the keikaku/plan.json that the HTML build of the plan wrote"
            )
            % (name, max_bytes)
        )
    return raw


def parse_plan_bytes(raw: bytes, shown: str) -> PlanFile:
    """The plan in *raw*, the content of the ``plan.json`` named *shown*."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise PlanFileError(
            _(
                "%s is not JSON (%s); name the keikaku/plan.json of another plan's "
                "HTML build"
            )
            % (shown, err)
        ) from None
    except RecursionError:
        # json nests one Python call per level: thousands of [ or { exhaust
        # the stack (no export nests deeper than a few levels)
        raise PlanFileError(
            _(
                "%s is nested too deeply to be a plan.json; name the "
                "keikaku/plan.json of another plan's HTML build"
            )
            % shown
        ) from None
    try:
        return parse_plan_data(data, shown)
    except RecursionError:  # a value nested as deeply as json still reads
        raise PlanFileError(
            _(
                "%s is nested too deeply to be a plan.json; name the "
                "keikaku/plan.json of another plan's HTML build"
            )
            % shown
        ) from None


def read_plan_file(path: Path, shown: str | None = None) -> PlanFile:
    """Read the ``plan.json`` at *path* (named *shown* in messages)."""
    name = shown or str(path)
    return parse_plan_bytes(read_plan_bytes(path, name), name)


def parse_serves(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The ``name:ID`` entries of a ``:serves:`` option, and a message for
    each entry that is not written so (left out)."""
    entries: list[str] = []
    errors: list[str] = []
    for raw in parse_id_list(text):
        name, sep, target = raw.partition(":")
        if not sep or _PLAN_NAME.fullmatch(name) is None:
            errors.append(
                _(
                    "%r names no external plan: write name:ID with a name of "
                    "keikaku_external_plans, such as sogo:M1-1-1"
                )
                % raw
            )
            continue
        try:
            entries.append(f"{name}:{check_id(target)}")
        except PlanValueError as err:
            errors.append(str(err))
    return tuple(entries), errors
