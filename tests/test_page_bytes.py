"""Issue 27: bytes every page carried and no reader needs (template indentation, the theme's configuration and
helpers for a script the site does not load, a story page's hidden table of contents) are not written. Every
byte of a page is compressed at Brotli's best setting in every cold build, and downloaded by every reader."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from alumni_stories.site.page_html import compact, finish


class _Events(HTMLParser):
    """Tags, attributes and text of a page; text outside pre, textarea and code with each run of white space
    holding a line break read as one line break (how a browser shows it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events, self.kept = [], 0

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))
        self.kept += tag in ("pre", "textarea", "code")

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        self.kept -= tag in ("pre", "textarea", "code")

    def handle_data(self, data):
        if not self.kept:
            data = re.sub(r"\s*\n\s*", "\n", data)
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))


def events(page: str) -> list:
    parser = _Events()
    parser.feed(page)
    parser.close()
    return [event for event in parser.events if event != ("text", "")]


PAGE = """
<!doctype html>
<html lang="en">
  <head>
    <script>var kept = "a\\n    b";</script>
    <style>
      p { color: red }
    </style>
  </head>
  <body>
    <div class="a"
         data-x="one
    two" title='say "hi"   there'>
      <p>Some <em>running</em>
         text, <code>a\n   code   span</code> and   spaces.</p>
      <pre>
  indented
      code
</pre>
      <textarea>
   typed
</textarea>
      <!-- a   comment
           kept -->
      <p>a &lt; b &gt; c</p>
    </div>
  </body>
</html>
"""


def test_compact_folds_indentation_and_keeps_what_shows():
    compacted = compact(PAGE)
    assert len(compacted) < len(PAGE) - 70
    assert not re.search(r"\n[ \t]+<", compacted.split("</style>")[1])  # no tag indented after the style
    assert events(compacted) == events(PAGE)  # the same tags, attributes (values to the byte) and shown text
    for kept in ('var kept = "a\\n    b";', "p { color: red }\n    </style>", "<code>a\n   code   span</code>",
                 "<pre>\n  indented\n      code\n</pre>", "<textarea>\n   typed\n</textarea>",
                 "<!-- a   comment\n           kept -->", 'data-x="one\n    two"', "title='say \"hi\"   there'",
                 "and   spaces."):
        assert kept in compacted, kept
    assert '<div class="a" data-x=' in compacted  # white space between attributes: one space
    assert compact(compacted) == compacted


def test_finish_compacts_every_page_after_its_phrase_breaks():
    page = "<html><body>\n    <p>\n      一人で旅をするのは初めてのことでした。\n    </p>\n</body></html>"
    finished = finish(page, "ja")
    assert "\n " not in finished and "<wbr>" in finished
    assert finished == compact(finish(page, "ja"))
    assert finish("<body>\n   <p>English.</p>\n</body>", "en") == "<body>\n<p>English.</p>\n</body>"


def test_built_pages_carry_no_unused_theme_bytes(built_site):
    story = next(path for path in sorted((built_site / "stories").glob("*/index.html")))
    for path in (story, built_site / "index.html", built_site / "ja" / "index.html"):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"\n[ \t]+<", page.split("</head>")[1]), path  # no template indentation
        assert 'id="__config"' not in page and "__md_scope" not in page and "__tabbed_" not in page, path
    story_page = story.read_text(encoding="utf-8")
    assert "md-sidebar--primary" in story_page  # the drawer stays
    assert "md-sidebar--secondary" not in story_page and 'id="__toc"' not in story_page
    assert '<script type="application/ld+json">{"@context":' in story_page
