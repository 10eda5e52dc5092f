"""Material's stylesheet cut to the rules the site uses (alumni_stories/outputs/purge.py, issue 24)."""
from __future__ import annotations

import hashlib
import re
import shutil

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


THEME = ".md-typeset{margin:0}.md-typeset kbd{padding:1px}.site-header{color:red}.md-dialog{color:blue}"
LINK = '<link rel="stylesheet" href="{p}assets/stylesheets/main.57a0d79d.min.css">'
PAGES = {"index.html": '<header class="site-header">FICTIONAL home</header>',
         "stories/a/index.html": '<div class="md-typeset">FICTIONAL story a</div>',
         "stories/b/index.html": '<div class="md-typeset">FICTIONAL story b</div>'}


def _site(folder, pages, kept_from=None):
    """A fictional site as the engine leaves it: pages link the whole theme stylesheet; `kept_from`: the stories
    taken from that last build's output (as the incremental build takes them), with the digests it knows."""
    (folder / "assets/stylesheets").mkdir(parents=True)
    (folder / "assets/stylesheets/main.57a0d79d.min.css").write_text(THEME, encoding="utf-8")
    known = {}
    for relative, body in pages.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        if kept_from is not None and relative.startswith("stories/"):
            shutil.copyfile(kept_from / relative, folder / relative)
            known[relative] = hashlib.sha256((folder / relative).read_bytes()).hexdigest()
        else:
            (folder / relative).write_text(LINK.format(p="../../" if "/" in relative else "") + body, encoding="utf-8")
    return folder, known


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warm_run_scans_no_unchanged_page_and_an_edited_page_keeps_its_rule(tmp_path, monkeypatch):
    """Issue 27: each page's words come from the store's drawer by the page's digest; only a page whose bytes
    changed is scanned, and the cut follows it (a story that starts using <kbd> keeps `.md-typeset kbd`, and the
    stories kept from the last build point to the new cut stylesheet). The same files as with no memo."""
    memo = tmp_path / ".cache" / "purge"  # the store prunes only inside a .cache/ folder
    scans = []
    scan = purge._Words.scan
    monkeypatch.setattr(purge._Words, "scan", lambda self, data: scans.append(data) or scan(self, data))
    one, _ = _site(tmp_path / "one", PAGES)
    first = purge.purge_theme_css(one, memo=memo)
    assert sorted(first.scanned) == sorted(PAGES) and len(scans) == 3
    cut = (one / "assets/stylesheets" / first.target).read_text(encoding="utf-8")
    assert ".md-typeset{" in cut and "kbd" not in cut and "md-dialog" not in cut
    assert [p.name for p in memo.iterdir()] and first.target in (one / "stories/a/index.html").read_text()

    two, known = _site(tmp_path / "two", PAGES, kept_from=one)  # nothing changed: home rendered again, stories kept
    second = purge.purge_theme_css(two, known=known, memo=memo)
    assert second.scanned == [] and len(scans) == 3, "no page is scanned again"
    assert second.target == first.target and _files(two) == _files(one)

    edited = {**PAGES, "stories/b/index.html": '<div class="md-typeset">Press <kbd>K</kbd> (FICTIONAL)</div>'}
    three, known = _site(tmp_path / "three", edited, kept_from=two)
    plain, _ = _site(tmp_path / "plain", edited)
    (three / "stories/b/index.html").write_text(LINK.format(p="../../") + edited["stories/b/index.html"])
    known.pop("stories/b/index.html")
    third = purge.purge_theme_css(three, known=known, memo=memo)
    assert third.scanned == ["stories/b/index.html"], "only the edited page is scanned"
    assert ".md-typeset kbd{padding:1px}" in (three / "assets/stylesheets" / third.target).read_text()
    assert third.target != first.target and third.target in (three / "stories/a/index.html").read_text()
    purge.purge_theme_css(plain)  # no memo: every page scanned
    assert _files(three) == _files(plain), "the same files as scanning every page"


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
