"""The built site in a real browser: the language selector takes a reader to the same story."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_language_selector_round_trip_on_a_story(served_site, page):
    page.goto(served_site + "stories/chhy-ratha/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator('a.md-select__link[hreflang="ja"]').first.dispatch_event("click")
    page.wait_for_url("**/ja/stories/chhy-ratha/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1.story-name").inner_text() == "チー・ラター氏"
    page.locator('a.md-select__link[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url("**/stories/chhy-ratha/")
    assert page.locator("h1.story-name").inner_text() == "Ms. Chhy Ratha"
