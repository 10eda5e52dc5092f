"""Fixed work of every build, done once: templates compiled once, and the theme listed without its icons.

Templates. MkDocs makes a new Jinja2 environment for every build, and mkdocs-static-i18n runs one build per
language, so each of the ~45 templates (Material's and overrides/) was parsed and compiled twice per
`mkdocs build`, and twice again on every `mkdocs serve` rebuild; and every new `mkdocs build` compiled them
all again (half a second of CPU, a third of a build with no stories). The compiled code is kept in memory
for the process and on disk in `.cache/templates/`, beside the other build caches. Jinja2 stores each
template's source checksum with its code and compiles a template again when its source changed, so an
edited template is seen at once (`mkdocs serve` too). What else decides the compiled code (the Jinja2,
Python and theme versions, the environment's options, its filters, tests and extensions, and the project's
own code, whose filters Jinja2 may call while compiling constant expressions) names the folder the code is
kept in: changing any of it starts an empty folder. `ALUMNI_STORIES_NO_CACHE=1` keeps the code in memory only.

The theme's files. MkDocs lists every file of the theme folders to find the static files it copies
(Material's CSS and JavaScript), then drops every path with a part that starts with a dot. Material's
`.icons/` holds 14,000 SVG files, walked and dropped in each language pass; its templates include the few
icons they use by name, which needs no listing. The listing skips dot folders and files, so MkDocs gets the
same list, only sooner.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger

from alumni_stories.content import persistent

log = get_plugin_logger(__name__)

FOLDER = "templates"  # .cache/templates/<digest of what decides the compiled code>/
_VERSIONED = ("Jinja2", "MarkupSafe", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "babel")
_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "finalize", "undefined", "is_async", "newstyle_gettext")


class _BytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in a dict for the process, and in one folder of files when `folder` is set."""

    def __init__(self):
        self._store: dict[tuple, bytes] = {}
        self.folder: Path | None = None

    def load_bytecode(self, bucket) -> None:
        data = self._store.get((self.folder, bucket.key))
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
        path = self.folder / f"{bucket.key}.jinja"
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, path)  # builds sharing the cache never read half a file
        except OSError:
            temporary.unlink(missing_ok=True)  # a read-only project still builds, only without the disk cache


_CACHE = _BytecodeCache()
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


def environment_digest(env: jinja2.Environment, code_folders) -> str:
    """A digest of everything besides a template's source that decides the code Jinja2 compiles from it."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _VERSIONED:
        try:
            digest.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name}=none".encode())
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
        _digests[key] = _code_of(code_folders)  # once per process: `mkdocs serve` reloads hooks, not this
    digest.update(_digests[key])
    return digest.hexdigest()[:20]


def _use_folder(root: Path, env: jinja2.Environment) -> Path | None:
    if persistent.disabled():
        return None
    base = persistent.cache_folder(root, FOLDER)
    folder = base / environment_digest(env, (root / "hooks", Path(persistent.__file__).resolve().parent.parent))
    if not folder.is_dir() and base.is_dir():
        for old in base.iterdir():  # kept for other code or other versions: never read again
            shutil.rmtree(old, ignore_errors=True)
    return folder


# Last: the filters, tests and extensions the other hooks and plugins add are part of the folder's digest.
@event_priority(-100)
def on_env(env, config, files):
    # Templates are compiled lazily, when the first page is rendered, which comes after this event.
    config_file = getattr(config, "config_file_path", None)
    try:
        _CACHE.folder = _use_folder(Path(config_file).resolve().parent, env) if config_file else None
    except OSError as error:
        log.debug(f"template cache not on disk ({error}): templates are compiled in memory only")
        _CACHE.folder = None
    env.bytecode_cache = _CACHE
    return env


class _ThemeLoader(jinja2.FileSystemLoader):
    """Jinja2's file loader, listing no file or folder whose name starts with a dot."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for filename in filenames:
                    if filename.startswith("."):
                        continue
                    template = (os.path.join(dirpath, filename)[len(searchpath):].strip(os.path.sep)
                                .replace(os.path.sep, "/"))
                    found.add(template[2:] if template[:2] == "./" else template)  # as Jinja2's own
        return sorted(found)


@event_priority(100)
def on_config(config):
    theme = config.theme
    if getattr(theme, "_lists_without_dot_folders", False):  # mkdocs-static-i18n runs on_config per language
        return config
    make_env = theme.get_env

    def get_env():
        env = make_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # what MkDocs makes; anything else is left alone
            env.loader = _ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env
    theme._lists_without_dot_folders = True
    return config
