"""CPU time per chart, cold: N indicator charts drawn in a fresh process.

Run with the tree to measure on ``PYTHONPATH``::

    PYTHONPATH=. python benchmarks/charts.py            # 200 charts, SVG
    PYTHONPATH=. python benchmarks/charts.py -n 500 --format pdf

"Cold" means a new process and an empty cache directory: the one-off cost
(importing matplotlib, loading the font) is printed apart from the cost per
chart, which is the CPU time of drawing and writing N different charts in
this process (``time.process_time``), divided by N.  Every chart is drawn
once (no chart comes from keikaku's chart cache); what one process keeps
between charts (the figure, the outlines of texts seen before) counts, as
it does in a build.

To compare two trees (this one and, say, an export of the last release) in
the same conditions, on a loaded machine::

    git archive v0.1 | tar -x -C /tmp/before
    python benchmarks/charts.py --against /tmp/before --repeat 7

Each repetition draws with both trees, SVG and PDF, each in a new process
(the order alternating); the table gives the medians and the median of the
ratios of the paired runs, which load disturbs much less than the times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sphinxcontrib_keikaku.core.model import Indicator
from sphinxcontrib_keikaku.output.charts import (
    ChartSpec,
    draw_charts,
    grades_spec,
    indicator_spec,
)

TITLES = (
    "自主防災組織数",
    "市民一人当たりの図書貸出冊数",
    "待機児童数",
    "温室効果ガス排出量",
)


def specs(count: int) -> list[ChartSpec]:
    """*count* different indicator charts, with realistic titles and years."""
    result = []
    for number in range(count):
        base = Decimal(10 + number % 97)
        indicator = Indicator(
            id=f"I{number}",
            title=f"{TITLES[number % len(TITLES)]}（{number}）",
            docname="plan",
            lineno=1,
            measures=("M1",),
            unit=("組織", "冊", "人", "%")[number % 4],
            direction=("up", "down", "keep")[number % 3],
            baseline=(2023, base),
            target={2025: base + 3, 2027: base + 5 + number % 3},
            actual={2024: base + 1, 2025: base + Decimal("2.5")},
        )
        spec = indicator_spec(
            indicator, year_style="western", language="ja", describe=False
        )
        assert spec is not None
        result.append(spec)
    return result


def measure(count: int, fmt: str) -> dict[str, float]:
    """Draw *count* charts cold in this process: ms for the first chart (the
    imports, the font), ms and bytes per chart for the others."""
    todo = specs(count)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        # one chart of another kind: the import and the font, once
        draw_charts(
            [grades_spec("warm-up", [("A", 1)])], Path(tmp), fmt, in_process=True
        )
        setup = time.process_time() - start
        before = {path.name for path in Path(tmp).iterdir()}
        start = time.process_time()
        _drawer, problems = draw_charts(todo, Path(tmp), fmt, in_process=True)
        spent = time.process_time() - start
        size = sum(
            path.stat().st_size
            for path in Path(tmp).iterdir()
            if path.name not in before
        )
    if problems:
        print(f"{len(problems)} problem(s), first: {problems[0].message}")
    return {
        "setup_ms": setup * 1000,
        "ms_per_chart": spent * 1000 / count,
        "bytes_per_chart": size / count,
    }


def compare(against: Path, count: int, repeat: int) -> None:
    """This tree (after) against *against* (before), *repeat* times."""
    here = Path(__file__).resolve().parent.parent
    trees = {"before": against.resolve(), "after": here}
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    for number in range(repeat):
        for fmt in ("svg", "pdf"):
            order = list(trees.items())
            if (number + (fmt == "pdf")) % 2:
                order.reverse()  # load that changes hits both trees alike
            for name, tree in order:
                env = {**os.environ, "PYTHONPATH": str(tree)}
                output = subprocess.run(
                    [sys.executable, __file__, "-n", str(count), "--format", fmt,
                     "--json"],
                    env=env, capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                result = json.loads(output.splitlines()[-1])
                runs.setdefault((name, fmt), []).append(result)
                print(f"  run {number + 1} {fmt} {name}: "
                      f"{result['ms_per_chart']:.1f} ms/chart", file=sys.stderr)  # fmt: skip
    load = os.getloadavg()[0]
    print(
        f"{count} indicator charts per run, {repeat} runs, load {load:.1f} at the end"
    )
    print()
    print("| format | before ms/chart | after ms/chart | after ÷ before | "
          "before kB/chart | after kB/chart |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for fmt in ("svg", "pdf"):
        before, after = runs["before", fmt], runs["after", fmt]
        ratios = [
            a["ms_per_chart"] / b["ms_per_chart"]
            for a, b in zip(after, before, strict=True)
        ]

        def median(results: list[dict[str, float]], key: str) -> float:
            return statistics.median(r[key] for r in results)

        print(
            f"| {fmt} | {median(before, 'ms_per_chart'):.1f}"
            f" | {median(after, 'ms_per_chart'):.1f}"
            f" | {statistics.median(ratios):.2f}×"
            f" | {median(before, 'bytes_per_chart') / 1000:.1f}"
            f" | {median(after, 'bytes_per_chart') / 1000:.1f} |"
        )
    print()
    for fmt in ("svg", "pdf"):
        for name in trees:
            times = sorted(r["ms_per_chart"] for r in runs[name, fmt])
            print(f"{fmt} {name}: " + ", ".join(f"{t:.1f}" for t in times) + " ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="number of charts")
    parser.add_argument("--format", choices=("svg", "pdf"), default="svg")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--against", type=Path, help="compare with the package in this tree"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs with --against")
    args = parser.parse_args()
    if args.against is not None:
        compare(args.against, args.n, args.repeat)
        return
    result = measure(args.n, args.format)
    if args.json:
        print(json.dumps(result))
        return
    print(f"first chart (import, font): {result['setup_ms']:.0f} ms")
    print(
        f"{args.n} {args.format} indicator charts:"
        f" {result['ms_per_chart']:.1f} ms/chart,"
        f" {result['bytes_per_chart'] / 1000:.1f} kB/chart"
    )


if __name__ == "__main__":
    main()
