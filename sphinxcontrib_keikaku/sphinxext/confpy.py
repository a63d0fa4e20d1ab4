"""Where a setting was given: the line of conf.py, or the command line.

A finding about a setting points at the assignment in force (the last one),
found by parsing conf.py rather than by searching its text, or says that the
value came from ``sphinx-build -D``, where no line of conf.py is to blame.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config


def assignments(conf: Path) -> dict[str, list[int]]:
    """Every name conf.py assigns (``x = …``, ``x: T = …``, ``x += …``,
    ``x["k"] = …``), with the lines it is assigned on, in order."""
    try:
        tree = ast.parse(conf.read_bytes(), filename=str(conf))
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, list[int]] = {}

    def note(target: ast.expr) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                note(element)
        elif isinstance(target, ast.Subscript):
            note(target.value)
        elif isinstance(target, ast.Name):
            found.setdefault(target.id, []).append(target.lineno)

    # the module's own statements, inside if/try/with/for too, but not a
    # function's or class's names, which are no settings
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Assign):
            for target in node.targets:
                note(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            note(node.target)
        pending.extend(
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.stmt)
            and not isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            )
        )
    for lines in found.values():
        lines.sort()
    return found


def line_of(conf: Path, name: str) -> int | None:
    """The line of conf.py that assigns *name* last: the value in force."""
    if not conf.is_file():
        return None
    lines = assignments(conf).get(name)
    if lines:
        return lines[-1]
    # a name conf.py does not assign itself (set through exec, say): the last
    # line that starts with it, if any
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[:=]")
    numbered = enumerate(conf.read_text(encoding="utf-8").splitlines(), 1)
    matches = [number for number, line in numbered if pattern.match(line)]
    return matches[-1] if matches else None


def from_command_line(config: Config, name: str) -> bool:
    """Whether *name* was set with ``-D`` (which wins over conf.py)."""
    return name in config.overrides


def setting_location(
    confdir: str | Path | None, config: Config, name: str
) -> tuple[str | None, int | None]:
    """Where the value of setting *name* in force was written: conf.py and
    the line of its last assignment, or ``(None, None)`` when it came from
    ``sphinx-build -D`` (no line of conf.py is to blame then)."""
    if from_command_line(config, name):
        return None, None
    conf = Path(confdir or ".") / "conf.py"
    return str(conf), line_of(conf, name)
