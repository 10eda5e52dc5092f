"""Search in the reader's language: Pagefind's index, built by the one build command, and its header box.

Browser tests drive the real built site (served on localhost) the way a reader does: open the search from
the header, type, read the results, narrow them with a filter.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, serve

from alumni_stories.content.model import LANGUAGES
from alumni_stories.site.views import load_site
from alumni_stories.outputs.search import (BUNDLE_DIR, UNUSED_FILES, SearchIndexError, build_search_index,
                                           pagefind_executable)


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


# Embed cards are self-contained pages for partners' iframes, /admin/ is the editors' interface: no site header,
# so no search box.
STANDALONE = {BUNDLE_DIR, "embed", "admin"}


def html_pages(built_site: Path):
    for path in sorted(built_site.rglob("*.html")):
        if not STANDALONE & set(path.relative_to(built_site).parts):
            yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- The index, as the build writes it ---------------------------------------------------------------------

def test_extended_binary_ships_in_its_wheel_and_matches_the_pin():
    import pagefind_bin_extended

    executable = pagefind_executable()
    assert executable.is_file() and executable.parent == Path(pagefind_bin_extended.__file__).parent
    pinned = re.search(r"^pagefind-bin-extended==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split() == ["pagefind", pinned]


def test_build_writes_one_index_per_language_and_no_other_search(built_site, site):
    entry = json.loads((built_site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == set(LANGUAGES)
    for language in LANGUAGES:
        assert entry["languages"][language]["page_count"] >= len(site.stories)
    # The site's own dialog loads pagefind.js only: Pagefind's ready-made interfaces and its worker are not shipped.
    assert (built_site / BUNDLE_DIR / "pagefind.js").is_file()
    shipped = {path.name for path in (built_site / BUNDLE_DIR).iterdir()}
    assert "pagefind-component-ui.js" in UNUSED_FILES and not shipped & set(UNUSED_FILES), shipped & set(UNUSED_FILES)
    assert not (built_site / "search" / "search_index.json").exists(), "Material's search index is gone: one search"


def test_story_pages_give_the_index_their_text_country_batch_and_track(built_site, site):
    for story in site.stories:
        for language in LANGUAGES:
            view = site.story_view(story, language)
            soup = BeautifulSoup((built_site / view["url"] / "index.html").read_text(encoding="utf-8"), "html.parser")
            bodies = soup.select("[data-pagefind-body]")
            assert len(bodies) == 1 and bodies[0].name == "article"
            body = bodies[0]
            assert body["data-search-country"] == view["country"]
            assert body["data-search-batch"] == view["batch"]
            assert body["data-search-track"] == view["track_name"]
            assert "country[data-search-country]" in body["data-pagefind-filter"]
            assert "track[data-search-track]" in body["data-pagefind-filter"]
            assert "batch[data-search-batch]" in body["data-pagefind-meta"]
            # Header, navigation and footer stay out of the index.
            assert not body.find_parent(["header", "nav", "footer"]) and not body.select("header.md-header, nav.md-nav")


def test_listing_pages_are_left_out_of_the_index_and_listed_stories_everywhere(built_site):
    for language_prefix in ("", "ja/"):
        soup = BeautifulSoup((built_site / language_prefix / "stories" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert not soup.select("[data-pagefind-body]"), f"/{language_prefix}stories/ repeats the stories"
        # The home page is searchable (issue 24), its story cards are not: each story is found on its own page.
        home = BeautifulSoup((built_site / language_prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.select("[data-pagefind-body]")
        cards = home.select("[data-pagefind-body] .story-card")
        assert cards and all(card.has_attr("data-pagefind-ignore") for card in cards)


def test_every_page_has_the_search_box_in_its_language(built_site, site):
    pages = list(html_pages(built_site))
    assert len(pages) > 10
    for path, soup in pages:
        language = soup.html["lang"]
        trigger = soup.select_one("header.md-header .site-search__button")
        assert trigger is not None, path
        assert trigger["aria-label"] == site.strings(language)("search_open"), path
        # The dialog waits in a <template>, its texts in the page's language (find: CSS selectors skip a template's
        # content).
        dialog = soup.select_one(".site-search template").find("dialog", class_="site-search__dialog")
        labels = {select["data-search-filter"]: select.find_parent("label").contents[0].strip()
                  for select in dialog.find_all("select", attrs={"data-search-filter": True})}
        assert labels == {"country": site.strings(language)("country"), "track": site.strings(language)("track")}
        # (.contents: BeautifulSoup's get_text leaves out a template's strings)
        assert dialog.find("label", attrs={"for": "site-search-input"}).contents[0].strip() == \
            site.strings(language)("search_open"), path


def test_index_build_names_a_language_left_without_pages(tmp_path):
    (tmp_path / "index.html").write_text('<html lang="en"><body><main data-pagefind-body><h1>Fictional page</h1>'
                                         "<p>A fictional paragraph.</p></main></body></html>", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="no pages in ja"):
        build_search_index(tmp_path, ("en", "ja"))


def _fictional_pages(site_dir: Path, body: str) -> None:
    for language, prefix in (("en", ""), ("ja", "ja/")):
        page = site_dir / prefix / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<html lang="{language}"><body><main data-pagefind-body><h1>Fictional {language}</h1>'
                        f"<p>{body}</p></main></body></html>", encoding="utf-8")


def _bundle(site_dir: Path) -> dict:
    bundle = site_dir / BUNDLE_DIR
    return {str(p.relative_to(bundle)): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def test_an_unchanged_site_reuses_the_kept_index_and_a_changed_page_indexes_again(tmp_path, monkeypatch):
    import alumni_stories.outputs.search as search

    cache = tmp_path / ".cache" / "search"  # the store prunes only inside a .cache/ folder
    first, second, third = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    for site_dir, body in ((first, "A fictional alumnus of Vientiane."), (second, "A fictional alumnus of Vientiane."),
                           (third, "A fictional alumna of Yangon.")):
        _fictional_pages(site_dir, body)
    build_search_index(first, ("en", "ja"), cache)
    assert len(list((cache / search.WHOLE_INDEX).iterdir())) == 1, "one kept index"

    runs = []
    real_run = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda command, site_dir, parts=None: runs.append(site_dir) or
                        real_run(command, site_dir, parts))
    index = build_search_index(second, ("en", "ja"), cache)
    assert runs == [], "the same pages were indexed again"
    assert index.pages == {"en": 1, "ja": 1}
    assert _bundle(second) == _bundle(first), "the kept index is the one Pagefind made for these pages"

    build_search_index(third, ("en", "ja"), cache)
    assert runs == [third.resolve()], "a changed page must run Pagefind"
    assert _bundle(third) != _bundle(first)
    assert len(list((cache / search.WHOLE_INDEX).iterdir())) == 1, "only the newest index is kept"

    monkeypatch.setenv("ALUMNI_STORIES_NO_CACHE", "1")
    build_search_index(second, ("en", "ja"), cache)
    assert runs[-1] == second.resolve(), "with caches off Pagefind always runs"


def test_a_changed_page_indexes_again_only_its_own_language(tmp_path, monkeypatch):
    """Issue 27: Pagefind cannot update an index (Pagefind/pagefind#71), so an edit ran it for every language; at
    1,000 alumni the Japanese run alone (5.4 s of CPU) was more than an edit may add to a warm build. A language
    whose pages did not change now takes its kept part of the index."""
    import alumni_stories.outputs.search as search

    cache, first, second = tmp_path / ".cache" / "search", tmp_path / "one", tmp_path / "two"
    _fictional_pages(first, "A fictional alumnus of Vientiane.")
    _fictional_pages(second, "A fictional alumnus of Vientiane.")
    (second / "index.html").write_text((second / "index.html").read_text(encoding="utf-8")
                                       .replace("Vientiane", "Yangon"), encoding="utf-8")  # English only
    build_search_index(first, ("en", "ja"), cache)
    runs = []
    real = search._run_pagefind_over
    monkeypatch.setattr(search, "_run_pagefind_over", lambda command, pages, site: runs.append(pages.name) or
                        real(command, pages, site))
    index = build_search_index(second, ("en", "ja"), cache)
    assert runs == ["en"], "only the language whose page changed is indexed again"
    assert index.pages == {"en": 1, "ja": 1}
    one, two = _bundle(first), _bundle(second)
    entry = json.loads(two["pagefind-entry.json"])
    assert entry["languages"]["ja"] == json.loads(one["pagefind-entry.json"])["languages"]["ja"]
    assert entry["languages"]["en"] != json.loads(one["pagefind-entry.json"])["languages"]["en"]
    japanese = {name: data for name, data in one.items() if "ja_" in name or ".ja_" in name}
    assert japanese and all(two.get(name) == data for name, data in japanese.items()), "the kept Japanese part"
    assert any(two[name] != one.get(name) for name in two if "en_" in name), "a new English part"
    for name in (search.LANGUAGE_INDEX + "en", search.LANGUAGE_INDEX + "ja"):
        assert len(list((cache / name).iterdir())) == 1, "one kept part per language, the newest"
    # Nothing writes through into the kept parts: each still holds its own language's entry, not the merged one.
    for language in ("en", "ja"):
        [kept] = (cache / (search.LANGUAGE_INDEX + language)).iterdir()
        assert list(json.loads((kept / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]) == [language]


def test_each_language_is_indexed_by_its_own_pagefind_run_over_its_searchable_pages_only(tmp_path, monkeypatch):
    """Issue 27: one Pagefind process over both languages held every page of both (the build's peak memory at 2,000
    alumni). Each run must see one language's pages, and only those readers search, one run after the other."""
    import alumni_stories.outputs.search as search

    site_dir = tmp_path / "site"
    _fictional_pages(site_dir, "A fictional alumnus of Luang Prabang.")
    for prefix, language in (("", "en"), ("ja/", "ja")):  # pages Pagefind would parse for nothing
        (site_dir / prefix / "404.html").write_text(f'<html lang="{language}"><body><h1>Not found</h1></body></html>',
                                                    encoding="utf-8")
        (site_dir / prefix / "stories").mkdir()
        (site_dir / prefix / "stories" / "index.html").write_text(
            f'<html lang="{language}"><body><h1>Fictional listing</h1></body></html>', encoding="utf-8")
    runs, running = [], []
    real = search._run_pagefind_over

    def recorded(command, pages, site):
        assert not running, "two Pagefind runs at once"
        files = sorted(str(p.relative_to(pages)) for p in pages.rglob("*.html"))
        languages = {re.search(r'lang="(\w+)"', p.read_text(encoding="utf-8")).group(1) for p in pages.rglob("*.html")}
        runs.append((files, languages))
        running.append(command)
        try:
            return real(command, pages, site)
        finally:
            running.pop()

    monkeypatch.setattr(search, "_run_pagefind_over", recorded)
    index = build_search_index(site_dir, ("en", "ja"))
    assert runs == [(["index.html"], {"en"}), (["ja/index.html"], {"ja"})], runs
    assert index.pages == {"en": 1, "ja": 1}
    entry = json.loads((site_dir / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in ("en", "ja"):  # one bundle: every language's files, named in its one entry file
        assert list((site_dir / BUNDLE_DIR).glob(f"pagefind.{entry['languages'][language]['hash']}.pf_meta"))
    assert not list(site_dir.parent.glob(".site-search-*")), "the reading copies are removed"


def test_index_build_of_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SearchIndexError, match="must be built before"):
        build_search_index(tmp_path / "nothing-here", ("en",))


def test_hook_indexes_once_after_every_language_and_before_the_site_is_moved_into_place(tmp_path, monkeypatch):
    from pipeline_support import FakeEngine, load_adapter

    from alumni_stories.build import pipeline as build

    hook = load_adapter()
    # After mkdocs-static-i18n's on_post_build (-100) builds the other languages; the move into place comes after,
    # at the end of the outputs (Swap.complete) and the engine's shutdown.
    assert [getattr(event, "mkdocs_priority", 0) for event in hook.on_post_build.methods] == [0, hook.LAST] < [0, -100]

    calls = []
    monkeypatch.setattr(build.search, "build_search_index", lambda site_dir, languages, cache_dir: calls.append(site_dir)
                        or type("Index", (), {"summary": lambda self: "ok"})())
    pipeline = build.Pipeline(tmp_path, build.Command("build"))
    steps = []
    monkeypatch.setattr(pipeline, "_search", lambda engine: steps.append("search") or pipeline.__class__._search(
        pipeline, engine))
    pipeline.outputs(FakeEngine(tmp_path, site_dir=tmp_path / "site-being-built", nested=True))
    assert calls == [] and steps == [], "no index while a nested language build runs"
    pipeline._search(FakeEngine(tmp_path, site_dir=tmp_path / "site-being-built"))
    assert calls == [tmp_path / "site-being-built"], "the index goes into the engine's site folder, whatever it is"

    order = []
    for step in ("_search", "_admin", "_host_files"):
        monkeypatch.setattr(pipeline, step, lambda engine, step=step: order.append(step))
    monkeypatch.setattr(build, "partner_files", lambda *args: order.append("partner files") or [])
    monkeypatch.setattr(pipeline.swap, "complete", lambda: order.append("complete"))
    pipeline.build = build.Build(token=object(), report=build.validation.Report(site=None), finished_pages=
                                 type("Memo", (), {"prune": lambda self: order.append("prune")})(),
                                 images=type("Images", (), {"used": lambda self: set()})())
    pipeline.build.token = engine_token = object()
    pipeline.outputs(FakeEngine(tmp_path, site_dir=tmp_path / "site-being-built", token=engine_token))
    assert order == ["_search", "prune", "partner files", "_admin", "_host_files", "complete"], order


# --- In the browser --------------------------------------------------------------------------------------------

DIALOG = ".site-search__dialog"
FIELD = ".site-search__dialog .site-search__input"
RESULT = ".site-search__dialog .site-search__result"


def open_search(page, url: str):
    page.goto(url)
    page.locator("header .site-search__button").click()
    dialog = page.locator(DIALOG)
    dialog.wait_for(state="visible")
    return dialog


def search(page, url: str, query: str, every: bool = False) -> list[dict]:
    """Type `query` into the header search on `url`; the results as a reader sees them (`every`: after pressing
    "More results" until all are shown)."""
    open_search(page, url)
    page.locator(FIELD).fill(query)
    return read_results(page, every)


def read_results(page, every: bool = False) -> list[dict]:
    # The dialog loads the text of the first results, the next ones when "More results" is pressed.
    settled = """() => {
        const list = document.querySelector('.site-search__dialog .site-search__results');
        return list && list.getAttribute('aria-busy') === 'false' && list.querySelector('.site-search__link');
    }"""
    page.wait_for_function(settled)
    more = page.locator(".site-search__dialog [data-search-more]")
    while every and more.is_visible():
        shown = page.locator(RESULT).count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.site-search__dialog .site-search__result').length > n",
                               arg=shown)
        page.wait_for_function(settled)
    return page.evaluate("""() => Array.from(document.querySelectorAll('.site-search__dialog .site-search__result')).map(r => ({
        href: r.querySelector('.site-search__link').getAttribute('href'),
        title: r.querySelector('.site-search__link').textContent.trim(),
        facts: r.querySelector('.site-search__facts')?.textContent.trim() ?? null,
        marks: Array.from(r.querySelectorAll('.site-search__excerpt mark')).map(m => m.textContent.trim()),
    }))""")


# Tests that need known people search the fictional content set (tests/fictional_site.py), built once per session;
# tests of a property of every real story iterate over the real catalog.

@pytest.fixture(scope="module")
def fictional(fictional_project_dir):
    return load_site(fictional_project_dir)


@pytest.mark.browser
def test_japanese_phrase_finds_the_japanese_story_and_no_english_page(fictional_served_site, page, fictional):
    results = search(page, fictional_served_site + "ja/", "ラオスの大使")
    ambassador = fictional.story_view(fictional.story("keomanivong-sisouphan"), "ja")
    assert results[0]["href"] == "/" + ambassador["url"]
    assert all(r["href"].startswith("/ja/") for r in results), results
    first = results[0]
    assert first["title"] == ambassador["display_name"]
    assert first["facts"] == fictional.strings("ja")("search_result_facts", country=ambassador["country"],
                                                       batch=ambassador["batch"])
    # 大使 is her dated role now, not an honorific beside her name (issue 26): the page found is hers, with marks.
    assert first["marks"] and "大使" in ambassador["roles"][0]["title"] and "大使" not in ambassador["display_name"]
    # The count is the site's own text, in the reader's language.
    count = page.locator(".site-search__dialog .site-search__count").inner_text()
    total = page.evaluate("q => window.siteSearch.query(q).then(found => found.length)", "ラオスの大使")
    assert count == fictional.strings("ja")("search_count_other" if total > 1 else "search_count_one", count=total)


@pytest.mark.browser
def test_english_word_finds_the_english_story_and_no_japanese_page(fictional_served_site, page, fictional):
    results = search(page, fictional_served_site, "ambassador")
    ambassador = fictional.story_view(fictional.story("keomanivong-sisouphan"), "en")
    assert "/" + ambassador["url"] in [r["href"] for r in results]
    assert not [r for r in results if r["href"].startswith("/ja/")], results
    hit = next(r for r in results if r["href"] == "/" + ambassador["url"])
    assert hit["facts"] == f"{ambassador['country']} · {ambassador['batch']}"
    assert any(m.lower().startswith("ambassador") for m in hit["marks"])


@pytest.mark.browser
@pytest.mark.parametrize("query", ["カリヤン", "ボパリット・カリヤン", "ボパリットカリヤン"])
def test_katakana_name_finds_its_story_in_the_search_box(fictional_served_site, page, query):
    results = search(page, fictional_served_site + "ja/", query)
    assert results[0]["href"] == "/ja/stories/bopharith-kalliyan/"


# Expected first result per query, in each language (issue 13): katakana names with and without 「・」, partial
# names, Japanese compound words and their parts; English names, partial names and other forms of a word
# (the text says "promoted", "trained", "negotiations"). People and texts: tests/fictional_site.py.
FIRST_RESULT = {
    "ja": {
        "ケオマニヴォン・シスパン": "keomanivong-sisouphan", "ケオマニヴォンシスパン": "keomanivong-sisouphan",
        "ケオマニヴォン": "keomanivong-sisouphan", "シスパン": "keomanivong-sisouphan",
        "ティリ・ヤダナ・モー": "thiri-yadana-moe", "ティリヤダナモー": "thiri-yadana-moe", "ヤダナ": "thiri-yadana-moe",
        "ボパリット・カリヤン": "bopharith-kalliyan", "ボパリットカリヤン": "bopharith-kalliyan",
        "ソヴァンディ": "sovanndy-ravuth", "ラヴット": "sovanndy-ravuth",
        "ダオヴィエン・ポンマチャック": "daovieng-phommachak", "ナンダー": "nandar-khinezin",
        "グエット・タンラム": "nguyet-thanhlam", "クイェンスアン": "bao-quyenxuan",
        "在名古屋カンボジア名誉領事館": "bopharith-kalliyan", "名誉領事館": "bopharith-kalliyan",
        "名古屋": "bopharith-kalliyan", "水産資源管理": "sovanndy-ravuth", "水産資源": "sovanndy-ravuth",
        "人材育成": "keomanivong-sisouphan", "英語力": "keomanivong-sisouphan", "観光統計": "daovieng-phommachak",
        "交渉": "thiri-yadana-moe", "自信": "thiri-yadana-moe", "防災": "nandar-khinezin",
        "修了式": "bao-quyenxuan", "第8期のラオス大使": "keomanivong-sisouphan", "ラオスの大使": "keomanivong-sisouphan",
    },
    "en": {
        "keomanivong": "keomanivong-sisouphan", "sisouphan": "keomanivong-sisouphan",
        "keomanivong sisouphan": "keomanivong-sisouphan", "thiri yadana moe": "thiri-yadana-moe",
        "yadana": "thiri-yadana-moe", "bopharith": "bopharith-kalliyan", "kalliyan": "bopharith-kalliyan",
        "sovanndy": "sovanndy-ravuth", "ravuth": "sovanndy-ravuth", "nandar": "nandar-khinezin",
        "nguyet": "nguyet-thanhlam", "quyenxuan": "bao-quyenxuan", "nagoya": "bopharith-kalliyan",
        "consulate": "bopharith-kalliyan", "negotiation": "thiri-yadana-moe", "negotiations": "thiri-yadana-moe",
        "confidence": "thiri-yadana-moe", "fisheries": "sovanndy-ravuth", "promoted": "sovanndy-ravuth",
        "promotion": "sovanndy-ravuth", "tourism": "daovieng-phommachak", "statistics": "daovieng-phommachak",
        "workshop": "nandar-khinezin", "trained": "nguyet-thanhlam", "training": "nguyet-thanhlam",
        "ambassador": "keomanivong-sisouphan",
    },
}
PREFIXES = {"en": "", "ja": "ja/"}


def test_the_expected_first_results_are_honest_about_the_fictional_texts(fictional_built_site, fictional):
    """Each query's words are on its story's page (a Latin word at least by its first five letters, the stem the
    other form shares), and every fictional story is some query's expected first result."""
    assert set(FIRST_RESULT["ja"].values()) == set(FIRST_RESULT["en"].values()) == {s.slug for s in fictional.stories}
    for language, queries in FIRST_RESULT.items():
        assert len(queries) >= 20
        for query, slug in queries.items():
            page = fictional_built_site / PREFIXES[language] / "stories" / slug / "index.html"
            body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("[data-pagefind-body]")
            text = body.get_text("").replace("・", "").lower()  # phrase spans and <wbr> split no word
            text = re.sub(r"\s+", "" if language == "ja" else " ", text)
            for word in re.split(r"\s+|の", query.replace("・", "").lower()):
                assert word in text or (word.isascii() and word[:5] in text), (language, query, slug)


@pytest.mark.browser
@pytest.mark.parametrize("language", PREFIXES)
def test_search_gives_the_expected_first_result(fictional_served_site, page, language):
    page.goto(fictional_served_site + PREFIXES[language])
    firsts = page.evaluate("""async (queries) => {  // the dialog's own search function (search.js)
        const out = {};
        for (const q of queries) {
            const found = await window.siteSearch.query(q);
            out[q] = found.length ? (await found[0].data()).url : null;
        }
        return out;
    }""", list(FIRST_RESULT[language]))
    expected = {q: f"/{PREFIXES[language]}stories/{slug}/" for q, slug in FIRST_RESULT[language].items()}
    wrong = {q: (firsts[q], want) for q, want in expected.items() if firsts[q] != want}
    assert not wrong, wrong


@pytest.mark.browser
def test_japanese_country_name_finds_the_stories_from_that_country(served_site, page, site):
    results = search(page, served_site + "ja/", "カンボジア")
    cambodian = {"/" + site.story_view(s, "ja")["url"] for s in site.stories if s.country == "cambodia"}
    assert cambodian and cambodian <= {r["href"] for r in results}


@pytest.mark.browser
def test_english_query_matches_other_word_forms(served_site, page, built_site):
    # Every result, through the dialog's search function: the dialog loads the text of the first few only, and the
    # batch pages of the Junior Diplomats track come first.
    page.goto(served_site)
    results = page.evaluate("""async () => {
        const found = await window.siteSearch.query('diplomats');
        return Promise.all(found.map(async r => {
            const d = await r.data();
            return {href: d.url, marks: [...d.excerpt.matchAll(/<mark>(.*?)<\\/mark>/g)].map(m => m[1])};
        }));
    }""")
    # A page where only another form of the word appears ("diplomatic") is found through stemming.
    other_forms = []
    for r in results:
        text = BeautifulSoup((built_site / r["href"].strip("/") / "index.html").read_text(encoding="utf-8"),
                             "html.parser").select_one("[data-pagefind-body]").get_text(" ").lower()
        if not re.search(r"\bdiplomats\b", text):
            other_forms.append(r["href"])
            assert any(m.lower().startswith("diplomat") and m.lower() != "diplomats" for m in r["marks"])
    assert other_forms, f"no result found only through another word form: {results}"


@pytest.mark.browser
def test_country_filter_narrows_the_results(served_site, page, site):
    everything = search(page, served_site, "ASEAN", every=True)
    countries = {r["facts"].split(" · ")[0] for r in everything if r["facts"]}
    assert len(countries) >= 2, everything
    cambodia = site.catalog.countries["cambodia"].name["en"]
    options = page.locator('.site-search__dialog select[data-search-filter="country"] option').all_inner_texts()
    assert cambodia in options and len(options) == 1 + len({s.country for s in site.stories})  # "All countries" first
    page.locator('.site-search__dialog select[data-search-filter="country"]').select_option(cambodia)
    page.wait_for_function("n => document.querySelectorAll('.site-search__dialog .site-search__result').length < n",
                           arg=len(everything))
    narrowed = read_results(page, every=True)
    assert narrowed and len(narrowed) < len(everything)
    assert all(r["facts"].startswith(cambodia + " · ") for r in narrowed), narrowed
    assert {r["href"] for r in narrowed} == {"/" + site.story_view(s, "en")["url"] for s in site.stories
                                             if s.country == "cambodia"}


@pytest.mark.browser
def test_search_opens_from_the_keyboard_with_a_labelled_box(served_site, page, site):
    page.goto(served_site + "ja/stories/")
    trigger = page.locator("header .site-search__button")
    assert trigger.get_attribute("aria-label") == site.strings("ja")("search_open")
    trigger.focus()
    page.keyboard.press("Enter")
    field = page.locator(FIELD)
    field.wait_for(state="visible")
    assert field.evaluate("el => el === document.activeElement")
    assert field.get_attribute("placeholder") == site.strings("ja")("search_placeholder")
    label = page.locator(f'{DIALOG} label[for="{field.get_attribute("id")}"]')
    assert label.inner_text().strip() == site.strings("ja")("search_open")
    assert page.locator(DIALOG).evaluate("d => d.matches(':modal') && d.getAttribute('aria-labelledby') === "
                                         "document.querySelector('label[for=site-search-input]').id")
    # ArrowDown reaches the first result from the box, ArrowUp comes back.
    field.fill("ASEAN")
    read_results(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('site-search__link')")
    page.keyboard.press("ArrowUp")
    assert field.evaluate("el => el === document.activeElement")
    # One Escape closes the dialog, text typed or not (in a search box, Chromium's own Escape only empties it).
    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="hidden")
    assert trigger.evaluate("el => el === document.activeElement"), "focus returns to the search button"
    for keys in ("Control+k", "/"):  # the shortcuts open it again, with what was typed
        page.keyboard.press(keys)
        page.locator(DIALOG).wait_for(state="visible")
        assert field.evaluate("el => el === document.activeElement") and field.input_value() == "ASEAN"
        page.keyboard.press("Escape")
        page.locator(DIALOG).wait_for(state="hidden")


@pytest.mark.browser
def test_search_on_a_phone_sends_no_request_beyond_the_site(served_site, browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        story_page = served_site + site.story_view(site.stories[0], "ja")["url"]  # any real story page
        page.goto(story_page)
        trigger = page.locator("header .site-search__button")
        assert trigger.is_visible() and not page.locator("header .site-search__label").is_visible()
        assert search(page, story_page, site.catalog.countries[site.stories[0].country].name["ja"])
    finally:
        context.close()
    assert requested and all(url.startswith(served_site) or url.startswith("data:") for url in requested), \
        [url for url in requested if not url.startswith(served_site)]


# --- Pagefind's excerpt escapes the page's text (the result template prints it unescaped) ---------------

@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    """A tiny fictional two-language site whose text looks like markup, indexed by the real code."""
    site_dir = tmp_path_factory.mktemp("hostile") / "site"
    (site_dir / "ja").mkdir(parents=True)
    page = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<nav>navigation noise</nav><article data-pagefind-body><h1>Fictional person (test fixture)</h1>'
            '<p>{text} zebra &lt;img src=x onerror="window.pwned=1"&gt; &lt;script&gt;window.pwned=1&lt;/script&gt;</p>'
            '</article></body></html>')
    (site_dir / "index.html").write_text(page.format(lang="en", text="Fictional text"), encoding="utf-8")
    (site_dir / "ja" / "index.html").write_text(page.format(lang="ja", text="架空の文章"), encoding="utf-8")
    build_search_index(site_dir, ("en", "ja"))
    with serve(site_dir) as base:
        yield base


@pytest.mark.browser
def test_excerpts_hold_the_page_text_escaped(hostile_index, page):
    page.goto(hostile_index + "ja/")
    found = page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        await pagefind.options({noWorker: true});  // as the site's dialog: the worker is not shipped
        await pagefind.init();
        const search = await pagefind.search('zebra');
        return Promise.all(search.results.map(r => r.data()));
    }""")
    assert [r["url"] for r in found] == ["/ja/"], "a ja page searches the ja index only"
    excerpt = found[0]["excerpt"]
    assert "&lt;script&gt;" in excerpt and "<script" not in excerpt and "<img" not in excerpt
    assert "navigation noise" not in found[0]["content"]


def test_the_preview_indexes_in_the_background_and_a_new_save_stops_the_last_run(tmp_path, monkeypatch):
    import time

    import alumni_stories.outputs.search as search

    _fictional_pages(tmp_path / "site", "A fictional alumnus of Hanoi.")
    search.start_in_background(tmp_path / "site")
    deadline = time.monotonic() + 60
    while "process" not in search._background and time.monotonic() < deadline:
        time.sleep(0.01)
    first = search._background["process"]
    search.start_in_background(tmp_path / "site")  # saved again at once: the first run is stopped
    assert first.poll() is not None, "the last save's run is stopped"
    search._background["thread"].join(timeout=120)
    second = search._background["process"]
    assert first is not second and second.poll() == 0
    entry = json.loads((tmp_path / "site" / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {language: info["page_count"] for language, info in entry["languages"].items()} == {"en": 1, "ja": 1}, \
        "the index catches up, in both languages"
    search.stop_background()
    assert not search._background, "nothing of the run is left"

    from pipeline_support import FakeEngine

    from alumni_stories.build.pipeline import Command, Pipeline
    started, waited = [], []
    monkeypatch.setattr(search, "start_in_background", started.append)
    monkeypatch.setattr(search, "build_search_index", lambda *args: waited.append(args))
    Pipeline(tmp_path, Command("serve"))._search(FakeEngine(tmp_path, site_dir=tmp_path / "preview-site"))
    assert started == [tmp_path / "preview-site"] and waited == [], "the preview does not wait for Pagefind"
