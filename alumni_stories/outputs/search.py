"""The site's search index: Pagefind, run over the finished site once every language is written.

Pagefind reads each page's `<html lang>` and writes one index per language into `<site>/pagefind/`, with
its loader (pagefind.js) beside it, so a reader searches only the pages of their own language, offline, from any
static server; the dialog readers search in is the site's own (docs/assets/javascripts/search.js). Its *extended*
binary is the one that splits unspaced Japanese
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
from alumni_stories.outputs import writing

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# Pagefind also writes its ready-made interfaces (default, modular and component UI), its highlighter and its web
# worker. The site's own dialog (docs/assets/javascripts/search.js) loads only pagefind.js, without the worker:
# these would be served for nothing, so they are not shipped.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
BUNDLE_RULE = "no UI files, no worker, v1"  # in the kept index's key: change it when the bundle's files change
WHOLE_INDEX = "site"  # in the search drawer: the index of the whole site, by a digest of every page
LANGUAGE_INDEX = "language-"  # and one language's part, by a digest of the pages its run reads
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
    """The extended Pagefind binary from its wheel; never the plain one, which cannot segment Japanese. The plain
    one (pagefind-bin) for the English run was measured and left out: at 2,000 alumni it peaked at 486 MB against
    the extended one's 491 MB, with the same CPU time, for a second pinned binary."""
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

    One Pagefind run per language, one after the other, each over only that language's searchable pages (see
    `_reading_copy`): one run over both languages holds the index of both in one process (at 2,000 fictional
    alumni, 1.24 GB against 0.49 GB for English, then 0.98 GB for Japanese: bench/results/
    2026-12-07-vm-search-memory.md). The runs write into one bundle, `<site>/pagefind/`, whose entry file lists
    every language (`_merge_entries`), so the pages load one `pagefind.js` as before.

    `cache_dir`: where the index of the last build is kept with a digest of every page it was made from. When
    no page changed (a warm build), that index is linked into the site instead of running Pagefind again,
    which took about a third of a warm build's CPU time. Each language's part is kept too, by a digest of the
    pages its run reads: a changed page runs Pagefind again for its own language only (Pagefind cannot update an
    index, upstream issue Pagefind/pagefind#71; at 1,000 alumni the Japanese run is 5.4 s of CPU, the English 2.6 s,
    and an edit to an English story changed no Japanese page)."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir} does not exist: the site must be built before it is indexed")
    executable = pagefind_executable()
    kept = _kept_index(cache_dir, site_dir, executable) if cache_dir is not None else None
    if kept is not None and kept.is_dir():
        _link_tree(kept, site_dir / BUNDLE_DIR)
        return _check_bundle(site_dir / BUNDLE_DIR, languages)
    _run_pagefind(executable, site_dir, Path(cache_dir) if kept is not None else None)
    index = _check_bundle(site_dir / BUNDLE_DIR, languages)
    if kept is not None:
        _keep_index(site_dir / BUNDLE_DIR, kept)
    return index


_background: dict = {}  # "thread": the preview's indexing, "process": its Pagefind run going now, "copy", "stop"


def start_in_background(site_dir: Path) -> None:
    """Index `site_dir` without waiting (the preview): the edited page is served at once and search catches up
    a few seconds later, one language after the other as in a build. A run still going from the previous save is
    stopped first."""
    stop_background(keep_pages=True)
    site_dir = Path(site_dir).resolve()
    executable = pagefind_executable()
    copy = _background.get("copy")
    if copy is None or copy.site_dir != site_dir:
        if copy is not None:
            copy.__exit__(None, None, None)
        copy = _background["copy"] = _reading_copy(site_dir)
    stop = _background["stop"] = threading.Event()
    lock = _background["lock"] = threading.Lock()

    def index() -> None:
        with lock:  # the next save's stop_background waits for it: the engine rewrites no page while it is read
            if stop.is_set():
                return
            try:
                # Kept between saves: only the pages the save rewrote are read again. Here, not before the thread
                # starts: the preview serves the saved page only once the build returned (0.35 s at 1,000 alumni).
                copy.__enter__()
            except OSError:
                return  # the preview goes on without search; the build says why
        for language, pages in copy.languages.items():
            with lock:
                if stop.is_set():
                    return
                try:
                    process = subprocess.Popen(_command(executable, pages, copy.bundle), cwd=pages,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                except OSError:
                    return  # the preview goes on without search; the build says why
                _background["process"] = process
            if process.wait() != 0:  # waited here, so no ended run is left a zombie until the next save
                return
            copy.entries.append(_read_entry(copy.bundle))
        with lock:
            if not stop.is_set():
                copy.publish(site_dir / BUNDLE_DIR)

    thread = _background["thread"] = threading.Thread(target=index, name="pagefind-preview", daemon=True)
    thread.start()


def stop_background(keep_pages: bool = False) -> None:
    """Stop the preview's Pagefind run, if one is going: the next build may clean or rewrite its folder.
    `keep_pages`: keep the pages it read for the next save (the preview goes on); else they are removed."""
    stop, lock = _background.pop("stop", None), _background.pop("lock", None)
    if stop is not None:
        with lock:
            stop.set()
            process = _background.pop("process", None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    thread = _background.pop("thread", None)
    if thread is not None:
        thread.join(timeout=30)
    _background.pop("process", None)
    if not keep_pages:
        copy = _background.pop("copy", None)
        if copy is not None:
            copy.__exit__(None, None, None)


def _kept_index(cache_dir: Path, site_dir: Path, executable: Path) -> Path | None:
    """Where the index of exactly these pages is kept: a folder named after a digest of every HTML file
    Pagefind reads (its name and bytes) and of the Pagefind binary's version. None when caches are off."""
    if persistent.disabled():
        return None
    digest = _pages_digest(site_dir, executable, [relative for relative in writing.site_files(site_dir, ".html")
                                                  if relative.split("/")[0] != BUNDLE_DIR])
    return Path(cache_dir) / WHOLE_INDEX / digest


def _pages_digest(folder: Path, executable: Path, pages: list[str]) -> str:
    """A digest of the pages (name and bytes) and of everything else that decides Pagefind's output from them."""
    digest = _rules_digest(executable)
    for relative in pages:
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((Path(folder) / relative).read_bytes()).digest())
    return digest.hexdigest()[:32]


def _rules_digest(executable: Path):
    """A digest started with everything but the pages that decides Pagefind's output from them."""
    versions = persistent.library_versions(["pagefind-bin-extended", "icu4py"])
    return hashlib.sha256(f"{versions} {executable.name} {WORDS_RULE} {RUNS_RULE} {BUNDLE_RULE}\0".encode())


def _kept_languages(cache_dir: Path, executable: Path, site_dir: Path) -> dict[str, Path]:
    """Where each language's part of the index is kept: named after a digest of that language's searchable pages
    in the site (their reading copy, `_reading_copy`, is made from those bytes by the rules and libraries the
    digest names), so a part is found without making its reading copy."""
    digests: dict = {}
    for relative in writing.site_files(site_dir, ".html"):
        if relative.split("/")[0] == BUNDLE_DIR:
            continue
        page = (site_dir / relative).read_bytes()
        language = _searchable_language(page)
        if language is None:
            continue
        if language not in digests:
            digests[language] = _rules_digest(executable)
            digests[language].update(f"{language}\0".encode())
        digests[language].update(relative.encode("utf-8") + b"\0" + hashlib.sha256(page).digest())
    return {language: cache_dir / f"{LANGUAGE_INDEX}{language}" / digest.hexdigest()[:32]
            for language, digest in digests.items()}


def _link_tree(source: Path, target: Path) -> None:
    """`source` copied to `target` (in the site) as hard links (same disk: no bytes copied), or copied."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=store.link_or_copy)


def _keep_index(bundle: Path, kept: Path) -> None:
    """Keep `bundle` as the only kept index (the previous one can never match again once the pages changed)."""
    store.keep_tree(bundle, kept)  # read-only: the project still builds, only without the kept index


def _command(executable: Path, pages: Path, bundle: Path) -> list[str]:
    """Pagefind reads the pages in `pages` (one language's reading copy) and writes its part of the bundle."""
    return [str(executable), "--site", str(pages), "--output-path", str(bundle)]


def _not_started(error: OSError) -> SearchIndexError:
    return SearchIndexError(f"Pagefind could not be started ({error}) -> reinstall the pinned requirements: "
                            ".venv/bin/pip install --force-reinstall -r requirements.txt")


def _run_pagefind(executable: Path, site_dir: Path, cache_dir: Path | None = None) -> None:
    """Pagefind over the reading copy of `site_dir` (see `_reading_copy`), once per language, one run after the
    other; the bundle goes into `site_dir` once every language is indexed. With `cache_dir`, a language whose pages
    are those of a kept part (`_kept_languages`) takes that part instead of a run, and a run's part is kept."""
    kept_parts = _kept_languages(cache_dir, executable, site_dir) if cache_dir is not None else {}
    ready = {language for language, kept in kept_parts.items() if kept.is_dir()}
    # Only the languages that run get a reading copy: the Japanese one computes every page's browser words
    # (1.6 s at 1,000 alumni), which an edit to an English story does not need.
    with _reading_copy(site_dir, leave_out=ready) as copy:
        for language in sorted(set(copy.languages) | ready):  # (the order of the entry file, every build)
            pages, kept = copy.languages.get(language), kept_parts.get(language)
            part = kept if language in ready else None
            if part is None:
                part = copy.folder / f"part-{language}"  # each run writes its own files, then joins the bundle
                shutil.rmtree(part, ignore_errors=True)
                _run_pagefind_over(_command(executable, pages, part), pages, site_dir)
                if kept is not None:
                    store.keep_tree(part, kept)  # the only kept part of this language (read-only: none kept)
            copy.entries.append(_read_entry(part))
            _join(part, copy.bundle)
        copy.publish(site_dir / BUNDLE_DIR)


def _join(part: Path, bundle: Path) -> None:
    """One language's files (linked: a kept part is never copied) into the bundle. A file the bundle has already
    is the same in every language's run (Pagefind's script and its common files, from the same binary) and is
    left as it is: copying over it would write through its link into another language's kept part. The entry
    file is left out: `publish` writes the bundle's own, with every language."""
    made = set()  # each folder made once: a part has thousands of files in a few folders (issue 27)
    for source in sorted(part.rglob("*")):
        target = bundle / source.relative_to(part)
        if source.is_dir() or target.exists() or source.relative_to(part).as_posix() == ENTRY_FILE:
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        store.link_or_copy(source, target)


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


def _read_entry(bundle: Path) -> dict:
    try:
        return json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {bundle / ENTRY_FILE} ({error})") from None


def _merge_entries(entries: list[dict]) -> dict:
    """The entry file of one bundle made by several runs: each run rewrites `pagefind-entry.json` with its own
    language only (the other files of a run are named after their language and content, or are the same bytes
    in every run of one binary). Hand-written because Pagefind has no option to add a language to a bundle: its
    runs agree on every other field (the version, the characters it indexes), and a field they disagree on
    stops the build rather than being guessed."""
    merged: dict = {}
    for entry in entries:
        for key, value in entry.items():
            if key == "languages":
                merged.setdefault(key, {}).update(value)
            elif merged.setdefault(key, value) != value:
                raise SearchIndexError(f"the Pagefind runs of each language disagree on '{key}' in {ENTRY_FILE} "
                                       f"({merged[key]!r} and {value!r}) -> reinstall the pinned requirements: "
                                       ".venv/bin/pip install --force-reinstall -r requirements.txt")
    return merged


def _check_bundle(bundle: Path, languages) -> SearchIndex:
    """A language without pages means its templates lost their data-pagefind-body: say so, do not ship it."""
    entry = _read_entry(bundle)
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
RUNS_RULE = "one run per language, pages with data-pagefind-body only"  # likewise


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


_LANG = re.compile(rb"<html[^>]*\slang=[\"']?([A-Za-z]+)", re.I)
_BODY = b"data-pagefind-body"


def _searchable_language(page: bytes) -> str | None:
    """The language of a page Pagefind reads (its <html lang>), or None: a page without data-pagefind-body."""
    if _BODY not in page:
        return None
    language = _LANG.search(page[:2000])
    return language.group(1).decode().lower() if language else "unknown"


class _reading_copy:
    """The pages Pagefind reads: the site's searchable pages (those with data-pagefind-body: the only pages
    Pagefind indexes once any page has it) linked into a temporary folder beside the site, one folder per language
    (`languages`: {language: folder}), each page at its path in the site so its address is the same. Each Japanese
    page is a copy that also carries its browser words (`browser_words`) as searchable metadata. Left out, so never
    parsed by Pagefind: listings, 404 pages, redirects, the editors' pages. The site is not changed; the folder is
    removed on exit. The runs write into `bundle`, which `publish` moves into the site with one entry file.
    Entered again (the preview's next save), it reads again only the pages rewritten since: at 1,000 alumni, making
    the whole folder and removing it again was 10 s of every save."""

    def __init__(self, site_dir: Path, leave_out=frozenset()):
        self.site_dir = site_dir
        self.leave_out = frozenset(leave_out)  # languages not copied: their index is kept (`_kept_languages`)
        self.folder = None
        self.languages: dict = {}
        self.entries: list = []
        self._made: dict = {}  # relative path -> ((mtime, size, inode) of the page, its copy's path or None)

    def __enter__(self) -> "_reading_copy":
        if self.folder is None:
            try:
                self.folder = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-search-", dir=self.site_dir.parent))
            except OSError:
                self.folder = Path(tempfile.mkdtemp(prefix="alumni-stories-search-"))
            self._made = {}
        self.bundle = self.folder / "bundle"
        shutil.rmtree(self.bundle, ignore_errors=True)  # each run writes a whole bundle
        self.entries = []
        made = {}
        for path in sorted(self.site_dir.rglob("*.html")):
            relative = path.relative_to(self.site_dir)
            if relative.parts[0] == BUNDLE_DIR:
                continue
            stat = path.stat()
            state = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            last = self._made.get(relative)
            if last is not None and last[0] == state:
                made[relative] = last
                continue
            if last is not None and last[1] is not None:
                last[1].unlink(missing_ok=True)  # never write through a link into the site's page
            made[relative] = (state, self._copy(path, relative))
        for relative in self._made.keys() - made.keys():  # a page the site no longer has
            if self._made[relative][1] is not None:
                self._made[relative][1].unlink(missing_ok=True)
        self._made = made
        languages = {target.relative_to(self.folder / "pages").parts[0] for _state, target in made.values() if target}
        # the same order, so the same entry file, every build
        self.languages = {language: self.folder / "pages" / language for language in sorted(languages)}
        return self

    def _copy(self, path: Path, relative: Path) -> Path | None:
        """The page's reading copy in its language's folder (None: not searchable)."""
        page = path.read_bytes()
        language = _searchable_language(page)
        if language is None or language in self.leave_out:
            return None
        target = self.folder / "pages" / language / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        words = _page_words(page)
        if not words:
            store.link_or_copy(path, target)
            return target
        meta = f'<div hidden data-pagefind-meta="words:{html.escape(" ".join(words))}"></div>'.encode()
        end = page.rfind(b"</body>")
        target.write_bytes(page[:end] + meta + page[end:] if end >= 0 else page + meta)
        return target

    def publish(self, target: Path) -> None:
        """The bundle of every run into `target`, its entry file (every language) written last: a reader of the
        preview searching meanwhile still gets the last index's entry, whose files are all still there. Pagefind's
        files that nothing loads (`UNUSED_FILES`) are left out."""
        self.bundle.mkdir(parents=True, exist_ok=True)
        entry = json.dumps(_merge_entries(self.entries), ensure_ascii=False, separators=(",", ":"))
        for name in (ENTRY_FILE, *UNUSED_FILES):
            (self.bundle / name).unlink(missing_ok=True)
        if not target.exists():
            self.bundle.rename(target)
        else:
            shutil.copytree(self.bundle, target, dirs_exist_ok=True)
        (target / ENTRY_FILE).write_text(entry, encoding="utf-8")

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
