"""Only fictional people in tests, fixtures, examples and help: no real alumnus's slug or name (read from
stories/ at run time, in every language, whole, in parts, and written without its 「・」) appears in any file
under tests/, in the schemas (the editing form's labels and hints), in the guides (both languages, as written and
as built), the partner guide, the command's help and template, or the benchmark's generator. Tests about the real
content iterate over the catalog; tests that need known people use the fictional content set
(tests/fictional_site.py)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, real_front_matter

KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff"  # katakana letters and ー, not the middle dot 「・」 that separates names
NAME_SEPARATORS = r"[\s・･\-]+"

# Every file under tests/ (this one included: it must not name anyone to find them), then the examples and help.
EXAMPLES = [*sorted(p for p in (ROOT / "tests").rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".md",
                                                                                            ".yml", ".txt")
                    and "node_modules" not in p.parts and "__pycache__" not in p.parts),
            *sorted((ROOT / "docs" / "guide").glob("*.md")), *sorted((ROOT / "docs" / "partners").glob("*.md")),
            *sorted((ROOT / "schema").glob("*.json")),  # the form's labels and hints come from here
            *sorted((ROOT / "alumni_stories" / "cli").glob("*.py")), ROOT / "bench" / "generate.py"]


def real_people() -> list[str]:
    """Every real alumnus's slug, full name, the name without its separators, and each part of it (a Latin part
    of three letters or more, a katakana part of two or more), in every language."""
    found = set()
    for slug, languages in real_front_matter().items():
        found.add(slug)
        for fields in languages.values():
            name = fields.get("name") or ""
            if not name:
                continue
            found |= {name, re.sub(NAME_SEPARATORS, "", name)}
            for part in re.split(NAME_SEPARATORS, name):
                if len(part) >= (3 if part.isascii() else 2):
                    found.add(part)
    return sorted(found)


def pattern(name: str) -> re.Pattern:
    """`name` as a whole word: not inside a longer Latin word (Ravuth, not Ravuthy), nor inside a longer
    katakana word (a two-letter name part such as a given name is not flagged inside チーム or ステップ)."""
    if name.isascii():
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(rf"(?<![{KATAKANA}]){re.escape(name)}(?![{KATAKANA}])")


def named_in(text: str) -> list[str]:
    return [name for name in real_people() if pattern(name).search(text)]


def test_the_real_people_are_known_and_the_check_finds_them():
    files = real_front_matter()
    people = real_people()
    assert files and set(files) <= set(people)
    for slug, languages in files.items():
        for fields in languages.values():
            name = fields["name"]
            assert named_in(f"A sentence about {name}.") and named_in(f"「{name}」")
            for part in re.split(NAME_SEPARATORS, name):
                if part in people:
                    assert named_in(f"({part})") == [part] or part in named_in(f"({part})")
                    if not part.isascii():
                        assert part not in named_in(f"ス{part}ム"), "a katakana word holding the part is no name"
            if "・" in name:  # the same name typed without its middle dots is found too
                assert named_in(name.replace("・", ""))
        assert named_in(f"stories/{slug}/") == [slug] or slug in named_in(f"stories/{slug}/")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_real_person_in_tests_examples_fixtures_or_help(path):
    found = named_in(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(ROOT)} names real people: {found}; use a fictional person " \
                        "(tests/fictional_site.py) or the catalog's stories read at run time"


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_no_real_person_in_the_built_guide(built_site, prefix):
    pages = sorted((built_site / prefix / "guide").rglob("index.html"))
    assert pages
    for page in pages:
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article, main")
        found = named_in(main.get_text(" "))
        assert found == [], f"{page.relative_to(built_site)} names real people: {found}"


def test_no_real_person_in_the_editing_forms_labels_and_hints():
    """The form (/admin/) shows every schema's words beside its fields, in the guide's screenshots too."""
    from alumni_stories.outputs import cms
    config, _ = cms.generate(ROOT)
    words = []

    def collect(node):
        if isinstance(node, dict):
            words.extend(str(node[key]) for key in ("label", "hint", "description", "label_singular") if key in node)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(config["collections"])
    assert len(words) > 50 and any("fictional" in word for word in words)
    assert named_in("\n".join(words)) == []
