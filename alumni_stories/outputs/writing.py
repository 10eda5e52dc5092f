"""Writing the site's files: never outside the site folder, never into a file shared with a cache."""
from __future__ import annotations

from pathlib import Path

from alumni_stories.errors import path_inside

_folders_made: set = set()


def write_inside(site_dir: Path, relative: str, data: bytes | str) -> Path:
    """Write `relative` under `site_dir`; ContentError for any path that would land outside it."""
    target = path_inside(site_dir, relative)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.parent not in _folders_made:  # thousands of files share a few folders: one mkdir each
        target.parent.mkdir(parents=True, exist_ok=True)
        _folders_made.add(target.parent)
    # A new file, never a write into an existing one: the site holds files hard-linked from the caches and from
    # the last build (precompressed copies, portraits, kept story pages), which must not change.
    try:
        if target.stat().st_size == len(payload) and target.read_bytes() == payload:
            return target  # the preview rewrites its folder on every save: an unchanged file is left alone
    except OSError:
        pass  # not there yet (every file of a fresh build)
    target.unlink(missing_ok=True)
    try:
        target.write_bytes(payload)
    except FileNotFoundError:  # its folder was removed since (a new build into the same place)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
    return target
