"""What partners get from the real built site: feeds, JSON, link previews, embeddable cards, 404 pages, print."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE_URL, real_story_slugs
from PIL import Image

from alumni_stories.site.views import load_site
from alumni_stories.outputs.index import story_index

pytestmark = pytest.mark.slow
SLUGS = real_story_slugs()  # the real stories, in the site's order, as the catalog finds them
PREFIX = {"en": "", "ja": "ja/"}


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def soup_of(built_site, path) -> BeautifulSoup:
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def meta(soup, name) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


# --- Feeds -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ja"])
def test_feed_is_atom_in_one_language_newest_first(built_site, site, language):
    parsed = feedparser.parse((built_site / PREFIX[language] / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == language
    assert parsed.feed.id == f"{SITE_URL}{PREFIX[language]}feed.xml"
    entries = parsed.entries
    assert sorted(e.link for e in entries) == sorted(f"{SITE_URL}{PREFIX[language]}stories/{s}/" for s in SLUGS)
    dates = [dt.date(*e.published_parsed[:3]) for e in entries]
    assert dates == sorted(dates, reverse=True), "newest publication first"
    for entry in entries:
        story = site.story(entry.link.rstrip("/").rsplit("/", 1)[1])
        assert dt.date(*entry.published_parsed[:3]) == story.published
        # updated: the day the story was last reviewed, or published if later (issue 26)
        assert dt.date(*entry.updated_parsed[:3]) == max(story.published, story.reviewed)
        assert entry.summary_detail.language == language
        assert story.text(language).name in entry.title
        assert story.text(language).pull_quote in entry.summary
        assert entry.author == story.text(language).author
    other = "ja" if language == "en" else "en"
    text = (built_site / PREFIX[language] / "feed.xml").read_text(encoding="utf-8")
    assert not any(site.story(slug).text(other).pull_quote in text for slug in SLUGS), "no entry in the other language"


def test_pages_announce_their_languages_feed(built_site):
    for language in ("en", "ja"):
        link = soup_of(built_site, f"{PREFIX[language]}index.html").find("link", type="application/atom+xml")
        # Material's script fetches sitemap.xml beside every link[rel=alternate] (an exact match on the
        # attribute): an absolute href sent the reader's browser to the public host, a relative one made
        # every story page download the whole sitemap. "alternate feed" keeps the alternate token that feed
        # readers look for, and Material's selector passes it by.
        assert link["rel"] == ["alternate", "feed"]
        assert link["href"] == "feed.xml"
        assert (built_site / PREFIX[language] / link["href"]).is_file()


# --- JSON ------------------------------------------------------------------------------------------------

def test_stories_json_lists_every_story_with_both_languages_urls(built_site, site, tmp_path):
    data = json.loads((built_site / "api/v1/stories.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["count"] == len(SLUGS) > 0
    assert [s["slug"] for s in data["stories"]] == SLUGS
    for entry in data["stories"]:
        assert entry["languages"]["en"]["url"] == f"{SITE_URL}stories/{entry['slug']}/"
        assert entry["languages"]["ja"]["url"] == f"{SITE_URL}ja/stories/{entry['slug']}/"
    assert data == story_index(site, SITE_URL)
    out = tmp_path / "index.json"
    subprocess.run([sys.executable, str(ROOT / "scripts/build_index.py"), str(out), "--base-url", SITE_URL], check=True)
    assert json.loads(out.read_text(encoding="utf-8")) == data, "the same data scripts/build_index.py writes"


def test_one_json_file_per_country(built_site, site):
    everything = json.loads((built_site / "api/v1/stories.json").read_text(encoding="utf-8"))["stories"]
    for key, country in site.catalog.countries.items():
        data = json.loads((built_site / f"api/v1/countries/{country.slug}.json").read_text(encoding="utf-8"))
        assert data["country"]["key"] == key and data["country"]["name"] == country.name
        assert data["stories"] == [s for s in everything if s["country"]["key"] == key]
        assert data["count"] == len(data["stories"])
    country = site.stories[0].country  # a country with a story
    data = json.loads((built_site / f"api/v1/countries/{site.catalog.countries[country].slug}.json").read_text("utf-8"))
    assert [s["slug"] for s in data["stories"]] == [s.slug for s in site.stories if s.country == country] != []


def test_partner_guide_documents_the_json_format(built_site):
    for language in ("en", "ja"):
        text = soup_of(built_site, f"{PREFIX[language]}partners/index.html").get_text()
        for field in ("version", "slug", "languages", "pull_quote", "/api/v1/stories.json", "/feed.xml", "embed"):
            assert field in text, (language, field)


# --- Link previews ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language,locale,alternate", [("en", "en_US", "ja_JP"), ("ja", "ja_JP", "en_US")])
@pytest.mark.parametrize("slug", SLUGS)
def test_story_page_link_preview_and_json_ld(built_site, site, slug, language, locale, alternate):
    soup = soup_of(built_site, f"{PREFIX[language]}stories/{slug}/index.html")
    story = site.story(slug)
    assert story.text(language).name in meta(soup, "og:title")
    assert meta(soup, "og:url") == f"{SITE_URL}{PREFIX[language]}stories/{slug}/"
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:locale") == locale and meta(soup, "og:locale:alternate") == alternate
    image = meta(soup, "og:image")
    assert image.startswith(f"{SITE_URL}assets/share/{slug}.{language}.") and image.endswith(".png")
    with Image.open(built_site / image[len(SITE_URL):]) as picture:
        assert picture.size == (1200, 630)
    assert meta(soup, "twitter:card") == "summary_large_image" and meta(soup, "twitter:image") == image
    [script] = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "Article" and data["url"] == meta(soup, "og:url") and data["image"] == image
    assert data["datePublished"] == story.published.isoformat()
    assert data["about"]["@type"] == "Person" and data["about"]["name"] == story.text(language).name
    assert "jobTitle" not in data["about"]  # a bare jobTitle reads as the role today; roles go with their date
    assert story.text(language).role_title in data["about"]["description"]


def test_every_page_has_a_link_preview_with_an_image(built_site):
    pages = [p for p in built_site.rglob("index.html")
             if not any(part in ("embed", "assets", "admin") for part in p.relative_to(built_site).parts)]
    assert len(pages) >= 16
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        url = meta(soup, "og:url")
        expected = SITE_URL + path.relative_to(built_site).parent.as_posix().removeprefix(".") + "/"
        assert url == (expected[:-1] if expected.endswith("//") else expected), path
        assert meta(soup, "og:locale") == ("ja_JP" if soup.html["lang"] == "ja" else "en_US"), path
        assert meta(soup, "og:title") and meta(soup, "og:description"), path
        assert (built_site / meta(soup, "og:image")[len(SITE_URL):]).is_file(), path


def test_story_text_cannot_escape_previews_json_ld_or_the_embed_card(project, tmp_path):
    from conftest import fictional, run_build, story_text
    hostile = fictional(name='Fictional "><script>alert(1)</script>',
                        pull_quote="Fictional </script><script>alert(2)</script> quote")
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(hostile), encoding="utf-8")
    result = run_build(project, tmp_path / "site", False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/stories/fictional-alumna/index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert meta(soup, "og:title") == 'Ms. Fictional "><script>alert(1)</script>'
    [script] = soup.find_all("script", type="application/ld+json")
    assert "</script><script>alert(2)</script>" in json.loads(script.string)["description"]
    for embed in ("embed/fictional-alumna/index.html", "ja/embed/fictional-alumna/index.html"):
        card = (tmp_path / "site" / embed).read_text(encoding="utf-8")
        assert "<script" not in card and "&lt;script&gt;alert(2)" in card
    # The embed code is on the partners page (issue 24), escaped there as text in its <textarea>.
    partners = (tmp_path / "site/partners/index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in partners
    [snippet] = [box.select_one("textarea").get_text()
                 for box in BeautifulSoup(partners, "html.parser").select(".partners-embeds .partners-embed")
                 if "embed/fictional-alumna/" in box.select_one("textarea").get_text()]
    assert BeautifulSoup(snippet, "html.parser").iframe["title"] == 'Alumni story: Ms. Fictional "><script>alert(1)</script>'


# --- Embeddable cards ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("slug", SLUGS)
def test_embed_card_for_every_story(built_site, site, slug, language):
    path = built_site / PREFIX[language] / "embed" / slug / "index.html"
    html = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    view = site.story_view(site.story(slug), language)
    assert soup.html["lang"] == language
    # The card's Japanese is cut into phrases (<wbr>, <span class="ja-phrase">, as the pages'): each part is
    # looked for in the text read without separators.
    text = BeautifulSoup(html.replace("<wbr>", ""), "html.parser").get_text("")
    for part in (view["display_name"], view["country"], view["batch"], view["pull_quote"]):
        assert part in text, part
    assert soup.select_one(".placeholder, img.portrait") is not None
    link = soup.select_one("a.read")
    assert link["target"] == "_top", "the story opens in the partner's window, not in the frame"
    story_page = built_site / PREFIX[language] / "stories" / slug / "index.html"
    assert (path.parent / link["href"] / "index.html").resolve() == story_page.resolve()
    assert "assets/javascripts" not in html and "md-header" not in html and 'rel="stylesheet"' not in html


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_partners_page_offers_every_embed_snippet_and_a_story_page_none(built_site, language):
    """Readers are not shown iframe code under every story (issue 24): the story offers a Share control, the
    partners page every story's embed code."""
    story = soup_of(built_site, f"{PREFIX[language]}stories/{SLUGS[0]}/index.html")
    assert not story.select("details.partners-embed, textarea") and "&lt;iframe" not in str(story)
    assert story.select_one("[data-share]")["data-share-url"] == f"{SITE_URL}{PREFIX[language]}stories/{SLUGS[0]}/"
    partners = soup_of(built_site, f"{PREFIX[language]}partners/index.html")
    boxes = partners.select(".partners-embeds details.partners-embed")
    assert len(boxes) == len(SLUGS)
    snippets = [BeautifulSoup(box.select_one("textarea").get_text(), "html.parser").iframe for box in boxes]
    assert [s["src"] for s in snippets] == [f"{SITE_URL}{PREFIX[language]}embed/{slug}/" for slug in SLUGS]
    assert all(s["title"] and s["width"] and s["height"] for s in snippets)


# --- 404 and print ---------------------------------------------------------------------------------------

def test_not_found_page_in_each_language(built_site):
    en, ja = soup_of(built_site, "404.html"), soup_of(built_site, "ja/404.html")
    assert en.html["lang"] == "en" and en.h1.get_text() == "Page not found"
    assert ja.html["lang"] == "ja" and ja.h1.get_text() == "ページが見つかりません"
    assert ja.select_one("a.md-button--primary")["href"] == "/ja/"
    assert ja.find("link", rel="stylesheet")["href"].startswith("/"), "assets load from any depth"
    switch = [a["href"] for a in ja.select("a.md-select__link")] + [a["href"] for a in en.select("a.md-select__link")]
    assert switch == ["/", "/ja/"], "the language switch leads to the other language's home page"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ja"])
def test_story_prints_without_site_chrome_but_with_credit_and_address(served_site, page, language):
    page.goto(f"{served_site}{PREFIX[language]}stories/{SLUGS[0]}/")
    assert page.locator(".partners-print-address").is_hidden(), "shown only on paper"
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-search", ".md-footer", ".md-sidebar--primary", ".story-pager",
                   ".story-share"):
        assert page.locator(chrome).first.is_hidden(), chrome
    if page.locator(".story-portrait img").count():
        assert page.locator(".story-portrait .story-credit").is_visible()
    else:  # no photograph yet: no credit for it either
        assert page.locator(".story-credit").count() == 0
    address = page.locator(".partners-print-address")
    assert address.is_visible()
    assert f"{SITE_URL}{PREFIX[language]}stories/{SLUGS[0]}/" in address.inner_text()
    assert re.search(r"\S", page.locator("article.story .story-body").inner_text())
