"""The site's search index: Pagefind, run over the finished site once every language is written.

Pagefind reads each page's `<html lang>` and writes one index per language into `<site>/pagefind/`, with
its loader (pagefind.js) beside it, so a reader searches only the pages of their own language, offline, from any
static server; the dialog readers search in is the site's own (docs/assets/javascripts/search.js). Its *extended* binary is the one that splits unspaced Japanese
(「ラオスの大使」 -> ラオス / の / 大使); it ships inside the pagefind-bin-extended wheel, so nothing is
downloaded when the index is built. Which parts of a page are indexed is said in the templates
(`data-pagefind-body`, `-meta`, `-filter`, `-ignore`); this module runs the indexer and checks its output.

What readers see in a result is the page's visible text only. What a reader may type but no page shows is kept in
searchable metadata, which Pagefind matches but never cuts an excerpt from:
- `names` (from the templates, see `search_aliases`): names without their 「・」, in the other language, and the
  tails of each Japanese form, so that a name the browser cuts into pieces still finds its page.
- `words` (added here, at index time, see `browser_words`): upstream issue 1237. Pagefind 1.5 splits Japanese with
  Lindera when it indexes (外交官 -> 外交 / 官, 領事館 -> 領事 / 館, 新幹線 -> 新 / 幹線) but with the browser's
  Intl.Segmenter (ICU) when a reader searches, which keeps those words whole: a query matched no indexed word and
  the page was missed, or found through a single character. No Pagefind release fixes it (1.4 had no query
  segmentation at all, so compounds typed without spaces found nothing there either), so the index is also given
  each Japanese page's text as ICU cuts it: both splits are in the index, whichever the reader's browser makes.
  These words go into a copy of the page that only Pagefind reads: pages served to readers are not made heavier.
  tests/test_search_battery.py is the battery that guards it.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from alumni_stories import store
from alumni_stories.content import persistent

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# Pagefind also writes its ready-made interfaces (default, modular and component UI), its highlighter and its web
# worker. The site's own dialog (docs/assets/javascripts/search.js) loads only pagefind.js, without the worker:
# these would be served for nothing, so they are not shipped.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
BUNDLE_RULE = "no UI files, no worker, v1"  # in the kept index's key: change it when the bundle's files change
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
    _run_pagefind(executable, site_dir)
    index = _check_bundle(site_dir / BUNDLE_DIR, languages)
    if kept is not None:
        _keep_index(site_dir / BUNDLE_DIR, kept)
    return index


_background: dict = {}  # "process": the Pagefind run of the preview, while it runs


def start_in_background(site_dir: Path) -> None:
    """Index `site_dir` without waiting (the preview): the edited page is served at once and search catches up
    a few seconds later. A run still going from the previous save is stopped first."""
    stop_background(keep_pages=True)
    site_dir = Path(site_dir).resolve()
    copy = _background.get("copy")
    if copy is None or copy.site_dir != site_dir:
        if copy is not None:
            copy.__exit__(None, None, None)
        copy = _background["copy"] = _reading_copy(site_dir)
    folder = copy.__enter__()  # kept between saves: only the pages the save rewrote are read again
    try:
        process = subprocess.Popen(_command(pagefind_executable(), folder, site_dir), cwd=folder,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as error:
        raise _not_started(error) from None
    _background["process"] = process
    # Reaped as soon as it ends: an ended run left unwaited stays a zombie process until the next save.
    threading.Thread(target=process.wait, name="pagefind-reaper", daemon=True).start()


def stop_background(keep_pages: bool = False) -> None:
    """Stop the preview's Pagefind run, if one is going: the next build may clean or rewrite its folder.
    `keep_pages`: keep the pages it read for the next save (the preview goes on); else they are removed."""
    process = _background.pop("process", None)
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if not keep_pages:
        copy = _background.pop("copy", None)
        if copy is not None:
            copy.__exit__(None, None, None)


def _kept_index(cache_dir: Path, site_dir: Path, executable: Path) -> Path | None:
    """Where the index of exactly these pages is kept: a folder named after a digest of every HTML file
    Pagefind reads (its name and bytes) and of the Pagefind binary's version. None when caches are off."""
    if persistent.disabled():
        return None
    versions = persistent.library_versions(["pagefind-bin-extended", "icu4py"])
    digest = hashlib.sha256(f"{versions} {executable.name} {WORDS_RULE} {BUNDLE_RULE}\0".encode())
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


def _command(executable: Path, pages: Path, site_dir: Path) -> list[str]:
    """Pagefind reads the pages in `pages` (the reading copy) and writes the bundle into the site itself."""
    return [str(executable), "--site", str(pages), "--output-path", str(site_dir / BUNDLE_DIR)]


def _not_started(error: OSError) -> SearchIndexError:
    return SearchIndexError(f"Pagefind could not be started ({error}) -> reinstall the pinned requirements: "
                            ".venv/bin/pip install --force-reinstall -r requirements.txt")


def _run_pagefind(executable: Path, site_dir: Path) -> None:
    """Pagefind over the reading copy of `site_dir` (see `_reading_copy`), writing its bundle into `site_dir`."""
    with _reading_copy(site_dir) as pages:
        _run_pagefind_over(_command(executable, pages, site_dir), pages, site_dir)
    for name in UNUSED_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)


def _run_pagefind_over(command: list, pages: Path, site_dir: Path) -> None:
    try:
        # cwd is the pages' folder, so no stray pagefind.yml of the caller's working folder changes the index.
        result = subprocess.run(command, cwd=pages, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
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


# Japanese script: kanji, hiragana, katakana (with its prolonged sound mark and middle dot forms).
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_NAME_SEPARATORS = re.compile(r"[\s・･()（）「」,、]+")
WORDS_RULE = "ICU words of 2+ Japanese characters, no hiragana, v2"  # in the kept index's key: change it with the rule


def search_aliases(names) -> str:
    """The forms of `names` (a person's name in every language, or a country's...) a reader may type, as the
    words of the page's `names` metadata (space-separated).

    Each name's parts, and a Japanese name also without its 「・」 (ティリ・ヤダナ・モー -> ティリヤダナモー). The
    browser cuts a katakana name it has no word for into pieces, some of one character
    (ケオマニヴォンシスパン -> ケ|オ|マ|ニ|ヴ|ォン|シ|スパン), and each piece must be the start of a word on the page:
    so each Japanese form is also given from each of its characters to its end (its tails: オマニヴォンシスパン,
    マニヴォンシスパン...). No word of one character is given: a lone character (ラ, タ) would match other pages.
    """
    words = []
    for name in names:
        parts = [part for part in _NAME_SEPARATORS.split(name or "") if part]
        # Joined: the name's Japanese parts outside brackets (a note such as （架空） is not part of the name).
        unbracketed = _NAME_SEPARATORS.split(_BRACKETED.sub(" ", name or ""))
        japanese = [part for part in unbracketed if _JAPANESE.search(part)]
        forms = [*parts, *(["".join(japanese)] if len(japanese) > 1 else [])]
        for form in forms:
            words.append(form)
            if _JAPANESE.search(form):
                words += [form[start:] for start in range(1, len(form) - 1)]
    return " ".join(word for word in dict.fromkeys(words) if len(word) > 1)


def browser_words(text: str) -> list[str]:
    """The words a Japanese reader's browser makes of `text` (ICU's word breaker, as Intl.Segmenter in Chromium,
    Firefox and Safari), those of two Japanese characters or more without hiragana, the nouns and names readers
    search (外交官, 新幹線, アタッチメント): the query words that must be in the index as they are. Words with
    hiragana (について, 磨き) are left out, which keeps the index, and the first search's download, small."""
    try:
        from icu4py.breakers import WordBreaker
    except ImportError:
        raise SearchIndexError("ICU's word breaker is not installed (Python package icu4py) -> install the pinned "
                               "requirements: .venv/bin/pip install -r requirements.txt") from None
    return list(dict.fromkeys(word for word in WordBreaker(text, "ja")
                              if len(word) > 1 and _JAPANESE.search(word) and not _HIRAGANA.search(word)))


_LANG_JA = re.compile(rb"<html[^>]*\slang=\"ja[\"-]", re.I)


def _page_words(page: bytes) -> list[str]:
    """The browser's words of a Japanese page's indexed text (inside data-pagefind-body, outside -ignore)."""
    if not _LANG_JA.search(page[:2000]) or b"data-pagefind-body" not in page:
        return []
    import lxml.html

    root = lxml.html.document_fromstring(page)
    for ignored in root.xpath("//*[@data-pagefind-ignore]|//script|//style|//template|//nav|//footer|//form"):
        ignored.drop_tree()
    text = " ".join(body.text_content() for body in root.xpath("//*[@data-pagefind-body]"))
    return browser_words(text)


class _reading_copy:
    """The pages Pagefind reads: the site's HTML files linked into a temporary folder beside the site, each Japanese
    page a copy that also carries its browser words (`browser_words`) as searchable metadata. The site is not
    changed; the folder is removed on exit. Entered again (the preview's next save), it reads again only the pages
    rewritten since: at 1,000 alumni, making the whole folder and removing it again was 10 s of every save."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.folder = None
        self._made: dict = {}  # relative path -> (mtime, size, inode) of the page its reading copy was made from

    def __enter__(self) -> Path:
        if self.folder is None:
            try:
                self.folder = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-search-", dir=self.site_dir.parent))
            except OSError:
                self.folder = Path(tempfile.mkdtemp(prefix="alumni-stories-search-"))
            self._made = {}
        seen = {}
        for path in self.site_dir.rglob("*.html"):
            relative = path.relative_to(self.site_dir)
            if relative.parts[0] == BUNDLE_DIR:
                continue
            stat = path.stat()
            seen[relative] = made = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if self._made.get(relative) == made:
                continue
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # never write through a link into the site's page
            page = path.read_bytes()
            words = _page_words(page)
            if not words:
                store.link_or_copy(path, target)
                continue
            meta = f'<div hidden data-pagefind-meta="words:{html.escape(" ".join(words))}"></div>'.encode()
            end = page.rfind(b"</body>")
            target.write_bytes(page[:end] + meta + page[end:] if end >= 0 else page + meta)
        for relative in self._made.keys() - seen.keys():  # a page the site no longer has
            (self.folder / relative).unlink(missing_ok=True)
        self._made = seen
        return self.folder

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
