"""The machine-readable story index: all stories, both languages, their URLs and neutral facts."""
from __future__ import annotations

from alumni_stories.site import urls
from alumni_stories.content.model import LANGUAGES
from alumni_stories.site.views import Site

INDEX_VERSION = 1


def story_index(site: Site, base_url: str = "") -> dict:
    """A JSON-ready dict. URLs are absolute when `base_url` is given, else relative to the site root."""
    base = base_url.rstrip("/") + "/" if base_url else "/"
    stories = []
    for position, story in enumerate(site.stories, start=1):
        country = site.catalog.countries[story.country]
        stories.append({
            "slug": story.slug,
            "order": position,
            "country": {"key": story.country, "slug": country.slug, "name": dict(country.name)},
            "track": story.track,
            "batch": story.batch,
            "period": {
                "start": _point(story.period.start),
                "end": _point(story.period.end) if story.period.end else None,
            },
            "published": story.published.isoformat(),
            "current_role_as_of": story.role_as_of.isoformat(),
            # Every sourced role, oldest first, each with the date its source gave it (version 1: added field).
            "roles": [{"title": {language: role.title.get(language) or role.title[LANGUAGES[0]] for language in LANGUAGES},
                       "as_of": role.as_of.isoformat(), "source": role.source} for role in story.roles],
            "sources": list(story.sources),
            "portrait": story.portrait_file,
            "languages": {
                language: {
                    "url": base + urls.story(story.slug, language),
                    "translated": story.is_translated(language),
                    "name": story.text(language).name,
                    "honorific": story.text(language).honorific,
                    "current_role": story.text(language).role_title,
                    "pull_quote": story.text(language).pull_quote,
                }
                for language in LANGUAGES
            },
        })
    return {"version": INDEX_VERSION, "languages": list(LANGUAGES), "count": len(stories), "stories": stories}


def _point(point) -> str:
    return f"{point.year}" if point.month is None else f"{point.year}-{point.month:02d}"
