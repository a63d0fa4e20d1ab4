"""Author text in the build's language: keikaku's part of Sphinx's gettext
workflow (an English edition, issue 18).

Sphinx translates a document's paragraphs in its ``Locale`` transform, after
the directives ran. But a plan object's title, department, unit and source
are options: they are stored in the domain and in the sphinx-needs need by
the directive's ``run()``, and every table, chart and export reads them
from there. So they are translated in ``run()``, by :func:`translate_object`,
from the same compiled catalogue the ``Locale`` transform reads for that
document (``<locale_dirs>/<language>/LC_MESSAGES/<textdomain>.mo``, the
textdomain of :func:`sphinx.util.i18n.docname_to_domain`), and the original
strings are left in the doctree in a :class:`plan_messages` node, which
Sphinx's ``gettext`` builder extracts (it is an
:class:`sphinx.addnodes.translatable`) with the directive's file and line.
The node writes nothing: :class:`DropPlanMessages` removes it for every
builder but the ``gettext`` builder.

The catalogue is read once per document (kept in ``env.temp_data``, which
Sphinx clears after each document) and only when the file exists, so a
build without catalogues costs one ``stat`` per document. The files are
read directly, not through :func:`gettext.translation`, whose cache would
keep an edited catalogue's old text in a process that builds twice.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.gettext import I18nBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain

from sphinxcontrib_keikaku.core.model import TRANSLATED_FIELDS
from sphinxcontrib_keikaku.sphinxext.apps import app_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

    from sphinxcontrib_keikaku.core.model import Plan, PlanObject
    from sphinxcontrib_keikaku.core.planfile import FileObject

#: A lookup: the translation of a message, or the message itself.
Translate = Callable[[str], str]

_TEMP_KEY = "keikaku_catalogue"

#: Blank lines: where one paragraph of a narrative ends.
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


class plan_messages(nodes.General, nodes.Element, addnodes.translatable):
    """The author strings of one directive (``messages``), for the gettext
    builder. They are translated when the directive runs, so the
    ``Locale`` transform has nothing left to apply to them."""

    def preserve_original_messages(self) -> None:
        """The originals are ``self["messages"]``, never changed."""

    def apply_translated_message(
        self, original_message: str, translated_message: str
    ) -> None:
        """Nothing: the directive applied the translation already."""

    def extract_original_messages(self) -> Sequence[str]:
        return list(self.get("messages", ()))


def read_catalogue(
    srcdir: str | Path,
    locale_dirs: Sequence[str],
    language: str | None,
    textdomain: str,
) -> Translate | None:
    """The lookup of *textdomain*'s compiled catalogues in *language*, or
    ``None`` when there is none. As in Sphinx's ``Locale`` transform, the
    first of ``locale_dirs`` that has a message wins."""
    if not language:
        return None
    found: list[gettext.GNUTranslations] = []
    for directory in locale_dirs:
        path = gettext.find(textdomain, str(Path(srcdir, directory)), [language])
        if path is None:
            continue
        try:
            with Path(path).open("rb") as file:
                found.append(gettext.GNUTranslations(file))
        except (OSError, ValueError):
            continue  # a broken .mo: Sphinx's own Locale reports nothing either
    if not found:
        return None

    def translate(message: str) -> str:
        if not message:
            return message  # "" is the catalogue's header
        for catalogue in found:
            text = catalogue.gettext(message)
            if text != message and text.strip():
                return text
        return message

    return translate


def document_catalogue(env: BuildEnvironment) -> Translate | None:
    """The lookup for the document being read, read once per document;
    ``None`` for the gettext builder, which extracts the originals."""
    temp = env.temp_data
    if _TEMP_KEY not in temp:
        translate: Translate | None = None
        # the gettext builder reads no catalogue (use_message_catalog)
        if app_of(env).builder.use_message_catalog:
            translate = read_catalogue(
                env.srcdir,
                list(env.config.locale_dirs),
                env.config.language,
                docname_to_domain(env.docname, env.config.gettext_compact),
            )
        temp[_TEMP_KEY] = translate
    result: Translate | None = temp[_TEMP_KEY]
    return result


def translate_text(env: BuildEnvironment, text: str) -> str:
    """*text* in the current document's catalogue (an option such as a
    table's ``:department:`` filter, which must match translated objects)."""
    translate = document_catalogue(env)
    return translate(text) if translate is not None and text else text


def translate_object(directive: SphinxDirective, obj: PlanObject) -> plan_messages:
    """Translate *obj*'s author strings in place, and the node that keeps
    the originals for the gettext builder (placed in the object's block)."""
    originals: list[str] = []
    translate = document_catalogue(directive.env)
    for name in TRANSLATED_FIELDS:
        text = getattr(obj, name, None)
        if not isinstance(text, str) or not text:
            continue
        if text not in originals:
            originals.append(text)
        if translate is not None:
            setattr(obj, name, translate(text))
    text = getattr(obj, "text", None)  # an evaluation record's narrative
    if translate is not None and isinstance(text, str) and text:
        # as Sphinx translates the body: paragraph by paragraph (the body's
        # paragraphs are the messages; the exports read this text)
        paragraphs = _PARAGRAPHS.split(text)
        obj.text = "\n\n".join(translate(p) for p in paragraphs)  # type: ignore[attr-defined]
    node = plan_messages(messages=originals)
    directive.set_source_info(node)
    return node


def messages_node(directive: SphinxDirective, texts: Sequence[str]) -> plan_messages:
    """A node that only carries *texts* to the gettext builder."""
    node = plan_messages(messages=[text for text in texts if text])
    directive.set_source_info(node)
    return node


class DropPlanMessages(SphinxPostTransform):
    """Removes :class:`plan_messages` for every builder but gettext's: they
    carry messages, not content."""

    default_priority = 5

    def is_supported(self) -> bool:
        return not isinstance(app_of(self.env).builder, I18nBuilder)

    def run(self, **kwargs: Any) -> None:
        # every page: the LaTeX and texinfo builders apply post-transforms
        # to one doctree assembled from many documents
        for node in list(self.document.findall(plan_messages)):
            node.parent.remove(node)


def setup_translation(app: Sphinx) -> None:
    """Register the node (it is pickled with the doctrees) and its removal."""
    app.add_node(plan_messages)
    app.add_post_transform(DropPlanMessages)


def document_translator(app: Sphinx) -> Callable[[str], Translate | None]:
    """The lookup of any document's catalogue (by docname), each read once
    for the caller; for output made after reading (the previous edition's
    titles, which ``plan-changes`` compares with translated ones)."""
    found: dict[str, Translate | None] = {}
    config = app.config

    def of(docname: str) -> Translate | None:
        domain = docname_to_domain(docname, config.gettext_compact)
        if domain not in found:
            found[domain] = (
                read_catalogue(
                    app.srcdir, list(config.locale_dirs), config.language, domain
                )
                if app.builder.use_message_catalog
                else None
            )
        return found[domain]

    return of


def translate_previous(
    app: Sphinx, objects: Mapping[str, FileObject], plan: Plan
) -> dict[str, FileObject]:
    """The previous edition's *objects*, their title and unit looked up in
    the catalogue of the document that has the same id now: an English
    edition compared with a Japanese export shows what changed, not that
    every title was translated."""
    catalogue_of = document_translator(app)
    result = dict(objects)
    for object_id, old in objects.items():
        current = plan.objects.get(object_id)
        translate = catalogue_of(current.docname) if current is not None else None
        if translate is not None:
            result[object_id] = replace(
                old, title=translate(old.title), unit=translate(old.unit)
            )
    return result
