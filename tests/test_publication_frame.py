"""A publication's frame, not a documentation site (issue 24): masthead, people first, the region map, Share,
keyboard and zoom. In headless Chromium over the fictional content set (tests/fictional_site.py), both languages.

Screenshots of home, a story, a country page and the partners page at 390 x 844, 768 x 1024 and 1280 x 800 in
both languages are written to test-artifacts/24-frame/ for people to look at.

"200% zoom" is the layout a browser gives a 1280 px window zoomed to 200%: a 640 px CSS viewport drawn at two
device pixels per CSS pixel (what browser zoom does to the layout), here 640 x 400 at device scale 2.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ARTIFACTS

from alumni_stories.site import map as region_map
from alumni_stories.site.browse import count_text as count_text_of
from alumni_stories.site.views import load_site

pytestmark = pytest.mark.browser

PREFIXES = {"en": "", "ja": "ja/"}
PHONE = {"width": 390, "height": 844}
ZOOMED = {"width": 640, "height": 400}  # 1280 px at 200%
SHOTS = ARTIFACTS / "24-frame"


@pytest.fixture(scope="module")
def fictional(fictional_project_dir):
    return load_site(fictional_project_dir)


@pytest.fixture(scope="module")
def publisher(fictional_project_dir):
    return yaml.safe_load((fictional_project_dir / "data/publisher.yml").read_text(encoding="utf-8"))


def new_tab(browser, viewport, scale=1, **options):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, **options)
    return context, context.new_page()


# --- People first ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", PREFIXES)
def test_the_phone_home_page_shows_an_alumnus_in_the_first_screen(fictional_served_site, browser, fictional, language):
    context, tab = new_tab(browser, PHONE)
    try:
        tab.goto(fictional_served_site + PREFIXES[language])
        card = tab.locator(".story-card").first
        box = card.bounding_box()
        assert box["y"] < PHONE["height"], f"the first story card starts at {box['y']} px, below the first screen"
        first = fictional.recent_view(language)[0]
        # Name, country, years and the person's words, each starting inside the first screen.
        for part, text in ((".story-card__name", first["display_name"]), (".story-line", first["country"]),
                           (".story-card__quote", first["pull_quote"][:12])):
            element = card.locator(part)
            assert text in element.inner_text(), (part, text)
            assert element.bounding_box()["y"] < PHONE["height"], part
        assert first["line"].split()[-1][:4] in card.locator(".story-line").inner_text()  # the years, as printed
    finally:
        context.close()


# --- The masthead and the footer -------------------------------------------------------------------------------

@pytest.mark.parametrize("language", PREFIXES)
def test_masthead_has_the_wordmark_and_publisher_and_no_tab_row(fictional_served_site, browser, fictional, publisher,
                                                                language):
    context, tab = new_tab(browser, {"width": 1280, "height": 800})
    try:
        tab.goto(fictional_served_site + PREFIXES[language])
        assert tab.locator(".md-tabs").count() == 0, "no documentation tab row"
        assert tab.locator(".md-header img, .md-header .md-logo").count() == 0, "no logo, a typographic wordmark"
        assert tab.locator(".site-wordmark__name").inner_text() == fictional.strings(language)("site_name")
        assert tab.locator(".site-wordmark__publisher").inner_text().lower() == publisher["name"][language].lower()
        assert tab.title() == fictional.strings(language)("site_name"), "the home page's title is the site's name"
        other = "ja" if language == "en" else "en"
        switch = tab.locator(f'.md-header a[hreflang="{other}"]')
        assert switch.is_visible() and switch.get_attribute("lang") == other, "the other language, named in itself"
        assert tab.locator(".md-header .site-search__button").is_visible()
        # Wide screens have no drawer: the sections are a line of links in the masthead instead of a tab row.
        sections = tab.locator(".md-header .site-sections a")
        assert sections.count() >= 3 and all(sections.nth(i).is_visible() for i in range(sections.count()))
        assert fictional.strings(language)("stories") in sections.all_inner_texts()
        footer = tab.locator("footer.site-footer")
        text = footer.inner_text()
        assert fictional.strings(language)("footer_published_by").rstrip("：") in text
        assert publisher["name"][language] in text and publisher["rights"][language] in text
        assert publisher["name"]["en" if language == "ja" else "ja"] not in text, "the footer is in the page's language"
        contact = fictional.strings(language)("footer_contact")
        if not publisher.get("contact"):  # no contact given: no "Contact" link to the funder's home page
            assert footer.get_by_text(contact, exact=True).count() == 0
        timor = tab.locator('a[href$="countries/timor-leste/"]')
        assert timor.count() >= 1, "the Timor-Leste page is linked from the home page (its map)"
    finally:
        context.close()


# --- Keyboard: phone width and 200% zoom ---------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const visible = r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
    && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && !e.closest('[inert]');
  return {tag: e.tagName, cls: String(e.className.baseVal ?? e.className), label: e.getAttribute('aria-label'),
          visible, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none'};
}"""


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("where", ["phone", "zoom-200"])
@pytest.mark.parametrize("kind", ["", "stories/sovanndy-ravuth/"])
def test_tab_reaches_the_menu_first_and_focus_is_always_visible(fictional_served_site, browser, fictional, where,
                                                                language, kind):
    viewport, scale = (PHONE, 1) if where == "phone" else (ZOOMED, 2)
    context, tab = new_tab(browser, viewport, scale)
    try:
        tab.goto(fictional_served_site + PREFIXES[language] + kind)
        stops = []
        for _ in range(14):  # bounded: the header, then well into the page
            tab.keyboard.press("Tab")
            stops.append(tab.evaluate(FOCUSED))
        if "md-skip" in stops[0]["cls"]:
            stops = stops[1:]
        assert "site-header__menu" in stops[0]["cls"], stops[0]
        assert stops[0]["label"] == fictional.strings(language)("menu_open")
        hidden = [s for s in stops if not s["visible"]]
        assert not hidden, f"focus on something a reader cannot see: {hidden}"
        invisible_ring = [s for s in stops if not (s["outline"] or s["shadow"])]
        assert not invisible_ring, f"focus without a visible outline: {invisible_ring}"
        # The menu opens from the keyboard, its links take focus, Escape closes it and returns to the button.
        tab.locator(".site-header__menu").focus()
        tab.keyboard.press("Enter")
        assert tab.locator(".site-header__menu").get_attribute("aria-expanded") == "true"
        assert tab.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
        tab.keyboard.press("Escape")
        assert tab.locator(".site-header__menu").get_attribute("aria-expanded") == "false"
        assert tab.evaluate("() => document.activeElement.classList.contains('site-header__menu')")
    finally:
        context.close()


# --- The map ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("kind", ["", "countries/"])
def test_the_map_links_every_country_with_its_count_in_the_page_language(fictional_served_site, browser, fictional,
                                                                          language, kind):
    context, tab = new_tab(browser, PHONE)
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        tab.goto(fictional_served_site + PREFIXES[language] + kind)
        tab.wait_for_load_state("networkidle")
        svg = tab.locator("svg.region-map")
        assert svg.count() == 1, "an inline <svg>, drawn at build time"
        assert svg.locator(":scope > title").text_content() and svg.locator(":scope > desc").text_content()
        strings = fictional.strings(language)
        links = {}
        for index in range(svg.locator("a").count()):
            link = svg.locator("a").nth(index)
            href = link.evaluate("a => new URL(a.getAttribute('href'), location.href).pathname")
            links[href] = link.locator("text").text_content()
        for country in fictional.catalog.countries.values():
            count = sum(1 for s in fictional.stories if s.country == country.key)
            path = f"/{PREFIXES[language]}countries/{country.slug}/"
            assert path in links, path
            count_text = count_text_of(strings, "browse_story_count", count)  # "1 story", "None yet"
            assert links[path] == country.name[language] + count_text, links[path]
        # Told apart without colour: the programme's countries carry the hatch pattern, and a legend says so.
        assert svg.locator("a path.map-land--programme").count() >= 1
        assert svg.locator("a path.map-land--programme").first.get_attribute("fill").startswith("url(#")
        assert strings("map_legend") in svg.locator(".map-legend").all_text_contents()
        # Every country link is reachable with Tab.
        assert all(svg.locator("a").nth(i).evaluate("a => a.tabIndex >= 0") for i in range(svg.locator("a").count()))
        here = urlsplit(fictional_served_site).netloc
        assert not [u for u in requests if urlsplit(u).netloc not in (here, "")], "no request to another host"
    finally:
        context.close()


def test_the_map_escapes_its_text_and_draws_from_the_packaged_data():
    hostile = region_map.MapCountry(key="cambodia", name='Fictional"><script>x</script>', count_text="<b>1</b>",
                                    url='c/"onmouseover="x')
    svg = str(region_map.region_map("m", "T<", "D&", [hostile], ("Programme", "Other")))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'onmouseover="x' not in svg
    assert region_map.data_path().is_file() and region_map.data_path().suffix == ".zip"
    assert {"KHM", "LAO", "MMR", "VNM", "TLS"} <= set(region_map.shapes())


# --- Share, and the embed code for partners only ------------------------------------------------------------------

@pytest.mark.parametrize("language", PREFIXES)
def test_share_copies_the_story_link_and_no_iframe_code_is_shown_under_a_story(fictional_served_site, browser,
                                                                               fictional, language):
    context, tab = new_tab(browser, {"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"])
    try:
        story = fictional.stories[0]
        tab.goto(f"{fictional_served_site}{PREFIXES[language]}stories/{story.slug}/")
        html = tab.content()
        assert "&lt;iframe" not in html and tab.locator("textarea, .partners-embed").count() == 0
        tab.evaluate("() => { navigator.share = undefined; }")  # the desktop path: copy the link
        button = tab.locator(".story-share button")
        assert button.is_visible() and button.inner_text().strip() == fictional.strings(language)("share_button")
        button.click()
        tab.wait_for_function("() => document.querySelector('[data-share]').dataset.shareState === 'copied'")
        copied = tab.evaluate("() => navigator.clipboard.readText()")
        assert copied.endswith(f"/{PREFIXES[language]}stories/{story.slug}/") and copied.startswith("http")
        assert tab.locator(".story-share [role=status]").inner_text() == fictional.strings(language)("share_copied")
    finally:
        context.close()


@pytest.mark.parametrize("language", PREFIXES)
def test_the_partners_page_offers_every_storys_embed_code(fictional_served_site, browser, fictional, language):
    context, tab = new_tab(browser, {"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"])
    try:
        tab.goto(f"{fictional_served_site}{PREFIXES[language]}partners/")
        boxes = tab.locator(".partners-embeds details.partners-embed")
        assert boxes.count() == len(fictional.stories)
        codes = [boxes.nth(i).locator("textarea").input_value() for i in range(boxes.count())]
        for story in fictional.stories:
            assert any(f'/{PREFIXES[language]}embed/{story.slug}/"' in code and code.startswith("<iframe")
                       for code in codes), story.slug
        boxes.first.locator("summary").click()
        boxes.first.locator("button.partners-embed__copy").click()
        assert tab.evaluate("() => navigator.clipboard.readText()") == codes[0]
    finally:
        context.close()


# --- Screenshots -------------------------------------------------------------------------------------------------

SIZES = [(390, 844), (768, 1024), (1280, 800)]


def test_screenshots_of_every_frame_page_type(fictional_served_site, browser, fictional):
    story = fictional.stories[0]
    country = fictional.catalog.countries[story.country]
    pages = {"home": "", "story": f"stories/{story.slug}/", "country": f"countries/{country.slug}/",
             "partners": "partners/"}
    SHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in SIZES:
        context, tab = new_tab(browser, {"width": width, "height": height})
        try:
            for name, path in pages.items():
                for language, prefix in PREFIXES.items():
                    tab.goto(fictional_served_site + prefix + path)
                    target = SHOTS / f"{name}-{language}-{width}.png"
                    tab.screenshot(path=str(target))
                    written.append(target)
        finally:
            context.close()
    assert all(p.stat().st_size > 5000 for p in written) and len(written) == len(SIZES) * len(pages) * 2
