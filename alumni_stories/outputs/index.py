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
            # When the story was last checked, and on what it rests (version 1: added fields, issue 26).
            "reviewed": story.reviewed.isoformat() if story.reviewed else None,
            "basis": {"source": story.basis.source,
                      "consent": story.basis.consent.isoformat() if story.basis.consent else None,
                      "consent_ends": story.basis.consent_ends.isoformat() if story.basis.consent_ends else None},
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
                    # The latest sourced role with the date its source gave it (current_role, kept for version 1,
                    # is the role at the time of the article: its date is current_role_as_of).
                    "role": _latest_role(story, language),
                    "pull_quote": story.text(language).pull_quote,
                    "quotes": [{"text": q.text, "provenance": q.provenance, "source": q.source}
                               for q in story.text(language).quotes],
                }
                for language in LANGUAGES
            },
        })
    return {"version": INDEX_VERSION, "languages": list(LANGUAGES), "count": len(stories), "stories": stories}


def _latest_role(story, language: str) -> dict | None:
    if not story.roles:
        return None
    role = story.roles[-1]
    return {"title": role.title.get(language) or role.title[LANGUAGES[0]], "as_of": role.as_of.isoformat(),
            "source": role.source}


def _point(point) -> str:
    return f"{point.year}" if point.month is None else f"{point.year}-{point.month:02d}"
