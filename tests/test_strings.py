"""Every UI string exists in every language, and every key the templates use is in the table."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT

from alumni_stories.content.model import LANGUAGES
from alumni_stories.site.views import load_site
from alumni_stories.site.formatting import Strings, english_ordinal, format_batch, format_date, format_period
from alumni_stories.content.model import Period, YearMonth


@pytest.fixture(scope="module")
def catalog():
    return load_site(ROOT).catalog


def test_every_key_has_every_language(catalog):
    missing = [(key, lang) for key, texts in catalog.strings.items() for lang in LANGUAGES
               if not texts.get(lang, "").strip()]
    assert missing == []


def test_every_key_used_in_code_and_templates_exists(catalog):
    used = set()
    for path in [*ROOT.glob("overrides/**/*.html"), *ROOT.glob("alumni_stories/*.py")]:
        # (?<![.\w]): `lang.t(...)` in a copied Material partial is Material's own translation table, not ours.
        used |= set(re.findall(r"""(?<![.\w])t\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"""strings\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the scan found the keys"
    assert sorted(used - set(catalog.strings)) == []


def test_missing_key_is_an_error(catalog):
    with pytest.raises(KeyError, match="no_such_key"):
        Strings(catalog, "en")("no_such_key")


def test_localized_formats(catalog):
    en, ja = Strings(catalog, "en"), Strings(catalog, "ja")
    years = Period(YearMonth(2006), YearMonth(2007))
    assert format_period(years, en) == "2006–2007"
    assert format_period(years, ja) == "2006年〜2007年"  # one range style: the year on both ends
    months = Period(YearMonth(2006, 4), YearMonth(2007, 3))
    assert format_period(months, en) == "April 2006 – March 2007"
    assert format_period(months, ja) == "2006年4月〜2007年3月"
    assert format_batch(8, en) == "8th batch" and format_batch(8, ja) == "第8期"
    import datetime as dt
    assert format_date(dt.date(2019, 9, 29), "en") == "29 September 2019"
    assert format_date(dt.date(2019, 9, 29), "ja") == "2019年9月29日"


@pytest.mark.parametrize("number,expected", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                             (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (111, "111th")])
def test_english_ordinals(number, expected):
    assert english_ordinal(number) == expected
