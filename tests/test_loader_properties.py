"""Property-based: whatever front matter an editor writes, the loader accepts it or explains the problem.

Hypothesis feeds the loader random front matter (valid stories with fields replaced, removed or added,
random mappings, and random text between the fences) and checks that the only exception that ever comes
out is the project's own ContentError, which the build turns into a message naming file and field.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from conftest import ROOT, fictional
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alumni_stories.errors import ContentError
from alumni_stories.content.model import LANGUAGES
from alumni_stories.content.catalog import load_catalog
from alumni_stories.content.ordering import chronological
from alumni_stories.site.views import Site
from alumni_stories.content.stories import load_stories

CATALOG = load_catalog(ROOT / "data")
EXAMPLES = 500

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.dates(), st.datetimes(),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),  # looks like a date, may not be one (2019-13-45)
    st.from_regex(r"\A\d{4}-\d{2}\Z"),  # looks like a year and month
    st.integers(min_value=1980, max_value=2110), st.sampled_from(["", " ", "\n", "null", "~", "-", "<script>"]),
    st.sampled_from(sorted(CATALOG.countries) + sorted(CATALOG.tracks)),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=10) | st.sampled_from(["start", "end", "title", "as_of", "alt", "caption", "credit", "file"]),
    inner, max_size=4), max_leaves=12)
FIELDS = sorted({*fictional("en"), *fictional("ja"), "ministry", "takeaways", "portrait", "period"})
NESTED = [("period", "start"), ("period", "end"), ("current_role", "title"), ("current_role", "as_of"),
          ("portrait", "file"), ("portrait", "alt"), ("portrait", "caption"), ("portrait", "credit")]


@st.composite
def mutated_story(draw, language):
    """A valid fictional story with some fields replaced by random values, some removed, some added."""
    data = fictional(language)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        data[field] = draw(scalars | values)
    for parent, field in draw(st.lists(st.sampled_from(NESTED), max_size=3)):
        if isinstance(data.get(parent), dict):
            data[parent][field] = draw(scalars | values)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
        data.pop(field, None)
    data.update(draw(st.dictionaries(st.text(min_size=1, max_size=8), values, max_size=2)))
    return data


# Pieces of hand-written YAML, including what editors get wrong and what YAML allows that stories don't.
yaml_tokens = st.sampled_from([
    "name", "slug", "published", "as_of", "period", "start", ":", ": ", " ", "  ", "\t", "\n", "- ", "#",
    "'", '"', "[", "]", "{", "}", ",", "|", ">", "&a ", "*a", "!!int ", "!!timestamp ", "!!binary ",
    "!!python/object:os.system ", "!!str ", "%YAML 1.2\n", "---", "...", "2019-02-30", "2019-09-29",
    "2006-04", "2006", "1e400", "null", "~", "yes", "0x1F", "<script>", "javascript:", "\u00e0", "カ\u3099",
])


front_matter = st.one_of(mutated_story("en"), st.dictionaries(st.text(max_size=10), values, max_size=6),
                         values)


def file_text(data, body: str) -> str:
    try:
        block = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        block = repr(data) + "\n"
    return f"---\n{block}---\n\n{body}"


def load(folder: Path, english: str, japanese: str | None):
    for path in folder.glob("*.md"):
        path.unlink()
    (folder / "fictional-alumna.en.md").write_text(english, encoding="utf-8")
    if japanese is not None:
        (folder / "fictional-alumna.ja.md").write_text(japanese, encoding="utf-8")
    try:
        stories = load_stories(folder, CATALOG)
    except ContentError as error:
        assert error.problems and all(p.file.startswith("stories/") and p.message and p.fix for p in error.problems)
        return None
    # Accepted content must also render: the views the templates print are computed here.
    site = Site(root=folder.parent, catalog=CATALOG, stories=tuple(chronological(stories)))
    for language in LANGUAGES:
        site.index_view(language)
    return stories


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(english=front_matter, japanese=st.none() | mutated_story("ja") | values,
       body=st.sampled_from(["A fictional body.\n", "", "<b>fine</b>\n", "<script>x()</script>\n"]))
def test_random_front_matter_is_accepted_or_explained(english, japanese, body):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "stories"
        folder.mkdir()
        load(folder, file_text(english, body), None if japanese is None else file_text(japanese, body))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block=st.text(max_size=200) | st.lists(yaml_tokens, max_size=40).map("".join),
       fence=st.sampled_from(["---\n", "---\r\n", "--- \n", ""]))
def test_random_text_between_the_fences_is_accepted_or_explained(block, fence):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "stories"
        folder.mkdir()
        load(folder, f"{fence}{block}\n---\nBody.\n", None)


def test_a_valid_story_is_accepted():
    # The properties above would pass vacuously if every example were rejected: check acceptance works.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "stories"
        folder.mkdir()
        assert load(folder, file_text(fictional("en"), "Body.\n"), file_text(fictional("ja"), "本文。\n"))
        assert load(folder, file_text(fictional("en", published=dt.date(2020, 1, 1)), ""), None)
