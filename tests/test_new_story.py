"""The new-profile command: a fictional alumnus becomes two valid, commented story files; bad answers write nothing."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT, copy_project
from publishing_fixtures import new_story

from alumni_stories.errors import ContentError
from alumni_stories.content.stories import NEUTRAL_FIELDS
from alumni_stories.site.views import load_site
from alumni_stories.cli.profiles import AnswerError, parse_period, slug_for

BASIC = ["--country", "Viet Nam", "--track", "mfa", "--batch", "10", "--period", "2010-2011"]
NAME = "Fictional Đặng Thị Ánh (test fixture)"
SLUG = "fictional-dang-thi-anh-test-fixture"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("name,slug", [("Fictional Lê Văn Ví Dụ", "fictional-le-van-vi-du"),
                                       ("Fictional Sok Example", "fictional-sok-example"),
                                       ("Fictional Đặng  Thị-Ánh (test)", "fictional-dang-thi-anh-test")])
def test_slug_folds_diacritics(name, slug):
    assert slug_for(name) == slug


@pytest.mark.parametrize("text,expected", [("2010-2011", (2010, 2011)), ("2010/2011", (2010, 2011)),
                                           ("2010–2011", (2010, 2011)), ("2010-04/2011-03", ("2010-04", "2011-03"))])
def test_period_forms(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2011-2010", "2010", "20-21", "2010-13/2011-01"])
def test_bad_periods_are_refused(text):
    with pytest.raises(AnswerError):
        parse_period(text)


def test_draft_from_options_is_valid_and_held_back(project):
    result = new_story(project, "--name", NAME, *BASIC, "--no-input")
    assert result.returncode == 0, result.stderr
    english, japanese = project / "stories" / f"{SLUG}.en.md", project / "stories" / f"{SLUG}.ja.md"
    assert english.is_file() and japanese.is_file()
    data = front_matter(english)
    assert (data["slug"], data["name"], data["country"], data["track"], data["batch"]) == (
        SLUG, NAME, "viet-nam", "mfa", 10)
    assert data["period"] == {"start": 2010, "end": 2011} and data["draft"] is True
    # The draft passes every check, previews, and stays off the published site.
    preview = load_site(project, include_drafts=True)
    assert SLUG in [s.slug for s in preview.stories]
    published = load_site(project)
    assert SLUG not in [s.slug for s in published.stories]
    assert SLUG in [s.slug for s in published.withheld]
    # The command told the editor what is left to fill in, with lines.
    assert f"stories/{SLUG}.en.md:" in result.stdout and "[pull_quote]" in result.stdout


def test_every_field_is_present_and_explained(project):
    assert new_story(project, "--name", NAME, *BASIC, "--no-input").returncode == 0
    schemas = {"en": "story.schema.json", "ja": "story-translation.schema.json"}
    for language, schema_name in schemas.items():
        text = (project / "stories" / f"{SLUG}.{language}.md").read_text(encoding="utf-8")
        lines = text.split("\n")
        fields = json.loads((ROOT / "schema" / schema_name).read_text(encoding="utf-8"))["properties"]
        # A translation may restate the English file's neutral facts (the loader's list), never needs to.
        neutral = set(NEUTRAL_FIELDS) if language == "ja" else set()
        for field in set(fields) - neutral:
            # the field itself, or (optional portrait) its commented-out lines, after a comment explaining it
            at = [i for i, line in enumerate(lines) if re.match(rf"(# )?{field}:(\s|$)", line)]
            assert at, f"{language}: field {field} is not in the template"
            assert lines[at[-1] - 1].startswith("#"), f"{language}: field {field} has no explaining comment"


def test_interactive_answers(project):
    answers = "\n".join([NAME, "atlantis", "Viet Nam", "navy", "mfa", "99", "10", "2011-2010", "2010-2011",
                         "フィクション・ダン・ティ・アイン", ""]) + "\n"
    result = new_story(project, stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "unknown country 'atlantis'" in result.stdout and "unknown track 'navy'" in result.stdout
    assert "batch 99 of track mfa is not in data/batches.yml" in result.stdout
    assert "ends before it starts" in result.stdout
    ja = front_matter(project / "stories" / f"{SLUG}.ja.md")
    assert ja["name"] == "フィクション・ダン・ティ・アイン"


@pytest.mark.parametrize("option,value,message", [("--country", "atlantis", "unknown country"),
                                                  ("--track", "navy", "unknown track"),
                                                  ("--batch", "99", "is not in data/batches.yml"),
                                                  ("--period", "2011-2010", "ends before it starts")])
def test_bad_answer_writes_nothing(project, option, value, message):
    args = dict(zip(BASIC[::2], BASIC[1::2]), **{option: value})
    result = new_story(project, "--name", NAME, *[x for pair in args.items() for x in pair], "--no-input")
    assert result.returncode == 2 and message in result.stderr
    assert not list((project / "stories").glob("fictional-*"))


def test_missing_required_answer_without_input(project):
    result = new_story(project, "--name", NAME, "--no-input")
    assert result.returncode == 2 and "--country is missing" in result.stderr


def test_refuses_to_overwrite_an_existing_story(project):
    (project / "stories" / f"{SLUG}.en.md").write_text("---\nslug: a fictional file already there\n---\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / "stories").glob(f"{SLUG}.*")}
    result = new_story(project, "--name", NAME, *BASIC, "--no-input")
    assert result.returncode == 1 and f"stories/{SLUG}.en.md" in result.stderr
    assert "already exists; nothing was written" in result.stderr
    assert {p.name: p.read_bytes() for p in (project / "stories").glob(f"{SLUG}.*")} == before


def test_publish_needs_every_text(project):
    result = new_story(project, "--name", NAME, *BASIC, "--no-input", "--publish", "--role", "Fictional role")
    assert result.returncode == 2
    assert "--quote" in result.stderr and "--ja-body-file" in result.stderr and "--role " not in result.stderr
    assert not list((project / "stories").glob("fictional-*"))


def test_a_draft_cannot_be_published_with_placeholders(project):
    assert new_story(project, "--name", NAME, *BASIC, "--no-input").returncode == 0
    english = project / "stories" / f"{SLUG}.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(project)
    found = {(p.file, p.field) for p in caught.value.problems}
    assert (f"stories/{SLUG}.en.md", "pull_quote") in found
    assert (f"stories/{SLUG}.en.md", "current_role.as_of") in found
    assert (f"stories/{SLUG}.en.md", "body") in found
    assert (f"stories/{SLUG}.ja.md", "name") in found
    assert all(p.line and "draft: true" in p.fix for p in caught.value.problems)
