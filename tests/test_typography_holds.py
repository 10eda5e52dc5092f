"""Typography that holds on the built pages, measured in headless Chromium over the fictional site (issue 24).

- The site's font stacks reach the text: Material sets `--md-text-font-family` on `body`, which would override a
  value set on `:root`; Japanese text must compute to the site's Japanese stack, English to the site's stack.
- Lines break where a reader expects: at 390 px, the line breaks Chromium really makes (read character by
  character with Range.getClientRects) fall between BudouX phrases in Japanese (BudouX, run here in Python, is
  the oracle, independent of the build's own rules) and between words in English, on the home page, the story
  index (cards), a story (headings, facts), the programme page (facts), the batch and country pages (charts'
  tables) and an embed card. A story's paragraphs are set as Japanese is set in print (a line may break between
  any two characters): there, no line starts with what Japanese line breaking forbids (。、」ー, a small kana) and
  no number is cut from its unit.
- Japanese paragraphs on phones are set justified: their lines (all but the last) reach the right edge; a story's
  are evenly spaced (no line with a gap of half a character between two of its letters).
- A number keeps its suffix ("the 11th Member State", not "11 th").
- Dates and "as of" notes are legible: at least the body's size minus one step of the type scale, contrast AA.
"""
from __future__ import annotations

import re

import budoux
import pytest
from conftest import ARTIFACTS, real_story_slugs

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
STORY = "stories/thiri-yadana-moe/"  # a fictional person with a three-part katakana name (tests/fictional_site.py)
# The embed card is a page of its own, outside the frame (no .md-main: its body is measured).
PAGES = ["", "stories/", STORY, "programme/", "batches/", "countries/", "countries/timor-leste/",
         "embed/thiri-yadana-moe/"]
SHOTS = ARTIFACTS / "24-type"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")  # a katakana word's letters and its long-vowel mark, not ・

# Every run of text in the page's main content, character by character, with the box Chromium drew it in. A run is
# the text of consecutive text nodes inside one block (a paragraph, a heading, a table cell, a list item): a new
# block, or the return to a block after a nested one, starts a new run, so a line break measured inside a run is
# one the browser chose, not the edge of a block.
CHARACTERS = """() => {
  const root = document.querySelector('.md-main') || document.body;  // an embed card has no frame
  document.querySelectorAll('details').forEach(d => { d.open = true; });  // the charts' tables, folded by default
  const runs = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const name = e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim()
                                               ? '.' + e.className.trim().split(/\\s+/)[0] : '');
  let node, last = null;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, svg, template, noscript, [hidden], .md-sidebar')) continue;
    let block = parent;
    while (block !== root && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (block !== last) {
      // The width a phrase or word could have had: a table may grow wider than its cells (its frame then scrolls),
      // so inside a table it is the width of the column of text the table stands in, not the cell's.
      const box = block.closest('table') ? block.closest('table').parentElement : block;
      const style = getComputedStyle(box);
      // Running text (the paragraphs and list items of a story or a guide, not their headings or table cells) may
      // break between any two Japanese characters.
      const running = !!block.closest('.running-text') && /^(P|LI)$/.test(block.tagName);
      runs.push({where: name(block), lang: block.closest('[lang]').getAttribute('lang'), chars: [], running,
                 width: box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)});
      last = block;
    }
    const run = runs[runs.length - 1];
    for (let i = 0; i < node.data.length;) {
      const length = node.data.codePointAt(i) > 0xffff ? 2 : 1;
      range.setStart(node, i);
      range.setEnd(node, i + length);
      const rects = range.getClientRects();
      if (rects.length) {
        const r = rects[rects.length - 1];
        run.chars.push([node.data.slice(i, i + length), r.left, r.top, r.bottom, r.width]);
      } else if (/\\s/.test(node.data[i]) && run.chars.length) {  // a space where a line ends: drawn as nothing
        run.chars.push([' ', ...run.chars[run.chars.length - 1].slice(1, 4), 0]);
      }
      i += length;
    }
  }
  return runs.filter(run => run.chars.length > 1);
}"""


def open_page(browser, url, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    response = tab.goto(url)
    # A page that is not there (a folder removed under the server) fails here, saying so, not 30 s later in a
    # locator that waits for an element of a page that never came.
    assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
    assert (response.headers.get("content-type") or "").startswith("text/html"), response.headers
    return context, tab


def rendered_text(run: dict) -> tuple[str, list, list[int]]:
    """The run's text as drawn (white space collapsed, invisible joiners dropped), its characters, and the
    positions where a new line starts (a character drawn below the previous one), spaces left out: a line that
    ends at a space breaks between words, as every line of English does."""
    chars = []
    for char in run["chars"]:
        if char[0] in "\u2060\u00ad\u200b":  # word joiner, soft hyphen, zero-width space: no glyph of their own
            continue
        if char[0].isspace():
            if chars and chars[-1][0] == " ":
                continue
            char = [" ", *char[1:]]
        chars.append(char)
    text = "".join(c[0] for c in chars)
    breaks = [i for i in range(1, len(chars))
              if chars[i][2] >= chars[i - 1][3] - 2 and " " not in (text[i], text[i - 1])]
    return text, chars, breaks


_budoux = budoux.load_default_japanese_parser()


def breaks_inside_phrases(run: dict) -> list[str]:
    """Each line break inside a BudouX phrase that would have fitted on the line whole, and, in a phrase wider
    than the line, each break inside a katakana word that would have fitted (アタ|ッチメント). A break after a
    full-width slash or colon is between two items, not inside a phrase (a story line: ラオス／若手外交官コース第8期／
    2006年〜2007年; BudouX, trained on running text, reads across it)."""
    text, chars, breaks = rendered_text(run)
    found = []
    spans, position = [], 0
    for phrase in _budoux.parse(text):
        spans.append((position, position + len(phrase)))
        position += len(phrase)
    for cut in breaks:
        start, end = next((s, e) for s, e in spans if s <= cut < e)
        if cut == start or text[cut - 1] in "／：":  # after a colon: a label and its value (出典：|JAIF…)
            continue
        width = sum(c[4] for c in chars[start:end])
        if width <= run["width"] + 1:  # a phrase wider than the whole line has to break somewhere
            found.append(f"{run['where']}: {text[start:cut]}|{text[cut:end]} (the phrase is {width:.0f} px, "
                         f"the line {run['width']:.0f} px)")
        elif KATAKANA.match(text[cut - 1]) and KATAKANA.match(text[cut]):  # somewhere, not inside a word
            left = len(re.search(f"{KATAKANA.pattern}*$", text[:cut]).group())
            right = len(re.match(f"{KATAKANA.pattern}*", text[cut:]).group())
            word = sum(c[4] for c in chars[cut - left:cut + right])
            if word <= run["width"] + 1:
                found.append(f"{run['where']}: {text[cut - left:cut]}|{text[cut:cut + right]} (a katakana word cut "
                             f"in a phrase wider than the line)")
    return found


# What never starts a line of Japanese (the strict rules of line breaking: closing brackets and punctuation, the
# long-vowel mark, small kana, iteration marks, the middle dot, the wave dash) and what never follows a number
# on the next line (its unit or counter).
NO_LINE_START = set("、。，．,.)）」』】〕〉》”’：；！？!?ー〜～・々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
UNIT = set("年月日期件名人歳回位番時倍%％")


def breaks_forbidden_in_japanese(run: dict) -> list[str]:
    """Each line break before what may not start a line of Japanese, or between a number and its unit."""
    text, _, breaks = rendered_text(run)
    found = []
    for cut in breaks:
        if text[cut] in NO_LINE_START or (text[cut - 1].isdigit() and text[cut] in UNIT):
            found.append(f"{run['where']}: {text[max(cut - 8, 0):cut]}|{text[cut:cut + 8]}")
    return found


def breaks_inside_words(run: dict) -> list[str]:
    """Each line break between two letters or digits of a Latin-script word that would have fitted on a line."""
    text, chars, breaks = rendered_text(run)
    found = []
    for cut in breaks:
        before, after = text[cut - 1], text[cut]
        if not (before.isalnum() and after.isalnum()) or JAPANESE.match(before) or JAPANESE.match(after):
            continue
        start = cut - len(re.search(r"[^\s]*$", text[:cut]).group())
        end = cut + len(re.match(r"[^\s]*", text[cut:]).group())
        width = sum(c[4] for c in chars[start:end])
        if width <= run["width"] + 1:
            found.append(f"{run['where']}: {text[start:cut]}|{text[cut:end]}")
    return found


# --- the site's font stacks --------------------------------------------------------------------------------

def material_stack(site) -> str:
    """The font stack Material sets on `body`, as written in its stylesheet ("_, -apple-system, ...")."""
    stylesheet = next((site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    stack = re.search(r"--md-text-font-family:var\(--md-text-font,\s*_\),([^;}]+)", stylesheet).group(1)
    return "_, " + ", ".join(part.strip() for part in stack.split(","))


def families(value: str) -> list[str]:
    return [part.strip().strip('"').strip("'") for part in value.split(",")]


@pytest.mark.parametrize("language,selector,first", [
    ("ja", ".story-body p", "Noto Sans CJK JP"), ("ja", ".story-facts dd", "Noto Sans CJK JP"),
    ("ja", ".story-line", "Noto Sans CJK JP"), ("en", ".story-body p", "system-ui"),
    ("en", ".story-facts dd", "system-ui"),
    ("ja", "h1", "Noto Serif CJK JP"),  # headings: the site's Japanese display face
])
def test_text_computes_to_the_sites_font_stack_not_materials(fictional_built_site, fictional_served_site, browser,
                                                             language, selector, first):
    prefix = "ja/" if language == "ja" else ""
    context, tab = open_page(browser, fictional_served_site + prefix + STORY, DESKTOP)
    try:
        body = tab.evaluate("getComputedStyle(document.body).fontFamily")
        text = tab.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
    finally:
        context.close()
    material = families(material_stack(fictional_built_site))
    for found in (body, text):
        assert families(found)[: len(material)] != material, f"{selector} computes to Material's stack: {found}"
        assert families(found)[0] != "_", found
    assert families(text)[0] == first, text
    assert families(body)[0] == ("Noto Sans CJK JP" if language == "ja" else "system-ui"), body


# --- line breaks at 390 px ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_line_breaks_inside_a_phrase_or_a_word_on_a_phone(fictional_served_site, browser, language):
    """A story's paragraphs are exempt from the phrase rule (they are set as in print: see
    test_japanese_story_paragraphs_on_a_phone_are_evenly_spaced), not from the rest: no English word cut, no line
    starting with 。 or 」, no number cut from its unit."""
    prefix = "ja/" if language == "ja" else ""
    found, measured, japanese_runs, running_breaks = [], 0, 0, 0
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    try:
        # A second story: the first one's paragraphs are short (3 breaks at 390 px).
        for path in PAGES + ["stories/nguyet-thanhlam/"] * (language == "ja"):
            tab.goto(fictional_served_site + prefix + path)
            for run in tab.evaluate(CHARACTERS):
                text, _, breaks = rendered_text(run)
                measured += len(breaks)
                if JAPANESE.search(text):
                    japanese_runs += 1
                    if run["running"]:
                        running_breaks += len(breaks)
                    else:
                        found += [f"{prefix}{path} {problem}" for problem in breaks_inside_phrases(run)]
                    found += [f"{prefix}{path} {problem}" for problem in breaks_forbidden_in_japanese(run)]
                found += [f"{prefix}{path} {problem}" for problem in breaks_inside_words(run)]
    finally:
        context.close()
    assert found == [], "\n".join(found)
    if language == "ja":  # the measure saw real Japanese text wrapping on these pages, not an empty page
        assert japanese_runs > 100 and measured > 50, (japanese_runs, measured)
        assert running_breaks >= 5, running_breaks  # and a story's paragraphs wrapping, measured by the rules above


def test_no_field_name_or_path_is_cut_in_the_guides_and_partners_tables(fictional_served_site, browser):
    """Inline code is a word too: Material gives `code` `word-break: break-word`, which cut field names and paths in
    the editors' guide and the partners' page tables after any letter (current_ro|le, stories[].langu|ages) at
    390 and 1280 px. Their tables hold inline code in many cells; a cell's code wraps only where it may (a hyphen,
    a space), and a table wider than the phone scrolls in its frame instead."""
    found, code_in_tables = [], 0
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        try:
            for path in ["guide/", "guide/new-profile/", "partners/", "ja/partners/"]:
                tab.goto(fictional_served_site + path)
                code_in_tables += tab.locator(".md-typeset table code").count()
                for run in tab.evaluate(CHARACTERS):
                    found += [f"{viewport['width']} {path} {problem}" for problem in breaks_inside_words(run)]
        finally:
            context.close()
    assert code_in_tables > 50, code_in_tables  # the measure saw the tables it is about
    assert found == [], "\n".join(found)


def test_the_oracle_sees_a_break_inside_a_phrase():
    """The measure itself: a run drawn with a line break inside 日・ASEAN統合基金 is reported, one between
    phrases is not, and neither is a break in English between two words; one inside a word is."""
    def run(text, cut, width=300.0):
        chars = [[c, 10.0 * (i if i < cut else i - cut), 0.0 if i < cut else 30.0, 20.0 if i < cut else 50.0, 10.0]
                 for i, c in enumerate(text)]
        return {"where": "p", "width": width, "chars": chars}

    sentence = "日本は日・ASEAN統合基金を通じて"
    assert breaks_inside_phrases(run(sentence, sentence.index("ASEAN")))
    heading = "ASEAN事務局アタッチメント・プログラムの修了生"  # one phrase wider than a 100 px line
    assert breaks_inside_phrases(run(heading, heading.index("ッチ"), width=100.0))
    assert not breaks_inside_phrases(run(heading, heading.index("アタ"), width=100.0))
    assert not breaks_inside_phrases(run(sentence, sentence.index("日・")))
    assert not breaks_inside_words(run("Junior Diplomats track", len("Junior ")))
    assert breaks_inside_words(run("Junior Diplomats track", len("Junior Diplomat")))
    story = "経験になりました。「社会福祉課では、2015年に"
    assert not breaks_forbidden_in_japanese(run(story, story.index("した")))  # print may break there
    assert breaks_forbidden_in_japanese(run(story, story.index("。")))
    assert breaks_forbidden_in_japanese(run(story, story.index("年")))


def test_japanese_quoted_on_an_english_page_is_cut_into_phrases_too():
    from alumni_stories.site import page_html

    page = ("<html><head></head><body><p>Adapted from the fictional newsletter “架空の修了生ニュースレターの"
            "アタッチメント特集”, 2020.</p></body></html>")
    finished = page_html.finish(page, "en")
    assert "<wbr>" in finished and finished.replace("<wbr>", "").replace('<span class="ja-phrase">', "") \
        .replace("</span>", "") == page
    assert "<wbr>修了生ニュースレターの<wbr>" in finished
    assert re.search(r"\bfictional\b", finished) and "newsletter" in finished  # no English word cut


# --- even Japanese paragraphs on phones ------------------------------------------------------------------

# Running text: a story's paragraphs, the home page's, a page's own paragraphs (not a card's or a fact's lines).
RUNNING_TEXT = ".md-content :is(.story-body p, .home-intro__text p, p.home-about, .md-typeset > p, .browse-fact__text)"
RAGGEDNESS = """(selector) => [...document.querySelectorAll(selector)].filter(p =>
    p.closest('[lang]').lang === 'ja' && p.getClientRects().length && /[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(p.textContent)
    && getComputedStyle(p).display === 'block' && p.textContent.trim().length > 30).map(p => {
  const style = getComputedStyle(p);
  const right = p.getBoundingClientRect().left + p.clientWidth - parseFloat(style.paddingRight);
  const width = p.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const range = document.createRange(), lines = new Map();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) for (let i = 0; i < node.data.length; i++) {
    if (/\\s/.test(node.data[i])) continue;
    range.setStart(node, i); range.setEnd(node, i + 1);
    for (const r of range.getClientRects()) {
      const top = Math.round(r.top + r.height / 2);
      const key = [...lines.keys()].find(k => Math.abs(k - top) < r.height / 2) ?? top;
      lines.set(key, Math.max(lines.get(key) ?? -1e9, r.right));
    }
  }
  const ends = [...lines.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map(([, end]) => (right - end) / width);
  return {text: p.textContent.trim().slice(0, 30), ends};
}).filter(p => p.ends.length)"""


def raggedness(tab) -> list[float]:
    """How short of the right edge each line (but a paragraph's last) of the Japanese paragraphs ends, as a
    share of the line's width."""
    return [end for paragraph in tab.evaluate(RAGGEDNESS, RUNNING_TEXT) for end in paragraph["ends"]]


def test_japanese_paragraphs_on_a_phone_are_justified(fictional_served_site, browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    ends = []
    try:
        for path in ["", STORY, "stories/nguyet-thanhlam/", "programme/"]:
            tab.goto(fictional_served_site + "ja/" + path)
            ends += raggedness(tab)
    finally:
        context.close()
    assert len(ends) >= 10, ends  # enough lines that wrap to say something
    assert max(ends) < 0.02, f"lines end up to {max(ends):.0%} short of the edge (mean {sum(ends) / len(ends):.1%})"


# How evenly a justified Japanese paragraph is spaced: for each line but the last, the largest space justification
# put between two characters (each character's drawn width, justified, less its width set flush left; lines
# break the same either way), in ems of the paragraph's font size.
JUSTIFICATION_GAPS = """(selector) => [...document.querySelectorAll(selector)].filter(p =>
    p.closest('[lang]').lang === 'ja' && getComputedStyle(p).textAlign === 'justify' && p.getClientRects().length
    && /[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(p.textContent)).map(p => {
  const size = parseFloat(getComputedStyle(p).fontSize), range = document.createRange();
  const measure = () => {
    const chars = [], walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length) chars.push([node.data[i], rects[rects.length - 1].width, rects[rects.length - 1].top]);
    }
    return chars;
  };
  const justified = measure();
  p.style.textAlign = 'start';
  const flush = measure();
  p.style.textAlign = '';
  const lines = [];
  justified.forEach((c, i) => {
    if (!lines.length || c[2] > lines[lines.length - 1].top + 2) lines.push({top: c[2], text: '', gap: 0});
    const line = lines[lines.length - 1];
    line.text += c[0];
    line.gap = Math.max(line.gap, (c[1] - flush[i][1]) / size);
  });
  return lines.slice(0, -1);
})"""


def test_japanese_story_paragraphs_on_a_phone_are_evenly_spaced(served_site, browser):
    """The real stories' Japanese paragraphs (and the home page's), justified at 390 px, have no loose line. Breaking only between
    phrases, a line ended up to a phrase short and justification spread the rest over the few letters left
    (な　り　ま　し　た　。: 26 lines of the 4 stories with gaps over half a character, up to 6.3); set as in print,
    the spare width is less than a character, shared between all of a line's characters (0.30 em at most).
    Breaking anywhere, their lines still follow the rules of Japanese line breaking: none starts with 。 or 」,
    no number is cut from its unit, no English word is cut."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    lines, found, breaks = [], [], 0
    try:
        # The stories, then the home page's few sentences on the programme (4 loose lines when they broke between
        # phrases). The guides are running text too, but ragged: their code names cannot break (typography.css).
        for slug in [*real_story_slugs(), "(home)"]:
            path = f"ja/stories/{slug}/" if slug != "(home)" else "ja/"
            tab.goto(served_site + path)
            lines += [(slug, line) for paragraph in tab.evaluate(JUSTIFICATION_GAPS, ".running-text :is(p, li), p.home-about")
                      for line in paragraph]
            for run in tab.evaluate(CHARACTERS):
                if run["running"] and JAPANESE.search(rendered_text(run)[0]):
                    breaks += len(rendered_text(run)[2])
                    found += [f"{slug} {problem}" for problem in breaks_forbidden_in_japanese(run)]
                    found += [f"{slug} {problem}" for problem in breaks_inside_words(run)]
    finally:
        context.close()
    assert len(lines) >= 20, len(lines)  # enough lines that wrap to say something
    loose = [f"{slug} {line['gap']:.2f} em: {line['text']}" for slug, line in lines if line["gap"] > 0.5]
    assert loose == [], "\n".join(loose)
    assert breaks >= 20, breaks  # the rules below saw the paragraphs wrap (marked running text by the build)
    assert found == [], "\n".join(found)


# --- a number keeps its suffix -----------------------------------------------------------------------------

def test_an_ordinal_number_and_its_suffix_are_one_word(fictional_served_site, browser):
    context, tab = open_page(browser, fictional_served_site + "countries/timor-leste/", PHONE)
    try:
        gap = tab.evaluate("""() => {
          const p = [...document.querySelectorAll('.md-content p')].find(p => /Member State of ASEAN/.test(p.textContent)
                                                                       && !p.querySelector('a'));
          const text = p.textContent, at = text.search(/\\d+\\s*th\\b/);
          const boxes = [];
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), range = document.createRange();
          let node, offset = 0;
          while ((node = walker.nextNode())) {
            for (let i = 0; i < node.data.length; i++, offset++) {
              range.setStart(node, i); range.setEnd(node, i + 1);
              boxes[offset] = range.getBoundingClientRect();
            }
          }
          const t = text.indexOf('th', at);
          return {text: text.slice(at, t + 2), gap: boxes[t].left - boxes[t - 1].right,
                  sameLine: boxes[t].top < boxes[t - 1].bottom && boxes[t].bottom > boxes[t - 1].top};
        }""")
    finally:
        context.close()
    assert re.fullmatch(r"\d+th", gap["text"]), gap
    assert gap["gap"] < 0.5 and gap["sameLine"], gap


# --- dates and "as of" notes ---------------------------------------------------------------------------------

NOTES = """() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, bottom) => { const a = top[3] ?? 1; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)); };
  const background = e => {  // the colour behind e: its ancestors' backgrounds, composed from the page's white up
    const layers = [];
    for (let x = e; x; x = x.parentElement) layers.push(parse(getComputedStyle(x).backgroundColor));
    return layers.reverse().reduce((under, layer) => (layer[3] ?? 1) === 0 ? under : over(layer, under), [255, 255, 255]);
  };
  const body = parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset, .md-typeset')).fontSize);
  return [...document.querySelectorAll(
      '.md-content :is(time, .story-asof, .browse-asof, .browse-fact__asof, .fact-note, .browse-fact__meta)')]
    .filter(e => e.getClientRects().length && e.textContent.trim())
    .map(e => {
      const style = getComputedStyle(e), back = background(e), fore = over(parse(style.color), back);
      const [l1, l2] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
      return {what: e.tagName.toLowerCase() + '.' + (e.className || e.parentElement.className), text: e.textContent.trim().slice(0, 40),
              size: parseFloat(style.fontSize), body, contrast: (l1 + 0.05) / (l2 + 0.05)};
    });
}"""

STEP = 1.25  # the site's type scale (docs/assets/stylesheets/layout.css: --scale-*)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_dates_and_as_of_notes_are_legible(fictional_served_site, browser, language):
    prefix = "ja/" if language == "ja" else ""
    notes = []
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        try:
            for path in [STORY, "stories/keomanivong-sisouphan/", "programme/", "countries/", "countries/timor-leste/"]:
                tab.goto(fictional_served_site + prefix + path)
                notes += [{**note, "page": prefix + path, "width": viewport["width"]} for note in tab.evaluate(NOTES)]
        finally:
            context.close()
    assert len(notes) > 20 and any("asof" in n["what"] for n in notes) and any("fact-note" in n["what"] for n in notes)
    small = [n for n in notes if n["size"] < n["body"] / STEP - 0.05]
    faint = [n for n in notes if n["contrast"] < 4.5]
    assert small == [], f"smaller than the body's size minus one step: {small[:5]}"
    assert faint == [], f"contrast below 4.5:1: {faint[:5]}"


# --- screenshots to look at ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ja"])
def test_screenshots_of_home_story_and_table_pages(fictional_served_site, browser, language):
    prefix = "ja/" if language == "ja" else ""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport, size in ((PHONE, "390"), (DESKTOP, "1280")):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        try:
            for name, path in (("home", ""), ("story", STORY), ("batches", "batches/"), ("programme", "programme/")):
                tab.goto(fictional_served_site + prefix + path)
                tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
                shot = SHOTS / f"{language}-{name}-{size}.png"
                tab.screenshot(path=shot, full_page=True)
                assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
        finally:
            context.close()


# --- tables wider than a phone scroll in a labelled region -----------------------------------------------------

def test_a_table_wider_than_the_phone_scrolls_in_a_labelled_region(fictional_served_site, browser):
    frames, pages = [], []
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    try:
        for path in ["batches/", "ja/batches/", "programme/", "ja/programme/"]:
            tab.goto(fictional_served_site + path)
            tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            tab.evaluate("window.dispatchEvent(new Event('resize'))")  # the frames are marked again when they change
            frames += tab.evaluate("""() => [...document.querySelectorAll('.browse-table-wrap')].map(f => ({
              wide: f.scrollWidth > f.clientWidth + 1, role: f.getAttribute('role'), label: f.getAttribute('aria-label'),
              tabindex: f.getAttribute('tabindex'), caption: (f.querySelector('caption') || {}).textContent}))""")
            pages.append(tab.evaluate("({scroll: document.documentElement.scrollWidth, width: innerWidth})"))
    finally:
        context.close()
    wide = [f for f in frames if f["wide"]]
    assert wide, frames  # the Japanese batch table, its phrases whole, is wider than a phone
    for frame in wide:
        assert frame["role"] == "region" and frame["tabindex"] == "0" and frame["label"] == frame["caption"].strip(), frame
    assert all(page["scroll"] <= page["width"] for page in pages), pages  # the table scrolls in its frame, not the page
