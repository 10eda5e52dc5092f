"""One test per validation rule: each breaks one thing and expects one message naming file, field and fix."""
from __future__ import annotations

import pytest
from conftest import copy_project, fictional, story_text

from alumni_stories.errors import ContentError
from alumni_stories.site.views import load_site


@pytest.fixture
def empty_project(tmp_path):
    return copy_project(tmp_path / "project", stories=False)


def write(project, name, text):
    path = project / "stories" / name
    path.write_text(text, encoding="utf-8") if isinstance(text, str) else path.write_bytes(text)
    return path


def problems_of(project):
    with pytest.raises(ContentError) as caught:
        load_site(project)
    return caught.value.problems


def only_problem(project, file, field):
    problems = problems_of(project)
    assert [(p.file, p.field) for p in problems] == [(f"stories/{file}", field)], problems
    assert problems[0].fix, "every problem says what to do"
    return problems[0]


def test_valid_fictional_story_loads(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional()))
    write(empty_project, "fictional-alumna.ja.md", story_text(fictional("ja"), "架空の本文。\n"))
    site = load_site(empty_project)
    assert [s.slug for s in site.stories] == ["fictional-alumna"]
    assert site.stories[0].text("ja").name == "架空の修了生（テスト用）"


def test_malformed_yaml(empty_project):
    write(empty_project, "fictional-alumna.en.md", "---\nname: [unclosed\nslug: x\n---\nbody\n")
    problem = only_problem(empty_project, "fictional-alumna.en.md", "name")
    # The real cause, at the line where the bracket opened (not where YAML gave up).
    assert "'[' opened on this line is never closed" in problem.message and problem.line == 2


def test_missing_field(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(pull_quote=None)))
    # The field named is the one missing (issue 25: every message names its field), at the line of its parent.
    problem = only_problem(empty_project, "fictional-alumna.en.md", "pull_quote")
    assert "'pull_quote' is missing" in problem.message and "pull_quote:" in problem.fix


def test_mistyped_field_value(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(batch="eighth")))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "batch")
    assert "wrong form" in problem.message and "whole number" in problem.fix
    assert problem.line is not None


def test_misspelled_field_name(empty_project):
    data = fictional()
    data["contry"] = data.pop("country")
    write(empty_project, "fictional-alumna.en.md", story_text(data))
    messages = [str(p) for p in problems_of(empty_project)]
    assert any("unknown field contry" in m for m in messages), messages
    assert any("'country' is missing" in m for m in messages), messages


def test_unknown_country(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(country="atlantis")))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "country")
    assert "atlantis" in problem.message and "lao-pdr" in problem.fix


def test_unknown_track(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(track="navy")))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "track")
    assert "navy" in problem.message and "mfa" in problem.fix


def test_unknown_batch(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(batch=99)))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "batch")
    assert "99" in problem.message and "data/batches.yml" in problem.fix


def test_period_ends_before_it_starts(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(period={"start": 2017, "end": 2016})))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "period")
    assert "ends before it starts" in problem.message


def test_period_month_out_of_range(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(period={"start": "2016-13", "end": 2017})))
    problem = only_problem(empty_project, "fictional-alumna.en.md", "period.start")
    assert "2016-13" in problem.message


def test_duplicate_slug(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional()))
    write(empty_project, "fictional-alumna-copy.en.md", story_text(fictional()))
    messages = [str(p) for p in problems_of(empty_project)]
    # One message, on the copy, naming the story whose slug it takes; the fix never renames onto that story.
    assert len(messages) == 1 and messages[0].startswith("stories/fictional-alumna-copy.en.md"), messages
    assert "already the slug of stories/fictional-alumna.en.md" in messages[0], messages
    assert "set slug: fictional-alumna-copy" in messages[0] and "never rename" in messages[0], messages


def test_two_stories_with_one_slug_neither_named_after_it(empty_project):
    write(empty_project, "fictional-alumna-a.en.md", story_text(fictional()))
    write(empty_project, "fictional-alumna-b.en.md", story_text(fictional()))
    messages = [str(p) for p in problems_of(empty_project)]
    assert any("already used by stories/fictional-alumna-a" in m for m in messages), messages


@pytest.mark.parametrize("slug", ["Fictional-Alumna", "fictional_alumna", "fictional alumna", "-fictional", "ficción"])
def test_slug_must_be_lowercase_letters_digits_hyphens(empty_project, slug):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(slug=slug)))
    messages = [str(p) for p in problems_of(empty_project)]
    assert any("[slug]" in m and "lowercase letters, digits and hyphens" in m for m in messages), messages


def test_slug_must_match_file_name(empty_project):
    write(empty_project, "another-name.en.md", story_text(fictional()))
    problem = only_problem(empty_project, "another-name.en.md", "slug")
    assert "differs from the file name" in problem.message


@pytest.mark.parametrize("field,value", [("batch", 4), ("country", "myanmar"),
                                         ("period", {"start": 2015, "end": 2016}), ("published", "2021-01-01")])
def test_translation_disagrees_on_a_neutral_fact(empty_project, field, value):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional()))
    write(empty_project, "fictional-alumna.ja.md", story_text(fictional("ja", **{field: value})))
    problem = only_problem(empty_project, "fictional-alumna.ja.md", field)
    assert "English file says" in problem.message


def test_translation_may_restate_an_agreeing_fact(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional()))
    write(empty_project, "fictional-alumna.ja.md", story_text(fictional("ja", batch=3, country="cambodia")))
    assert load_site(empty_project).stories[0].is_translated("ja")


def test_translation_disagrees_on_role_date(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional()))
    ja = fictional("ja", current_role={"title": "架空", "as_of": "2021-05-05"})
    write(empty_project, "fictional-alumna.ja.md", story_text(ja))
    only_problem(empty_project, "fictional-alumna.ja.md", "current_role.as_of")


def test_translation_without_english_file(empty_project):
    write(empty_project, "fictional-alumna.ja.md", story_text(fictional("ja")))
    problem = only_problem(empty_project, "fictional-alumna.ja.md", "")
    assert "no English file" in problem.message


def test_all_problems_reported_at_once(empty_project):
    write(empty_project, "fictional-alumna.en.md", story_text(fictional(country="atlantis", track="navy")))
    write(empty_project, "fictional-other.en.md", story_text(fictional(slug="fictional-other", batch="x")))
    fields = sorted(p.field for p in problems_of(empty_project))
    assert fields == ["batch", "country", "track"]


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"no front matter here\n", "no front matter"),
    (b"---\n- a\n- list\n---\nbody\n", "not a list"),
    (b"---\nname: \xff\xfe\n---\n", "not UTF-8"),
])
def test_unreadable_files_are_explained(empty_project, content, expected):
    write(empty_project, "fictional-alumna.en.md", content)
    problem = only_problem(empty_project, "fictional-alumna.en.md", "")
    assert expected in problem.message
