"""The pieces every ``keikaku_*`` setting is declared with.

:class:`Setting` and the small normalisers shared by the declarations live
here, apart from the declarations themselves (:mod:`.config` and the
per-feature ``settings_*`` modules), so that a feature declares its settings
in its own module without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sphinxcontrib_keikaku.core.rules import RULE_NAMES, SEVERITIES, Severity
from sphinxcontrib_keikaku.core.values import (
    PlanValueError,
    parse_fiscal_year,
    parse_period,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _

#: What a changed setting rebuilds, as Sphinx's ``add_config_value`` takes it:
#: ``"env"`` re-reads every source, ``"html"`` rewrites every page.
Rebuild = Literal["env", "html", ""]


class SettingError(ValueError):
    """An invalid setting; the message names the allowed values."""


@dataclass(frozen=True)
class Setting:
    """One ``keikaku_*`` configuration value."""

    name: str
    default: Any
    types: tuple[type, ...]
    help: str
    #: Returns the canonical value or raises :class:`SettingError`.
    normalise: Callable[[Any], Any]
    #: The example shown in the reference docs.
    example: str
    #: ``"env"`` only for a setting read while documents are read; every
    #: keikaku setting is read after reading, so a change rewrites the pages;
    #: ``""`` for a setting that changes nothing a build writes.
    rebuild: Rebuild = "html"
    #: Defaults that differ by ``language`` (its first part: ``"ja"``), so
    #: that every default works in every language (a pdfLaTeX book of an
    #: English edition cannot print 千円).
    language_defaults: Mapping[str, Any] = field(default_factory=dict)

    def default_for(self, language: str | None) -> Any:
        """The default in a project written in *language*."""
        return self.language_defaults.get(_language(language), self.default)


def _language(language: str | None) -> str:
    return (language or "en").replace("-", "_").split("_")[0].lower()


def _period(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return parse_period(value)
        except PlanValueError as err:
            raise SettingError(str(err)) from None
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 1900 <= value[0] <= value[1] <= 2200
    ):
        return (value[0], value[1])
    raise SettingError(
        _("write two fiscal years, first ≤ last, e.g. (2024, 2027) or '2024-2027'")
    )


def optional_fiscal_year(value: Any, hint: str) -> int | None:
    """``None``, or a fiscal year written as ``2025``, ``"FY2025"``,
    ``"R7"``…; otherwise a :class:`SettingError` saying *hint* (what to
    write, and what ``None`` means for the setting)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value <= 2200:
            return value
    elif isinstance(value, str):
        try:
            return parse_fiscal_year(value)
        except PlanValueError:
            pass
    raise SettingError(hint)


def _rules(value: Any) -> dict[str, Severity]:
    if not isinstance(value, Mapping):
        raise SettingError(_("write a dict such as {'unfunded': 'error'}"))
    result: dict[str, Severity] = {}
    for key, severity in value.items():
        if key not in RULE_NAMES:
            raise SettingError(
                _("unknown rule %r; the rules are: %s") % (key, ", ".join(RULE_NAMES))
            )
        if severity not in SEVERITIES:
            raise SettingError(
                _("rule %r: unknown severity %r; use one of: %s")
                % (key, severity, ", ".join(SEVERITIES))
            )
        result[key] = severity
    return result


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise SettingError(
                _("%r is not allowed; use one of: %s") % (value, ", ".join(choices))
            )
        return str(value)

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise SettingError(_("write a text such as '千円'"))
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingError(_("write True or False"))
    return value


def _wrapped(normalise: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Turn a normaliser's ValueError into a SettingError."""

    def check(value: Any) -> Any:
        try:
            return normalise(value)
        except ValueError as err:
            raise SettingError(str(err)) from None

    return check
