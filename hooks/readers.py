"""MkDocs adapter for what every reader sees on every page: who publishes the site (the footer), and
Japanese lines that break between phrases. Logic: alumni_stories/site/page_html.py and typography.py.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks._support import all_languages_built, build_state, content_root, current_language, first_language_pass, \
    is_preview, site_for
from alumni_stories.content.catalog import load_publisher
from alumni_stories.errors import ContentError
from alumni_stories.site import page_html

FINISHED_PAGES = ".cache/pages"  # Japanese pages with their phrase breaks, reused while a page is unchanged


# With the content's own validation (hooks/stories.py, 100), before site/ is touched.
@event_priority(95)
def on_pre_build(config) -> None:
    state = build_state(config)
    if "publisher" not in state:
        try:
            state["publisher"] = load_publisher(content_root(config) / "data")
        except ContentError as error:
            raise PluginError(error.render()) from None
    if first_language_pass(config) or "finished_pages" not in state:
        state["finished_pages"] = page_html.finish_memo(content_root(config) / FINISHED_PAGES)


def _footer(config) -> dict:
    language = current_language(config)
    return page_html.footer_view(build_state(config)["publisher"], site_for(config).strings(language), language)


def on_page_context(context, page, config, nav):
    context["site_footer"] = _footer(config)
    context["reader_links"] = page_html.reader_links(current_language(config))
    return context


# Pages rendered outside the page loop (404.html) have the footer too.
def on_template_context(context, template_name, config):
    context.setdefault("site_footer", _footer(config))
    return context


def _finish(output: str, config) -> str:
    language = current_language(config)
    return page_html.finish(output, language, site_for(config).names(language), build_state(config).get("finished_pages"))


# Last of all post-page handlers: the page is final, only line-break opportunities are added.
@event_priority(-100)
def on_post_page(output, page, config):
    return _finish(output, config)


def on_post_template(output_content, template_name, config):
    return _finish(output_content, config) if template_name == "404.html" else output_content


# Once every language is built: what this build did not use goes (a preview rebuilds only some pages, so keeps all).
@event_priority(-105)
def on_post_build(config) -> None:
    memo = build_state(config).get("finished_pages")
    if memo is not None and all_languages_built(config) and not is_preview():
        memo.prune()
