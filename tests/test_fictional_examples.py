"""Only fictional people in fixtures, examples and help: the real alumni's names and slugs (read from stories/)
appear in none of them. Tests that inspect the real built site may name the real pages they read; nothing may
put a real person into an invented situation (a broken file, a renamed or withdrawn story, a chart label)."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

# Where examples and fixtures live: the guides, the command's help and template, the test fixtures, the tests
# that edit or invent content, and the benchmark's generator.
EXAMPLES = [*sorted((ROOT / "docs" / "guide").glob("*.md")), *sorted((ROOT / "docs" / "partners").glob("*.md")),
            *sorted((ROOT / "alumni_stories" / "cli").glob("*.py")),
            ROOT / "tests" / "conftest.py", ROOT / "tests" / "publishing_fixtures.py", ROOT / "bench" / "generate.py",
            ROOT / "tests" / "test_charts.py", ROOT / "tests" / "test_check_content.py",
            ROOT / "tests" / "test_new_story.py"]


def real_people() -> list[str]:
    """Every real alumnus's slug, full name and name parts of at least four letters, in every language."""
    found = set()
    for path in (ROOT / "stories").glob("*.md"):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        found.add(path.name.split(".")[0])
        if data.get("name"):
            found.add(data["name"])
            found |= {part for part in re.split(r"[\s・]", data["name"]) if len(part) >= 4}
    return sorted(found)


def test_the_real_people_are_known():
    people = real_people()
    assert "ekkaphab-phanthavong" in people and "エカパープ・パンタヴォン" in people and len(people) > 8


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_real_person_in_examples_fixtures_or_help(path):
    text = path.read_text(encoding="utf-8")
    folded = text.lower()
    found = [name for name in real_people() if name.lower() in folded]
    assert found == [], f"{path.relative_to(ROOT)} names real people: {found}; use a visibly fictional example"
