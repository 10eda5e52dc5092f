"""A cheap signature of the content files, so unchanged content is not loaded twice in one build."""
from __future__ import annotations

import os
from pathlib import Path

WATCHED = ("stories", "data", "schema")


def content_fingerprint(root: Path) -> tuple:
    entries = []
    for folder in WATCHED:
        base = Path(root) / folder
        if not base.is_dir():
            continue
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                stat = os.stat(os.path.join(dirpath, name))
                entries.append((os.path.join(dirpath, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


_cache: dict = {}


def cached_site(root: Path):
    """load_site(root), reused while no content file changed (the two language passes load once)."""
    from .site import load_site

    root = Path(root).resolve()
    fingerprint = content_fingerprint(root)
    entry = _cache.get(root)
    if entry is None or entry[0] != fingerprint:
        _cache.pop(root, None)
        _cache[root] = (fingerprint, load_site(root))  # raises ContentError, leaving no stale entry
    return _cache[root][1]


def fingerprint_of(root: Path, site) -> tuple | None:
    """The fingerprint of the files `site` was loaded from, if it is the cached site of `root`."""
    entry = _cache.get(Path(root).resolve())
    return entry[0] if entry is not None and entry[1] is site else None
