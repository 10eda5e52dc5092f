"""MkDocs adapter for the site search: once every language is built, index the whole site with Pagefind.

The work is in alumni_stories/search.py; this file only chooses when it runs and turns its errors into
build errors. Which parts of a page are searchable is said in overrides/ (data-pagefind-* attributes).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import all_languages_built, content_root, current_language, first_language_pass, is_preview, \
    site_for
from alumni_stories.content.model import LANGUAGES
from alumni_stories.outputs import search
from alumni_stories.outputs.search import SearchIndexError, build_search_index, name_variants

log = get_plugin_logger(__name__)

CACHE = ".cache/search"  # the index of the last build, reused while no page changed


# Templates rendered outside pages (404.html) get no on_page_context, but their header shows the search
# box too, and it needs the strings table.
def on_template_context(context, template_name, config):
    context.setdefault("t", site_for(config).strings(current_language(config)))
    return context


def on_env(env, config, files):
    env.filters["search_name_variants"] = name_variants  # overrides/story.html gives them to the index
    return env


# Below -100: mkdocs-static-i18n builds the other languages from its own on_post_build (priority -100), and
# the index must hold every language. Above -120: the atomic build moves the finished folder into place
# from there, so the index goes into the folder about to be published (config.site_dir), never a live one.
@event_priority(-105)
def on_post_build(config) -> None:
    if not all_languages_built(config):
        return
    try:
        if is_preview():  # the editor sees the saved page now; search catches up in a few seconds
            search.start_in_background(Path(config.site_dir))
            return
        index = build_search_index(Path(config.site_dir), LANGUAGES, content_root(config) / CACHE)
    except SearchIndexError as error:
        raise PluginError(f"Search: {error}") from None
    log.info(index.summary())


# Before MkDocs cleans or rewrites the preview's folder, the last save's Pagefind run, if still going, stops.
@event_priority(100)
def on_pre_build(config) -> None:
    if first_language_pass(config):
        search.stop_background()


def on_shutdown() -> None:
    search.stop_background()
