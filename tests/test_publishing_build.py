"""Publishing end to end, on the fictional content set (tests/fictional_site.py) with more fictional alumni
added the way editors add them:

- one profile made by the new-profile command with every text given (--publish): the next production
  build shows it in both languages, in its chronological place, with no file edited by hand;
- one made by the command as a draft, one dated in the future (embargoed) with a portrait, and one
  published with a portrait: drafts and embargoed stories are absent from the production build, its
  sitemap, search index and JSON index, and present, marked, in `mkdocs serve`;
- portraits become sized WebP and JPEG files, printed with width, height and lazy loading.

The production site is built once and `mkdocs serve` started once for the whole module.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from posixpath import normpath
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import fictional, run_build, story_text, search_index_texts
from fictional_site import SLUGS as BASE, fictional_project
from PIL import Image
from publishing_fixtures import BUILD_INDEX, draw_portrait, new_story, run_script

pytestmark = pytest.mark.slow

PUBLISHED = "fictional-anh-nguyen-test-fixture"
DRAFT = "fictional-draft-person-test-fixture"
EMBARGOED = "fictional-embargoed"
PICTURED = "fictional-pictured"
# The base set's first two attachments (2006, 2007) come before the added ones (2010-2014); the embargoed story
# (2015-2016, AEC and ASCC 2nd batch) ties with the base set's fifth on period and batch and comes first by name.
PRODUCTION_ORDER = [*BASE[:2], PUBLISHED, PICTURED, *BASE[2:]]
PREVIEW_ORDER = [*BASE[:2], PUBLISHED, DRAFT, PICTURED, *BASE[2:4], EMBARGOED, *BASE[4:]]
PORTRAIT = {"file": "portrait.jpg", "alt": "A drawn, fictional person (test fixture)", "caption": "Fictional caption",
            "credit": "Test suite (fictional)"}
JA_PORTRAIT = {"alt": "架空の人物の絵（テスト用）", "caption": "架空のキャプション", "credit": "テスト（架空）"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("publishing")
    project = fictional_project(base / "project")
    (base / "body.en.md").write_text("A fictional story, made for tests.\n\n## A fictional heading\n\nMore.\n",
                                     encoding="utf-8")
    (base / "body.ja.md").write_text("テスト用の架空のストーリーです。\n", encoding="utf-8")
    made = new_story(project, "--name", "Fictional Ánh Nguyễn (test fixture)", "--country", "Viet Nam",
                     "--track", "mfa", "--batch", "10", "--period", "2010-2011", "--honorific", "Ms.",
                     "--ja-name", "フィクション・アイン・グエン（テスト用）", "--ja-honorific", "氏",
                     "--role", "Fictional Director of Examples", "--ja-role", "架空の例示局長",
                     "--role-as-of", "2020-01-01", "--quote", "This quote is fictional.",
                     "--ja-quote", "この言葉は架空です。", "--author", "Test suite (fictional)",
                     "--ja-author", "テストスイート（架空）", "--body-file", base / "body.en.md",
                     "--ja-body-file", base / "body.ja.md", "--consent", "2019-12-01", "--publish", "--no-input")
    assert made.returncode == 0, made.stderr
    made = new_story(project, "--name", "Fictional Draft Person (test fixture)", "--country", "lao-pdr",
                     "--track", "mfa", "--batch", "11", "--period", "2012-2013", "--no-input")
    assert made.returncode == 0, made.stderr
    stories = project / "stories"
    for slug, changes in {
        PICTURED: {"period": {"start": 2013, "end": 2014}, "track": "mfa", "batch": 12},
        EMBARGOED: {"period": {"start": 2015, "end": 2016}, "track": "esc", "batch": 2, "published": "2099-01-01"},
    }.items():
        en = fictional(slug=slug, name=f"Fictional {slug.split('-')[1].title()} (test fixture)",
                       portrait=PORTRAIT, **changes)
        (stories / f"{slug}.en.md").write_text(story_text(en), encoding="utf-8")
        ja = fictional("ja", name=f"架空の{slug.split('-')[1]}（テスト用）", portrait=JA_PORTRAIT)
        (stories / f"{slug}.ja.md").write_text(story_text(ja, "架空の本文。\n"), encoding="utf-8")
        draw_portrait(stories / "media" / slug / "portrait.jpg", size=(900, 1200))
    return project


@pytest.fixture(scope="module")
def production(project):
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def preview(project):
    """`mkdocs serve` on a free local port; yields a function fetching a path (status, text)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"

    def fetch(path: str):
        try:
            with urllib.request.urlopen(urljoin(base, path), timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, f"mkdocs serve stopped: {server.stderr.read()}"
            try:
                if fetch("ja/stories/")[0] == 200:  # the Japanese pass is built last
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert time.monotonic() < deadline, "mkdocs serve did not answer within 180 s"
            time.sleep(0.5)
        yield fetch
    finally:
        os.killpg(server.pid, signal.SIGINT)  # lets serve remove its temporary site
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def soup_of(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def listed(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [re.search(r"([a-z0-9-]+)/$", a["href"]).group(1) for a in soup.select(".story-list .story-card__name a")]


# --- the new-profile command, then the production build -------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_new_profile_is_published_in_its_chronological_place(production, prefix):
    assert listed((production / prefix / "stories/index.html").read_text(encoding="utf-8")) == PRODUCTION_ORDER


def test_new_profile_pages_in_both_languages(production):
    en = soup_of(production, f"stories/{PUBLISHED}/index.html")
    assert en.select_one("h1.story-name").get_text() == "Ms. Fictional Ánh Nguyễn (test fixture)"
    assert en.select_one(".story-line").get_text() == "Viet Nam · Junior Diplomats, 10th batch · 2010–2011"
    assert "A fictional heading" in en.select_one(".story-body").get_text()
    assert en.select_one(".story-unpublished") is None
    ja = soup_of(production, f"ja/stories/{PUBLISHED}/index.html")
    assert ja.select_one("h1.story-name").get_text() == "フィクション・アイン・グエン（テスト用）氏"
    assert ja.select_one("article.story").get("lang") is None  # translated, not the English fallback
    assert "テスト用の架空のストーリーです。" in ja.select_one(".story-body").get_text()
    assert ja.select_one(".story-pager a[rel=prev]")["href"] == f"../{BASE[1]}/"


# --- drafts and embargoes: absent from production, present and marked in the preview ---------------------

@pytest.mark.parametrize("slug", [DRAFT, EMBARGOED])
def test_unpublished_stories_are_absent_from_production(production, project, slug):
    for prefix in ("", "ja/"):
        assert not (production / prefix / "stories" / slug).exists()
        assert slug not in (production / prefix / "stories/index.html").read_text(encoding="utf-8")
        assert slug not in (production / prefix / "index.html").read_text(encoding="utf-8")
    assert slug not in (production / "sitemap.xml").read_text(encoding="utf-8")
    fragments = search_index_texts(production)
    assert fragments and not any(slug in fragment for fragment in fragments)
    assert not (production / "media/portraits" / slug).exists()  # an embargoed photo does not leak either
    index = run_script(BUILD_INDEX, project / "index.json", "--root", project)
    assert index.returncode == 0, index.stderr
    assert slug not in [s["slug"] for s in json.loads((project / "index.json").read_text(encoding="utf-8"))["stories"]]


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_preview_lists_unpublished_stories_in_place(preview, prefix):
    status, html = preview(f"{prefix}stories/")
    assert status == 200 and listed(html) == PREVIEW_ORDER
    badges = [b.get_text() for b in BeautifulSoup(html, "html.parser").select(".story-unpublished-badge")]
    expected = (["Draft preview", "Embargoed until 1 January 2099"] if not prefix
                else ["下書きのプレビュー", "2099年1月1日まで公開保留"])
    assert badges == expected


@pytest.mark.parametrize("path,expected", [
    (f"stories/{DRAFT}/", "Draft preview"),
    (f"ja/stories/{DRAFT}/", "下書きのプレビュー"),
    (f"stories/{EMBARGOED}/", "Embargoed until 1 January 2099"),
    (f"ja/stories/{EMBARGOED}/", "2099年1月1日まで公開保留"),
])
def test_preview_shows_unpublished_story_with_a_banner(preview, path, expected):
    status, html = preview(path)
    assert status == 200
    banner = BeautifulSoup(html, "html.parser").select_one("article.story .story-unpublished")
    assert banner is not None and banner.strong.get_text() == expected


def test_preview_serves_the_embargoed_portrait(preview):
    status, html = preview(f"stories/{EMBARGOED}/")
    img = BeautifulSoup(html, "html.parser").select_one(".story-portrait picture img")
    assert preview(urljoin(f"/stories/{EMBARGOED}/", img["src"]))[0] == 200


# --- portraits ----------------------------------------------------------------------------------------

def candidates(srcset: str) -> list[tuple[str, str]]:
    return [tuple(part.strip().split(" ")) for part in srcset.split(",")]


def resolve(site, page_dir: str, url: str):
    return site / normpath(f"{page_dir}/{url}").lstrip("/")


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_portrait_is_sized_with_width_height_and_lazy_loading(production, prefix):
    page_dir = f"{prefix}stories/{PICTURED}"
    picture = soup_of(production, f"{page_dir}/index.html").select_one(".story-portrait picture")
    source, img = picture.select_one("source"), picture.select_one("img")
    assert source["type"] == "image/webp"
    assert img["loading"] == "lazy" and img["alt"] and img.get("width") and img.get("height")
    with Image.open(resolve(production, page_dir, img["src"])) as fallback:
        assert fallback.format == "JPEG" and fallback.size == (int(img["width"]), int(img["height"]))
    assert (int(img["width"]), int(img["height"])) == (200, 267)  # 900×1200 scaled to 200 wide
    for srcset, image_format in ((source["srcset"], "WEBP"), (img["srcset"], "JPEG")):
        for url, descriptor in candidates(srcset):
            with Image.open(resolve(production, page_dir, url)) as image:
                assert image.format == image_format and f"{image.size[0]}w" == descriptor


def test_portrait_thumbnail_on_the_story_list(production):
    card = next(c for c in soup_of(production, "stories/index.html").select(".story-card") if PICTURED in str(c))
    img = card.select_one("picture img")
    assert (img["width"], img["height"], img["loading"]) == ("70", "70", "lazy")
    for url, _density in candidates(img["srcset"]):
        assert resolve(production, "stories", url).is_file()
