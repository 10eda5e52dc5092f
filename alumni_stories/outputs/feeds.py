"""What partners pull: an Atom feed per language and the versioned JSON index (all stories, and per country).

Atom is written by feedgen (a maintained generator that escapes every value); the JSON is the same index
scripts/build_index.py writes (index.py), with absolute URLs.
"""
from __future__ import annotations

import datetime as dt
import json

from feedgen.feed import FeedGenerator

from alumni_stories.site import urls
from alumni_stories.outputs.index import INDEX_VERSION, story_index
from alumni_stories.content.model import Story
from alumni_stories.site.views import Site


def story_summary(site: Site, story: Story, language: str) -> str:
    """The whole summary of a story in one paragraph: who, from where, their words. Used by feeds and previews.
    The role is the latest sourced one, with the date the source gave it (never a bare "current" role)."""
    view = site.story_view(story, language)
    return site.strings(language)("share_summary", quote=view["pull_quote"], name=view["display_name"],
                                  role=view["role_dated"], line=view["line"])


def feed_stories(site: Site, language: str) -> list[Story]:
    """Stories for the feed in `language`: translated ones only (a feed never mixes languages), newest first.

    Stories published on the same day keep the site's chronological order.
    """
    translated = [s for s in site.stories if s.is_translated(language)]
    position = {story.slug: i for i, story in enumerate(site.stories)}
    return sorted(translated, key=lambda s: (-s.published.toordinal(), position[s.slug]))


def _midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def atom_feed(site: Site, language: str, site_url: str) -> bytes:
    """The Atom 1.0 feed of `language`: id, links and entries with absolute URLs; bytes of UTF-8 XML."""
    strings = site.strings(language)
    stories = feed_stories(site, language)
    feed = FeedGenerator()
    feed_url = urls.absolute(urls.feed(language), site_url)
    feed.id(feed_url)
    feed.title(strings("site_name"))
    feed.subtitle(strings("site_description"))
    feed.language(language)
    feed.link(href=urls.absolute(urls.home(language), site_url), rel="alternate", type="text/html",
              hreflang=language)
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    # An entry is updated when its story was last reviewed (front matter `reviewed`, issue 26).
    newest = max((max(s.published, s.reviewed or s.published) for s in stories), default=None)
    # A stable `updated` (the newest publication, not the build time) keeps rebuilds byte-identical.
    feed.updated(_midnight_utc(newest) if newest else dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    feed.author({"name": strings("feed_author")})
    for story in stories:
        view = site.story_view(story, language)
        url = urls.absolute(urls.story(story.slug, language), site_url)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(view["display_name"])
        # feedgen 1.0.0 writes an entry's link with href only; Atom reads a bare link as rel="alternate",
        # and the feed's xml:lang gives the language of every entry.
        entry.link(href=url, rel="alternate", type="text/html", hreflang=language)
        entry.summary(story_summary(site, story, language))
        entry.author({"name": view["author"]})
        entry.published(_midnight_utc(story.published))
        entry.updated(_midnight_utc(max(story.published, story.reviewed or story.published)))
        entry.category(term=site.catalog.countries[story.country].slug, label=view["country"])
    return feed.atom_str(pretty=True)


def stories_json(site: Site, site_url: str) -> str:
    """/api/v1/stories.json: exactly the index scripts/build_index.py writes with --base-url."""
    return _dump(story_index(site, site_url))


def country_json(site: Site, country_key: str, site_url: str) -> str:
    """/api/v1/countries/<slug>.json: the same entries as stories.json, for one country (possibly none yet)."""
    index = story_index(site, site_url)
    country = site.catalog.countries[country_key]
    entries = [entry for entry in index["stories"] if entry["country"]["key"] == country_key]
    return _dump({"version": INDEX_VERSION, "languages": index["languages"],
                  "country": {"key": country.key, "slug": country.slug, "name": dict(country.name)},
                  "count": len(entries), "stories": entries})


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
