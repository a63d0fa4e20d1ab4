"""The settings of citizens' voice (市民の声): channels, dispositions, sheets.

Declared here, joined into :data:`.config.SETTINGS`; the normalisers are in
:mod:`~sphinxcontrib_keikaku.core.opinions` and
:mod:`~sphinxcontrib_keikaku.data.files`.
"""

from __future__ import annotations

from sphinxcontrib_keikaku.core import opinions
from sphinxcontrib_keikaku.data import files as datafiles
from sphinxcontrib_keikaku.sphinxext.setting import Setting, _wrapped

OPINION_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_opinion_channels",
        default=opinions.DEFAULT_CHANNELS,
        types=(list, tuple),
        help="Where citizens' opinions were heard (``:channel:`` of an "
        "``opinion``, the 区分 column of an opinion sheet); the first is the "
        "default.",
        normalise=_wrapped(opinions.normalise_channels),
        example='["パブリックコメント", "ワークショップ", "地区懇談会"]',
        rebuild="html",
    ),
    Setting(
        name="keikaku_dispositions",
        default=dict(opinions.DEFAULT_DISPOSITIONS),
        types=(dict, tuple),
        help="How the city handled each opinion (取扱い区分): a mapping of the "
        "code the tables show to its label. ``:disposition:`` names a code "
        "or a label; a label containing 反映 (or reflect) took the opinion up, "
        "so the opinion must name what it changed (``:changed:``).",
        normalise=_wrapped(opinions.normalise_dispositions),
        example='{"A": "加筆修正（計画に反映）", "B": "記載済", "C": "参考", "D": "回答"}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_opinion_files",
        default=(),
        types=(list, tuple, str),
        help="Opinion sheets (意見の概要と市の考え方), relative to the source "
        "directory: CSV (UTF-8, UTF-8 with BOM or Shift_JIS) or Excel "
        "workbooks, one opinion per row, with the columns id/番号, "
        "channel/区分, date/日付, district/地区, about/該当箇所, "
        "summary/意見の概要, count/件数, disposition/取扱い区分, "
        "answer/市の考え方, changed/修正箇所. A column naming a person "
        "(氏名, 住所, name, address) is refused and never read.",
        normalise=_wrapped(datafiles.normalise_data_files),
        example='["data/public-comment.csv"]',
        rebuild="html",
    ),
)
