"""What the editing server writes for a save (alumni_stories/cli/edit_saves.py), without a browser: the file as it
was but for the entries the form changed, and `translated_from` for a saved translation. FICTIONAL content."""
from __future__ import annotations

import difflib

import yaml

from alumni_stories.cli.edit_saves import mark_translation, splice, splice_story
from alumni_stories.content import frontmatter
from alumni_stories.content.publishing import english_fingerprint
from tests.conftest import ROOT, fictional, story_text


def _as_decap_writes(value) -> str:
    """Every entry in block style, no comments, no blank lines: how the form's own writer puts it."""
    return "# header\n" + yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def test_one_changed_country_is_the_only_change_in_the_file():
    original = (ROOT / "data" / "countries.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    changed = next(iter(data))
    data[changed]["name"]["en"] = "Fictional Renamed Country"
    data["fictional-land"] = {"slug": "fictional-land", "name": {"en": "Fictional Land", "ja": "架空の国"}}
    written = splice(original, _as_decap_writes(data))
    assert yaml.safe_load(written) == data
    # Only the changed country's lines differ; every other line (countries, comments) is as it was, in order.
    lines = original.splitlines()
    first = lines.index(f"{changed}:")
    last = next(i for i in range(first + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    removed = [line[2:] for line in difflib.ndiff(lines, written.splitlines()) if line.startswith("- ")]
    assert removed and all(line in lines[first:last] for line in removed), removed
    assert written.startswith("\n".join(lines[:first]) + "\n")
    assert "\n".join(lines[last:]) in written


def test_a_batch_edited_in_place_keeps_every_other_batch_and_its_comments():
    original = (ROOT / "data" / "batches.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data[3]["status"] = "ongoing"
    written = splice(original, _as_decap_writes(data))
    assert yaml.safe_load(written) == data
    before, after = original.splitlines(), written.splitlines()
    changed = [line for line in after if line not in before]
    assert changed and all("ongoing" in line or line.startswith("  - ") or line == "  sources:" for line in changed), changed
    assert after[: 8] == before[: 8]  # the comment block at the top


def test_a_text_that_cannot_be_matched_is_written_as_the_form_sent_it():
    assert splice("a: [1, 2]\n", "- 1\n- 2\n") == "- 1\n- 2\n"  # a mapping became a list
    assert splice("broken: [\n", "fixed: 1\n") == "fixed: 1\n"


def test_a_story_keeps_its_guidance_comments_and_untouched_fields():
    english = story_text(fictional("en", slug="fictional-saved"))
    original = english.replace("pull_quote:", "# pull_quote: a fictional guidance comment\npull_quote:", 1)
    data = frontmatter.split(original, "x")[0]
    data["name"] = "Fictional Saved Alumna (renamed in the form)"
    written = splice_story(original, "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nA new body.\n")
    assert "# pull_quote: a fictional guidance comment\n" in written
    assert frontmatter.split(written, "x")[0] == data and written.endswith("A new body.\n")
    untouched = [line for line in original.split("---")[1].splitlines() if line and not line.startswith("name:")]
    assert all(line in written.splitlines() for line in untouched)


def test_a_saved_translation_records_the_english_it_matches_and_an_untouched_one_does_not():
    english = story_text(fictional("en", slug="fictional-saved"))
    data, body = frontmatter.split(english, "en")[:2]
    translation = story_text(fictional("ja"))
    marked = mark_translation(english, translation, before=None)
    assert frontmatter.split(marked, "ja")[0]["translated_from"] == english_fingerprint(data, body)
    assert mark_translation(english, translation, before=translation) == translation  # only the English changed
