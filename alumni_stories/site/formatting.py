"""Localized formatting: dates, periods, batch ordinals, and lookups in the strings table."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_format_date

from alumni_stories.content.model import Catalog, Period, YearMonth
from alumni_stories.content.ui_strings import safe_format

# Babel locales per site language: British English matches ASEAN usage (29 September 2019).
BABEL_LOCALES = {"en": "en_GB", "ja": "ja_JP"}


class Strings:
    """The UI strings table (data/strings.yml) for one language; a missing key is a bug, so it raises."""

    def __init__(self, catalog: Catalog, language: str):
        self._table = catalog.strings
        self._complete = catalog.complete
        self.language = language

    def __call__(self, key: str, **values) -> str:
        try:
            text = self._table[key][self.language]
        except KeyError:
            if not self._complete:  # a preview of broken content: show where the text is missing
                return f"[{key}]"
            raise KeyError(f"data/strings.yml has no {self.language!r} text for {key!r}") from None
        return safe_format(text, values) if values else text

    def has(self, key: str) -> bool:
        """True when the table has a text for `key` in this language (for optional forms, such as a count of 0)."""
        return bool(self._table.get(key, {}).get(self.language))

    def __getitem__(self, key: str) -> str:
        return self(key)


def format_date(value: dt.date, language: str) -> str:
    return _babel_format_date(value, format="long", locale=BABEL_LOCALES[language])


def english_ordinal(number: int) -> str:
    # Babel formats numbers but not English ordinal suffixes; the rule is three lines.
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def format_batch(number: int, strings: Strings) -> str:
    return strings("batch_ordinal", number=number, ordinal=english_ordinal(number))


def format_track_batch(track_name: str, number: int, strings: Strings) -> str:
    """A batch with its track, as every page writes it: "Junior Diplomats, 8th batch" / 「若手外交官コース第8期」."""
    return strings("track_batch", track=track_name, batch=format_batch(number, strings))


def _point(point: YearMonth, strings: Strings) -> str:
    if point.month is None:
        return strings("year", year=point.year)
    month_name = strings(f"month_{point.month}")
    return strings("year_month", year=point.year, month=point.month, month_name=month_name)


def format_month(day: dt.date, strings: Strings) -> str:
    """A month and year, as "December 2026" / 「2026年12月」 (a story's "as of" date)."""
    return _point(YearMonth(day.year, day.month), strings)


def format_period(period: Period | None, strings: Strings) -> str:
    if period is None:
        return strings("period_unknown")
    start = _point(period.start, strings)
    if period.end is None:
        return strings("period_open", start=start)
    end = _point(period.end, strings)
    if period.start.month is None and period.end.month is None:
        return strings("period_years", start=period.start.year, end=period.end.year)
    return strings("period_range", start=start, end=end)
