"""Reading a build's warnings file and its plan.json."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from conftest import BuildResult

# --- reading a build's warnings ---------------------------------------------

# "<path>:<line>: WARNING: <message> [keikaku.<subtype>]", as sphinx-build -w
# writes it; a warning without a location starts with its level.
_ENTRY_START = re.compile(r"^(?:(?P<loc>.+?): )?(?P<level>WARNING|ERROR|CRITICAL): ")
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")
_SUBTYPE = re.compile(r"\[(?P<type>[a-z_-]+)(?:\.(?P<sub>[a-z_-]+))?\]$")


@dataclasses.dataclass
class Logged:
    """One entry of a warnings file."""

    location: str | None
    level: str
    text: str

    @property
    def path(self) -> str | None:
        m = _LOCATED.match(self.location or "")
        return m.group("path") if m else None

    @property
    def line(self) -> int | None:
        m = _LOCATED.match(self.location or "")
        return int(m.group("line")) if m else None

    @property
    def type(self) -> str | None:
        m = _SUBTYPE.search(self.text)
        return m.group("type") if m else None

    @property
    def subtype(self) -> str | None:
        m = _SUBTYPE.search(self.text)
        return m.group("sub") if m else None


def entries(warnings: str) -> list[Logged]:
    """Split a warnings file into entries (a message may span lines)."""
    result: list[Logged] = []
    for line in warnings.splitlines():
        m = _ENTRY_START.match(line)
        if m:
            result.append(Logged(m.group("loc"), m.group("level"), line[m.end() :]))
        elif result:
            result[-1].text += "\n" + line
        elif line.strip():
            result.append(Logged(None, "?", line))
    return result


def keikaku_entries(result: BuildResult) -> list[Logged]:
    return [e for e in entries(result.warnings) if e.type == "keikaku"]


def assert_sane(result: BuildResult) -> None:
    """What every build of every input must give: a verdict, not a crash."""
    assert result.status in (0, 1), result.warnings
    for marker in ("Traceback", "Exception occurred", "please report it"):
        assert marker not in result.warnings, result.warnings
    assert (result.outdir / "index.html").is_file()


def assert_located(result: BuildResult) -> None:
    """Every keikaku warning names a file and a line in it."""
    for entry in keikaku_entries(result):
        assert entry.path is not None and entry.line is not None, entry
        assert entry.line >= 1, entry
        assert Path(entry.path).is_file(), entry


def subtypes_at(result: BuildResult, name: str) -> set[tuple[int, str]]:
    """``(line, subtype)`` of the keikaku warnings located in file *name*."""
    return {
        (e.line or 0, e.subtype or "")
        for e in keikaku_entries(result)
        if e.path is not None and Path(e.path).name == name
    }


def plan_json(result: BuildResult) -> dict[str, Any]:
    def refuse(constant: str) -> None:
        raise AssertionError(f"plan.json holds {constant}, which is not JSON")

    text = (result.outdir / "keikaku" / "plan.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text, parse_constant=refuse)
    return data


def objects(result: BuildResult) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in plan_json(result)["objects"]}
