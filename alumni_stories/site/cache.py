"""A cheap signature of the content files, so unchanged content is not loaded twice in one build."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from alumni_stories.site.views import load_site

WATCHED = ("stories", "data", "schema")


def content_fingerprint(root: Path) -> tuple:
    entries = []
    for folder in WATCHED:
        base = Path(root) / folder
        if not base.is_dir():
            continue
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                stat = os.lstat(os.path.join(dirpath, name))  # a link is refused, never followed (it may dangle)
                entries.append((os.path.join(dirpath, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


_cache: dict = {}


def cached_site(root: Path, include_drafts: bool = False):
    """load_site(root, include_drafts), reused while no content file changed and the day is the same
    (the two language passes load once; a long preview session still ends embargoes on their date)."""
    root = Path(root).resolve()
    key = (root, include_drafts)
    fingerprint = (content_fingerprint(root), dt.date.today())
    entry = _cache.get(key)
    if entry is None or entry[0] != fingerprint:
        _cache.pop(key, None)
        _cache[key] = (fingerprint, load_site(root, include_drafts))  # raises ContentError, leaving no stale entry
    return _cache[key][1]


def fingerprint_of(root: Path, site) -> tuple | None:
    """The fingerprint of the files `site` was loaded from, if it is a cached site of `root`."""
    root = Path(root).resolve()
    for (cached_root, _drafts), (fingerprint, cached) in _cache.items():
        if cached_root == root and cached is site:
            return fingerprint[0]
    return None
