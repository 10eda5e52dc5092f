"""The last touch of a built page's HTML (its template indentation folded, phrase breaks in Japanese), and the
footer's view: engine-free, so any engine can use them."""
from __future__ import annotations

import re
from pathlib import Path

from alumni_stories import store
from alumni_stories.content.catalog import Publisher
from alumni_stories.site import text_memo, typography, urls
from alumni_stories.site.text_memo import TextMemo


# What is copied as it is: elements whose white space shows or is code (`.md-typeset code` is pre-wrap in the
# theme's stylesheet), and comments. Then a tag (its quoted attribute values copied as they are).
_VERBATIM_OR_TAG = re.compile(
    r"""<(pre|textarea|script|style|code)\b.*?</\1\s*>|<!--.*?-->"""
    r"""|(<[A-Za-z/!?][^"'<>]*(?:(?:"[^"]*"|'[^']*')[^"'<>]*)*>)""", re.S | re.I)
_LINE_BREAK_SPACE = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_ATTRIBUTE_SPACE = re.compile(r"""("[^"]*"|'[^']*')|[ \t\r\n\f]+""")


def compact(page_html: str) -> str:
    """`page_html` without its templates' indentation and blank lines: a run of white space that holds a line break
    becomes one line break (between tags and in text), and white space between a tag's attributes one space.

    Issue 27: a story page was a tenth white space, compressed at Brotli's best setting on every page of every
    cold build. A browser shows a run of spaces and line breaks as one line break would be shown, except where
    white space is kept (pre, textarea, code: left as they are, with scripts, styles, comments and attribute
    values), so the page looks the same; its text (search, screen readers) is the same words."""
    out, position = [], 0
    for match in _VERBATIM_OR_TAG.finditer(page_html):
        out.append(_LINE_BREAK_SPACE.sub("\n", page_html[position:match.start()]))
        tag = match.group(2)
        out.append(match.group(0) if tag is None or "\n" not in tag
                   else _ATTRIBUTE_SPACE.sub(lambda part: part.group(1) or " ", tag))
        position = match.end()
    out.append(_LINE_BREAK_SPACE.sub("\n", page_html[position:]))
    return "".join(out)


def finish(page_html: str, language: str, names: frozenset = frozenset(), memo: TextMemo | None = None,
           one_line: tuple[str, ...] = ()) -> str:
    """`names`: the site's own names in `language`, never broken across lines (Site.names); `one_line`: the
    engine's classes of text kept on one line, besides the site's own (`Engine.one_line_classes`).

    `memo` (see `finish_memo`): where the finished Japanese pages of earlier builds are kept; an unchanged
    page is then read back instead of being cut into phrases again.

    The finished page is then `compact`ed (after the phrase breaks, which are found in the text as the templates
    wrote it: BudouX reads white space too, so a page compacted first was cut differently).

    A page in another language gets the same breaks in the Japanese it quotes (a Japanese source's title on an
    English story page), and only when it quotes some."""
    if language != "ja" and not typography.JAPANESE.search(page_html, max(page_html.find("<body"), 0)):
        return compact(page_html)
    classes = typography.ONE_LINE_CLASSES + tuple(one_line)
    if memo is None:
        return compact(typography.with_phrase_breaks(page_html, names, classes))
    key = text_memo.digest_of("\0".join(sorted(names)), "\0".join(classes), page_html)
    return compact(memo.memo(key, lambda: typography.with_phrase_breaks(page_html, names, classes)))


def finish_memo(root: Path) -> TextMemo:
    """The memo of `finish` in the project at `root` (the store's drawer "pages"), for the code and BudouX
    model of this installation."""
    return text_memo.for_drawer(root, store.DRAWERS["pages"])


def footer_view(publisher: Publisher, strings, language: str) -> dict:
    """Who publishes the site and the pages for editors and partners, in `language`."""
    return {
        "publisher": publisher.name[language],
        "publisher_url": publisher.url,
        "contact_url": publisher.contact,
        "rights": publisher.rights[language],
        "links": [{"url": urls.language_prefix(language) + path, "label": strings(key)}
                  for path, key in (("partners/", "footer_partners"), ("guide/", "footer_guide"))],
    }


def reader_links(language: str) -> dict:
    """Where the home page leads readers."""
    return {"programme": urls.programme(language), "countries": urls.country_index(language)}
