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

import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

CACHE_FOLDER = ".cache"  # every cache the build keeps, under the project folder
DISABLE_VARIABLE = "ALUMNI_STORIES_NO_CACHE"
_LIBRARIES = ("PyYAML", "jsonschema", "Markdown", "nh3", "pillow")
_PACKAGE = Path(__file__).resolve().parent.parent  # alumni_stories/


def disabled() -> bool:
    return os.environ.get(DISABLE_VARIABLE, "").strip() not in ("", "0")


def cache_folder(root: Path, name: str) -> Path:
    return Path(root) / CACHE_FOLDER / name


def code_digest(schema_dir: Path) -> str:
    """A digest of everything that decides what checking a file yields, except the file itself."""
    digest = hashlib.sha256()
    for base in (_PACKAGE, Path(schema_dir)):
        for path in sorted(base.rglob("*.py" if base == _PACKAGE else "*.json")):
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    digest.update(library_versions(_LIBRARIES).encode())
    return digest.hexdigest()[:20]


def library_versions(names) -> str:
    """"name=version" of each installed library in `names` ("name=none" when absent), for cache keys."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return "\n".join(found)


def file_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob("results-*.pickle"):
                if old != self.path:
                    old.unlink(missing_ok=True)  # left by older code: never read again
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(self._used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            return  # a read-only project still builds, only without a warm cache
        self._stored = dict(self._used)
