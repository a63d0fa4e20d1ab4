"""The plan's strings that come from ``conf.py``, in the build's language.

The labels of the custom axes of ``keikaku_axes`` and of their values are
written in ``conf.py``, not in a document, so no document's catalogue holds
them. They have a catalogue of their own, the textdomain
:data:`PLAN_TEXTDOMAIN` (``keikaku-plan``): the ``gettext`` builder writes
``keikaku-plan.pot`` beside the documents' ``.pot`` files (the messages are
added to the builder's catalogues on ``write-started``, located at the
setting's line of ``conf.py``), so ``sphinx-intl update`` makes
``locales/<language>/LC_MESSAGES/keikaku-plan.po`` like any other, and
Sphinx compiles it with the rest.

What the build shows reads :func:`shown_axes`; reading the options of the
directives keeps :func:`~.settings_axes.axes_of`, so that a label typed in
the plan's own language is still understood in an English build. A changed
``keikaku-plan`` catalogue re-reads every document
(:func:`on_env_get_outdated`), since any page may show an axis.
"""

from __future__ import annotations

import gettext
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.gettext import I18nBuilder, MsgOrigin

from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.settings_axes import NAME as AXES
from sphinxcontrib_keikaku.sphinxext.settings_axes import axes_of
from sphinxcontrib_keikaku.sphinxext.state import state
from sphinxcontrib_keikaku.sphinxext.translation import read_catalogue

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_keikaku.core.axes import Axis
    from sphinxcontrib_keikaku.sphinxext.translation import Translate

#: The textdomain of the strings of ``conf.py``.
PLAN_TEXTDOMAIN = "keikaku-plan"

#: The domain data key of the digest of the compiled ``keikaku-plan``
#: catalogue as of the last build.
_DIGEST = "plan_catalogue"


def settings_messages(config: Config) -> list[str]:
    """The strings of ``conf.py`` a translator translates: each custom
    axis's label and its values' labels (the SDG goals are named by
    keikaku's own catalogue)."""
    result: list[str] = []
    for axis in axes_of(config):
        if axis.is_builtin:
            continue
        for text in (axis.label, *(label for _key, label in axis.values)):
            if text and text not in result:
                result.append(text)
    return result


def plan_translator(app: Sphinx) -> Translate | None:
    """The lookup of the ``keikaku-plan`` catalogue; ``None`` without one
    and for the gettext builder."""
    if not app.builder.use_message_catalog:
        return None
    config = app.config
    return read_catalogue(
        app.srcdir, list(config.locale_dirs), config.language, PLAN_TEXTDOMAIN
    )


def shown_axes(app: Sphinx) -> tuple[Axis, ...]:
    """The declared axes as the build shows them: the custom axes' labels
    in the ``keikaku-plan`` catalogue (read once per build)."""
    current = state(app.env)
    axes = current.shown_axes
    if axes is None:
        axes = axes_of(app.config)
        translate = plan_translator(app)
        if translate is not None:
            axes = tuple(
                axis
                if axis.is_builtin
                else replace(
                    axis,
                    label=translate(axis.label),
                    values=tuple((key, translate(text)) for key, text in axis.values),
                )
                for axis in axes
            )
        current.shown_axes = axes
    return axes


def on_write_started(app: Sphinx, builder: object) -> None:
    """Add the strings of ``conf.py`` to the gettext builder's catalogues
    (it writes them as ``keikaku-plan.pot`` when it finishes)."""
    if not isinstance(app.builder, I18nBuilder):
        return
    messages = settings_messages(app.config)
    if not messages:
        return
    path, line = setting_location(app.confdir, app.config, AXES)
    catalog = app.builder.catalogs[PLAN_TEXTDOMAIN]
    for message in messages:
        catalog.add(message, MsgOrigin(path or "conf.py", line or 0))


def _digest(app: Sphinx) -> str:
    """A digest of the compiled ``keikaku-plan`` catalogues in force."""
    digest = hashlib.sha256()
    language = app.config.language
    if not language:
        return ""
    for directory in app.config.locale_dirs:
        found = gettext.find(
            PLAN_TEXTDOMAIN, str(Path(app.srcdir, directory)), [language]
        )
        if found is not None:
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Every document, when the ``keikaku-plan`` catalogue changed since the
    last build (its axes' labels may be on any page)."""
    data = get_domain(env).data
    digest = _digest(app)
    previous = data.get(_DIGEST)
    data[_DIGEST] = digest
    if previous is None or previous == digest:
        return []
    return sorted(env.found_docs - added - changed)


def setup_plan_catalogue(app: Sphinx) -> None:
    app.connect("write-started", on_write_started)
    app.connect("env-get-outdated", on_env_get_outdated)


__all__ = [
    "PLAN_TEXTDOMAIN",
    "plan_translator",
    "settings_messages",
    "setup_plan_catalogue",
    "shown_axes",
]
