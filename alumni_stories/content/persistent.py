"""Results of checking content, kept on disk between builds: a file is read and validated once per version.

A warm build used to parse, validate and render every story file again although nothing had changed (19 s
at 1,000 stories). The result of checking one file depends only on its bytes, its name (messages name it),
the schema it is checked against, and the code that checks it; so results are stored under a digest of the
first three, in a file named after a digest of the fourth (every module of alumni_stories/, the schemas and
the versions of the libraries that parse, validate and render). Changing any of these starts a new file.

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

_LIBRARIES = ("PyYAML", "jsonschema", "Markdown", "nh3", "pillow")
_PACKAGE = Path(__file__).resolve().parent.parent  # alumni_stories/
cache_folder = store.folder
file_key = store.key


def code_digest(schema_dir: Path) -> str:
    """A digest of everything that decides what checking a file yields, except the file itself."""
    files = [(path.relative_to(base), path) for base, pattern in ((_PACKAGE, "*.py"), (Path(schema_dir), "*.json"))
             for path in sorted(base.rglob(pattern))]
    return store.fingerprint(files, _LIBRARIES)


_open: dict = {}


def store_for(folder: Path, code: str) -> "ResultStore":
    """The store of `folder` for this code, opened once per process (the preview's rebuilds reuse it)."""
    key = (Path(folder), code, disabled())
    if key not in _open:
        _open.clear()
        _open[key] = ResultStore(folder, code)
    store = _open[key]
    store.begin()
    return store


class ResultStore:
    """{key: result} loaded from one pickle file; `save` writes only the results used since it was opened."""

    def __init__(self, folder: Path, code: str):
        self.path = Path(folder) / f"results-{code}.pickle"
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
        store.prune(self.path.parent, {self.path.name})  # results of older code: never read again
        if store.write(self.path, pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)):
            self._stored = dict(self._used)  # else a read-only project: it still builds, only without a warm cache
