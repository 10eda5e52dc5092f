"""The site, built with --strict, inspected page by page; and a broken build that leaves site/ alone.

Properties of every real page are checked on the real content, read through the core at run time; a given
story's page, its neighbours and the order are checked on the fictional content set (tests/fictional_site.py).
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE_URL, fictional, run_build, story_text, tree_digest
from fictional_site import SLUGS as FICTIONAL_ORDER

from alumni_stories.site.views import load_site

pytestmark = pytest.mark.slow


def page(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def real():
    """The real content, as the core reads it at run time: tests of every real page name nobody."""
    return load_site(ROOT)


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_every_story_has_a_page_in_both_languages(built_site, real, prefix):
    assert real.stories
    for story in real.stories:
        assert (built_site / f"{prefix}stories/{story.slug}/index.html").is_file()


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_index_lists_stories_in_chronological_order(fictional_built_site, prefix):
    soup = page(fictional_built_site, f"{prefix}stories/index.html")
    links = [a["href"] for a in soup.select(".story-list .story-card__name a")]
    assert [re.search(r"([a-z-]+)/$", href).group(1) for href in links] == FICTIONAL_ORDER


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_real_index_lists_every_story_once_by_period(built_site, real, prefix):
    soup = page(built_site, f"{prefix}stories/index.html")
    slugs = [re.search(r"([a-z0-9-]+)/$", a["href"]).group(1) for a in soup.select(".story-list .story-card__name a")]
    assert sorted(slugs) == sorted(s.slug for s in real.stories)
    starts = [real.story(slug).period.start.sort_key() for slug in slugs]
    assert starts == sorted(starts), "the real index is in order of the attachment period"


def test_index_cards_show_name_line_and_quote(fictional_built_site):
    card = page(fictional_built_site, "stories/index.html").select(".story-card")[0]
    assert "Ms. Keomanivong Sisouphan (fictional)" in card.get_text()
    assert card.select_one(".story-line").get_text() == "Lao PDR · Junior Diplomats, 8th batch · 2006–2007"
    assert "changed her career" in card.select_one(".story-card__quote").get_text()
    ja_card = page(fictional_built_site, "ja/stories/index.html").select(".story-card")[0]
    # The separator is not "・", which the Japanese track names themselves contain (経済・社会文化コース).
    assert ja_card.select_one(".story-line").get_text() == "ラオス／若手外交官コース第8期／2006年〜2007年"


def test_english_story_page(fictional_built_site):
    soup = page(fictional_built_site, "stories/keomanivong-sisouphan/index.html")
    assert soup.html["lang"] == "en"
    assert soup.select_one("h1.story-name").get_text() == "Ms. Keomanivong Sisouphan (fictional)"
    # The header gives the latest sourced role with its date; the facts beside the text give the whole history.
    role = soup.select_one("p.story-role").get_text(" ", strip=True)
    assert "Fictional Director-General of Examples" in role and "1 March 2022" in role
    facts = soup.select_one(".story-facts").get_text(" ", strip=True)
    assert "Fictional Ambassador of the Lao PDR to the Kingdom of Examples" in facts and "15 January 2020" in facts
    assert soup.select_one(".story-placeholder").get_text(strip=True) == "KS"
    # No photograph: no caption or credit for it (the story file keeps them for when it arrives).
    assert not soup.select(".story-portrait figcaption, .story-credit")
    assert soup.select_one(".story-pager a[rel=next]")["href"] == "../bopharith-kalliyan/"
    assert soup.select_one(".story-pager a[rel=prev]") is None


def test_japanese_story_page(fictional_built_site):
    soup = page(fictional_built_site, "ja/stories/nguyet-thanhlam/index.html")
    assert soup.html["lang"] == "ja"
    assert soup.select_one(".story-line").get_text() == "ベトナム／若手外交官コース第13期／2014年〜2015年"
    assert "2020年1月15日時点" in soup.select_one(".story-role").get_text()
    assert soup.select_one(".story-pager__label").get_text() == "前のストーリー"
    assert soup.select_one(".story-pager a[rel=prev]")["href"] == "../bopharith-kalliyan/"
    byline = soup.select_one(".story-byline").get_text()
    assert "このサイトが構成し直したもの" in byline and "日本語の文章はこのサイトによるもの" in byline


def test_real_story_pages_have_their_language_and_byline(built_site, real):
    for story in real.stories:
        for prefix, language in (("", "en"), ("ja/", "ja")):
            soup = page(built_site, f"{prefix}stories/{story.slug}/index.html")
            assert soup.html["lang"] == language
            assert soup.select_one("h1.story-name").get_text() == real.story_view(story, language)["display_name"]
            assert soup.select_one(".story-byline").get_text(strip=True)


def test_language_selector_links_the_counterpart(built_site, real):
    for slug in (s.slug for s in real.stories):
        en = page(built_site, f"stories/{slug}/index.html")
        ja = page(built_site, f"ja/stories/{slug}/index.html")
        assert en.select_one('a.md-select__link[hreflang="ja"]')["href"] == f"../../ja/stories/{slug}/"
        assert ja.select_one('a.md-select__link[hreflang="en"]')["href"] == f"../../../stories/{slug}/"
        # Not in the head: Material's script fetches sitemap.xml beside every link[rel=alternate] (a 404 per
        # page); the sitemap gives search engines the same pairs (test_sitemap_lists_hreflang_alternates).
        assert not en.select('link[rel="alternate"][hreflang]') and not ja.select('link[rel="alternate"][hreflang]')


def test_sitemap_lists_hreflang_alternates(built_site, real):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for story in real.stories:
        assert f"{SITE_URL}ja/stories/{story.slug}/" in sitemap
        assert f'hreflang="ja" href="{SITE_URL}ja/stories/{story.slug}/"' in sitemap


def test_stories_stay_out_of_the_navigation(built_site, real):
    nav = page(built_site, "guide/index.html").select_one("nav.md-nav--primary")
    assert nav is not None and not [s.slug for s in real.stories if s.slug in str(nav)]


def test_japanese_ui_text_on_japanese_pages(built_site):
    soup = page(built_site, "ja/index.html")
    assert soup.html["lang"] == "ja"
    assert "派遣時期順のストーリー" in soup.get_text()
    assert "Stories in order of attachment" not in soup.get_text()


def test_story_text_is_escaped(project, tmp_path):
    hostile = fictional(name="Fictional <script>alert(1)</script>", pull_quote="<img src=x onerror=alert(1)>")
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(hostile), encoding="utf-8")
    result = run_build(project, tmp_path / "site", False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "stories" / "fictional-alumna" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_missing_translation_shows_english_with_notice_and_is_reported(project, tmp_path):
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional()), encoding="utf-8")
    result = run_build(project, tmp_path / "site", True)  # published before its translation: strict builds pass
    assert result.returncode == 0, result.stderr
    assert "Published before translation (1): stories/fictional-alumna.ja.md" in result.stderr
    soup = page(tmp_path / "site", "ja/stories/fictional-alumna/index.html")
    assert soup.html["lang"] == "ja"
    assert soup.select_one("article.story")["lang"] == "en"
    assert "まだ日本語に翻訳されていません" in soup.select_one(".story-untranslated").get_text()
    assert "Fictional Alumna (test fixture)" in soup.select_one("h1").get_text()




def test_broken_story_fails_and_leaves_previous_site_unchanged(project):
    first = run_build(project)
    assert first.returncode == 0, first.stderr
    before = tree_digest(project / "site")
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional(batch="two")), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "stories/fictional-alumna.en.md:" in result.stderr and "[batch]" in result.stderr
    assert "whole number" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
