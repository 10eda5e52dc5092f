"""A publication readers trust on every screen (issue 13), checked on the real built site in Chromium.

Navigation at phone and tablet widths, Japanese line breaks between phrases, no failed request, search
loaded on first use, page weight, who publishes the site, editor pages out of the reader's way, and
screenshots of every kind of page at three widths in both languages (test-artifacts/screenshots/).
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ARTIFACTS, ROOT, copy_project, real_story_slugs, run_build

from alumni_stories.content.catalog import load_publisher
from alumni_stories.site import typography
from alumni_stories.site.urls import LOCAL_SITE_URL, SITE_URL_VARIABLE, publishing_address_problem
from alumni_stories.site.views import load_site

PREFIXES = {"en": "", "ja": "ja/"}
# One page of each type a reader meets (the editors' guide too: its drawer must work as well).
STORY = f"stories/{real_story_slugs()[0]}/"  # a real story page, whichever the catalog puts first
PAGE_TYPES = {"home": "", "story-index": "stories/", "story": STORY,
              "programme": "programme/", "countries": "countries/", "country": "countries/cambodia/",
              "batch": "batches/mfa-8/", "track": "tracks/esc/", "guide": "guide/"}
WIDTHS = {"phone": 390, "tablet": 768, "desktop": 1280}
SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def new_tab(browser, width, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    return context, context.new_page()


# --- Navigation: the drawer lists the sections on every page type ---------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_menu_lists_the_sections_and_a_section_link_works(served_site, browser, site, kind, language, width):
    context, tab = new_tab(browser, width)
    try:
        tab.goto(served_site + PREFIXES[language] + PAGE_TYPES[kind])
        assert tab.locator(".md-tabs").count() == 0, "no tab row: the drawer is the navigation"
        tab.locator("button.site-header__menu").click()  # a real button (Material's <label> took no Tab)
        drawer = tab.locator(".md-sidebar--primary .md-nav--primary")
        links = drawer.locator("a.md-nav__link:visible")
        links.first.wait_for(state="visible")
        labels = [links.nth(i).inner_text().strip() for i in range(links.count())]
        title = drawer.locator('.md-nav__title[for="__drawer"]')
        shown = title.evaluate("e => [e.scrollWidth <= e.clientWidth, e.scrollHeight <= e.clientHeight]")
        assert shown == [True, True], "the drawer's title shows the whole site name, not a cut part of it"
        stories_label = site.strings(language)("stories")
        assert stories_label in labels and len(labels) >= 4, labels
        drawer.get_by_text(stories_label, exact=True).first.click()
        tab.wait_for_url(served_site + PREFIXES[language] + "stories/")
        assert tab.locator(".story-card").count() == len(site.stories)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", PREFIXES)
def test_the_page_behind_the_open_menu_stays_still_on_a_phone(served_site, browser, language):
    context, tab = new_tab(browser, 390, 844)
    try:
        tab.goto(served_site + PREFIXES[language] + STORY)  # a story: long enough to scroll
        tab.locator("button.site-header__menu").click()
        tab.locator(".md-sidebar--primary a.md-nav__link:visible").first.wait_for(state="visible")
        tab.mouse.move(350, 600)  # over the page beside the drawer (the drawer is narrower than the screen)
        tab.mouse.wheel(0, 1500)
        tab.wait_for_timeout(300)
        assert tab.evaluate("window.scrollY") == 0, "the page scrolled behind the open menu"
        tab.keyboard.press("Escape")
        tab.mouse.wheel(0, 1500)
        tab.wait_for_function("window.scrollY > 0")  # closed, the page scrolls again: the lock is the menu's
    finally:
        context.close()


# --- Japanese lines break between phrases ----------------------------------------------------------------

def test_phrases_keep_names_numbers_and_words_whole():
    text = "ボパリット・カリヤン氏は、2006〜2007年にアタッチメント・プログラムの第3期に参加しました。"  # fictional
    pieces = typography.phrases(text)
    assert "".join(pieces) == text
    joined = "|".join(pieces)
    for whole in ("カリヤン氏", "アタッチメント", "第3期", "2006〜2007年"):
        assert any(whole in piece for piece in pieces), f"{whole} split: {joined}"
    assert typography.phrases("English only") == ("English only",)
    # A line may break after a label's full-width colon, as Japanese text allows (the browser breaks there too).
    assert typography.phrases("出典：JAIFマネジメントチーム") == ("出典：", "JAIFマネジメントチーム")


def test_phrase_breaks_touch_only_japanese_running_text():
    html = ('<head><title>日本語の題名</title></head><body><p class="x">ラオスの大使&amp;日本</p>'
            '<script>var s = "日本語の文字列";</script><code>日本語のコード</code><p>English text.</p></body>')
    out = typography.with_phrase_breaks(html)
    assert "<title>日本語の題名</title>" in out and '"日本語の文字列"' in out and "<code>日本語のコード</code>" in out
    assert "ラオスの<wbr>" in out and "大使&amp;日本" in out and "<p>English text.</p>" in out
    assert BeautifulSoup(out, "html.parser").get_text() == BeautifulSoup(html, "html.parser").get_text()


def test_running_text_is_its_paragraphs_and_list_items_not_its_headings_or_cells():
    # A story's or a guide's container of running text: its paragraphs and list items are set as in print (no
    # phrase breaks); its headings and table cells keep them (a cell without a <wbr> could not break at all).
    text = "アタッチメント・プログラムの修了生が外務省で働いています"
    html = (f'<body><div class="running-text"><h2>{text}</h2><p>{text}<strong>{text}</strong></p>'
            f'<ul><li>{text}</li></ul><table><tr><td>{text}</td></tr></table></div><p>{text}</p></body>')
    soup = BeautifulSoup(typography.with_phrase_breaks(html), "html.parser")
    running = soup.select_one(".running-text")
    assert not running.select("p wbr") and not running.select("li wbr"), "running text: no phrase breaks"
    assert running.select("h2 wbr") and running.select("td wbr"), "its headings and cells keep them"
    assert soup.select("body > p wbr"), "text outside running text keeps them"


def test_a_japanese_guide_is_set_as_running_text(built_site):
    page = BeautifulSoup((built_site / "ja" / "guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    paragraphs = page.select(".md-content .running-text p")
    assert len(paragraphs) > 5 and not [p for p in paragraphs if p.select("wbr")]
    assert page.select(".md-content .running-text h2 wbr"), "its headings still break between phrases"


def test_the_sites_own_names_are_never_cut(site):
    names = site.names("ja")
    track = site.catalog.tracks["mfa"].name["ja"]
    assert track in names
    sentence = f"ベトナム／{track}第13期／2014年〜2015年。{track}は2001年から実施されています。"
    assert "若手外" in typography.phrases(sentence), "BudouX alone cuts the track's name (else this test is moot)"
    pieces = typography.phrases(sentence, names)
    assert "".join(pieces) == sentence
    assert [p for p in pieces if track in p] and not [p for p in pieces if p.endswith("若手外")], pieces
    # Even at its middle dot: a track's name is one name.
    assert "経済・" not in typography.phrases("経済・社会文化コースの職員", names)
    # A person's name short enough for a line stays whole, as BudouX reads it; a long list of katakana words may
    # break after its middle dots; a proper noun joined by a dot to Latin letters does not (日・ASEAN統合基金).
    assert any("ティリ・ヤダナ・モー" in p for p in typography.phrases("ティリ・ヤダナ・モー氏（架空）", names))
    assert "ラオス・" in typography.phrases("カンボジア・ラオス・ミャンマー・ベトナムの職員", names)
    assert any("日・ASEAN統合基金" in p for p in typography.phrases("日本は日・ASEAN統合基金を通じて支援します", names))
    html = typography.with_phrase_breaks(f"<body><p>{track}第8期</p></body>", names)
    assert f"<p>{track}第8期</p>" in html


def test_a_count_of_no_story_reads_as_none_yet(built_site, site):
    for language, prefix in PREFIXES.items():
        soup = BeautifulSoup((built_site / prefix / "batches/mfa-1/index.html").read_text(encoding="utf-8"),
                             "html.parser")
        label = site.strings(language)("browse_stories")
        value = next(d.find_next_sibling("dd") for d in soup.select(".browse-summary dt") if d.get_text() == label)
        assert value.get_text() == site.strings(language)("browse_story_count_zero"), value
        assert not re.search(r"(^|\D)0 ?(件|stor)", soup.select_one("article").get_text()), language


LINES_OF_PHRASES = """(phrases) => {
  const root = document.querySelector(phrases.selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const at = (offset) => { for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]]; };
  const broken = []; let offset = 0;
  const width = root.getBoundingClientRect().width;
  for (const phrase of phrases.list) {
    const start = text.indexOf(phrase, offset);
    if (start < 0) continue;
    offset = start + phrase.length;
    const core = phrase.replace(/[\\s、。，．「」（）]+$/u, '');
    if (core.length < 2) continue;
    const range = document.createRange();
    const [sn, so] = at(start); const [en, eo] = at(start + core.length - 1);
    range.setStart(sn, so); range.setEnd(en, eo + 1);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    // Rects on one line overlap vertically (a larger bold number sits higher than the text beside it).
    const lines = new Set(rects.map(r => rects.findIndex(o => o.top < r.bottom - 1 && r.top < o.bottom - 1)));
    const wide = rects.reduce((sum, r) => sum + r.width, 0) > width - 2;  // longer than a line: must wrap
    if (lines.size > 1 && !wide) broken.push(core);
  }
  return {text, broken};
}"""


# The element's text in order, as (text, stays on one line?): what a .one-line element holds must not wrap at all.
TEXT_AND_ONE_LINE_PARTS = """(root) => {
  const parts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const one = !!walker.currentNode.parentElement.closest('.one-line');
    if (parts.length && parts[parts.length - 1][1] === one && !one) parts[parts.length - 1][0] += walker.currentNode.data;
    else parts.push([walker.currentNode.data, one]);
  }
  return parts;
}"""


def expected_phrases(parts, names) -> list[str]:
    """The phrases a reader should see whole: BudouX's (with our rules) in running text, a .one-line text whole."""
    return [p for text, one_line in parts for p in ([text] if one_line else typography.phrases(text, names))]


# Headings and lines of text (a list item only when it holds no blocks of its own, unlike a story card). A story's
# own paragraphs (.running-text) are set as Japanese print sets them, breaking between any two characters where
# line breaking allows it: test_typography_holds.py checks them (kinsoku, numbers with units, even lines).
TEXT_BLOCKS = ".md-content :is(h1, h2, h3, p, dd, li:not(:has(p, div, h1, h2, h3, ul, ol))):not(.running-text :is(p, li))"


# Links hold Japanese text too (a story's sources, the programme's list of batches): Material's `word-break:
# break-word` on links once undid keep-all there, and 第12|期 broke (typography.css says more).
@pytest.mark.browser
@pytest.mark.parametrize("path", ["ja/", *[f"ja/stories/{slug}/" for slug in real_story_slugs()], "ja/programme/",
                                  "ja/stories/", "ja/countries/cambodia/", "ja/batches/mfa-8/", "ja/tracks/esc/"])
def test_no_japanese_phrase_is_broken_across_lines_on_a_phone(served_site, browser, site, path):
    context, tab = new_tab(browser, 390, 844)
    names = site.names("ja")  # the site's own names are phrases of their own (若手外交官コース)
    checked, broken = 0, []
    try:
        tab.goto(served_site + path)
        lines = tab.locator(TEXT_BLOCKS)
        for index in range(lines.count()):
            selector = f"{TEXT_BLOCKS} >> nth={index}"
            element = lines.nth(index)
            if not element.is_visible():
                continue
            element.evaluate("(e, i) => e.setAttribute('data-phrase-check', i)", index)
            parts = element.evaluate(TEXT_AND_ONE_LINE_PARTS)
            if not typography.JAPANESE.search("".join(text for text, _ in parts)):
                continue
            result = tab.evaluate(LINES_OF_PHRASES, {"selector": f'[data-phrase-check="{index}"]',
                                                     "list": expected_phrases(parts, names)})
            checked += 1
            broken += [f"{selector}: {phrase}" for phrase in result["broken"]]
    finally:
        context.close()
    assert checked >= 3
    assert not broken, "\n".join(broken)


@pytest.mark.browser
def test_japanese_text_and_its_latin_letters_and_digits_come_from_one_font(served_site, page):
    page.goto(served_site + "ja/" + STORY)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".story-body p"})["nodeId"]
    fonts = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    assert "ASEAN" in page.locator(".story-body p").first.inner_text()  # Latin letters and digits are there
    assert len(fonts) == 1 and re.search(r"CJK|JP|Hiragino|Gothic", fonts.pop()), fonts


# --- Light pages: no failed request, no console error, search loaded on first use --------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", PREFIXES)
def test_no_console_error_or_failed_request_and_search_loads_on_first_use(served_site, browser, language, width):
    context, tab = new_tab(browser, width)
    problems, requested = [], []
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    tab.on("request", lambda r: requested.append(r.url))
    try:
        for kind, path in PAGE_TYPES.items():
            tab.goto(served_site + PREFIXES[language] + path)
            tab.wait_for_load_state("networkidle")
            assert not [u for u in requested if "/pagefind/" in u], f"{kind}: search loaded before it was used"
        tab.locator("header .site-search__button").click()
        tab.locator(".site-search__dialog").wait_for(state="visible")
        tab.locator(".site-search__dialog .site-search__input").fill("ASEAN")
        tab.locator(".site-search__dialog .site-search__result").first.wait_for()
        loaded = [u.rsplit("/", 1)[-1] for u in requested]
        assert any(name.startswith("search.") and name.endswith(".js") for name in loaded), loaded  # the dialog
        assert "pagefind.js" in loaded and not [name for name in loaded if "-ui" in name or "worker" in name], loaded
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_first_load_weight_of_a_story_and_the_home_page(built_site, browser):
    """Measured on the real site (4 alumni); the benchmark measures N = 2,000 (bench/run.py)."""
    from bench.page_weight import measure

    weights = measure(built_site, ["", STORY, "ja/", "ja/" + STORY],
                      browser=browser)
    report = {path: (w["gzip_bytes"], len(w["requests"])) for path, w in weights.items()}
    print("first load, gzip bytes and requests:", report)
    for path, weight in weights.items():
        assert weight["method"].startswith("browser") and not weight["third_party"]
        assert not any("pagefind" in request[0] for request in weight["requests"]), path
        limit = 100_000 if path in ("", "ja/") else 80_000
        assert weight["gzip_bytes"] <= limit, (path, weight["gzip_bytes"])


# --- Screenshots of every kind of page, at three widths, in both languages -------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", PREFIXES)
def test_screenshots(served_site, browser, language, width):
    context, tab = new_tab(browser, WIDTHS[width])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for kind in ("home", "story-index", "story", "programme", "country"):
            tab.goto(served_site + PREFIXES[language] + PAGE_TYPES[kind])
            shot = SCREENSHOTS / f"{language}-{kind}-{WIDTHS[width]}.png"
            tab.screenshot(path=shot, full_page=True, animations="disabled")  # tabs fade in: a still page
            assert shot.stat().st_size > 10_000
            scroll = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert scroll <= 0, f"{kind} scrolls sideways at {WIDTHS[width]} px"
    finally:
        context.close()


# --- Who publishes the site; editor pages out of the reader's way ------------------------------------------

def test_footer_says_who_publishes_in_the_page_language(built_site, site):
    publisher = load_publisher(ROOT / "data")
    for language, prefix in PREFIXES.items():
        for path in ("", STORY, "countries/cambodia/", "404.html"):
            file = built_site / prefix / (path if path.endswith(".html") else path + "index.html")
            soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            footer = soup.select_one("footer.site-footer")
            assert footer is not None, file
            text = footer.get_text("")
            assert publisher.name[language] in text and publisher.rights[language] in text
            assert footer.find("a", href=publisher.url)
            assert "Made with" not in soup.get_text(), "no generator credit"
            labels = {a.get_text(strip=True) for a in footer.select(".site-footer__links a")}
            assert labels == {site.strings(language)("footer_guide"), site.strings(language)("footer_partners")}


def test_editor_and_partner_pages_are_out_of_the_tabs_and_out_of_search(built_site):
    from conftest import search_index_texts

    for prefix in PREFIXES.values():
        home = BeautifulSoup((built_site / prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        tabs = [a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link")]  # the drawer's navigation
        assert tabs and not [h for h in tabs if "guide" in h or "partners" in h], tabs
        assert home.select_one('footer a[href$="guide/"]'), "the guide is reachable from the footer"
        guide = BeautifulSoup((built_site / prefix / "guide/index.html").read_text(encoding="utf-8"), "html.parser")
        assert not guide.select("[data-pagefind-body]")
        assert guide.find("meta", attrs={"name": "robots", "content": "noindex"})
    texts = search_index_texts(built_site)
    assert texts and not [t for t in texts if '"url":"/guide/' in t or '"url":"/ja/guide/' in t
                          or "/partners/" in t.split('"content"')[0]]


# --- The public address: one place, refused when publishing a placeholder ----------------------------------

@pytest.mark.parametrize("address", ["", "https://alumni-stories.example/", "http://127.0.0.1:8000/", LOCAL_SITE_URL,
                                     "https://stories.example/", "http://jaif-stories.org/"])
def test_publishing_refuses_a_placeholder_local_or_insecure_address(address):
    problem = publishing_address_problem(address)
    assert problem and SITE_URL_VARIABLE in problem and "site_url" in problem
    assert "mkdocs.yml" in publishing_address_problem(address, "mkdocs.yml"), "the build names its configuration file"


def test_publishing_accepts_a_public_address():
    assert publishing_address_problem("https://stories.jaif-partner.org/alumni/") is None


def test_publishing_build_with_the_placeholder_fails_before_writing_and_names_where_to_set_it(tmp_path):
    project = copy_project(tmp_path / "project")
    import os

    for address in (None, "https://alumni-stories.example/"):
        env = {key: value for key, value in os.environ.items() if key != SITE_URL_VARIABLE}
        env["ALUMNI_STORIES_PUBLISH"] = "1"
        if address:
            env[SITE_URL_VARIABLE] = address
        import subprocess
        import sys

        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode != 0
        assert SITE_URL_VARIABLE in result.stderr and "site_url" in result.stderr and "Traceback" not in result.stderr
        assert not (project / "site").exists(), "nothing was written"


def test_a_local_build_needs_no_address_and_uses_the_preview_one(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    import os

    assert (os.environ.get(SITE_URL_VARIABLE) or LOCAL_SITE_URL) + STORY in sitemap
    assert "alumni-stories.example" not in sitemap


# --- No English interface text on Japanese pages -------------------------------------------------------------

ALLOWED_LATIN = re.compile(r"^(ASEAN|JAIF|CLMV|IAI|JSON|Atom|RSS|URL|HTML|[A-Z]{2}|\W+)$")


def test_japanese_pages_have_no_english_interface_text(built_site):
    found = {}
    for path in ("", "stories/", STORY, "countries/", "countries/cambodia/", "batches/mfa-8/",
                 "tracks/esc/", "404.html"):
        file = built_site / "ja" / (path if path.endswith(".html") else path + "index.html")
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for hidden in soup.select('script, style, template, [lang="en"], [hreflang], .md-content'):
            hidden.decompose()  # story and page text is content; a language named in itself is right
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", soup.body.get_text(" ")) if not ALLOWED_LATIN.match(w)}
        if words:
            found[path] = sorted(words)
    assert not found, found


# --- Search for readers: the expected first result per query, in each language, is checked on the fictional
# content set in tests/test_search.py (test_search_gives_the_expected_first_result): it needs known people.


# --- Browse pages: stories before tables --------------------------------------------------------------------

@pytest.mark.parametrize("path", ["countries/cambodia/", "batches/mfa-8/", "tracks/esc/", "tracks/mfa/"])
@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_browse_pages_show_their_stories_before_any_table_or_chart(built_site, prefix, path):
    soup = BeautifulSoup((built_site / prefix / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.browse")
    order = [e for e in article.find_all(True) if e.name in ("table", "figure") or e.get("id") == "stories-heading"]
    assert order and order[0].get("id") == "stories-heading", [e.name for e in order]
    assert all(not details.has_attr("open") for details in article.select("details.chart__data"))


def test_no_output_file_carries_the_placeholder_domain(built_site):
    carrying = [str(f.relative_to(built_site)) for f in built_site.rglob("*")
                if f.suffix in (".html", ".xml", ".json", ".txt") and "alumni-stories.example" in f.read_text("utf-8")]
    assert not carrying, carrying


def _normalized(element) -> str:
    return re.sub(r"[\s“”「」\"']+", " ", element.get_text("")).strip()


@pytest.mark.parametrize("language", PREFIXES)
def test_a_story_page_prints_no_block_of_text_twice(built_site, site, language):
    for story in site.stories:
        soup = BeautifulSoup((built_site / PREFIXES[language] / "stories" / story.slug / "index.html")
                             .read_text(encoding="utf-8"), "html.parser")
        blocks = [_normalized(e) for e in soup.select("article.story :is(p, li, blockquote, dd, figcaption)")
                  if not e.find(["p", "li", "blockquote"])]
        blocks = [b for b in blocks if len(b) > 12]
        repeated = {b for b in blocks if blocks.count(b) > 1}
        assert not repeated, (story.slug, repeated)
        view = site.story_view(story, language)
        outside_body = soup.select_one("article.story")
        outside_body.select_one(".story-body").decompose()
        text = _normalized(outside_body)
        for block in (view["pull_quote"], *view["takeaways"]):  # they restate the text: cards and feeds only
            assert re.sub(r"[\s“”「」\"']+", " ", block).strip() not in text, (story.slug, block)
