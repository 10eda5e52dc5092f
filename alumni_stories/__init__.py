"""Domain core of the alumni stories site: content model, loading, validation, ordering, formatting.

It does not import MkDocs: hooks/ adapt it to the site engine, so the site can move to another engine.
"""
from .errors import ContentError, Problem
from .model import DEFAULT_LANGUAGE, LANGUAGES
from .site import Site, load_site
from . import pages, urls  # noqa: E402, F401  (importing pages registers the generated page kinds)

__all__ = ["ContentError", "Problem", "Site", "load_site", "LANGUAGES", "DEFAULT_LANGUAGE"]
