"""The bytes of each content file, read once: every reader of a build (the loader, the translation status, the
incremental build's digests, the validator's line numbers) asks here instead of opening the file itself.

A file is opened again only when its modification time or size changed (an edit in the live preview), so one
build opens each story file once, and a preview's rebuild only the files saved since the last one.
Hand-written: a dict of bytes by path; no library does "read once per version of a file".
"""
from __future__ import annotations

from pathlib import Path

from alumni_stories.content import reader

_read: dict = {}  # str(path) -> (mtime_ns, size, bytes, or None when larger than the bound it was read with)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; OSError as Path.read_bytes raises it."""
    path = Path(path)
    stat = path.stat()
    entry = _read.get(str(path))
    if entry is not None and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size and entry[2] is not None:
        return entry[2]
    data = path.read_bytes()
    if len(_read) > 50_000:  # a long preview session: forget old versions of edited files
        _read.clear()
    _read[str(path)] = (stat.st_mtime_ns, stat.st_size, data)
    return data


def forget() -> None:
    """Drop every file's bytes: a build that publishes calls it once its last reader is done (the incremental
    plan's digests), as it ends with the process; a preview keeps them for its next rebuild. Every story file's
    bytes were 21 MiB of the build process at 2,000 alumni, held through the rendering (issue 27)."""
    _read.clear()


def read_bounded(path: Path, max_bytes: int) -> bytes | None:
    """reader.read_bounded, read once per version of the file: its bytes, or None when it holds more than
    `max_bytes` (at most max_bytes + 1 are read)."""
    path = Path(path)
    stat = path.stat()
    entry = _read.get(str(path))
    if entry is not None and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size:
        data = entry[2]
        return data if data is None or len(data) <= max_bytes else None
    data = reader.read_bounded(path, max_bytes)
    if len(_read) > 50_000:
        _read.clear()
    _read[str(path)] = (stat.st_mtime_ns, stat.st_size, data)
    return data
