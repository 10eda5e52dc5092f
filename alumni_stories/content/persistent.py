"""Results of checking content, kept on disk between builds: a file is read and validated once per version.

A warm build used to parse, validate and render every story file again although nothing had changed (19 s
at 1,000 stories). The result of checking one file depends only on its bytes, its name (messages name it),
the schema it is checked against, and the code that checks it; so results are stored under a digest of the
first two (and the schema's name), in the store's drawer "content" (`store.DRAWERS`), under ONE fingerprint of
the modules it declares (the content package, the messages, the portraits' reader), the versions of the
libraries that parse, validate and render, and the schemas' bytes. Changing any of these starts a new folder;
the old one goes when the next results are saved.

Where: `.cache/content/` in the project folder, beside the image caches (`.cache/portraits/`,
`.cache/share-images/`, `.cache/precompressed/`): persisting `.cache/` between CI runs keeps every cache.
`ALUMNI_STORIES_NO_CACHE=1` turns the disk caches off (tests use it to prove the caches change nothing).

Hand-written rather than `shelve` or `diskcache`: one pickle file read once and written once per build is
faster than a database of thousands of entries here, and needs no dependency.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from alumni_stories import store
from alumni_stories.store import CACHE_FOLDER, DISABLE_VARIABLE, disabled, library_versions  # noqa: F401 - the names
# every cache used before the store had them

DRAWER = store.DRAWERS["content"]
RESULTS = "results.pickle"  # the one entry of the drawer's folder
cache_folder = store.folder
file_key = store.key


def schema_digest(schema_dir: Path) -> str:
    """A digest of the schemas the checks read: the drawer's `extra` (they live beside the package)."""
    schema_dir = Path(schema_dir)
    return store.fingerprint([(path.relative_to(schema_dir), path) for path in sorted(schema_dir.rglob("*.json"))])


_open: dict = {}


def store_for(folder: Path) -> "ResultStore":
    """The store of `folder` (the drawer's folder for this code and these schemas), opened once per process
    (the preview's rebuilds reuse it)."""
    key = (Path(folder), disabled())
    if key not in _open:
        _open.clear()
        _open[key] = ResultStore(folder)
    store = _open[key]
    store.begin()
    return store


class ResultStore:
    """{key: result} loaded from one pickle file; `save` writes only the results used since it was opened."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / RESULTS
        self.enabled = not disabled()
        self._stored: dict = {}
        self._used: dict = {}
        if self.enabled and self.path.is_file():
            try:
                with open(self.path, "rb") as handle:  # written only by this module: a cache, not input
                    self._stored = pickle.load(handle)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
                self._stored = {}  # a damaged cache is a cold cache

    def begin(self) -> None:
        """Start a new load: what it does not use is dropped at the next save."""
        self._used = {}

    def get(self, key: str):
        if not self.enabled or key not in self._stored:
            return None
        self._used[key] = self._stored[key]
        return self._used[key]

    def put(self, key: str, result) -> None:
        if self.enabled:
            self._used[key] = result

    def save(self) -> None:
        """Write the results of this load, dropping those of files that are gone or changed."""
        if not self.enabled or self._used.keys() == self._stored.keys():
            return
        # the store's prune rule: results of other code or schemas are never read again (every load is whole)
        store.prune(self.path.parent.parent, {self.path.parent.name})
        store.prune(self.path.parent, {self.path.name})
        if store.write(self.path, pickle.dumps(_detached(self._used), protocol=pickle.HIGHEST_PROTOCOL)):
            self._stored = dict(self._used)  # else a read-only project: it still builds, only without a warm cache


def _detached(results: dict) -> dict:
    """The results with a fresh copy of each text they hold at the top (a story's body) that is not ASCII, for
    pickle to write. Pickling a text stores its UTF-8 form inside the text for as long as it lives (CPython's
    PyUnicode_AsUTF8AndSize), so pickling the results themselves held every Japanese body twice through the whole
    build (19.5 MiB at 2,000 alumni, issue 27); the copies go with the pickle. Only the top: the texts inside the
    front matter are short, and a walk of every value took 1 s at 2,000 alumni."""
    def fresh(value):
        return value if not isinstance(value, str) or value.isascii() else \
            value.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    return {key: tuple(fresh(item) for item in result) if type(result) is tuple else fresh(result)
            for key, result in results.items()}
