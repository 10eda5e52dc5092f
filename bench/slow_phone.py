"""The first load and the first search on a slow phone: largest contentful paint, bytes on the wire, requests.

Run: `python -m bench.slow_phone [SITE_DIR] [--label NAME] [--runs N]`. Without SITE_DIR the real project is built
with `mkdocs build --strict` into a temporary folder first. The site is served on 127.0.0.1 the way the project's
nginx serves it (bench/search_weight.py's server: the build's `.br` file when the browser accepts Brotli, as
`brotli_static`/`gzip_static` do), and loaded in headless Chromium (/usr/bin/chromium through Playwright, as the
tests launch it) under the slow-phone profile of issue 24: 1.6 Mbps down, 750 kbps up, 150 ms round trip
(CDP Network.emulateNetworkConditions), the CPU 4x slower (Emulation.setCPUThrottlingRate), a 390 x 844 viewport at
device scale 3. For home and a story page in both languages: largest contentful paint (the browser's own
PerformanceObserver entry), first contentful paint, the requests and bytes on the wire (Chromium's encoded body
size) until the network is idle; then the first search (the header's search button, one query, until results show
and the network is idle; its bytes as the server sent them, since Chromium counts a worker's script as 0). Timings are medians of `--runs` fresh contexts (nothing cached); bytes do not vary.
The machine's load average is printed with the figures: on a shared VM it moves paint times, not bytes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.page_weight import CHROMIUM_ARGS, chromium_path
from bench.search_weight import serve, type_query

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["", "stories/chhy-ratha/", "ja/", "ja/stories/chhy-ratha/"]
QUERIES = {"": "Cambodia", "ja/": "カンボジア"}
DOWN_BPS, UP_BPS, RTT_MS, CPU_SLOWDOWN = 1.6e6, 750e3, 150, 4
TARGETS = {"lcp_ms": 1200, "kb": 50, "requests": 10, "search_kb": 100}

_LCP = """() => new Promise(resolve => {
  let last = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) last = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  setTimeout(() => resolve({lcp: last, fcp: fcp ? fcp.startTime : 0}), 300);
})"""


def _throttled_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                   "downloadThroughput": DOWN_BPS / 8, "uploadThroughput": UP_BPS / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def first_load(browser, base: str, path: str) -> dict:
    context, page = _throttled_page(browser)
    seen = []
    page.on("requestfinished", lambda request: seen.append(request))
    try:
        page.goto(base + path, wait_until="load", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        paints = page.evaluate(_LCP)
        rows = [(r.url.replace(base, "/"), r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"],
                 r.sizes()["responseBodySize"]) for r in seen if not r.url.startswith("data:")]
        return {"lcp": paints["lcp"], "fcp": paints["fcp"], "requests": rows,
                "bytes": sum(body for _, _, body in rows)}
    finally:
        context.close()


def first_search(browser, base: str, prefix: str, query: str, sent: list) -> dict:
    context, page = _throttled_page(browser)
    try:
        page.goto(base + prefix, wait_until="load", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        sent.clear()
        type_query(page, query, timeout=60_000)
        # As the server sent them: Chromium reports 0 bytes for a worker's script (bench/search_weight.py).
        rows = list(sent)
        return {"query": query, "requests": rows, "bytes": sum(b for _, b in rows)}
    finally:
        context.close()


def measure(site: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    out = {"load_before": os.getloadavg(), "pages": {}, "search": {}}
    sent = []
    with serve(site, sent) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            for path in PAGES:
                loads = [first_load(browser, base, path) for _ in range(runs)]
                out["pages"][path] = {**loads[0], "lcp": statistics.median(x["lcp"] for x in loads),
                                      "fcp": statistics.median(x["fcp"] for x in loads),
                                      "lcp_all": [round(x["lcp"]) for x in loads]}
            for prefix, query in QUERIES.items():
                out["search"][prefix] = first_search(browser, base, prefix, query, sent)
        finally:
            browser.close()
    out["load_after"] = os.getloadavg()
    return out


def report(figures: dict, label: str) -> str:
    kb = 1024
    lines = [f"### {label}", "",
             f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in figures['load_before'])}; "
             f"after: {', '.join(f'{x:.1f}' for x in figures['load_after'])} (2 cores).", "",
             "| page | LCP (median; runs) | FCP | requests | KB on the wire |", "| --- | ---: | ---: | ---: | ---: |"]
    for path, page in figures["pages"].items():
        lines.append(f"| `/{path}` | {page['lcp']:.0f} ms ({', '.join(map(str, page['lcp_all']))}) | "
                     f"{page['fcp']:.0f} ms | {len(page['requests'])} | {page['bytes'] / kb:.1f} |")
    lines += ["", "| first search | requests | KB on the wire |", "| --- | ---: | ---: |"]
    for prefix, search in figures["search"].items():
        lines.append(f"| `/{prefix}` `{search['query']}` | {len(search['requests'])} | {search['bytes'] / kb:.1f} |")
    lines += ["", f"Targets: LCP <= {TARGETS['lcp_ms']} ms, <= {TARGETS['kb']} KB and <= {TARGETS['requests']} "
              f"requests on first load, first search <= {TARGETS['search_kb']} KB.", ""]
    for path, page in figures["pages"].items():
        lines += [f"<details><summary>/{path}: requests</summary>", "", "| request | body bytes |", "| --- | ---: |"]
        lines += [f"| `{url}` | {body} |" for url, _, body in page["requests"]]
        lines += ["", "</details>", ""]
    for prefix, search in figures["search"].items():
        lines += [f"<details><summary>/{prefix} first search: requests</summary>", "", "| request | bytes |",
                  "| --- | ---: |"]
        lines += [f"| `{url}` | {size} |" for url, size in search["requests"]]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def build_site(folder: Path) -> Path:
    site = folder / "site"
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                   env=environ, check=True, timeout=1800)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?")
    parser.add_argument("--label", default="")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or build_site(Path(folder))
        print(report(measure(site, args.runs), args.label or str(site)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
