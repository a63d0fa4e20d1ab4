"""keikaku writes its table rows to HTML exactly as Sphinx's translator would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BuildResult

from sphinxcontrib_keikaku.output import htmltables

Build = Callable[..., BuildResult]


def _pages(result: BuildResult) -> dict[str, str]:
    return {
        str(path.relative_to(result.outdir)): path.read_text(encoding="utf8")
        for path in sorted(result.outdir.rglob("*.*htm*"))
    }


@pytest.fixture
def count_rows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many rows the direct writer wrote (and had accepted)."""
    calls = [0]
    original = htmltables._row

    def counting(*args: object) -> tuple[str, tuple[object, ...]]:
        calls[0] += 1
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(htmltables, "_row", counting)
    yield calls


def _translator_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise htmltables._Unsupported

    monkeypatch.setattr(htmltables, "_row", refuse)


@pytest.mark.parametrize(
    ("root", "builder"),
    [("tables", "html"), ("hostile", "html"), ("data", "singlehtml")],
)
def test_direct_rows_are_the_translators_rows(
    root: str,
    builder: str,
    copy_root: Callable[[str], Path],
    build: Build,
    count_rows: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = copy_root(root)
    fast = build(src, "-E", builder=builder, out="fast")
    assert count_rows[0] > 20  # the direct writer did write rows
    _translator_only(monkeypatch)
    slow = build(src, "-E", builder=builder, out="slow")
    assert fast.warnings == slow.warnings
    fast_pages, slow_pages = _pages(fast), _pages(slow)
    assert fast_pages.keys() == slow_pages.keys()
    for name, text in fast_pages.items():
        assert text == slow_pages[name], name


def test_a_translator_of_its_own_is_honoured(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """A theme that writes table cells its own way gets its cells, in every row."""
    src = copy_root("tables")
    with (src / "conf.py").open("a", encoding="utf8") as conf:
        conf.write(
            "\n"
            "from sphinx.writers.html5 import HTML5Translator\n"
            "class CellTranslator(HTML5Translator):\n"
            "    def visit_entry(self, node):\n"
            "        node['classes'].append('themed')\n"
            "        super().visit_entry(node)\n"
            "def setup(app):\n"
            "    app.set_translator('html', CellTranslator)\n"
        )
    result = build(src)
    assert result.status == 0, result.warnings
    html = result.html("evaluation")
    body = html[html.index("keikaku-evaluation") :]
    body = body[: body.index("</table>")]
    cells = re.findall(r"<t[dh]\b[^>]*>", body)
    assert len(cells) > 30
    assert all("themed" in cell for cell in cells), [
        c for c in cells if "themed" not in c
    ]
