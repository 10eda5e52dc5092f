"""Stories appear in chronological order of the attachment period; ties by batch, then name."""
from __future__ import annotations

import datetime as dt

from conftest import ROOT, real_front_matter
from fictional_site import SLUGS as FICTIONAL_ORDER

from alumni_stories.site.views import load_site
from alumni_stories.content.model import Period, Story, StoryText, YearMonth
from alumni_stories.content.ordering import chronological


def make(slug, start, end, batch=1, name=None):
    text = StoryText(language="en", path=slug, name=name or slug, honorific=None, ministry=None, role_title="r",
                     pull_quote="q", takeaways=(), author="a", body="")
    return Story(slug=slug, country="cambodia", track="mfa", batch=batch, period=Period(start, end),
                 role_as_of=dt.date(2020, 1, 1), published=dt.date(2020, 1, 1), portrait_file=None,
                 texts={"en": text})


def test_real_stories_are_in_order_of_their_files_periods():
    files = real_front_matter()
    slugs = [s.slug for s in load_site(ROOT).stories]
    assert sorted(slugs) == sorted(files)
    periods = [(str(files[s]["en"]["period"]["start"]), str(files[s]["en"]["period"]["end"])) for s in slugs]
    assert periods == sorted(periods)


def test_fictional_stories_follow_the_stated_order(fictional_project_dir):
    """Eight fictional people with ties on period and batch (tests/fictional_site.py lists them in order)."""
    assert [s.slug for s in load_site(fictional_project_dir).stories] == FICTIONAL_ORDER


def test_order_is_by_start_then_end():
    later = make("later", YearMonth(2010), YearMonth(2011))
    earlier = make("earlier", YearMonth(2009), YearMonth(2012))
    shorter = make("shorter", YearMonth(2009), YearMonth(2010))
    assert [s.slug for s in chronological([later, earlier, shorter])] == ["shorter", "earlier", "later"]


def test_month_orders_within_a_year():
    april = make("april", YearMonth(2010, 4), YearMonth(2011))
    year_only = make("year-only", YearMonth(2010), YearMonth(2011))
    october = make("october", YearMonth(2010, 10), YearMonth(2011))
    assert [s.slug for s in chronological([october, april, year_only])] == ["year-only", "april", "october"]


def test_ties_broken_by_batch_then_name():
    same = (YearMonth(2015), YearMonth(2016))
    stories = [make("c", *same, batch=2, name="Zed Fictional"), make("b", *same, batch=2, name="Ann Fictional"),
               make("a", *same, batch=9, name="Aaron Fictional")]
    assert [s.slug for s in chronological(stories)] == ["b", "c", "a"]
