"""The site's public addresses. Embassies link to these: changing one breaks their links."""
from __future__ import annotations

import posixpath

from alumni_stories.content.model import DEFAULT_LANGUAGE


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


# --- For partners: feeds, data, embeddable cards, share images (issue 5) ---------------------------

def feed(language: str) -> str:
    return f"{language_prefix(language)}feed.xml"


def api_stories() -> str:
    """The JSON index of every story in every language: one file, not one per language."""
    return "api/v1/stories.json"


def api_country(country_slug: str) -> str:
    return f"api/v1/countries/{country_slug}.json"


def embed(slug: str, language: str) -> str:
    return f"{language_prefix(language)}embed/{slug}/"


def share_image(file_name: str) -> str:
    """Share images of both languages live in one folder; their names carry slug, language and a content hash."""
    return f"assets/share/{file_name}"


def absolute(path: str, site_url: str) -> str:
    """`path` (relative to the site root) as an absolute URL; unchanged but rooted when there is no site_url."""
    return (site_url.rstrip("/") + "/" if site_url else "/") + path


def relative(path: str, from_page: str) -> str:
    """`path` as a link from the page at `from_page` (both relative to the site root, folders ending in /)."""
    link = posixpath.relpath("/" + path, "/" + from_page.rsplit("/", 1)[0])
    if link == ".":
        return "./"
    return link + "/" if path == "" or path.endswith("/") else link
