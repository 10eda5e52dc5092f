"""Writing the site's files: never outside the site folder, never into a file shared with a cache."""
from __future__ import annotations

import os
from pathlib import Path

from alumni_stories import store
from alumni_stories.errors import path_inside

_folders_made: set = set()
_folders_inside: dict = {}  # (site folder, folder's site path) -> the folder, known to lie inside the site folder


def _target(site_dir: Path, relative: str) -> Path:
    """site_dir/relative, checked to stay inside, with its folder made (thousands of files share a few folders:
    one mkdir each)."""
    folder, _, name = relative.rpartition("/")
    if name in ("", ".", "..") or relative.startswith("/") or "\\" in relative or ".." in folder.split("/"):
        target = path_inside(site_dir, relative)  # refuses it, or says where such an unusual name lands
    else:
        target = _folder_inside(site_dir, folder) / name
    if target.parent not in _folders_made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _folders_made.add(target.parent)
    return target


def _folder_inside(site_dir: Path, folder: str) -> Path:
    """The folder at site path `folder` ("" the site folder), checked to stay inside the site folder one part at a
    time, each part once: resolving every file's whole path (`path_inside`) was 1.7 s of a warm build at 1,000
    alumni, where each story page has a folder of its own. A part that is a link is resolved and checked whole."""
    key = (site_dir, folder)
    known = _folders_inside.get(key)
    if known is not None:
        return known
    head, _, name = folder.rpartition("/")
    if not folder:
        found = path_inside(site_dir, ".")
    elif name in ("", "."):
        found = path_inside(site_dir, folder)
    else:
        found = _folder_inside(site_dir, head) / name
        if found.is_symlink():
            found = path_inside(site_dir, folder)
    _folders_inside[key] = found
    return found


def write_inside(site_dir: Path, relative: str, data: bytes | str) -> Path:
    """Write `relative` under `site_dir`; ContentError for any path that would land outside it."""
    target = _target(site_dir, relative)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # A new file, never a write into an existing one: the site holds files hard-linked from the caches and from
    # the last build (precompressed copies, portraits, kept story pages), which must not change.
    try:
        _create(target, payload)  # every file of a fresh build: one call, no look first (issue 27)
        return target
    except FileExistsError:
        pass
    try:
        if target.stat().st_size == len(payload) and target.read_bytes() == payload:
            return target  # the preview rewrites its folder on every save: an unchanged file is left alone
    except OSError:
        pass
    target.unlink(missing_ok=True)
    _create(target, payload)
    return target


def _create(target: Path, payload: bytes) -> None:
    """A new file at `target` (FileExistsError if there is one: nothing is written through it)."""
    try:
        with open(target, "xb") as file:
            file.write(payload)
    except FileNotFoundError:  # its folder was removed since (a new build into the same place)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as file:
            file.write(payload)


def link_inside(site_dir: Path, relative: str, source: Path) -> Path:
    """Put the file `source` (a cache entry, or the last build's copy) at `relative` under `site_dir`: a hard link,
    no bytes copied; a copy where links are not possible. ContentError for a path outside the site folder."""
    target = _target(site_dir, relative)
    try:
        _link(source, target)  # every file of a fresh build: one call, no look first (issue 27)
        return target
    except FileExistsError:
        pass
    try:
        if os.path.samefile(source, target):
            return target  # already this very file (the preview's folder, rebuilt in place)
    except OSError:
        pass
    target.unlink(missing_ok=True)
    _link(source, target)
    return target


def _link(source: Path, target: Path) -> None:
    """`store.link_or_copy`, making `target`'s folder if it was removed since (a new build into the same place)."""
    try:
        store.link_or_copy(source, target)
    except FileNotFoundError:
        if target.parent.is_dir():
            raise  # the source is missing
        target.parent.mkdir(parents=True, exist_ok=True)
        store.link_or_copy(source, target)


def site_files(site_dir: Path, suffix: str = "") -> list[str]:
    """The site paths ("a/b.html") of the files under `site_dir` whose names end with `suffix`, in the order of
    sorted(Path.rglob(...)) (part by part; a link to a file counts, a link to a folder is not entered). One
    os.scandir per folder: the steps after the pages walk a site of thousands of files several times, and a
    Path made, sorted and checked per file cost most of a second each at N = 1,000 (issue 27)."""
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(suffix) and entry.is_file():
                    found.append(prefix + entry.name)

    if Path(site_dir).is_dir():
        walk(str(site_dir), "")
    return sorted(found, key=lambda relative: relative.split("/"))


def suffix_of(relative: str) -> str:
    """Path(relative).suffix, without making a Path."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
