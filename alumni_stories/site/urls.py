"""The site's public addresses. Embassies link to these: changing one breaks their links."""
from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from alumni_stories.content.model import DEFAULT_LANGUAGE


def language_prefix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def home(language: str) -> str:
    return language_prefix(language)


def story_index(language: str) -> str:
    return f"{language_prefix(language)}stories/"


def story(slug: str, language: str) -> str:
    return f"{language_prefix(language)}stories/{slug}/"


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


# --- The public address of the site (site_url) ---------------------------------------------------------------

SITE_URL_VARIABLE = "ALUMNI_STORIES_SITE_URL"  # read by the engine's configuration (site_url), set at deploy time
PUBLISH_VARIABLE = "ALUMNI_STORIES_PUBLISH"  # "1": the build is the one to publish (scripts/publish.sh sets it)
LOCAL_SITE_URL = "http://localhost:8000/"  # what a fresh clone builds with: its own preview (serve.sh)
PLACEHOLDER_HOSTS = ("alumni-stories.example",)
# Names that can never be a public site (RFC 2606 / RFC 6761), and the local machine.
_RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def publishing_address_problem(site_url: str | None, config_file: str = "the site's configuration") -> str | None:
    """Why `site_url` cannot be written into a published site's embed code, feeds, sitemap and link previews.

    None when it is a public https address. A local build may use anything (the preview's own address by
    default); only the publishing path asks this question, and refuses to build on an answer.
    """
    value = (site_url or "").strip()
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if not value:
        reason = "no public address is set"
    elif parts.scheme not in ("http", "https") or not host:
        reason = f"site_url {value!r} is not a web address"
    elif host in PLACEHOLDER_HOSTS or host.endswith(_RESERVED_SUFFIXES) or host in _LOCAL_HOSTS \
            or host.startswith("127."):
        reason = f"site_url {value!r} is a placeholder or local address, not the site's public one"
    elif parts.scheme != "https":
        reason = f"site_url {value!r} is not https: partners' pages would embed an insecure address"
    else:
        return None
    return (f"{reason}; published pages would give partners dead links in embed code, feeds, the sitemap "
            f"and link previews -> set the public address in the environment variable {SITE_URL_VARIABLE} "
            f"(for example {SITE_URL_VARIABLE}=https://stories.your-domain.org/ scripts/publish.sh), "
            f"or replace the default of site_url in {config_file}")


def publishing(environ) -> bool:
    return str(environ.get(PUBLISH_VARIABLE, "")).strip().lower() in ("1", "true", "yes")
