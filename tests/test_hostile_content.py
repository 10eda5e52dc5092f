"""Hostile content cannot inject script: every front-matter field comes out escaped or is rejected with a
clear error, and a story body holding anything beyond Markdown and safe HTML is rejected.

All fixtures are fictional people.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, fictional, run_build, story_text
from mkdocs.exceptions import PluginError
from quality_support import html_files, serve

from alumni_stories.errors import ContentError
from alumni_stories.site.views import load_site

SLUG = "fictional-alumna"


def payload(tag: str) -> str:
    """Script in an element, in an event attribute, breaking out of an attribute, and a javascript: URL."""
    return (f'<script>alert("{tag}")</script> <img src=x onerror=alert("{tag}")> "><svg onload=alert("{tag}")> '
            f"' onmouseover='alert(\"{tag}\")' javascript:alert(\"{tag}\")")


# Free-text fields: printed on the site, so they must come out as text.
TEXT_FIELDS = {
    "en": ["name", "honorific", "ministry", "current_role.title", "portrait.alt", "portrait.caption",
           "portrait.credit", "pull_quote", "takeaways", "author"],
    "ja": ["name", "honorific", "ministry", "current_role.title", "portrait.alt", "portrait.caption",
           "portrait.credit", "pull_quote", "takeaways", "author"],
}
# Fields with a fixed form (keys, numbers, dates, file path): a payload there is rejected.
FORMAL_FIELDS = ["slug", "country", "track", "batch", "period.start", "period.end", "current_role.as_of",
                 "published", "portrait.file"]
# Fields the templates show when a story has no photograph (alt text, caption and credit belong to a
# photograph; the pull quote is shown on cards and the takeaways in feeds, not on the story page).
SHOWN = {"name", "honorific", "ministry", "current_role.title", "author"}


def with_value(data: dict, field: str, value) -> dict:
    parent, _, leaf = field.rpartition(".")
    target = data[parent] if parent else data
    target[leaf] = [value, value + " (second point)"] if leaf == "takeaways" else value
    return data


def hostile(language: str) -> dict:
    data = fictional(language)
    for field in TEXT_FIELDS[language]:
        with_value(data, field, payload(f"{field}-{language}"))
    data["quotes"][0]["text"] = data["pull_quote"]  # the pull quote is a listed quotation (issue 26)
    return data


SAFE_BODY = """A fictional body with *Markdown*, a [link](https://example.org/ "A title") and a relative [link](../).

<table><tr><th scope="col">Year</th></tr><tr><td>2016</td></tr></table>

<p lang="ja">架空の引用文。</p>

!!! note "A fictional note"
    Admonitions are allowed.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(hostile("en"), SAFE_BODY), encoding="utf-8")
    (project / "stories" / f"{SLUG}.ja.md").write_text(story_text(hostile("ja"), "架空の本文。\n"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def soups(site):
    return {file.relative_to(site).as_posix(): BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            for file in html_files(site)}


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")


# <script> types a browser runs; others (application/ld+json, templates) are data blocks. A payload that
# broke out of a data block would open a <script> of its own, which this finds.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


def executable_script(soup) -> list[str]:
    """Everything in a page that would run an injected payload in a browser."""
    found = []
    for script in soup.find_all("script"):
        if script.get("type", "").strip().lower() in SCRIPT_TYPES and "alert(" in script.get_text():
            found.append(f"<script> {script.get_text()[:60]}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.name}>")
            if name.lower() in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                found.append(f"{name}={value[:40]} on <{element.name}>")
    return found


def test_no_page_carries_executable_script(hostile_site):
    pages = soups(hostile_site)
    assert "stories/fictional-alumna/index.html" in pages and "ja/stories/fictional-alumna/index.html" in pages
    found = {path: executable_script(soup) for path, soup in pages.items()}
    assert {path: items for path, items in found.items() if items} == {}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_shown_field_is_printed_as_text(hostile_site, language):
    prefix = "" if language == "en" else "ja/"
    story = BeautifulSoup((hostile_site / prefix / "stories" / SLUG / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    text = story.get_text()
    for field in SHOWN:
        assert f'<script>alert("{field}-{language}")</script>' in text, field  # visible, as text
    index = BeautifulSoup((hostile_site / prefix / "stories" / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert f'onerror=alert("name-{language}")' in index.select_one(".story-list").get_text()
    assert f'<script>alert("pull_quote-{language}")</script>' in index.select_one(".story-list").get_text()
    assert f'<script>alert("name-{language}")</script>' in story.title.get_text()


def test_xml_outputs_hold_no_markup_from_stories(hostile_site):
    for file in hostile_site.rglob("*.xml"):
        tree = ET.parse(file)
        assert not [e for e in tree.iter() if e.tag.split("}")[-1] in ("script", "img", "svg")], file


def test_the_safe_subset_of_html_is_published(hostile_site):
    body = BeautifulSoup((hostile_site / "stories" / SLUG / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one(".story-body")
    assert body.select_one("em").get_text() == "Markdown"
    assert body.select_one('a[href="https://example.org/"]')["title"] == "A title"
    assert body.select_one("table th[scope=col]").get_text() == "Year"
    assert body.select_one('p[lang="ja"]') is not None
    assert body.select_one(".admonition.note .admonition-title").get_text() == "A fictional note"


@pytest.mark.browser
def test_no_payload_runs_in_a_browser_not_even_through_search(hostile_site, browser):
    dialogs = []
    context = browser.new_context()
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serve(hostile_site) as base:
            for path in ["", "stories/", f"stories/{SLUG}/", "ja/", "ja/stories/", f"ja/stories/{SLUG}/"]:
                tab.goto(base + path)
                tab.wait_for_load_state("load")
            # Search results show page titles: the story's name must reach them escaped (Material's search
            # rendered titles as HTML).
            tab.goto(base + f"stories/{SLUG}/")
            results = search(tab, "fictional")
    finally:
        context.close()
    assert any('onerror=alert("name-en")' in result for result in results), results  # shown as text
    assert dialogs == []


SEARCH_UIS = [  # (what opens the search, the query box, one result): Material's search, Pagefind's, the site's
    ("label.md-search__icon, .md-search__input", ".md-search__input", ".md-search-result__item"),
    ("pagefind-modal-trigger", "pagefind-input input", "pagefind-results li"),
    # The site's own dialog on Pagefind's API, loaded on first use (docs/assets/javascripts/search.js).
    (".site-search__button", ".site-search__dialog .site-search__input", ".site-search__dialog .site-search__result"),
]


def search(tab, query: str) -> list[str]:
    """The text of each result for `query`, typed into whichever search box the site has."""
    for opener, box, result in SEARCH_UIS:
        if tab.locator(opener).count():
            tab.locator(opener).first.click()
            tab.locator(box).first.wait_for()
            tab.locator(box).first.focus()
            tab.keyboard.type(query, delay=20)
            tab.wait_for_selector(result, timeout=15_000)
            return tab.locator(result).all_inner_texts()
    pytest.fail("no search box found on the page: add it to SEARCH_UIS")


# --- fields with a fixed form reject a payload, naming the field -------------------------------------

@pytest.mark.parametrize("field", FORMAL_FIELDS)
def test_a_payload_in_a_formal_field_is_rejected(tmp_path, field):
    project = copy_project(tmp_path / "p", stories=False)
    data = with_value(fictional("en"), field, payload("formal"))
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(project)
    problems = [p for p in caught.value.problems if p.file == f"stories/{SLUG}.en.md"]
    assert problems and any(p.field.split(".")[0] == field.split(".")[0] or p.field == field for p in problems), \
        caught.value.render()


@pytest.mark.parametrize("field", ["slug", "country", "period", "published", "portrait.file"])
def test_a_payload_restating_a_neutral_field_in_a_translation_is_rejected(tmp_path, field):
    project = copy_project(tmp_path / "p", stories=False)
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(fictional("en")), encoding="utf-8")
    data = fictional("ja")
    if field == "portrait.file":
        data["portrait"]["file"] = "javascript:alert(1)"
    else:
        data[field] = payload("neutral")
    (project / "stories" / f"{SLUG}.ja.md").write_text(story_text(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(project)
    assert any(p.file == f"stories/{SLUG}.ja.md" and p.field.split(".")[0] == field.split(".")[0]
               for p in caught.value.problems), caught.value.render()


# --- story bodies ------------------------------------------------------------------------------------

HOSTILE_BODIES = {
    "script element": ("Text.\n\n<script>alert(1)</script>\n", "<script> element"),
    "event attribute": ('Text <img src="x.png" alt="x" onerror="alert(1)">\n', "onerror on <img>"),
    "javascript: Markdown link": ("[click](javascript:alert(1))\n", 'href="javascript:alert(1)" on <a>'),
    "javascript: HTML link, mixed case": ('<a href="JavaScript:alert(1)">x</a>\n', 'href="JavaScript:alert(1)"'),
    "entity-encoded javascript:": ('<a href="&#106;avascript:alert(1)">x</a>\n', 'href="javascript:alert(1)"'),
    "attribute list onclick": ('A paragraph.\n{: onclick="alert(1)" }\n', "onclick on <p>"),
    "svg onload": ('<svg onload="alert(1)"></svg>\n', "<svg> element"),
    "iframe": ('<iframe src="https://example.org/"></iframe>\n', "<iframe> element"),
    "style attribute": ('<p style="position:fixed;inset:0">x</p>\n', "style on <p>"),
    "data: URL": ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>\n', 'href="data:text/html'),
    "form": ('<form action="https://example.org/"><input name="q"></form>\n', "<form> element"),
    "id Material's scripts rely on": ("A paragraph.\n{: #__config }\n", 'id="__config" on <p>'),
}


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("case", HOSTILE_BODIES)
def test_a_hostile_body_is_rejected_naming_file_line_and_what(tmp_path, case, language):
    body, removed = HOSTILE_BODIES[case]
    project = copy_project(tmp_path / "p", stories=False)
    en_body = ("Fine line.\n\n" + body) if language == "en" else "Fine.\n"
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(fictional("en"), en_body), encoding="utf-8")
    ja_body = ("Fine line.\n\n" + body) if language == "ja" else "本文。\n"
    (project / "stories" / f"{SLUG}.ja.md").write_text(story_text(fictional("ja"), ja_body), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(project)
    [problem] = caught.value.problems
    assert problem.file == f"stories/{SLUG}.{language}.md" and problem.field == "body"
    assert removed in problem.message
    text = (project / "stories" / f"{SLUG}.{language}.md").read_text(encoding="utf-8").split("\n")
    assert "Fine line." not in text[problem.line - 1] and problem.line > text.index("Fine line.") + 1


def test_a_hostile_body_stops_the_build_with_a_clear_message(project):
    first = run_build(project)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    text = story_text(fictional("en"), 'Hello <img src=x onerror="alert(1)">\n')
    (project / "stories" / f"{SLUG}.en.md").write_text(text, encoding="utf-8")
    line = text.split("\n").index('Hello <img src=x onerror="alert(1)">') + 1
    result = run_build(project)
    assert result.returncode != 0
    assert f"stories/{SLUG}.en.md:{line} [body]: the story text contains HTML that is not allowed: onerror on <img>" \
        in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


# --- the hook: the HTML MkDocs really rendered is checked again ---------------------------------------

def load_hook():
    from pipeline_support import load_adapter

    return load_adapter()


class FakePage:
    def __init__(self, template):
        self.meta = {"template": template}
        self.file = type("File", (), {"src_uri": f"stories/{SLUG}.en.md"})()
        self.title, self.url, self.is_homepage = "A fictional story", f"stories/{SLUG}/", False


CONFIG = type("Config", (), {"config_file_path": str(ROOT / "mkdocs.yml"), "plugins": {}})()


def test_the_hook_stops_a_story_page_whose_rendered_html_is_unsafe():
    hook = load_hook()
    with pytest.raises(PluginError, match=rf"stories/{SLUG}.en.md:\d+ \[body\]: .*onclick on <p>"):
        hook.on_page_content('<p onclick="alert(1)">x</p>', page=FakePage("story.html"), config=CONFIG, files=None)
    safe = '<h2 id="a-heading">A heading</h2><p>Text with <a href="../x/" title="t">a link</a>.</p>'
    assert hook.on_page_content(safe, page=FakePage("story.html"), config=CONFIG, files=None) == safe
    # Hand-written pages (docs/) pass the same sanitizer (issue 22: an inline <script> there was published).
    with pytest.raises(PluginError, match=rf"docs/stories/{SLUG}.en.md:\d+ \[body\]: .*onclick on <p>"):
        hook.on_page_content("<p onclick=x>", page=FakePage(None), config=CONFIG, files=None)
