"""The last touches of a built page's HTML, and the footer's view: engine-free, so any engine can use them."""
from __future__ import annotations

import re

from alumni_stories.content.catalog import Publisher
from alumni_stories.site import typography, urls

# Material's script fetches sitemap.xml beside every <link rel=alternate> of a page (to keep a reader's place
# when switching language); next to a page's language alternates none exists, so each page made two failed
# requests. The language selector links the counterpart directly and sitemap.xml lists every pair with
# hreflang for search engines, so these head links go.
_LANGUAGE_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def finish(page_html: str, language: str, names: frozenset = frozenset()) -> str:
    """`names`: the site's own names in `language`, never broken across lines (Site.names)."""
    head_end = page_html.find("</head>")
    if head_end > 0:
        page_html = _LANGUAGE_ALTERNATE.sub("", page_html[:head_end]) + page_html[head_end:]
    return typography.with_phrase_breaks(page_html, names) if language == "ja" else page_html


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
