"""What a revision changed: one edition of a plan against an earlier one.

A mid-term revision (中間見直し) or a 調整計画 adds and removes measures,
retitles them, moves them under other visions and, above all, changes
indicators' baselines, targets, units and directions. :func:`compare` finds
all of these between two sets of :class:`~.planfile.FileObject` (an earlier
edition's ``plan.json`` and the current plan, or two ``plan.json`` files),
and :func:`format_changes` prints them for ``keikaku diff``; the
``plan-changes`` directive shows the same :class:`PlanChanges` as tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.model import Indicator, Plan
from sphinxcontrib_keikaku.core.numbers import format_value
from sphinxcontrib_keikaku.core.planfile import FileObject, FileValue
from sphinxcontrib_keikaku.core.texts import visible


@dataclass(frozen=True)
class ValueChange:
    """One changed value of an indicator: ``field`` (``baseline``, ``target``,
    ``unit``, ``direction``), the fiscal year for a target, old → new (``None``
    where there was or is no value)."""

    object_id: str
    title: str
    field: str
    year: int | None
    old: str | None
    new: str | None


@dataclass
class PlanChanges:
    """Everything that differs between two editions, in id order."""

    added: list[FileObject] = field(default_factory=list)
    removed: list[FileObject] = field(default_factory=list)
    #: (object now, old title)
    retitled: list[tuple[FileObject, str]] = field(default_factory=list)
    #: (object now, the ids it named upward before)
    moved: list[tuple[FileObject, tuple[str, ...]]] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The number of changes of each kind, in the order they are shown."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "retitled": len(self.retitled),
            "moved": len(self.moved),
            "values": len(self.values),
        }

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())


#: The kinds an edition consists of (not the evaluation records).
EDITION_KINDS = ("vision", "measure", "indicator", "budget-link")


def snapshot(plan: Plan) -> dict[str, FileObject]:
    """The current plan's objects as :func:`compare` reads them."""
    result: dict[str, FileObject] = {}
    for obj in plan.objects.values():
        up = tuple(target for _option, target in obj.links())
        if isinstance(obj, Indicator):
            result[obj.id] = FileObject(
                obj.id,
                obj.kind.value,
                obj.title,
                up=up,
                unit=obj.unit,
                direction=obj.direction,
                baseline=obj.baseline,
                target=dict(obj.target),
            )
        else:
            result[obj.id] = FileObject(obj.id, obj.kind.value, obj.title, up=up)
    return result


def _shown(value: FileValue | None) -> str | None:
    return None if value is None else format_value(value)


def _same(a: FileValue | None, b: FileValue | None) -> bool:
    # Decimal("17") equals Decimal("17.0"); a text equals only the same text
    # (a Decimal never equals a str)
    return a == b


def _value_changes(old: FileObject, new: FileObject) -> list[ValueChange]:
    changes: list[ValueChange] = []

    def note(name: str, year: int | None, was: str | None, now: str | None) -> None:
        changes.append(ValueChange(new.id, new.title, name, year, was, now))

    old_base, new_base = old.baseline, new.baseline
    if (old_base is None) != (new_base is None) or (
        old_base is not None
        and new_base is not None
        and (old_base[0] != new_base[0] or not _same(old_base[1], new_base[1]))
    ):
        note(
            "baseline",
            None,
            None if old_base is None else f"{old_base[0]}: {_shown(old_base[1])}",
            None if new_base is None else f"{new_base[0]}: {_shown(new_base[1])}",
        )
    for year in sorted(set(old.target) | set(new.target)):
        was, now = old.target.get(year), new.target.get(year)
        if not _same(was, now):
            note("target", year, _shown(was), _shown(now))
    if old.unit != new.unit:
        note("unit", None, old.unit or None, new.unit or None)
    if old.direction != new.direction:
        note("direction", None, old.direction or None, new.direction or None)
    return changes


def compare(
    old: Mapping[str, FileObject], new: Mapping[str, FileObject]
) -> PlanChanges:
    """What changed from the edition *old* to the edition *new*.

    Only the plan itself counts: evaluation records belong to the yearly
    cycle, not to an edition, so a year's records are no revision."""
    old = {k: o for k, o in old.items() if o.kind in EDITION_KINDS}
    new = {k: o for k, o in new.items() if o.kind in EDITION_KINDS}
    changes = PlanChanges()
    for object_id in sorted(new.keys() - old.keys()):
        changes.added.append(new[object_id])
    for object_id in sorted(old.keys() - new.keys()):
        changes.removed.append(old[object_id])
    for object_id in sorted(old.keys() & new.keys()):
        was, now = old[object_id], new[object_id]
        if was.title != now.title:
            changes.retitled.append((now, was.title))
        if set(was.up) != set(now.up):
            changes.moved.append((now, was.up))
        if now.kind == "indicator" or was.kind == "indicator":
            changes.values += _value_changes(was, now)
    return changes


def field_label(name: str) -> str:
    """The name of a changed value, as the reader sees it."""
    return {
        "baseline": _("baseline"),
        "target": _("target"),
        "unit": _("unit"),
        "direction": _("direction"),
    }.get(name, name)


def arrow(old: str | None, new: str | None) -> str:
    """``old → new``, with ``—`` for a missing value."""
    return f"{old if old is not None else '—'} → {new if new is not None else '—'}"


def format_changes(changes: PlanChanges, old_name: str, new_name: str) -> str:
    """The changes as plain text, for a terminal (``keikaku diff``).

    Every line goes through :func:`~.texts.visible`: titles, ids and values
    come from files of other projects, and a control character in them
    must show, not act on the terminal."""
    counts = changes.counts()
    lines = [
        _("Changes from %s to %s:") % (old_name, new_name),
        "  "
        + ", ".join(
            f"{label} {counts[key]}"
            for key, label in (
                ("added", _("added")),
                ("removed", _("removed")),
                ("retitled", _("retitled")),
                ("moved", _("moved")),
                ("values", _("values changed")),
            )
        ),
    ]
    if changes.empty:
        lines.append(_("No changes."))
        return "".join(visible(line) + "\n" for line in lines)
    if changes.added:
        lines += ["", _("Added:")]
        lines += [f"  + {o.id} {o.title} ({o.kind})" for o in changes.added]
    if changes.removed:
        lines += ["", _("Removed:")]
        lines += [f"  - {o.id} {o.title} ({o.kind})" for o in changes.removed]
    if changes.retitled:
        lines += ["", _("Retitled:")]
        lines += [f"  ~ {o.id}: {arrow(old, o.title)}" for o, old in changes.retitled]
    if changes.moved:
        lines += ["", _("Moved to another parent:")]
        lines += [
            f"  ~ {o.id}: {arrow(', '.join(up) or None, ', '.join(o.up) or None)}"
            for o, up in changes.moved
        ]
    if changes.values:
        lines += ["", _("Changed values:")]
        for change in changes.values:
            what = field_label(change.field)
            if change.year is not None:
                what = f"{what} {change.year}"
            lines.append(
                f"  ~ {change.object_id} {what}: {arrow(change.old, change.new)}"
            )
    return "".join(visible(line) + "\n" for line in lines)
