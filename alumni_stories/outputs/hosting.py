"""What a web host must know about the built site, read from the same data the build used: which old addresses
redirect where (aliases), which are gone (withdrawn stories, answered 410 with their notice), which page answers
an unknown path in each language, which pages may be framed (embed cards), which files are fingerprinted (cached
for ever) and which inline scripts and styles the pages really contain (their hashes go into the
Content-Security-Policy, so a template change keeps working without anyone editing a header by hand).

host_config.py turns this plan into files for nginx and for hosts that read _redirects and _headers.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.outputs import writing
from alumni_stories.outputs.cms import ADMIN_FOLDER, connect_origins
from alumni_stories.site import urls

# A content hash in a file name (the theme's bundle.a5f9d56c.min.js, share images' fictional-alumna.en.2c4646ed58c8.png,
# Pagefind's en_4ac9d0b.pf_filter, portraits' 0f3c9a1b2d4e5f60-2-w200.webp): the name changes whenever the bytes do,
# so the file may be cached for ever. A hash after a separator, or one of 12 or more digits that starts the name.
# One definition, three dialects: Python and PCRE (here and nginx's location, matched against "/" + the file's
# name) and POSIX ERE (find, on a server).
_HEX = r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]"  # a digit and a letter: no words
# Pagefind names its index files <language>_<7 hex>.pf_<kind>: the hash may be all digits (one file in 27),
# and a folder holding one such file would need a rule per file on the hosts that read _headers.
_PAGEFIND = r"[a-z]{2,3}(?:-[A-Za-z0-9]+)*_[0-9a-f]{7,64}\.pf_[a-z]+"
FINGERPRINT_PCRE = rf"/(?:[^/]*[._-]{_HEX}{{7,64}}[._]|{_HEX}{{12,64}}[._-]|{_PAGEFIND})[^/]*"  # the last segment, with its "/"
FINGERPRINT_ERE = r".*/([^/]*[._-][0-9a-f]{7,64}[._]|[0-9a-f]{12,64}[._-])[^/]*"  # no lookahead: a little wider
FINGERPRINT = re.compile(FINGERPRINT_PCRE)
HOSTING_DIR = "_hosting"  # nginx configuration, written into the site so it travels with the release it describes
HOST_FILES = ("_headers", "_redirects")  # read by Netlify and Cloudflare Pages, never served by them
PRECOMPRESSED = (".gz", ".br")

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # a cache may keep the file but asks the server (ETag / Last-Modified) before each use
HSTS = "max-age=31536000"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=()",
}


@dataclass(frozen=True)
class Redirect:
    source: str  # rooted path, such as /stories/old-slug/
    target: str


@dataclass(frozen=True)
class Gone:
    path: str  # the rooted address of a withdrawn story
    notice: str  # the rooted path of the file holding its notice


@dataclass(frozen=True)
class FileRule:
    """The headers one built file needs beyond the common ones."""

    cache: str  # IMMUTABLE or REVALIDATE
    framable: bool  # an embed card: any site may show it in a frame
    editor: bool = False  # the editing interface, /admin/: Decap CMS needs a policy of its own


@dataclass
class HostPlan:
    base: str  # the site's path on its host: "" at the root, "/alumni" under a folder
    redirects: list[Redirect]
    gone: list[Gone]
    not_found: list[tuple[str, str]]  # (rooted prefix, rooted 404 page), longest prefix first
    embed_prefixes: list[str]
    files: dict[str, FileRule]  # site-relative path -> rule, for every file a reader can request
    script_hashes: list[str] = field(default_factory=list)
    style_hashes: list[str] = field(default_factory=list)
    editor_prefixes: list[str] = field(default_factory=list)  # rooted: [/admin/] when the site has it
    editor_origins: list[str] = field(default_factory=list)  # the hosts /admin/ talks to (cms.connect_origins)
    inline: dict = field(default_factory=dict)  # site-relative page -> its inline code's hashes ((scripts), (styles))

    def csp(self, framable: bool, editor: bool = False) -> str:
        if editor:
            return editor_security_policy(self.editor_origins)
        return content_security_policy(self.script_hashes, self.style_hashes, framable)

    def page_headers(self, framable: bool, editor: bool = False) -> dict[str, str]:
        """Headers of a document: the policy, and (except on embed cards) a refusal to be framed."""
        headers = {"Content-Security-Policy": self.csp(framable, editor)}
        if not framable:
            headers["X-Frame-Options"] = "DENY"
        return headers


def content_security_policy(script_hashes, style_hashes, framable: bool) -> str:
    """Scripts only from the site itself or inline ones whose exact text was hashed at build time: an injected
    <script> or on*= attribute does not run. 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly search."""
    quoted = lambda hashes: "".join(f" '{h}'" for h in hashes)  # noqa: E731
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval'{quoted(script_hashes)}",
        f"style-src 'self'{quoted(style_hashes)}",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors *" if framable else "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def editor_security_policy(origins: list[str]) -> str:
    """/admin/ only, for editors: Decap CMS compiles its validators ('unsafe-eval'), injects its styles
    ('unsafe-inline'), shows photos from memory (blob:) and talks to the git host and its OAuth client."""
    return "; ".join([
        "default-src 'self'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self' " + " ".join(origins),
        "frame-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
        "frame-ancestors 'none'"]).replace("'self' ;", "'self';")


def is_fingerprinted(relative: str) -> bool:
    return bool(FINGERPRINT.fullmatch("/" + relative.rsplit("/", 1)[-1]))


def base_path(site_url: str) -> str:
    """The site's path on its host ("" at the root), from the address parsed and checked once (urls.py):
    a hostile site_url raises SiteAddressError here too, before any host file is written."""
    address = urls.parse_site_address(site_url)
    return address.base if address else ""


def plan(site_dir: Path, addresses, site_url: str, known: dict | None = None) -> HostPlan:
    """The host plan of the finished site in `site_dir`, given the build's addresses (permalinks.Address).

    `known`: site-relative page -> its inline code's hashes ((scripts), (styles)), for the pages the build proved
    byte for byte as the last build left them (an edit build's kept pages): not read again (issue 27: reading
    every page for its inline scripts took 0.67 s of an edit at 1,000 alumni, under cProfile). `HostPlan.inline` holds every
    page's, for the next build."""
    known = known or {}
    site_dir = Path(site_dir)
    base = base_path(site_url)
    redirects, gone = [], []
    for address in sorted(addresses, key=lambda a: a.path):
        if address.kind == "redirect":
            redirects.append(Redirect(base + address.path, base + "/" + address.target))
        elif address.kind == "withdrawn":
            gone.append(Gone(base + address.path, base + address.path + "index.html"))
    others = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
    not_found = [(base + "/" + urls.language_prefix(language), base + "/" + urls.language_prefix(language) + "404.html")
                 for language in (*others, DEFAULT_LANGUAGE)]
    not_found.sort(key=lambda pair: -len(pair[0]))
    embed_prefixes = [base + "/" + urls.language_prefix(language) + "embed/" for language in LANGUAGES]
    files, scripts, styles, inline = {}, set(), set(), {}
    for relative in writing.site_files(site_dir):
        path = site_dir / relative
        if _not_served(relative):
            continue
        framable = any(("/" + relative).startswith(p[len(base):]) for p in embed_prefixes)
        editor = relative.startswith(ADMIN_FOLDER + "/")
        files[relative] = FileRule(IMMUTABLE if is_fingerprinted(relative) and not editor else REVALIDATE,
                                   framable, editor)
        if writing.suffix_of(relative) == ".html":
            found = known.get(relative)
            if found is None:
                found_scripts, found_styles = inline_code(path.read_text(encoding="utf-8", errors="replace"))
                found = (tuple(sorted(set(map(sha256_source, found_scripts)))),
                         tuple(sorted(set(map(sha256_source, found_styles)))))
            inline[relative] = found
            scripts.update(found[0])
            styles.update(found[1])
    editor_prefixes = [f"{base}/{ADMIN_FOLDER}/"] if any(rule.editor for rule in files.values()) else []
    return HostPlan(base, redirects, gone, not_found, embed_prefixes, files, sorted(scripts), sorted(styles),
                    editor_prefixes, connect_origins(site_dir), inline)


def favicon_ico(site_dir: Path, favicons: list[str]) -> bytes | None:
    """/favicon.ico from the first raster favicon of `favicons` (the site's, then the theme's PNG), when the site
    has none: browsers ask for it on pages that name no icon (embed cards, notices, feeds opened directly), and
    each such request would be a 404. None when the site has one already or no raster image to draw it from."""
    if (Path(site_dir) / "favicon.ico").exists():
        return None
    from PIL import Image, UnidentifiedImageError

    for favicon in favicons:
        source = Path(site_dir) / favicon
        if not source.is_file() or source.suffix.lower() == ".svg":
            continue
        try:
            with Image.open(source) as image:
                out = io.BytesIO()
                image.save(out, format="ICO", sizes=[(32, 32), (16, 16)])
                return out.getvalue()
        except (UnidentifiedImageError, OSError, ValueError):
            continue
    return None


def _not_served(relative: str) -> bool:
    return (relative.endswith(PRECOMPRESSED) or relative in HOST_FILES or relative.startswith(HOSTING_DIR + "/"))


def sha256_source(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# An element's raw text runs to the first "</script" or "</style" (HTML's rule for these elements), so a
# regular expression finds them exactly, and some thirty times faster than a full parser (pages grow with N).
_RAW_TEXT = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_SCRIPT_TYPES = ("", "text/javascript", "module", "application/javascript")


def inline_code(html: str) -> tuple[list[str], list[str]]:
    """(inline scripts that run, inline style sheets) of one page, each exactly as the browser hashes it.
    Data blocks (JSON, JSON-LD, Pagefind's templates) do not run and need no hash."""
    scripts, styles = [], []
    for match in _RAW_TEXT.finditer(html):
        attributes = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(match[2])}
        if match[1].lower() == "style":
            styles.append(match[3])
        elif "src" not in attributes and attributes.get("type", "").strip().lower() in _SCRIPT_TYPES:
            scripts.append(match[3])
    return scripts, styles
