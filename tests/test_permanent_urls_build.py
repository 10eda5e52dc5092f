"""Permanent addresses through real builds of a temporary copy of the content: a rename without alias stops the
build before site/ is touched; with the alias, old addresses redirect; a withdrawn story leaves every list."""
from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import copy_project, run_build, search_index_texts, serve
from test_permalinks import add_recorded_fictional, rename_story, withdraw_story

pytestmark = pytest.mark.slow
PREFIX = {"en": "", "ja": "ja/"}
WITHDRAWN = "fictional-withdrawn"


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_rename_without_alias_fails_naming_the_lost_addresses(tmp_path):
    project = copy_project(tmp_path / "project")
    site_dir = project / "site"
    site_dir.mkdir()
    (site_dir / "last-good-build.txt").write_text("kept", encoding="utf-8")
    add_recorded_fictional(project)
    rename_story(project, "fictional-alumna", "renamed-alumna")
    result = run_build(project)
    assert result.returncode != 0
    for lost in ("/stories/fictional-alumna/", "/ja/stories/fictional-alumna/", "/embed/fictional-alumna/",
                 "/ja/embed/fictional-alumna/"):
        assert f"[{lost}]" in result.stderr, lost
    assert "aliases: [fictional-alumna]" in result.stderr and "withdrawn: true" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in site_dir.iterdir()] == ["last-good-build.txt"], "site/ was not touched"


def test_missing_manifest_fails_a_strict_build_saying_how_to_record(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "url-manifest.yml").unlink()
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/url-manifest.yml: the file is missing" in result.stderr and "scripts/record-urls.sh" in result.stderr


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """Two fictional stories, recorded in the manifest as if published for a while; then one renamed with an
    alias and the other withdrawn (from Myanmar, between two real stories); built once, strict."""
    project = copy_project(tmp_path_factory.mktemp("changed") / "project")
    add_recorded_fictional(project, "fictional-alumna")
    add_recorded_fictional(project, WITHDRAWN, name="Fictional Withdrawn (test fixture)", country="myanmar",
                           period={"start": 2014, "end": 2015})
    rename_story(project, "fictional-alumna", "renamed-alumna", aliases=["fictional-alumna"])
    withdraw_story(project, WITHDRAWN)
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_alias_redirects_in_both_languages(changed_site, language):
    prefix = PREFIX[language]
    assert (changed_site / prefix / "stories/renamed-alumna/index.html").is_file()
    for kind in ("stories", "embed"):
        soup = soup_of(changed_site / prefix / kind / "fictional-alumna/index.html")
        assert soup.html["lang"] == language
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == "0; url=../renamed-alumna/"
        assert soup.find("link", rel="canonical")["href"] == \
            f"https://alumni-stories.example/{prefix}{kind}/renamed-alumna/"
        assert soup.find("a", href="../renamed-alumna/") is not None, "a link for readers without automatic redirects"
    title = soup_of(changed_site / prefix / "stories/fictional-alumna/index.html").h1.get_text()
    assert title == {"en": "This page has moved", "ja": "このページは移動しました"}[language]


@pytest.mark.browser
def test_browser_follows_the_old_address_to_the_new_one(changed_site, page):
    with serve(changed_site) as base:
        for prefix in ("", "ja/"):
            page.goto(f"{base}{prefix}stories/fictional-alumna/")
            page.wait_for_url(f"{base}{prefix}stories/renamed-alumna/")
            assert page.locator("h1.story-name").inner_text()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_withdrawn_story_serves_a_polite_notice(changed_site, language):
    prefix = PREFIX[language]
    for kind in ("stories", "embed"):
        soup = soup_of(changed_site / prefix / kind / f"{WITHDRAWN}/index.html")
        assert soup.html["lang"] == language
        assert soup.h1.get_text() == {"en": "This story is no longer published",
                                      "ja": "このストーリーは掲載を終了しました"}[language]
        index = soup.find("a", string={"en": "See all stories", "ja": "すべてのストーリーを見る"}[language])
        assert (changed_site / prefix / kind / WITHDRAWN / index["href"] / "index.html").resolve() == \
            (changed_site / prefix / "stories/index.html").resolve()
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        text = soup.get_text()
        assert "Fictional Withdrawn" not in text and "架空" not in text, "nothing about the person remains"


def test_withdrawn_story_is_in_no_list_index_or_feed(changed_site):
    slug = WITHDRAWN
    published = sorted(p.parent.name for p in (changed_site / "stories").glob("*/index.html")
                       if p.parent.name not in (slug, "fictional-alumna"))
    assert "renamed-alumna" in published and len(published) == 5
    for prefix in ("", "ja/"):
        for listing in ("index.html", "stories/index.html"):
            assert slug not in (changed_site / prefix / listing).read_text(encoding="utf-8"), prefix + listing
        parsed = feedparser.parse((changed_site / prefix / "feed.xml").read_bytes())
        assert parsed.bozo == 0 and len(parsed.entries) == len(published)
        assert not any(slug in entry.link for entry in parsed.entries)
        for neighbour in published:
            pager = soup_of(changed_site / prefix / "stories" / neighbour / "index.html").select_one(".story-pager")
            assert slug not in str(pager), f"{neighbour} links to the withdrawn story"
    data = json.loads((changed_site / "api/v1/stories.json").read_text(encoding="utf-8"))
    assert data["count"] == len(published) and slug not in json.dumps(data)
    myanmar = json.loads((changed_site / "api/v1/countries/myanmar.json").read_text(encoding="utf-8"))
    assert slug not in json.dumps(myanmar) and myanmar["count"] == len(myanmar["stories"])
    fragments = search_index_texts(changed_site)
    assert fragments and not any(f"stories/{slug}" in fragment for fragment in fragments)
    assert f"stories/{slug}" not in (changed_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not list((changed_site / "assets/share").glob(f"{slug}.*")), "no share image of the person"
    assert "/stories/fictional-alumna/" not in (changed_site / "sitemap.xml").read_text(encoding="utf-8")
