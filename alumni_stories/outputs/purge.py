"""The theme's stylesheet cut to the rules the site can use (issue 24, "light and fast": the theme's main.css is
137 KB, most of it for documentation components this site never shows: admonitions, code blocks, tabs, palettes...).

PurgeCSS's method, in Python: every word that appears in the site's pages and scripts (the theme's own script
included, so every class it adds at run time counts as used, and the site's own scripts likewise) is collected; a
style rule stays when at least one of its selectors names only classes, ids, tags and attributes among those words.
Rules inside @media and @supports are cut the same way; @font-face, @keyframes, :root custom properties and every
rule that names nothing stay. Then the file is written under a new fingerprinted name and the pages point to it.
No hand-kept list of names: tests/test_css_purge.py checks in a browser that no rule applying to a page, its menu
open or closed, is cut.

A warm build (issue 27) reads no unchanged page again. Which rules stay depends only on which of the names the
stylesheet's selectors test (`candidates`, a few hundred) the site holds, so what a page adds is its candidate
words, the scripts it names and the theme stylesheet it links (`_Words.scan`). Those are kept in the store's drawer
"purge" (alumni_stories/store.py), named by the digest of the page's bytes (given by the caller where it knows it,
the incremental build's kept pages; otherwise the page is read and hashed, still far cheaper than scanning it), in
one entry per theme stylesheet. The output is the same as scanning every page.

Why not PurgeCSS itself (npm): it would make Node.js a dependency of every build, which today needs only Python;
the CSS is parsed by tinycss2 (a well-kept parser, pinned in requirements.txt), only the keep-or-drop rule is here.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from alumni_stories import store
from alumni_stories.outputs import writing
from alumni_stories.outputs.assets import content_name

THEME_CSS = re.compile(r"^main\.[0-9a-f]{8}\.min\.css$")  # the theme's fingerprinted stylesheet
_WORD = re.compile(rb"[A-Za-z0-9_-]+")  # PurgeCSS's default extractor
_NAME = re.compile(r"([.#])((?:[A-Za-z0-9_-]|\\.)+)")  # a class or id in a selector (escapes kept as written)
_KEEP_RECURSIVELY = {"media", "supports", "container", "layer"}


@dataclass
class PurgeSummary:
    source: str = ""
    target: str = ""
    before: int = 0
    after: int = 0
    missing: str = ""
    scanned: list[str] = field(default_factory=list)  # site paths of the pages scanned for words (not in the memo)
    written: list[str] = field(default_factory=list)  # site paths of the pages pointed to the cut stylesheet
    pages: int = 0

    def summary(self) -> str:
        if self.missing:
            return (f"theme stylesheet {self.source} left whole: {self.missing} is not installed "
                    "(run scripts/bootstrap.sh, or pip install -r requirements.txt)")
        if not self.target:
            return "theme stylesheet: not found, left as it is"
        return f"theme stylesheet {self.source} cut to the rules in use: {self.before // 1024} KB -> " \
               f"{self.after // 1024} KB ({self.target}); {len(self.scanned)} of {self.pages} page(s) scanned " \
               "for its names, the others known"


_SCRIPT_NAME = re.compile(rb"[\w.-]+\.js(?![\w-])")  # a script's file name, in a src or a data attribute


def used_words(site_dir: Path, skip: tuple[str, ...]) -> set[str]:
    """The words of every page outside `skip`, and of the scripts those pages name (a script on disk that no
    page loads, such as a theme script the templates leave out, adds no class to any page)."""
    return _Words(site_dir, skip, _Memo(None)).words


def candidates(text: str) -> frozenset[str]:
    """Every name a selector of the stylesheet `text` tests: `purge_css` keeps the same rules whether it is given
    all of a site's words or only those among these."""
    asked = _Asked()
    purge_css(text, asked)
    return frozenset(asked)


class _Asked(set):
    """Holds every word, and keeps those it was asked about: purge_css then keeps every rule, so it asks about every
    name of every selector (`all` stops at no name)."""

    def __contains__(self, word) -> bool:
        self.add(word)
        return True


class _Memo:
    """The drawer's entry for one theme stylesheet (`source`, its `text`): its candidates, and each page's facts
    (`_Words.scan`) by the digest of the page's bytes; only the digests this build met are written back. Without
    a folder: nothing kept, and without a stylesheet every word counts."""

    def __init__(self, folder: Path | None, source: str = "", text: str | None = None):
        self.path = folder / f"{store.key(source, text)[:32]}.json" if folder is not None and text else None
        self.pages: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        try:
            entry = json.loads(self.path.read_bytes())
            self.names = frozenset(entry["candidates"])
            facts = [tuple(tuple(part) for part in item) for item in entry["facts"]]
            self.pages = {digest: facts[index] for digest, index in entry["pages"].items()}
        except (AttributeError, OSError, ValueError, KeyError, IndexError, TypeError):
            self.names = candidates(text) if text is not None else None

    def get(self, digest: str) -> tuple | None:
        found = self.pages.get(digest)
        if found is not None:
            self.used[digest] = found
        return found

    def put(self, digest: str, facts) -> tuple:
        self.used[digest] = tuple(tuple(part) for part in facts)
        return self.used[digest]

    def save(self) -> None:
        if self.path is None:
            return
        distinct: dict[tuple, int] = {}
        pages = {digest: distinct.setdefault(facts, len(distinct)) for digest, facts in sorted(self.used.items())}
        entry = {"candidates": sorted(self.names), "facts": [list(map(list, facts)) for facts in distinct],
                 "pages": pages}
        if store.write(self.path, json.dumps(entry).encode("utf-8")):
            store.prune(self.path.parent, {self.path.name})  # the entries of other theme stylesheets go


class _Words:
    """The words of a site's pages (outside `skip`) and of the scripts they name, among the memo's names; each
    page's facts (`pages`), from the memo where the page's digest is there (`known`: {site path: digest} where
    the caller knows it; other pages are read and hashed), else scanned (`scanned`)."""

    def __init__(self, site_dir: Path, skip: tuple[str, ...], memo: _Memo, known: dict[str, str] | None = None,
                 reference: re.Pattern | None = None):
        self.memo, self.reference = memo, reference
        self.pages: dict[str, tuple] = {}
        self.scanned: list[str] = []
        self.words: set[str] = set()
        named, scripts = set(), []
        for relative in writing.site_files(site_dir):
            path = Path(site_dir) / relative
            if writing.suffix_of(relative) not in (".html", ".js") or relative.startswith(skip):
                continue
            if path.suffix == ".js":
                scripts.append(path)
                continue
            data, digest = None, (known or {}).get(relative)
            if digest is None:
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
            facts = memo.get(digest)
            if facts is None:
                facts = memo.put(digest, self.scan(path.read_bytes() if data is None else data))
                self.scanned.append(relative)
            self.pages[relative] = facts
            self.words.update(facts[0])
            named.update(facts[1])
        for path in scripts:
            if path.name in named:
                self.words.update(self.among(_WORD.findall(path.read_bytes())))

    def among(self, words) -> set[str]:
        found = {word.decode("ascii") for word in set(words)}
        return found if self.memo.names is None else found & self.memo.names

    def scan(self, data: bytes) -> tuple:
        """(candidate words, script names, theme stylesheets linked) of one page's bytes."""
        linked = self.reference.findall(data) if self.reference else []
        return (sorted(self.among(_WORD.findall(data))),
                sorted({name.decode("ascii") for name in _SCRIPT_NAME.findall(data)}),
                sorted({name.decode("ascii") for name in linked}))


_ATTRIBUTE = re.compile(r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*[\"']?([\w-]*)[\"']?\s*)?(?:\s[is])?\]")
_PSEUDO = re.compile(r"::?[\w-]+(?:\((?:[^()]|\([^()]*\))*\))?")
_TAG = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)(?![\w-])")


def _selector_used(selector: str, words: set[str]) -> bool:
    """PurgeCSS's test: every class, id, tag and attribute (name and value) the selector names is a word of the
    site (what pseudo-classes such as :not() and :is() hold is not tested: it can only keep more)."""
    plain = _PSEUDO.sub("", selector)
    needed = [name.replace("\\", "") for _, name in _NAME.findall(_ATTRIBUTE.sub(" ", plain))]
    for name, value in _ATTRIBUTE.findall(plain):
        needed += [name, value] if value else [name]
    needed += _TAG.findall(_NAME.sub("", _ATTRIBUTE.sub("", plain)))
    return all(name in words for name in needed)


def purge_css(text: str, words: set[str]) -> str:
    import tinycss2

    def walk(rules) -> list[str]:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude).strip()
                selectors = [s.strip() for s in prelude.split(",")]
                used = [s for s in selectors if _selector_used(s, words)]
                if used:
                    kept.append(f"{','.join(used)}{{{tinycss2.serialize(rule.content).strip()}}}")
            elif rule.type == "at-rule" and rule.lower_at_keyword in _KEEP_RECURSIVELY and rule.content is not None:
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            elif rule.type == "at-rule":
                kept.append(tinycss2.serialize([rule]))
        return kept

    return "".join(walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)))


def purge_theme_css(site_dir: Path, skip: tuple[str, ...] = ("admin/",), known: dict[str, str] | None = None,
                    memo: Path | None = None) -> PurgeSummary:
    """Write the theme's stylesheet cut to the rules in use, and point every page (outside `skip`) to it. `known`:
    {site path: sha256 of the page's bytes as they are now} where the caller knows it; `memo`: the drawer's
    folder, or None (nothing kept: every page scanned)."""
    site_dir = Path(site_dir)
    folder = site_dir / "assets" / "stylesheets"
    sources = [p for p in sorted(folder.glob("main.*.min.css")) if THEME_CSS.match(p.name)] if folder.is_dir() else []
    if len(sources) != 1:
        return PurgeSummary()
    source = sources[0]
    try:
        import tinycss2  # noqa: F401
    except ImportError:  # an environment installed before the pin: the site still works, only heavier
        return PurgeSummary(source.name, missing="tinycss2")
    text = source.read_text(encoding="utf-8")
    # The theme stylesheet a page links: this one, or the cut one of an earlier build (a page the incremental build
    # kept links the last build's, whose name changes when an edited page starts using a rule).
    linked = r'assets/stylesheets/(?<=["/]assets/stylesheets/)(' + re.escape(source.name) \
        + r'|theme\.[0-9a-f]{10,64}\.css)(?=")'  # (looked behind after its words: searched for as a whole, faster)
    entry = _Memo(memo, source.name, text)
    site = _Words(site_dir, skip, entry, known, re.compile(linked.encode("ascii")))
    purged = purge_css(text, site.words).encode("utf-8")
    target = content_name("theme.css", purged)
    writing.write_inside(site_dir, f"assets/stylesheets/{target}", purged)
    reference = re.compile(linked)
    written = []
    for relative, (words, scripts, links) in site.pages.items():
        if not links or links == (target,):
            continue
        html = (site_dir / relative).read_text(encoding="utf-8")
        new = reference.sub(f"assets/stylesheets/{target}", html)
        if new != html:
            data = new.encode("utf-8")
            writing.write_inside(site_dir, relative, data)
            written.append(relative)
            # The new bytes have the old page's facts unless the links' own words are candidates (then they are
            # scanned at the next build).
            if not site.among(_WORD.findall(" ".join([*links, target]).encode("ascii"))):
                entry.put(hashlib.sha256(data).hexdigest(), (words, scripts, (target,)))
    entry.save()
    return PurgeSummary(source.name, target, len(text.encode("utf-8")), len(purged), scanned=site.scanned,
                        written=written, pages=len(site.pages))
