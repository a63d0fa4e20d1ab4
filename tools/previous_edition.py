#!/usr/bin/env python3
"""Make the example plan's previous edition: ``example_plan/_editions/r6-original.json``.

The example plan (みずほ台市第6次総合計画 前期基本計画) is shown as revised
in its mid-term review (中間見直し, 令和7年度); ``reports/changes.md``
compares it with the edition first adopted (策定時, 令和6年3月). That
earlier edition is the current example plan with the edits in
:data:`EDITS` undone, so this script copies ``example_plan`` to a
temporary directory, applies them, builds it and keeps its
``keikaku/plan.json``::

    PYTHONPATH=. python3 tools/previous_edition.py

Run it again when the example plan changes in a way the earlier edition
should share (a new measure both editions have, say); each edit fails
loudly if the text it changes is gone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_plan"
TARGET = EXAMPLE / "_editions" / "r6-original.json"

#: An indicator the revision dropped: the earlier edition still has it.
_DROPPED = """
```{indicator} 自治会加入率
:id: I4-2-3-z
:measure: M4-2-3
:unit: %
:baseline: 2022: 61.2
:target: 2027: 65.0
```
"""

#: (file, text now, text in the earlier edition): what the revision changed.
EDITS: list[tuple[str, str, str]] = [
    # targets raised after the first two years
    (
        "goals/goal4.md",
        ":target: 2025: 445,000, 2027: 480,000",
        ":target: 2025: 430,000, 2027: 460,000",
    ),
    # the recycling target lowered (the collection system changed)
    ("goals/goal4.md", ":target: 2027: 25.0", ":target: 2027: 27.0"),
    # measures retitled
    (
        "goals/goal4.md",
        "{measure} 脱炭素社会の実現に向けた取組の推進",
        "{measure} 地球温暖化対策の推進",
    ),
    ("goals/goal3.rst", "交通安全と防犯対策の推進", "交通安全の推進"),
    # community work moved from the economy policy to the environment policy
    ("goals/goal4.md", ":id: M4-2-3\n:vision: V4-2", ":id: M4-2-3\n:vision: V4-1"),
]


def _without_indicator(text: str, title: str) -> str:
    """*text* without the ``indicator`` block titled *title* (added in the revision)."""
    start = text.index(f"```{{indicator}} {title}")
    end = text.index("```\n", text.index("\n", start)) + len("```\n")
    return text[:start] + text[end:]


def make(source: Path) -> None:
    for name, now, before in EDITS:
        path = source / name
        text = path.read_text(encoding="utf-8")
        if now not in text:
            sys.exit(f"{name}: {now!r} is gone; update tools/previous_edition.py")
        path.write_text(text.replace(now, before), encoding="utf-8")
    goal4 = source / "goals" / "goal4.md"
    text = _without_indicator(
        goal4.read_text(encoding="utf-8"), "ふるさと納税の寄附件数"
    )
    goal4.write_text(text + _DROPPED, encoding="utf-8")
    # the earlier edition has no revision pages and no previous edition
    index = source / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("reports/changes\n", ""),
        encoding="utf-8",
    )
    (source / "reports" / "changes.md").unlink()
    conf = source / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'keikaku_previous_plan = "_editions/r6-original.json"', ""
        ),
        encoding="utf-8",
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "example_plan"
        shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("_build"))
        make(source)
        out = Path(tmp) / "html"
        status = subprocess.call(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)]
        )
        if status not in (0, 1):  # the earlier edition's own warnings do not matter
            return status
        shutil.copyfile(out / "keikaku" / "plan.json", TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
