"""The pages the site generates from content (as opposed to hand-written pages in docs/).

Each kind of generated page is listed here (KINDS): which pages exist (`plan`) and what its template is
given (`view`). The site engine adapter asks this module only, so adding a kind of page touches
no adapter code.
"""
from __future__ import annotations

from alumni_stories.site import browse
from alumni_stories.site.page_types import PageKind, PlannedPage
from alumni_stories.site.views import Site


def plan_all(site: Site) -> list[PlannedPage]:
    return [page for kind in KINDS.values() for page in kind.plan(site)]


def view(site: Site, page: PlannedPage, language: str) -> dict:
    return KINDS[page.kind].view(site, page.key, language)


# --- stories ---------------------------------------------------------------------------------------

def _plan_stories(site: Site) -> list[PlannedPage]:
    return [PlannedPage(kind="story", key=story.slug, source=f"stories/{story.slug}", template="story.html",
                        body=lambda s, lang, slug=story.slug: s.story(slug).text(lang).body,
                        title=lambda s, lang, slug=story.slug: s.story(slug).text(lang).name)
            for story in site.stories]


def _view_story(site: Site, slug: str, language: str) -> dict:
    return {"story": site.story_view(site.story(slug), language)}


# Every kind of generated page: a new kind adds its module's kinds here.
KINDS: dict[str, PageKind] = {"story": PageKind(plan=_plan_stories, view=_view_story), **browse.PAGE_KINDS}
