"""Fast previews: under `mkdocs serve --dirty`, rebuild only the story pages an edit can have changed.

A rebuild of every page takes seconds per thousand stories; an editor saving one story needs that
story's two pages (and its neighbours, whose pager shows its name). MkDocs' dirty mode skips pages
whose file is unchanged, but generated pages always count as changed, so this module tells which
story pages are unchanged since the last build of this process:

- nothing is skipped on the first build, nor when anything but stories/ changed (data/, schema/),
  nor when the stories' set or chronological order changed;
- otherwise every story page is skipped except those of the edited stories and their neighbours;
- pages that are not story pages (home, story index, guide, other generated pages) are always rebuilt.

Not a hook: mkdocs.yml lists hooks/preview.py, which connects this to MkDocs' events (events thin,
logic here). The state lives as long as the `mkdocs serve` process.
"""
from __future__ import annotations

import os
from pathlib import Path

from alumni_stories.site.cache import fingerprint_of

_state: dict = {"dirty_serve": False, "built": None}  # built: (fingerprint dict, story order) of the last build
_PLAN_ATTRIBUTE = "_alumni_stories_preview_plan"


def started(command: str, dirty: bool) -> None:
    _state["dirty_serve"] = command == "serve" and dirty
    _state["built"] = None


def is_dirty_serve() -> bool:
    return _state["dirty_serve"]


def _plan(config, site, root: Path) -> tuple[dict | None, tuple, set]:
    """(fingerprint, story order, slugs whose pages may be skipped), once per build (both languages)."""
    plan = getattr(config, _PLAN_ATTRIBUTE, None)
    if plan is None:
        # The fingerprint of the files this very content was read from: a file saved a moment later
        # must count as changed at the next build.
        loaded = fingerprint_of(root, site)
        fingerprint = {path: (mtime, size) for path, mtime, size in loaded} if loaded is not None else None
        order = tuple(story.slug for story in site.stories)
        plan = (fingerprint, order, _skippable(fingerprint, order, root) if fingerprint is not None else set())
        setattr(config, _PLAN_ATTRIBUTE, plan)
    return plan


def _skippable(fingerprint: dict, order: tuple, root: Path) -> set:
    if not _state["dirty_serve"] or _state["built"] is None:
        return set()
    previous, previous_order = _state["built"]
    if order != previous_order:
        return set()
    changed = {path for path in fingerprint.keys() | previous.keys() if fingerprint.get(path) != previous.get(path)}
    stories_dir = str(root / "stories") + os.sep
    edited = set()
    for path in changed:
        name = os.path.basename(path)
        if not path.startswith(stories_dir) or os.path.dirname(path) + os.sep != stories_dir:
            return set()  # data/, schema/ or a media file changed: any page may differ
        edited.add(name.split(".", 1)[0])
    position = {slug: i for i, slug in enumerate(order)}
    rebuild = set()
    for slug in edited & position.keys():
        rebuild.update(order[max(0, position[slug] - 1):position[slug] + 2])  # itself and its neighbours
    return set(order) - rebuild


def unchanged_story(config, site, root: Path, slug: str, dest: str) -> bool:
    """True when this story page, already written at `dest`, cannot have changed since the last build."""
    return slug in _plan(config, site, root)[2] and os.path.isfile(dest)


def keep_as_built(file) -> None:
    """Let MkDocs' dirty build skip this page: its output from the last build is still right."""
    file.is_modified = lambda: False  # File.is_modified would compare with a source file a generated page lacks


def force_rebuild(file) -> None:
    """A hand-written page (home, index) may list stories: rebuild it whatever its file's date."""
    file.is_modified = lambda: True


def finished(config, site, root: Path) -> tuple[int, int]:
    """Remember what the last complete build (every language) was made from; (stories rebuilt, stories)."""
    fingerprint, order, skipped = _plan(config, site, root)
    _state["built"] = (fingerprint, order) if fingerprint is not None else None
    return len(order) - len(skipped), len(order)
