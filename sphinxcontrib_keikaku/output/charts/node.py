"""The chart node, its visitors, and the Sphinx events that draw the charts.

The Sphinx process only builds :class:`~.spec.ChartSpec` values and leaves a
:class:`plan_chart` node naming the picture by its key.  The pictures live in
a cache, ``<doctreedir>/keikaku-charts/<key>.<fmt>.cache`` (``svg`` for HTML
builders, ``pdf`` for LaTeX), drawn only when missing: a rebuild with
unchanged data, even with ``-E``, draws nothing.  Who draws
(:mod:`~.pool`):

* a serial build: worker processes started on ``write-started`` (the plan is
  final), beside Sphinx writing the pages, or this process for a few charts;
* a parallel build (``-j N``): Sphinx's own writer processes, at visit time,
  like :mod:`sphinx.ext.graphviz`; nothing is started in the Sphinx process,
  which forks the writers.

Before the output is packaged (``html-collect-pages``) or at
``build-finished``, this process draws what is still missing, reports the
problems as ``keikaku.chart`` warnings naming the indicator, and links (or
copies) the pictures into the output: ``<outdir>/_images/keikaku/<key>.svg``
or ``<outdir>/keikaku-<key>.pdf``.  Builders without pictures show the alt
text.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

import sphinxcontrib_keikaku.output.charts.pool as pool
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.output.charts.draw import cache_name, draw_batch
from sphinxcontrib_keikaku.output.charts.pool import (
    ChartDrawer,
    default_workers,
    listdir,
)
from sphinxcontrib_keikaku.output.charts.spec import (
    ChartFormat,
    ChartSpec,
    indicator_spec,
)
from sphinxcontrib_keikaku.output.visitors import visitors
from sphinxcontrib_keikaku.sphinxext import priorities
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.state import state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

__all__ = ["CACHE_DIRNAME", "chart_format", "chart_node", "plan_chart", "setup_charts"]

#: The cache directory under the doctree directory.
CACHE_DIRNAME = "keikaku-charts"


class plan_chart(nodes.General, nodes.Element):
    """One chart: attributes ``key``, ``alt``, ``kind``, ``width``, ``height``,
    and in a parallel build ``spec`` (what the writer draws)."""


def chart_format(builder: Builder) -> ChartFormat | None:
    """The chart file format *builder* needs, or None if it draws no charts."""
    if builder.format == "html":
        return "svg"
    if builder.format == "latex":
        return "pdf"
    return None


def _html_path(builder: Any, key: str) -> str:
    return f"{getattr(builder, 'imagedir', '_images')}/keikaku/{key}.svg"


def _latex_name(key: str) -> str:
    return f"keikaku-{key}.pdf"


def _cache_dir(builder: Builder) -> Path:
    return Path(builder.doctreedir) / CACHE_DIRNAME


def _draw_at_visit(builder: Builder, node: plan_chart, fmt: ChartFormat) -> None:
    """Draw the chart of *node* in this writer if no one has yet."""
    spec = node.get("spec")
    if spec is None:
        return
    directory = _cache_dir(builder)
    path = directory / cache_name(node["key"], fmt)
    if not path.exists():
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # the main process checks the cache and reports it once
        # the outcome is kept beside the chart; the main process reports it
        draw_batch([(spec, str(path))], fmt)


def visit_chart_html(self: HTML5Translator, node: plan_chart) -> None:
    from sphinx.util.osutil import relative_uri

    builder = self.builder
    _draw_at_visit(builder, node, "svg")
    page = builder.get_target_uri(builder.current_docname)
    src = relative_uri(page, _html_path(builder, node["key"]))
    self.body.append(self.starttag(node, "figure", "", CLASS="keikaku-chart"))
    self.body.append(
        f'<img src="{html.escape(src, quote=True)}"'
        f' alt="{html.escape(node["alt"], quote=True)}" loading="lazy"'
        f' width="{int(node["width"])}" height="{int(node["height"])}"'
        ' style="max-width: 100%; height: auto" />'
    )
    self.body.append("</figure>\n")
    raise nodes.SkipNode


def visit_chart_latex(self: LaTeXTranslator, node: plan_chart) -> None:
    _draw_at_visit(self.builder, node, "pdf")
    if node["kind"] == "logicmodel":
        # a diagram is as wide as the page allows, and never taller than it
        size = r"width=\linewidth,height=0.85\textheight,keepaspectratio"
    else:
        size = f"width={'0.85' if node['kind'] == 'budget' else '0.7'}\\linewidth"
    name = _latex_name(node["key"]).removesuffix(".pdf")
    self.body.append(
        f"\n\n\\begin{{center}}\\sphinxincludegraphics[{size}]"
        f"{{{{{name}}}.pdf}}\\end{{center}}\n\n"
    )
    raise nodes.SkipNode


def visit_chart_text(self: Any, node: plan_chart) -> None:
    # Builders without pictures show the chart in words: the children added
    # here are visited next, with the builder's own paragraph handling.
    if not node.children:
        node += nodes.paragraph("", node["alt"], classes=["keikaku-chart-alt"])


def depart_chart_text(self: Any, node: plan_chart) -> None:
    pass


# --- Sphinx wiring ------------------------------------------------------------------

# The drawer of a build, whether its builder draws at all, and the pages it
# wrote are kept in the build's state (sphinxext.state).

# A chart's picture as a page names it (see _html_path): its key.
_PICTURE = re.compile(r"/keikaku/([0-9a-f]{32})\.svg\b")


def _say(template: Any, *args: object) -> str:
    """*template* (translated) with *args*; a translation with broken
    placeholders shows the arguments after the text instead of failing."""
    text = str(template)
    try:
        return text % args
    except (TypeError, ValueError, KeyError):
        return "{} ({})".format(text, ", ".join(str(a) for a in args))


def _logger() -> Any:
    from sphinx.util import logging

    return logging.getLogger(__name__)


def chart_node(app: Sphinx, spec: ChartSpec) -> plan_chart:
    """The node showing *spec*; its picture is drawn before the build ends.

    Call it at resolve time (``doctree-resolved``, in the main process);
    charts not requested on ``write-started`` start drawing here.
    """
    width, height = spec.pixel_size
    key = spec.key()
    node = plan_chart(
        "", key=key, alt=spec.alt, kind=spec.kind, width=width, height=height
    )
    drawer = _drawer_for(app)
    if drawer is not None:
        drawer.request(spec)
        if drawer.at_visit:
            node["spec"] = spec
    return node


def _drawer_for(app: Sphinx) -> ChartDrawer | None:
    """The drawer of this build, made on first use; None if the builder
    shows no pictures (or the font is missing: said once)."""
    current = state(app.env)
    drawer = current.chart_drawer
    if drawer is not None or current.charts_off:
        return drawer
    fmt = chart_format(app.builder)
    missing = [
        package
        for package, module in (
            ("matplotlib", "matplotlib"),
            ("matplotlib-fontja", "matplotlib_fontja"),
        )
        if importlib.util.find_spec(module) is None
    ]
    if fmt is None or missing:
        current.charts_off = True
        if fmt is not None:
            _report(
                app, _say(_("charts are not drawn: install %s"), ", ".join(missing))
            )
        return None
    drawer = current.chart_drawer = ChartDrawer(
        _cache_dir(app.builder),
        fmt,
        max_workers=default_workers(app.parallel),
        pool_threshold=pool.POOL_THRESHOLD,
        # Sphinx forks its writers from this process: start no pool (and
        # no thread) here, let the writers draw
        at_visit=bool(app.builder.parallel_ok),
    )
    return drawer


def _on_write_started(app: Sphinx, builder: Builder) -> None:
    """Request every indicator's chart as soon as the plan is final."""
    current = state(app.env)
    old, current.chart_drawer = current.chart_drawer, None
    if old is not None:  # an earlier build of the same application
        old.shutdown(cancel=True)
    current.charts_off = False
    current.written = set()
    drawer = _drawer_for(app)
    if drawer is None or not app.config.keikaku_charts:
        return
    from sphinxcontrib_keikaku.core.model import Indicator
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    style = app.config.keikaku_year_style
    language = app.config.language
    for indicator in get_plan(app.env).of_kind(Indicator):
        try:
            spec = indicator_spec(
                indicator, year_style=style, language=language, describe=False
            )
        except Exception as err:
            _warn(app, [indicator.id], f"{type(err).__name__}: {err}")
            continue
        if spec is not None:
            drawer.request(spec, defer=True)
    drawer.flush()


def _report(
    app: Sphinx, message: str, location: tuple[str, int | None] | None = None
) -> None:
    from sphinxcontrib_keikaku.sphinxext.reporting import report

    docname, lineno = location if location is not None else (None, None)
    report(app, Finding(Rule.CHART, message, docname=docname, lineno=lineno))


def _warn(
    app: Sphinx, object_ids: Sequence[str], message: str, title: str = ""
) -> None:
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    location: tuple[str, int | None] | None = None
    if object_ids:
        obj = get_plan(app.env).objects.get(object_ids[0])
        if obj is not None:
            location = (obj.docname, obj.lineno)
        subject = ", ".join(object_ids)
    else:
        subject = title
    _report(app, _say(_("chart of %s: %s"), subject, message), location)


_MISSING = re.compile(r"glyph (.+) \(U\+([0-9A-F]+)\) missing from font\(s\) (.*)")


def _explain(message: str) -> str:
    """The problem *message* of a worker, in the reader's words where known."""
    match = _MISSING.fullmatch(message)
    if match is None:
        return message
    return _say(
        _(
            "the character %s (U+%s) is in no chart font (%s) and is drawn as "
            "an empty box: leave it out of the title, unit and labels"
        ),
        match[1],
        match[2],
        match[3],
    )


def _unwritable(directory: Path) -> OSError | None:
    """Why no file can be written into *directory* (made if missing), or
    None: read-only, a file in the way, a full disk."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as err:
        return err
    return None


def _cannot_write(app: Sphinx, template: str, directory: Path, err: OSError) -> None:
    """One message (*template*, with the directory and the reason) for a
    directory of charts that cannot be written."""
    _report(app, _say(template, directory, err.strerror or err))


def _publish(app: Sphinx, drawer: ChartDrawer, keys: Iterable[str]) -> None:
    """Link (or copy) the charts *keys* from the cache into the output."""
    outdir = Path(app.outdir)
    if drawer.fmt == "svg":
        directory = outdir / Path(_html_path(app.builder, "x")).parent
        names = {key: f"{key}.svg" for key in keys}
    else:
        directory = outdir
        names = {key: _latex_name(key) for key in keys}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        present = listdir(directory)
        for key, name in names.items():
            if name in present:
                continue  # the same name is the same picture
            source, target = drawer.path(key), directory / name
            try:
                os.link(source, target)
            except FileNotFoundError:
                continue  # not drawn: reported already
            except OSError:
                try:
                    shutil.copyfile(source, target)
                except FileNotFoundError:
                    continue
    except OSError as err:
        _cannot_write(
            app,
            _(
                "the charts cannot be copied into %s (%s): make the directory "
                "writable and build again, or set keikaku_charts = False"
            ),
            directory,
            err,
        )


def _finish(app: Sphinx) -> None:
    """Wait for the charts, report problems, put the pictures in the output."""
    current = state(app.env)
    drawer, current.chart_drawer = current.chart_drawer, None
    if drawer is None:
        return
    err = _unwritable(drawer.directory)
    if err is not None:
        # once for the directory, not "not drawn" for every chart
        drawer.shutdown(cancel=True)
        _cannot_write(
            app,
            _(
                "the chart cache cannot be written into %s (%s): make the "
                "directory writable and build again, or set keikaku_charts = False"
            ),
            drawer.directory,
            err,
        )
        return
    if drawer.drawn:
        _logger().info(
            _say(
                _("keikaku: drawing %d chart(s) (%d reused)"),
                drawer.drawn,
                drawer.reused,
            )
        )
    problems = drawer.join()
    if drawer.broken:
        _logger().info(
            _(
                "keikaku: the chart worker processes stopped; charts were drawn "
                "in the main process"
            )
        )
    for problem in problems:
        _warn(app, problem.object_ids, _explain(problem.message), problem.spec.title)
    failed = {p.key for p in problems if p.failed}
    keys = [key for key in drawer.specs if key not in failed]
    if drawer.fmt == "svg":
        keys += _kept_pages_pictures(app, set(keys))
    _publish(app, drawer, keys)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state(app.env).written.add(docname)


def _kept_pages_pictures(app: Sphinx, known: set[str]) -> list[str]:
    """The charts of the pages this build did not write, beyond *known*.

    A page written by an earlier build that stopped before its pictures were
    put in the output (interrupted while pages were written) is not written
    again; its pictures are in the cache, and only the page names them."""
    builder = app.builder
    outfile = getattr(builder, "get_outfilename", None)
    if outfile is None:
        return []
    current = state(app.env)
    written, current.written = current.written, set()
    found: set[str] = set()
    for docname in sorted(app.env.found_docs - written):
        try:
            page = Path(outfile(docname)).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # not written yet: it is written, with its charts, later
        found.update(_PICTURE.findall(page))
    return sorted(found - known)


def _on_html_collect_pages(app: Sphinx) -> list[Any]:
    # HTML builders package their output (epub, htmlhelp…) after this event
    # and before build-finished: the pictures must be there by then.
    _finish(app)
    return []


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    current = state(app.env)
    current.charts_off = False
    if exception is not None:
        drawer, current.chart_drawer = current.chart_drawer, None
        if drawer is not None:
            drawer.shutdown(cancel=True)
        return
    _finish(app)


def setup_charts(app: Sphinx) -> None:
    """Register the chart node and the drawing events (call from ``setup``).

    Calling it again for the same application does nothing: the charts are
    set up as an extension of their own, which Sphinx sets up once.
    """
    app.setup_extension(__name__)


def setup(app: Sphinx) -> dict[str, Any]:
    """The charts as a Sphinx extension (see :func:`setup_charts`)."""
    app.add_node(
        plan_chart,
        **visitors(
            (visit_chart_html, None),
            (visit_chart_latex, None),
            (visit_chart_text, depart_chart_text),
        ),
    )
    app.connect("write-started", _on_write_started)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-collect-pages", _on_html_collect_pages)
    app.connect(
        "build-finished", _on_build_finished, priority=priorities.PUBLISH_CHARTS
    )
    return {
        # the version is keikaku's own, whose setup() calls this one
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
