"""The site's search index: Pagefind, run over the finished site once every language is written.

Pagefind reads each page's `<html lang>` and writes one index per language into `<site>/pagefind/`, with
the JavaScript and CSS of its search interface beside it, so a reader searches only the pages of their own
language, offline, from any static server. Its *extended* binary is the one that splits unspaced Japanese
(「ラオスの大使」 -> ラオス / の / 大使); it ships inside the pagefind-bin-extended wheel, so nothing is
downloaded when the index is built. Which parts of a page are indexed is said in the templates
(`data-pagefind-body`, `-meta`, `-filter`, `-ignore`); this module only runs the indexer and checks its output.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from alumni_stories import store
from alumni_stories.content import persistent

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndex:
    bundle: Path
    pages: dict  # language -> number of pages indexed

    def summary(self) -> str:
        counts = ", ".join(f"{language}: {count}" for language, count in sorted(self.pages.items()))
        return f"search index written to {self.bundle} ({counts} pages)"


def pagefind_executable() -> Path:
    """The extended Pagefind binary from its wheel; never the plain one, which cannot segment Japanese."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError(
            "the Pagefind extended binary is not installed (Python package pagefind-bin-extended) -> "
            "install the pinned requirements: .venv/bin/pip install -r requirements.txt") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the pagefind-bin-extended package has no binary ({error}) -> "
                               "reinstall it: .venv/bin/pip install --force-reinstall -r requirements.txt") from None


def build_search_index(site_dir: Path, languages: tuple | list, cache_dir: Path | None = None) -> SearchIndex:
    """Index the built site in `site_dir`; every language in `languages` must end up with indexed pages.

    `cache_dir`: where the index of the last build is kept with a digest of every page it was made from. When
    no page changed (a warm build), that index is linked into the site instead of running Pagefind again,
    which took about a third of a warm build's CPU time; any changed, added or removed page runs Pagefind."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir} does not exist: the site must be built before it is indexed")
    executable = pagefind_executable()
    kept = _kept_index(cache_dir, site_dir, executable) if cache_dir is not None else None
    if kept is not None and kept.is_dir():
        _link_tree(kept, site_dir / BUNDLE_DIR)
        return _check_bundle(site_dir / BUNDLE_DIR, languages)
    _run_pagefind(_command(executable, site_dir), site_dir)
    index = _check_bundle(site_dir / BUNDLE_DIR, languages)
    if kept is not None:
        _keep_index(site_dir / BUNDLE_DIR, kept)
    return index


_background: dict = {}  # "process": the Pagefind run of the preview, while it runs


def start_in_background(site_dir: Path) -> None:
    """Index `site_dir` without waiting (the preview): the edited page is served at once and search catches up
    a few seconds later. A run still going from the previous save is stopped first."""
    stop_background()
    site_dir = Path(site_dir).resolve()
    try:
        process = subprocess.Popen(_command(pagefind_executable(), site_dir), cwd=site_dir,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as error:
        raise _not_started(error) from None
    _background["process"] = process
    # Reaped as soon as it ends: an ended run left unwaited stays a zombie process until the next save.
    threading.Thread(target=process.wait, name="pagefind-reaper", daemon=True).start()


def stop_background() -> None:
    """Stop the preview's Pagefind run, if one is going: the next build may clean or rewrite its folder."""
    process = _background.pop("process", None)
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _kept_index(cache_dir: Path, site_dir: Path, executable: Path) -> Path | None:
    """Where the index of exactly these pages is kept: a folder named after a digest of every HTML file
    Pagefind reads (its name and bytes) and of the Pagefind binary's version. None when caches are off."""
    if persistent.disabled():
        return None
    digest = hashlib.sha256(f"{persistent.library_versions(['pagefind-bin-extended'])} {executable.name}\0".encode())
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0] == BUNDLE_DIR:
            continue
        digest.update(str(relative).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return Path(cache_dir) / digest.hexdigest()[:32]


def _link_tree(source: Path, target: Path) -> None:
    """`source` copied to `target` (in the site) as hard links (same disk: no bytes copied), or copied."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=store.link_or_copy)


def _keep_index(bundle: Path, kept: Path) -> None:
    """Keep `bundle` as the only kept index (the previous one can never match again once the pages changed)."""
    store.keep_tree(bundle, kept)  # read-only: the project still builds, only without the kept index


def _command(executable: Path, site_dir: Path) -> list[str]:
    return [str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]


def _not_started(error: OSError) -> SearchIndexError:
    return SearchIndexError(f"Pagefind could not be started ({error}) -> reinstall the pinned requirements: "
                            ".venv/bin/pip install --force-reinstall -r requirements.txt")


def _run_pagefind(command: list, site_dir: Path) -> None:
    try:
        # cwd is the site itself, so no stray pagefind.yml of the caller's working folder changes the index.
        result = subprocess.run(command, cwd=site_dir, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish indexing {site_dir} within {TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise _not_started(error) from None
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()[-20:] if line.strip())
        raise SearchIndexError(f"Pagefind failed indexing {site_dir} (exit {result.returncode}):\n{output}")


def _check_bundle(bundle: Path, languages) -> SearchIndex:
    """A language without pages means its templates lost their data-pagefind-body: say so, do not ship it."""
    try:
        entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {bundle / ENTRY_FILE} ({error})") from None
    pages = {language: info.get("page_count", 0) for language, info in entry.get("languages", {}).items()}
    empty = [language for language in languages if not pages.get(language)]
    if empty:
        raise SearchIndexError(
            f"the search index has no pages in {', '.join(empty)}: no page of that language carries "
            "data-pagefind-body -> check that its pages have <html lang> set and that the templates still mark "
            "their content with data-pagefind-body (see the search partial)")
    return SearchIndex(bundle=bundle, pages=pages)


def name_variants(name: str) -> str:
    """Other ways a reader types `name`, for the index to hold beside the name as printed.

    Pagefind cuts the indexed page's katakana names at the middle dot (a fictional name: ティリ / ヤダナ / モー),
    while the browser's segmenter keeps a query typed without the dots whole (ティリヤダナモー), which then
    matches nothing (upstream issue #1237). The index is given the name without dots, and with spaces.
    """
    if "・" not in name and "･" not in name:
        return ""
    parts = [part for part in name.replace("･", "・").split("・") if part]
    # The browser's segmenter cuts a katakana run it has no word for into single characters (and a few
    # pairs such as パー): the index gets every character as a word too, so each piece of such a query
    # is found on this page, while each alone (one character) still ranks this page low for other words.
    return " ".join(dict.fromkeys(["".join(parts), *parts, *"".join(parts)]))
