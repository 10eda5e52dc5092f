"""Property-based: whatever an editor (or an attacker) writes into a data file or a story, the one validator
answers with problems, never a traceback, and every path the build would write stays inside site/.

Hypothesis breaks a FICTIONAL copy of the project: a data file (countries, tracks, batches, sources, facts,
strings, the URL manifest, the publishing settings) with a value replaced or hostile text spliced in, or the
fictional story's front matter or body. The validator is the one the check command and the build share.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import fictional, story_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contract import EN, fictional_project

from alumni_stories.content.catalog import DATA_FILES
from alumni_stories.errors import ContentError, path_inside
from alumni_stories.outputs.validation import validate

EXAMPLES = 150  # per test: a few hundred in all

HOSTILE = ["&a ", "*a", "!!python/object/apply:os.system [id]", "\t", '"', "'", ": ", " #", "\x07", "\x1b[2J",
           "../", "../../etc/passwd", "{x.__class__}", "{value!r}", "{", "}", "[", "]", "javascript:alert(1)",
           "data:text/html,x", "<script>alert(1)</script>", "- ", "? ", "%YAML 1.1\n", "---\n", "...\n", "\ufeff",
           "\u202e", "true", "-1", "1e309", ".nan", "9" * 40, "\n  x: 1\n", "\n- y\n", "[" * 40]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=20), st.sampled_from(HOSTILE), st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8) | st.sampled_from(["en", "ja", "slug", "url"]), inner,
                                        max_size=3), max_leaves=8)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return fictional_project(tmp_path_factory.mktemp("properties") / "project")


def assert_answered(project: Path) -> None:
    """validate() returns (no exception escapes), each problem names a file and says what to do, and every
    address the build would write resolves inside the site folder."""
    report = validate(project)
    for problem in report.strict_problems:
        text = str(problem)
        assert problem.file and " -> " in text and "Traceback" not in text, text
    site = project / "site"
    for address in report.addresses:
        try:
            path_inside(site, address.lstrip("/") + ("index.html" if address.endswith("/") else ""))
        except ContentError:
            pytest.fail(f"{address} would be written outside site/")


def splice(text: str, position: int, insert: str) -> str:
    position = position % (len(text) + 1)
    return text[:position] + insert + text[position:]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(DATA_FILES)), position=st.integers(min_value=0), insert=st.sampled_from(HOSTILE),
       value=values, mode=st.sampled_from(["splice", "replace-entry", "replace-field"]), index=st.integers(0, 50))
def test_any_data_file_is_answered_with_problems_not_a_traceback(project, name, position, insert, value, mode, index):
    path = project / "data" / name
    original = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        if mode == "splice":
            path.write_text(splice(original, position, insert), encoding="utf-8")
        else:
            data = yaml.safe_load(original) or {}
            if isinstance(data, list) and data:
                entry = data[index % len(data)]
                if mode == "replace-entry" or not isinstance(entry, dict):
                    data[index % len(data)] = value
                else:
                    entry[sorted(entry)[index % len(entry)]] = value
            elif isinstance(data, dict) and data:
                key = sorted(data)[index % len(data)]
                if mode == "replace-entry" or not isinstance(data[key], dict) or not data[key]:
                    data[key] = value
                else:
                    data[key][sorted(data[key])[index % len(data[key])]] = value
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert_answered(project)
    finally:
        path.write_text(original, encoding="utf-8")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(fictional()) + ["aliases", "draft", "withdrawn", "unknown"]), value=values,
       position=st.integers(min_value=0), insert=st.sampled_from(HOSTILE), body=st.text(max_size=200),
       mode=st.sampled_from(["field", "splice", "body"]))
def test_any_story_is_answered_with_problems_not_a_traceback(project, field, value, position, insert, body, mode):
    path = project / EN
    original = path.read_text(encoding="utf-8")
    try:
        if mode == "field":
            path.write_text(story_text(fictional(**{field: value if value is not None else ""})), encoding="utf-8")
        elif mode == "splice":
            path.write_text(splice(original, position, insert), encoding="utf-8")
        else:
            path.write_text(story_text(fictional(), splice(body, position, insert)), encoding="utf-8")
        assert_answered(project)
    finally:
        path.write_text(original, encoding="utf-8")
    shutil.rmtree(project / ".cache", ignore_errors=True)
