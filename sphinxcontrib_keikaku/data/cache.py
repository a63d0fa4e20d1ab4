"""Parsed data files kept between builds, keyed by each file's fingerprint.

Reading a large workbook takes seconds; most builds do not change the data
files.  The records and findings of each file are kept in a small pickle
under the doctree directory (beside Sphinx's own pickled environment, and
as trusted as it), and used again while the file's content fingerprint, the
keikaku version, the reading settings and the message language are the
same.  A cache file is written atomically (a temporary file, then
:meth:`pathlib.Path.replace`), so a build that stops half-way leaves the old file or
the new one, never half of one; a damaged or foreign cache file is ignored
and written again.  Pure: no Sphinx.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from sphinxcontrib_keikaku import __version__
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.data.sources import file_fingerprint

__all__ = ["DataCache"]

#: Changed when what a cache file holds changes shape, or what reading finds.
_FORMAT = 2

#: What a file is read into: DataRecord (data files), EvaluationRecord (sheets).
R = TypeVar("R")


def _language_probe() -> str:
    # The findings are kept translated, so the key holds the translation of
    # one message: a build in another language does not use them.
    return _("cannot read this row (%s): check its quotes")


class DataCache(Generic[R]):
    """The cache in *directory* of files read into records of the class
    *kind*; ``None`` keeps nothing."""

    def __init__(self, directory: Path | None, kind: type[R]) -> None:
        self.directory = directory
        self.kind = kind

    def key(self, path: str, fingerprint: str, *settings: object) -> str:
        """What the parsed *path* depends on, as one text."""
        parts = (__version__, _FORMAT, path, fingerprint, *settings, _language_probe())
        return repr(parts)

    def read(
        self,
        root: Path,
        path: str,
        parse: Callable[[], tuple[list[R], list[Finding]]],
        *settings: object,
    ) -> tuple[list[R], list[Finding]]:
        """What *parse* reads of *path* (relative to *root*), kept while the
        file's content and the *settings* it is read with are the same: the
        one cache of every kind of file (data files, sheets)."""
        fingerprint = file_fingerprint(root, path)
        if fingerprint is None or fingerprint.endswith("-unreadable"):
            # Missing, refused or unreadable: nothing to keep, and cheap to say.
            return parse()
        key = self.key(path, fingerprint, *settings)
        kept = self.load(path, key)
        if kept is not None:
            return kept
        parsed = parse()
        # A file that changed while it was read is kept under neither content.
        if file_fingerprint(root, path) == fingerprint:
            self.store(path, key, parsed)
        return parsed

    def _file(self, path: str) -> Path | None:
        if self.directory is None:
            return None
        name = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / f"{name[:32]}.pickle"

    def load(self, path: str, key: str) -> tuple[list[R], list[Finding]] | None:
        """The records and findings kept for *path* under *key*, if any."""
        target = self._file(path)
        if target is None:
            return None
        try:
            data = pickle.loads(target.read_bytes())
        except Exception:
            # Missing, unreadable, truncated or written by another version
            # (unpickling fails in many ways): read the file again.
            return None
        if not (isinstance(data, tuple) and len(data) == 3 and data[0] == key):
            return None
        _key, records, findings = data
        if not (
            isinstance(records, list)
            and isinstance(findings, list)
            and all(type(r) is self.kind for r in records)
            and all(type(f) is Finding for f in findings)
        ):
            return None
        return records, findings

    def store(self, path: str, key: str, parsed: tuple[list[R], list[Finding]]) -> None:
        """Keep *parsed* for *path* under *key*; a failure only costs speed."""
        target = self._file(path)
        if target is None:
            return
        records, findings = parsed
        temporary: Path | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "wb", dir=target.parent, prefix=".tmp-", delete=False
            ) as stream:
                temporary = Path(stream.name)
                pickle.dump((key, records, findings), stream, pickle.HIGHEST_PROTOCOL)
            # Atomic: a reader sees the old file or the new one.
            temporary.replace(target)
            temporary = None
        except (OSError, pickle.PicklingError):
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()
