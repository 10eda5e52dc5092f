"""Every internal link of the built site resolves, fragments included, in both languages; pages link to the
other language only through the language selector and hreflang alternates; nothing loads from another host.

Hand-written over BeautifulSoup rather than a link-checking crawler: the rules about languages are this
site's own, and a crawler would need a server and the network.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE_URL
from quality_support import html_files, url_path

pytestmark = pytest.mark.slow

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                   "iframe": "src", "form": "action", "use": "href"}
# Elements whose target the browser fetches by itself when the page loads (not on a click).
LOADED = {"link", "img", "script", "source", "iframe", "use"}
OTHER_LANGUAGE_ALLOWED = "the language selector (a.md-select__link) or <link rel=alternate hreflang>"


class Page:
    def __init__(self, site: Path, file: Path):
        self.path = url_path(site, file)  # "ja/stories/x/"
        self.soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        self.ids = {tag.get("id") for tag in self.soup.find_all(id=True)} | {
            tag.get("name") for tag in self.soup.find_all("a", attrs={"name": True})}
        self.language = "ja" if self.path.startswith("ja/") else "en"


@pytest.fixture(scope="module")
def pages(built_site):
    return load_pages(built_site)


def links(page: Page):
    """(element, attribute value) for every URL the page refers to."""
    for name, attribute in LINK_ATTRIBUTES.items():
        for element in page.soup.find_all(name):
            value = element.get(attribute) or element.get("xlink:href")
            if value:
                yield element, value.strip()


def resolve(site: Path, page: Page, url: str):
    """(site-relative target path or None when external, fragment) for a URL written on `page`."""
    absolute = urljoin(SITE_URL + page.path, url)
    parts = urlsplit(absolute)
    if parts.scheme in ("mailto", "tel", "data"):
        return None, ""
    if parts.scheme in ("http", "https") and not absolute.startswith(SITE_URL):
        return None, ""
    return unquote(parts.path)[len(urlsplit(SITE_URL).path):], unquote(parts.fragment)


@lru_cache(maxsize=None)
def target_file(site: Path, target: str) -> Path | None:
    candidate = site / target
    if target == "" or target.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def load_pages(site: Path) -> dict:
    return {page.path: page for page in (Page(site, f) for f in html_files(site))}


def find_broken(built_site, pages) -> list[str]:
    broken = []
    for page in pages.values():
        for element, url in links(page):
            target, fragment = resolve(built_site, page, url)
            if target is None:
                continue
            file = target_file(built_site, target)
            if file is None:
                broken.append(f"{page.path or '/'}: <{element.name}> {url} -> /{target} does not exist")
            elif fragment and file.suffix == ".html":
                linked = pages.get(url_path(built_site, file))
                if linked is None or fragment not in linked.ids:
                    broken.append(f"{page.path or '/'}: <{element.name}> {url} -> no id {fragment!r} on /{target}")
    return broken


def find_crossings(built_site, pages) -> list[str]:
    crossing = []
    for page in pages.values():
        if page.path.endswith("404.html"):  # a reader who mistyped an address may read either language
            continue
        for element, url in links(page):
            target, _ = resolve(built_site, page, url)
            file = target_file(built_site, target) if target is not None else None
            if file is None or file.suffix != ".html":
                continue
            target_language = "ja" if target.startswith("ja/") else "en"
            if target_language == page.language:
                continue
            via_selector = element.name == "a" and "md-select__link" in (element.get("class") or [])
            via_hreflang = element.name == "link" and "alternate" in (element.get("rel") or []) \
                and element.get("hreflang") == target_language
            if not (via_selector or via_hreflang):
                crossing.append(f"{page.path or '/'} ({page.language}): <{element.name}> {url} leads to the "
                                f"{target_language} page /{target}; only {OTHER_LANGUAGE_ALLOWED} may")
    return crossing


def test_every_internal_link_and_fragment_resolves(built_site, pages):
    broken = find_broken(built_site, pages)
    assert len(pages) >= 10 and broken == [], "\n".join(broken)


def test_pages_link_to_the_other_language_only_through_the_selector_and_hreflang(built_site, pages):
    crossing = find_crossings(built_site, pages)
    assert crossing == [], "\n".join(crossing)


def sitemap_alternates(built_site) -> dict:
    """{page URL: {hreflang: URL}} from sitemap.xml, where search engines read the language pairs."""
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_site / "sitemap.xml")
    return {url.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
                                                     for link in url.findall("x:link", ns)}
            for url in tree.getroot().findall("s:url", ns)}


# The pairs are in sitemap.xml, not in each page's head: Material's script fetches sitemap.xml beside every
# <link rel=alternate> of a page, which failed on every page (see alumni_stories/site/page_html.py).
def test_every_page_offers_its_counterpart_through_the_selector_and_hreflang(built_site, pages):
    missing = []
    alternates = sitemap_alternates(built_site)
    for page in pages.values():
        # 404 pages stand for no page; stand-alone pages (no site header: embed cards, redirect notices)
        # are not read as pages of the site.
        if page.path.endswith("404.html") or page.soup.select_one(".md-header") is None:
            continue
        other = "en" if page.language == "ja" else "ja"
        selector = page.soup.select_one(f'a.md-select__link[hreflang="{other}"]')
        alternate = alternates.get(SITE_URL + page.path, {}).get(other)
        if selector is None or alternate is None:
            missing.append(f"{page.path or '/'} has no {'selector link' if selector is None else 'hreflang'} "
                           f"to its {other} page")
    assert missing == []


def test_nothing_is_loaded_from_another_host(built_site, pages):
    foreign = []
    for page in pages.values():
        for element, url in links(page):
            if element.name in LOADED and element.get("rel") != ["alternate"] and element.get("rel") != ["canonical"]:
                host = urlsplit(urljoin(SITE_URL + page.path, url)).netloc
                if host and host != urlsplit(SITE_URL).netloc:
                    foreign.append(f"{page.path or '/'}: <{element.name}> loads {url}")
    assert foreign == [], "\n".join(foreign)


def test_sitemap_lists_only_pages_that_exist(built_site):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_site / "sitemap.xml")
    urls = [loc.text for loc in tree.iterfind(".//s:loc", namespaces)]
    urls += [link.get("href") for link in tree.iterfind(".//x:link", namespaces)]
    assert urls
    missing = [url for url in urls if target_file(built_site, url[len(SITE_URL):]) is None]
    assert missing == []


def test_the_checks_find_broken_links_missing_fragments_and_crossings(tmp_path):
    # The checks pass on the real site; prove on a tiny site that they can fail.
    site = tmp_path / "site"
    (site / "ja" / "x").mkdir(parents=True)
    (site / "index.html").write_text('<a href="missing/">1</a> <a href="ja/x/#here">2</a> <a href="ja/x/#gone">3</a>'
                                     '<a class="md-select__link" hreflang="ja" href="ja/">4</a>'
                                     '<link rel="alternate" hreflang="ja" href="ja/"><p id="top"></p><a href="#top">5</a>')
    (site / "ja" / "index.html").write_text('<a href="../">ja home to en home</a>')
    (site / "ja" / "x" / "index.html").write_text('<p id="here">ja</p>')
    pages = load_pages(site)
    broken = find_broken(site, pages)
    assert [line.split(" -> ")[0] for line in broken] == ["/: <a> missing/", "/: <a> ja/x/#gone"]
    crossing = find_crossings(site, pages)
    assert [line.split(" leads")[0] for line in crossing] == ["/ (en): <a> ja/x/#here", "/ (en): <a> ja/x/#gone",
                                                             "ja/ (ja): <a> ../"]
