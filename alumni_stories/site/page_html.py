"""The last touches of a built page's HTML, and the footer's view: engine-free, so any engine can use them."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from alumni_stories.content.catalog import Publisher
from alumni_stories.site import text_memo, typography, urls
from alumni_stories.site.text_memo import TextMemo

# Material's script fetches sitemap.xml beside every <link rel=alternate> of a page (to keep a reader's place
# when switching language); next to a page's language alternates none exists, so each page made two failed
# requests. The language selector links the counterpart directly and sitemap.xml lists every pair with
# hreflang for search engines, so these head links go.
_LANGUAGE_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def finish(page_html: str, language: str, names: frozenset = frozenset(), memo: TextMemo | None = None) -> str:
    """`names`: the site's own names in `language`, never broken across lines (Site.names).

    `memo` (see `finish_memo`): where the finished Japanese pages of earlier builds are kept; an unchanged
    page is then read back instead of being cut into phrases again."""
    head_end = page_html.find("</head>")
    if head_end > 0:
        page_html = _LANGUAGE_ALTERNATE.sub("", page_html[:head_end]) + page_html[head_end:]
    if language != "ja":
        return page_html
    if memo is None:
        return typography.with_phrase_breaks(page_html, names)
    key = text_memo.digest_of("\0".join(sorted(names)), page_html)
    return memo.memo(key, lambda: typography.with_phrase_breaks(page_html, names))


def finish_memo(folder: Path) -> TextMemo:
    """The memo of `finish` in `folder`, for the code and BudouX model of this installation."""
    return TextMemo(folder, text_memo.code_digest(typography, sys.modules[__name__], libraries=("budoux",)))


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
