"""The site's public addresses. Embassies link to these: changing one breaks their links."""
from __future__ import annotations

from .model import DEFAULT_LANGUAGE


def language_prefix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def home(language: str) -> str:
    return language_prefix(language)


def story_index(language: str) -> str:
    return f"{language_prefix(language)}stories/"


def story(slug: str, language: str) -> str:
    return f"{language_prefix(language)}stories/{slug}/"


def story_source(slug: str, language: str) -> str:
    """The docs-relative source name under which a story page is handed to the site engine."""
    return f"stories/{slug}.{language}.md"
