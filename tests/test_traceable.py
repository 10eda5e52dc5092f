"""Every statement traceable: each story page links its sources, and no feed entry, link preview or JSON-LD
block states a role without its date. Checked on the real built site, in both languages."""
from __future__ import annotations

import json
import re

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import SITE_URL, ROOT

from alumni_stories.site.views import load_site

pytestmark = pytest.mark.slow
PREFIX = {"en": "", "ja": "ja/"}


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def soup_of(built_site, path) -> BeautifulSoup:
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def test_every_source_has_a_title_publisher_and_either_an_address_or_an_honest_gap():
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    assert sources["jaif-2019"]["title"]["en"] == "ASEAN Deepens Integration Through the Attachment Programme"
    assert sources["jaif-2019"]["url"].startswith("https://jaif.asean.org/beneficiaries_voice/")
    assert sources["jaif-2019-ja"]["url"].startswith("https://jaif.asean.org/jp/beneficiaries_voice/")
    for key, source in sources.items():
        assert source["publisher"]["en"] and source["publisher"]["ja"], key
        # No address is made up: a source whose address nobody recorded says so (url: null), and may point
        # to a copy another site republished, which readers are told is a copy.
        assert source["url"] is None or source["url"].startswith("https://"), key
        assert "copy" not in source or (source["url"] is None and source["copy"]["url"].startswith("https://")), key


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_programme_page_links_each_source_or_its_copy(built_site, site, language):
    """Three honest states: the publisher's own page; a copy elsewhere, called a copy; no address, so no link
    (a citation without a link, as in print: readers are not shown an editor's to-do note)."""
    items = soup_of(built_site, f"{PREFIX[language]}programme/index.html").select(".programme-sources li")
    strings = site.strings(language)
    cited = {li["id"].removeprefix("source-"): li for li in items}
    assert cited
    states = set()
    for key, li in cited.items():
        source = site.catalog.sources[key]
        link = li.a["href"] if li.a else None
        if source.url:
            assert link == source.url, key
            states.add("own")
        elif source.copy_url:
            assert link == source.copy_url and source.copy_site in li.get_text(), key
            assert strings("source_line_copy", line="", site=source.copy_site).strip() in li.get_text(), key
            states.add("copy")
        else:
            assert link is None and site.source_view(key, language)["line"] in li.get_text(), key
            states.add("none")
    assert "own" in states


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_story_page_links_its_sources_and_says_what_this_site_did(built_site, site, language):
    assert site.stories
    for story in site.stories:
        soup = soup_of(built_site, f"{PREFIX[language]}stories/{story.slug}/index.html")
        section = soup.select_one("section.story-sources")
        assert section is not None, story.slug
        links = {a["href"] for a in section.select("a[href]")}
        assert story.sources, f"{story.slug} cites no source"
        for key in story.sources:
            source = site.catalog.sources[key]
            assert source.url in links, (story.slug, language, key)
            item = next(li for li in section.select("li") if li.a and li.a["href"] == source.url)
            text = item.get_text()
            assert source.title[language] in text and source.publisher[language] in text
            assert ("2019" in text and "29" in text), (story.slug, text)  # the article's date
        byline = section.select_one(".story-byline").get_text()
        first = site.catalog.sources[story.sources[0]]
        assert first.title[language] in byline
        if language == "en":
            assert "Adapted by this site" in byline and "Published" not in byline
        else:
            assert "このサイトが構成し直した" in byline and "日本語の文章はこのサイトによるもの" in byline


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_story_page_shows_each_role_with_its_date_and_source(built_site, site, language):
    for story in site.stories:
        soup = soup_of(built_site, f"{PREFIX[language]}stories/{story.slug}/index.html")
        shown = soup.select(".story-facts .story-role")
        assert len(shown) == len(story.roles) >= 1
        for role, element in zip(story.roles, shown):
            assert (role.title.get(language) or role.title["en"]) in element.get_text()
            assert element.select_one("time")["datetime"] == role.as_of.isoformat()
            assert site.catalog.sources[role.source].publisher[language] in element.get_text()
    # A later sourced role is shown after the role at the time of the article, with its own date and source.
    later = [s for s in site.stories if len(s.roles) > 1]
    assert later, "the data records at least one later role (Medcom.id, 12 October 2021)"


def _strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _undated_roles(text: str, story, site, language: str) -> list[str]:
    """Role titles left in `text` once every dated statement of a role ("title (as of date)") is removed."""
    for role in story.roles:
        text = text.replace(site.role_view(role, language)["dated"], "")
    titles = {t for role in story.roles for t in role.title.values()}
    return [title for title in titles if title in text]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_feed_entry_preview_or_json_ld_states_a_role_without_its_date(built_site, site, language):
    feed = feedparser.parse((built_site / PREFIX[language] / "feed.xml").read_bytes())
    by_link = {entry.link: entry for entry in feed.entries}
    checked = 0
    for story in site.stories:
        url = f"{SITE_URL}{PREFIX[language]}stories/{story.slug}/"
        entry = by_link[url]
        assert _undated_roles(entry.summary, story, site, language) == [], (story.slug, entry.summary)
        soup = soup_of(built_site, f"{PREFIX[language]}stories/{story.slug}/index.html")
        previews = [tag["content"] for tag in soup.select("head meta[content]")]
        for script in soup.find_all("script", type="application/ld+json"):
            previews += list(_strings(json.loads(script.string)))
        for text in previews + [entry.summary]:
            assert _undated_roles(text, story, site, language) == [], (story.slug, text)
        # The summaries do name the latest role, dated: the check above is not vacuous.
        latest = site.role_view(story.roles[-1], language)
        assert latest["dated"] in entry.summary and re.search(r"\d{4}", latest["as_of"])
        checked += 1
    assert checked == len(site.stories)


def test_json_ld_gives_no_bare_job_title(built_site, site):
    for story in site.stories:
        for prefix in PREFIX.values():
            soup = soup_of(built_site, f"{prefix}stories/{story.slug}/index.html")
            (script,) = soup.find_all("script", type="application/ld+json")
            assert "jobTitle" not in json.loads(script.string)["about"]
