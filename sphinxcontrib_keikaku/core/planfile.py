"""Reading another keikaku project's ``plan.json``, without Sphinx.

Two features read an exported plan: external plans (``keikaku_external_plans``:
a sectoral plan and the comprehensive plan it serves) and the previous
edition (``keikaku_previous_plan``, compared by ``plan-changes`` and
``keikaku diff``). Both need the same few facts of each object, so the file
is read once into a :class:`PlanFile` of :class:`FileObject` values.

:func:`read_plan_file` never raises anything but :class:`PlanFileError`,
whose message says what is wrong with the file and how to fix it: a missing
file, one that is not JSON, one that is JSON but no keikaku export, one
written by a newer keikaku whose ``schema_version`` this one cannot read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.values import PlanValueError, check_id, parse_id_list

#: The ``schema_version`` this keikaku writes and the newest it reads; every
#: version from 1 up to it is read (the versions only ever add fields).
SCHEMA_VERSION = 1

#: A value as the export holds it: a number, a text (``設置``), or nothing.
FileValue = Decimal | str

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
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
    text as it is."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    text = str(raw)
    if _NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover (the pattern is a number)
            return text
    return text


def _series(raw: Any) -> dict[int, FileValue]:
    result: dict[int, FileValue] = {}
    if not isinstance(raw, dict):
        return result
    for year, value in raw.items():
        parsed = file_value(value)
        if str(year).isdigit() and parsed is not None:
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
        value = file_value(baseline.get("value"))
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
        target=_series(raw.get("target")),
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
    for raw in data["objects"]:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
            obj = _object(raw)
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


def read_plan_file(path: Path, shown: str | None = None) -> PlanFile:
    """Read the ``plan.json`` at *path* (named *shown* in messages)."""
    name = shown or str(path)
    try:
        raw = path.read_bytes()
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
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise PlanFileError(
            _(
                "%s is not JSON (%s); name the keikaku/plan.json of another plan's "
                "HTML build"
            )
            % (name, err)
        ) from None
    return parse_plan_data(data, name)


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
