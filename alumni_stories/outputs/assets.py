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
"""
from __future__ import annotations

import hashlib
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
_FINGERPRINTED_REFERENCE = re.compile(r'(?<=["\'/ ])assets/(?P<folder>stylesheets|javascripts)/(?P<stem>[\w-]+)'
                                      r'\.[0-9a-f]{10,64}\.(?P<suffix>css|js)(?=["\' ])')
_REFERENCE = re.compile(r'(?<=["\'/ ])assets/(?P<folder>stylesheets|javascripts)/(?P<name>[\w-]+\.(?:css|js))'
                        r'(?=["\' ])')


@dataclass
class AssetSummary:
    bundles: dict[str, list[str]] = field(default_factory=dict)  # bundle's site path -> the files in it, in order
    fingerprinted: dict[str, str] = field(default_factory=dict)  # original site path -> fingerprinted site path
    pages: int = 0  # pages rewritten

    def summary(self) -> str:
        parts = [f"{path} ({len(names)} files)" for path, names in sorted(self.bundles.items())]
        return (f"assets: bundled {', '.join(parts) or 'nothing'}; {len(self.fingerprinted)} other file(s) "
                f"fingerprinted; {self.pages} page(s) point to them")


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
    return [path for path in sorted(site_dir.rglob("*.html"))
            if path.is_file() and not path.relative_to(site_dir).as_posix().startswith(skip)]


def _common(texts: list[str], suffix: str, own: dict[str, bytes]) -> list[str]:
    """The site's files of kind `suffix` that every page loads, in the order the first page loads them."""
    common = None
    order: list[str] = []
    for text in texts:
        names = [m["name"] for m in _TAG[suffix].finditer(text) if m["name"] in own]
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


def fingerprint_assets(site_dir: Path, skip: tuple[str, ...] = ("admin/",)) -> AssetSummary:
    """Bundle and fingerprint the site's own stylesheets and scripts in the finished site `site_dir` and point its
    pages (except those under `skip`: the editing interface) to them."""
    site_dir = Path(site_dir)
    result = AssetSummary()
    own = _own_files(site_dir)
    if not own:
        return result
    pages = _pages(site_dir, skip)
    originals = {page: page.read_text(encoding="utf-8") for page in pages}
    texts = originals
    bundles = {}
    commons = {}
    for suffix in FOLDERS:
        fresh = [text for text in texts.values() if not _BUNDLE_TAG[suffix].search(text)]
        commons[suffix] = _common(fresh, suffix, {n: d for n, d in own.items() if n.endswith(suffix)})
    texts = {page: _plain(text, commons, own) for page, text in texts.items()}
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
    for page, text in texts.items():
        new = text
        for suffix, (common, bundle) in bundles.items():
            new = _bundle_runs(new, suffix, common, bundle)
        new = _REFERENCE.sub(lambda m: f"assets/{m['folder']}/{renamed.get(m['name'], m['name'])}", new)
        for name, fingerprinted in renamed.items():
            if name != fingerprinted and f"/{fingerprinted}" in new:
                folder = FOLDERS["." + name.rpartition(".")[2]]
                result.fingerprinted[f"{folder}/{name}"] = f"{folder}/{fingerprinted}"
        if new != originals[page]:
            writing.write_inside(site_dir, page.relative_to(site_dir).as_posix(), new)
            result.pages += 1
    # Copies no page points to (every page loads that file through a bundle) are not kept.
    used = set(result.fingerprinted.values())
    for name, fingerprinted in renamed.items():
        path = f"{FOLDERS['.' + name.rpartition('.')[2]]}/{fingerprinted}"
        if path not in used:
            (site_dir / path).unlink(missing_ok=True)
    return result
