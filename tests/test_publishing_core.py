"""Drafts, embargoes and translation state, decided in the core so every consumer agrees."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, copy_project, fictional, story_text

from alumni_stories.site.views import load_site
from alumni_stories.outputs.index import story_index
from alumni_stories.content.publishing import MISSING, OUTDATED, PRESENT, TEMPLATE, UNRECORDED, content_status, mark_translated, placeholders

TODAY = dt.date(2030, 6, 15)


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    stories = project / "stories"
    for slug, changes in {
        "fictional-public": {"period": {"start": 2010, "end": 2011}},
        "fictional-draft": {"draft": True, "period": {"start": 2012, "end": 2013}},
        "fictional-embargoed": {"published": "2030-06-16", "period": {"start": 2014, "end": 2015}},
        "fictional-due-today": {"published": "2030-06-15", "period": {"start": 2016, "end": 2017}},
    }.items():
        (stories / f"{slug}.en.md").write_text(story_text(fictional(slug=slug, **changes)), encoding="utf-8")
        (stories / f"{slug}.ja.md").write_text(story_text(fictional("ja"), "架空の本文。\n"), encoding="utf-8")
    return project


def slugs(stories):
    return [s.slug for s in stories]


def test_production_shows_only_public_stories(project):
    site = load_site(project, today=TODAY)
    assert slugs(site.stories) == ["fictional-public", "fictional-due-today"]
    assert sorted(slugs(site.withheld)) == ["fictional-draft", "fictional-embargoed"]
    # Every consumer reads site.stories: the JSON index and the neighbours agree.
    assert [s["slug"] for s in story_index(site)["stories"]] == ["fictional-public", "fictional-due-today"]
    view = site.story_view(site.story("fictional-public"), "en")
    assert view["next"]["url"] == "stories/fictional-due-today/" and view["unpublished"] is None


def test_embargo_ends_on_its_date(project):
    assert "fictional-embargoed" in slugs(load_site(project, today=dt.date(2030, 6, 16)).stories)


def test_preview_shows_everything_in_place_and_marked(project):
    site = load_site(project, include_drafts=True, today=TODAY)
    assert slugs(site.stories) == ["fictional-public", "fictional-draft", "fictional-embargoed",
                                   "fictional-due-today"]
    assert site.withheld == ()
    draft = site.story_view(site.story("fictional-draft"), "ja")["unpublished"]
    assert draft["badge"] == "下書きのプレビュー" and "draft: true" in draft["banner"]
    embargoed = site.story_view(site.story("fictional-embargoed"), "en")["unpublished"]
    assert embargoed["badge"] == "Embargoed until 16 June 2030"
    assert site.story_view(site.story("fictional-public"), "en")["unpublished"] is None


def test_a_translation_may_not_contradict_draft(project):
    ja = project / "stories" / "fictional-draft.ja.md"
    ja.write_text(story_text(fictional("ja", draft=False)), encoding="utf-8")
    from alumni_stories.errors import ContentError
    with pytest.raises(ContentError, match=r"fictional-draft.ja.md:\d+ \[draft\]"):
        load_site(project)


def test_translation_state_follows_the_english_text(project):
    stories = project / "stories"
    english, japanese = stories / "fictional-public.en.md", stories / "fictional-public.ja.md"
    state = {s.slug: s.languages["ja"] for s in content_status(stories)}
    assert state["fictional-public"] == UNRECORDED
    mark_translated(english, japanese)
    assert load_site(project, today=TODAY).story("fictional-public").is_translated("ja")  # still valid
    assert {s.slug: s.languages["ja"] for s in content_status(stories)}["fictional-public"] == PRESENT
    # A neutral fact changes: the translation is still current.
    text = english.read_text(encoding="utf-8")
    assert "published: '2020-01-01'" in text
    english.write_text(text.replace("published: '2020-01-01'", "published: '2021-01-01'"), encoding="utf-8")
    assert {s.slug: s.languages["ja"] for s in content_status(stories)}["fictional-public"] == PRESENT
    # The English text changes: the translation is older than the English.
    english.write_text(english.read_text(encoding="utf-8") + "A new fictional paragraph.\n", encoding="utf-8")
    assert {s.slug: s.languages["ja"] for s in content_status(stories)}["fictional-public"] == OUTDATED
    mark_translated(english, japanese)  # replaces the recorded fingerprint, does not add a second one
    assert japanese.read_text(encoding="utf-8").count("translated_from:") == 1
    assert {s.slug: s.languages["ja"] for s in content_status(stories)}["fictional-public"] == PRESENT


def test_missing_and_template_translations(project):
    stories = project / "stories"
    (stories / "fictional-draft.ja.md").unlink()
    (stories / "fictional-embargoed.ja.md").write_text(story_text(fictional("ja", name="TODO: カタカナの氏名")),
                                                      encoding="utf-8")
    state = {s.slug: s for s in content_status(stories)}
    assert state["fictional-draft"].languages == {"en": PRESENT, "ja": MISSING}
    assert state["fictional-draft"].draft is True
    assert state["fictional-embargoed"].languages["ja"] == TEMPLATE
    assert state["fictional-embargoed"].placeholders == 1
    assert state["fictional-embargoed"].embargoed(TODAY)


def test_real_translations_are_recorded_and_current():
    states = {s.slug: s.languages for s in content_status(ROOT / "stories")}
    assert len(states) == 4 and all(langs == {"en": PRESENT, "ja": PRESENT} for langs in states.values()), states


def test_placeholder_lines_name_their_field():
    text = ("---\nname: ok\ncurrent_role:\n  title: \"TODO: role\"\n  as_of: 2020-01-01  # TODO: date\n"
            "# a comment about TODO without the colon\nauthor: x\n---\n\nTODO: body\n")
    assert placeholders(text) == [(4, "current_role.title"), (5, "current_role.as_of"), (10, "body")]


def test_serve_previews_and_build_publishes():
    from pipeline_support import load_adapter

    from alumni_stories.build.pipeline import PIPELINES
    hook = load_adapter()
    try:
        hook.on_startup(command="serve", dirty=False)
        assert PIPELINES.pipeline(ROOT).command.preview
        hook.on_startup(command="build", dirty=False)
        assert not PIPELINES.pipeline(ROOT).command.preview
    finally:
        PIPELINES.start("build", False)


def test_the_translation_status_keeps_no_copy_of_the_story_texts(tmp_path):
    """The status is asked for every story at every build and save, and kept per file version; it keeps what it
    decided, not the texts (issue 27: every story's text twice more was 15 MiB of a build at 1,000 alumni).
    20 FICTIONAL stories with bodies of 300 KB: 6 MB of text, which the reader keeps once as bytes (a file is read
    once per version) and the front matter reader once as the body; a third copy is the status's."""
    import tracemalloc

    stories = tmp_path / "stories"
    stories.mkdir()
    body = "FICTIONAL text of a long story. " * 9_400 + "\n"
    for number in range(20):
        slug = f"fictional-long-{number:02d}"
        (stories / f"{slug}.en.md").write_text(story_text(fictional(slug=slug), body), encoding="utf-8")
    tracemalloc.start()
    try:
        statuses = content_status(stories)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(statuses) == 20 and all(status.languages["en"] == PRESENT for status in statuses)
    assert kept < 2.5 * 20 * len(body), f"{kept / 1e6:.1f} MB kept"
