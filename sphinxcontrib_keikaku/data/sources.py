"""Where the data files are, whether they may be read, and their fingerprints.

A path in ``keikaku_data_files`` is relative to the source directory and
must stay inside it (symlinks followed); nothing is opened before that is
known.  A file's fingerprint changes exactly when its content does.  Pure:
no Sphinx.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath, PureWindowsPath

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg

__all__ = [
    "EXTENSIONS_CSV",
    "EXTENSIONS_XLSX",
    "file_fingerprint",
    "fingerprint_of",
    "resolve",
]

EXTENSIONS_CSV = frozenset({".csv"})
# .xlsm is what many offices keep their workbooks as; openpyxl reads its
# values and never runs the macros.
EXTENSIONS_XLSX = frozenset({".xlsx", ".xlsm"})

_HASH_CHUNK = 1 << 20


def file_fingerprint(srcdir: Path, path: str) -> str | None:
    """Return a digest that changes when the file's content changes.

    ``None`` when the file does not exist or would not be read (outside the
    source directory).  The digest is the size and the SHA-256 of the
    content; the modification time is left out on purpose, so that a fresh
    checkout or a ``touch`` does not rebuild every page that shows numbers.
    """
    try:
        target, _problem = resolve(srcdir.resolve(), path)
    except (OSError, RuntimeError, ValueError):
        return None
    if target is None:
        return None
    return fingerprint_of(target)


def fingerprint_of(target: Path) -> str | None:
    """The fingerprint of the resolved file *target* (see :func:`file_fingerprint`)."""
    try:
        stat = target.stat()
    except (OSError, ValueError):
        return None
    if not target.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with target.open("rb") as stream:
            while chunk := stream.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        # The read will report why; this still changes when the file does.
        return f"{stat.st_size}-{stat.st_mtime_ns}-unreadable"
    return f"{stat.st_size}-{digest.hexdigest()}"


# --- locating files --------------------------------------------------------


def resolve(root: Path, path: str) -> tuple[Path | None, str | None]:
    """Return (the file to read, None) or (None, why it is refused).

    Nothing is opened here: a path that leaves the source directory is
    refused from its text and its resolved form (symlinks followed) alone.
    """
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return None, _msg(
            _(
                "%r is not a usable path: write a file name relative to the "
                "source directory, such as data/actuals.csv"
            ),
            path,
        )
    # A Windows anchor (C:\, \\server\share, \x) is refused on every system,
    # so that a conf.py shared between machines behaves the same everywhere.
    if PurePath(path).is_absolute() or PureWindowsPath(path).anchor:
        return None, str(
            _(
                "the path is absolute, so the file was not read: give a path "
                "relative to the source directory, such as data/actuals.csv"
            )
        )
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None, str(
            _(
                "the file is outside the source directory, so it was not read: "
                "put it inside the source directory (the folder of the plan's "
                "documents) and give a relative path such as data/actuals.csv"
            )
        )
    return target, None
