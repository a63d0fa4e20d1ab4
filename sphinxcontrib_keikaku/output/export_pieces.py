"""Each object's part of the open data files, kept from one build to the next.

An edit changes a few objects, but ``plan.json`` and ``values.csv`` hold every
object, and encoding the unchanged ones again was most of what an
incremental build spent on its exports. So each object's JSON text and its
``values.csv`` rows are kept together with what they were made from: the
object's fingerprint (every field, its document and line), the ids of its
children, and its grade or evaluation and progress. A piece whose inputs are equal is used
as it is; evaluation records, whose computed grade reads other objects, are
always made afresh.

The pieces are a pickle in the doctree directory, beside the data and chart
caches, and belong to one scope: keikaku's version, the builder (which
decides the URLs) and the settings. A missing, unreadable or foreign file
only means that every piece is made again; the files written are the same
either way, and the export tests build both ways.

The store holds strings only: per piece, a digest of what it was made from
and its text. Loading it makes no container per piece, so it adds nothing
to what Python's cycle collector walks for the rest of the build (a store
of key tuples and evaluations did: tens of thousands of objects, and a
full collection more in an incremental build).
"""

from __future__ import annotations

import hashlib
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
_FORMAT = 2


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
        result = (plan.measure_grades.get(obj.id), plan.measure_progress.get(obj.id))
    elif isinstance(obj, Indicator):
        # frozen dataclasses: compared by value
        result = (plan.evaluations.get(obj.id), plan.progress.get(obj.id))
    return (fingerprint(obj), kids, result)


class Pieces:
    """The pieces of the last build (read from *path*) and of this one."""

    def __init__(self, path: Path, scope: str) -> None:
        self._path = path
        self._scope = scope
        self._old_keys, self._old_texts = self._load()
        # by "part\0object id": the digest of the key, and the text
        self._keys: dict[str, bytes] = {}
        self._texts: dict[str, str] = {}

    def _load(self) -> tuple[dict[str, bytes], dict[str, str]]:
        try:
            with self._path.open("rb") as stream:
                stored = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return {}, {}  # none yet, or unreadable: make every piece again
        if (
            not isinstance(stored, tuple)
            or len(stored) != 4
            or stored[:2] != (_FORMAT, self._scope)
            or not isinstance(stored[2], dict)
            or not isinstance(stored[3], dict)
        ):
            return {}, {}
        return stored[2], stored[3]

    def get(
        self, part: str, object_id: str, key: Hashable | None, make: Callable[[], str]
    ) -> str:
        """The *part* piece of an object: kept if made from an equal *key*."""
        if key is None:
            return make()
        name = f"{part}\0{object_id}"
        # the key's repr names every value it holds (strings, numbers,
        # tuples of them and frozen dataclasses), so equal digests mean
        # equal keys
        digest = hashlib.blake2b(repr(key).encode(), digest_size=16).digest()
        text = self._old_texts.get(name)
        if text is None or self._old_keys.get(name) != digest:
            text = make()
        self._keys[name] = digest
        self._texts[name] = text
        return text

    def save(self) -> None:
        """Keep this build's pieces (only these: a removed object's go)."""
        if (
            self._keys == self._old_keys
            and self._texts.keys() == self._old_texts.keys()
        ):
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as stream:
                pickle.dump(
                    (_FORMAT, self._scope, self._keys, self._texts),
                    stream,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            # whole or not at all: a build stopped halfway leaves the old store
            partial.replace(self._path)
        except OSError:
            partial.unlink(missing_ok=True)  # a cache: the next build makes them again
