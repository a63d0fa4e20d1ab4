"""The ``keikaku_axes`` setting: classification axes (issue 16).

Declared once here, joined into :data:`.config.SETTINGS`. Unlike the other
settings it is read while documents are read (every axis is an option of
``measure``, ``indicator`` and ``budget-link``), so a change re-reads every
source (``"env"``).

The setting is read early on ``config-inited`` (:func:`read_setting`,
before sphinx-needs loads its fields, as each axis is a need field): the
valid axes are kept and every invalid one is a ``keikaku.config`` finding at
the line of ``conf.py``, so that one mistyped axis does not turn the options
of every other axis into unknown options. The value left in the config is
the canonical form of the valid axes, which :func:`_normalise` (the
validation of every setting, later) accepts as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.axes import (
    RESERVED_OPTIONS,
    Axis,
    AxisError,
    normalise_axes,
    read_axes,
)
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.confpy import setting_location
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import Setting, SettingError
from sphinxcontrib_keikaku.sphinxext.state import keep_config_findings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "AXES_SETTINGS",
    "axes_of",
    "canonical",
    "read_setting",
    "reserved_names",
]

NAME = "keikaku_axes"


def reserved_names() -> tuple[str, ...]:
    """The names an axis may not take: every option the plan directives
    have (other features' too, read from the directives themselves) and the
    fields keikaku gives every need."""
    from sphinxcontrib_keikaku.sphinxext.directives import DIRECTIVES
    from sphinxcontrib_keikaku.sphinxext.needs_bridge import FIELDS, LINKS

    names = dict.fromkeys(RESERVED_OPTIONS)
    for directive in DIRECTIVES.values():
        names.update(dict.fromkeys(directive.option_spec))
    names.update(dict.fromkeys(FIELDS))
    names.update(dict.fromkeys(LINKS))
    return tuple(names)


def canonical(axes: tuple[Axis, ...]) -> dict[str, Any]:
    """``axes`` written back as a ``keikaku_axes`` value: what the config
    keeps (and the environment pickles, and compares on the next build)."""
    result: dict[str, Any] = {}
    for axis in axes:
        if axis.builtin is not None:
            result[axis.name] = axis.builtin
        else:
            result[axis.name] = {"label": axis.label, "values": dict(axis.values)}
    return result


def _normalise(value: Any) -> dict[str, Any]:
    try:
        axes = normalise_axes(value, reserved=reserved_names())
    except AxisError as err:
        raise SettingError(str(err)) from None
    return canonical(axes)


AXES_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name=NAME,
        default={},
        types=(dict,),
        help="Classification axes: a dict of axis names and axes. Each axis "
        "becomes an option of the same name on ``measure``, ``indicator`` "
        "and ``budget-link`` (comma-separated keys) and a sphinx-needs field, "
        'and ``plan-axis`` shows it. ``"sdgs"`` is the built-in axis of the '
        "17 Sustainable Development Goals (numbers 1–17, official names in "
        "Japanese or English after ``language``, official colours; targets "
        "such as ``11.2`` count under their goal); a custom axis is a dict "
        "with a ``label`` and ordered ``values`` (key: label). An axis name "
        "is a lowercase option name (letters, digits, hyphens) that no plan "
        "directive option or sphinx-needs field has.",
        normalise=_normalise,
        example='{"sdgs": "sdgs", "strategy": {"label": "総合戦略", '
        '"values": {"1": "稼ぐ地域", "2": "人の流れ"}}}',
        rebuild="env",
    ),
)


def _finding(app: Sphinx, config: Config, text: str) -> Finding:
    path, lineno = setting_location(app.confdir, config, NAME)
    message = _("setting %s is invalid: %s; the other axes are used") % (NAME, text)
    if path is None:
        message += " " + _("(given on the command line with -D)")
    return Finding(Rule.CONFIG, message, path=path, lineno=lineno)


def read_setting(app: Sphinx, config: Config) -> None:
    """Read ``keikaku_axes`` (config-inited, before sphinx-needs reads its
    fields): keep the valid axes, register their need fields, and keep a
    finding for each invalid axis for the check pass."""
    from sphinxcontrib_keikaku.sphinxext.needs_bridge import add_axis_field

    raw = config[NAME]
    findings: list[Finding] = []
    axes, errors = read_axes(raw, language=config.language, reserved=reserved_names())
    findings += [_finding(app, config, str(err)) for err in errors]
    kept: list[Axis] = []
    # the project's own sphinx-needs fields are loaded later (priority 500)
    own = set(config.needs_fields or ()) | {
        item if isinstance(item, str) else str(item.get("name", ""))
        for item in config.needs_extra_options or ()
    }
    # a field of a link type's name would make sphinx-needs drop the link
    # type, and every need using it, from needs.json
    links = {
        str(item.get("option", ""))
        for item in config.needs_extra_links or ()
        if isinstance(item, Mapping)
    }
    for axis in axes:
        if axis.field in own:
            refused: str | None = _("the project declares it in needs_fields")
        elif axis.field in links:
            refused = _("the project declares it as a link type in needs_extra_links")
        else:
            refused = add_axis_field(axis.field, axis.label)
        if refused:
            findings.append(
                _finding(
                    app,
                    config,
                    _(
                        "axis %r: sphinx-needs already has a field %r (%s); "
                        "choose another axis name"
                    )
                    % (axis.name, axis.field, refused),
                )
            )
        else:
            kept.append(axis)
    keep_config_findings(config, "axes", findings)
    config[NAME] = canonical(tuple(kept))


def axes_of(config: Config) -> tuple[Axis, ...]:
    """The declared axes of this project, named in its ``language``.

    Read from the setting on each call: a few directives and events ask, and
    the build shows them through ``plan_catalogue.shown_axes``, kept in the
    build's state.
    """
    value = getattr(config, NAME, {})
    if not isinstance(value, Mapping):
        value = {}
    try:
        return normalise_axes(value, language=config.language, reserved=())
    except AxisError:
        return ()  # reported by read_setting
