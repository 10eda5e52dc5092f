"""Permanent addresses: every URL the site publishes, the manifest that records them, and the check that none
is lost.

Embassies and partners link to the site, so an address, once published, keeps working: a renamed story
declares its old slug under `aliases` (the old address then redirects), a withdrawn story's address shows a
short notice. The manifest (data/url-manifest.yml, under version control) lists every address ever published;
`scripts/record-urls.sh` adds new ones. A build never writes it: it only refuses to drop a recorded address.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from alumni_stories.site import pages, urls
from alumni_stories.content.catalog import read_data_file
from alumni_stories.errors import ContentError, Problem
from alumni_stories.content import frontmatter
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.site.views import Site

MANIFEST = "data/url-manifest.yml"
_MANIFEST_HEADER = """\
# The site's permanent addresses: every URL it has published, in every language.
# Embassies and partners link to these, so a build that would stop serving one of them fails.
# Do not edit by hand. After adding pages, record them with:
#     scripts/record-urls.sh
# then review the difference and commit this file. See the content guide, "Addresses that never break".
"""
_LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")
_STORY_ADDRESS = re.compile(r"^/(?:[a-z]{2}/)?(?:stories|embed)/(?P<slug>[a-z0-9-]+)/$")


@dataclass(frozen=True)
class Address:
    """One published URL path (rooted, such as /ja/stories/fictional-alumna/) and what the build serves there."""

    path: str
    kind: str  # page | story | embed | feed | data | redirect | withdrawn
    language: str | None = None
    target: str | None = None  # a redirect's destination, relative to the site root
    slug: str | None = None  # the story an address belongs to, if any


def page_url(source: str) -> str:
    """The language-neutral URL of a page given its docs-relative source name without suffix ("guide/index")."""
    if source == "index":
        return ""
    if source.endswith("/index"):
        return source[: -len("index")]
    return source + "/"


def docs_page_sources(docs_dir: Path) -> list[str]:
    """Source names (without language suffix and .md) of the hand-written pages under docs/.

    The site engine publishes each in every language (language suffixes, falling back to the default language).
    """
    docs_dir = Path(docs_dir)
    found = set()
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir).as_posix()
        match = _LANGUAGE_SUFFIX.match(relative)
        if match["lang"] is not None and match["lang"] not in LANGUAGES:
            found.add(relative[: -len(".md")])
        else:
            found.add(match["stem"])
    return sorted(found)


def published_addresses(site: Site, docs_dir: Path) -> dict[str, Address]:
    """Every address this content publishes, keyed by rooted path."""
    found: dict[str, Address] = {}

    def add(path: str, kind: str, language=None, target=None, slug=None):
        found["/" + path] = Address("/" + path, kind, language, target, slug)

    for language in LANGUAGES:
        prefix = urls.language_prefix(language)
        for source in docs_page_sources(docs_dir):
            add(prefix + page_url(source), "page", language)
        for planned in pages.plan_all(site):
            add(prefix + page_url(planned.source), "story" if planned.kind == "story" else "page", language,
                slug=planned.key if planned.kind == "story" else None)
        add(urls.feed(language), "feed", language)
        for story in site.stories:
            add(urls.embed(story.slug, language), "embed", language, slug=story.slug)
            for alias in story.aliases:
                add(urls.story(alias, language), "redirect", language, urls.story(story.slug, language), story.slug)
                add(urls.embed(alias, language), "redirect", language, urls.embed(story.slug, language), story.slug)
        for gone in site.withdrawn:
            for slug in gone.addresses:
                add(urls.story(slug, language), "withdrawn", language, slug=gone.slug)
                add(urls.embed(slug, language), "withdrawn", language, slug=gone.slug)
    add(urls.api_stories(), "data")
    for country in site.catalog.countries.values():
        add(urls.api_country(country.slug), "data")
    return found


def read_manifest(root: Path) -> list[str] | None:
    """The recorded addresses, or None when there is no manifest yet; read and validated like every data file."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return None
    data, _document, problems = read_data_file(path.parent, path.name)
    if problems:
        fix = "restore it from version control, then run scripts/record-urls.sh"
        raise ContentError([dataclasses.replace(p, fix=f"{p.fix}; or {fix}") for p in problems])
    return data["urls"]


def write_manifest(root: Path, addresses) -> None:
    """Write the manifest sorted, one address a line; atomically, so a reader never sees half a file."""
    path = Path(root) / MANIFEST
    text = _MANIFEST_HEADER + yaml.safe_dump({"urls": sorted(set(addresses))}, allow_unicode=True,
                                             default_flow_style=False, width=1000)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".url-manifest-", suffix=".yml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def lost_addresses(recorded, current: dict) -> list[str]:
    return sorted(set(recorded) - set(current))


def lost_problems(lost: list[str], withheld=(), root: Path | None = None) -> list[Problem]:
    """One problem per address the content no longer serves, with the fix for the situation: a story taken
    back to draft or given a future date is told so, a story that is gone entirely how to keep its address."""
    held = {story.slug: story for story in withheld}
    manifest = (root / MANIFEST) if root else None
    recorded_lines = ({line.strip()[2:]: number for number, line in
                       enumerate(manifest.read_text(encoding="utf-8").split("\n"), start=1) if line.startswith("- ")}
                      if manifest and manifest.is_file() else {})
    problems = []
    for path in lost:
        match = _STORY_ADDRESS.match(path)
        story = held.get(match["slug"]) if match else None
        if story is not None:
            file = f"stories/{story.slug}.en.md"
            path = urls.story(story.slug, DEFAULT_LANGUAGE)
            text = (root / file).read_text(encoding="utf-8-sig") if root and (root / file).is_file() else ""
            line = frontmatter.field_line(text, "draft" if story.draft else "published")
            if story.draft:
                problems.append(Problem(file, "draft", f"the story is marked 'draft: true', so its published "
                                        f"address /{path} would disappear (partners may link to it)",
                                        "remove 'draft: true' (edits to a published story go out with the next "
                                        "build; no draft is needed); only if it must leave the site, write "
                                        "'withdrawn: true' instead", line))
            else:
                problems.append(Problem(file, "published", f"the publication date {story.published.isoformat()} is "
                                        f"in the future, so the published address /{path} would disappear until "
                                        "then", "keep the date the story was first published; a correction "
                                        "needs no new date", line))
            continue
        if match:
            slug = match["slug"]
            fix = (f"if the story was renamed, add 'aliases: [{slug}]' to its English file; if it is no longer "
                   f"published, keep stories/{slug}.en.md with 'slug: {slug}' and 'withdrawn: true'")
        else:
            fix = "restore the page; or, if removing it is intended, run scripts/record-urls.sh --forget " + path
        problems.append(Problem(MANIFEST, path, "this published address would stop working "
                                "(partners may link to it)", fix, recorded_lines.get(path)))
    # One message per story and situation, not one per language and address.
    return list(dict.fromkeys(problems))


def check(site: Site, docs_dir: Path) -> tuple[dict, list[str]]:
    """(current addresses, addresses not yet recorded). Raises ContentError naming every recorded address the
    content would no longer serve. With no manifest yet, nothing is protected and every address is new."""
    current = published_addresses(site, docs_dir)
    recorded = read_manifest(site.root)
    if recorded is None:
        return current, sorted(current)
    lost = lost_addresses(recorded, current)
    if lost:
        raise ContentError(lost_problems(lost, site.withheld, site.root))
    return current, sorted(set(current) - set(recorded))
