"""Classification axes: the SDGs, the 総合戦略, 重点プロジェクト, 公約 (issue 16).

Real plans classify their measures along several axes at once. An axis is
declared in ``keikaku_axes`` and becomes an option of the same name on
``measure``, ``indicator`` and ``budget-link``. :func:`normalise_axes` (or
:func:`read_axes`, which keeps the valid axes beside the errors) turns the
setting into :class:`Axis` records, raising :class:`AxisError`, which the
glue reports as ``config``.

Reading the values on objects is :mod:`sphinxcontrib_keikaku.core.axisvalues`;
the ``plan-axis`` tables are :mod:`sphinxcontrib_keikaku.core.axistables`.
Pure: no Sphinx, only the message catalog.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sphinxcontrib_keikaku.core.funding import FUNDING_OPTIONS
from sphinxcontrib_keikaku.core.i18n import _, message
from sphinxcontrib_keikaku.core.sdgs import GOALS, GOALS_BY_KEY, Goal
from sphinxcontrib_keikaku.core.staffcost import STAFF_FIELDS
from sphinxcontrib_keikaku.core.texts import is_japanese, normalize

__all__ = [
    "BUILTIN_AXES",
    "NEEDS_FIELDS",
    "RESERVED_OPTIONS",
    "Axis",
    "AxisError",
    "normalise_axes",
    "read_axes",
    "sdgs_axis",
]

#: The options ``measure``, ``indicator`` and ``budget-link`` already have
#: (and ``plan``, kept for the plan directives): an axis of the same name
#: would make one option mean two things.
RESERVED_OPTIONS: tuple[str, ...] = (
    "id",
    "vision",
    "measure",
    "parent",
    "department",
    "period",
    "unit",
    "direction",
    "baseline",
    "target",
    "actual",
    "estimate",
    "source",
    "kind",
    "cumulative",
    "code",
    "account",
    "budget",
    "settlement",
    "plan",
    # options of 0.2 (evaluation records, external plans)
    "serves",
    "of",
    "year",
    "stage",
    "grade",
    "evaluator",
    *FUNDING_OPTIONS,
    # options of 0.3 (staff time)
    *STAFF_FIELDS,
)

#: The fields every sphinx-needs need has (sphinx-needs' core fields and the
#: links it derives): the values of an axis are a need field of the axis's
#: name, which must not shadow one of these in needtable and filter strings.
NEEDS_FIELDS: tuple[str, ...] = (
    "title",
    "status",
    "tags",
    "collapse",
    "hide",
    "layout",
    "style",
    "arch",
    "type",
    "type_name",
    "type_prefix",
    "type_color",
    "type_style",
    "content",
    "pre_content",
    "post_content",
    "docname",
    "lineno",
    "lineno_content",
    "doctype",
    "sections",
    "section_name",
    "signature",
    "parent_need",
    "parent_needs",
    "parts",
    "links",
    "constraints",
    "constraints_passed",
    "constraints_results",
    "constraints_error",
    "template",
    "pre_template",
    "post_template",
    "jinja_content",
    "is_need",
    "is_part",
    "is_external",
    "is_import",
    "is_modified",
    "modifications",
    "external_url",
    "external_css",
    "id_parent",
    "id_complete",
    "has_dead_links",
    "has_forbidden_dead_links",
)

#: The built-in axes, written as the value of an axis: ``"sdgs": "sdgs"``.
BUILTIN_AXES: tuple[str, ...] = ("sdgs",)

# Directive option names: docutils matches them as written, and sphinx-needs
# uses them as field names.
_NAME = re.compile(r"\A[a-z][a-z0-9-]*\Z")
# What separates values in an option (commas, 、, ; and spaces; see
# axisvalues.parse_axis_values): a value key cannot contain one, or it could
# not be written.
_SEPARATORS = re.compile(r"[\s,、;]+")
_SPEC_KEYS = ("label", "values")
_EXAMPLE = "{'label': '総合戦略', 'values': {'1': '稼ぐ地域', '2': '人の流れ'}}"


class AxisError(ValueError):
    """An invalid ``keikaku_axes``; ``str(err)`` names the axis and the fix."""


def _error(text: str, *args: object) -> AxisError:
    return AxisError(message(text, *args))


@dataclass(frozen=True)
class Axis:
    """One declared axis. Plain tuples, so that it pickles with the config."""

    #: The option name, e.g. ``"sdgs"`` or ``"strategy"``.
    name: str
    #: The heading shown for it, e.g. ``"総合戦略"``.
    label: str
    #: ``(key, label)`` of every value, in declared order.
    values: tuple[tuple[str, str], ...]
    #: The built-in axis this is (``"sdgs"``), or ``None`` for a custom axis.
    builtin: str | None = None

    @property
    def is_builtin(self) -> bool:
        return self.builtin is not None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in self.values)

    @property
    def field(self) -> str:
        """A sphinx-needs field name for the axis: filter strings are Python
        expressions, in which ``my-axis`` would read as a subtraction."""
        return self.name.replace("-", "_")

    def label_of(self, key: str) -> str:
        """The label of value ``key``; :class:`KeyError` if it is not one."""
        for candidate, label in self.values:
            if candidate == key:
                return label
        raise KeyError(key)

    def goal(self, key: str) -> Goal | None:
        """The SDG of ``key`` on the built-in ``sdgs`` axis, else ``None``."""
        return GOALS_BY_KEY.get(key) if self.builtin == "sdgs" else None


# --- declaring axes --------------------------------------------------------


def normalise_axes(
    value: object,
    *,
    language: str | None = None,
    reserved: tuple[str, ...] = RESERVED_OPTIONS,
) -> tuple[Axis, ...]:
    """``keikaku_axes`` as axes in declared order; :class:`AxisError` at the
    first invalid axis.

    ``language`` is Sphinx's ``language``: the ``sdgs`` axis names its goals
    in Japanese for ``ja``, in English otherwise. ``reserved`` are the option
    names an axis may not take.
    """
    axes, errors = read_axes(value, language=language, reserved=reserved)
    if errors:
        raise errors[0]
    return axes


def read_axes(
    value: object,
    *,
    language: str | None = None,
    reserved: tuple[str, ...] = RESERVED_OPTIONS,
) -> tuple[tuple[Axis, ...], list[AxisError]]:
    """The valid axes of ``keikaku_axes`` and an error for each invalid one.

    The glue can report each error and keep the other axes, so that one
    mistyped axis does not turn every other axis option into an unknown
    option.
    """
    if value is None:
        return (), []
    if not isinstance(value, Mapping):
        return (), [
            _error(
                _(
                    "write a dict of axis names and axes, such as "
                    "{'sdgs': 'sdgs', 'strategy': %s}, not a %s"
                ),
                _EXAMPLE,
                type(value).__name__,
            )
        ]
    axes: list[Axis] = []
    errors: list[AxisError] = []
    for name, spec in value.items():
        try:
            axes.append(_axis(_check_name(name, reserved), spec, language))
        except AxisError as err:
            errors.append(err)
    return tuple(axes), errors


def _suggest_name(name: str) -> str:
    """A valid option name close to ``name``, for the message."""
    text = re.sub(r"[^a-z0-9]+", "-", normalize(name).lower())
    text = re.sub(r"\A[^a-z]+", "", text).strip("-")
    if text.endswith("-back"):
        # not a name refused in turn (see _check_name)
        text = text.removesuffix("-back") + "-axis"
    return text or "strategy"


def _check_name(name: object, reserved: tuple[str, ...]) -> str:
    if not isinstance(name, str):
        raise _error(
            _("axis name %r is not text: write a name such as 'strategy'"), name
        )
    if _NAME.fullmatch(name) is None:
        raise _error(
            _(
                "axis name %r is not a valid option name: use lowercase ASCII "
                "letters, digits and hyphens, starting with a letter, such as %r"
            ),
            name,
            _suggest_name(name),
        )
    if name in reserved:
        raise _error(
            _(
                "axis name %r is already an option of measure, indicator or "
                "budget-link: choose another name (these are taken: %s)"
            ),
            name,
            ", ".join(reserved),
        )
    if name.replace("-", "_").endswith("_back"):
        # sphinx-needs gives every link type a field <link>_back for its
        # backlinks (vision_back, links_back, the project's own links'); an
        # axis of that name replaces it, and the link type is dropped with
        # every need that uses it.
        raise _error(
            _(
                "axis name %r is the name sphinx-needs gives the backlinks "
                "of a link type: the link type would be dropped, and with it "
                "every object that uses it; choose another name, such as %r"
            ),
            name,
            _suggest_name(name.replace("_", "-").removesuffix("-back")) + "-axis",
        )
    if name.replace("-", "_") in NEEDS_FIELDS:
        raise _error(
            _(
                "axis name %r is a field every sphinx-needs need has, which "
                "the axis would shadow in needtable and filter strings: choose "
                "another name, such as %r"
            ),
            name,
            f"{name}-axis",
        )
    if keyword.iskeyword(name):
        raise _error(
            _(
                "axis name %r is a Python keyword, so sphinx-needs filter "
                "strings could not name it: choose another name, such as %r"
            ),
            name,
            f"{name}-axis",
        )
    return name


def _axis(name: str, spec: object, language: str | None) -> Axis:
    if isinstance(spec, str):
        if spec == "sdgs":
            return sdgs_axis(name, language)
        raise _error(
            _(
                "axis %r: %r is not a built-in axis; the built-in axes are: %s "
                "(or write a dict such as %s)"
            ),
            name,
            spec,
            ", ".join(BUILTIN_AXES),
            _EXAMPLE,
        )
    if not isinstance(spec, Mapping):
        raise _error(
            _("axis %r: write 'sdgs' for the built-in SDGs axis or a dict such as %s"),
            name,
            _EXAMPLE,
        )
    for key in spec:
        if key not in _SPEC_KEYS:
            raise _error(
                _("axis %r: unknown key %r; an axis has %s"),
                name,
                key,
                " and ".join(repr(k) for k in _SPEC_KEYS),
            )
    label = spec.get("label", name)
    if not isinstance(label, str) or not label.strip():
        raise _error(_("axis %r: the label must be a text, such as '総合戦略'"), name)
    values = spec.get("values")
    if values is None or (isinstance(values, Mapping) and not values):
        raise _error(
            _(
                "axis %r has no values: add 'values', a dict of keys and labels "
                "such as {'1': '稼ぐ地域', '2': '人の流れ'}"
            ),
            name,
        )
    if not isinstance(values, Mapping):
        raise _error(
            _(
                "axis %r: 'values' must be a dict of keys and labels such as "
                "{'1': '稼ぐ地域', '2': '人の流れ'}, not a %s"
            ),
            name,
            type(values).__name__,
        )
    return Axis(name, label.strip(), _values(name, values))


def _values(name: str, values: Mapping[object, object]) -> tuple[tuple[str, str], ...]:
    result: dict[str, str] = {}
    for raw_key, label in values.items():
        # conf.py authors write {1: "稼ぐ地域"} as readily as {"1": ...}.
        if isinstance(raw_key, int) and not isinstance(raw_key, bool):
            raw_key = str(raw_key)
        if not isinstance(raw_key, str):
            raise _error(
                _(
                    "axis %r: value key %r is not a text: write keys such as '1' or 'P1'"
                ),
                name,
                raw_key,
            )
        key = normalize(raw_key)
        if not key:
            raise _error(
                _(
                    "axis %r has an empty value key: give every value a key such as 'P1'"
                ),
                name,
            )
        if _SEPARATORS.search(key):
            raise _error(
                _(
                    "axis %r: value key %r contains a comma, 、, ; or a space, "
                    "which separate values in an option: use a key such as %r"
                ),
                name,
                raw_key,
                _SEPARATORS.sub("-", key),
            )
        if key in result:
            raise _error(
                _("axis %r: the value key %r is given twice: keep one"), name, key
            )
        if not isinstance(label, str) or not label.strip():
            raise _error(
                _("axis %r: the label of value %r must be a text, such as '稼ぐ地域'"),
                name,
                key,
            )
        result[key] = label.strip()
    return tuple(result.items())


def sdgs_axis(name: str = "sdgs", language: str | None = None) -> Axis:
    """The built-in axis of the 17 goals, keyed ``"1"``–``"17"``, named in
    Japanese for ``ja`` and in English otherwise."""
    japanese = is_japanese(language)
    values = tuple((goal.key, goal.name(japanese)) for goal in GOALS)
    # "SDGs" is what Japanese plans write too.
    return Axis(name, "SDGs", values, builtin="sdgs")
