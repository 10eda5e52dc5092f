"""Compiled templates kept between builds (engine-free: Jinja2 only).

The engine makes a new Jinja2 environment for every build, and each language pass of a build compiled each of the
~45 templates again (half a second of CPU, a third of a build with no stories). The compiled code is kept in
memory for the process and on disk in the store's drawer "templates" (`store.DRAWERS`). Jinja2 stores each
template's source checksum with its code and compiles a template again when its source changed, so an edited
template is seen at once. What else decides the compiled code names the folder the code is kept in, by the
store's one key rule: the drawer's fingerprint of the package's code (whose filters Jinja2 may call while
compiling constant expressions) and the Jinja2 versions, with `extra` the digest of the environment (the
Python and engine versions, options, filters, tests and extensions, and the adapter's code); changing any of it
starts an empty folder, and the others go after the next complete build (`BytecodeCache.prune`). The adapter
names the engine's own libraries and code folders; `ALUMNI_STORIES_NO_CACHE=1` keeps the code in memory only.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2

from alumni_stories import store
from alumni_stories.content import persistent

DRAWER = store.DRAWERS["templates"]  # .cache/templates/<fingerprint of what decides the compiled code>/
_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "finalize", "undefined", "is_async", "newstyle_gettext")


class BytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in a dict for the process, and in one folder of files when `folder` is set."""

    def __init__(self):
        self._store: dict[tuple, bytes] = {}
        self.folder: Path | None = None
        self.used: set[str] = set()  # entries loaded or written since the last prune

    def load_bytecode(self, bucket) -> None:
        data = self._store.get((self.folder, bucket.key))
        if self.folder is not None:
            self.used.add(f"{bucket.key}.jinja")
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{bucket.key}.jinja").read_bytes()
            except OSError:
                return
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # Jinja2 discards it when the template's source changed
        except Exception:  # noqa: BLE001 - a damaged entry is a miss: the template is compiled again
            bucket.reset()
            return
        if bucket.code is not None:
            self._store[(self.folder, bucket.key)] = data

    def dump_bytecode(self, bucket) -> None:
        data = bucket.bytecode_to_string()
        self._store[(self.folder, bucket.key)] = data
        if self.folder is None:
            return
        self.used.add(f"{bucket.key}.jinja")
        store.write(self.folder / f"{bucket.key}.jinja", data)  # read-only: compiled in memory only

    def prune(self, every_page_rendered: bool) -> None:
        """After a complete build: the folders of other code, versions or environments go (the store's rule);
        after a build that rendered every page, so used every template it needs, also the entries it did not
        use (a template renamed or deleted). A build that kept unchanged pages did not render their templates,
        whose entries the next render reads: it keeps them."""
        if self.folder is not None:
            store.prune(self.folder.parent, {self.folder.name})
            if every_page_rendered:
                store.prune(self.folder, self.used)
        self.used = set()


_digests: dict = {}


def _name(value) -> str:
    value = getattr(value, "__func__", value)
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def _code_of(folders) -> bytes:
    digest = hashlib.sha256()
    for base in folders:
        for path in sorted(Path(base).rglob("*.py")):
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


def environment_digest(env: jinja2.Environment, code_folders, libraries=()) -> str:
    """A digest of everything besides a template's source and the drawer's own code and libraries that decides
    the code Jinja2 compiles from it: the drawer's `extra`."""
    digest = hashlib.sha256(sys.version.encode())
    digest.update(persistent.library_versions(libraries).encode())
    for option in _OPTIONS:
        value = getattr(env, option, None)
        digest.update(f"\0{option}={_name(value) if callable(value) else repr(value)}".encode())
    digest.update(repr(sorted(_name(ext) for ext in env.extensions.values())).encode())
    for kind, table in (("filter", env.filters), ("test", env.tests)):
        for name in sorted(table):
            function = table[name]
            pass_arg = getattr(function, "jinja_pass_arg", None)
            digest.update(f"\0{kind}:{name}={_name(function)}:{pass_arg}".encode())
    key = tuple(str(folder) for folder in code_folders)
    if key not in _digests:
        _digests[key] = _code_of(code_folders)  # once per process: the preview reloads its adapter, not this
    digest.update(_digests[key])
    return digest.hexdigest()[:20]


def use_folder(root: Path, env: jinja2.Environment, code_folders=(), libraries=()) -> Path | None:
    """The folder of compiled templates for `env` in the project at `root`; None when caches are off.
    `code_folders`, `libraries`: the engine adapter's code and the engine's libraries."""
    if persistent.disabled():
        return None
    return DRAWER.folder(root, environment_digest(env, code_folders, libraries))
