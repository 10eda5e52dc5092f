"""What a reader downloads on a page's first load: bytes and gzip-compressed bytes, portrait excluded.

Measured in a real browser when Playwright and Chromium are available (every request the page makes
until the network is idle, including what its scripts fetch: search index, sitemaps, workers); otherwise
estimated from the HTML (the page, its stylesheets, scripts and icons), which misses script fetches.
Also lists any request that left the local server.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

GZIP_LEVEL = 6  # what web servers typically use (nginx gzip_comp_level 1-9, Apache default 6)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Base URL of `directory` served on localhost for the duration of the block."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def measure(site_dir: Path, paths: list[str], browser=None) -> dict:
    """{path: {"method", "bytes", "gzip_bytes", "requests": [(url, status, bytes, gzip)], "third_party": [...]}}.

    `browser`: a Playwright Chromium already running (the tests have one); otherwise one is started.
    """
    with serve(site_dir) as base:
        if browser is not None:
            return _measure_in_browser(base, paths, browser)
        if browser_available():
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as playwright:
                    own = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
                    try:
                        return _measure_in_browser(base, paths, own)
                    finally:
                        own.close()
            except Exception as error:  # a broken browser must not cost a long benchmark its report
                print(f"page weight: the browser failed ({error}); estimating from the HTML instead", flush=True)
        return {path: _estimate_from_html(site_dir, base, path) for path in paths}


def _gz(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def _measure_in_browser(base: str, paths: list[str], browser) -> dict:
    results = {}
    local = urlsplit(base).netloc
    for path in paths:
        context = browser.new_context()  # a fresh context: nothing cached, a true first load
        page = context.new_page()
        responses, requested = [], []
        page.on("request", lambda request: requested.append(request.url))
        page.on("response", lambda response: responses.append(response))
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(500)  # scripts may fetch after the load event (search index, sitemaps)
        # The file the browser chose (a WebP of the <picture>'s srcset), not only the <img>'s JPEG fallback.
        portraits = set(page.eval_on_selector_all(".story-portrait img",
                                                  "imgs => imgs.flatMap(i => [i.currentSrc, i.src])"))
        rows = []
        for response in responses:
            if response.url in portraits or response.url.startswith("data:"):
                continue
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                body = b""
            rows.append((response.url.replace(base, "/"), response.status, len(body), _gz(body)))
        context.close()
        results[path] = {
            "method": "browser (Chromium, every request until network idle)",
            "bytes": sum(r[2] for r in rows), "gzip_bytes": sum(r[3] for r in rows), "requests": rows,
            "third_party": sorted({u for u in requested if urlsplit(u).netloc not in ("", local)
                                   and not u.startswith(("data:", "blob:"))}),
        }
    return results


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_portrait = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "story-portrait" in (attrs.get("class") or ""):
            self._in_portrait += 1
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {"stylesheet", "icon"}:
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "img" and attrs.get("src") and not self._in_portrait:
            self.urls.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "figure" and self._in_portrait:
            self._in_portrait -= 1


def _estimate_from_html(site_dir: Path, base: str, path: str) -> dict:
    page_file = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
    html = page_file.read_bytes()
    parser = _References()
    parser.feed(html.decode("utf-8", "replace"))
    rows = [(f"/{path}", 200, len(html), _gz(html))]
    third_party = []
    for ref in parser.urls:
        absolute = urljoin(base + path, ref)
        if urlsplit(absolute).netloc != urlsplit(base).netloc:
            third_party.append(absolute)
            continue
        target = site_dir / urlsplit(absolute).path.lstrip("/")
        body = target.read_bytes() if target.is_file() else b""
        rows.append((urlsplit(absolute).path, 200 if body else 404, len(body), _gz(body)))
    return {"method": "estimate from the HTML (stylesheets, scripts, icons; script fetches not counted)",
            "bytes": sum(r[2] for r in rows), "gzip_bytes": sum(r[3] for r in rows), "requests": rows,
            "third_party": third_party}
