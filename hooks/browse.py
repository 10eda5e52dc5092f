"""MkDocs adapter for the browse pages (alumni_stories/browse.py registers the pages themselves).

It reports where published facts and the data disagree, once per build, and gives the story index the
filters its template prints, and the home page its statements about the programme. Logic lives in alumni_stories/facts.py and browse.py.
"""
from __future__ import annotations


from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import current_language, first_language_pass, site_for
from alumni_stories.site import browse
from alumni_stories.content import facts

log = get_plugin_logger(__name__)


# Before MkDocs cleans site/ (like the stories hook's validation), and only in the first language pass:
# mkdocs-static-i18n runs the other languages as nested builds of the same `mkdocs build`.
@event_priority(90)
def on_pre_build(config) -> None:
    if not first_language_pass(config):
        return
    site = site_for(config)
    for finding in facts.check(site.catalog, site.stories):
        log.warning(str(finding))


def on_page_context(context, page, config, nav):
    if page.meta.get("template") == "story_index.html":
        context["story_filters"] = browse.filters_view(site_for(config), current_language(config))
    elif page.meta.get("template") == "home.html":
        context["home_programme"] = browse.home_view(site_for(config), current_language(config))
    return context
