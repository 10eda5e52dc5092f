"""The pages the site generates from content (as opposed to hand-written pages in docs/).

Each kind of generated page registers here: which pages exist (`plan`) and what its template is
given (`view`). The site engine adapter asks this module only, so adding a kind of page touches
no adapter code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .site import Site


@dataclass(frozen=True)
class PlannedPage:
    kind: str  # a registered kind, such as "story"
    key: str  # identifies the page within its kind, such as a slug
    source: str  # docs-relative name without language suffix, such as "stories/<slug>"
    template: str  # template file name
    body: Callable[[Site, str], str] | None = None  # Markdown body per language, if any
    title: Callable[[Site, str], str] | None = None  # page title per language


@dataclass(frozen=True)
class PageKind:
    plan: Callable[[Site], list]  # Site -> [PlannedPage]
    view: Callable[[Site, str, str], dict]  # (Site, key, language) -> template context


KINDS: dict[str, PageKind] = {}


def register(name: str, plan, view) -> None:
    KINDS[name] = PageKind(plan=plan, view=view)


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


register("story", _plan_stories, _view_story)

# Further kinds register below, one import each (kept last so they can use the names above).
from . import browse  # noqa: E402,F401  (programme, country, batch and track pages)
