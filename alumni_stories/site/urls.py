"""The site's public addresses. Embassies link to these: changing one breaks their links."""
from __future__ import annotations

import ipaddress
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import idna

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


# --- The public address of the site (site_url) ---------------------------------------------------------------

SITE_URL_VARIABLE = "ALUMNI_STORIES_SITE_URL"  # read by the engine's configuration (site_url), set at deploy time
PUBLISH_VARIABLE = "ALUMNI_STORIES_PUBLISH"  # "1": the build is the one to publish (scripts/publish.sh sets it)
LOCAL_SITE_URL = "http://localhost:8000/"  # what a fresh clone builds with: its own preview (serve.sh)
PLACEHOLDER_HOSTS = ("alumni-stories.example",)
# Addresses written as examples, never a real site: the README's own (stories.your-domain.org), names made of
# "your/my domain/site" or "placeholder", and the domains RFC 2606 keeps for examples (example.com/.net/.org).
_PLACEHOLDER_LABEL = re.compile(r"^(?:your|my)-?(?:own-?)?(?:domain|site|host|server|website|organisation|organization|"
                                r"org|company)(?:-?name)?$|^(?:placeholder|changeme|change-me|replace-me|todo|xxx+)$")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org", "example.edu", "domain.tld", "host.tld")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # and 127.x, .localhost, .local


class SiteAddressError(ValueError):
    """The site address cannot be used at all; the message says why, where it is set and what to write."""


@dataclass(frozen=True)
class SiteAddress:
    """The site's public address, parsed once: every output writes it from here, never from the raw setting."""

    scheme: str  # "http" or "https"
    host: str  # ASCII: an IDNA name in punycode (xn--...), an IPv4 address or a bracketed IPv6 one
    port: int | None
    path: str  # "/" or "/folder/.../", made only of _PATH_CHARACTERS

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}{'' if self.port is None else f':{self.port}'}{self.path}"

    @property
    def base(self) -> str:
        """The site's path on its host without the final slash: "" at the root, "/alumni" under a folder."""
        return self.path.rstrip("/")


# The path may hold letters, digits and - . _ ~ (RFC 3986's unreserved characters) only: nothing that HTML, XML,
# nginx's configuration, _redirects or _headers would read as syntax (quotes, spaces, ;, {, $, <, &, %, \).
_PATH = re.compile(r"^(?:/[A-Za-z0-9._~-]+)*/?$")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`{}|^\u2028\u2029]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def parse_site_address(value: str | None, where: str = "") -> SiteAddress | None:
    """`value` as a SiteAddress, None when it is empty (the site then links by rooted paths). Raises
    SiteAddressError unless it is http(s)://host[:port]/path/ with a valid host (an international name is
    accepted and written in punycode), no user or password, query or fragment, and a plain path. `where` names
    the setting in the message's fix (default: ALUMNI_STORIES_SITE_URL, or site_url in the configuration).

    Written by hand around urlsplit and the idna package, which parse but accept far more than an address that
    is pasted into HTML, XML and web server configuration may hold."""
    text = "" if value is None else str(value)
    if not text.strip():
        return None
    try:
        return _parse(text)
    except SiteAddressError as error:
        if where:
            raise SiteAddressError(str(error).replace(_SETTING, where)) from None
        raise


def _parse(text: str) -> SiteAddress:
    parts = None if _FORBIDDEN.search(text) else urlsplit(text)
    if parts is None:
        raise _address_error(text, "contains a space, quote, angle bracket, backslash, brace or control character")
    if parts.scheme not in ("http", "https") or not text.lower().startswith(parts.scheme + "://"):
        raise _address_error(text, "does not start with http:// or https://")
    if "@" in parts.netloc:
        raise _address_error(text, "holds a user name or password (user:pass@)")
    if "?" in text or "#" in text:
        raise _address_error(text, "has a query (?...) or fragment (#...)")
    host = _ascii_host(text, parts)
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 0 < port < 65536:
        raise _address_error(text, "has a port that is not a number from 1 to 65535")
    path = parts.path or "/"
    if not _PATH.match(path) or any(segment in (".", "..") for segment in path.split("/")):
        raise _address_error(text, f"has the path {path!r}, which may hold only letters, digits, '-', '.', '_' and "
                                   "'~' between slashes")
    return SiteAddress(parts.scheme, host, port, path if path.endswith("/") else path + "/")


def _ascii_host(text: str, parts) -> str:
    netloc = parts.netloc
    if netloc.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(netloc[1:].split(']', 1)[0])}]"
        except ValueError:
            raise _address_error(text, "has an IPv6 address that is not valid") from None
    host = netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc
    if not host:
        raise _address_error(text, "has no host name")
    if re.fullmatch(r"[0-9.]+", host):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            raise _address_error(text, f"has the host {host!r}, which is not a valid IPv4 address") from None
    try:
        ascii_host = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        raise _address_error(text, f"has the host {host!r}, which is not a valid host name") from None
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise _address_error(text, f"has the host {host!r}, which is not a valid host name")
    return ascii_host


def setting(config_file: str = "the site's configuration file") -> str:
    """Where the address is set, as a message's fix names it (`config_file`: the engine's, named by the adapter)."""
    return f"the environment variable {SITE_URL_VARIABLE} (or the default of site_url in {config_file})"


_SETTING = setting()


def _address_error(text: str, reason: str) -> SiteAddressError:
    return SiteAddressError(
        f"the site address {text!r} {reason}; it is written into every page, the feeds, the sitemap and the "
        f"host configuration -> set {_SETTING} to an address of the form https://host[:port]/path/, such as "
        f"https://stories.your-domain.org/ or https://your-domain.org/alumni-stories/")


def publishing_address_problem(site_url: str | None, config_file: str = "the site's configuration file") -> str | None:
    """Why `site_url` cannot be written into a published site's embed code, feeds, sitemap and link previews.

    None when it is a valid public https address. Every build refuses an invalid address (parse_site_address); a
    local build may use a local one (the preview's own address by default); only the publishing path asks this
    question, and refuses to build on an answer.
    """
    try:
        address = parse_site_address(site_url, where=setting(config_file))
    except SiteAddressError as error:
        return str(error)
    value = (site_url or "").strip()
    host = address.host if address else ""
    if address is None:
        reason = "no public address is set"
    elif host in _LOCAL_HOSTS or host.startswith("127.") or host == "[::1]" or host.endswith(".localhost") \
            or host.endswith(".local"):
        reason = (f"site_url {value!r} is this computer's own address (the preview's), which no reader or partner "
                  "can open")
    elif host.endswith((".example", ".test", ".invalid")):
        reason = (f"site_url {value!r} ends in .{host.rsplit('.', 1)[-1]}, a name kept for examples and tests "
                  "that can never be a real site")
    elif placeholder_host(host):
        reason = f"site_url {value!r} is an example address (as written in the README or a template), not the site's"
    elif address.scheme != "https":
        reason = f"site_url {value!r} is not https: partners' pages would embed an insecure address"
    else:
        return None
    return (f"{reason}; published pages would give partners dead links in embed code, feeds, the sitemap "
            f"and link previews -> set the public address in the environment variable {SITE_URL_VARIABLE} "
            f"(for example {SITE_URL_VARIABLE}=https://<the site's public host>/ scripts/publish.sh), "
            f"or replace the default of site_url in {config_file}")


def placeholder_host(host: str) -> bool:
    """`host` is an example written to be replaced: the README's stories.your-domain.org, your-site.org,
    example.com and the like."""
    host = host.lower().rstrip(".")
    return (host in PLACEHOLDER_HOSTS or any(host == d or host.endswith("." + d) for d in _EXAMPLE_DOMAINS)
            or any(_PLACEHOLDER_LABEL.match(label) for label in host.split(".")))


def publishing(environ) -> bool:
    return str(environ.get(PUBLISH_VARIABLE, "")).strip().lower() in ("1", "true", "yes")
