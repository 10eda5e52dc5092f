"""The editing interface used as an editor would: `alumni-stories edit` in a throwaway copy of the project, Decap
CMS at /admin/ in headless Chromium, a FICTIONAL profile created through the form in both languages with a
portrait, then the files, the check and a strict build. Every request the browser makes is recorded: only the
two local servers may be asked for anything.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from alumni_stories.content import frontmatter, schema
from tests.conftest import ARTIFACTS, ROOT, copy_project, fictional, run_build, story_text

CMS_FILES = ("package.json", "package-lock.json", "index.html", "init.js", "admin.js", "admin.css", "previews.js",
             "preview.css", "backend.js")
SHOTS = ARTIFACTS / "screenshots"

# The fictional profile typed into the form (see FICTIONAL_EN in conftest: marked fictional everywhere).
SLUG = "fictional-cms-alumna"
EN = {"name": "Fictional CMS Alumna (test fixture)", "title": "Fictional Director of Testing",
      "alt": "A fictional person drawn for tests", "caption": "A fictional caption", "credit": "Nobody (fictional)",
      "pull_quote": "This person and this quote are fictional, made for tests.", "author": "Test suite (fictional)"}
JA = {"name": "架空のCMS修了生（テスト用）", "title": "架空のテスト部長", "alt": "テスト用に描いた架空の人物",
      "caption": "架空のキャプション", "credit": "架空", "pull_quote": "この人物と言葉はテスト用の架空のものです",
      "author": "テストスイート（架空）"}
BODY = {"en": "A fictional body paragraph, written through the form.", "ja": "フォームから書いた架空の本文です。"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def copy_with_cms(dest: Path) -> Path:
    project = copy_project(dest)
    (project / "cms").mkdir()
    for name in CMS_FILES:
        shutil.copy2(ROOT / "cms" / name, project / "cms" / name)
    assert (ROOT / "cms" / "node_modules" / "decap-cms").is_dir(), "run scripts/test.sh: it installs cms/ (npm ci)"
    (project / "cms" / "node_modules").symlink_to(ROOT / "cms" / "node_modules")
    return project


def printed_address(output: Path, port: int, seconds: float = 60) -> str:
    """The address `alumni-stories edit` printed for the editor, on a line of its own, once the preview is up."""
    pattern = re.compile(rf"^http://127\.0\.0\.1:{port}/admin/#token=([A-Za-z0-9_-]+)$", re.MULTILINE)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = pattern.search(output.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(0)
        time.sleep(0.25)
    raise AssertionError(f"edit printed no address to open within {seconds} s: {output.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """`alumni-stories edit` running in a copy: (project, base URL of the preview, backend port, the address it
    printed to open, with this session's token in its fragment)."""
    project = copy_with_cms(tmp_path_factory.mktemp("cms") / "project")
    port, backend = _free_port(), _free_port()
    log = open(project.parent / "edit.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "alumni_stories", "edit", "--root", str(project),
                                "--port", str(port), "--backend-port", str(backend)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        _wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
        address = printed_address(project.parent / "edit.log", port)
        yield project, f"http://127.0.0.1:{port}/", backend, address
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def cms_page(browser, editing):
    """A logged-in tab on /admin/ whose every request is recorded; requests to any other host are refused."""
    _, base, backend, address = editing
    local = {urlsplit(base).netloc, f"localhost:{backend}", f"127.0.0.1:{backend}"}
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    requests: list[str] = []
    refused: list[str] = []

    def route(route_request):
        url = route_request.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc in local:
            route_request.continue_()
        else:
            refused.append(url)
            route_request.abort()

    context.route("**/*", route)
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    errors: list[str] = []  # what the browser reports as going wrong: failed loads, script errors
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(address)  # the address `edit` printed, as the editor opens it
    tab.get_by_role("button", name="Login").click()
    tab.get_by_text("Stories", exact=True).first.wait_for()
    assert "token" not in tab.url, tab.url  # taken out of the visible address at once (cms/init.js)
    yield tab, requests, refused, local, errors
    context.close()


def _field(tab, name: str, pane: int = 0):
    """The input of a field in the English (0) or Japanese (1) pane: Decap gives ids '<name>-field-<n>'."""
    return tab.locator(f'[id^="{name}-field-"]').nth(pane)


def _select(tab, name: str, text: str) -> None:
    _field(tab, name).click()
    tab.keyboard.type(text)
    tab.keyboard.press("Enter")


def _fill_profile(tab, slug: str, batch: str, start: str, end: str, portrait: Path | None,
                  japanese: bool = True) -> None:
    tab.goto(tab.url.split("#")[0] + "#/collections/stories/new")
    _field(tab, "slug").wait_for()
    _field(tab, "slug").fill(slug)
    _select(tab, "country", "Cambodia")
    _select(tab, "track", "(esc)")
    _field(tab, "batch").fill(batch)
    _field(tab, "start").fill(start)
    _field(tab, "end").fill(end)
    _field(tab, "as_of").fill("2020-01-01")
    _field(tab, "published").fill("2020-01-01")
    # Issue 26: when the story was reviewed, and on what it rests (a fictional person's consent).
    _field(tab, "reviewed").fill("2020-01-01")
    _field(tab, "consent").fill("2019-12-01")
    for pane, texts in enumerate((EN, JA) if japanese else (EN,)):
        for name, value in texts.items():
            _field(tab, name, pane).fill(value)
        # The pull quote is a listed quotation with its provenance (issue 26).
        tab.locator("button:has-text('Add quotes')").nth(pane).click()
        _field(tab, "text", pane).fill(texts["pull_quote"])
        _field(tab, "provenance", pane).click()
        tab.keyboard.type("original" if pane == 0 else "translation")
        tab.keyboard.press("Enter")
    if portrait is not None:
        tab.locator("button:has-text('Choose an image')").first.click()
        tab.locator('input[type="file"]').set_input_files(str(portrait))
        tab.get_by_role("button", name="Choose selected").click()
    editors = tab.locator('[data-slate-editor="true"]')
    for pane, language in enumerate(("en", "ja") if japanese else ("en",)):
        editors.nth(pane).click()
        tab.keyboard.type(BODY[language])


def _publish(tab) -> str:
    """Save as an editor does (Publish, Publish now); the text of the notice Decap shows."""
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    notice = tab.locator(".Toastify__toast")
    notice.first.wait_for(timeout=30000)
    text = notice.first.inner_text()
    if "missed a required field" in text:  # say which: Decap marks the field, the notice does not name it
        text += " " + " | ".join(tab.locator('[class*="ControlErrorsList"], ul[class*="error"] li').all_inner_texts())
        tab.screenshot(path=str(SHOTS / "cms-missing-field.png"), full_page=True)
    return text


def _fictional_portrait(folder: Path) -> Path:
    path = folder / "fictional-portrait.png"
    image = Image.new("RGB", (600, 600), (200, 220, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 100, 450, 400), fill=(120, 140, 170))
    draw.text((20, 570), "FICTIONAL TEST PORTRAIT", fill=(0, 0, 0))
    image.save(path)
    return path


def _wait_for_file(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.25)
    assert path.is_file(), f"{path} was not written"


def _assert_only_local(requests: list[str], refused: list[str], local: set[str]) -> None:
    assert refused == [], f"the editing interface asked other hosts: {refused}"
    hosts = {urlsplit(url).netloc for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts and hosts <= local, hosts


def _write_in(tab, language: str) -> None:
    """Switch the form, and with it the preview, to `language` (Decap's "Writing in EN" menu)."""
    tab.get_by_role("button", name=re.compile(r"^Writing in [A-Z]+$")).first.click()
    tab.locator(f"[role=menu] >> text={language.upper()}").click()
    tab.get_by_role("button", name=f"Writing in {language.upper()}").first.wait_for()


def _facts_line(project: Path, language: str) -> str:
    """The story's line as the site writes it (views.py: story_line with format_track_batch and format_period),
    for the profile typed by _fill_profile (Cambodia, track esc, batch 3, 2016-2017): the preview says the same."""
    from alumni_stories.content.catalog import load_catalog, parse_year_month
    from alumni_stories.content.model import Period
    from alumni_stories.site.formatting import Strings, format_period, format_track_batch

    catalog = load_catalog(project / "data")
    strings = Strings(catalog, language)
    return strings("story_line", country=catalog.countries["cambodia"].name[language],
                   batch=format_track_batch(catalog.tracks["esc"].name[language], 3, strings),
                   period=format_period(Period(parse_year_month(2016), parse_year_month(2017)), strings))


def _preview_shows(tab, language: str, texts: list[str], shot: str) -> None:
    """The preview pane shows the story in `language` with `texts`, and the photo itself (600 px wide, so the
    uploaded file, not a broken image with its alt text); then a screenshot, once the stylesheets are in."""
    article = tab.frame_locator("#preview-pane").locator(f"article[lang={language}]")
    for text in texts:
        article.get_by_text(text, exact=False).first.wait_for()
    expect(article.locator("img.story-preview__portrait")).to_have_js_property("naturalWidth", 600)
    frame = tab.locator("#preview-pane").element_handle().content_frame()
    frame.wait_for_function("() => [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)")
    tab.screenshot(path=str(SHOTS / shot))


def test_create_a_profile_in_both_languages_then_build(cms_page, editing, tmp_path):
    tab, requests, refused, local, errors = cms_page
    project, base, _, _ = editing
    _fill_profile(tab, SLUG, batch="3", start="2016", end="2017", portrait=_fictional_portrait(tmp_path))
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "cms-form.png"))
    tab.evaluate("() => { window.stillTheSamePage = true; }")
    notice = _publish(tab)
    tab.screenshot(path=str(SHOTS / "cms-saved.png"))
    assert "Entry saved" in notice, notice
    en_file, ja_file = project / "stories" / f"{SLUG}.en.md", project / "stories" / f"{SLUG}.ja.md"
    _wait_for_file(en_file)
    _wait_for_file(ja_file)
    photo = project / "stories" / "media" / SLUG / "fictional-portrait.png"
    _wait_for_file(photo)
    assert Image.open(photo).size == (600, 600)
    assert list((project / "stories" / "media").rglob(photo.name)) == [photo]  # in its story's folder only

    # Valid front matter in both files, by the build's own reader and schemas.
    en, en_body, problems = frontmatter.split(en_file.read_text(encoding="utf-8"), en_file.name)
    assert problems == [] and schema.check(en, schema.STORY_SCHEMA) == []
    ja, ja_body, problems = frontmatter.split(ja_file.read_text(encoding="utf-8"), ja_file.name)
    assert problems == [] and schema.check(ja, schema.TRANSLATION_SCHEMA) == []
    assert (en["slug"], en["name"], en["country"], en["track"], en["batch"]) == (SLUG, EN["name"], "cambodia", "esc", 3)
    assert en["period"] == {"start": 2016, "end": 2017} and en["portrait"]["file"] == "fictional-portrait.png"
    assert (ja["name"], ja["current_role"]["title"], ja["portrait"]["credit"]) == (JA["name"], JA["title"], JA["credit"])
    assert "country" not in ja and "period" not in ja  # facts are written once, in the English file
    assert BODY["en"] in en_body and BODY["ja"] in ja_body

    # The live preview shows the new story once its rebuild is done, and that rebuild leaves the form alone
    # (MkDocs' live reload used to reload /admin/ after every save).
    _wait_for(f"{base}stories/{SLUG}/", seconds=300)
    tab.wait_for_timeout(2000)
    assert tab.evaluate("() => window.stillTheSamePage === true"), "the editing interface reloaded itself after a save"

    # The preview of both languages, the Japanese one with the facts and the photo from the English side.
    tab.locator("button[title='Toggle preview']").click()
    _preview_shows(tab, "en", [EN["pull_quote"], _facts_line(project, "en")], "cms-preview-en.png")
    _write_in(tab, "ja")
    _preview_shows(tab, "ja", [JA["pull_quote"], _facts_line(project, "ja")], "cms-saved-preview-ja.png")

    # The saved story opened afresh, straight in Japanese (the English pane never shown): the same.
    tab.evaluate("() => localStorage.setItem('cms.right-pane', 'i18n')")  # the preview closed, as at first
    tab.reload()
    _field(tab, "slug").wait_for()
    _write_in(tab, "ja")
    tab.locator("button[title='Toggle preview']").click()
    _preview_shows(tab, "ja", [JA["pull_quote"], _facts_line(project, "ja")], "cms-preview-ja.png")
    _assert_only_local(requests, refused, local)
    assert errors == [], errors

    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    site = tmp_path / "site"
    built = run_build(project, site)
    assert built.returncode == 0, built.stderr
    starts = {}
    for path in (project / "stories").glob("*.en.md"):
        data = frontmatter.split(path.read_text(encoding="utf-8"), path.name)[0]
        starts[data["slug"]] = str(data["period"]["start"])
    for prefix, name in (("", EN["name"]), ("ja/", JA["name"])):
        soup = BeautifulSoup((site / prefix / "stories" / "index.html").read_text(encoding="utf-8"), "html.parser")
        listed = [re.search(r"([a-z0-9-]+)/$", a["href"]).group(1) for a in soup.select(".story-list .story-card__name a")]
        assert SLUG in listed and name in soup.select(".story-list")[0].get_text()
        assert listed == sorted(listed, key=lambda slug: starts[slug])  # in the chronology, in its place
        assert (site / prefix / "stories" / SLUG / "index.html").is_file()


def test_an_invalid_entry_is_refused_with_the_checks_words(cms_page, editing, tmp_path):
    tab, requests, refused, local, _ = cms_page
    project, _, _, _ = editing
    slug = "fictional-invalid-alumnus"
    _fill_profile(tab, slug, batch="99", start="2018", end="2017", portrait=None)
    shown = _publish(tab)
    tab.wait_for_timeout(800)  # the notice slides in
    tab.screenshot(path=str(SHOTS / "cms-refused.png"))
    time.sleep(1)
    assert not (project / "stories" / f"{slug}.en.md").exists() and not (project / "stories" / f"{slug}.ja.md").exists()

    # The same entry written by hand: the check refuses it with the very lines the editor was shown.
    other = copy_project(tmp_path / "project")
    en = fictional("en", slug=slug, batch=99, period={"start": 2018, "end": 2017})
    (other / "stories" / f"{slug}.en.md").write_text(story_text(en), encoding="utf-8")
    (other / "stories" / f"{slug}.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(other)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 1
    # The check also gives the line in the file (file.md:7); the form has no lines, the words are the same.
    said = [re.sub(r"\.md:\d+ \[", ".md [", line.strip().removeprefix("- "))
            for line in (check.stdout + check.stderr).splitlines() if f"stories/{slug}.en.md" in line]
    assert len(said) == 2 and all(f"{slug}.en.md [" in line for line in said), said
    for line in said:
        assert line in shown, (line, shown)
    _assert_only_local(requests, refused, local)


def test_a_story_without_its_japanese_texts_is_not_saved(cms_page, editing):
    """Decap checks required fields in the English pane only; the form itself refuses an empty translation,
    which the check would refuse too (an empty or partial stories/<slug>.ja.md)."""
    tab, _, _, _, _ = cms_page
    project, _, _, _ = editing
    slug = "fictional-english-only"
    _fill_profile(tab, slug, batch="3", start="2016", end="2017", portrait=None, japanese=False)
    shown = _publish(tab)
    for field in ("name", "current_role.title", "pull_quote", "author"):
        assert f"stories/{slug}.ja.md [{field}]: the field '{field.split('.')[-1]}' is missing" in shown, shown
    time.sleep(1)
    assert not list((project / "stories").glob(f"{slug}.*"))


def test_a_field_against_its_pattern_is_shown_in_the_form_and_nothing_is_written(cms_page, editing):
    tab, _, _, _, _ = cms_page
    project, _, _, _ = editing
    _fill_profile(tab, "Not A Valid Slug", batch="3", start="2016", end="2017", portrait=None)
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()  # refused in the form: no notice, the field shows what to write
    hint = tab.get_by_text("Write the story's permanent web address part", exact=False).first
    hint.wait_for()
    time.sleep(1)
    assert not list((project / "stories").glob("Not*")) and not list((project / "stories").glob("not-a-valid*"))


def test_a_data_file_is_edited_through_the_form_and_keeps_its_shape(cms_page, editing):
    """data/countries.yml is a mapping (key -> country): the form shows it as a list and writes a mapping back,
    with every existing entry as it was and the comment block at the top kept."""
    tab, requests, refused, local, _ = cms_page
    project, _, _, _ = editing
    path = project / "data" / "countries.yml"
    before_text = path.read_text(encoding="utf-8")
    before = yaml.safe_load(before_text)
    tab.goto(tab.url.split("#")[0] + "#/collections/countries/entries/countries")
    tab.get_by_role("button", name="Add countries").click()
    tab.locator('[id^="_key-field-"]').last.fill("fictional-land")
    tab.locator('[id^="slug-field-"]').last.fill("fictional-land")
    tab.locator('[id^="en-field-"]').last.fill("Fictional Land (test fixture)")
    tab.locator('[id^="ja-field-"]').last.fill("架空の国（テスト用）")
    tab.screenshot(path=str(SHOTS / "cms-data.png"))
    notice = _publish(tab)
    assert "Entry saved" in notice, notice
    deadline = time.monotonic() + 30
    while path.read_text(encoding="utf-8") == before_text and time.monotonic() < deadline:
        time.sleep(0.25)
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "fictional-land"} == before
    assert after["fictional-land"] == {"slug": "fictional-land",
                                       "name": {"en": "Fictional Land (test fixture)", "ja": "架空の国（テスト用）"}}
    header = [line for line in before_text.splitlines() if line.startswith("#")]
    assert header and path.read_text(encoding="utf-8").splitlines()[: len(header)] == header
    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    assert "countries.yml" not in check.stdout + check.stderr, check.stdout
    _assert_only_local(requests, refused, local)


def _notice(tab) -> dict[str, str]:
    """The notice /admin/ shows instead of the form: its reason and its text in each language."""
    notice = tab.locator("main.edit-session")
    notice.wait_for()
    texts = {language: notice.locator(f"section[lang={language}]").inner_text() for language in ("en", "ja")}
    return {"reason": notice.get_attribute("data-reason"), **texts}


def test_admin_without_the_printed_address_says_what_to_open_and_asks_the_backend_nothing(browser, editing):
    """/admin/ opened as before (http://127.0.0.1:PORT/admin/, or from a bookmark): the words in both languages,
    no form, not one request to the backend. A token of an ended session: the same words, the token forgotten.
    Then the printed address in the same tab: the form, and after a reload still the form (sessionStorage)."""
    _, base, backend, address = editing
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(base + "admin/")
        said = _notice(tab)
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / "cms-no-session.png"))
        assert said["reason"] == "missing"
        assert "Open the editing page from the address that alumni-stories edit printed" in said["en"], said
        assert "alumni-stories edit が表示したアドレスから編集ページを開いてください" in said["ja"], said
        assert f"{base}admin/#token=…" in said["en"] and f"{base}admin/#token=…" in said["ja"]
        tab.wait_for_timeout(1500)  # time enough for Decap to have asked, had it been started
        assert tab.get_by_role("button", name="Login").count() == 0
        backend_hosts = {f"127.0.0.1:{backend}", f"localhost:{backend}"}
        assert requests and not [url for url in requests if urlsplit(url).netloc in backend_hosts], requests

        ended = "fictional-ended-session-" + "x" * 24
        tab.goto("about:blank")
        tab.goto(base + "admin/#token=" + ended)  # opened afresh, as from a terminal
        said = _notice(tab)
        assert said["reason"] == "ended" and "has ended" in said["en"] and "すでに終わった" in said["ja"], said
        assert "token" not in tab.url and tab.evaluate("() => sessionStorage.length") == 0

        tab.goto(address)  # pasted into this tab, still on /admin/: only the fragment changes (cms/init.js reloads)
        tab.get_by_role("button", name="Login").wait_for()
        assert "token" not in tab.url and tab.locator("main.edit-session").count() == 0
        tab.reload()
        tab.get_by_role("button", name="Login").wait_for()
        assert tab.locator("main.edit-session").count() == 0
        assert errors == [], errors
    finally:
        context.close()


def test_the_published_admin_starts_the_git_hosts_login_without_a_token(browser, served_site, built_site):
    """The production /admin/ (`mkdocs build`: config.yml without local_backend) under its own
    Content-Security-Policy from _headers: Decap starts with the git host's login as before, admin.js asks for no
    token and shows no notice, and the policy refuses nothing (no inline script, nothing from elsewhere)."""
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    block = headers.split("\n/admin/*\n", 1)[1].split("\n/", 1)[0]
    policy = re.search(r"Content-Security-Policy: (.+)", block).group(1)
    site = urlsplit(served_site).netloc
    context = browser.new_context()
    elsewhere: list[str] = []

    def route(route_request):
        url = urlsplit(route_request.request.url)
        if url.netloc != site:
            elsewhere.append(route_request.request.url)
            route_request.abort()
        elif url.path.startswith("/admin/"):
            response = route_request.fetch()
            route_request.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})
        else:
            route_request.continue_()

    context.route("**/*", route)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(served_site + "admin/")
        tab.get_by_role("button", name=re.compile("Login with (GitHub|GitLab)")).wait_for()
        assert tab.locator("main.edit-session").count() == 0
        assert tab.evaluate("() => sessionStorage.length") == 0
        assert not [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e], errors
        assert elsewhere == [], elsewhere
    finally:
        context.close()
