"""The real site, built with --strict, inspected page by page; and a broken build that leaves site/ alone."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import SITE_URL, fictional, run_build, story_text, tree_digest

ORDER = ["ekkaphab-phanthavong", "hoang-quoc-trung", "chhy-ratha", "htet-htet-htoo"]
pytestmark = pytest.mark.slow


def page(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_every_story_has_a_page_in_both_languages(built_site, prefix):
    for slug in ORDER:
        assert (built_site / f"{prefix}stories/{slug}/index.html").is_file()


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_index_lists_stories_in_chronological_order(built_site, prefix):
    soup = page(built_site, f"{prefix}stories/index.html")
    links = [a["href"] for a in soup.select(".story-list .story-card__name a")]
    assert [re.search(r"([a-z-]+)/$", href).group(1) for href in links] == ORDER


def test_index_cards_show_name_line_and_quote(built_site):
    card = page(built_site, "stories/index.html").select(".story-card")[0]
    assert "Ambassador Ekkaphab Phanthavong" in card.get_text()
    assert card.select_one(".story-line").get_text() == "Lao PDR · Junior Diplomats, 8th batch · 2006–2007"
    assert "turning point" in card.select_one(".story-card__quote").get_text()
    ja_card = page(built_site, "ja/stories/index.html").select(".story-card")[0]
    # The separator is not "・", which the Japanese track names themselves contain (経済・社会文化コース).
    assert ja_card.select_one(".story-line").get_text() == "ラオス／若手外交官コース第8期／2006年〜2007年"


def test_english_story_page(built_site):
    soup = page(built_site, "stories/ekkaphab-phanthavong/index.html")
    assert soup.html["lang"] == "en"
    assert soup.select_one("h1.story-name").get_text() == "Ambassador Ekkaphab Phanthavong"
    # The header gives the latest sourced role with its date; the facts beside the text give the whole history.
    role = soup.select_one("p.story-role").get_text(" ", strip=True)
    assert "Deputy Secretary-General of ASEAN" in role and "12 October 2021" in role
    facts = soup.select_one(".story-facts").get_text(" ", strip=True)
    assert "Permanent Representative of the Lao PDR to ASEAN" in facts and "29 September 2019" in facts
    assert soup.select_one(".story-placeholder").get_text(strip=True) == "EP"
    # No photograph: no caption or credit for it (the story file keeps them for when it arrives).
    assert not soup.select(".story-portrait figcaption, .story-credit")
    assert soup.select_one(".story-pager a[rel=next]")["href"] == "../hoang-quoc-trung/"
    assert soup.select_one(".story-pager a[rel=prev]") is None


def test_japanese_story_page(built_site):
    soup = page(built_site, "ja/stories/hoang-quoc-trung/index.html")
    assert soup.html["lang"] == "ja"
    assert soup.select_one(".story-line").get_text() == "ベトナム／若手外交官コース第13期／2014年〜2015年"
    assert "2019年9月29日時点" in soup.select_one(".story-role").get_text()
    assert soup.select_one(".story-pager__label").get_text() == "前のストーリー"
    assert soup.select_one(".story-pager a[rel=prev]")["href"] == "../ekkaphab-phanthavong/"
    byline = soup.select_one(".story-byline").get_text()
    assert "このサイトが構成し直したもの" in byline and "日本語の文章はこのサイトによるもの" in byline


@pytest.mark.parametrize("slug", ORDER)
def test_language_selector_links_the_counterpart(built_site, slug):
    en = page(built_site, f"stories/{slug}/index.html")
    ja = page(built_site, f"ja/stories/{slug}/index.html")
    assert en.select_one('a.md-select__link[hreflang="ja"]')["href"] == f"../../ja/stories/{slug}/"
    assert ja.select_one('a.md-select__link[hreflang="en"]')["href"] == f"../../../stories/{slug}/"
    # Not in the head: Material's script fetches sitemap.xml beside every link[rel=alternate] (a 404 per
    # page); the sitemap gives search engines the same pairs (test_sitemap_lists_hreflang_alternates).
    assert not en.select('link[rel="alternate"][hreflang]') and not ja.select('link[rel="alternate"][hreflang]')


def test_sitemap_lists_hreflang_alternates(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}ja/stories/chhy-ratha/" in sitemap
    assert f'hreflang="ja" href="{SITE_URL}ja/stories/chhy-ratha/"' in sitemap


def test_stories_stay_out_of_the_navigation(built_site):
    nav = page(built_site, "guide/index.html").select_one("nav.md-nav--primary")
    assert nav is not None and "ekkaphab" not in str(nav)


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
    story = project / "stories" / "chhy-ratha.en.md"
    story.write_text(story.read_text(encoding="utf-8").replace("batch: 2", "batch: two"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "stories/chhy-ratha.en.md:" in result.stderr and "[batch]" in result.stderr
    assert "whole number" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
