"""Issue 26: each quotation says where its words come from, every role goes with its date, facts agree with each
other's dates, and every story says when it was last reviewed and on what basis it is published.

Rules are tested with fictional people (conftest.fictional, fictional_site.consent_story_files); tests about the
real content iterate over what stories/ and data/ hold at run time and name nobody.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, fictional, story_text
from fictional_site import consent_story_files
from publishing_fixtures import check_content

from alumni_stories.content import facts
from alumni_stories.content.catalog import load_catalog
from alumni_stories.content.model import Fact
from alumni_stories.content.stories import load_story_files_checked
from alumni_stories.site.views import load_site, load_site_checked

# --- Quotes with their provenance ------------------------------------------------------------------------------


def _problems(tmp_path: Path, en: dict, ja: dict | None = None, body: str = "A fictional body paragraph.\n",
              ja_body: str = "架空の本文です。\n") -> list:
    stories = tmp_path / "stories"
    stories.mkdir(parents=True)
    (stories / f"{en['slug']}.en.md").write_text(story_text(en, body), encoding="utf-8")
    if ja is not None:
        (stories / f"{en['slug']}.ja.md").write_text(story_text(ja, ja_body), encoding="utf-8")
    return load_story_files_checked(stories, load_catalog(ROOT / "data"))[2]


def _fields(problems) -> list[str]:
    return [problem.field for problem in problems]


def test_the_fictional_fixture_with_provenance_passes(tmp_path):
    assert _problems(tmp_path, fictional("en"), fictional("ja")) == []


def test_a_story_without_quotes_is_refused(tmp_path):
    problems = _problems(tmp_path, fictional("en", quotes=None))
    assert any("'quotes' is missing" in p.message for p in problems), problems


def test_a_quote_without_provenance_is_refused(tmp_path):
    quotes = [{"text": "This person and this quote are fictional, made for tests."}]
    problems = _problems(tmp_path, fictional("en", quotes=quotes))
    # the missing field is named itself (one problem, one message: issue 25)
    assert any(p.field == "quotes.0.provenance" and "missing" in p.message for p in problems), problems


def test_a_provenance_other_than_original_or_translation_is_refused(tmp_path):
    quotes = [{"text": "This person and this quote are fictional, made for tests.", "provenance": "word for word"}]
    assert any(p.field.startswith("quotes.0") for p in _problems(tmp_path, fictional("en", quotes=quotes)))


def test_a_pull_quote_not_among_the_quotes_is_refused(tmp_path):
    problems = _problems(tmp_path, fictional("en", pull_quote="A different fictional sentence, never listed.",
                                             quotes=fictional("en")["quotes"]))
    assert "pull_quote" in _fields(problems), problems


def test_a_quotation_in_the_text_without_provenance_is_refused_in_each_language(tmp_path):
    body = "She said: “This fictional sentence was never listed anywhere at all.”\n"
    ja_body = "彼女は「この架空の文はどこにも登録されていない引用です」と語りました。\n"
    problems = _problems(tmp_path, fictional("en"), fictional("ja"), body=body, ja_body=ja_body)
    assert [(p.file.split("/")[-1], p.field) for p in problems if p.field == "quotes"] == [
        ("fictional-alumna.en.md", "quotes"), ("fictional-alumna.ja.md", "quotes")], problems
    # Listed with its provenance, the same quotation passes; a short quoted phrase needs no entry.
    en = fictional("en", quotes=[*fictional("en")["quotes"], {"text": "This fictional sentence was never listed "
                                                              "anywhere at all.", "provenance": "original"}])
    ja = fictional("ja", quotes=[*fictional("ja")["quotes"], {"text": "この架空の文はどこにも登録されていない引用です",
                                                              "provenance": "translation"}])
    short = body + "It was “a bit far away” for her.\n"
    assert _problems(tmp_path / "again", en, ja, body=short, ja_body=ja_body + "「少し遠い」\n") == []


def test_a_story_adapted_from_a_source_names_the_edition_of_each_quote(tmp_path):
    en = fictional("en", basis={"source": "jaif-2024"})
    problems = _problems(tmp_path, en)
    assert "quotes.0.source" in _fields(problems), problems
    en["quotes"][0]["source"] = "no-such-source"
    assert "quotes.0.source" in _fields(_problems(tmp_path / "again", en))


def test_the_schema_never_calls_a_quote_word_for_word():
    for name in ("story.schema.json", "story-translation.schema.json"):
        text = (ROOT / "schema" / name).read_text(encoding="utf-8")
        # "never word for word" (the rule for translations) is the only use of the phrase left.
        assert re.findall(r"(?<!never )word for word", text) == [], name


def test_every_real_quote_has_its_provenance_shown_on_the_page(built_site):
    site = load_site(ROOT)
    for story in site.stories:
        for language in ("en", "ja"):
            prefix = "" if language == "en" else "ja/"
            soup = BeautifulSoup((built_site / prefix / "stories" / story.slug / "index.html").read_text(), "html.parser")
            items = soup.select(".story-quotes li")
            quotes = story.text(language).quotes
            assert len(items) == len(quotes) and quotes, (story.slug, language)
            for item, quote in zip(items, quotes):
                assert item["data-provenance"] == quote.provenance
                source = site.catalog.sources[quote.source]
                label = item.select_one(".story-quotes__from").get_text()
                assert source.publisher[language] in label, (story.slug, language, label)


# --- Every role with its date ----------------------------------------------------------------------------------

# Words that state a role as current. A sentence holding one is dated when it also holds a year.
UNDATED_EN = re.compile(r"\b(currently|is serving|are serving|ever since|at present|presently|now serves|"
                        r"now works|still serves|still works|incumbent)\b|\bNow:", re.IGNORECASE)
UNDATED_JA = re.compile(r"現在|今も|今なお|現職|現任|在任中")
SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")


def undated_role_words(text: str) -> list[str]:
    """The sentences of `text` that state something as current without a year."""
    found = []
    for sentence in SENTENCE.findall(text):
        if (UNDATED_EN.search(sentence) or UNDATED_JA.search(sentence)) and not re.search(r"\b\d{4}|\d{4}年", sentence):
            found.append(sentence.strip())
    return found


def test_the_scan_finds_what_it_is_meant_to_find():
    assert undated_role_words("A fictional officer is currently serving as a fictional director.")
    assert undated_role_words("架空の職員は現在、架空の省で局長を務めています。")
    assert undated_role_words("Now: Fictional Director")
    assert not undated_role_words("In September 2019 the fictional officer was currently a director.")
    assert not undated_role_words("2019年9月の時点で、架空の職員は局長でした。")


def _texts_of(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        values = []

        def walk(node):
            if isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            elif isinstance(node, str):
                values.append(node)
        walk(json.loads(raw))
        return "\n".join(values)
    soup = BeautifulSoup(raw, "html.parser" if path.suffix == ".html" else "xml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return "\n".join([soup.get_text("\n"), *(str(v) for t in soup.find_all(True) for k, v in t.attrs.items()
                                             if k in ("content", "alt", "title", "aria-label"))])


def test_no_built_output_states_a_role_as_current_without_a_date(built_site):
    """Story pages, browse pages, the home page, feeds, the JSON API, JSON-LD and embed cards: the site's
    statements about people. The guides for editors and maintainers describe the tools, not people."""
    skipped = ("guide", "maintainers", "admin", "pagefind", "assets", "search")
    scanned, found = 0, {}
    for path in sorted(built_site.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json") or set(path.relative_to(built_site).parts) & set(skipped):
            continue
        scanned += 1
        sentences = undated_role_words(_texts_of(path))
        if sentences:
            found[str(path.relative_to(built_site))] = sentences
    assert scanned > 20 and found == {}, found


def test_a_title_of_office_is_not_an_honorific(tmp_path):
    problems = _problems(tmp_path, fictional("en", honorific="Ambassador"), fictional("ja", honorific="大使"))
    assert [(p.file.split("/")[-1], p.field) for p in problems] == [("fictional-alumna.en.md", "honorific"),
                                                                    ("fictional-alumna.ja.md", "honorific")]


def test_the_api_gives_each_language_its_latest_role_with_its_date(built_site):
    index = json.loads((built_site / "api" / "v1" / "stories.json").read_text(encoding="utf-8"))
    site = load_site(ROOT)
    for entry in index["stories"]:
        story = site.story(entry["slug"])
        assert entry["reviewed"] == story.reviewed.isoformat()
        for language, texts in entry["languages"].items():
            assert texts["role"]["as_of"] == story.roles[-1].as_of.isoformat()
            assert texts["role"]["source"] == story.roles[-1].source
            assert [q["provenance"] for q in texts["quotes"]] == [q.provenance for q in story.text(language).quotes]


# --- Facts that agree with themselves ---------------------------------------------------------------------------

def _fact(key, figure, value, as_of):
    return Fact(key=key, figure=figure, value=value, as_of=as_of, source="jaif-2024", text={"en": key, "ja": key})


def test_a_duration_that_contradicts_a_start_year_is_found():
    catalog = load_catalog(ROOT / "data")
    wrong = dataclasses.replace(catalog, facts=(
        *catalog.facts, _fact("fictional-jaif-years", "jaif_support_years", 20, dt.date(2024, 1, 24))))
    findings = [f for f in facts.check(wrong, []) if "fictional-jaif-years" in f.first]
    # JAIF's support since 2007 and JAIF's establishment in 2006 both contradict "over 20 years" in 2024.
    assert {f.second for f in findings} >= {"data/facts.yml [jaif-support-since-brief]",
                                           "data/facts.yml [jaif-established-2006]"}, findings


def test_the_real_facts_do_not_contradict_each_others_dates():
    catalog = load_catalog(ROOT / "data")
    assert [f for f in facts.check(catalog, load_site(ROOT).stories) if "over" in f.message] == []


def test_timor_leste_page_says_what_its_source_says(built_site):
    catalog = load_catalog(ROOT / "data")
    joined = [f for f in catalog.facts if f.figure == "joined_year.timor-leste"]
    assert joined, "the statement that Timor-Leste joins the programme is in data/facts.yml"
    source = catalog.sources[joined[0].source]
    for prefix in ("", "ja/"):
        page = (built_site / prefix / "countries" / "timor-leste" / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(page, "html.parser")
        assert soup.select_one(".browse-intro") is None  # "no source says so" is gone
        assert source.url in page


# --- A review date on every story -------------------------------------------------------------------------------

def test_every_story_page_shows_its_as_of_date_in_its_language(built_site):
    site = load_site(ROOT)
    for story in site.stories:
        day = story.reviewed
        expected = {"": f"Story as of {day.strftime('%B')} {day.year}", "ja/": f"{day.year}年{day.month}月時点の記事"}
        for prefix, text in expected.items():
            soup = BeautifulSoup((built_site / prefix / "stories" / story.slug / "index.html").read_text(), "html.parser")
            shown = soup.select_one(".story-reviewed time")
            assert shown is not None and shown.get_text() == text, (story.slug, prefix)
            assert shown["datetime"] == day.isoformat()


def test_the_feeds_carry_the_review_date(built_site):
    site = load_site(ROOT)
    for prefix in ("", "ja/"):
        soup = BeautifulSoup((built_site / prefix / "feed.xml").read_text(encoding="utf-8"), "xml")
        for entry in soup.find_all("entry"):
            slug = entry.find("id").get_text().rstrip("/").split("/")[-1]
            story = site.story(slug)
            assert entry.find("updated").get_text().startswith(max(story.published, story.reviewed).isoformat())


def test_the_check_lists_a_story_due_for_review_and_refuses_one_whose_consent_ended(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    today = dt.date.today()
    files = {**consent_story_files("fictional-due-review", reviewed="2020-01-01", consent="2019-12-01"),
             **consent_story_files("fictional-fresh-review", reviewed=today.isoformat(), consent="2019-12-01")}
    for name, text in files.items():
        (project / "stories" / name).write_text(text, encoding="utf-8")
    (project / "data" / "publishing.yml").write_text("review_after_months: 24\n", encoding="utf-8")
    result = check_content(project)
    assert result.returncode == 0, result.stdout + result.stderr
    due = result.stdout.split("Due for review", 1)[1]
    assert "stories/fictional-due-review.en.md: reviewed 2020-01-01, due since 2022-01-01" in due
    assert "fictional-fresh-review" not in due

    ended = consent_story_files("fictional-consent-ended", reviewed="2020-01-01", consent="2019-12-01",
                                consent_ends="2021-12-01")
    for name, text in ended.items():
        (project / "stories" / name).write_text(text, encoding="utf-8")
    result = check_content(project)
    assert result.returncode == 1
    assert re.search(r"stories/fictional-consent-ended\.en\.md.*\[basis\.consent_ends\]: the person's consent ended "
                     r"on 2021-12-01.* -> withdraw the story", result.stdout), result.stdout


def test_a_consent_that_ends_later_keeps_the_story_until_that_day(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    for name, text in consent_story_files("fictional-consent-ends", reviewed="2020-01-01", consent="2019-12-01",
                                          consent_ends="2030-06-01").items():
        (project / "stories" / name).write_text(text, encoding="utf-8")
    before, problems = load_site_checked(project, today=dt.date(2030, 5, 31))
    assert problems == [] and [s.slug for s in before.stories] == ["fictional-consent-ends"]
    after, problems = load_site_checked(project, today=dt.date(2030, 6, 1))
    assert [p.field for p in problems] == ["basis.consent_ends"] and after.stories == ()


@pytest.mark.parametrize("basis", [{}, {"source": "jaif-2024", "consent": "2020-01-01"},
                                   {"consent": "2020-01-01", "consent_ends": "2019-01-01"}])
def test_a_basis_is_a_source_or_a_consent_that_ends_after_it_began(tmp_path, basis):
    problems = _problems(tmp_path, fictional("en", basis=basis))
    assert any(p.field.startswith("basis") for p in problems), problems
