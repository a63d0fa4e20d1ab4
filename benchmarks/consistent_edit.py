#!/usr/bin/env python3
"""Row (d) with a consistent baseline: what an edit costs when the notes
stay right.

Row (d) of ``run.py`` edits one indicator's actual on its page and rebuilds.
keikaku then writes again every page that shows the value: the object's
page, the tables page (``plan-evaluation``) and, when a grade changes, the
history. The ``notes`` baseline edits only the page, so its tables page and
history page go on showing the old numbers (``run.py`` says so in its
notes). A city keeping plain notes right edits those pages too. This script
measures both ways, paired, in one run:

``keikaku``           the edit, as in row (d)
``notes-page``        the notes with only the page edited, as in row (d)
``notes-consistent``  the notes with the page, ``tables.md`` and
                      ``history.md`` written again with the numbers the
                      generator computes after the edit

It reports the medians and keikaku's ratio to each. The ratio to
``notes-page`` is row (d)'s; the other is reported without a target. This is
not a test and CI does not run it::

    python benchmarks/consistent_edit.py            # 6 edits of each, ~5 min
    python benchmarks/consistent_edit.py --repeat 12

The plans are those of ``generate.py`` at the reference scale, written
afresh into ``benchmarks/_work/consistent/`` (not the plans of ``run.py``,
so the two runners can be used one after the other).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, read only)
from run import WORK, byte_compile, sphinx_build  # noqa: E402

KINDS = ("keikaku", "notes-page", "notes-consistent")


def build(python: str, src: Path, outdir: Path, kind: str) -> float:
    """One build as ``run.py`` makes it; its CPU seconds (user + sys)."""
    done = sphinx_build(
        python,
        src,
        outdir,
        variant=src.name,
        kind=kind,
        jobs="1",
        cache_home=outdir.parent / f"{outdir.name}-cache",
        log=outdir.parent / f"{outdir.name}-{kind}.log",
    )
    if done.returncode != 0:
        sys.exit(f"build of {src} failed (exit {done.returncode}):\n{done.stderr_head}")
    return done.cpu_seconds


def rewrite_tables(root: Path, plan: generate.Plan) -> None:
    """The notes' tables and history pages with the plan's numbers now."""
    notes = root / "notes"
    text = generate.tables_text(plan, "notes")
    (notes / "tables.md").write_text(text + "\n", encoding="utf-8")
    text = generate.HistoryWriter(plan).history()
    (notes / "history.md").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    byte_compile(args.python)
    base = WORK / "consistent"
    root, plan = generate.generate(1.0, base / "plans")
    out = base / "out"
    shutil.rmtree(out, ignore_errors=True)
    # the edits are measured on output of a fresh build, as in run.py
    for variant in ("keikaku", "notes"):
        build(args.python, root / variant, out / variant, "fresh")
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for step in range(1, args.repeat + 1):
        generate.edit_one_page(root, plan, step, ("keikaku",))
        seconds["keikaku"].append(
            build(args.python, root / "keikaku", out / "keikaku", "edit")
        )
        generate.edit_one_page(root, plan, step, ("notes",))
        seconds["notes-page"].append(
            build(args.python, root / "notes", out / "notes", "edit")
        )
        # another value, so that the page changes again, and the tables with it
        generate.edit_one_page(root, plan, 100 + step, ("notes",))
        rewrite_tables(root, plan)
        seconds["notes-consistent"].append(
            build(args.python, root / "notes", out / "notes", "consistent")
        )
        print(
            f"  edit {step}: "
            + ", ".join(f"{kind} {seconds[kind][-1]:.2f} s" for kind in KINDS),
            file=sys.stderr,
            flush=True,
        )
    medians = {kind: statistics.median(values) for kind, values in seconds.items()}
    print(f"Edit builds, CPU seconds, median of {args.repeat} (scale 1, -j 1):\n")
    print("| build | median | keikaku ÷ it |")
    print("| --- | ---: | ---: |")
    for kind in KINDS:
        ratio = medians["keikaku"] / medians[kind]
        print(f"| {kind} | {medians[kind]:.2f} s | {ratio:.2f}× |")
    print(f"\n(run {time.strftime('%Y-%m-%d %H:%M')}, {args.repeat} edits of each)")


if __name__ == "__main__":
    main()
