"""Charts drawn at build time: well-formed, accessible SVG whose marks link, with every text escaped."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from alumni_stories.site import charts
from alumni_stories.site.views import load_site
from alumni_stories.site.browse import countries_chart_view, timeline_view
from alumni_stories.content.model import Period, YearMonth
from alumni_stories.content import facts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def fictional_timeline(name="Fictional Alumna (test fixture)"):
    lanes = [charts.Lane("mfa", "Fictional lane A", 2001), charts.Lane("esc", "Fictional lane B", 2013)]
    batches = [charts.TimelineBatch("mfa", "8th batch", Period(YearMonth(2006), YearMonth(2007)), False, "b/mfa-8/"),
               charts.TimelineBatch("esc", "5th batch", Period(YearMonth(2019)), True, "b/esc-5/"),
               charts.TimelineBatch("mfa", "2nd batch", None, False, "b/mfa-2/")]
    stories = [charts.TimelineStory("mfa", name, Period(YearMonth(2006), YearMonth(2007)), "s/one/"),
               charts.TimelineStory("mfa", "Second Fictional Person", Period(YearMonth(2006), YearMonth(2007)), "s/two/")]
    return charts.timeline("tl", "Fictional title", "Fictional description", lanes, batches, stories, 2001, 2019)


def test_timeline_has_title_and_description_it_is_labelled_by():
    svg = parse(fictional_timeline())
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Fictional title" and desc.text == "Fictional description"
    assert svg.get("aria-labelledby") == title.get("id") and svg.get("aria-describedby") == desc.get("id")
    assert list(svg)[:2] == [title, desc]  # first children, where assistive technology looks


def test_timeline_links_every_story_and_every_placed_batch_and_no_other():
    svg = parse(fictional_timeline())
    links = {a.get("href"): "".join(a.itertext()) for a in svg.iter(f"{SVG}a")}
    assert set(links) == {"b/mfa-8/", "b/esc-5/", "s/one/", "s/two/"}  # mfa-2 has no period: not placed
    assert "Fictional Alumna (test fixture)" in links["s/one/"]
    assert "2019" in " ".join(texts(svg)) and "2001" in " ".join(texts(svg))


def test_timeline_labels_never_overlap():
    svg = parse(fictional_timeline())
    ys = sorted(float(a.find(f"{SVG}text").get("y")) for a in svg.iter(f"{SVG}a"))
    assert all(b - a >= charts.LINE for a, b in zip(ys, ys[1:]))


def test_hostile_text_is_escaped():
    markup = str(fictional_timeline(name='Fictional <script>alert(1)</script> "quote" & co'))
    assert "<script" not in markup and "&lt;script&gt;" in markup
    parse(markup)  # still well-formed
    bars = charts.bars("b", "<b>title</b>", 'desc "x"', ["Stories"],
                       [charts.BarRow('Fictional"><script>x</script>', 'u/"onmouseover="x', (1,))], "?")
    assert "<script" not in str(bars) and 'onmouseover="x' not in str(bars)
    parse(bars)


def test_long_labels_wrap_within_the_chart():
    long_name = "Fictional Person With A Very Long Name Indeed For Testing Wrapping (test fixture)"
    svg = parse(fictional_timeline(name=long_name))
    text = next(a.find(f"{SVG}text") for a in svg.iter(f"{SVG}a") if a.get("href") == "s/one/")
    lines = ["".join(t.itertext()) for t in text.iter(f"{SVG}tspan")]
    assert len(lines) > 1 and " ".join(lines) == long_name
    x = float(text.get("x"))
    assert all(x + charts.text_width(line) <= charts.WIDTH for line in lines)
    japanese = charts.wrap("カクウ・ノ・シュウリョウセイ（架空のテスト用の長い名前）", 100)
    assert len(japanese) > 1 and "".join(japanese) == "カクウ・ノ・シュウリョウセイ（架空のテスト用の長い名前）"
    assert all(charts.text_width(line) <= 100 for line in japanese)


def test_bars_one_link_per_row_with_its_number():
    svg = parse(charts.bars("c", "T", "D", ["Stories", "Graduates"],
                            [charts.BarRow("Fictionland", "c/f/", (2, 30)), charts.BarRow("Nowhere", "c/n/", (0, None))],
                            "not known"))
    rows = {a.get("href"): " ".join(texts(a)) for a in svg.iter(f"{SVG}a")}
    assert rows == {"c/f/": "Fictionland 2 30", "c/n/": "Nowhere 0 not known"}
    widths = [float(r.get("width")) for a in svg.iter(f"{SVG}a") for r in a.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[1] > widths[0]  # 30 is drawn longer than 2, on one scale


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_real_timeline_places_what_the_data_knows(site, language):
    view = timeline_view(site, language, "programme/" if language == "en" else "ja/programme/")
    svg = parse(view["svg"])
    hrefs = [a.get("href") for a in svg.iter(f"{SVG}a")]
    for story in site.stories:
        assert f"../stories/{story.slug}/" in hrefs
    placed = [b for b in site.catalog.batches.values() if b.period]
    assert sum(h.startswith("../batches/") for h in hrefs) == len(placed)
    unplaced = [b["label"] for group in view["unplaced"] for b in group["batches"]]
    assert len(unplaced) == len(site.catalog.batches) - len(placed)
    assert len(view["rows"]) == len(site.catalog.batches)


def test_real_timeline_title_in_both_languages(site):
    en = parse(timeline_view(site, "en", "programme/")["svg"]).find(f"{SVG}title").text
    ja = parse(timeline_view(site, "ja", "ja/programme/")["svg"]).find(f"{SVG}title").text
    assert en == site.catalog.strings["browse_timeline_title"]["en"]
    assert ja == site.catalog.strings["browse_timeline_title"]["ja"] and en != ja


def test_countries_chart_counts_each_country(site):
    view = countries_chart_view(site, "en", "programme/")
    svg = parse(view["svg"])
    rows = {a.get("href"): texts(a) for a in svg.iter(f"{SVG}a")}
    # Only countries a story or a sourced statement puts in the programme: Timor-Leste has no story, but the
    # Mission of Japan to ASEAN's statement of 17 March 2025 (joined_year.timor-leste) puts it in (issue 26).
    keys = facts.programme_countries(site.catalog, site.stories)
    shown = [site.catalog.countries[key] for key in keys]
    assert set(rows) == {f"../countries/{c.slug}/" for c in shown}
    assert "timor-leste" in keys and not any(s.country == "timor-leste" for s in site.stories)
    for country in shown:
        count = sum(1 for s in site.stories if s.country == country.key)
        assert rows[f"../countries/{country.slug}/"] == [country.name["en"], str(count)]
    assert "Timor-Leste 0" in view["desc"]  # in the programme since 2025, no story yet


def test_countries_chart_adds_graduates_where_the_data_has_them(site):
    import dataclasses
    import datetime as dt

    from alumni_stories.content.model import Fact
    statement = Fact(key="graduates-cambodia-fictional", figure="graduates.cambodia", value=21,
                     as_of=dt.date(2019, 9, 29), source="jaif-2019",
                     text={"en": "{value} (fictional test statement)", "ja": "{value}（架空）"})
    catalog = dataclasses.replace(site.catalog, facts=site.catalog.facts + (statement,))
    view = countries_chart_view(dataclasses.replace(site, catalog=catalog), "en", "programme/")
    assert view["with_graduates"] and view["series"] == ["Stories", "Graduates"]
    rows = {a.get("href"): texts(a) for a in parse(view["svg"]).iter(f"{SVG}a")}
    assert rows["../countries/cambodia/"] == ["Cambodia", "1", "21"]
    assert rows["../countries/lao-pdr/"] == ["Lao PDR", "1", "not known"]
