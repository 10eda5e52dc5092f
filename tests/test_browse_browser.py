"""Browse features in a real browser: the story index narrows in place; chart links take the keyboard.

Run on the fictional content set (tests/fictional_site.py: eight fictional people, two per country, both
tracks), so the expected cards can be named.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def visible_cards(page) -> list[str]:
    """The cards a reader sees (laid out with a size), not merely those without the hidden attribute."""
    return page.eval_on_selector_all(".story-card .story-card__name a",
                                     "links => links.filter(a => a.getClientRects().length > 0)"
                                     ".map(a => a.getAttribute('href'))")


def test_story_index_narrows_by_country_and_track_without_leaving_the_page(fictional_served_site, page):
    page.goto(fictional_served_site + "stories/")
    assert len(visible_cards(page)) == 8
    lao = page.locator('[data-filter-group="country"] button[data-filter-value="lao-pdr"]')
    lao.click()
    assert page.url.endswith("stories/?country=lao-pdr")  # same page, choice kept in the address
    assert lao.get_attribute("aria-pressed") == "true"
    assert visible_cards(page) == ["keomanivong-sisouphan/", "daovieng-phommachak/"]
    assert page.locator(".story-filter__status").inner_text() == "Showing 2 of 8 stories."
    assert not page.locator(".story-count").is_visible()  # "8 stories" would contradict the status line
    page.locator('[data-filter-group="track"] button[data-filter-value="esc"]').click()
    assert visible_cards(page) == ["daovieng-phommachak/"]
    page.locator('[data-filter-group="country"] button[data-filter-value="viet-nam"]').click()
    assert visible_cards(page) == []  # both fictional Vietnamese alumni are Junior Diplomats
    assert "No story matches" in page.locator(".story-filter__status").inner_text()
    page.locator('[data-filter-group="country"] button[data-filter-value="viet-nam"]').click()  # again: every country
    assert visible_cards(page) == ["sovanndy-ravuth/", "daovieng-phommachak/", "nandar-khinezin/"]
    assert page.url.endswith("stories/?track=esc")


def test_a_shared_filtered_address_opens_filtered(fictional_served_site, page):
    page.goto(fictional_served_site + "ja/stories/?track=mfa")
    assert visible_cards(page) == ["keomanivong-sisouphan/", "bopharith-kalliyan/", "nguyet-thanhlam/",
                                   "thiri-yadana-moe/", "bao-quyenxuan/"]
    assert page.locator('button[data-filter-value="mfa"]').get_attribute("aria-pressed") == "true"
    assert page.locator(".story-filter__status").inner_text() == "8件中5件を表示しています。"


def test_without_javascript_the_filters_are_links_to_browse_pages(fictional_served_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fictional_served_site + "stories/")
    # Timor-Leste is in the programme (since 2025) but no story is from there: a filter showing nothing is not offered.
    assert page.locator('a.story-filter__option[data-filter-value="timor-leste"]').count() == 0
    page.locator('a.story-filter__option[data-filter-value="myanmar"]').click()
    page.wait_for_url("**/countries/myanmar/")
    assert page.locator(".story-list .story-card").count() == 2
    context.close()


def test_keyboard_reaches_the_timeline_links(fictional_served_site, page):
    page.goto(fictional_served_site + "programme/")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.closest('svg') ? "
                             "document.activeElement.getAttribute('href') : null")
        if href:
            reached.add(href)
    assert {"../stories/keomanivong-sisouphan/", "../batches/mfa-8/"} <= reached
    page.locator('figure.chart--timeline a[href="../stories/sovanndy-ravuth/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/sovanndy-ravuth/")


def test_timeline_is_legible_at_phone_width(served_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served_site + "programme/")
    sizes = page.eval_on_selector_all(
        "figure.chart--timeline svg a text",
        "texts => texts.map(t => t.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 11  # rendered text height in CSS pixels, not shrunk by the viewBox
    width = page.evaluate("() => document.querySelector('figure.chart--timeline svg').getBoundingClientRect().right")
    assert width <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing widens the page
    context.close()
