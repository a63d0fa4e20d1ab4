"""CPU time per chart, cold: N indicator charts drawn in a fresh process.

Run with the tree to measure on ``PYTHONPATH``::

    PYTHONPATH=. python benchmarks/charts.py            # 200 charts, SVG
    PYTHONPATH=. python benchmarks/charts.py -n 500 --format pdf

"Cold" means a new process and an empty cache directory: the one-off cost
(importing matplotlib, loading the font) is printed apart from the cost per
chart, which is the CPU time of drawing and writing N different charts in
this process (``time.process_time``), divided by N.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="number of charts")
    parser.add_argument("--format", choices=("svg", "pdf"), default="svg")
    args = parser.parse_args()
    todo = specs(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        # one chart of another kind: the import and the font, once
        draw_charts(
            [grades_spec("warm-up", [("A", 1)])],
            Path(tmp),
            args.format,
            in_process=True,
        )
        setup = time.process_time() - start
        start = time.process_time()
        _drawer, problems = draw_charts(todo, Path(tmp), args.format, in_process=True)
        spent = time.process_time() - start
    if problems:
        print(f"{len(problems)} problem(s), first: {problems[0].message}")
    print(f"first chart (import, font): {setup * 1000:.0f} ms")
    print(
        f"{args.n} {args.format} indicator charts: {spent * 1000 / args.n:.1f} ms/chart"
    )


if __name__ == "__main__":
    main()
