"""The small bars of ``plan-dashboard``, in HTML and LaTeX.

A bar only repeats a number that is written beside it in words, so it is
hidden from screen readers (``aria-hidden``) and left out of text output.
HTML gets ``<span>`` elements sized in percent (no JavaScript, no image);
LaTeX gets coloured rules of the same proportions. The node is made at
resolve time only, so it is never pickled with a doctree.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinxcontrib_keikaku.output.visitors import skip, visitors

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

__all__ = ["dashboard_bar", "grade_bar", "rate_bar", "setup_dashboard_bars"]

#: LaTeX colours of the bar classes, the same as keikaku-dashboard.css's
#: (each at least 4.5:1 against the white letter drawn on it in HTML).
LATEX_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "keikaku-bar-fill": "3D6FC9",
        "keikaku-bar-over": "1F4F99",
        "keikaku-grade-0": "2E7D32",
        "keikaku-grade-1": "2F6DB5",
        "keikaku-grade-2": "A86800",
        "keikaku-grade-3": "B3261E",
        "keikaku-grade-4": "7B1F60",
        "keikaku-grade-none": "6B7078",
        "keikaku-bar-track": "E4E7EB",
    }
)
#: The width of a bar in the PDF.
LATEX_WIDTH_MM = 45


class dashboard_bar(nodes.Inline, nodes.Element):
    """A bar of ``segments``: ``(share of the bar 0–1, class, label)``."""


def rate_bar(rate: float | None, width_mm: int = LATEX_WIDTH_MM) -> dashboard_bar:
    """A bar filled to *rate* percent (capped at the bar's end; the number
    beside it is not capped)."""
    share = 0.0 if rate is None else max(0.0, min(rate, 100.0)) / 100.0
    cls = "keikaku-bar-over" if rate is not None and rate > 100.0 else ""
    return dashboard_bar(
        segments=[(share, cls or "keikaku-bar-fill", "")],
        classes=["keikaku-bar-rate"],
        width_mm=width_mm,
    )


def grade_bar(
    counts: list[tuple[str, int, str]], width_mm: int = LATEX_WIDTH_MM
) -> dashboard_bar:
    """A bar of grade counts ``(label, count, class)`` in grade order."""
    total = sum(count for _label, count, _cls in counts)
    segments = [
        (count / total, cls, label) for label, count, cls in counts if count and total
    ]
    return dashboard_bar(
        segments=segments, classes=["keikaku-bar-grades"], width_mm=width_mm
    )


def visit_bar_html(self: HTML5Translator, node: dashboard_bar) -> None:
    # aria-hidden: the number is written beside the bar
    classes = " ".join(["keikaku-bar", *node["classes"]])
    self.body.append(f'<span class="{classes}" aria-hidden="true">')
    for share, cls, label in node["segments"]:
        width = f"{100 * share:.2f}".rstrip("0").rstrip(".")
        self.body.append(
            f'<span class="keikaku-bar-seg {cls}" style="width: {width}%">'
            f"{self.encode(label)}</span>"
        )
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_bar_latex(self: LaTeXTranslator, node: dashboard_bar) -> None:
    full = float(node.get("width_mm", LATEX_WIDTH_MM))
    out = [r"\mbox{"]
    used = 0.0
    for share, cls, _label in node["segments"]:
        width = full * share
        used += width
        out.append(_rule(LATEX_COLOURS.get(cls, "808080"), width))
    if used < full - 0.01:
        out.append(_rule(LATEX_COLOURS["keikaku-bar-track"], full - used))
    out.append("}")
    self.body.append("".join(out))
    raise nodes.SkipNode


def _rule(colour: str, width_mm: float) -> str:
    return (
        rf"\textcolor[HTML]{{{colour}}}{{\rule[-0.2ex]{{{width_mm:.2f}mm}}{{1.4ex}}}}"
    )


def setup_dashboard_bars(app: Sphinx) -> None:
    handlers: dict[str, Any] = visitors(
        (visit_bar_html, None), (visit_bar_latex, None), (skip, None)
    )
    app.add_node(dashboard_bar, **handlers)
