"""Accessibility of the built site: axe-core in Chromium on one page of each kind, in both languages.

The pages are found in the built site (quality_support.representative_pages): the home page, each
section's index and its first sub-page, and the 404 page; sections added later (countries, programme,
search...) are checked without editing this file.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from quality_support import AXE_JS, html_files, representative_pages, tool, url_path

BLOCKING = ("serious", "critical")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pages(site):
    return representative_pages(site)


@pytest.fixture(scope="module")
def axe_script():
    return tool(AXE_JS).read_text(encoding="utf-8")


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_serious_or_critical_axe_violations(built_site, served_site, browser, axe_script, viewport):
    checked, failures = [], {}
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    try:
        for path in pages(built_site):
            tab.goto(served_site + path)
            tab.add_script_tag(content=axe_script)
            result = tab.evaluate("() => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', "
                                  "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})")
            blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
            checked.append(path)
            if blocking:
                failures[path] = describe(blocking)
    finally:
        context.close()
    assert {"", "stories/", "ja/", "ja/stories/"} <= set(checked)
    assert any(re.fullmatch(r"ja/stories/[a-z0-9-]+/", path) for path in checked)
    assert not failures, "\n".join(f"{path or '/'}:\n{text}" for path, text in failures.items())


def test_the_page_list_follows_the_site(built_site):
    listed = pages(built_site)
    sections = {path.split("/")[-2] for path in listed if path.count("/") == 1 and not path.startswith("ja/")}
    assert {"stories", "guide"} <= sections
    english = [p for p in listed if p != "404.html" and not p.startswith("ja/")]
    assert {p for p in listed if p.startswith("ja/")} == {"ja/" + p for p in english}


GENERIC_ALT = re.compile(r"^(image|img|photo|picture|portrait|icon|logo|graphic|写真|画像)\s*\d*$", re.IGNORECASE)
FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif)$", re.IGNORECASE)


def test_every_image_has_meaningful_alt_text_or_is_decorative(built_site):
    problems = []
    for file in html_files(built_site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            alt = img.get("alt")
            where = f"{url_path(built_site, file)}: <img src={img.get('src')!r}>"
            if alt is None:
                problems.append(f"{where} has no alt attribute")
            elif alt.strip() and (GENERIC_ALT.match(alt.strip()) or FILE_NAME.search(alt.strip())):
                problems.append(f"{where} has alt text that says nothing: {alt!r}")
    # Inline SVG (Material's icons) is covered by axe's svg-img-alt and role-img-alt rules above.
    assert problems == []


def test_placeholder_portraits_are_hidden_from_screen_readers(built_site):
    from conftest import real_story_slugs

    placeholders = []
    for prefix in ("", "ja/"):
        for slug in real_story_slugs():
            soup = BeautifulSoup((built_site / prefix / "stories" / slug / "index.html").read_text(encoding="utf-8"),
                                 "html.parser")
            placeholders += soup.select(".story-placeholder")
    assert placeholders, "the real stories have no photograph yet: each shows a placeholder"
    assert all(p.get("aria-hidden") == "true" for p in placeholders)


def test_axe_is_the_pinned_version():
    pinned = __import__("json").loads((ROOT / "tests" / "tools" / "package.json").read_text())["devDependencies"]
    assert f"axe v{pinned['axe-core']}" in tool(AXE_JS).read_text(encoding="utf-8")[:200]
