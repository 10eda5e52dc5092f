"""The contract of the UI strings table (data/strings.yml): which {placeholders} the site gives each text.

A text may use only the placeholders the code gives it, each written plainly as {name}: no attribute or index
access ({country.__class__}, {x[0]}), no conversion or format spec ({x!r}, {x:>999999}). The table is checked
when it is loaded, and formatting goes through safe_format, which refuses the same things, so a text can
neither reach into the site's objects nor stop a build with a traceback.
"""
from __future__ import annotations

import string

# key -> the values the site passes when it formats that text. A key not listed here is given no values:
# its text may hold no placeholder. (tests/test_strings.py checks this table against the code's calls.)
PLACEHOLDERS = {
    "story_line": ("batch", "country", "period"),
    "batch_ordinal": ("number", "ordinal"),
    "year": ("year",),
    "year_month": ("month", "month_name", "year"),
    "period_years": ("end", "start"),
    "period_range": ("end", "start"),
    "period_open": ("start",),
    "role_as_of": ("date",),
    "story_as_of": ("date",),
    "quote_original": ("source",),
    "quote_translation": ("source",),
    "photo_credit": ("credit",),
    "source_line": ("date", "publisher", "title"),
    "name_with_honorific": ("honorific", "name"),
    "browse_as_of": ("date",),
    **{f"browse_{what}_count_{form}": ("count",) for what in ("story", "batch") for form in ("one", "other")},
    **{f"browse_status_count_{status}_{form}": ("count",)
       for status in ("completed", "ongoing", "scheduled") for form in ("one", "other")},
    "browse_count_item": ("count", "name"),
    "browse_batch_title": ("batch", "track"),
    "browse_timeline_desc": ("first", "lanes", "last", "placed", "stories", "total"),
    "browse_countries_chart_desc": ("items",),
    "map_desc": ("items", "programme"),
    "browse_size_value": ("count",),
    "browse_country_stories": ("country",),
    "browse_no_story_country": ("country",),
    "browse_with_detail": ("detail", "main"),
    "browse_filter_showing": ("shown", "total"),
    "search_result_facts": ("batch", "country"),
    "search_count_other": ("count",),
    "share_summary": ("line", "name", "quote", "role"),
    "share_card_line": ("batch", "country", "period"),
    "share_quote": ("quote",),
    "share_image_alt": ("line", "name"),
    "embed_frame_title": ("name",),
    "print_address": ("url",),
    "embargo_badge": ("date",),
    "embargo_banner": ("date",),
    "preview_problems": ("count",),
    "preview_cautions": ("count",),
    # sources, bylines and dated roles (every statement traceable)
    "track_batch": ("batch", "track"),
    "role_dated": ("as_of", "title"),
    "role_when": ("when",),
    "list_and": ("items", "last"),
    "byline_adapted": ("source",),
    "byline_adapted_translated": ("source",),
    "byline_unsourced": ("author",),
    "source_title_quoted": ("title",),
    "source_line_described": ("date", "publisher", "title"),
    "source_line_copy": ("line", "site"),
    "home_intro": ("countries",),
    "programme_note_label": ("number",),
    "browse_country_not_in_programme": ("country",),
}
FACT_PLACEHOLDERS = ("value",)  # data/facts.yml: a statement's text may show its value


def placeholder_problem(text: str, allowed) -> tuple[str, str] | None:
    """(what is wrong, what to do) when `text` uses a placeholder it is not given, or uses one unsafely."""
    allowed = tuple(allowed)
    offer = ", ".join("{" + name + "}" for name in allowed) if allowed else "none: this text is given no values"
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return ("a '{' or '}' is not matched", "write {name} for a placeholder, and {{ or }} for a brace itself")
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if not name or not name.isidentifier() or spec or conversion:
            return (f"the placeholder {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} "
                    "is not a plain name", f"write placeholders as plain names; this text can use: {offer}")
        if name not in allowed:
            return (f"the placeholder {{{name}}} is not one the site gives this text",
                    f"use only: {offer} (or remove the braces)")
    return None


class _SafeFormatter(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        return format(value, "") if not format_spec else super().format_field(value, "")

    def convert_field(self, value, conversion):
        return value


_FORMATTER = _SafeFormatter()


def safe_format(text: str, values: dict) -> str:
    """str.format for UI texts: plain {name} placeholders only, no attribute, index, conversion or spec."""
    return _FORMATTER.vformat(text, (), values)
