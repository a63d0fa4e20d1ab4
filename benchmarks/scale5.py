"""Scale fault (issue 9): build a plan five times the benchmark's reference
scale once and report its peak memory and wall time.

At scale 5 the synthetic plan of ``generate.py`` has 50 visions, 1,500
measures, 6,000 indicators and 15,000 budget links (22,550 plan objects on
300 pages, plus the page with the plan-wide tables). Only the keikaku variant
is written, with ``keikaku_charts = False``. The build is one
``python -m sphinx -b html -q -j 1`` child process; its peak resident set is
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after it ends (the largest
of the process tree, not a sum). The issue asks that this fits in a 24 GB
machine.

This is not a test and CI does not run it::

    python benchmarks/scale5.py                 # into a temporary directory
    python benchmarks/scale5.py --out /tmp/s5 --keep --jobs 2

It prints one Markdown table and writes ``result.json`` beside the plan.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, read only)
from run import checkout_env, sphinx_args  # noqa: E402

LIMIT_BYTES = 24 * 1024**3


def write_plan(root: Path, scale: float, seed: int) -> dict[str, int]:
    """Write the keikaku variant of the synthetic plan at *scale* to *root*."""
    plan = generate.build_plan(scale, seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(generate.conf_py("keikaku", scale), encoding="utf-8")
    (root / "index.md").write_text(generate.index_md(plan, True), encoding="utf-8")
    (root / "tables.md").write_text(generate.keikaku_tables() + "\n", encoding="utf-8")
    for page in plan.pages:
        text = generate.page_text(plan, page, "keikaku")
        (root / f"{page.name}.md").write_text(text + "\n", encoding="utf-8")
    counts = dict(plan.counts)
    counts["pages"] = len(plan.pages)
    return counts


def build(src: Path, out: Path, jobs: str, python: str) -> dict[str, object]:
    env = checkout_env()
    warnings = out.parent / "warnings.txt"
    cmd = [python, *sphinx_args(src, out, jobs, "-w", str(warnings))]
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall = time.perf_counter() - start
    # ru_maxrss of the children waited for (kB on Linux): this build only
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    text = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
    return {
        "status": proc.returncode,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "warnings": sum(
            1 for line in text.splitlines() if "WARNING" in line or "ERROR" in line
        ),
        "traceback": "Traceback" in proc.stderr.decode("utf-8", "replace"),
        "pages_written": sum(1 for _ in out.rglob("*.html")),
        "plan_json_mb": round(
            (out / "keikaku" / "plan.json").stat().st_size / 1024**2, 1
        )
        if (out / "keikaku" / "plan.json").exists()
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1)")
    parser.add_argument(
        "--out", type=Path, help="where to write (default: a new temporary directory)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the plan and its output"
    )
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()

    top = args.out or Path(tempfile.mkdtemp(prefix="keikaku-scale5-"))
    src, out = top / "plan", top / "html"
    for path in (src, out):
        if path.exists():
            shutil.rmtree(path)
    started = time.perf_counter()
    counts = write_plan(src, args.scale, args.seed)
    generated = time.perf_counter() - started
    result = build(src, out, args.jobs, args.python)
    record = {
        "scale": args.scale,
        "jobs": args.jobs,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "generate_s": round(generated, 1),
        **counts,
        **result,
        "fits_24_gb": float(result["peak_rss_mb"]) * 1024**2 < LIMIT_BYTES,  # type: ignore[arg-type]
    }
    (top / "result.json").write_text(
        json.dumps(record, indent=2) + "\n", encoding="utf-8"
    )
    objects = sum(
        counts[k] for k in ("visions", "measures", "indicators", "budget_links")
    )
    print("| scale | objects | pages | -j | status | wall | peak RSS | fits 24 GB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {args.scale:g} | {objects:,} | {counts['pages']} | {args.jobs} | {result['status']} "
        f"| {result['wall_s']} s | {result['peak_rss_mb']:,} MB | {'yes' if record['fits_24_gb'] else 'NO'} |"
    )
    if args.keep or args.out is not None:
        print(f"details: {top / 'result.json'}")
    else:
        print(json.dumps(record, indent=2))
        shutil.rmtree(top)


if __name__ == "__main__":
    main()
