"""Where a problem of an evaluation record's option is reported: at the
option's own line, in MyST and in reStructuredText (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult

Build = Callable[..., BuildResult]

MYST = """\
# 評価

```{evaluation} 段階・評価・方向性の誤り
:of: M1
:year: R6
:stage: 三次評価
:evaluator: 危機管理課
:grade: Z
:direction: 拡大
```

```{evaluation} 年度と対象の誤り
:year: 来年

:of: M9
```
"""

RST = """\
Evaluation
==========

.. evaluation:: Stage, grade and direction wrong
   :of: M1
   :year: FY2025
   :stage: final
   :evaluator: Safety division
   :grade: Z
   :direction: widen

.. evaluation:: Year and target wrong
   :of: M9
   :year: next year
"""


def _lines(result: BuildResult, name: str) -> dict[int, set[str]]:
    """Line → the subtypes of the keikaku messages at that line of *name*."""
    found: dict[int, set[str]] = {}
    for match in re.finditer(
        rf"^\S*{re.escape(name)}:(\d+): (?:WARNING|ERROR): .*?\[keikaku\.([a-z-]+)\]$",
        result.warnings,
        re.M,
    ):
        found.setdefault(int(match.group(1)), set()).add(match.group(2))
    return found


def _line(text: str, needle: str) -> int:
    (number,) = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return number


def test_myst_option_problems_at_their_lines(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records")
    (src / "bad.md").write_text(MYST, encoding="utf8")
    index = src / "index.md"
    index.write_text(
        index.read_text("utf8").replace("records\n```", "records\nbad\n```")
    )
    result = build(src)
    assert "Traceback" not in result.warnings
    found = _lines(result, "bad.md")
    assert found == {
        _line(MYST, ":stage: 三次評価"): {"value"},
        _line(MYST, ":grade: Z"): {"value"},
        _line(MYST, ":direction: 拡大"): {"value"},
        _line(MYST, ":year: 来年"): {"value"},
        # options end at the first blank line: :of: below it is content, so
        # the record evaluates nothing, reported at the directive
        _line(MYST, "年度と対象の誤り"): {"orphan"},
    }, result.warnings


def test_rst_option_problems_at_their_lines(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("records-rst")
    page = src / "index.rst"
    text = page.read_text("utf8")
    page.write_text(text + "\n" + RST.split("\n", 3)[3], encoding="utf8")
    written = page.read_text("utf8")
    result = build(src)
    assert "Traceback" not in result.warnings
    found = _lines(result, "index.rst")
    assert found == {
        _line(written, ":stage: final"): {"value"},
        _line(written, ":grade: Z"): {"value"},
        _line(written, ":direction: widen"): {"value"},
        _line(written, ":of: M9"): {"unknown-id"},
        _line(written, ":year: next year"): {"value"},
    }, result.warnings
