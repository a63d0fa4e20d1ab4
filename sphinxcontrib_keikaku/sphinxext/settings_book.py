"""The setting of the PDF plan book (issue 29): which plan objects start a
new page.

Declared here, joined into :data:`.config.SETTINGS`; read by
:func:`sphinxcontrib_keikaku.output.latex.break_pages`.
"""

from __future__ import annotations

from typing import Any

from sphinxcontrib_keikaku.core.model import Kind
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import Setting, SettingError

#: The kinds of object that may start a page of the book.
PAGE_KINDS = (Kind.VISION.value, Kind.MEASURE.value)


def normalise_new_page(value: Any) -> tuple[str, ...]:
    """``"measure"`` or a list of ``vision`` and ``measure``; ``[]`` for none.

    >>> normalise_new_page("measure")
    ('measure',)
    >>> normalise_new_page(["vision", "measure"])
    ('vision', 'measure')
    """
    kinds = [value] if isinstance(value, str) else value
    if not isinstance(kinds, (list, tuple)) or not all(
        kind in PAGE_KINDS for kind in kinds
    ):
        raise SettingError(
            _("%r is not allowed; write a list of: %s, or [] for none")
            % (value, ", ".join(PAGE_KINDS))
        )
    return tuple(dict.fromkeys(kinds))


BOOK_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_latex_new_page",
        default=("measure",),
        types=(list, tuple, str),
        help="Which plan objects start a new page of the PDF (LaTeX builds): "
        "``measure`` (the default: each 施策 on a page of its own, as a plan "
        "book prints it), ``vision`` (each 政策 too), or ``[]`` for none. "
        "The page starts at the object's heading when the object is the "
        "first one under it. Chapters (the top vision level with "
        '``latex_toplevel_sectioning = "part"``) start a page anyway.',
        normalise=normalise_new_page,
        example='["vision", "measure"]',
        rebuild="html",
    ),
)
