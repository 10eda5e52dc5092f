"""Typed views: what the story, country, batch and track pages give their templates, field by field.

A view is a frozen dataclass, so a template that asks for a field the view does not have is an error, not an empty
string, wherever templates run with `StrictViewUndefined` (the test suite sets ALUMNI_STORIES_STRICT_VIEWS=1).
Python callers written for the former dicts may still read a field as `view["name"]`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

import jinja2

STRICT_VARIABLE = "ALUMNI_STORIES_STRICT_VIEWS"


class View:
    """Read as attributes (templates) or by key (`view["slug"]`, `view.get("slug")`)."""

    def __getitem__(self, key: str):
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key) if key in self.__dataclass_fields__ else default

    def keys(self):
        return [field.name for field in fields(self)]


class StrictViewUndefined(jinja2.Undefined):
    """A field a typed view lacks is an error (a misspelt key in a template); anything else stays lenient (the
    theme's own templates test many optional values)."""

    def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=jinja2.exceptions.UndefinedError):
        if isinstance(obj, View):
            raise jinja2.exceptions.UndefinedError(f"{type(obj).__name__} has no field {name!r}")
        super().__init__(hint, obj, name, exc)


def strict() -> bool:
    return os.environ.get(STRICT_VARIABLE, "").strip() not in ("", "0")


@dataclass(frozen=True)
class StoryView(View):
    slug: str
    url: str
    language: str
    content_language: str
    translated: bool
    name: str
    all_names: list  # the name in every language: search finds the story by any (outputs/search.py)
    display_name: str
    honorific: str | None
    initials: str
    country: str
    country_key: str
    track: str
    track_name: str
    track_key: str
    batch: str
    batch_ordinal: str
    batch_number: int
    country_url: str
    track_url: str
    batch_url: str
    period: str
    period_start: int
    period_end: int | None
    line: str
    ministry: str | None
    roles: list
    role: str
    role_dated: str
    role_as_of: str
    role_as_of_iso: str
    sources: list
    byline: str
    pull_quote: str
    quotes: list
    pull_quote_provenance: str
    takeaways: list
    unpublished: dict | None
    portrait: dict
    published: str
    published_iso: str
    story_as_of: str
    reviewed_iso: str
    author: str
    previous: dict | None
    next: dict | None


@dataclass(frozen=True)
class Links:
    programme_url: str
    countries_url: str
    batches_url: str
    tracks_url: str
    stories_url: str


@dataclass(frozen=True)
class CountryView(View, Links):
    key: str
    name: str
    all_names: list  # in every language: search finds the page by any
    url: str
    story_count: int
    story_count_text: str
    graduates: dict | None
    in_programme: bool
    facts: list
    batches: list
    tracks: list


@dataclass(frozen=True)
class BatchView(View, Links):
    key: str
    number: int
    url: str
    title: str
    all_names: list  # the title in every language: search finds the page by any
    ordinal: str
    track: str
    track_url: str
    period: str
    period_known: bool
    status: str
    status_as_of: str | None
    size: str | None
    note: str | None
    story_count: int
    story_count_text: str
    sources: list
    facts: list
    previous: dict | None
    next: dict | None


@dataclass(frozen=True)
class TrackView(View, Links):
    key: str
    name: str
    all_names: list  # in every language: search finds the page by any
    short_name: str
    description: str
    url: str
    since: str | None
    batch_count_text: str
    status_text: str
    story_count: int
    story_count_text: str
    facts: list
    timeline: dict
