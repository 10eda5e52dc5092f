"""Host configuration written from the host plan (hosting.py), as (site-relative path, text) pairs:

- `_redirects` and `_headers` at the site's root, read by Netlify and Cloudflare Pages;
- `_hosting/nginx/server.conf` (inside a `server {}` block), `_hosting/nginx/http.conf` (inside `http {}`) and
  `_hosting/nginx/brotli.conf` (inside `server {}`, where the Brotli module is installed) for nginx;
- `_hosting/immutable.txt`, the fingerprinted files, for uploads to a bucket that sets caching per object.

GitHub Pages reads none of them: there the HTML pages left at old addresses (meta refresh, notice) are all a
reader gets. See the README, "Publishing".
"""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import quote

from alumni_stories.outputs.hosting import (FINGERPRINT_PCRE, HOSTING_DIR, HSTS, IMMUTABLE, REVALIDATE, SECURITY_HEADERS, FileRule,
                                            HostPlan)

NGINX_DIR = f"{HOSTING_DIR}/nginx"
_HEADER_NOTE = "Written by the build (alumni_stories/outputs/host_config.py) from the site's data: do not edit."


def host_files(plan: HostPlan) -> list[tuple[str, str]]:
    return [("_redirects", netlify_redirects(plan)), ("_headers", netlify_headers(plan)),
            (f"{NGINX_DIR}/server.conf", nginx_server(plan)), (f"{NGINX_DIR}/http.conf", nginx_http(plan)),
            (f"{NGINX_DIR}/brotli.conf", "# " + _HEADER_NOTE + "\nbrotli_static on;\n"),
            (f"{HOSTING_DIR}/immutable.txt", "".join(f"{relative}\n" for relative, rule in sorted(plan.files.items())
                                                  if rule.cache == IMMUTABLE))]


# --- Writing paths into the files ------------------------------------------------------------------------------
# Every path comes from checked data (the site address, parsed by urls.parse_site_address; slugs, checked by the
# content rules), so none holds a character these formats read as syntax. Each is still written escaped or quoted,
# and one that could not be is a bug: refused, never written.

_NGINX_UNSAFE = re.compile(r'[\x00-\x20\x7f"\\$]')  # space, control, quote, backslash, variable


def nginx_string(text: str) -> str:
    """`text` as a double-quoted nginx string (`;`, `{`, `#` lose their meaning inside); a quote, backslash,
    `$` (a variable) or control character cannot be written safely, so it raises ValueError."""
    if _NGINX_UNSAFE.search(text):
        raise ValueError(f"{text!r} cannot be written into the nginx configuration (a space, quote, backslash, $ or "
                         "control character) -> rename the file or folder so its name has none of these")
    return f'"{text}"'


def nginx_regex_prefix(path: str) -> str:
    """A path as the literal start of a PCRE inside an nginx string."""
    nginx_string(path)
    return re.sub(r"([^A-Za-z0-9/_])", r"\\\1", path)


def netlify_path(path: str) -> str:
    """A path in _redirects and _headers, which split on whitespace: percent-encoded, `/` and `*` kept."""
    return quote(path, safe="/*")


# --- Netlify and Cloudflare Pages ------------------------------------------------------------------------

def netlify_redirects(plan: HostPlan) -> str:
    """Forced rules (`!`): the HTML fallback pages exist at these addresses, and a plain rule would let them win.
    Cloudflare Pages takes the 301 lines and ignores the 410 and 404 ones (it serves the notice pages with 200
    and finds the nearest 404.html itself)."""
    lines = [f"# {_HEADER_NOTE}", "# Renamed stories: their old addresses move permanently."]
    for redirect in plan.redirects:
        source, target = netlify_path(redirect.source), netlify_path(redirect.target)
        lines += [f"{source} {target} 301!", f"{source}index.html {target} 301!"]
    lines.append("# Withdrawn stories: gone, with their notice as the page.")
    for gone in plan.gone:
        path, notice = netlify_path(gone.path), netlify_path(gone.notice)
        lines += [f"{path} {notice} 410!", f"{path}index.html {notice} 410!"]
    lines.append("# Host configuration is not for readers.")
    lines.append(f"{netlify_path(plan.base)}/{HOSTING_DIR}/* {netlify_path(plan.not_found[-1][1])} 404!")
    lines.append("# Unknown paths: the 404 page of the address's language; outside a language folder, of the "
                 "reader's (Netlify's Language condition reads Accept-Language).")
    for prefix, page in plan.not_found[:-1]:
        lines.append(f"{netlify_path(prefix)}* {netlify_path(page)} 404")
    for language, page in _languages_404(plan):
        lines.append(f"{netlify_path(plan.base)}/* {netlify_path(page)} 404 Language={language}")
    lines.append(f"{netlify_path(plan.base)}/* {netlify_path(plan.not_found[-1][1])} 404")
    return "\n".join(lines) + "\n"


def netlify_headers(plan: HostPlan) -> str:
    """Headers common to every file under one rule; the rest under rules that never overlap (both hosts join
    the values of a header set by two matching rules, which would turn two policies into a stricter third)."""
    common = {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}  # both hosts serve only HTTPS
    blocks = [(netlify_path(plan.base + "/*"), common)]
    for pattern, rule in _compress(plan.files):
        blocks.append((netlify_path(plan.base + pattern), {"Cache-Control": rule.cache, **plan.page_headers(rule.framable, rule.editor)}))
    text = [f"# {_HEADER_NOTE}"]
    for pattern, headers in blocks:
        text.append(pattern)
        text += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(text) + "\n"


def _compress(files: dict[str, FileRule]) -> list[tuple[str, FileRule]]:
    """Rooted patterns covering every file once: a folder whose files all share a rule becomes `/folder/*`;
    a page folder's index.html is also its folder address."""
    tree: dict[str, set] = defaultdict(set)  # folder -> rules of every file below it
    for relative, rule in files.items():
        parts = relative.split("/")
        for depth in range(len(parts)):
            tree["/".join(parts[:depth])].add(rule)
    rules: list[tuple[str, FileRule]] = []

    def walk(folder: str) -> None:
        if folder and len(tree[folder]) == 1:
            rules.append((f"/{folder}/*", next(iter(tree[folder]))))
            return
        prefix = folder + "/" if folder else ""
        for relative, rule in sorted(files.items()):
            if relative.startswith(prefix) and "/" not in relative[len(prefix):]:
                if relative.endswith("index.html") and relative[len(prefix):] == "index.html":
                    rules.append(("/" + prefix, rule))
                rules.append(("/" + relative, rule))
        children = {relative[len(prefix):].split("/", 1)[0] for relative in files
                    if relative.startswith(prefix) and "/" in relative[len(prefix):]}
        for child in sorted(children):
            walk(prefix + child)

    walk("")
    return rules


# --- nginx ---------------------------------------------------------------------------------------------------

def _languages_404(plan: HostPlan) -> list[tuple[str, str]]:
    """(language, its 404 page) for each language but the default, whose pages live under /<language>/."""
    return [(prefix[len(plan.base):].strip("/"), page) for prefix, page in plan.not_found[:-1]]


def nginx_http(plan: HostPlan) -> str:
    """Inside http {}: HSTS only on HTTPS, the 404 page for paths outside a language folder chosen by the
    reader's first language (Accept-Language), since the address does not say it, and the addresses the build
    wrote (nginx_server answers every other one 404, whatever else lies in the folder)."""
    pages = "".join(f'    "~*^{language}\\b" {nginx_string(page)};\n' for language, page in _languages_404(plan))
    sizes, known = _known_addresses(plan)
    return (f"# {_HEADER_NOTE}\n# Include inside http {{}}. Behind a TLS proxy, map $http_x_forwarded_proto "
            "instead of $scheme.\n" + sizes +
            f'map $scheme $alumni_stories_hsts {{\n    https "{HSTS}";\n    default "";\n}}\n'
            f"map $http_accept_language $alumni_stories_not_found {{\n    default {nginx_string(plan.not_found[-1][1])};\n"
            f"{pages}}}\n" + _not_found_by_path(plan) + known)


def _not_found_by_path(plan: HostPlan) -> str:
    """`$alumni_stories_not_found_here`: the 404 page of the address's language folder, else the reader's; for
    the locations matched by a regular expression (refusals, fingerprinted files), which span every folder."""
    folders = "".join(f'    "~^{nginx_regex_prefix(prefix)}" {nginx_string(page)};\n' for prefix, page in plan.not_found[:-1])
    return (f"map $uri $alumni_stories_not_found_here {{\n{folders}"
            "    default $alumni_stories_not_found;\n}\n")


def _known_addresses(plan: HostPlan) -> tuple[str, str]:
    """`$alumni_stories_written`: 1 for every address the build wrote (each file; each folder with and without
    its final slash), and for fingerprinted names in the fingerprinted folders, which a deploy carries over from
    the release before (releases.py); empty otherwise. An exact-string map is one hash lookup per request."""
    addresses = {plan.base + "/"}
    for relative in plan.files:
        parts = relative.split("/")
        addresses.add(f"{plan.base}/{relative}")
        addresses.update(f"{plan.base}/{'/'.join(parts[:depth])}{slash}" for depth in range(1, len(parts))
                         for slash in ("", "/"))
    addresses.update(page for _, page in plan.not_found)
    longest = max(map(len, addresses))
    # nginx fixes these sizes at its first `map`: they come before every map (include this file before any other).
    sizes = ("# Large enough to hash every address the build wrote (the map at the end); if your nginx.conf sets\n"
             "# them too, keep the larger values there and remove these two lines.\n"
             f"map_hash_max_size {_power_of_two(4 * len(addresses), 2048)};\n"
             f"map_hash_bucket_size {_power_of_two(4 * (longest + 16), 64)};\n")
    lines = ["# The addresses the build wrote: every other one is answered 404 (server.conf).",
             "map $uri $alumni_stories_written {",
             "    volatile;  # judged again for the 404 page an error_page redirects to, not cached from the request",
             "    default \"\";"]
    folders = _fingerprinted_folders(plan)
    if folders:
        lines.append(f'    "~^{nginx_regex_prefix(plan.base)}/(?:{folders})(?:/[^/]+)*{FINGERPRINT_PCRE}$" 1;')
    lines += [f"    {nginx_string(address)} 1;" for address in sorted(addresses)]
    return sizes, "\n".join(lines) + "\n}\n"


def _power_of_two(at_least: int, minimum: int) -> int:
    size = minimum
    while size < at_least:
        size *= 2
    return size


def _fingerprinted_folders(plan: HostPlan) -> str:
    """The top folders holding fingerprinted files, as a PCRE alternation ("" when there are none)."""
    return "|".join(re.escape(folder) for folder in sorted(
        {relative.split("/", 1)[0] for relative, rule in plan.files.items() if rule.cache == IMMUTABLE and "/" in relative}))


def _add_headers(plan: HostPlan, cache: str, framable: bool, editor: bool = False) -> list[str]:
    # add_header in a location replaces every inherited one, so each location states the whole set; `always`
    # sends them with 404, 410 and 301 answers too.
    headers = {**SECURITY_HEADERS, "Cache-Control": cache, **plan.page_headers(framable, editor)}
    lines = [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return lines + ["add_header Strict-Transport-Security $alumni_stories_hsts always;"]


def _not_found_for(plan: HostPlan, path: str) -> str:
    """The 404 page for a location: its language folder's, or, outside one, the reader's language's."""
    page = next(page for prefix, page in plan.not_found if path.startswith(prefix))
    return "$alumni_stories_not_found" if page == plan.not_found[-1][1] else nginx_string(page)


def _location(match: str, body: list[str]) -> list[str]:
    return [f"location {match} {{", *("    " + line for line in body), "}"]


def _served_suffixes(plan: HostPlan) -> list[str]:
    """The file name endings the build writes (and the precompressed copies beside them)."""
    suffixes = {relative.rsplit("/", 1)[-1].rsplit(".", 1)[-1] for relative in plan.files if "." in relative.rsplit("/", 1)[-1]}
    return sorted({re.escape(suffix) for suffix in suffixes} | {"gz", "br"})


_ONLY_WRITTEN = ['if ($alumni_stories_written = "") {', "    return 404;", "}"]  # `if` with only `return`: safe


def nginx_server(plan: HostPlan) -> str:
    """Inside a `server {}` block whose `root` is the built site (or a deploy's `current` link)."""
    out = [f"# {_HEADER_NOTE}",
           "# Include inside server {} after `root`; include http.conf inside http {}, and brotli.conf here too",
           "# where libnginx-mod-http-brotli-static is installed.",
           "absolute_redirect off;  # Location: /stories/new/, whatever host name or port the reader used",
           "index index.html;", "gzip_static on;  # the build wrote a .gz beside every text file", "gzip_vary on;",
           "charset utf-8;", "server_tokens off;",
           "error_page 404 $alumni_stories_not_found_here;", *_add_headers(plan, REVALIDATE, False), "",
           "# In each folder, only what the build wrote (the map in http.conf) is served, whatever else lies there;",
           "# the 404 page is the folder's language's."]
    for prefix, _ in plan.not_found:
        out += _location(nginx_string(prefix), [f"error_page 404 {_not_found_for(plan, prefix)};", *_ONLY_WRITTEN,
                                                *_add_headers(plan, REVALIDATE, False)])
    for prefix in plan.embed_prefixes:
        out += _location(nginx_string(prefix), [f"error_page 404 {_not_found_for(plan, prefix)};", *_ONLY_WRITTEN,
                                                *_add_headers(plan, REVALIDATE, True)])
    for prefix in plan.editor_prefixes:
        out += _location(nginx_string(prefix), [f"error_page 404 {_not_found_for(plan, prefix)};", *_ONLY_WRITTEN,
                                                *_add_headers(plan, REVALIDATE, False, editor=True)])
    # Regular expressions are tried in order and the first match wins: the refusals come first.
    base = nginx_regex_prefix(plan.base)
    out += ["# Never a dotfile or dot-folder (.git, .env, .htpasswd), nor a kind of file the build never writes",
            "# (editor backups, sources, archives), even at an address the map lets through."]
    out += _location('~ "/\\."', ["return 404;"])
    out += _location(f'~ "\\.(?!(?:{"|".join(_served_suffixes(plan))})$)[^./]*$"', ["return 404;"])
    pattern = _fingerprinted_folders(plan)
    if pattern:
        out += ["# Fingerprinted files: the name changes with the content, so caches keep them for a year."]
        out += _location(f'~ "^{base}/(?:{pattern})(?:/[^/]+)*{FINGERPRINT_PCRE}$"',
                         [*_ONLY_WRITTEN, *_add_headers(plan, IMMUTABLE, False)])
    out += ["# Host configuration is not for readers."]
    out += _location(f"^~ {nginx_string(f'{plan.base}/{HOSTING_DIR}/')}", ["return 404;"])
    for name in ("_headers", "_redirects"):
        out += _location(f"= {nginx_string(f'{plan.base}/{name}')}", ["return 404;"])
    out += ["# Renamed stories: their old addresses move permanently."]
    for redirect in plan.redirects:
        for source in (redirect.source, redirect.source.rstrip("/"), redirect.source + "index.html"):
            out += _location(f"= {nginx_string(source)}", [f"return 301 {nginx_string(redirect.target)};"])
    out += ["# Withdrawn stories: 410 Gone at every address (the folder, without its slash, its index.html), with",
            "# their notice as the page, served by a named location (an internal one at the notice's own address",
            "# would answer its index.html 404)."]
    for number, gone in enumerate(plan.gone, start=1):
        notice = f"@alumni_stories_gone_{number}"
        for source in (gone.path, gone.path.rstrip("/"), gone.path + "index.html"):
            out += _location(f"= {nginx_string(source)}", [f"error_page 410 {notice};", "return 410;"])
        out += _location(notice, [f"rewrite ^ {nginx_string(gone.notice)} break;",
                                  f"error_page 404 {_not_found_for(plan, gone.path)};",
                                  *_add_headers(plan, REVALIDATE, False)])
    return "\n".join(out) + "\n"


def nginx_standalone(root: str, listen, work_dir: str, hosting_dir: str, modules=(), tls=None, user=None,
                     mime_types: str | None = "/etc/nginx/mime.types") -> str:
    """A whole nginx.conf serving `root` on each `listen` address, with its pid, logs and temporary folders under
    `work_dir`: the tests run it, and it is a starting point for a server (add server_name, the system's user
    and log folders). `tls` is (certificate, key) for listen addresses marked `ssl`."""
    listens = [listen] if isinstance(listen, str) else list(listen)
    lines = [f"load_module {module};" for module in modules]
    if user:
        lines.append(f"user {user};")
    lines += ["daemon off;", "worker_processes 1;", f"pid {work_dir}/nginx.pid;", f"error_log {work_dir}/error.log;",
              "events { worker_connections 256; }", "http {"]
    if mime_types:
        lines.append(f"    include {mime_types};")
    lines += ["    default_type application/octet-stream;", f"    access_log {work_dir}/access.log;"]
    lines += [f"    {kind}_temp_path {work_dir}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    lines += [f"    include {hosting_dir}/nginx/http.conf;", "    server {"]
    lines += [f"        listen {address};" for address in listens]
    if tls:
        lines += [f"        ssl_certificate {tls[0]};", f"        ssl_certificate_key {tls[1]};"]
    lines += [f"        root {root};", f"        include {hosting_dir}/nginx/server.conf;"]
    if modules:
        lines.append(f"        include {hosting_dir}/nginx/brotli.conf;")
    lines += ["    }", "}"]
    return "\n".join(lines) + "\n"
