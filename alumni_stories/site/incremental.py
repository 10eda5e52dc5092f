"""Incremental builds: a story page whose every input is unchanged since the last build is not rendered again.

Four of every five HTML pages the engine renders are story pages (two languages), and a warm build rendered each
again although nothing had changed; an edit to one story rendered all of them. A story page shows its own story
and the names of its neighbours in the chronology (the pager), and, like every page, things shared by the whole
site: code, templates, `data/`, `docs/` (the header's tabs), photos, the installed libraries, the address, the
date. So this module keeps, beside the site, a record of the last build: a digest of all those shared inputs, a
digest of each story file, the stories' order, and a digest of each story page it wrote. The package's own code
is not in that digest: the record sits in the store's drawer "incremental" (`store.DRAWERS`), under the one
fingerprint of every module of the package (any of them may decide a page), so other code finds no record and
renders everything. At the next build:

- anything shared changed, or the stories' set or order changed: every page is rendered (nothing kept);
- otherwise the edited stories' pages and their neighbours' are rendered, and every other story page is taken
  from the last build, but only if the file there is still byte for byte the one the record names.

Pages other than story pages (home, indexes, countries, batches, tracks: they list stories) are rendered again,
except when the edits changed only story bodies, which they do not show (`lists_unchanged`); then the files for
partners (feeds, the JSON API, share images, embed cards) are the last build's too (`kept_partner_files`).
The same dependency rule (`unaffected`) serves the fast preview (alumni_stories/build/pipeline.py); `tests/test_speedups.py` checks that
an edited build equals a build from nothing. Written by hand: no library knows this site's pages.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from alumni_stories import store
from alumni_stories.content import persistent, sources

# Everything under these may change any page (and what the engine adds: its configuration, adapter and
# templates); stories/ is looked at file by file; the package's code is the drawer's fingerprint.
SHARED_FOLDERS = ("data", "schema")
DRAWER = "incremental"
_STORY_FILE = re.compile(r"^([a-z0-9][a-z0-9-]*)\.([a-z]{2})\.md$")
RECORD_VERSION = 5  # 2: the finished folder's listing (`site`); 3: each story as other pages show it (`listed`);
# 4: each page's inline code's hashes (`inline`); 5: the files for partners (`partners`)


@dataclass
class Record:
    """What the last build into one site folder was made from, and what it wrote for story pages."""
    shared: str = ""
    stories: dict = field(default_factory=dict)  # story file name -> digest
    order: list = field(default_factory=list)  # slugs, chronological
    outputs: dict = field(default_factory=dict)  # site-relative path of a page -> digest
    listed: dict = field(default_factory=dict)  # slug -> digest of the story as other pages show it (`listed`)
    assets: dict = field(default_factory=dict)  # what outputs/assets.py needs of those pages (AssetSummary.for_record)
    site: str = ""  # the finished folder as the build left it (`listing`): "" when it was never finished
    inline: dict = field(default_factory=dict)  # the pages' inline code's hashes (`pack_inline`)
    partners: dict = field(default_factory=dict)  # site path of each file for partners -> [size, mtime_ns]
    version: int = RECORD_VERSION


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shared_digest(root: Path, context: dict, engine_folders=(), engine_files=()) -> str:
    """A digest of every input but the story texts: shared files, photos, libraries, and `context` (the site's
    address, the build's settings); `engine_folders` and `engine_files`: the engine's own inputs."""
    root = Path(root)
    digest = hashlib.sha256(json.dumps({**context, "date": dt.date.today().isoformat()}, sort_keys=True).encode())
    paths = [root / name for name in engine_files]
    for folder in dict.fromkeys((*SHARED_FOLDERS, *engine_folders)):
        paths.extend(p for p in (root / folder).rglob("*") if "__pycache__" not in p.parts)
    stories = root / "stories"
    if stories.is_dir():
        paths.extend(p for p in stories.rglob("*") if p.parent != stories or not _STORY_FILE.match(p.name))
    for path in sorted(paths):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + bytes.fromhex(_digest_file(path)))
    for name, version in sorted({(d.metadata["Name"] or "").lower(): d.version for d in metadata.distributions()}.items()):
        digest.update(f"{name}={version}\n".encode())
    return digest.hexdigest()


def story_digests(root: Path) -> dict:
    stories = Path(root) / "stories"
    if not stories.is_dir():
        return {}
    return {p.name: hashlib.sha256(sources.read_bytes(p)).hexdigest() for p in sorted(stories.iterdir())
            if p.is_file() and _STORY_FILE.match(p.name)}


def _edited(previous: Record | None, current: Record) -> set | None:
    """The stories whose files changed since the last build; None: render everything (other inputs changed, or a
    file of a story the site does not list: a draft, a withheld story; play safe)."""
    if previous is None or previous.version != RECORD_VERSION or previous.shared != current.shared \
            or previous.order != current.order:
        return None
    edited = {_STORY_FILE.match(name).group(1)
              for name in previous.stories.keys() | current.stories.keys()
              if previous.stories.get(name) != current.stories.get(name)}
    return None if edited - set(current.order) else edited


def lists_unchanged(previous: Record | None, current: Record) -> bool:
    """True when the edits since the last build changed only story bodies: every page but the edited stories' own
    shows them as it did (the pages that list stories, the neighbours' pagers)."""
    return _edited(previous, current) is not None and previous.listed == current.listed


def kept_slugs(previous: Record | None, current: Record) -> set:
    """The stories whose pages the last build made from the same inputs (empty: render everything)."""
    edited = _edited(previous, current)
    if edited is None:
        return set()
    if lists_unchanged(previous, current):
        return set(current.order) - edited
    return unaffected(current.order, edited)


def unaffected(order, edited) -> set:
    """The stories of `order` whose pages an edit of the stories `edited` cannot change: a story page shows its
    own story and its neighbours' names (the pager). Stories not in `order` are ignored."""
    position = {slug: i for i, slug in enumerate(order)}
    rendered = set()
    for slug in set(edited) & position.keys():
        rendered.update(order[max(0, position[slug] - 1):position[slug] + 2])  # itself and its neighbours
    return set(order) - rendered


def listed(story) -> object:
    """What other pages show of `story` (cards, pagers, feeds, embed code, share images): the story without its
    bodies. Two stories that differ only in their bodies leave every other page as it was."""
    return dataclasses.replace(story, texts={language: dataclasses.replace(text, body="")
                                             for language, text in story.texts.items()})


def listed_digest(story) -> str:
    """A digest of `listed(story)` for the record (its repr: a field whose repr is not its value only makes the
    digest differ, and the lists are rendered again)."""
    return hashlib.sha256(repr(listed(story)).encode("utf-8", "surrogateescape")).hexdigest()


def listing(site_dir: Path) -> str:
    """A digest of every file in `site_dir`: its path, size and modification time (a swap renames the folder, so
    the published folder lists as the build's temporary one did). Not the bytes: 20,000 files at 1,000 alumni."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(site_dir):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            digest.update(f"{os.path.relpath(path, site_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                          .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def nothing_changed(previous: Record | None, current: Record, site_dir: Path) -> bool:
    """True when the last build used exactly these inputs (today's date and the build's settings among them) and
    its finished folder `site_dir` is still as it left it: this build would write the same files."""
    return _edited(previous, current) == set() and bool(previous.site) and Path(site_dir).is_dir() \
        and previous.site == listing(site_dir)


def unchanged_output(previous: Record, site_dir: Path, relative: str) -> bool:
    """True when the last build's page `relative` is still in `site_dir`, byte for byte as recorded."""
    expected = previous.outputs.get(relative)
    path = Path(site_dir) / relative
    try:
        return expected is not None and path.is_file() and _digest_file(path) == expected
    except OSError:
        return False


def digest_outputs(site_dir: Path, relatives, known: dict | None = None) -> dict:
    """Digests of the files `relatives` under `site_dir`; `known`: digests already proven (kept files)."""
    known = known or {}
    return {relative: known.get(relative) or _digest_file(Path(site_dir) / relative) for relative in relatives
            if (Path(site_dir) / relative).is_file()}


def reuse(plan: dict, slug: str, relative: str) -> Path | None:
    """The last build's `relative` when the story `slug` is kept and that file is byte for byte as recorded (then
    it is not made again); None: make it. Every file asked about is recorded for the next build.

    `plan`: {"previous": Record | None, "final": the last build's folder, "kept_slugs", "pages", "kept"}."""
    plan["pages"].add(relative)
    if slug in plan["kept_slugs"] and unchanged_output(plan["previous"], plan["final"], relative):
        keep(plan, relative)
        return Path(plan["final"]) / relative
    return None


def keep(plan: dict, relative: str) -> None:
    """`relative` is taken from the last build as it is: recorded for the next build, and known by its digest."""
    plan["pages"].add(relative)
    plan["kept"].add(relative)


def pack_inline(inline: dict, relatives) -> dict:
    """The inline code's hashes of the pages `relatives` (of `hosting.plan`'s `inline`), each distinct pair once:
    most pages share one ({"sets": [[scripts, styles], ...], "pages": {relative: index}})."""
    sets: dict = {}
    pages = {relative: sets.setdefault(inline[relative], len(sets)) for relative in sorted(relatives)
             if relative in inline}
    return {"sets": [[list(scripts), list(styles)] for scripts, styles in sets], "pages": pages}


def known_inline(previous: Record | None, kept_digests: dict) -> dict:
    """The inline code's hashes the last build found in the pages this one kept byte for byte (`kept_digests`):
    the same bytes, so the same hashes; hosting.plan does not read those pages again."""
    if previous is None or not previous.inline:
        return {}
    sets = [(tuple(scripts), tuple(styles)) for scripts, styles in previous.inline["sets"]]
    pages = previous.inline["pages"]
    return {relative: sets[pages[relative]] for relative in kept_digests if relative in pages}


def file_stats(site_dir: Path, relatives) -> dict:
    """{relative: [size, mtime_ns]} of the files `relatives` under `site_dir` (those present)."""
    found = {}
    for relative in relatives:
        try:
            stat = os.lstat(Path(site_dir) / relative)
        except OSError:
            continue
        found[relative] = [stat.st_size, stat.st_mtime_ns]
    return found


def kept_partner_files(plan: dict) -> list[str] | None:
    """The last build's files for partners (feeds, the JSON API, share images, embed cards, notices), to be taken
    as they are, when this build would write each of them byte for byte as it did: only story bodies changed since
    (`lists_unchanged`: none of them shows a body) and every one is still in the last build's folder with the size
    and modification time recorded (a file there is linked, never written into). None: make them (issue 27:
    making them again took 1.9 s of an edit at 1,000 alumni, under cProfile)."""
    previous = plan["previous"]
    if not plan["lists_kept"] or previous is None or not previous.partners:
        return None
    if file_stats(plan["final"], previous.partners) != previous.partners:
        return None
    return sorted(previous.partners)


def _site_path(name) -> bool:
    """A path inside a site folder ("a/b.html"): the record's files for partners are linked from and to there."""
    return isinstance(name, str) and not name.startswith("/") and "\\" not in name and "\0" not in name \
        and all(part not in ("", ".", "..") for part in name.split("/"))


def _well_formed_inline(inline) -> bool:
    if inline == {}:
        return True
    if not (isinstance(inline, dict) and isinstance(inline.get("sets"), list) and isinstance(inline.get("pages"), dict)):
        return False
    strings = lambda items: isinstance(items, list) and all(isinstance(item, str) for item in items)  # noqa: E731
    return (all(isinstance(pair, list) and len(pair) == 2 and strings(pair[0]) and strings(pair[1])
                for pair in inline["sets"])
            and all(isinstance(relative, str) and type(index) is int and 0 <= index < len(inline["sets"])
                    for relative, index in inline["pages"].items()))


def record_path(root: Path, site_dir: Path) -> Path:
    """One record per site folder, under the project's caches."""
    name = hashlib.sha256(str(Path(site_dir).resolve()).encode()).hexdigest()[:16]
    return store.DRAWERS[DRAWER].folder(root) / f"{name}.json"


def load_record(path: Path) -> Record | None:
    if persistent.disabled():
        return None
    try:
        record = Record(**json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # absent or damaged: everything is rendered
    well_formed = (isinstance(record.shared, str) and isinstance(record.order, list)
                   and all(isinstance(slug, str) for slug in record.order)
                   and isinstance(record.stories, dict) and isinstance(record.outputs, dict)
                   and isinstance(record.assets, dict) and isinstance(record.site, str)
                   and isinstance(record.listed, dict) and _well_formed_inline(record.inline)
                   and isinstance(record.partners, dict)
                   and all(_site_path(name) and isinstance(value, list) and len(value) == 2
                           and all(type(number) is int for number in value) for name, value in record.partners.items())
                   and all(isinstance(name, str) and _STORY_FILE.match(name) and isinstance(value, str)
                           for name, value in record.stories.items())
                   and all(isinstance(name, str) and isinstance(value, str) for name, value in record.outputs.items()))
    return record if well_formed else None


def save_record(path: Path, record: Record) -> None:
    if not persistent.disabled():
        store.write(path, json.dumps(asdict(record)).encode("utf-8"))  # read-only: no incremental builds
