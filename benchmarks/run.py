#!/usr/bin/env python3
"""Benchmark keikaku against plain Sphinx builds of the same plan (issues 8, 13).

Generates the synthetic plans of ``generate.py`` and builds every variant in
the same run, interleaved, each build in its own ``python -m sphinx -b html
-q`` subprocess, then reports medians and the ratios of keikaku to each of:

``plain``  baseline 1: the same HTML as plain MyST (issue 8's baseline)
``notes``  baseline 2: the plan as plain notes, each object a heading with its
           options as a bullet list, the tables page as pipe tables with the
           rows and columns keikaku's tables have
``needs``  the reference: the same objects as hidden generic sphinx-needs
           needs, sphinx-needs without keikaku

Rows and targets (keikaku ÷ plain; ÷ notes for (a)–(d); ÷ needs ≤ 1.0× on
every row):

(a) fresh full build, charts off            (≤ 1.3×)
(b) fresh full build, charts on, cold cache (≤ 2.0×)
(c) rebuild with no changes                 (≤ 1.2×)
(d) incremental build after editing one indicator's actual on one page
                                            (≤ 1.5×)
(e) peak memory, max RSS of the build and its children (≤ 1.5× plain)
(f) fresh full build ``-j auto`` vs ``-j 1`` (-j auto not slower)

The runner only drives ``sphinx-build`` with the checkout on ``PYTHONPATH``;
it imports nothing from the package and reads none of its files, so it works
whatever the package's layout. Results are printed and written to
``benchmarks/_work/results.md`` (and the raw numbers to ``results.json``).
See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

ROWS = "abcdef"
ROW_TITLES = {
    "a": "fresh full build, charts off",
    "b": "fresh full build, charts on (cold chart cache)",
    "c": "rebuild, no changes",
    "d": "incremental build, one page edited",
    "e": "peak memory (max RSS), fresh full build",
    "f": "fresh full build, `-j auto` ÷ `-j 1`",
}
#: what keikaku is compared with, in the report's column order
COMPARED = ("plain", "notes", "needs")
COMPARED_TITLES = {
    "plain": "plain (same HTML)",
    "notes": "plain notes",
    "needs": "sphinx-needs alone",
}
#: targets of keikaku ÷ each compared variant, per row (issue 8 for plain,
#: issue 13 for notes and needs); a row without an entry has no target
TARGETS: dict[str, dict[str, float]] = {
    "plain": {"a": 1.3, "b": 2.0, "c": 1.2, "d": 1.5, "e": 1.5},
    "notes": {"a": 1.3, "b": 2.0, "c": 1.2, "d": 1.5},
    "needs": dict.fromkeys(ROWS, 1.0),
}
#: target of keikaku's own ``-j auto`` ÷ ``-j 1`` (row (f))
JOBS_TARGET = 1.0
#: rows that run at every scale; the others only at the reference scale
EVERY_SCALE = "abe"


# -- one build ---------------------------------------------------------------


@dataclass
class Build:
    variant: str
    kind: str  # fresh / nochange / edit
    jobs: str
    seconds: float
    cpu_seconds: float  # user + sys of the process and its reaped children
    maxrss_mb: float  # largest single process of the tree (wait4)
    tree_rss_mb: float  # peak sum of RSS over the process tree (sampled)
    returncode: int
    warnings: int
    stderr_head: str = ""
    images: int = 0
    out_mb: float = 0.0
    note: str = ""


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with Path(f"/proc/{entry.name}/stat").open("rb") as fh:
                stat = fh.read().decode("latin-1")
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss_kb(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/statm").open("rb") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            children = _children_map()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += children.get(pid, [])
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))
            self.stop.wait(self.interval)


def _count_images(outdir: Path) -> int:
    count = 0
    for path in outdir.rglob("*"):
        if path.suffix in {".svg", ".png", ".pdf"} and not {
            "_static",
            ".doctrees",
        } & set(path.relative_to(outdir).parts):
            count += 1
    return count


def _size_mb(outdir: Path) -> float:
    total = 0
    for path in outdir.rglob("*"):
        if path.is_file() and ".doctrees" not in path.parts:
            total += path.stat().st_size
    return total / 1e6


WARNING_RE = re.compile(
    r"(WARNING|ERROR|CRITICAL|SEVERE)\b|Extension error|Exception occurred"
)


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment of a build: this checkout first on ``PYTHONPATH``."""
    return dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
        ),
        **extra,
    )


def byte_compile(python: str) -> None:
    """Byte-compile the checkout's package, as pip does when it installs one.

    The builds import keikaku from this checkout, while Sphinx, sphinx-needs
    and the rest come installed and byte-compiled. Where Python may not
    write ``__pycache__`` (``PYTHONDONTWRITEBYTECODE``, a read-only clone),
    every build would compile every module of the checkout again, a cost no
    installed keikaku has. ``compileall`` writes the caches regardless.
    """
    package = REPO / "sphinxcontrib_keikaku"
    if package.is_dir():
        subprocess.run(
            [python, "-m", "compileall", "-q", str(package)],
            check=False,
            stdout=subprocess.DEVNULL,
        )


def sphinx_args(src: Path, outdir: Path, jobs: str, *extra: str) -> list[str]:
    """``-m sphinx`` and its arguments for a quiet HTML build."""
    return [
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-j",
        jobs,
        *extra,
        str(src),
        str(outdir),
    ]


def sphinx_build(
    python: str,
    src: Path,
    outdir: Path,
    *,
    variant: str,
    kind: str,
    jobs: str,
    cache_home: Path,
    log: Path,
    measure_output: bool = False,
) -> Build:
    env = checkout_env(
        MPLCONFIGDIR=str(WORK / "mplconfig"),  # warm font cache: not the subject
        XDG_CACHE_HOME=str(cache_home),  # per output dir: cold for fresh builds
    )
    cmd = [python, *sphinx_args(src, outdir, jobs)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with Path(log).open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    build = Build(
        variant=variant,
        kind=kind,
        jobs=jobs,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=sampler.peak_kb / 1024,
        returncode=proc.returncode,
        warnings=sum(1 for line in lines if WARNING_RE.search(line)),
        stderr_head="\n".join(lines[:6]) if (proc.returncode or lines) else "",
    )
    if measure_output:
        build.images = _count_images(outdir)
        build.out_mb = _size_mb(outdir)
    return build


# -- environment ---------------------------------------------------------------


def machine(python: str) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    code = (
        "import sys, importlib.metadata as m\n"
        "out = {'python': sys.version.split()[0]}\n"
        "for n in ('sphinx', 'sphinx-needs', 'myst-parser', 'docutils', 'matplotlib'):\n"
        "    try: out[n] = m.version(n)\n"
        "    except Exception: out[n] = '-'\n"
        "import json; print(json.dumps(out))\n"
    )
    versions = json.loads(
        subprocess.run(
            [python, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "os": platform.platform(),
        "commit": machine_commit(),
        **versions,
    }


def machine_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "status",
                "--porcelain",
                "--",
                "sphinxcontrib_keikaku",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return commit + (" + uncommitted changes in sphinxcontrib_keikaku" if dirty else "")


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def detect_tables(python: str) -> tuple[bool, str]:
    """Whether plan-coverage, plan-evaluation and plan-budget build: a tiny
    keikaku build with the tables page must be clean. Nothing of the package
    is read or imported, so this holds whatever its layout."""
    probe = WORK / "probe"
    shutil.rmtree(probe, ignore_errors=True)
    root, _plan = generate.generate(0.05, probe / "plans", tables=True)
    build = sphinx_build(
        python,
        root / "keikaku",
        probe / "out",
        variant="keikaku",
        kind="fresh",
        jobs="1",
        cache_home=probe / "cache",
        log=probe / "probe.log",
    )
    if build.returncode or build.warnings:
        reason = build.stderr_head.splitlines()
        return False, "a tiny build with the tables page fails: " + (
            " / ".join(reason[-3:]) if reason else f"exit {build.returncode}"
        )
    return True, "a tiny build with the tables page is clean"


# -- the benchmark -----------------------------------------------------------------


@dataclass
class ScaleResult:
    scale: float
    counts: dict[str, int]
    builds: list[Build] = field(default_factory=list)

    def pick(self, variant: str, kind: str, jobs: str = "1") -> list[Build]:
        return [
            b
            for b in self.builds
            if b.variant == variant and b.kind == kind and b.jobs == jobs
        ]


def restore_srcdir(src: Path, expected: set[str], seen: set[str]) -> None:
    """Remove whatever a build left in the source directory (e.g. a cache)."""
    for entry in src.iterdir():
        if entry.name not in expected:
            seen.add(entry.name)
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def run_scale(
    args: argparse.Namespace, scale: float, rows: str, tables: bool, stray: set[str]
) -> ScaleResult:
    root, plan = generate.generate(scale, WORK / "plans", args.seed, tables=tables)
    result = ScaleResult(scale, plan.counts)
    expected = {v: {p.name for p in (root / v).iterdir()} for v in generate.VARIANTS}
    outroot = WORK / "out" / generate.scale_label(scale)
    label = generate.scale_label(scale)

    def build(variant: str, kind: str, jobs: str, outdir: Path) -> Build:
        restore_srcdir(root / variant, expected[variant], stray)
        b = sphinx_build(
            args.python,
            root / variant,
            outdir,
            variant=variant,
            kind=kind,
            jobs=jobs,
            cache_home=outdir.parent / (outdir.name + "-cache"),
            log=outdir.parent / f"{outdir.name}-{kind}.log",
            measure_output=(kind == "fresh"),
        )
        result.builds.append(b)
        status = "" if b.returncode == 0 else f" EXIT {b.returncode}"
        warn = f" {b.warnings} warning line(s)" if b.warnings else ""
        extra = f" {b.images} images" if b.images else ""
        print(
            f"  [{label}] {variant:15} {kind:8} -j {jobs:4} {b.seconds:7.2f} s "
            f"(cpu {b.cpu_seconds:6.2f} s) "
            f"{b.maxrss_mb:6.0f} MB{extra}{warn}{status}   (load {loadavg()})",
            file=sys.stderr,
            flush=True,
        )
        return b

    def fresh_outdir(name: str) -> Path:
        outdir = outroot / name
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(outdir.parent / (outdir.name + "-cache"), ignore_errors=True)
        return outdir

    def rebuilds(variant: str, rep: int, outdir: Path) -> None:
        if "c" in rows:
            build(variant, "nochange", "1", outdir)
        if "d" in rows:
            page, value = generate.edit_one_page(root, plan, rep + 1, (variant,))
            html = outdir / f"{page}.html"
            before = html.stat().st_mtime_ns if html.is_file() else 0
            b = build(variant, "edit", "1", outdir)
            b.note = f"{page}: actual → {value}" + edit_check(
                variant, outdir, html, before, value, plan
            )

    def series(variant: str, rep: int) -> None:
        """A fresh build, then the rebuilds (c) and (d) on its output."""
        outdir = fresh_outdir(f"{variant}-r{rep}")
        first = build(variant, "fresh", "1", outdir)
        if first.returncode in (0, 1):
            rebuilds(variant, rep, outdir)

    # every variant is built the same way in every repetition, interleaved
    # (keikaku with charts right after keikaku); odd repetitions run the
    # order backwards, so that a change in machine load hits all of them
    variants = ["keikaku", *(v for v in COMPARED if v not in args.leave_out)]
    for rep in range(args.repeat):
        order = variants[::-1] if rep % 2 else variants
        for variant in order:
            series(variant, rep)
            if variant == "keikaku" and "b" in rows:
                series("keikaku-charts", rep)
        if "f" in rows:
            for variant in order:
                build(variant, "fresh", "auto", fresh_outdir(f"{variant}-jauto-r{rep}"))
    # the output trees are large: keep only the last repetition's
    for rep in range(args.repeat - 1):
        for path in outroot.glob(f"*-r{rep}*"):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else None
    return result


def edit_check(
    variant: str,
    outdir: Path,
    html: Path,
    before_ns: int,
    value: str,
    plan: generate.Plan,
) -> str:
    """The end of an edit build's note: empty (or how it was checked) if the
    edited value reached the output, else a warning."""
    if not html.is_file():
        return " NOT IN OUTPUT"
    if variant != "needs":
        return "" if value in html.read_text(encoding="utf-8") else " NOT IN OUTPUT"
    # hidden needs render nothing: the page must have been written again and
    # the need's new `actual` field be in the pickled environment
    actual = generate.pairs(plan.edit_target().actual).encode()
    env = outdir / ".doctrees" / "environment.pickle"
    rewritten = html.stat().st_mtime_ns > before_ns
    stored = env.is_file() and actual in env.read_bytes()
    if rewritten and stored:
        return " (hidden need: page written again, new value in the environment)"
    return " NOT IN OUTPUT" + ("" if rewritten else " (page not written again)")


# -- reporting ---------------------------------------------------------------------


def med(builds: list[Build], attr: str = "seconds") -> float | None:
    values = [getattr(b, attr) for b in builds if b.returncode in (0, 1)]
    return statistics.median(values) if values else None


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def fmt_mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def runs(builds: list[Build], attr: str = "seconds") -> str:
    return ", ".join(
        (f"{getattr(b, attr):.1f}" if "seconds" in attr else f"{getattr(b, attr):.0f}")
        + ("" if b.returncode in (0, 1) else f" (exit {b.returncode})")
        for b in builds
    )


def minratio(k: list[Build], p: list[Build], attr: str = "seconds") -> str:
    kv = [getattr(b, attr) for b in k if b.returncode in (0, 1)]
    pv = [getattr(b, attr) for b in p if b.returncode in (0, 1)]
    return f"{min(kv) / min(pv):.2f}×" if kv and pv and min(pv) else "—"


def failed(builds: list[Build]) -> bool:
    return any(b.returncode not in (0,) for b in builds)


@dataclass(frozen=True)
class Line:
    """One line of the result tables: keikaku's builds (*variant*, *kind*,
    *jobs*) against each compared variant's builds of *kind* and *jobs*."""

    row: str
    title: str
    variant: str
    kind: str
    jobs: str = "1"
    attr: str = "seconds"

    @property
    def fmt(self) -> Callable[[float | None], str]:
        return fmt_mb if self.attr.endswith("_mb") else fmt_s


def lines_for(rows: str, charts_note: str, cpu: bool = False) -> list[Line]:
    """The lines of the main table (or, with *cpu*, of the CPU table)."""
    attr = "cpu_seconds" if cpu else "seconds"
    out: list[Line] = []
    if "a" in rows:
        out.append(
            Line("a", ROW_TITLES["a"] + ", `-j 1`", "keikaku", "fresh", attr=attr)
        )
    if "b" in rows:
        out.append(
            Line(
                "b",
                ROW_TITLES["b"] + f", `-j 1`{'' if cpu else charts_note}",
                "keikaku-charts",
                "fresh",
                attr=attr,
            )
        )
    for row in "cd":
        if row in rows:
            kind = "nochange" if row == "c" else "edit"
            out.append(
                Line(row, ROW_TITLES[row] + " (charts off)", "keikaku", kind, attr=attr)
            )
            if "b" in rows:
                out.append(
                    Line(
                        row,
                        ROW_TITLES[row] + " (charts on)",
                        "keikaku-charts",
                        kind,
                        attr=attr,
                    )
                )
    if cpu:
        return out
    if "e" in rows:
        out.append(
            Line(
                "e",
                ROW_TITLES["e"] + ", charts off, `-j 1`",
                "keikaku",
                "fresh",
                attr="maxrss_mb",
            )
        )
        if "b" in rows:
            # chart workers are not waited for by the build: wait4 misses
            # them, the sampled sum over the process tree counts them
            out.append(
                Line(
                    "e",
                    "peak memory, summed RSS of the process tree (sampled), fresh "
                    "full build, charts on, `-j 1`",
                    "keikaku-charts",
                    "fresh",
                    attr="tree_rss_mb",
                )
            )
    if "f" in rows:
        out.append(
            Line(
                "f",
                "fresh full build, charts off, `-j auto`",
                "keikaku",
                "fresh",
                "auto",
            )
        )
    return out


def ratio_cell(
    k: list[Build], other: list[Build], attr: str, target: float | None
) -> tuple[str, bool | None]:
    """keikaku ÷ the other variant, with the target and whether it is met
    (``None``: no target or nothing to compare)."""
    km, om = med(k, attr), med(other, attr)
    if km is None or not om:
        return "—", None
    ratio = km / om
    text = f"{ratio:.2f}×"
    if target is None:
        return text, None
    if failed(k) or failed(other):
        return f"{text}, ≤ {target}×: **build error**", False
    met = ratio <= target
    return f"{text}, ≤ {target}×: " + ("met" if met else "**not met**"), met


def compared(res: ScaleResult) -> list[str]:
    """The compared variants that have builds in *res* (an older results.json
    may lack some)."""
    return [v for v in COMPARED if any(b.variant == v for b in res.builds)]


def compared_builds(res: ScaleResult, variant: str, line: Line) -> list[Build]:
    # the compared variants have no charts: (b) and the charts-on lines
    # compare with their builds of the same kind and -j
    return res.pick(variant, line.kind, line.jobs)


def main_table(
    res: ScaleResult, rows: str, charts_note: str, cpu: bool = False
) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """The table of every row against every baseline and the reference, and
    the verdicts ((line, compared with, met) per target). With *cpu*, CPU
    time and no verdicts."""
    others = compared(res)
    unit = " CPU" if cpu else ""
    head = ["row", "measurement", f"keikaku{unit}"]
    head += [COMPARED_TITLES[v] + unit for v in others]
    head += [f"keikaku ÷ {COMPARED_TITLES[v]}" for v in others]
    out = [
        "| " + " | ".join(head) + " |",
        "| --- | --- | " + " | ".join(["---:"] * (1 + 2 * len(others))) + " |",
    ]
    verdicts: list[tuple[str, str, bool]] = []
    for line in lines_for(rows, charts_note, cpu):
        k = res.pick(line.variant, line.kind, line.jobs)
        cells = [f"({line.row})", line.title, line.fmt(med(k, line.attr))]
        ratios = []
        for v in others:
            o = compared_builds(res, v, line)
            cells.append(line.fmt(med(o, line.attr)))
            target = None if cpu else TARGETS[v].get(line.row)
            text, met = ratio_cell(k, o, line.attr, target)
            ratios.append(text)
            if met is not None:
                verdicts.append((f"({line.row}) {line.title}", COMPARED_TITLES[v], met))
        out.append("| " + " | ".join(cells + ratios) + " |")
    if "f" in rows and not cpu:
        # each variant's own -j auto ÷ -j 1; the target is keikaku's
        cells = ["(f)", ROW_TITLES["f"] + ", charts off"]
        for v in ["keikaku", *others]:
            one, auto = (
                med(res.pick(v, "fresh", "1")),
                med(res.pick(v, "fresh", "auto")),
            )
            ratio = auto / one if auto and one else None
            text = "—" if ratio is None else f"{ratio:.2f}×"
            if v == "keikaku" and ratio is not None:
                broken = failed(res.pick(v, "fresh", "auto"))
                met = ratio <= JOBS_TARGET and not broken
                text += f", ≤ {JOBS_TARGET}×: " + (
                    "met" if met else "**build error**" if broken else "**not met**"
                )
                verdicts.append((f"(f) {cells[1]}", "its own `-j 1`", met))
            cells.append(text)
        out.append("| " + " | ".join(cells + [""] * len(others)) + " |")
    return out, verdicts


def verdict_list(verdicts: list[tuple[str, str, bool]]) -> list[str]:
    """One bullet per table line: met / not met against each compared variant."""
    by_line: dict[str, list[str]] = {}
    for line, versus, met in verdicts:
        by_line.setdefault(line, []).append(
            f"÷ {versus} {'met' if met else '**not met**'}"
        )
    return [f"- {line}: {', '.join(parts)}" for line, parts in by_line.items()]


def runs_table(res: ScaleResult, rows: str) -> list[str]:
    """Every single run behind the medians, and the ratio of the fastest runs
    (on a shared machine the fastest run is the least disturbed)."""
    others = compared(res)
    head = ["row", "measurement", "runs keikaku"]
    head += [f"runs {v}" for v in others]
    head += [f"fastest ÷ fastest {v}" for v in others]
    out = [
        "| " + " | ".join(head) + " |",
        "| --- | --- | "
        + " | ".join(["---"] * (1 + len(others)) + ["---:"] * len(others))
        + " |",
    ]
    for line in lines_for(rows, ""):
        k = res.pick(line.variant, line.kind, line.jobs)
        cells = [f"({line.row})", line.title, runs(k, line.attr)]
        cells += [runs(compared_builds(res, v, line), line.attr) for v in others]
        cells += [minratio(k, compared_builds(res, v, line), line.attr) for v in others]
        out.append("| " + " | ".join(cells) + " |")
    return out


def scaling_table(results: list[ScaleResult], rows: str) -> list[str]:
    """Fresh full builds (charts off, ``-j 1``) of every variant at every
    scale: wall clock, CPU seconds per 1,000 plan objects, peak memory."""
    variants = [
        v for v in ("keikaku", *COMPARED) if any(r.pick(v, "fresh") for r in results)
    ]
    head = ["scale", "objects", "pages"]
    head += [f"{v} full" for v in variants]
    head += [f"{v} CPU s / 1,000 objects" for v in variants]
    if "b" in rows:
        head += ["keikaku charts on"]
    head += [f"{v} peak MB" for v in variants]
    out = [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(["---:"] * len(head)) + " |",
    ]
    for res in results:
        n = res.counts["objects"] / 1000
        cells = [
            f"{res.scale:g}",
            f"{res.counts['objects']:,}",
            str(res.counts["pages"]),
        ]
        cells += [fmt_s(med(res.pick(v, "fresh"))) for v in variants]
        for v in variants:
            cpu = med(res.pick(v, "fresh"), "cpu_seconds")
            cells.append("—" if cpu is None else f"{cpu / n:.2f}")
        if "b" in rows:
            cells.append(fmt_s(med(res.pick("keikaku-charts", "fresh"))))
        cells += [fmt_mb(med(res.pick(v, "fresh"), "maxrss_mb")) for v in variants]
        out.append("| " + " | ".join(cells) + " |")
    return out


def report(
    meta: dict, info: dict, results: list[ScaleResult], tables: bool, tables_reason: str
) -> str:
    ref_scale, rows, stray = meta["ref_scale"], meta["rows"], set(meta.get("stray", ()))
    ref = next(r for r in results if r.scale == ref_scale)
    images = [b.images for b in ref.pick("keikaku-charts", "fresh")]
    off_images = [b.images for b in ref.pick("keikaku", "fresh")]
    if "b" in rows:
        if not images or max(images) == 0:
            charts_note = (
                " — no chart images written: `keikaku_charts` has no effect yet"
            )
        else:
            charts_note = f" ({max(images):,} chart images)"
    else:
        charts_note = ""
    c = ref.counts
    table, verdicts = main_table(ref, rows, charts_note)
    lines = [
        "# keikaku benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M', time.localtime(meta['started']))}, "
        f"{(meta['ended'] - meta['started']) / 60:.0f} min; `benchmarks/run.py "
        + " ".join(meta["argv"])
        + "`.",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores; {info['os']}",
        f"- Python {info['python']}, Sphinx {info['sphinx']}, sphinx-needs "
        f"{info['sphinx-needs']}, myst-parser {info['myst-parser']}, docutils "
        f"{info['docutils']}, matplotlib {info['matplotlib']}",
        f"- keikaku: {info['commit']}"
        + (
            ""
            if meta["commit_end"] == info["commit"]
            else f" at start, {meta['commit_end']} at end (the package changed during the run)"
        ),
        f"- load average at start {meta['load_start']}, at end {meta['load_end']} (the machine is "
        "shared: other work running at the same time widens the spread of the runs)",
        "",
        f"## Reference scale ({ref_scale:g}): {c['visions']:,} visions, {c['measures']:,} "
        f"measures, {c['indicators']:,} indicators, {c['budget_links']:,} budget links "
        f"({c['objects']:,} objects) on {c['pages']} pages"
        + (" + tables page" if tables else " (no tables page)"),
        "",
        f"Median of {meta['repeat']} run(s) of every variant, all in this one run, "
        "interleaved (the order reversed in every other repetition). Every build "
        "is `python -m sphinx -b html -q` in its own process; fresh builds use a "
        "new output directory (and so a cold chart cache). Compared with keikaku: "
        "**plain (same HTML)**, issue 8's baseline, the same pages as plain MyST "
        "with the text and tables keikaku renders; **plain notes**, each plan "
        "object a heading with its options as a bullet list and the tables page "
        "as pipe tables with keikaku's rows and columns; **sphinx-needs alone**, "
        "the reference, every object a hidden generic sphinx-needs need (see the "
        "notes). The verdicts use the medians.",
        "",
        *table,
        "",
        f"Targets met: {sum(met for _l, _v, met in verdicts)} of {len(verdicts)}.",
        "",
        *verdict_list(verdicts),
        "",
        "Every run, and the ratio of the fastest runs:",
        "",
        *runs_table(ref, rows),
        "",
    ]
    if any(r in rows for r in "abcd"):
        lines += [
            "The same builds in CPU time (user + sys of the build process and the "
            "children it waited for, from `wait4`), without verdicts. On a shared "
            "machine CPU time moves much less than wall-clock time; with `-j 1` and "
            "no chart workers the two differ only by the time spent waiting. It "
            "does not include chart workers (they are children of a fork server "
            "that the build does not wait for), so for charts on only the "
            "wall-clock rows count.",
            "",
            *main_table(ref, rows, charts_note, cpu=True)[0],
            "",
        ]
    notes = []
    if not tables:
        notes.append(
            f"The tables page (`plan-coverage`, `plan-evaluation`, "
            f"`plan-budget`) is left out: {tables_reason}."
        )
    if "b" in rows and off_images and max(off_images) > 0:
        notes.append(f"The charts-off build still wrote {max(off_images)} image files.")
    edits = [b for b in ref.builds if b.kind == "edit"]
    shown = [
        next(b for b in edits if b.variant == v) for v in {b.variant: 0 for b in edits}
    ]
    shown += [b for b in edits if "NOT IN OUTPUT" in b.note and b not in shown]
    for b in shown:
        notes.append(f"One-page edit ({b.variant}): {b.note}.")
    if ref.pick("needs", "fresh"):
        notes.append(
            "The sphinx-needs reference (`needs` variant: the same pages with "
            "every plan object as a hidden generic `need`, sphinx-needs "
            "without keikaku, one `needtable` on the tables page) shows what "
            "sphinx-needs by itself costs for the same objects; keikaku, which "
            "makes every object such a need and more, aims at no more (≤ 1.0×). "
            "Its hidden needs render nothing, so its pages and search index hold "
            "only the headings and the `needtable` (ids and titles), not the "
            "text keikaku and plain render: it measures sphinx-needs' reading, "
            "data and links, not the same HTML. Its edit build is checked in "
            "the pickled environment, and its `needtable` page is not written "
            "again (sphinx-needs #354)."
        )
    if ref.pick("notes", "fresh"):
        notes.append(
            "The plain notes (`notes` variant, MyST only) carry the same "
            "information as text: every plan object is a labelled heading with "
            "its options as a bullet list and its body; the tables page holds "
            "keikaku's tables (coverage, evaluation, grade distribution, budget, "
            "settlement) as static pipe tables with the same rows and columns, "
            "numbers computed by the generator. Like plain, its tables page goes "
            "stale on an edit."
        )
    bad = [b for r in results for b in r.builds if b.returncode or b.warnings]
    for b in bad[:8]:
        notes.append(
            f"{b.variant} {b.kind} -j {b.jobs}: exit {b.returncode}, "
            f"{b.warnings} warning line(s): `"
            + b.stderr_head.replace("\n", " ⏎ ")[:300]
            + "`"
        )
    if stray:
        notes.append(
            "Builds wrote into the source directory (removed before each "
            "build): " + ", ".join(sorted(stray))
        )
    sizes = {v: med(ref.pick(v, "fresh"), "out_mb") for v in generate.VARIANTS}
    notes.append(
        "HTML output (without doctrees): "
        + ", ".join(f"{v} {s:.3g} MB" for v, s in sizes.items() if s)
    )
    tree = {v: med(ref.pick(v, "fresh"), "tree_rss_mb") for v in generate.VARIANTS}
    notes.append(
        "Peak summed RSS of the whole process tree (sampled every 0.25 s; "
        "charts are drawn in worker processes): "
        + ", ".join(f"{v} {s:.0f} MB" for v, s in tree.items() if s)
    )
    lines += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    if len(results) > 1 or "a" in rows:
        lines += [
            "## Growth with plan size (fresh full build, `-j 1`)",
            "",
            *scaling_table(results, rows),
            "",
        ]
        per = [
            (
                r.scale,
                med(r.pick("keikaku", "fresh"), "cpu_seconds"),
                r.counts["objects"],
            )
            for r in results
        ]
        per = [(s, t / n * 1000) for s, t, n in per if t]
        if len(per) > 1:
            lo, hi = per[0], per[-1]
            lines += [
                f"keikaku CPU seconds per 1,000 objects at scale {hi[0]:g} ÷ at scale "
                f"{lo[0]:g}: {hi[1] / lo[1]:.2f} (1.00 = exactly linear; the fixed "
                "start-up cost of Python and Sphinx makes small scales look "
                "dearer per object).",
                "",
            ]
    return "\n".join(lines)


def profile(args, ref_scale: float, tables: bool, variant: str) -> str:
    """Profile a fresh build, then a no-change rebuild and a one-page edit."""
    root, plan = generate.generate(ref_scale, WORK / "plans", args.seed, tables=tables)
    outdir = WORK / "out" / "profile"
    shutil.rmtree(outdir, ignore_errors=True)
    env = checkout_env(
        MPLCONFIGDIR=str(WORK / "mplconfig"),
        XDG_CACHE_HOME=str(WORK / "out" / "profile-cache"),
    )
    text = ""
    for kind in ("fresh", "nochange", "edit"):
        if kind == "edit":
            generate.edit_one_page(root, plan, 1, (variant,))
        prof = WORK / f"profile-{kind}.prof"
        start = time.perf_counter()
        subprocess.run(
            [
                args.python,
                "-m",
                "cProfile",
                "-o",
                str(prof),
                *sphinx_args(root / variant, outdir, "1"),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall = time.perf_counter() - start
        out = subprocess.run(
            [args.python, "-c", PROFILE_REPORT, str(prof)],
            capture_output=True,
            text=True,
        ).stdout
        text += (
            f"## Profile: {kind} build of {variant}, scale {ref_scale:g}, -j 1 "
            f"({wall:.1f} s under the profiler)\n\n" + out + "\n"
        )
    (WORK / "profile.md").write_text(text, encoding="utf-8")
    return text


def save(
    path: Path,
    meta: dict,
    info: dict,
    tables: bool,
    tables_reason: str,
    results: list[ScaleResult],
) -> None:
    path.write_text(
        json.dumps(
            {
                "meta": meta,
                "machine": info,
                "tables": tables,
                "tables_reason": tables_reason,
                "results": [
                    {
                        "scale": r.scale,
                        "counts": r.counts,
                        "builds": [asdict(b) for b in r.builds],
                    }
                    for r in results
                ],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )


def load(path: Path) -> tuple[dict, dict, bool, str, list[ScaleResult]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    results = [
        ScaleResult(r["scale"], r["counts"], [Build(**b) for b in r["builds"]])
        for r in data["results"]
    ]
    meta = data.get("meta") or {}
    scales = [r.scale for r in results]
    meta.setdefault("ref_scale", 1.0 if 1.0 in scales else scales[0])
    ref = next(r for r in results if r.scale == meta["ref_scale"])
    kinds = {(b.variant, b.kind, b.jobs) for b in ref.builds}
    rows = (
        "ae"
        + ("b" if any(v == "keikaku-charts" for v, _k, _j in kinds) else "")
        + ("c" if any(k == "nochange" for _v, k, _j in kinds) else "")
        + ("d" if any(k == "edit" for _v, k, _j in kinds) else "")
        + ("f" if any(j == "auto" for _v, _k, j in kinds) else "")
    )
    meta.setdefault("rows", "".join(sorted(rows)))
    meta.setdefault("repeat", len(ref.pick("keikaku", "fresh")))
    mtime = path.stat().st_mtime
    meta.setdefault("started", mtime)
    meta.setdefault("ended", mtime)
    meta.setdefault("argv", ["(not recorded)"])
    meta.setdefault("load_start", "?")
    meta.setdefault("load_end", "?")
    meta.setdefault("commit_end", data["machine"]["commit"])
    return meta, data["machine"], data["tables"], data["tables_reason"], results


PROFILE_REPORT = r"""
import pstats, sys
s = pstats.Stats(sys.argv[1])
total = max(v[3] for v in s.stats.values())
rows = sorted(s.stats.items(), key=lambda kv: -kv[1][3])
PHASES = {
    "sphinx/builders/__init__.py": ("read", "write", "_write_serial", "_read_serial",
                                    "_write_docname", "read_doc"),
    "sphinx/builders/html/__init__.py": ("write_doc", "write_doc_serialized", "index_page",
                                         "finish", "handle_finish"),
    "sphinx/environment/__init__.py": ("get_and_resolve_doctree", "apply_post_transforms",
                                       "check_consistency", "get_outdated_files"),
    "sphinx/util/docutils.py": ("_parse_str_to_doctree",),
    "sphinx/search/__init__.py": ("feed",),
    "sphinx/application.py": ("__init__",),
    "sphinx/events.py": ("emit",),
    "sphinx/util/_pathlib.py": (),
}
def is_phase(f, n):
    return any(f.endswith(k) and n in v for k, v in PHASES.items()) or (
        "pickle" in n and "sphinx" in f)
def show(title, pred, n):
    print(f"### {title}\n")
    print("| cumulative s | share | calls | function |")
    print("| ---: | ---: | ---: | --- |")
    k = 0
    for (fn, line, name), (cc, nc, tt, ct, callers) in rows:
        if pred(fn, name):
            short = fn.split("site-packages/")[-1].split("/work/main/")[-1]
            print(f"| {ct:.2f} | {ct / total:.0%} | {nc:,} | `{short}:{line}({name})` |")
            k += 1
            if k == n: break
    print()
print(f"Total under the profiler: {total:.1f} s (profiling slows Python code "
      "down about twofold, unevenly).\n")
show("Sphinx phases", is_phase, 14)
show("sphinxcontrib_keikaku and sphinx_needs: top 15 by cumulative time",
     lambda f, n: "sphinxcontrib_keikaku" in f or "sphinx_needs" in f, 15)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scales",
        default="1",
        help="comma-separated scale factors, e.g. 0.5,1,3 (default 1)",
    )
    parser.add_argument(
        "--only",
        default=",".join(ROWS),
        help="rows to run, e.g. a,c,d,e,f (default all)",
    )
    parser.add_argument(
        "--all-rows-every-scale",
        action="store_true",
        help=f"run every row at every scale (default: rows "
        f"{','.join(EVERY_SCALE)} at every scale, the others only at "
        "the reference scale)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: scale 0.2, repeat 1"
    )
    parser.add_argument(
        "--tables",
        choices=("auto", "yes", "no"),
        default="auto",
        help="include the tables page (default: if a tiny build with it is clean)",
    )
    parser.add_argument("--no-tables", dest="tables", action="store_const", const="no")
    parser.add_argument(
        "--leave-out",
        default="",
        type=lambda text: {v.strip() for v in text.split(",") if v.strip()},
        help="compared variants to leave out, e.g. needs or notes,needs "
        "(default: none; they are plain, notes and needs)",
    )
    parser.add_argument(
        "--no-needs",
        dest="no_needs",
        action="store_true",
        help="the same as --leave-out needs",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one keikaku build at the reference scale",
    )
    parser.add_argument("--profile-only", action="store_true")
    parser.add_argument(
        "--report-only",
        type=Path,
        metavar="RESULTS_JSON",
        help="write results.md again from a results.json",
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the Python that runs Sphinx (default: this one)",
    )
    args = parser.parse_args()
    unknown = args.leave_out - set(COMPARED)
    if unknown:
        parser.error(
            f"--leave-out: not a compared variant: {', '.join(sorted(unknown))}"
        )
    if args.no_needs:
        args.leave_out.add("needs")
    if args.report_only:
        meta, info, tables, tables_reason, results = load(args.report_only)
        text = report(meta, info, results, tables, tables_reason)
        if (WORK / "profile.md").is_file():
            text += "\n" + (WORK / "profile.md").read_text(encoding="utf-8")
        (WORK / "results.md").write_text(text + "\n", encoding="utf-8")
        print(text)
        return
    if args.quick:
        args.scales, args.repeat = "0.2", 1
    scales = [float(s) for s in args.scales.split(",")]
    rows = "".join(r for r in args.only.replace(",", "") if r in ROWS)
    ref_scale = 1.0 if 1.0 in scales else scales[0]
    started, load_start = time.time(), loadavg()
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "mplconfig").mkdir(exist_ok=True)
    byte_compile(args.python)

    if args.tables == "auto":
        tables, tables_reason = detect_tables(args.python)
    else:
        tables, tables_reason = args.tables == "yes", f"--tables {args.tables}"
    print(
        f"tables page: {'yes' if tables else 'no'} ({tables_reason})", file=sys.stderr
    )
    if args.profile_only:
        print(profile(args, ref_scale, tables, "keikaku"))
        return
    info = machine(args.python)
    results: list[ScaleResult] = []
    stray: set[str] = set()
    for scale in scales:
        scale_rows = (
            rows
            if (scale == ref_scale or args.all_rows_every_scale)
            else "".join(r for r in rows if r in EVERY_SCALE)
        )
        print(f"scale {scale:g}: rows {','.join(scale_rows)}", file=sys.stderr)
        results.append(run_scale(args, scale, scale_rows, tables, stray))
        meta = {
            "argv": sys.argv[1:],
            "started": started,
            "ended": time.time(),
            "load_start": load_start,
            "load_end": loadavg(),
            "repeat": args.repeat,
            "rows": rows,
            "ref_scale": ref_scale,
            "stray": sorted(stray),
            "commit_end": machine_commit(),
        }
        save(WORK / "results.json", meta, info, tables, tables_reason, results)
    text = report(meta, info, results, tables, tables_reason)
    if args.profile:
        text += "\n" + profile(args, ref_scale, tables, "keikaku")
    (WORK / "results.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
