"""The form saves what the guide allows and refuses what the build refuses, before saving (issue 25).

`alumni-stories edit` in a throwaway copy with FICTIONAL people only: one published fictional story (its addresses
recorded in the URL manifest, a guidance comment in its front matter, a translation with its own takeaways).
Decap CMS at /admin/ in headless Chromium, driven as an editor would: a profile without a photo, a new batch, a
country, then a taken slug, a published story's slug change, draft and deletion (each refused, in the words of
`alumni-stories check`, with nothing written), the Japanese preview against the built page, an emoji quote.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from alumni_stories.content import frontmatter
from alumni_stories.content.publishing import english_fingerprint
from alumni_stories.outputs import permalinks
from alumni_stories.site.views import load_site
from tests.conftest import ROOT, copy_project, fictional, run_build, story_text
from tests.test_cms_browser import CMS_FILES, _field, _free_port, _select, _wait_for, printed_address

PUBLISHED = "fictional-published-alumna"
PUBLISHED_EN = fictional("en", slug=PUBLISHED, name="Fictional Published Alumna (test fixture)", honorific=None, batch=6,
                         period={"start": "2023-02", "end": "2024-01"}, takeaways=["A fictional English point"])
PUBLISHED_JA = fictional("ja", name="架空の公開済み修了生（テスト用）", honorific="氏", takeaways=["架空の日本語のポイント"])
GUIDANCE = "# pull_quote: one thing the person said, word for word (a fictional guidance comment)\n"
NO_PHOTO = "fictional-no-photo"
TEXTS = {  # a profile typed into both panes, without a photo (no alt, caption or credit either)
    0: {"name": "Fictional No-Photo Alumnus (test fixture)", "title": "Fictional Head of Examples",
        "pull_quote": "A fictional quote, made for tests.", "author": "Test suite (fictional)"},
    1: {"name": "架空の写真なし修了生（テスト用）", "title": "架空の例示課長", "pull_quote": "テスト用の架空の言葉です。",
        "author": "テストスイート（架空）"},
}


def _published_story(project: Path) -> None:
    english = story_text(PUBLISHED_EN)
    english = english.replace("pull_quote:", GUIDANCE + "pull_quote:", 1)  # a comment the form must keep
    (project / "stories" / f"{PUBLISHED}.en.md").write_text(english, encoding="utf-8")
    (project / "stories" / f"{PUBLISHED}.ja.md").write_text(story_text(PUBLISHED_JA, "架空の本文です。\n"), encoding="utf-8")
    # Published: its addresses recorded, as scripts/record-urls.sh records them.
    site = load_site(project)
    permalinks.write_manifest(project, permalinks.published_addresses(site, project / "docs"))


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """(project, preview base URL, the address `edit` printed) for an edit session of a fictional project."""
    project = copy_project(tmp_path_factory.mktemp("form-rules") / "project", stories=False)
    (project / "cms").mkdir()
    for name in CMS_FILES:
        shutil.copy2(ROOT / "cms" / name, project / "cms" / name)
    (project / "cms" / "node_modules").symlink_to(ROOT / "cms" / "node_modules")
    _published_story(project)
    assert _check(project).returncode == 0, _check(project).stdout
    port, backend = _free_port(), _free_port()
    log = open(project.parent / "edit.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "alumni_stories", "edit", "--root", str(project),
                                "--port", str(port), "--backend-port", str(backend)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        _wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
        yield project, f"http://127.0.0.1:{port}/", printed_address(project.parent / "edit.log", port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def tab(browser, session):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # Decap asks before a deletion
    page.goto(session[2])
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Stories", exact=True).first.wait_for()
    yield page
    context.close()


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                          capture_output=True, text=True, timeout=300)


def _check_lines(project: Path, file: str) -> list[str]:
    """The check's lines about `file`, as the form shows them (the form has the same words; a line number too)."""
    said = _check(project)
    return [line.strip().removeprefix("- ") for line in (said.stdout + said.stderr).splitlines() if file in line]


def _toast(page, seconds: float = 60) -> str:
    notice = page.locator(".Toastify__toast")
    notice.first.wait_for(timeout=seconds * 1000)
    page.wait_for_timeout(500)  # a field-naming line is added to Decap's notice just after it appears
    text = " ".join(notice.all_inner_texts())
    page.evaluate("() => document.querySelectorAll('.Toastify__toast').forEach(t => t.remove())")
    return text


def _publish(page) -> str:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    return _toast(page)


def _open(page, collection: str, entry: str) -> None:
    page.goto(page.url.split("#")[0] + f"#/collections/{collection}/entries/{entry}")


def _snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for folder in ("stories", "data")
            for p in sorted((project / folder).rglob("*")) if p.is_file()}


def _reviewed_and_quoted(tab, texts_by_pane) -> None:
    """Issue 26's fields of a new profile: the review date, the basis (a fictional person's consent), and each
    pane's pull quote listed as a quotation with its provenance."""
    _field(tab, "reviewed").fill("2020-01-01")
    _field(tab, "consent").fill("2019-12-01")
    for pane, texts in texts_by_pane.items():
        tab.locator("button:has-text('Add quotes')").nth(pane).click()
        _field(tab, "text", pane).fill(texts["pull_quote"])
        _field(tab, "provenance", pane).click()
        tab.keyboard.type("original" if pane == 0 else "translation")
        tab.keyboard.press("Enter")


def test_a_profile_without_a_photo_saves_and_a_missing_field_is_named(tab, session):
    project, _, _ = session
    tab.goto(tab.url.split("#")[0] + "#/collections/stories/new")
    _field(tab, "slug").wait_for()
    _field(tab, "slug").fill(NO_PHOTO)
    _select(tab, "country", "Cambodia")
    _select(tab, "track", "(esc)")
    _field(tab, "batch").fill("3")
    _field(tab, "start").fill("2016")
    _field(tab, "end").fill("2017-03")
    _field(tab, "as_of").fill("2020-01-01")
    _field(tab, "published").fill("2020-01-01")
    for pane, texts in TEXTS.items():
        for name, value in texts.items():
            if name != "name":
                _field(tab, name, pane).fill(value)
    _reviewed_and_quoted(tab, TEXTS)
    editors = tab.locator('[data-slate-editor="true"]')
    for pane, body in enumerate(("A fictional body.", "架空の本文です。")):
        editors.nth(pane).click()
        tab.keyboard.type(body)

    # Decap's own notice names no field; the form's says which, and scrolls to it.
    shown = _publish(tab)
    assert "missed a required field" in shown and "Missing: Name is required" in shown, shown
    assert tab.evaluate("() => { const e = document.querySelector('[class*=\"ControlErrorsList\"] li');"
                        " const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert not list((project / "stories").glob(f"{NO_PHOTO}*"))

    for pane, texts in TEXTS.items():
        _field(tab, "name", pane).fill(texts["name"])
    shown = _publish(tab)
    assert "Entry saved" in shown, shown
    en_file, ja_file = project / "stories" / f"{NO_PHOTO}.en.md", project / "stories" / f"{NO_PHOTO}.ja.md"
    deadline = time.monotonic() + 30
    while not (en_file.is_file() and ja_file.is_file()) and time.monotonic() < deadline:
        time.sleep(0.25)
    en, en_body, problems = frontmatter.split(en_file.read_text(encoding="utf-8"), en_file.name)
    assert problems == [] and "portrait" not in en and en["period"] == {"start": 2016, "end": "2017-03"}, en
    ja, _, problems = frontmatter.split(ja_file.read_text(encoding="utf-8"), ja_file.name)
    assert problems == [] and "portrait" not in ja
    # The translation saved with its English records which English text it matches.
    assert ja["translated_from"] == english_fingerprint(en, en_body), ja
    said = _check(project)
    assert said.returncode == 0, said.stdout + said.stderr


def test_a_new_batch_saves_and_batches_are_named_by_track_and_number(tab, session):
    project, _, _ = session
    path = project / "data" / "batches.yml"
    before = path.read_text(encoding="utf-8")
    tracks = yaml.safe_load((project / "data" / "tracks.yml").read_text(encoding="utf-8"))
    first = yaml.safe_load(before)[0]
    _open(tab, "batches", "batches")
    summary = f"{tracks[first['track']]['name']['en']}, batch {first['number']}"
    tab.get_by_text(summary, exact=True).first.wait_for()
    tab.get_by_role("button", name="Add batches").click()
    _select_last(tab, "track", "(esc)")
    tab.locator('[id^="number-field-"]').last.fill("99")
    _select_last(tab, "status", "scheduled")
    shown = _publish(tab)
    assert "Entry saved" in shown, shown
    deadline = time.monotonic() + 30
    while path.read_text(encoding="utf-8") == before and time.monotonic() < deadline:
        time.sleep(0.25)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before), "an existing batch was rewritten"  # every other entry byte for byte
    assert yaml.safe_load(after)[-1] == {"track": "esc", "number": 99, "status": "scheduled"}
    said = _check(project)
    assert "batches.yml" not in said.stdout + said.stderr, said.stdout


def _select_last(page, name: str, text: str) -> None:
    page.locator(f'[id^="{name}-field-"]').last.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_a_country_saved_leaves_every_other_country_byte_identical(tab, session):
    project, _, _ = session
    path = project / "data" / "countries.yml"
    before = path.read_text(encoding="utf-8")
    _open(tab, "countries", "countries")
    tab.get_by_role("button", name="Add countries").click()
    tab.locator('[id^="_key-field-"]').last.fill("fictional-land")
    tab.locator('[id^="slug-field-"]').last.fill("fictional-land")
    tab.locator('[id^="en-field-"]').last.fill("Fictional Land (test fixture)")
    tab.locator('[id^="ja-field-"]').last.fill("架空の国（テスト用）")
    shown = _publish(tab)
    assert "Entry saved" in shown, shown
    deadline = time.monotonic() + 30
    while path.read_text(encoding="utf-8") == before and time.monotonic() < deadline:
        time.sleep(0.25)
    after = path.read_text(encoding="utf-8")
    # Decap's own writer turns every `name: {en: ..., ja: ...}` into a block: the file keeps them as written.
    assert after.startswith(before), after
    assert yaml.safe_load(after)["fictional-land"]["name"]["en"] == "Fictional Land (test fixture)"


def _refused(tab, project: Path, act, words: list[str]) -> str:
    """`act` (a save or a deletion) is refused with `words` in the notice and nothing on disk changes."""
    before = _snapshot(project)
    shown = _without_line(act())  # the check gives a line number (file.md:7); the form, the same words without
    assert "Not saved, the check would refuse it" in shown, shown
    for line in words:
        assert line in shown, (line, shown)
    time.sleep(1)
    assert _snapshot(project) == before
    return shown


def _without_line(text: str) -> str:
    return re.sub(r"\.(md|yml):\d+ \[", r".\1 [", text)


def test_a_taken_slug_is_refused_in_the_checks_words(tab, session, tmp_path):
    project, _, _ = session
    tab.goto(tab.url.split("#")[0] + "#/collections/stories/new")
    _field(tab, "slug").wait_for()
    _field(tab, "slug").fill(PUBLISHED)
    _select(tab, "country", "Cambodia")
    _select(tab, "track", "(esc)")
    _field(tab, "batch").fill("3")
    _field(tab, "start").fill("2016")
    _field(tab, "end").fill("2017")
    _field(tab, "as_of").fill("2020-01-01")
    _field(tab, "published").fill("2020-01-01")
    for pane, texts in TEXTS.items():
        for name, value in texts.items():
            _field(tab, name, pane).fill(value)
    _reviewed_and_quoted(tab, TEXTS)
    editors = tab.locator('[data-slate-editor="true"]')
    for pane, body in enumerate(("A fictional body.", "架空の本文です。")):
        editors.nth(pane).click()
        tab.keyboard.type(body)
    # What the check says of the same files written by hand: Decap would have written <slug>-1.*.md.
    other = copy_project(tmp_path / "other", stories=False)
    shutil.copytree(project / "stories", other / "stories", dirs_exist_ok=True)
    shutil.copy2(project / "data" / "url-manifest.yml", other / "data" / "url-manifest.yml")
    (other / "stories" / f"{PUBLISHED}-1.en.md").write_text(story_text(fictional("en", slug=PUBLISHED)), encoding="utf-8")
    words = [_without_line(line) for line in _check_lines(other, f"{PUBLISHED}-1.en.md")]
    assert any("is another story" in line for line in words), words  # the check names the story it would overwrite
    shown = _refused(tab, project, lambda: _publish(tab), words)
    assert "-1" not in "".join(p.name for p in (project / "stories").iterdir())


def test_a_published_storys_slug_change_is_refused_and_points_to_renaming(tab, session):
    project, _, _ = session
    _open(tab, "stories", PUBLISHED)
    _field(tab, "slug").wait_for()
    _field(tab, "slug").fill("fictional-renamed-alumna")
    shown = _refused(tab, project, lambda: _publish(tab), [f"stories/{PUBLISHED}.en.md [slug]: "])
    assert "aliases" in shown and "Renaming a story" in shown and "withdrawn: true" in shown, shown


def test_draft_on_a_published_story_is_refused_in_the_checks_words(tab, session, tmp_path):
    project, _, _ = session
    other = copy_project(tmp_path / "other", stories=False)
    shutil.copytree(project / "stories", other / "stories", dirs_exist_ok=True)
    shutil.copy2(project / "data" / "url-manifest.yml", other / "data" / "url-manifest.yml")
    text = (other / "stories" / f"{PUBLISHED}.en.md").read_text(encoding="utf-8")
    (other / "stories" / f"{PUBLISHED}.en.md").write_text(text.replace("published:", "draft: true\npublished:", 1),
                                                           encoding="utf-8")
    words = [_without_line(line) for line in _check_lines(other, f"{PUBLISHED}.en.md")]
    assert words and all("[draft]" in line for line in words), words
    _open(tab, "stories", PUBLISHED)
    _field(tab, "draft").wait_for()
    _field(tab, "draft").click()
    _refused(tab, project, lambda: _publish(tab), words)


def test_deleting_a_published_story_is_refused_and_points_to_withdrawal(tab, session):
    project, _, _ = session
    _open(tab, "stories", PUBLISHED)
    _field(tab, "slug").wait_for()

    def delete():
        tab.get_by_role("button", name=re.compile("Delete published entry|Delete entry")).first.click()
        return _toast(tab)

    shown = _refused(tab, project, delete, ["this published address would stop working", "withdrawn: true"])
    assert (project / "stories" / f"{PUBLISHED}.en.md").is_file()


def _preview(tab, language: str):
    return tab.frame_locator("#preview-pane").locator(f"article[lang={language}]")


def test_the_japanese_preview_matches_the_built_page(tab, session, tmp_path):
    project, _, _ = session
    site = tmp_path / "site"
    built = run_build(project, site)
    assert built.returncode == 0, built.stderr[-3000:]
    page = BeautifulSoup((site / "ja" / "stories" / PUBLISHED / "index.html").read_text(encoding="utf-8"), "html.parser")
    name, line = page.select_one("h1.story-name").get_text(strip=True), page.select_one("p.story-line").get_text(strip=True)
    role = re.sub(r"\s", "", page.select_one("p.story-role").get_text())  # the role with the date it was true
    assert name.endswith("氏") and "2023年2月" in line, (name, line)  # what the site writes, not "2023-02年"
    # The takeaways are on no page of the site (cards and previews only, overrides/story.html): as the site's own
    # story view has them in Japanese, the view every page is rendered from.
    loaded = load_site(project)
    story = next(s for s in loaded.stories if s.slug == PUBLISHED)
    takeaways = list(loaded.story_view(story, "ja")["takeaways"])
    assert takeaways == PUBLISHED_JA["takeaways"]

    _open(tab, "stories", PUBLISHED)
    _field(tab, "slug").wait_for()
    tab.get_by_role("button", name=re.compile(r"^Writing in [A-Z]+$")).first.click()
    tab.locator("[role=menu] >> text=JA").click()
    # The Japanese pane's hints are Japanese: the name's hint is the form's Japanese one, not the schema's English.
    from alumni_stories.outputs.cms import JAPANESE_HINTS

    hint = tab.locator('[class*="ControlHint"][lang="ja"]', has_text=JAPANESE_HINTS["name"]).first
    hint.wait_for()
    assert hint.inner_text().strip() == JAPANESE_HINTS["name"]
    assert tab.locator('[class*="ControlHint"]', has_text="the person's full name as they write it in English").count() == 0
    tab.locator("button[title='Toggle preview']").click()
    article = _preview(tab, "ja")
    article.locator("h1").wait_for()
    assert article.locator("h1").inner_text().strip() == name
    assert article.locator("p.story-line").inner_text().strip() == line
    assert re.sub(r"\s", "", article.locator(".story-preview__role").inner_text()) == role and "時点" in role
    assert article.locator(".story-preview__takeaways li").all_inner_texts() == takeaways


def test_an_emoji_quote_saves_and_the_preview_and_admin_keep_answering(tab, session):
    project, base, _ = session
    _open(tab, "stories", PUBLISHED)
    _field(tab, "pull_quote").wait_for()
    quote = "A fictional quote pasted from social media 🙂🎉"
    _field(tab, "pull_quote").fill(quote)
    # The pull quote is one of the listed quotations (issue 26): open the collapsed first one and change it too.
    _field(tab, "text").locator("xpath=ancestor::*[.//button][1]").locator("button").first.click()
    _field(tab, "text").fill(quote)
    shown = _publish(tab)
    assert "Entry saved" in shown, shown
    en = frontmatter.split((project / "stories" / f"{PUBLISHED}.en.md").read_text(encoding="utf-8"), "en")[0]
    assert en["pull_quote"] == quote
    text = (project / "stories" / f"{PUBLISHED}.en.md").read_text(encoding="utf-8")
    assert GUIDANCE in text, "the story's guidance comment was lost"  # the untouched fields kept as written
    # The preview rebuilds with the quote, and /admin/ keeps answering meanwhile.
    deadline = time.monotonic() + 240
    shown_quote = answering = False
    while time.monotonic() < deadline and not shown_quote:
        answering = _answers(f"{base}admin/")
        if answering:
            try:
                with urllib.request.urlopen(f"{base}stories/{PUBLISHED}/", timeout=10) as response:
                    shown_quote = "🙂" in response.read().decode("utf-8")
            except OSError:
                pass
        time.sleep(2)
    log = (project.parent / "edit.log").read_text(encoding="utf-8", errors="replace")
    assert shown_quote and _answers(f"{base}admin/"), log[-3000:]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False
