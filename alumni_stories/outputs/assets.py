"""The site's own stylesheets and scripts, fingerprinted and bundled so that a first visit makes few requests and a
return visit none (issue 24, "light and fast").

The theme's own files are fingerprinted already (main.57a0d79d.min.css, bundle.a5f9d56c.min.js); the site's
(docs/assets/stylesheets/*.css, docs/assets/javascripts/*.js) are not. Once every page is written:

- the stylesheets every page links, in the order they are linked (the site's configuration lists them), become one file,
  `assets/stylesheets/site.<hash>.css`; the deferred scripts every page loads (extra_javascript) become
  `assets/javascripts/site.<hash>.js`. Each run of those tags in a page is replaced by one tag;
- every other reference to one of the site's files (a page's own stylesheet, the search dialog's stylesheet named in
  `data-search-style`, partners.js) points to a copy named after its content, `name.<hash>.ext`.

A name that changes whenever the bytes do can be cached for ever: hosting.plan marks these files immutable. The
unfingerprinted originals stay (the editing interface's previews load stories.css by that name), revalidated as
before. Pages are rewritten as new files (writing.write_inside), never through a hard link to the last build.

Why regular expressions over the HTML and not a parser: a parser would re-serialise every page; the tags matched
here are written by the theme's base template and the site's templates in one fixed form, and a page whose tags
do not match is simply left as it was (still correct, only not bundled).

A warm build (issue 27): the incremental build keeps most story pages byte for byte as the last build left them. A
page the last build wrote under the same names (`AssetSummary.mapping`: the bundles, what they hold, every
fingerprinted name) is what this step would write again, so it is not read at all: what this step needs to know of
it (`facts`: which bundle tags it holds, which other tags, which fingerprinted files it names) comes from the last
build's record (alumni_stories/site/incremental.py). Under other names it is read and rewritten as before.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from alumni_stories.outputs import writing
from alumni_stories.outputs.hosting import is_fingerprinted

FOLDERS = {".css": "assets/stylesheets", ".js": "assets/javascripts"}
BUNDLE_NAME = "site"
_TAG = {
    ".css": re.compile(r'<link rel="stylesheet" href="(?P<prefix>[^"<>]*?)assets/stylesheets/(?P<name>[\w-]+\.css)">'),
    ".js": re.compile(r'<script src="(?P<prefix>[^"<>]*?)assets/javascripts/(?P<name>[\w-]+\.js)" defer></script>'),
}
_BUNDLE_TAG = {
    ".css": re.compile(r'<link rel="stylesheet" href="(?P<prefix>[^"<>]*?)assets/stylesheets/site\.[0-9a-f]{10,64}\.css">'),
    ".js": re.compile(r'<script src="(?P<prefix>[^"<>]*?)assets/javascripts/site\.[0-9a-f]{10,64}\.js" defer></script>'),
}
# (The quote, slash or space before "assets/" is looked behind for after it: a pattern that starts with its words is
# searched for as a whole, thirty times faster over a site's pages than one tried at every character.)
_FINGERPRINTED_REFERENCE = re.compile(r'assets/(?<=["\'/ ]assets/)(?P<folder>stylesheets|javascripts)/(?P<stem>[\w-]+)'
                                      r'\.[0-9a-f]{10,64}\.(?P<suffix>css|js)(?=["\' ])')
_REFERENCE = re.compile(r'assets/(?<=["\'/ ]assets/)(?P<folder>stylesheets|javascripts)/(?P<name>[\w-]+\.(?:css|js))'
                        r'(?=["\' ])')


@dataclass
class AssetSummary:
    bundles: dict[str, list[str]] = field(default_factory=dict)  # bundle's site path -> the files in it, in order
    fingerprinted: dict[str, str] = field(default_factory=dict)  # original site path -> fingerprinted site path
    pages: int = 0  # pages rewritten
    mapping: str = ""  # a digest of every name this step wrote pages under (see Kept)
    facts: dict[str, dict] = field(default_factory=dict)  # site path of each page -> its facts (`_facts`)
    written: set[str] = field(default_factory=set)  # site paths of the pages rewritten
    unread: int = 0  # pages kept from the last build under the same names: not read

    def for_record(self, relatives) -> dict:
        """What the next build needs of the pages `relatives` (those the incremental record names), compact: most
        pages share their facts."""
        distinct: dict[str, int] = {}
        pages = {}
        for relative in sorted(relatives):
            if relative in self.facts:
                pages[relative] = distinct.setdefault(json.dumps(self.facts[relative], sort_keys=True), len(distinct))
        return {"mapping": self.mapping, "facts": [json.loads(text) for text in distinct], "pages": pages}

    def summary(self) -> str:
        parts = [f"{path} ({len(names)} files)" for path, names in sorted(self.bundles.items())]
        return (f"assets: bundled {', '.join(parts) or 'nothing'}; {len(self.fingerprinted)} other file(s) "
                f"fingerprinted; {self.pages} page(s) point to them"
                + (f" ({self.unread} kept as the last build wrote them, not read)" if self.unread else ""))


@dataclass
class Kept:
    """Pages the incremental build took from the last build, byte for byte as that build left them: `mapping`, the
    names they were written under (`AssetSummary.mapping`); `facts`: {site path: facts}."""
    mapping: str = ""
    facts: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_record(cls, record: dict, kept) -> Kept:
        """The pages `kept` among those `AssetSummary.for_record` wrote into the last build's record (nothing from
        a record that is not well formed: those pages are read)."""
        try:
            facts, pages = record["facts"], record["pages"]
            found = {relative: facts[pages[relative]] for relative in kept if relative in pages}
            if isinstance(record["mapping"], str) and all(_well_formed(f) for f in found.values()):
                return cls(record["mapping"], found)
        except (KeyError, IndexError, TypeError):
            pass
        return cls()


def _well_formed(facts) -> bool:
    return (isinstance(facts, dict) and set(facts) == {"bundled", "tags", "refs"}
            and all(isinstance(facts[key], list) and all(isinstance(n, str) for n in facts[key])
                    for key in ("bundled", "refs"))
            and isinstance(facts["tags"], dict) and set(facts["tags"]) == set(FOLDERS) - set(facts["bundled"])
            and all(isinstance(names, list) and all(isinstance(n, str) for n in names)
                    for names in facts["tags"].values()))


def _facts(text: str, refs: list[str]) -> dict:
    """What this step reads in a page: the kinds of bundle tag it holds, the names its other tags load (kinds
    without a bundle tag only), and `refs`: the site's files whose fingerprinted copies it names."""
    bundled = [suffix for suffix in FOLDERS if _BUNDLE_TAG[suffix].search(text)]
    return {"bundled": bundled, "refs": refs,
            "tags": {suffix: [m["name"] for m in _TAG[suffix].finditer(text)] for suffix in FOLDERS
                     if suffix not in bundled}}


def content_name(name: str, data: bytes) -> str:
    """`name` with a hash of `data` before its suffix: frame.css -> frame.3f9a0c1b2d.css. At least 10 hex digits,
    more until the hash holds a digit and a letter (what hosting.is_fingerprinted asks, so that no word is
    mistaken for a hash)."""
    digest = hashlib.sha256(data).hexdigest()
    length = 10
    while length < len(digest) and not (re.search(r"[0-9]", digest[:length]) and re.search(r"[a-f]", digest[:length])):
        length += 1
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest[:length]}{dot}{suffix}"


def _own_files(site_dir: Path) -> dict[str, bytes]:
    """{file name: bytes} of the site's unfingerprinted stylesheets and scripts."""
    found = {}
    for suffix, folder in FOLDERS.items():
        for path in sorted((site_dir / folder).glob("*" + suffix)):
            if path.is_file() and path.stem != BUNDLE_NAME and not is_fingerprinted(f"{folder}/{path.name}"):
                found[path.name] = path.read_bytes()
    return found


def _pages(site_dir: Path, skip: tuple[str, ...]) -> list[Path]:
    return [site_dir / relative for relative in writing.site_files(site_dir, ".html") if not relative.startswith(skip)]


def _common(tags: list[list[str]], own: dict[str, bytes]) -> list[str]:
    """The site's files (`own`) that every page loads, in the order the first page loads them; `tags`: the names
    each page's tags of one kind load, page by page."""
    common = None
    order: list[str] = []
    for loaded in tags:
        names = [name for name in loaded if name in own]
        if not names:
            continue
        common = set(names) if common is None else common & set(names)
        order = order or names
    return [name for name in order if common and name in common]


def _plain(text: str, common: dict[str, list[str]], own: dict[str, bytes]) -> str:
    """`text` as the templates wrote it, from a page this step rewrote in an earlier build (a story page the
    incremental build kept): bundles back to the tags of the files they hold now, fingerprinted names back to
    plain ones. The step then rewrites it with this build's names, so no kept page names a file that is gone."""
    for suffix, names in common.items():
        if not names:  # every page is bundled already (this step ran on its own output): nothing to go back to
            continue
        folder = FOLDERS[suffix]
        tag = ('<link rel="stylesheet" href="{}' + folder + '/{}">' if suffix == ".css"
               else '<script src="{}' + folder + '/{}" defer></script>')
        text = _BUNDLE_TAG[suffix].sub(lambda m: "\n".join(tag.format(m["prefix"], name) for name in names), text)
    return _FINGERPRINTED_REFERENCE.sub(
        lambda m: f"assets/{m['folder']}/{m['stem']}.{m['suffix']}" if f"{m['stem']}.{m['suffix']}" in own
        else m[0], text)


def _bundle_runs(text: str, suffix: str, common: list[str], bundle: str) -> str:
    """`text` with each run of tags loading only `common` files (whitespace between them) replaced by one tag
    loading `bundle`; a run that does not hold exactly the common files in order is left alone."""
    pattern = _TAG[suffix]
    out, position = [], 0
    matches = list(pattern.finditer(text))
    index = 0
    while index < len(matches):
        run = [matches[index]]
        while (index + len(run) < len(matches) and matches[index + len(run)]["name"] in common
               and not text[run[-1].end():matches[index + len(run)].start()].strip()):
            run.append(matches[index + len(run)])
        names = [m["name"] for m in run]
        if names == common:
            prefix = run[0]["prefix"]
            tag = (f'<link rel="stylesheet" href="{prefix}{FOLDERS[suffix]}/{bundle}">' if suffix == ".css"
                   else f'<script src="{prefix}{FOLDERS[suffix]}/{bundle}" defer></script>')
            out.append(text[position:run[0].start()] + tag)
            position = run[-1].end()
            index += len(run)
        else:
            index += 1
    out.append(text[position:])
    return "".join(out)


def fingerprint_assets(site_dir: Path, skip: tuple[str, ...] = ("admin/",), kept: Kept | None = None) -> AssetSummary:
    """Bundle and fingerprint the site's own stylesheets and scripts in the finished site `site_dir` and point its
    pages (except those under `skip`: the editing interface) to them. `kept`: pages the last build left as they
    are (see Kept); under the same names they are neither read nor written."""
    site_dir = Path(site_dir)
    result = AssetSummary()
    own = _own_files(site_dir)
    if not own:
        return result
    kept = kept or Kept()
    relatives = {page: page.relative_to(site_dir).as_posix() for page in _pages(site_dir, skip)}
    known = {page: kept.facts[relative] for page, relative in relatives.items() if relative in kept.facts}
    # Each page is read once here for its facts and once more below to rewrite it: holding every page's text
    # between the two passes was the build's peak of memory (100 MiB at 1,000 alumni, issue 27).
    facts = {page: known[page] if page in known else _facts(page.read_text(encoding="utf-8"), [])
             for page in relatives}
    bundles = {}
    commons = {}
    for suffix in FOLDERS:
        fresh = [facts[page]["tags"][suffix] for page in relatives if suffix not in facts[page]["bundled"]]
        commons[suffix] = _common(fresh, {n: d for n, d in own.items() if n.endswith(suffix)})
    for suffix, common in commons.items():
        if len(common) < 2:
            continue
        separator = b"\n" if suffix == ".css" else b"\n;\n"  # each script is a self-contained function call
        data = separator.join(own[name].rstrip() for name in common) + b"\n"
        name = content_name(f"{BUNDLE_NAME}{suffix}", data)
        writing.write_inside(site_dir, f"{FOLDERS[suffix]}/{name}", data)
        bundles[suffix] = (common, name)
        result.bundles[f"{FOLDERS[suffix]}/{name}"] = common
    renamed = {}
    for name, data in own.items():
        folder = FOLDERS["." + name.rpartition(".")[2]]
        renamed[name] = content_name(name, data)
        writing.write_inside(site_dir, f"{folder}/{renamed[name]}", data)
    # Everything that decides how a page is rewritten: a page written under the same mapping is written again
    # as it is (the commons decide the bundles and how a bundled page is read back, `_plain`).
    result.mapping = hashlib.sha256(json.dumps([commons, sorted(bundles.items()), sorted(renamed.items())])
                                    .encode("utf-8")).hexdigest()
    for page, relative in relatives.items():
        if page in known and kept.mapping == result.mapping:
            refs = known[page]["refs"]
            result.facts[relative] = known[page]
            result.unread += 1
        else:
            original = page.read_text(encoding="utf-8")
            new = _plain(original, commons, own)
            for suffix, (common, bundle) in bundles.items():
                new = _bundle_runs(new, suffix, common, bundle)
            new = _REFERENCE.sub(lambda m: f"assets/{m['folder']}/{renamed.get(m['name'], m['name'])}", new)
            refs = [name for name, fingerprinted in renamed.items()
                    if name != fingerprinted and f"/{fingerprinted}" in new]
            result.facts[relative] = _facts(new, refs)
            if new != original:
                writing.write_inside(site_dir, relative, new)
                result.pages += 1
                result.written.add(relative)
        for name in refs:
            folder = FOLDERS["." + name.rpartition(".")[2]]
            result.fingerprinted[f"{folder}/{name}"] = f"{folder}/{renamed[name]}"
    # Copies no page points to (every page loads that file through a bundle) are not kept.
    used = set(result.fingerprinted.values())
    for name, fingerprinted in renamed.items():
        path = f"{FOLDERS['.' + name.rpartition('.')[2]]}/{fingerprinted}"
        if path not in used:
            (site_dir / path).unlink(missing_ok=True)
    return result
