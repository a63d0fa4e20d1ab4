"""The settings of plans that hold together: external plans, the previous
edition.

``keikaku_external_plans`` is shaped like ``intersphinx_mapping``: a short
name for each other keikaku project, and where its exported ``plan.json``
is, optionally with the base URL its pages are published under. Nothing is
ever fetched: the path is a file, relative to the source directory.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import Setting, SettingError

#: A plan name: what comes before ``:`` in ``name:ID``.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class ExternalPlan(NamedTuple):
    """One entry of ``keikaku_external_plans``, normalised."""

    name: str
    #: Where the other plan's pages are, ending in ``/``; empty: not linked.
    base_url: str
    #: The plan.json, relative to the source directory (or absolute).
    path: str


def _external_plans(value: Any) -> dict[str, tuple[str, str]]:
    """name -> (base_url, path); a bare path gets an empty base URL."""
    if not isinstance(value, dict):
        raise SettingError(
            _(
                "write a dict such as {'sogo': ('https://example.org/plan/', "
                "'_external/sogo.json')}"
            )
        )
    result: dict[str, tuple[str, str]] = {}
    for name, entry in value.items():
        if not isinstance(name, str) or _NAME.fullmatch(name) is None:
            raise SettingError(
                _(
                    "plan name %r cannot be used: write ASCII letters, digits, "
                    "'-' and '_', starting with a letter, such as sogo"
                )
                % (name,)
            )
        if isinstance(entry, str):
            base_url, path = "", entry
        elif (
            isinstance(entry, (tuple, list))
            and len(entry) == 2
            and all(isinstance(part, str) or part is None for part in entry)
        ):
            base_url, path = entry[0] or "", entry[1] or ""
        else:
            raise SettingError(
                _(
                    "plan %r: write the path of its plan.json, or a pair "
                    "(base_url, path)"
                )
                % name
            )
        if not path.strip():
            raise SettingError(_("plan %r: the path of its plan.json is empty") % name)
        if "://" in path:
            raise SettingError(
                _(
                    "plan %r: %r is a URL; keikaku never fetches from the "
                    "network, so name a local copy of the plan.json"
                )
                % (name, path)
            )
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        result[name] = (base_url, path)
    return result


def _previous_plan(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SettingError(
            _("write the path of a plan.json, such as '_editions/r6.json'")
        )
    if "://" in value:
        raise SettingError(
            _(
                "%r is a URL; keikaku never fetches from the network, so name a local file"
            )
            % value
        )
    return value


EXTERNAL_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_external_plans",
        default={},
        types=(dict,),
        help="Other keikaku plans this plan links with, like "
        "``intersphinx_mapping``: a short name for each, and the path of the "
        "``plan.json`` its HTML build exported (relative to the source "
        "directory), or a pair ``(base_url, path)`` whose pages are then "
        "linked. Their objects are named ``name:ID`` in ``:serves:``; a plan "
        "that is served lists the objects serving it in ``plan-alignment``. "
        "Nothing is fetched from the network.",
        normalise=_external_plans,
        example='{"sogo": ("https://example.org/sogo/", "_external/sogo.json")}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_previous_plan",
        default=None,
        types=(str, type(None)),
        help="The ``plan.json`` of an earlier edition of this plan (before a "
        "mid-term revision, say), relative to the source directory; "
        "``plan-changes`` lists what changed since.",
        normalise=_previous_plan,
        example='"_editions/2024.json"',
        rebuild="html",
    ),
)


def external_plans(config: Any) -> list[ExternalPlan]:
    """The configured external plans, in the order of the setting."""
    mapping: dict[str, tuple[str, str]] = config.keikaku_external_plans or {}
    return [ExternalPlan(name, url, path) for name, (url, path) in mapping.items()]
