"""Programme facts: history by date, figures computed from the data, and every kind of disagreement found."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import yaml
from conftest import ROOT

from alumni_stories.site.views import load_site
from alumni_stories.content.facts import check, compute, histories, period_within
from alumni_stories.content.model import Batch, Fact, Period, YearMonth

SEED_DATE = dt.date(2019, 9, 29)


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def with_facts(catalog, *extra):
    return dataclasses.replace(catalog, facts=catalog.facts + tuple(extra))


def with_batches(catalog, *changed):
    batches = dict(catalog.batches)
    for batch in changed:
        batches[batch.key] = batch
    return dataclasses.replace(catalog, batches=batches)


def fact(key, figure, value, as_of, text="{value} (fictional test statement)"):
    return Fact(key=key, figure=figure, value=value, as_of=as_of, source="jaif-2019", text={"en": text, "ja": text})


def test_the_real_content_agrees_with_itself(site):
    assert check(site.catalog, site.stories) == []


def test_computed_figures_count_the_data(site):
    computed = compute(site.catalog, site.stories)
    # The seed's four alumni: one each from Cambodia, Lao PDR, Myanmar and Viet Nam; none yet from Timor-Leste.
    assert computed.stories_per_country == {key: (0 if key == "timor-leste" else 1) for key in site.catalog.countries}
    assert computed.stories_per_track == {"mfa": 2, "esc": 2}
    assert computed.stories_per_batch["mfa-8"] == 1 and computed.stories_per_batch["mfa-2"] == 0
    batches = yaml.safe_load((ROOT / "data" / "batches.yml").read_text(encoding="utf-8"))
    assert computed.batches_per_track == {t: sum(1 for b in batches if b["track"] == t) for t in ("mfa", "esc")}
    assert computed.batches_by_status["mfa"] == {"completed": sum(1 for b in batches if b["track"] == "mfa")}
    # From the earliest year a source gives for a track (2001) to the end of the latest batch (January 2024).
    assert (computed.first_year, computed.last_year) == (2001, 2024)


def test_a_later_statement_supersedes_and_the_earlier_stays(site):
    later = fact("graduates-2030", "graduates", 120, dt.date(2030, 1, 1))
    history = next(h for h in histories(with_facts(site.catalog, later).facts) if h.figure == "graduates")
    assert history.current is later
    assert [f.key for f in history.earlier] == ["officers-trained-2024", "dispatched-brief", "graduates-2019"]


def test_the_2024_statements_are_current_and_the_2019_ones_earlier(site):
    by_figure = {h.figure: h for h in histories(site.catalog.facts)}
    assert (by_figure["graduates"].current.value, by_figure["graduates"].current.as_of) == (120, dt.date(2024, 1, 24))
    assert "graduates-2019" in [f.key for f in by_figure["graduates"].earlier]
    mfa = by_figure["batches_completed.mfa"]
    assert mfa.current.value == 17 and [f.key for f in mfa.earlier][:1] == ["mfa-batches-2019"]
    # "Scheduled to begin in 2019" is replaced by the statement that the batches after them were completed.
    assert "next_batches" not in by_figure and "next-batches-2019" in [f.key for f in mfa.earlier]


def test_sources_that_disagree_on_a_year_are_both_kept(site):
    history = next(h for h in histories(site.catalog.facts) if h.figure == "track_start.mfa")
    years = {history.current.value, *(f.value for f in history.disagreeing)}
    assert years == {2001, 2002} and history.earlier == ()
    assert {history.current.source, *(f.source for f in history.disagreeing)} == {"jaif-2019-ja", "asec-2015"}


def test_a_later_year_does_not_supersede_an_earlier_statement_of_it():
    a = fact("start-a", "track_start.fictional", 2001, dt.date(2019, 1, 1))
    b = fact("start-b", "track_start.fictional", 2002, dt.date(2020, 1, 1))
    same = fact("start-c", "track_start.fictional", 2002, dt.date(2015, 1, 1))
    (history,) = histories([a, b, same])
    assert history.current is b and history.disagreeing == (a,) and history.earlier == (same,)


def test_statements_are_grouped_by_what_they_are_about(site):
    history = next(h for h in histories(site.catalog.facts) if h.figure == "batches_completed.mfa")
    assert (history.measure, history.subject) == ("batches_completed", "mfa")


def test_a_later_count_of_completed_batches_that_the_data_contradicts(site):
    contradiction = fact("mfa-batches-fictional", "batches_completed.mfa", 14, dt.date(2030, 1, 1))
    findings = check(with_facts(site.catalog, contradiction), site.stories)
    assert len(findings) == 1
    text = str(findings[0])
    assert "data/facts.yml [mfa-batches-fictional]" in text and "data/batches.yml" in text
    assert "14" in text and "17" in text


def test_a_completed_batch_beyond_the_published_count_is_named(site):
    extra = Batch(track="mfa", number=18, period=None, status="completed", size=None, sources=("jaif-2024",))
    findings = check(with_batches(site.catalog, extra), site.stories)
    assert any("mfa-18" in str(f) and "[mfa-batches-2024]" in str(f) for f in findings)


def test_a_batch_known_only_from_a_later_source_does_not_contradict_an_older_count(site):
    later_source = dataclasses.replace(site.catalog.sources["jaif-2019"], key="fictional-2030", date=dt.date(2030, 1, 1))
    catalog = dataclasses.replace(site.catalog, sources={**site.catalog.sources, "fictional-2030": later_source})
    extra = Batch(track="mfa", number=18, period=None, status="completed", size=None, sources=("fictional-2030",))
    assert check(with_batches(catalog, extra), site.stories) == []


def test_two_values_for_one_figure_on_one_date(site):
    twin = fact("graduates-2019-again", "graduates", 89, SEED_DATE)
    findings = check(with_facts(site.catalog, twin), site.stories)
    assert any("[graduates-2019]" in f.first and "[graduates-2019-again]" in f.second for f in findings)


def test_a_story_outside_its_batch_period(fictional_project_dir):
    site = load_site(fictional_project_dir)  # a fictional person of the 8th batch, attached 2006-2007
    batch = dataclasses.replace(site.catalog.batches["mfa-8"], period=Period(YearMonth(2008), YearMonth(2009)))
    findings = check(with_batches(site.catalog, batch), site.stories)
    story_findings = [f for f in findings if f.first.startswith("stories/keomanivong-sisouphan.en.md")]
    assert len(story_findings) == 1
    assert story_findings[0].second == "data/batches.yml [mfa-8]"
    assert "2006–2007" in str(story_findings[0]) and "2008–2009" in str(story_findings[0])


def test_a_batch_before_its_track_began_and_out_of_order(site):
    early = dataclasses.replace(site.catalog.batches["mfa-2"], period=Period(YearMonth(1999), YearMonth(2000)))
    findings = [str(f) for f in check(with_batches(site.catalog, early), site.stories)]
    # The earliest year a source gives for the track (2001, JAIF 2019) is the one a batch may not precede.
    assert any("data/facts.yml [mfa-since-2001]" in f and "[mfa-2]" in f for f in findings)
    out_of_order = dataclasses.replace(site.catalog.batches["mfa-9"], period=Period(YearMonth(2005)))
    findings = [str(f) for f in check(with_batches(site.catalog, out_of_order), site.stories)]
    assert any("[mfa-8]" in f and "[mfa-9]" in f and "starts before" in f for f in findings)


def test_a_year_before_the_programme_began(site):
    early = dataclasses.replace(site.catalog.batches["mfa-2"], period=Period(YearMonth(1998)))
    findings = [str(f) for f in check(with_batches(site.catalog, early), site.stories)]
    assert any("[programme-since-1999]" in f and "1998" in f for f in findings)


def test_batch_sizes_that_do_not_add_up_to_the_graduates(site):
    completed = [b for b in site.catalog.batches.values() if b.status == "completed"]
    sized = [dataclasses.replace(b, size=5) for b in completed]  # 23 completed batches x 5 = 115, not 120
    findings = [str(f) for f in check(with_batches(site.catalog, *sized), site.stories)]
    assert any("[officers-trained-2024]" in f and str(5 * len(completed)) in f for f in findings)
    one_large = dataclasses.replace(completed[0], size=200)  # known sizes alone already exceed 120
    findings = [str(f) for f in check(with_batches(site.catalog, one_large), site.stories)]
    assert any("[officers-trained-2024]" in f and "200" in f for f in findings)


def test_upcoming_batches_must_be_in_the_data(site):
    wrong = fact("next-fictional", "next_batches", "mfa-16, esc-9", dt.date(2019, 10, 1))
    findings = [str(f) for f in check(with_facts(site.catalog, wrong), site.stories)]
    assert any("esc-9" in f and "[next-fictional]" in f for f in findings)


@pytest.mark.parametrize("inner,outer,inside", [
    ((2006, None, 2007, None), (2006, None, 2007, None), True),
    ((2006, 4, 2007, 3), (2006, None, 2007, None), True),
    ((2005, None, 2006, None), (2006, None, 2007, None), False),
    ((2006, None, 2008, None), (2006, None, 2007, None), False),
    ((2006, 3, 2007, 3), (2006, 4, 2007, 3), False),
    ((2016, None, 2017, None), (2013, None, None, None), True),  # a batch known only by its start year
])
def test_period_within(inner, outer, inside):
    def period(a, b, c, d):
        return Period(YearMonth(a, b), YearMonth(c, d) if c else None)
    assert period_within(period(*inner), period(*outer)) is inside
