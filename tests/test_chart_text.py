"""Chart text: matplotlib's own ``Text``; the widths the layout measures
(margins, shortened titles and legend entries) are the widths it draws, and
a glyph no chart font has is reported for every chart that has it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinxcontrib_keikaku.output.charts import draw_charts, grades_spec
from sphinxcontrib_keikaku.output.charts.draw import _fit, _width, chart_style

TEXTS = [
    "2023年度",
    "自主防災組織数",
    "−1,234.5",
    "Baseline",
    "gjpq",
    "↑ higher is better",
    "（組織）",
]


@pytest.fixture
def style() -> Iterator[None]:
    with chart_style():
        yield


@pytest.mark.usefixtures("style")
@pytest.mark.parametrize("size", [8.0, 10.0])
def test_width_is_the_width_of_the_drawn_text(size: float) -> None:
    """``_width`` gives the width of the box the SVG renderer lays the text
    out in (a figure at 72 dpi: a pixel is a point)."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=72)
    renderer = RendererSVG(4, 3, io.StringIO(), image_dpi=72)
    for text in TEXTS:
        drawn = fig.text(0.5, 0.5, text, fontsize=size)
        box = drawn.get_window_extent(renderer)
        assert _width(text, size) == pytest.approx(box.width, abs=1e-9), text
    assert _width("", size) == 0.0


@pytest.mark.usefixtures("style")
def test_fit_shortens_to_the_room_and_no_further() -> None:
    title = "市民一人当たりの年間図書貸出冊数（中央図書館・分館・移動図書館の合計）"
    room = _width(title, 10.0) / 2
    fitted = _fit(title, 10.0, room)
    assert fitted.endswith("…") and title.startswith(fitted[:-1])
    assert _width(fitted, 10.0) <= room
    # one character more would not fit
    assert _width(title[: len(fitted)] + "…", 10.0) > room
    # a text with room to spare stays whole, on one line
    assert _fit("自主防災\n組織数", 10.0, 500.0) == "自主防災 組織数"


def test_missing_glyph_is_reported_for_every_chart(tmp_path: Path) -> None:
    """Each chart with the character warns, with the same words."""
    specs = [
        grades_spec("評価 \N{MELTING FACE}", [("A", count)], object_id=f"I-{count}")
        for count in (1, 2, 3)
    ]
    _drawer, problems = draw_charts(specs, tmp_path, "svg", in_process=True)
    assert sorted(p.object_ids for p in problems) == [("I-1",), ("I-2",), ("I-3",)]
    assert all("U+1FAE0" in p.message for p in problems)
    assert len({p.message for p in problems}) == 1
