"""The site's public addresses. Embassies link to these: changing one breaks their links."""
from __future__ import annotations

import posixpath

from .model import DEFAULT_LANGUAGE


def language_prefix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def home(language: str) -> str:
    return language_prefix(language)


def story_index(language: str) -> str:
    return f"{language_prefix(language)}stories/"


def story(slug: str, language: str) -> str:
    return f"{language_prefix(language)}stories/{slug}/"


def story_source(slug: str, language: str) -> str:
    """The docs-relative source name under which a story page is handed to the site engine."""
    return f"stories/{slug}.{language}.md"


# --- Browse pages (issue 3): the programme, and one page per country, batch and track ---------------

def programme(language: str) -> str:
    return f"{language_prefix(language)}programme/"


def country_index(language: str) -> str:
    return f"{language_prefix(language)}countries/"


def country(slug: str, language: str) -> str:
    return f"{language_prefix(language)}countries/{slug}/"


def batch_index(language: str) -> str:
    return f"{language_prefix(language)}batches/"


def batch(track_slug: str, number: int, language: str) -> str:
    return f"{language_prefix(language)}batches/{batch_slug(track_slug, number)}/"


def batch_slug(track_slug: str, number: int) -> str:
    """A batch's address part, such as "mfa-8"."""
    return f"{track_slug}-{number}"


def track_index(language: str) -> str:
    return f"{language_prefix(language)}tracks/"


def track(slug: str, language: str) -> str:
    return f"{language_prefix(language)}tracks/{slug}/"


def relative(target: str, here: str) -> str:
    """A link to `target` from the page at `here`, both site-relative addresses such as "ja/stories/".

    Templates do this with the engine's `url` filter; markup drawn in the core (charts) needs it itself.
    """
    link = posixpath.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
    return "./" if link == "." else f"{link}/" if target.endswith("/") or not target else link
