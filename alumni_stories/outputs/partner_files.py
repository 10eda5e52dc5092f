"""The files partners pull, written once every language is built: feeds, the JSON API, share images, embed
cards, and the pages left at old addresses (a renamed story's redirect, a withdrawn story's notice).

Each comes as (path relative to the site folder, bytes); the caller writes them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import jinja2

from alumni_stories import palette
from alumni_stories.content.model import LANGUAGES
from alumni_stories.outputs import feeds, sharing
from alumni_stories.outputs.share_image import ShareImages
from alumni_stories.site import typography, urls
from alumni_stories.site.views import Site


def partner_files(site: Site, site_url: str, images: ShareImages, addresses, template_dirs: list[str],
                  unchanged=lambda slug, relative: None) -> Iterator[tuple[str, bytes | str | Path]]:
    """(path in the site, content): bytes or text to write, or a Path to link (a cached share image, or the last
    build's embed card of a story `unchanged(slug, relative)` vouches for: that file's Path, not rendered again)."""
    for language in LANGUAGES:
        yield urls.feed(language), feeds.atom_feed(site, language, site_url)
    yield urls.api_stories(), feeds.stories_json(site, site_url)
    for key, country in site.catalog.countries.items():
        yield urls.api_country(country.slug), feeds.country_json(site, key, site_url)

    cards = [sharing.site_card(site, language) for language in LANGUAGES]
    cards += [sharing.story_card(site, story, language) for story in site.stories for language in LANGUAGES]
    for card, path in zip(cards, images.ensure_all(cards)):  # drawn on every core when not cached yet
        yield urls.share_image(images.file_name(card)), path  # linked from the cache, never read

    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(template_dirs), autoescape=True)
    templates.globals["palette"] = palette  # the site's colours, from their one place
    embed = templates.get_template("partners/embed.html")
    for story in site.stories:
        for language in LANGUAGES:
            relative = urls.embed(story.slug, language) + "index.html"
            yield relative, (unchanged(story.slug, relative) or embed_card(site, story, language, site_url, embed))
    notice = templates.get_template("partners/notice.html")
    for address in addresses:
        if address.kind in ("redirect", "withdrawn"):
            yield address.path.lstrip("/") + "index.html", notice.render(notice_view(site, address, site_url))


def embed_card(site: Site, story, language: str, site_url: str, template) -> str:
    """A story's embed card, its Japanese cut into phrases as the pages' (<wbr> between BudouX's phrases, and
    `word-break: keep-all` in its style): 持ち|帰る never splits."""
    page = template.render(sharing.embed_view(site, story, language, site_url), t=site.strings(language))
    return typography.with_phrase_breaks(page, site.names(language))


def notice_view(site: Site, address, site_url: str) -> dict:
    """What the page left at an old address shows: where the story moved, or that it was withdrawn."""
    language = address.language
    path = address.path.lstrip("/")
    strings = site.strings(language)
    others = []
    for other in LANGUAGES:
        if other != language:
            counterpart = urls.language_prefix(other) + path[len(urls.language_prefix(language)):]
            others.append({"language": other, "label": site.strings(other)(f"language_{other}"),
                           "url": urls.relative(counterpart, path)})
    moved = address.kind == "redirect"
    return dict(
        language=language, t=strings, title=strings("moved_title" if moved else "withdrawn_title"),
        redirect_to=urls.relative(address.target, path) if moved else None,
        canonical=urls.absolute(address.target, site_url) if moved else None,
        home_url=urls.relative(urls.home(language), path), index_url=urls.relative(urls.story_index(language), path),
        others=others)
