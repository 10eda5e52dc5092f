"""What a generated page is: the types every kind of generated page shares (see pages.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from alumni_stories.site.views import Site


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
