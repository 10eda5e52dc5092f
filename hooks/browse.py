"""MkDocs adapter for the browse pages (alumni_stories/site/browse.py lists the pages themselves).

It gives the story index the filters its template prints, and the home page its statements about the programme.
Logic lives in alumni_stories/site/browse.py.
"""
from __future__ import annotations

from hooks._support import current_language, site_for
from alumni_stories.site import browse


# Where published facts and the data disagree is reported with every other rule of the check command, by
# hooks/stories.py (alumni_stories/outputs/validation.py runs alumni_stories/content/facts.py).


def on_page_context(context, page, config, nav):
    if page.meta.get("template") == "story_index.html":
        context["story_filters"] = browse.filters_view(site_for(config), current_language(config))
    elif page.meta.get("template") == "home.html":
        context["home_programme"] = browse.home_view(site_for(config), current_language(config))
    return context
