"""Results of a pure text-to-text function kept on disk between builds, one compressed file per input digest.

A warm build put phrase breaks into every Japanese page again although no page had changed (about a fifth
of a warm build's CPU time at N = 500, BudouX and the pass over the HTML). The pass is a pure function of
the page's HTML, the site's names and its own code, so its result is stored under a digest of the first
two, in a folder named by the fingerprint of the store's drawer (`store.DRAWERS`: the modules the caller
declares and their libraries); a changed page, name or code simply misses.

Not `persistent.ResultStore` (one pickle read and written whole): here an entry is a whole page, tens of
kilobytes, and thousands of them held in memory would make the build's peak memory grow with the site. One
small file per entry, read only when asked for, keeps memory flat; `prune` removes what the last full build
did not use, so the folder does not grow with every edit.
"""
from __future__ import annotations

import zlib
from pathlib import Path

from alumni_stories import store
from alumni_stories.content import persistent

_SUFFIX = ".z"


def digest_of(*parts: str | bytes) -> str:
    return persistent.file_key(*parts)


class TextMemo:
    """{key: text} in `folder/<code>/`; disabled with the other disk caches (ALUMNI_STORIES_NO_CACHE=1)."""

    def __init__(self, folder: Path, code: str):
        self.root = Path(folder)
        self.folder = self.root / code
        self.enabled = not persistent.disabled()
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def get(self, key: str) -> str | None:
        if not self.enabled:
            return None
        try:
            text = zlib.decompress(self._path(key).read_bytes()).decode("utf-8")
        except (OSError, zlib.error, UnicodeDecodeError):
            return None  # absent or damaged: computed again
        self.used.add(key)
        return text

    def put(self, key: str, text: str) -> None:
        if not self.enabled:
            return
        self.used.add(key)
        store.write(self._path(key), zlib.compress(text.encode("utf-8"), 1))  # read-only: no cache, still builds

    def memo(self, key: str, compute) -> str:
        """The stored text of `key`, or `compute()` stored under it."""
        text = self.get(key)
        if text is None:
            text = compute()
            self.put(key, text)
        return text

    def prune(self) -> None:
        """Remove the entries the build just finished did not use, and folders of other code versions."""
        if not self.enabled:
            return
        store.prune(self.root, {self.folder.name})
        store.prune(self.folder, {f"{key}{_SUFFIX}" for key in self.used})


def for_drawer(root: Path, drawer: store.Drawer) -> TextMemo:
    """The memo of `drawer` in the project at `root`: `.cache/<drawer>/<fingerprint>/`."""
    folder = drawer.folder(root)
    return TextMemo(folder.parent, folder.name)
