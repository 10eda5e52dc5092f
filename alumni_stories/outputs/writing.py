"""Writing the site's files: never outside the site folder, never into a file shared with a cache."""
from __future__ import annotations

from pathlib import Path

from alumni_stories.errors import path_inside

_folders_made: set = set()


def _target(site_dir: Path, relative: str) -> Path:
    """site_dir/relative, checked to stay inside, with its folder made (thousands of files share a few folders:
    one mkdir each)."""
    target = path_inside(site_dir, relative)
    if target.parent not in _folders_made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _folders_made.add(target.parent)
    return target


def write_inside(site_dir: Path, relative: str, data: bytes | str) -> Path:
    """Write `relative` under `site_dir`; ContentError for any path that would land outside it."""
    target = _target(site_dir, relative)
    payload = data.encode("utf-8") if isinstance(data, str) else data
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


def link_inside(site_dir: Path, relative: str, source: Path) -> Path:
    """Put the file `source` (a cache entry, or the last build's copy) at `relative` under `site_dir`: a hard link,
    no bytes copied; a copy where links are not possible. ContentError for a path outside the site folder."""
    import os
    import shutil

    target = _target(site_dir, relative)
    try:
        if os.path.samefile(source, target):
            return target  # already this very file (the preview's folder, rebuilt in place)
    except OSError:
        pass
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)  # another file system, or one without hard links
    return target
