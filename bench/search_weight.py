"""What a reader's first search downloads: every request made from pressing the search button to the first results.

Run on a built site: `python -m bench.search_weight SITE_DIR [--label NAME]`. The site is served on localhost the way
nginx serves the build's precompressed files (a request that accepts Brotli gets the `.br` file beside the asset,
else the `.gz`, else the file itself), in headless Chromium; the bytes counted are the response bodies the server
sent, per request, for one query per language typed in the search box. Prints a Markdown table.

Counted by the server, not by Chromium: Chromium reports an encoded body size of 0 for a web worker's script, so
Pagefind's worker (pagefind-worker.js, 10.8 KB Brotli, loaded by its component UI) was missing from the figures
measured before 2026-12-07's "after the site's own search" section.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import mimetypes
import os
import threading
from pathlib import Path

from bench.page_weight import CHROMIUM_ARGS, chromium_path

QUERIES = {"": "Cambodia", "ja/": "カンボジア"}


class _Precompressed(http.server.SimpleHTTPRequestHandler):
    """Serves `x.br` (or `x.gz`) for `x` when the browser accepts it, as nginx's brotli_static / gzip_static do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for suffix, encoding in ((".br", "br"), (".gz", "gzip")):
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and packed.is_file() and path.is_file():
                body = packed.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self._sent(len(body))
                return _Body(body)
        body = super().send_head()
        if body is not None and hasattr(body, "fileno"):
            self._sent(os.fstat(body.fileno()).st_size)
        return body

    def _sent(self, size: int) -> None:
        if self.server.sent is not None:
            self.server.sent.append((self.path, size))


class _Body:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, *args):
        body, self.body = self.body, b""
        return body

    def close(self):
        pass


@contextlib.contextmanager
def serve(directory: Path, sent: list | None = None):
    """Serve `directory` on localhost; each response's (path, body bytes) is appended to `sent` if given."""
    handler = functools.partial(_Precompressed, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.sent = sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# The search box: (its query field, one result) in the site's own dialog and, to measure a build from before it,
# in Pagefind's component UI.
SEARCH_UIS = [(".site-search__dialog .site-search__input", ".site-search__dialog .site-search__result"),
              ("pagefind-modal input[type=search]", "pagefind-results .site-search__result")]


def type_query(page, query: str, timeout: float = 30_000) -> str:
    """Open the header's search, type `query`, wait for a result; the selector of one result, for counting."""
    page.locator("header .site-search__button").click()
    field, result = SEARCH_UIS[0] if page.locator("template.site-search__template").count() else SEARCH_UIS[1]
    page.locator(field).fill(query, timeout=timeout)
    page.locator(result).first.wait_for(timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    return result


def first_search(site_dir: Path) -> dict:
    """{prefix: {"query", "requests": [(path, bytes)], "bytes", "results"}} for each language's home page."""
    from playwright.sync_api import sync_playwright

    out = {}
    sent = []
    with serve(site_dir, sent) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            for prefix, query in QUERIES.items():
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + prefix, wait_until="networkidle")
                sent.clear()
                result = type_query(page, query)
                requests = list(sent)
                out[prefix] = {"query": query, "requests": requests, "bytes": sum(b for _, b in requests),
                               "results": page.locator(result).count()}
                context.close()
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    for prefix, figures in first_search(args.site).items():
        print(f"\n### {args.label} /{prefix}: `{figures['query']}`: {len(figures['requests'])} requests, "
              f"{figures['bytes'] / 1024:.1f} KB on the wire, {figures['results']} results shown\n")
        print("| request | bytes |\n| --- | ---: |")
        for url, size in figures["requests"]:
            print(f"| `{url}` | {size} |")


if __name__ == "__main__":
    main()
