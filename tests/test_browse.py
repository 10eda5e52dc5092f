"""Browse pages in the built site: the programme, every country, batch and track, in both languages."""
from __future__ import annotations

import re

import datetime as dt
import posixpath

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, fictional, run_build, story_text

from alumni_stories.site.views import load_site
from alumni_stories.site import pages
from alumni_stories.content import facts

pytestmark = pytest.mark.slow
PREFIXES = ["", "ja/"]


def data(name):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def page(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolves(site, here: str, href: str) -> bool:
    """An internal link from the page at `here` (a site path such as "programme/") leads to a built page."""
    target = posixpath.normpath(posixpath.join(here, href))
    return (site / target / "index.html").is_file()


def test_every_planned_page_renders_its_view_in_both_languages():
    site = load_site(ROOT)
    for planned in pages.plan_all(site):
        for language in ("en", "ja"):
            assert pages.view(site, planned, language)  # raises on a missing string or a broken view


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_page_for_every_country_batch_and_track_in_the_data(built_site, prefix):
    tracks = data("tracks.yml")
    paths = ["programme", "countries", "batches", "tracks"]
    paths += [f"countries/{entry.get('slug', key)}" for key, entry in data("countries.yml").items()]
    paths += [f"tracks/{entry.get('slug', key)}" for key, entry in tracks.items()]
    paths += [f"batches/{tracks[b['track']].get('slug', b['track'])}-{b['number']}" for b in data("batches.yml")]
    missing = [path for path in paths if not (built_site / prefix / path / "index.html").is_file()]
    assert missing == []
    assert (built_site / prefix / "batches/mfa-8/index.html").is_file()


@pytest.mark.parametrize("prefix,names", [
    ("", ["Ms. Keomanivong Sisouphan (fictional)", "Ms. Daovieng Phommachak (fictional)"]),
    ("ja/", ["ケオマニヴォン・シスパン（架空）氏", "ダオヴィエン・ポンマチャック（架空）氏"])])
def test_a_country_lists_its_stories_in_order(fictional_built_site, prefix, names):
    """On the fictional content set: two fictional people from the Lao PDR, in order of their attachment."""
    soup = page(fictional_built_site, f"{prefix}countries/lao-pdr")
    cards = soup.select(".story-list .story-card__name a")
    assert [a.get_text() for a in cards] == names
    assert all(resolves(fictional_built_site, f"{prefix}countries/lao-pdr/", a["href"]) for a in cards)
    assert [a["href"].split("/")[-2] for a in cards] == ["keomanivong-sisouphan", "daovieng-phommachak"]


@pytest.mark.parametrize("prefix,text", [("", "No story from Timor-Leste has been published yet."),
                                         ("ja/", "東ティモールのストーリーはまだ掲載していません。")])
def test_a_country_without_a_story_says_so(built_site, prefix, text):
    soup = page(built_site, f"{prefix}countries/timor-leste")
    assert soup.select_one(".browse-empty").get_text(strip=True) == text
    assert soup.select(".story-card") == []
    # Since issue 26 a source puts the country in the programme (joined_year.timor-leste, Japan's Mission to ASEAN,
    # 17 March 2025): the page no longer says that none does, cites that source, and the country index lists it.
    catalog = load_site(ROOT).catalog
    joined = next(f for f in catalog.facts if f.figure == "joined_year.timor-leste")
    assert soup.select_one(".browse-intro") is None
    assert soup.find("a", href=catalog.sources[joined.source].url) is not None
    names = [a.get_text() for a in page(built_site, f"{prefix}countries").select(".browse-card a")]
    assert len(names) == 5 and any("Timor" in n or "ティモール" in n for n in names)


def note_source(soup, statement):
    """The source a statement's footnote leads to, in the page's one list of sources."""
    target = statement.select_one("sup.programme-note a")["href"]
    return soup.select_one(f".programme-sources {target}")


@pytest.mark.parametrize("prefix,source", [("", "Japan-ASEAN Integration Fund"), ("ja/", "日・ASEAN統合基金")])
def test_programme_shows_the_2024_statements_and_the_2019_ones_as_earlier(built_site, prefix, source):
    soup = page(built_site, f"{prefix}programme")
    fact = soup.select_one("#fact-officers-trained-2024")
    assert fact.select_one(".programme-fact__value").get_text() == "120"
    assert fact.select_one("time")["datetime"] == "2024-01-24"
    assert fact.select_one("time").get_text() == ("as of 24 January 2024" if not prefix else "2024年1月24日時点")
    cited = note_source(soup, fact.select_one("p"))
    assert source in cited.get_text() and cited.a["href"].startswith("https://jaif.asean.org/")
    earlier = fact.select_one('.programme-fact__history [data-fact="graduates-2019"]')
    assert earlier.select_one(".programme-fact__value").get_text() == "88"
    assert earlier.select_one("time")["datetime"] == "2019-09-29"
    assert "2019" in note_source(soup, earlier).get_text()
    assert soup.select_one("#fact-graduates-2019") is None  # not listed again as if it were current
    assert len(soup.select(".programme-sources li")) == len({a["href"] for a in soup.select("sup.programme-note a")})


@pytest.mark.parametrize("prefix", PREFIXES)
def test_programme_shows_both_start_years_with_their_sources(built_site, prefix):
    soup = page(built_site, f"{prefix}programme")
    current = soup.select_one("#fact-mfa-since-2001")
    other = current.select_one('.programme-fact__differs [data-fact="mfa-started-2002"]')
    assert "2001" in current.select_one("p").get_text() and "2002" in other.get_text()
    assert "29" in note_source(soup, current.select_one("p")).get_text()  # JAIF, 29 September 2019
    assert "12" in note_source(soup, other).get_text()  # ASEAN Secretariat, 12 February 2015
    assert note_source(soup, current.select_one("p")) != note_source(soup, other)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_programme_page_speaks_to_readers_not_to_the_build(built_site, prefix):
    text = page(built_site, f"{prefix}programme").select_one("article").get_text()
    for word in ("build", "data/", "checks", "生成時", "データから"):
        assert word not in text


@pytest.mark.parametrize("prefix,title", [("", "Batches and stories over the years"), ("ja/", "年ごとの期とストーリー")])
def test_programme_has_the_timeline_as_svg_with_a_title(built_site, prefix, title):
    real = load_site(ROOT)
    soup = page(built_site, f"{prefix}programme")
    svg = soup.select_one("figure.chart--timeline svg")
    assert svg.find("title").get_text() == title and svg.find("desc").get_text()
    here = f"{prefix}programme/"
    links = [a["href"] for a in svg.find_all("a")]
    assert links and all(resolves(built_site, here, href) for href in links)
    assert real.stories
    for story in real.stories:  # every real story, as the catalog finds them
        assert f"../stories/{story.slug}/" in links
    table = soup.select_one("figure.chart--timeline ~ details table")
    assert len(table.select("tbody tr")) == len(data("batches.yml"))


@pytest.mark.parametrize("prefix,unknown", [("", "period not known"), ("ja/", "期間不明")])
def test_a_batch_without_a_known_period_says_so(built_site, prefix, unknown):
    soup = page(built_site, f"{prefix}batches/mfa-2")
    assert soup.select_one(".browse-unknown").get_text() == unknown
    assert soup.select_one(".browse-empty")  # no story from this batch yet


def test_track_page_lists_its_stories_in_index_order(fictional_built_site):
    track = [a["href"].split("/")[-2]
             for a in page(fictional_built_site, "tracks/esc").select(".story-list .story-card__name a")]
    assert track == ["sovanndy-ravuth", "daovieng-phommachak", "nandar-khinezin"]
    value = page(fictional_built_site, "tracks/esc").select_one(".browse-fact__value").get_text()
    assert "6" in value  # batches completed as of January 2024 (data/facts.yml, the same in the fictional copy)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_story_links_to_its_country_batch_and_track(fictional_built_site, built_site, prefix):
    for slug, country, batch, track in [("keomanivong-sisouphan", "lao-pdr", "mfa-8", "mfa"),
                                        ("sovanndy-ravuth", "cambodia", "esc-2", "esc")]:
        here = f"{prefix}stories/{slug}/"
        hrefs = [a["href"] for a in page(fictional_built_site, here).select(".story-facts__browse a")]
        assert hrefs == [f"../../countries/{country}/", f"../../tracks/{track}/", f"../../batches/{batch}/"]
        assert all(resolves(fictional_built_site, here, href) for href in hrefs)
    for story in load_site(ROOT).stories:  # and every real story's links lead to built pages
        here = f"{prefix}stories/{story.slug}/"
        hrefs = [a["href"] for a in page(built_site, here).select(".story-facts__browse a")]
        assert len(hrefs) == 3 and all(resolves(built_site, here, href) for href in hrefs), story.slug


@pytest.mark.parametrize("prefix", PREFIXES)
def test_story_index_filters_are_links_to_browse_pages(built_site, prefix):
    soup = page(built_site, f"{prefix}stories")
    options = soup.select("[data-story-filter] a.story-filter__option")
    site = load_site(ROOT)  # the countries a story or a sourced statement puts in the programme, with a story
    programme_countries = set(facts.programme_countries(site.catalog, site.stories))
    with_stories = {story.country for story in site.stories}
    assert programme_countries - with_stories, "the real content has a programme country with no story (Timor-Leste)"
    assert {a["data-filter-value"] for a in options} == (programme_countries & with_stories) | set(data("tracks.yml"))
    assert all(resolves(built_site, f"{prefix}stories/", a["href"]) for a in options)
    cards = soup.select(".story-card")
    assert all(card.get("data-country") and card.get("data-track") for card in cards)


@pytest.mark.parametrize("prefix,tabs", [("", ["The programme", "Countries"]), ("ja/", ["プログラムについて", "国別"])])
def test_programme_and_countries_are_in_the_navigation(built_site, prefix, tabs):
    # No tab row (a publication's masthead, issue 24): the navigation is the drawer's, on every page.
    labels = [a.get_text(strip=True) for a in page(built_site, f"{prefix}stories").select("nav.md-nav--primary a.md-nav__link")]
    assert all(tab in labels for tab in tabs), labels
    nav = str(page(built_site, f"{prefix}guide").select_one("nav.md-nav--primary"))
    assert not [s.slug for s in load_site(ROOT).stories if s.slug in nav] and "mfa-8" not in nav


# --- The same site with a fictional country and batch added through data/ alone ---------------------

FICTIONAL_COUNTRY = {"slug": "fictionalia", "name": {"en": "Fictionalia (test fixture)", "ja": "架空国（テスト用）"}}
FICTIONAL_SOURCE = {"title": {"en": "A fictional source (test fixture)", "ja": "架空の出典（テスト用）"},
                    "publisher": {"en": "Nobody (fictional)", "ja": "架空"}, "date": dt.date(2030, 1, 1), "url": None}
LATER_STATEMENT = {"key": "graduates-2030-fictional", "figure": "graduates", "value": 130, "as_of": dt.date(2030, 1, 1),
                   "source": "fictional-2030", "text": {"en": "{value} graduates (a fictional later statement).",
                                                        "ja": "修了生{value}名（架空の後の発表）。"}}
FICTIONAL_BATCH = {"track": "esc", "number": 7, "status": "completed", "sources": ["fictional-2030"],
                   "period": {"start": 2029, "end": 2030}}


def edit_yaml(path, change):
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(value)
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("extended") / "project")
    edit_yaml(project / "data/countries.yml", lambda d: d.update({"fictionalia": FICTIONAL_COUNTRY}))
    edit_yaml(project / "data/sources.yml", lambda d: d.update({"fictional-2030": FICTIONAL_SOURCE}))
    edit_yaml(project / "data/batches.yml", lambda d: d.append(FICTIONAL_BATCH))
    edit_yaml(project / "data/facts.yml", lambda d: d.append(LATER_STATEMENT))
    story = fictional(country="fictionalia", track="esc", batch=7, period={"start": 2029, "end": 2030})
    (project / "stories/fictional-alumna.en.md").write_text(story_text(story), encoding="utf-8")
    (project / "stories/fictional-alumna.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    site = project / "site"
    result = run_build(project, site, True)  # strict: new data alone raises no warning
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("prefix,name", [("", "Fictionalia (test fixture)"), ("ja/", "架空国（テスト用）")])
def test_a_country_added_to_the_data_gets_its_page(extended, prefix, name):
    soup = page(extended, f"{prefix}countries/fictionalia")
    assert soup.select_one("h1").get_text() == name
    assert [a["href"] for a in soup.select(".story-card__name a")] == ["../../stories/fictional-alumna/"]
    assert any(a.get_text() == name for a in page(extended, f"{prefix}countries").select(".browse-card a"))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_batch_added_to_the_data_gets_its_page_and_a_place_on_the_timeline(extended, prefix):
    soup = page(extended, f"{prefix}batches/esc-7")
    assert soup.select(".story-card")
    timeline = page(extended, f"{prefix}programme").select_one("figure.chart--timeline svg")
    hrefs = [a["href"] for a in timeline.find_all("a")]
    assert "../batches/esc-7/" in hrefs and "../stories/fictional-alumna/" in hrefs
    years = [t.get_text() for t in timeline.select("text.chart__axis")]
    assert years[0] == "2001" and years[-1] == "2030"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_later_statement_supersedes_the_earlier_which_stays_visible(extended, prefix):
    soup = page(extended, f"{prefix}programme")
    current = soup.select_one("#fact-graduates-2030-fictional")
    assert current.select_one(".programme-fact__value").get_text() == "130"
    assert current.select_one("time")["datetime"] == "2030-01-01"
    earlier = current.select(".programme-fact__history .programme-fact__earlier")
    assert [e["data-fact"] for e in earlier] == ["officers-trained-2024", "dispatched-brief", "graduates-2019"]
    assert "88" in earlier[-1].get_text() and earlier[-1].select_one("time")["datetime"] == "2019-09-29"
    assert soup.select_one("#fact-graduates-2019") is None  # not listed again as if it were current


def test_contradictory_facts_warn_once_naming_both_sources(tmp_path):
    project = copy_project(tmp_path / "project")
    contradiction = {"key": "mfa-batches-fictional", "figure": "batches_completed.mfa", "value": 14,
                     "as_of": dt.date(2030, 1, 1), "source": "jaif-2019",
                     "text": {"en": "{value} batches (fictional contradiction)", "ja": "{value}期（架空の矛盾）"}}
    edit_yaml(project / "data/facts.yml", lambda d: d.append(contradiction))
    result = run_build(project, tmp_path / "site", True)
    assert result.returncode != 0  # a warning fails a strict build
    warnings = [line for line in result.stderr.splitlines() if "mfa-batches-fictional" in line]
    assert len(warnings) == 1, result.stderr  # once per build, not once per language
    # file:line [entry]: the line of the fact's entry (the check command prints the same line)
    assert warnings[0].startswith("WARNING") and re.search(r"data/facts\.yml:\d+ \[mfa-batches-fictional\]", warnings[0])
    assert "data/batches.yml" in warnings[0]
    assert "Traceback" not in result.stderr
