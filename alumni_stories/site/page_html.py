"""The last touch of a built page's HTML (phrase breaks in Japanese), and the footer's view: engine-free, so any engine can use them."""
from __future__ import annotations

from pathlib import Path

from alumni_stories import store
from alumni_stories.content.catalog import Publisher
from alumni_stories.site import text_memo, typography, urls
from alumni_stories.site.text_memo import TextMemo


def finish(page_html: str, language: str, names: frozenset = frozenset(), memo: TextMemo | None = None,
           one_line: tuple[str, ...] = ()) -> str:
    """`names`: the site's own names in `language`, never broken across lines (Site.names); `one_line`: the
    engine's classes of text kept on one line, besides the site's own (`Engine.one_line_classes`).

    `memo` (see `finish_memo`): where the finished Japanese pages of earlier builds are kept; an unchanged
    page is then read back instead of being cut into phrases again.

    A page in another language gets the same breaks in the Japanese it quotes (a Japanese source's title on an
    English story page), and only when it quotes some: an English page without Japanese is returned as it is."""
    if language != "ja" and not typography.JAPANESE.search(page_html, max(page_html.find("<body"), 0)):
        return page_html
    classes = typography.ONE_LINE_CLASSES + tuple(one_line)
    if memo is None:
        return typography.with_phrase_breaks(page_html, names, classes)
    key = text_memo.digest_of("\0".join(sorted(names)), "\0".join(classes), page_html)
    return memo.memo(key, lambda: typography.with_phrase_breaks(page_html, names, classes))


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
