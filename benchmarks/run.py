#!/usr/bin/env python3
"""Benchmark keikaku against plain Sphinx (issue 8).

Generates the synthetic plans of ``generate.py`` and builds the keikaku and
the plain-MyST variants alternately, each in its own ``python -m sphinx -b
html -q`` subprocess, then reports medians and the ratio keikaku ÷ plain:

(a) fresh full build, charts off            (target ≤ 1.3×)
(b) fresh full build, charts on, cold cache (target ≤ 2.0×)
(c) rebuild with no changes                 (target ≤ 1.2×)
(d) incremental build after editing one indicator's actual on one page
                                            (target ≤ 1.5×)
(e) peak memory, max RSS of the build and its children (target ≤ 1.5×)
(f) fresh full build ``-j auto`` vs ``-j 1`` (target: -j auto not slower)

Under (c) and (d) (and with ``--with-needs-fresh`` (a) and (e)) the report
adds a reference line without a target: the ``needs`` variant, the same
objects as hidden generic sphinx-needs needs without keikaku, i.e. what
sphinx-needs by itself costs.

Results are printed and written to ``benchmarks/_work/results.md`` (and the
raw numbers to ``results.json``). See ``benchmarks/README.md``.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

ROWS = "abcdef"
TARGETS = {"a": 1.3, "b": 2.0, "c": 1.2, "d": 1.5, "e": 1.5, "f": 1.0}
ROW_TITLES = {
    "a": "fresh full build, charts off",
    "b": "fresh full build, charts on (cold chart cache)",
    "c": "rebuild, no changes",
    "d": "incremental build, one page edited",
    "e": "peak memory (max RSS), fresh full build",
    "f": "fresh full build, `-j auto` ÷ `-j 1`",
}
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
    """Whether plan-coverage, plan-evaluation and plan-budget build."""
    sources = " ".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (REPO / "sphinxcontrib_keikaku").glob("*.py")
    )
    if not all(
        name in sources for name in ("plan-coverage", "plan-evaluation", "plan-budget")
    ):
        return (
            False,
            "sphinxcontrib_keikaku does not mention all three table directives",
        )
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


def charts_module() -> bool:
    return (REPO / "sphinxcontrib_keikaku" / "charts.py").is_file()


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

    def build(
        variant: str, kind: str, jobs: str, outdir: Path, log_name: str = ""
    ) -> Build:
        restore_srcdir(root / variant, expected[variant], stray)
        b = sphinx_build(
            args.python,
            root / variant,
            outdir,
            variant=variant,
            kind=kind,
            jobs=jobs,
            cache_home=outdir.parent / (outdir.name + "-cache"),
            log=outdir.parent / f"{log_name or outdir.name}-{kind}.log",
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

    def rebuilds(variant: str, rep: int, outdir: Path, log_name: str = "") -> None:
        if "c" in rows:
            build(variant, "nochange", "1", outdir, log_name)
        if "d" in rows:
            page, value = generate.edit_one_page(root, plan, rep + 1, (variant,))
            html = outdir / f"{page}.html"
            before = html.stat().st_mtime_ns if html.is_file() else 0
            b = build(variant, "edit", "1", outdir, log_name)
            b.note = f"{page}: actual → {value}" + edit_check(
                variant, outdir, html, before, value, plan
            )

    def series(variant: str, rep: int, with_rebuilds: bool) -> None:
        outdir = fresh_outdir(f"{variant}-r{rep}")
        first = build(variant, "fresh", "1", outdir)
        if with_rebuilds and first.returncode in (0, 1):
            rebuilds(variant, rep, outdir)

    # the sphinx-needs reference: (c) and (d) need a built output directory;
    # unless --with-needs-fresh, one fresh build (in the first repetition)
    # sets it up and every repetition's rebuilds continue on it
    needs = not args.no_needs and (
        "c" in rows
        or "d" in rows
        or (args.with_needs_fresh and ("a" in rows or "e" in rows))
    )
    needs_outdir = outroot / "needs-rebuilds"
    needs_ready = [False]

    def needs_reference(rep: int) -> None:
        if args.with_needs_fresh:
            series("needs", rep, with_rebuilds=True)
            return
        if rep == 0:
            outdir = fresh_outdir(needs_outdir.name)
            first = build("needs", "fresh", "1", outdir, "needs-r0")
            needs_ready[0] = first.returncode in (0, 1)
        if needs_ready[0]:
            rebuilds("needs", rep, needs_outdir, f"needs-r{rep}")

    for rep in range(args.repeat):
        pair = ["keikaku", "plain"]
        order = pair + (["needs"] if needs else [])
        if rep % 2:
            pair, order = pair[::-1], order[::-1]
        for variant in order:
            if variant == "needs":
                needs_reference(rep)
                continue
            series(variant, rep, with_rebuilds=True)
            if variant == "keikaku" and "b" in rows:
                series("keikaku-charts", rep, with_rebuilds=True)
        if "f" in rows:
            for variant in pair:
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


def verdict(ratio: float | None, target: float, failed: bool) -> str:
    if failed:
        return "**FAIL** (build error)"
    if ratio is None:
        return "—"
    return "pass" if ratio <= target else "**FAIL**"


def failed(builds: list[Build]) -> bool:
    return any(b.returncode not in (0,) for b in builds)


NEEDS_LABEL = "sphinx-needs alone (reference, same objects as hidden generic needs)"


def needs_full(res: ScaleResult) -> bool:
    """Whether the sphinx-needs reference has a fresh build in every
    repetition (--with-needs-fresh, or one repetition), as keikaku has."""
    n = res.pick("needs", "fresh")
    return bool(n) and len(n) >= len(res.pick("keikaku", "fresh"))


def needs_line(
    res: ScaleResult,
    row: str,
    kind: str,
    attr: str = "seconds",
    fmt=fmt_s,
    with_min: bool = True,
) -> list[str]:
    """The sphinx-needs reference under a row: its median, its ratio to
    plain and keikaku ÷ it; no target. Nothing when there are no such builds
    (e.g. a results.json from before the reference existed)."""
    n, p, k = (
        res.pick("needs", kind),
        res.pick("plain", kind),
        res.pick("keikaku", kind),
    )
    if not n or (kind == "fresh" and not needs_full(res)):
        return []
    nm, pm, km = med(n, attr), med(p, attr), med(k, attr)
    ratio = f"{nm / pm:.2f}× (÷ plain)" if nm is not None and pm else "—"
    versus = f"keikaku ÷ it: {km / nm:.2f}×" if km is not None and nm else "—"
    status = "reference" + (" (build error)" if failed(n) else "")
    cells = [
        f"({row})",
        f"↳ {NEEDS_LABEL}",
        fmt(pm),
        fmt(nm),
        ratio,
        "—",
        f"{status}; {versus}",
    ]
    if with_min:
        cells.append(minratio(n, p, attr))
    cells.append(f"{runs(n, attr)} / {runs(p, attr)}")
    return ["| " + " | ".join(cells) + " |"]


def main_table(res: ScaleResult, rows: str, charts_note: str) -> list[str]:
    out = [
        "| row | measurement | plain | keikaku | keikaku ÷ plain | target | result "
        "| ratio of minimums | runs (keikaku / plain) |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]

    def line(
        row: str, title: str, kvariant: str, kind: str, attr: str = "seconds", fmt=fmt_s
    ) -> None:
        k = res.pick(kvariant, kind)
        p = res.pick("plain", kind if kind != "fresh" else "fresh")
        km, pm = med(k, attr), med(p, attr)
        ratio = km / pm if km is not None and pm else None
        out.append(
            f"| ({row}) | {title} | {fmt(pm)} | {fmt(km)} | "
            f"{'—' if ratio is None else f'{ratio:.2f}×'} | ≤ {TARGETS[row]}× | "
            f"{verdict(ratio, TARGETS[row], failed(k) or failed(p))} | "
            f"{minratio(k, p, attr)} | {runs(k, attr)} / {runs(p, attr)} |"
        )

    if "a" in rows:
        line("a", ROW_TITLES["a"] + ", `-j 1`", "keikaku", "fresh")
        out += needs_line(res, "a", "fresh")
    if "b" in rows:
        line("b", ROW_TITLES["b"] + f", `-j 1`{charts_note}", "keikaku-charts", "fresh")
    if "c" in rows:
        line("c", ROW_TITLES["c"] + " (charts off)", "keikaku", "nochange")
        out += needs_line(res, "c", "nochange")
        if "b" in rows:
            line("c", ROW_TITLES["c"] + " (charts on)", "keikaku-charts", "nochange")
    if "d" in rows:
        line("d", ROW_TITLES["d"] + " (charts off)", "keikaku", "edit")
        out += needs_line(res, "d", "edit")
        if "b" in rows:
            line("d", ROW_TITLES["d"] + " (charts on)", "keikaku-charts", "edit")
    if "e" in rows:
        line(
            "e",
            ROW_TITLES["e"] + ", charts off, `-j 1`",
            "keikaku",
            "fresh",
            "maxrss_mb",
            fmt_mb,
        )
        out += needs_line(res, "e", "fresh", "maxrss_mb", fmt_mb)
        if "b" in rows:
            # chart workers are not waited for by the build: wait4 misses them,
            # the sampled sum over the process tree counts them
            line(
                "e",
                "peak memory, summed RSS of the process tree (sampled), fresh "
                "full build, charts on, `-j 1`",
                "keikaku-charts",
                "fresh",
                "tree_rss_mb",
                fmt_mb,
            )
    if "f" in rows:
        k1, kj = res.pick("keikaku", "fresh", "1"), res.pick("keikaku", "fresh", "auto")
        p1, pj = res.pick("plain", "fresh", "1"), res.pick("plain", "fresh", "auto")
        k1m, kjm, p1m, pjm = med(k1), med(kj), med(p1), med(pj)
        kr = kjm / k1m if kjm and k1m else None
        pr = pjm / p1m if pjm and p1m else None
        out.append(
            f"| (f) | {ROW_TITLES['f']}, charts off | {fmt_s(pjm)} vs {fmt_s(p1m)} "
            f"({'—' if pr is None else f'{pr:.2f}×'}) | {fmt_s(kjm)} vs {fmt_s(k1m)} | "
            f"{'—' if kr is None else f'{kr:.2f}×'} (-j auto ÷ -j 1) | ≤ 1.0× | "
            f"{verdict(kr, TARGETS['f'], failed(kj) or failed(k1))} | "
            f"{minratio(kj, k1)} | -j auto: {runs(kj)} / {runs(pj)} |"
        )
        if kjm and pjm:
            out.append(
                f"| | (for reference) fresh full build `-j auto`, keikaku ÷ plain | "
                f"{fmt_s(pjm)} | {fmt_s(kjm)} | {kjm / pjm:.2f}× | | | "
                f"{minratio(kj, pj)} | |"
            )
    return out


def cpu_table(res: ScaleResult, rows: str) -> list[str]:
    """The same rows in CPU time (user + sys), which other load disturbs less."""
    out = [
        "| row | measurement | plain CPU | keikaku CPU | keikaku ÷ plain | target | result "
        "| runs (keikaku / plain) |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    specs = [
        ("a", "keikaku", "fresh", "charts off"),
        ("b", "keikaku-charts", "fresh", "charts on"),
        ("c", "keikaku", "nochange", "charts off"),
        ("c", "keikaku-charts", "nochange", "charts on"),
        ("d", "keikaku", "edit", "charts off"),
        ("d", "keikaku-charts", "edit", "charts on"),
    ]
    for row, variant, kind, what in specs:
        if row not in rows or (variant == "keikaku-charts" and "b" not in rows):
            continue
        k, p = res.pick(variant, kind), res.pick("plain", kind)
        km, pm = med(k, "cpu_seconds"), med(p, "cpu_seconds")
        ratio = km / pm if km is not None and pm else None
        out.append(
            f"| ({row}) | {ROW_TITLES[row] if row in 'cd' else 'fresh full build'} "
            f"({what}) | {fmt_s(pm)} | {fmt_s(km)} | "
            f"{'—' if ratio is None else f'{ratio:.2f}×'} | ≤ {TARGETS[row]}× | "
            f"{verdict(ratio, TARGETS[row], failed(k) or failed(p))} | "
            f"{runs(k, 'cpu_seconds')} / {runs(p, 'cpu_seconds')} |"
        )
        if variant == "keikaku":
            out += needs_line(res, row, kind, "cpu_seconds", with_min=False)
    return out


def scaling_table(results: list[ScaleResult], rows: str) -> list[str]:
    out = [
        "| scale | objects | pages | plain full | keikaku full (charts off) | "
        "plain s / 1,000 objects | keikaku s / 1,000 objects | ratio | "
        "plain CPU s / 1,000 objects | keikaku CPU s / 1,000 objects | CPU ratio | "
        + ("keikaku charts on | charts on s / 1,000 objects | " if "b" in rows else "")
        + "plain peak MB | keikaku peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        + ("---: | ---: | " if "b" in rows else "")
        + "---: | ---: |",
    ]
    for res in results:
        n = res.counts["objects"] / 1000
        pm, km = med(res.pick("plain", "fresh")), med(res.pick("keikaku", "fresh"))
        cm = med(res.pick("keikaku-charts", "fresh"))
        cells = [
            f"{res.scale:g}",
            f"{res.counts['objects']:,}",
            str(res.counts["pages"]),
            fmt_s(pm),
            fmt_s(km),
            "—" if pm is None else f"{pm / n:.2f}",
            "—" if km is None else f"{km / n:.2f}",
            "—" if not (pm and km) else f"{km / pm:.2f}×",
        ]
        pc, kc = (
            med(res.pick("plain", "fresh"), "cpu_seconds"),
            med(res.pick("keikaku", "fresh"), "cpu_seconds"),
        )
        cells += [
            "—" if pc is None else f"{pc / n:.2f}",
            "—" if kc is None else f"{kc / n:.2f}",
            "—" if not (pc and kc) else f"{kc / pc:.2f}×",
        ]
        if "b" in rows:
            cells += [fmt_s(cm), "—" if cm is None else f"{cm / n:.2f}"]
        cells += [
            fmt_mb(med(res.pick("plain", "fresh"), "maxrss_mb")),
            fmt_mb(med(res.pick("keikaku", "fresh"), "maxrss_mb")),
        ]
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
        f"Median of {meta['repeat']} run(s) each, keikaku and plain alternating"
        + (
            " (and the sphinx-needs reference, see the notes). "
            if any(b.variant == "needs" for b in ref.builds)
            else ". "
        )
        + "Every build is `python -m sphinx -b html -q` in its own process; fresh builds "
        "use a new output directory (and so a cold chart cache). The verdict uses the "
        "medians; the ratio of the fastest runs is shown because on a shared machine "
        "the fastest run is the one least disturbed.",
        "",
        *main_table(ref, rows, charts_note),
        "",
    ]
    if any(r in rows for r in "abcd"):
        lines += [
            "The same builds in CPU time (user + sys of the build process and the "
            "children it waited for, from `wait4`). On a shared machine CPU time "
            "moves much less than wall-clock time; with `-j 1` and no chart workers "
            "the two differ only by the time spent waiting. It does not include "
            "chart workers (they are children of a fork server that the build "
            "does not wait for), so for charts on only the wall-clock rows count.",
            "",
            *cpu_table(ref, rows),
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
    needs_edits = [b for b in edits if b.variant == "needs"]
    for b in (
        edits[:1]
        + needs_edits[:1]
        + [b for b in edits if "NOT IN OUTPUT" in b.note and b not in needs_edits[:1]]
    ):
        notes.append(f"One-page edit ({b.variant}): {b.note}.")
    needs_fresh = ref.pick("needs", "fresh")
    if needs_fresh:
        notes.append(
            "The sphinx-needs reference (`needs` variant: the same pages with "
            "every plan object as a hidden generic `need`, sphinx-needs "
            "without keikaku, one `needtable` on the tables page) has no "
            "target; it shows what sphinx-needs by itself costs for the same "
            "objects. Its hidden needs render nothing, so its pages and search "
            "index hold only the headings and the `needtable` (ids and titles), "
            "not the text keikaku and plain render: it measures sphinx-needs' "
            "reading, data and links, not the same HTML."
            + (
                ""
                if needs_full(ref)
                else " Its (c) and (d) builds continue on the output of one fresh "
                f"build in the first repetition ({runs(needs_fresh)} s, "
                f"{runs(needs_fresh, 'maxrss_mb')} MB; use `--with-needs-fresh` "
                "for (a) and (e) medians)."
            )
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
        + ", ".join(f"{v} {s:.0f} MB" for v, s in sizes.items() if s)
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
        "--with-needs-fresh",
        action="store_true",
        help="build the sphinx-needs reference fresh in every repetition, for "
        "(a) and (e) reference lines (default: one fresh build sets up its "
        "(c) and (d) rebuilds)",
    )
    parser.add_argument(
        "--no-needs",
        action="store_true",
        help="leave out the sphinx-needs reference (the `needs` variant)",
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

    if args.tables == "auto":
        tables, tables_reason = detect_tables(args.python)
    else:
        tables, tables_reason = args.tables == "yes", f"--tables {args.tables}"
    print(
        f"tables page: {'yes' if tables else 'no'} ({tables_reason})", file=sys.stderr
    )
    if "b" in rows and not charts_module():
        print(
            "charts: no sphinxcontrib_keikaku/charts.py; (b) measures keikaku_charts "
            "= True anyway",
            file=sys.stderr,
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
