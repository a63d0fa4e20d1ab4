"""The setting of translated editions (issue 18): the plan's own language.

Declared here, joined into :data:`.config.SETTINGS`; read by
:mod:`sphinxcontrib_keikaku.output.lang`, which marks the plan's text that
stays in this language in an edition of another (WCAG 3.1.2).
"""

from __future__ import annotations

import re
from typing import Any

from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import Setting, SettingError

#: A language tag as HTML's ``lang`` takes it: ``ja``, ``en``, ``zh-Hant``.
_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _TAG.fullmatch(value.strip()):
        raise SettingError(_("write a language tag such as 'ja'"))
    return value.strip().replace("_", "-")


I18N_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_source_language",
        default="ja",
        types=(str,),
        help="The language the plan is written in. In an edition built in "
        "another ``language`` (``-D language=en``), the plan's text that is "
        "still in this language (not translated) is marked with it in HTML "
        '(``lang="ja"``), so that screen readers read it as Japanese. '
        "keikaku recognises Japanese text by its kana and kanji; in a plan "
        "written in another language nothing is marked.",
        normalise=_language,
        example='"ja"',
        # read when pages are written, not when they are read
        rebuild="html",
    ),
)
