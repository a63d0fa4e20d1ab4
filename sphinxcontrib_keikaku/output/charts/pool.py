"""Scheduling: which charts to draw, where, and what came of them.

A :class:`ChartDrawer` collects the charts of one build (by key) and makes
sure each exists in the cache directory when :meth:`~ChartDrawer.join`
returns.  Three ways to draw, one result (the same bytes, the same reports):

* a pool of worker processes (a serial build with many missing charts),
  started with ``forkserver`` (``spawn`` where there is none), never
  ``fork``: a small fresh process forks the workers;
* the writers of a parallel build (``-j N``), at visit time, each drawing
  the charts of its pages (:attr:`ChartDrawer.at_visit`): no pool and no
  thread is ever started in a process that Sphinx forks;
* this process, at :meth:`~ChartDrawer.join`, for what is still missing.

What drawing a chart gave is kept beside it in the cache (see
:mod:`~sphinxcontrib_keikaku.output.charts.draw`), so that :meth:`join`
reports the same problems whoever drew the chart, and again in every later
build that reuses it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sphinxcontrib_keikaku.output.charts.draw import (
    ERROR_SUFFIX,
    LOG_SUFFIX,
    Outcome,
    cache_name,
    draw_batch,
    init_worker,
)
from sphinxcontrib_keikaku.output.charts.spec import ChartFormat, ChartSpec

__all__ = [
    "POOL_THRESHOLD",
    "ChartDrawer",
    "ChartProblem",
    "default_workers",
    "draw_charts",
    "listdir",
]

#: With fewer missing charts than this, a serial build draws them in its own
#: process (importing matplotlib once, about 0.4 s of CPU) instead of
#: starting worker processes (each importing matplotlib again).
POOL_THRESHOLD = 40


@dataclass(frozen=True)
class ChartProblem:
    """A chart that could not be drawn, or was drawn with a warning."""

    key: str
    spec: ChartSpec
    #: Every plan object whose chart this is.
    object_ids: tuple[str, ...]
    message: str
    #: The file was not written (else: drawn, with a warning such as a glyph
    #: missing from the font).
    failed: bool


def default_workers(parallel: int = 1) -> int:
    """Sphinx's ``-j`` when given, else the CPU count bounded to 2–4."""
    if parallel > 1:
        return min(parallel, 8)
    return max(2, min(os.cpu_count() or 2, 4))


def mp_context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where the platform has it, else ``spawn``."""
    # never fork the Sphinx process itself: large, and forked again by -j
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def listdir(directory: Path) -> set[str]:
    """The names in *directory*; empty if it does not exist."""
    try:
        with os.scandir(directory) as entries:
            return {entry.name for entry in entries}
    except OSError:
        return set()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


@dataclass
class ChartDrawer:
    """Draws the missing charts of one format into *directory*.

    :meth:`request` returns at once; :meth:`join` waits for every chart
    requested and reports the problems.  A chart whose file exists is never
    drawn again.  Worker processes start once ``pool_threshold`` charts are
    missing, never when *at_visit* (the writers draw) or *in_process*;
    fewer are drawn in this process at :meth:`join`, and a build whose
    charts are all cached draws nothing and starts nothing.
    """

    directory: Path
    fmt: ChartFormat
    max_workers: int = field(default_factory=default_workers)
    #: Draw serially in this process at :meth:`join` (no worker processes).
    in_process: bool = False
    #: The writers draw at visit time (a parallel build): start nothing.
    at_visit: bool = False
    #: Start worker processes only for at least this many missing charts.
    pool_threshold: int = POOL_THRESHOLD
    #: Charts missing when requested (of them, handed to worker processes) /
    #: found in the cache.
    drawn: int = 0
    pooled: int = 0
    reused: int = 0
    #: The worker processes died and the rest was drawn in this process.
    broken: bool = False
    specs: dict[str, ChartSpec] = field(default_factory=dict)
    _ids: dict[str, list[str]] = field(default_factory=dict)
    #: Missing charts not yet handed to the pool.
    _pending: list[str] = field(default_factory=list)
    _futures: list[Future[list[Outcome]]] = field(default_factory=list)
    _cached: set[str] | None = None
    _pool: ProcessPoolExecutor | None = None

    def path(self, key: str) -> Path:
        """The cache file of the chart *key*."""
        return self.directory / cache_name(key, self.fmt)

    def request(self, spec: ChartSpec, *, defer: bool = False) -> str:
        """Make sure the chart of *spec* will exist after :meth:`join`; its key.

        A missing chart is handed on at once (see :meth:`flush`), or with
        *defer* at the next :meth:`flush`, in batches: far fewer round trips
        to the workers for many charts.
        """
        key = spec.key()
        ids = self._ids.setdefault(key, [])
        if spec.object_id and spec.object_id not in ids:
            ids.append(spec.object_id)
        if key in self.specs:
            return key
        self.specs[key] = spec
        if self._cached is None:
            # one directory listing instead of a stat per chart
            self._cached = listdir(self.directory)
        if cache_name(key, self.fmt) in self._cached:
            self.reused += 1
            return key
        self.drawn += 1
        if cache_name(key, self.fmt) + ERROR_SUFFIX in self._cached:
            # left by a build that stopped before reporting it: draw again
            self.path(key).with_name(cache_name(key, self.fmt) + ERROR_SUFFIX).unlink(
                missing_ok=True
            )
        if not self.at_visit:
            self._pending.append(key)
            if not defer:
                self.flush()
        return key

    def flush(self) -> None:
        """Hand the pending charts to the worker processes.

        The pool is started only for at least ``pool_threshold`` charts: a
        few charts (an edited indicator) are drawn faster in this process, at
        :meth:`join`, than worker processes start.
        """
        if not self._pending or self.in_process or self.at_visit:
            return
        if self._pool is None:
            if len(self._pending) < self.pool_threshold:
                return
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.max_workers,
                    mp_context=mp_context(),
                    initializer=init_worker,
                )
            except (OSError, RuntimeError, NotImplementedError, ImportError):
                self.in_process = True
                return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            # the cache cannot be written (read-only, a file in the way):
            # left to join(), whose caller checks the directory and says so
            self.shutdown(cancel=True)
            self.in_process = True
            return
        keys, self._pending = self._pending, []
        # about four batches per worker, so that they finish together
        size = max(1, min(32, -(-len(keys) // (self.max_workers * 4))))
        for start in range(0, len(keys), size):
            batch = tuple(keys[start : start + size])
            jobs = [(self.specs[key], str(self.path(key))) for key in batch]
            try:
                future = self._pool.submit(draw_batch, jobs, self.fmt)
            except (OSError, RuntimeError, BrokenProcessPool):
                # no process support here (sandbox, no sem_open): draw here
                self._pending += keys[start:]
                return
            self._futures.append(future)
            self.pooled += len(batch)

    def _draw_here(self, keys: Iterable[str]) -> None:
        jobs = [(self.specs[key], str(self.path(key))) for key in keys]
        if jobs:
            self.directory.mkdir(parents=True, exist_ok=True)
            draw_batch(jobs, self.fmt)

    def join(self) -> list[ChartProblem]:
        """Wait for every requested chart; the problems, in request order.

        If the worker processes die (killed, or unable to start, e.g. a build
        script that runs Sphinx without ``if __name__ == "__main__":``), the
        charts they left are drawn here, serially: slower, never missing.
        """
        self.flush()
        for future in self._futures:
            # a batch whose worker died is drawn again below
            try:
                future.result()
            except BrokenProcessPool:
                self.broken = True
            except Exception:
                self.broken = True
        self._futures.clear()
        self.shutdown()
        self._pending.clear()
        present = listdir(self.directory)
        # what nobody drew (too few for a pool, a dead pool, a page that the
        # writers did not visit): here, now
        missing = [
            key
            for key in self.specs
            if cache_name(key, self.fmt) not in present
            and cache_name(key, self.fmt) + ERROR_SUFFIX not in present
        ]
        if missing:
            self._draw_here(missing)
            present = listdir(self.directory)
        problems: list[ChartProblem] = []
        for key, spec in self.specs.items():
            ids = tuple(self._ids.get(key, ()))
            name = cache_name(key, self.fmt)
            if name not in present:
                error = self.directory / (name + ERROR_SUFFIX)
                message = _read(error) or "not drawn"
                # not a result to keep: the next build tries again
                error.unlink(missing_ok=True)
                problems.append(ChartProblem(key, spec, ids, message, failed=True))
            elif name + LOG_SUFFIX in present:
                log = _read(self.directory / (name + LOG_SUFFIX))
                problems += (
                    ChartProblem(key, spec, ids, message, failed=False)
                    for message in log.splitlines()
                    if message
                )
        return problems

    def shutdown(self, *, cancel: bool = False) -> None:
        """Stop the worker processes (after waiting for them, unless *cancel*)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=cancel)


def draw_charts(
    specs: Iterable[ChartSpec],
    directory: Path,
    fmt: ChartFormat = "svg",
    *,
    max_workers: int | None = None,
    in_process: bool = False,
    pool_threshold: int = POOL_THRESHOLD,
) -> tuple[ChartDrawer, list[ChartProblem]]:
    """Draw the missing charts of *specs* into *directory* and wait for them."""
    drawer = ChartDrawer(
        Path(directory),
        fmt,
        max_workers=max_workers or default_workers(),
        in_process=in_process,
        pool_threshold=pool_threshold,
    )
    try:
        for spec in specs:
            drawer.request(spec, defer=True)
        return drawer, drawer.join()
    finally:
        drawer.shutdown(cancel=True)
