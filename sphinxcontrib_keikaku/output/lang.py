"""``lang`` on the plan's own text in an edition of another language
(WCAG 2.1 success criterion 3.1.2, Language of Parts; issue 18).

In an English edition, what a translator has not translated stays
Japanese. The page says ``lang="en"``, so a screen reader would read the
Japanese with an English voice. keikaku marks the plan's text it renders
(titles in links and tables, the facts of a block, the header and body of
an object's block) with ``keikaku_source_language`` when the text is
Japanese (has kana or kanji) and the build's ``language`` is another one.
The mark is docutils' own: the class ``language-ja``, which the HTML
writers turn into ``lang="ja"`` and other builders ignore.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_keikaku.sphinxext.nodes import plan_object

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Hiragana, katakana, CJK ideographs (and extension A, compatibility),
#: half-width katakana.
_JAPANESE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)


def _primary(language: str | None) -> str:
    return (language or "en").replace("_", "-").split("-")[0].lower()


def part_language(config: Config) -> str | None:
    """The language to mark the plan's untranslated text with in this
    build, or ``None`` when the build is in the plan's own language."""
    source = str(getattr(config, "keikaku_source_language", "ja") or "ja")
    if _primary(source) != "ja" or _primary(config.language) == "ja":
        # Japanese is known by its script; text in another source language
        # cannot be told from its translation, so nothing is marked
        return None
    return source


def is_source_text(text: str, language: str | None) -> bool:
    """Whether *text* is to be marked as *language* (see the module)."""
    return language is not None and _JAPANESE.search(text) is not None


def source_text(text: str, language: str | None) -> nodes.Node:
    """*text* as a node: marked with *language* if it is the plan's own."""
    if is_source_text(text, language):
        return nodes.inline("", text, classes=[f"language-{language}"])
    return nodes.Text(text)


def mark(node: nodes.Element, language: str | None) -> None:
    """Give *node* the language class if its text is the plan's own."""
    if is_source_text(node.astext(), language):
        node["classes"].append(f"language-{language}")


class MarkSourceLanguage(SphinxPostTransform):
    """The header title and the body paragraphs of each object's block,
    in HTML: what the directive and Sphinx's ``Locale`` left untranslated."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        language = part_language(self.config)
        if language is None:
            return
        for block in self.document.findall(plan_object):
            for node in block.findall(nodes.Element):
                if "keikaku-title" in node["classes"] or (
                    isinstance(node, nodes.paragraph) and _in_body(node, block)
                ):
                    mark(node, language)


def _in_body(node: nodes.Element, block: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None and parent is not block:
        if "keikaku-body" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def setup_lang(app: Sphinx) -> None:
    app.add_post_transform(MarkSourceLanguage)
