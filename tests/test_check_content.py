"""The check command: every problem with file, field and fix, a translation table, drafts; the same rules as the build."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT, copy_project, fictional, run_build, story_text
from publishing_fixtures import BUILD_INDEX, check_content, new_story, run_script

# The real stories, read from stories/ (the test checks the real content; it names nobody itself).
SEED = sorted(p.name.split(".")[0] for p in (ROOT / "stories").glob("*.en.md"))


def table_rows(output: str) -> dict:
    rows = {}
    for line in output.split("Translations (story × language):")[1].splitlines()[3:]:
        if not line.startswith("  ") or ":" in line:
            break
        cells = re.split(r"\s{2,}", line.strip())
        rows[cells[0]] = cells[1:]
    return rows


def test_real_content_passes_and_prints_the_table():
    result = check_content(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems." in result.stdout
    rows = table_rows(result.stdout)
    assert sorted(rows) == SEED
    assert all(row == ["present", "present", "published", "0"] for row in rows.values()), rows
    assert "Drafts: 0" in result.stdout and "Published site: 4 stories." in result.stdout


def test_broken_story_exits_non_zero_naming_file_field_and_fix(tmp_path):
    project = copy_project(tmp_path / "project")
    # Only fictional people are broken on purpose: the real alumni's files are left as they are.
    (project / "stories" / "fictional-broken.en.md").write_text(
        story_text(fictional(slug="fictional-broken", batch="two")), encoding="utf-8")
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional(country="atlantis")),
                                                                encoding="utf-8")
    result = check_content(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(re.match(r"\s+- stories/fictional-broken\.en\.md:\d+ \[batch\]: .* -> write .*whole number", l)
               for l in lines), result.stdout
    assert any("stories/fictional-alumna.en.md" in l and "[country]" in l and "-> use one of:" in l
               for l in lines), result.stdout
    # The table is still printed, so a broken story does not hide the state of the others.
    rows = table_rows(result.stdout)
    assert rows["fictional-alumna"][:2] == ["present", "missing"]
    assert "Not ready" in result.stdout


def test_drafts_embargoes_and_outdated_translations_are_counted(tmp_path):
    project = copy_project(tmp_path / "project")
    assert new_story(project, "--name", "Fictional Draft (test fixture)", "--country", "myanmar", "--track", "esc",
                     "--batch", "3", "--period", "2016-2017", "--no-input").returncode == 0
    (project / "stories" / "fictional-later.en.md").write_text(
        story_text(fictional(slug="fictional-later", published="2099-12-31")), encoding="utf-8")
    english = project / "stories" / "fictional-alumna.en.md"
    english.write_text(story_text(fictional()), encoding="utf-8")
    (project / "stories" / "fictional-alumna.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    assert check_content(project, "--mark-translated", "fictional-alumna").returncode == 0
    english.write_text(english.read_text(encoding="utf-8").rstrip("\n") + " A fictional added sentence.\n",
                       encoding="utf-8")
    result = check_content(project)
    assert result.returncode == 0, result.stdout
    rows = table_rows(result.stdout)
    assert rows["fictional-draft-test-fixture"] == ["present", "template, to translate", "draft", "13"]  # issue 26: quotes (both files) and consent add three
    assert rows["fictional-later"][1:3] == ["missing", "embargoed until 31 December 2099"]
    assert rows["fictional-alumna"][1] == "English newer"
    assert "Drafts: 1 (fictional-draft-test-fixture)" in result.stdout
    assert "Embargoed: 1 (fictional-later until 2099-12-31)" in result.stdout
    marked = check_content(project, "--mark-translated", "fictional-alumna")
    assert table_rows(marked.stdout)["fictional-alumna"][1] == "present"


@pytest.mark.slow
def test_build_index_and_build_apply_the_same_checks(tmp_path):
    """A published story still holding a template placeholder: the check, the index and the build all refuse it."""
    project = copy_project(tmp_path / "project")
    text = story_text(fictional(pull_quote="TODO: one quote, word for word from the source"))
    (project / "stories" / "fictional-alumna.en.md").write_text(text, encoding="utf-8")
    expected = re.compile(r"stories/fictional-alumna\.en\.md:\d+ \[pull_quote\]: still holds a template placeholder")
    check = check_content(project)
    index = run_script(BUILD_INDEX, tmp_path / "index.json", "--root", project)
    build = run_build(project, tmp_path / "site")
    assert check.returncode == 1 and expected.search(check.stdout)
    assert index.returncode == 1 and expected.search(index.stderr)
    assert build.returncode != 0 and expected.search(build.stderr) and "Traceback" not in build.stderr
    assert not (tmp_path / "site").exists()
