"""Each object's part of the open data files, kept from one build to the next.

An edit changes a few objects, but ``plan.json`` and ``values.csv`` hold every
object, and encoding the unchanged ones again was most of what an
incremental build spent on its exports. So each object's JSON text and its
``values.csv`` rows are kept together with what they were made from: the
object's fingerprint (every field, its document and line), the ids of its
children, and its grade or evaluation. A piece whose inputs are equal is used
as it is; evaluation records, whose computed grade reads other objects, are
always made afresh.

The pieces are a pickle in the doctree directory, beside the data and chart
caches, and belong to one scope: keikaku's version, the builder (which
decides the URLs) and the settings. A missing, unreadable or foreign file
only means that every piece is made again; the files written are the same
either way, and the export tests build both ways.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core.model import (
    EvaluationRecord,
    Indicator,
    Measure,
    Vision,
    fingerprint,
)

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.model import Plan, PlanObject

__all__ = ["PIECES_FILE", "Pieces", "object_key"]

#: The store, in the doctree directory.
PIECES_FILE = "keikaku-exports.pickle"
#: Bumped when a piece's format changes.
_FORMAT = 1


def object_key(plan: Plan, obj: PlanObject) -> Hashable | None:
    """What an object's ``plan.json`` entry is made from beyond the scope, or
    None when it reads other objects' results (evaluation records)."""
    if isinstance(obj, EvaluationRecord):
        return None
    children = plan.children.get(obj.id)
    kids = (
        tuple(sorted((option, tuple(ids)) for option, ids in children.items()))
        if children
        else ()
    )
    result: Any = None
    if isinstance(obj, Vision):
        result = plan.vision_grades.get(obj.id)
    elif isinstance(obj, Measure):
        result = plan.measure_grades.get(obj.id)
    elif isinstance(obj, Indicator):
        result = plan.evaluations.get(obj.id)  # a frozen dataclass: compared by value
    return (fingerprint(obj), kids, result)


class Pieces:
    """The pieces of the last build (read from *path*) and of this one."""

    def __init__(self, path: Path, scope: str) -> None:
        self._path = path
        self._scope = scope
        self._old: dict[tuple[str, str], tuple[Hashable, str]] = self._load()
        self._new: dict[tuple[str, str], tuple[Hashable, str]] = {}

    def _load(self) -> dict[tuple[str, str], tuple[Hashable, str]]:
        try:
            with self._path.open("rb") as stream:
                stored = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return {}  # none yet, or unreadable: make every piece again
        if (
            not isinstance(stored, tuple)
            or len(stored) != 3
            or stored[:2] != (_FORMAT, self._scope)
            or not isinstance(stored[2], dict)
        ):
            return {}
        pieces: dict[tuple[str, str], tuple[Hashable, str]] = stored[2]
        return pieces

    def get(
        self, part: str, object_id: str, key: Hashable | None, make: Callable[[], str]
    ) -> str:
        """The *part* piece of an object: kept if made from an equal *key*."""
        if key is None:
            return make()
        kept = self._old.get((part, object_id))
        text = kept[1] if kept is not None and kept[0] == key else make()
        self._new[part, object_id] = (key, text)
        return text

    def save(self) -> None:
        """Keep this build's pieces (only these: a removed object's go)."""
        if self._new == self._old:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as stream:
                pickle.dump(
                    (_FORMAT, self._scope, self._new),
                    stream,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            # whole or not at all: a build stopped halfway leaves the old store
            partial.replace(self._path)
        except OSError:
            partial.unlink(missing_ok=True)  # a cache: the next build makes them again
