"""Material's stylesheet cut to the rules the site uses (alumni_stories/outputs/purge.py, issue 24)."""
from __future__ import annotations

import re

import pytest
from conftest import real_story_slugs

from alumni_stories.outputs import purge

WORDS = {"md-nav", "md-nav__link", "a", "li", "data-md-state", "lock", "md-header--shadow"}


def test_a_rule_stays_only_when_everything_it_names_is_used():
    assert purge._selector_used(".md-nav a:hover", WORDS)
    assert purge._selector_used("[data-md-state=lock] .md-nav>li::before", WORDS)
    assert purge._selector_used(":root", WORDS) and purge._selector_used("*", WORDS)
    assert not purge._selector_used(".md-nav kbd", WORDS)  # no <kbd> anywhere
    assert not purge._selector_used(".md-typeset .admonition", WORDS)
    assert not purge._selector_used("[data-md-state=blink]", WORDS)  # the value is no word of the site


def test_the_stylesheet_keeps_used_rules_and_their_at_rules():
    css = ("@font-face{font-family:x;src:local(x)}:root{--a:1}.md-nav{color:red}.admonition{color:blue}"
           "@media screen and (max-width:10em){.md-nav__link,.tabbed-set{margin:0}.tabbed-set{padding:0}}"
           "@keyframes spin{0%{opacity:0}to{opacity:1}}")
    out = purge.purge_css(css, WORDS)
    assert "@font-face" in out and ":root{--a:1}" in out and "@keyframes spin" in out
    assert ".md-nav{color:red}" in out and "admonition" not in out
    assert "@media screen and (max-width:10em){.md-nav__link{margin:0}}" in out and "tabbed-set" not in out


def test_the_scripts_words_count_so_runtime_classes_stay(tmp_path):
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/javascripts/bundle.a5f9d56c.min.js").write_text('e.classList.add("md-header--shadow")')
    (tmp_path / "assets/javascripts/unloaded.1234abcd.min.js").write_text('e.classList.add("md-dialog--active")')
    (tmp_path / "index.html").write_text('<header class="md-header">FICTIONAL</header>'
                                         '<script src="assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin/index.html").write_text('<div class="admonition"></div>'
                                               '<script src="../assets/javascripts/unloaded.1234abcd.min.js"></script>')
    words = purge.used_words(tmp_path, ("admin/",))
    assert {"md-header--shadow", "md-header", "header"} <= words and "admonition" not in words
    # A script on disk that no reader page loads adds nothing.
    assert "md-dialog--active" not in words


def test_the_real_site_loads_the_cut_stylesheet_a_third_of_the_theme_or_less(built_site):
    stylesheets = built_site / "assets" / "stylesheets"
    theme = next(p for p in stylesheets.glob("main.*.min.css") if purge.THEME_CSS.match(p.name))
    cut = list(stylesheets.glob("theme.*.css"))
    assert len(cut) == 1 and cut[0].stat().st_size < theme.stat().st_size * 0.6
    for page in ("index.html", "ja/index.html", "404.html", f"stories/{real_story_slugs()[0]}/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert cut[0].name in html and theme.name not in html, page


# What a page shows with the whole theme stylesheet must not change with the cut one: every rule of the theme
# that applies to an element of these pages (state pseudo-classes and pseudo-elements set aside) is kept.
_STATES = re.compile(r"::?(?:hover|focus(?:-visible|-within)?|active|visited|before|after|placeholder|selection|"
                     r"marker|-webkit-[\w-]+|-moz-[\w-]+|target|disabled|first-line|first-letter|backdrop)(?![\w-])")


@pytest.mark.browser
def test_no_rule_that_applies_to_a_page_is_cut(built_site, served_site, browser):
    import tinycss2

    stylesheets = built_site / "assets" / "stylesheets"
    theme = next(p for p in stylesheets.glob("main.*.min.css") if purge.THEME_CSS.match(p.name))
    kept = set()
    cut_text = next(stylesheets.glob("theme.*.css")).read_text(encoding="utf-8")

    def selectors(text):
        found = []
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type == "qualified-rule":
                found += [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                found += selectors(tinycss2.serialize(rule.content))
        return found

    kept = set(selectors(cut_text))
    dropped = sorted({s for s in selectors(theme.read_text(encoding="utf-8")) if s not in kept})
    probes = sorted({_STATES.sub("", s) or "*" for s in dropped})
    slug = real_story_slugs()[0]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    applied = {}
    try:
        for path in ("", f"stories/{slug}/", "stories/", "countries/", "partners/", "guide/", "404.html",
                     "ja/", f"ja/stories/{slug}/"):
            tab.goto(served_site + path)
            for state in ("closed", "menu open"):
                if state == "menu open":
                    tab.locator(".site-header__menu").click()
                found = tab.evaluate("""probes => probes.filter(p => {
                    try { return document.querySelector(p) !== null; } catch (e) { return false; } })""", probes)
                for probe in found:
                    applied.setdefault(probe, f"/{path} ({state})")
    finally:
        context.close()
    assert len(dropped) > 500, "the cut removes most of the theme's rules"
    assert applied == {}, applied
