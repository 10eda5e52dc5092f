"""The real built site in headless Chromium: language selector, story order, phones, keyboard, screenshots.

Screenshots of the home page, the story index and a story, in both languages, at phone and desktop
widths, are saved under test-artifacts/screenshots/ for people to look at.
"""
from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS, ROOT, real_story_slugs
from quality_support import pages_in_both_languages

from alumni_stories.site.views import load_site

pytestmark = pytest.mark.browser

STORY = f"stories/{real_story_slugs()[0]}/"  # a real story page, whichever comes first
PAGES = {"home": "", "index": "stories/", "story": STORY}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.fixture(scope="module")
def real_site():
    return load_site(ROOT)


def open_page(browser, url, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(url)
    return context, tab


# --- the language selector -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PAGES)
def test_language_selector_round_trip(served_site, browser, kind):
    context, tab = open_page(browser, served_site + PAGES[kind], DESKTOP)
    try:
        heading = tab.locator("h1").first.inner_text()
        assert tab.locator("html").get_attribute("lang") == "en"
        # The other language is one visible link in the header (no menu to open first).
        tab.locator('.md-header a.md-select__link[hreflang="ja"]').click()
        tab.wait_for_url(served_site + "ja/" + PAGES[kind])
        assert tab.locator("html").get_attribute("lang") == "ja"
        assert tab.locator("h1").first.inner_text() != heading  # the Japanese page, not the English one
        tab.locator('.md-header a.md-select__link[hreflang="en"]').click()
        tab.wait_for_url(served_site + PAGES[kind])
        assert tab.locator("html").get_attribute("lang") == "en"
        assert tab.locator("h1").first.inner_text() == heading
    finally:
        context.close()


# --- story order -----------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_index_shows_every_story_in_order_of_attachment(served_site, page, real_site, prefix):
    page.goto(served_site + prefix + "stories/")
    cards = page.locator(".story-card")
    assert cards.count() == len(real_site.stories)
    starts = []
    for index in range(cards.count()):
        line = cards.nth(index).locator(".story-line").inner_text()
        starts.append(int(re.findall(r"(?:19|20)\d\d", line)[0]))  # the period's first year, as printed
    assert starts == sorted(starts) and len(set(starts)) > 1
    linked = set(page.eval_on_selector_all(".story-card__name a", "as => as.map(a => new URL(a.href).pathname)"))
    assert linked == {f"/{prefix}stories/{story.slug}/" for story in real_site.stories}


# --- phones ----------------------------------------------------------------------------------------

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.md-main *, .md-header *, .md-footer *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 1
                 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.md-sidebar, .md-search, .md-select__inner'))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize("language,path", pages_in_both_languages(list(PAGES.values())))
def test_phone_width_has_no_horizontal_scrolling(served_site, browser, language, path):
    context, tab = open_page(browser, served_site + path, PHONE)
    try:
        found = tab.evaluate(OVERFLOWING)
        name = {v: k for k, v in PAGES.items()}[path.removeprefix("ja/")]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=SCREENSHOTS / f"{language}-{name}-phone.png", full_page=True)
    finally:
        context.close()
    assert found["scroll"] <= found["width"], found
    assert found["wide"] == [], f"wider than the {PHONE['width']}px screen: {found['wide']}"


@pytest.mark.parametrize("language,path", pages_in_both_languages(list(PAGES.values())))
def test_desktop_screenshots(served_site, browser, language, path):
    context, tab = open_page(browser, served_site + path, DESKTOP)
    try:
        name = {v: k for k, v in PAGES.items()}[path.removeprefix("ja/")]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{language}-{name}-desktop.png"
        tab.screenshot(path=shot, full_page=True)
    finally:
        context.close()
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one


# --- Japanese typography -----------------------------------------------------------------------------

def rendered_fonts(tab, selector):
    """The fonts Chromium really drew the element's text with (not the CSS wish list)."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


# Running Japanese text needs more leading than Latin text; headings may stay tighter.
@pytest.mark.parametrize("selector,leading", [("h1.story-name", 1.2), (".story-body p", 1.7), (".story-body blockquote p", 1.7)])
def test_japanese_text_is_drawn_with_a_japanese_font_upright(served_site, page, selector, leading):
    page.goto(served_site + "ja/" + STORY)
    fonts = rendered_fonts(page, selector)
    assert any(re.search(r"CJK|JP|Japanese|Gothic|Hiragino|Meiryo", name) for name in fonts), fonts
    style = page.locator(selector).first.evaluate("e => getComputedStyle(e)")
    assert style["fontStyle"] == "normal"  # no faux italics for Japanese
    assert float(style["lineHeight"].removesuffix("px")) >= leading * float(style["fontSize"].removesuffix("px"))


# --- keyboard only -----------------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  const box = e.getBoundingClientRect();
  const link = e.href && (e.href.baseVal ?? e.href);  // an SVG link (the region map) has an SVGAnimatedString
  return {tag: e.tagName.toLowerCase(), cls: String(e.className.baseVal ?? e.className ?? ''),
          href: link ? new URL(link, location.href).pathname : null,
          hreflang: e.getAttribute('hreflang'), inMain: !!e.closest('.md-content'),
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


def tab_through(tab, limit=60):
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stops.append(tab.evaluate(FOCUSED))
        if stops[-1]["tag"] == "body":
            break
    return stops


@pytest.mark.parametrize("language,path", pages_in_both_languages(list(PAGES.values())))
def test_first_tab_is_a_visible_skip_link_to_the_main_content(served_site, page, language, path):
    page.goto(served_site + path)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "md-skip" in first["cls"] and first["visible"], first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "after the skip link, Tab goes into the main content"


@pytest.mark.parametrize("language,path", pages_in_both_languages(["", "stories/"]))
def test_keyboard_reaches_every_story_link(served_site, page, real_site, language, path):
    page.goto(served_site + path)
    reached = {stop["href"] for stop in tab_through(page) if stop["visible"]}
    prefix = "/ja" if language == "ja" else ""
    assert {f"{prefix}/stories/{story.slug}/" for story in real_site.stories} <= reached


@pytest.mark.parametrize("path", list(PAGES.values()))
def test_keyboard_reaches_the_language_selector_and_uses_it(served_site, page, path):
    page.goto(served_site + path)
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["hreflang"] == "ja":
            break
    else:
        pytest.fail("Tab never reached the link to the Japanese page")
    assert stop["visible"], "the language menu opens when it has the keyboard focus"
    page.keyboard.press("Enter")
    page.wait_for_url(served_site + "ja/" + path)
    assert page.locator("html").get_attribute("lang") == "ja"
