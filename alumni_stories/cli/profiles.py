"""Starting a new profile: turning an editor's answers into the English and Japanese story files.

The files come from a template with every field present and explained in a YAML comment. What the editor
did not give yet is a visible placeholder marked "TODO:" (see publishing.py): the story is created as a
draft, which the preview shows and the published site leaves out until the editor completes it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from slugify import slugify

from alumni_stories.content import frontmatter
from alumni_stories.content.catalog import parse_year_month
from alumni_stories.content.model import Catalog
from alumni_stories.content.publishing import PLACEHOLDER, english_fingerprint


class AnswerError(ValueError):
    """An answer that cannot be used; the message says what to type instead."""


@dataclass
class Answers:
    name: str
    country: str  # a key of data/countries.yml
    track: str  # a key of data/tracks.yml
    batch: int
    period: tuple  # (start, end) as written in front matter: 2014 or "2014-04"
    slug: str = ""
    ja_name: str | None = None
    honorific: str | None = None
    ja_honorific: str | None = None
    ministry: str | None = None
    ja_ministry: str | None = None
    role: str | None = None
    ja_role: str | None = None
    role_as_of: dt.date | None = None
    quote: str | None = None
    ja_quote: str | None = None
    author: str | None = None
    ja_author: str | None = None
    published: dt.date | None = None
    consent: dt.date | None = None  # the day the person agreed to the story's publication
    consent_ends: dt.date | None = None  # the day their agreement ends, if they set one
    body: str | None = None
    ja_body: str | None = None
    publish: bool = False

    def __post_init__(self):
        self.slug = self.slug or slug_for(self.name)


# What --publish needs: with any of these missing the files would hold placeholders.
NEEDED_TO_PUBLISH = ("ja_name", "role", "ja_role", "role_as_of", "quote", "ja_quote", "author", "ja_author",
                     "consent", "body", "ja_body")


def slug_for(name: str) -> str:
    """The permanent address part from the name, accents folded: "Trần Ví Dụ" (a fictional name) -> tran-vi-du."""
    slug = slugify(name or "")
    if not slug:
        raise AnswerError(f"no web address can be made from the name {name!r}; give one with --slug, "
                          "using lowercase letters, digits and hyphens")
    return slug


def check_slug(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug or ""):
        raise AnswerError(f"{slug!r} cannot be a web address: use lowercase letters, digits and hyphens")
    return slug


def _match(text: str, options: dict, what: str, source: str) -> str:
    """A key from the catalog, typed as the key or as any of its names (case and accents ignored)."""
    wanted = slugify(str(text or ""))
    for key, names in options.items():
        if wanted and wanted in {slugify(key), *(slugify(n) for n in names)}:
            return key
    choices = ", ".join(f"{key} ({names[0]})" for key, names in options.items())
    raise AnswerError(f"unknown {what} {text!r}: use one of {choices}, or add it to {source} first")


def find_country(catalog: Catalog, text: str) -> str:
    options = {key: [c.name["en"], *c.name.values()] for key, c in catalog.countries.items()}
    return _match(text, options, "country", "data/countries.yml")


def find_track(catalog: Catalog, text: str) -> str:
    options = {key: [t.short_name["en"], *t.name.values(), *t.short_name.values()]
               for key, t in catalog.tracks.items()}
    return _match(text, options, "track", "data/tracks.yml")


def check_batch(catalog: Catalog, track: str, text) -> int:
    try:
        number = int(str(text).strip().lower().removesuffix("th").removesuffix("st").removesuffix("nd")
                     .removesuffix("rd"))
    except ValueError:
        raise AnswerError(f"{text!r} is not a batch number: write a whole number such as 8") from None
    if f"{track}-{number}" not in catalog.batches:
        known = sorted(b.number for b in catalog.batches.values() if b.track == track)
        raise AnswerError(f"batch {number} of track {track} is not in data/batches.yml (known: "
                          f"{', '.join(map(str, known))}); check the number, or add the batch there first")
    return number


def parse_period(text: str) -> tuple:
    """"2014-2015", "2014/2015", "2014–2015" or "2014-04/2015-03" -> front matter values (2014, 2015)."""
    text = str(text or "").strip()
    years = re.fullmatch(r"(\d{4})\s*[-–—〜~]\s*(\d{4})", text)
    parts = [years[1], years[2]] if years else re.split(r"\s*(?:/|–|—|〜|~|\.\.|\bto\b)\s*", text)
    if len(parts) != 2:
        raise AnswerError(f"{text!r} is not a period: write start and end, such as 2014-2015 or 2014-04/2015-03")
    values = []
    for part in parts:
        point = parse_year_month(int(part) if part.isdigit() else part)
        if point is None or not 1990 <= point.year <= 2100:
            raise AnswerError(f"{part!r} is not a year (2014) or a year and month (2014-04)")
        values.append(point.year if point.month is None else f"{point.year}-{point.month:02d}")
    start, end = (parse_year_month(v) for v in values)
    if end.sort_key() < start.sort_key():
        raise AnswerError(f"the period {text!r} ends before it starts: swap start and end")
    return tuple(values)


def parse_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise AnswerError(f"{text!r} is not a date for {what}: write YYYY-MM-DD, such as 2019-09-29") from None


def missing_for_publishing(answers: Answers) -> list[str]:
    return [name for name in NEEDED_TO_PUBLISH if not getattr(answers, name)]


# --- the template ------------------------------------------------------------------------------------

def _q(value) -> str:
    """A YAML value: JSON's double-quoted strings are valid YAML and safe for ':' '#' and quotes."""
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def _todo(value, placeholder: str) -> str:
    return _q(value) if value else _q(f"{PLACEHOLDER} {placeholder}")


def _period_value(value) -> str:
    return str(value) if isinstance(value, int) else _q(value)


ENGLISH_BODY_TODO = (f"{PLACEHOLDER} write the story here, in Markdown. No top heading (the page prints the name); "
                     "use ## for sub-headings. Every fact and quote must come from a published source.\n")
JAPANESE_BODY_TODO = (f"{PLACEHOLDER} ここに日本語訳の本文をMarkdownで書きます。大見出しは不要です（ページに名前が表示されます）。"
                      "小見出しには ## を使います。\n")


def render_english(a: Answers, today: dt.date) -> str:
    published = a.published or today
    as_of = (f"{(a.role_as_of or today).isoformat()}"
             + ("" if a.role_as_of else f"  # {PLACEHOLDER} the date the source says this role was true"))
    draft = ("draft: true" if not a.publish else "draft: false")
    consent = (f"{(a.consent or today).isoformat()}"
               + ("" if a.consent else f"  # {PLACEHOLDER} the date the person gave their consent"))
    consent_ends = (f"  consent_ends: {a.consent_ends.isoformat()}" if a.consent_ends else
                    "  # consent_ends: YYYY-MM-DD  (only if the person set an end: from that day the check refuses the story)")
    start, end = a.period
    return f"""---
# A new profile, made by alumni-stories new-profile (scripts/new-profile.sh) on {today.isoformat()}. The editors' guide explains every
# field: docs/guide/new-profile.en.md, or "Adding a profile" in the site's guide. A value marked TODO
# still needs the real text; the story cannot be published while one is left.
#
# draft: true shows the story only in the preview (scripts/serve.sh) and keeps it off the published
# site. Write false (or delete the line) when the story and its translation are ready.
{draft}
# slug: the story's permanent web address, /stories/{a.slug}/. Equal to the file name; never change it.
slug: {_q(a.slug)}
# name: the person's full name as they write it in English.
name: {_q(a.name)}
# honorific: an optional courtesy title shown before the name (Mr., Ms., Dr.), or null for none. A title of office
# (Ambassador, Minister) belongs to a role, with its date: write it in current_role or later_roles.
honorific: {_q(a.honorific)}
# country: a key from data/countries.yml.
country: {_q(a.country)}
# track: a key from data/tracks.yml: mfa (Junior Diplomats) or esc (AEC and ASCC).
track: {_q(a.track)}
# batch: the batch number within the track; the batch must be listed in data/batches.yml.
batch: {a.batch}
# period: the attachment period; start and end are each a year (2014) or a year and month in quotes ("2014-04").
period:
  start: {_period_value(start)}
  end: {_period_value(end)}
# ministry: the ministry the person worked for during the attachment, or null if the source does not say.
ministry: {_q(a.ministry)}
# sources: the keys in data/sources.yml of the articles this story is adapted from (add the source there first,
# with its title, publisher, date and address); the story page links each one. Delete the "# " to use it:
# sources: [jaif-2019-ja, jaif-2019]
# current_role: the person's role as the source gives it (title), and the date the source said it was true
# (as_of, YYYY-MM-DD); the site always prints the role with that date.
current_role:
  title: {_todo(a.role, "the role, as the source gives it on that date")}
  as_of: {as_of}
# later_roles: optional, roles the person held later, each from a public source in data/sources.yml:
# later_roles:
#   - title: "the later role"
#     as_of: YYYY-MM-DD
#     source: a-key-of-data-sources-yml
# portrait: optional, and only with the person's written consent to publish the photo (see the guide).
# To add one, save the photo (JPEG, PNG or WebP, at least 400×400 pixels) as stories/media/{a.slug}/portrait.jpg,
# then delete the "# " in front of the five lines below and write the texts (the credit without ©):
# portrait:
#   file: portrait.jpg
#   alt: "what the photo shows, for people who cannot see it"
#   caption: "the caption printed under the photo"
#   credit: "who took the photo or owns it"
# pull_quote: one thing the person said, without quotation marks: one of the quotes below (or a part of one).
pull_quote: {_todo(a.quote, "one quote, as listed under quotes")}
# quotes: every quotation of the person in this file (the pull quote, and each sentence of five words or more
# quoted in the text), with where its words come from. provenance: original (the person's own words in English)
# or translation (never word for word; say from which edition). source: the key in data/sources.yml of the
# edition the words were taken or translated from; leave it out for words the person gave you directly.
quotes:
  - text: {_todo(a.quote, "one quote, as listed under quotes")}
    provenance: original
# takeaways: optional key takeaways, short, each on its own line starting with "  - "; [] for none.
takeaways: []
# published: the day the story goes public (YYYY-MM-DD). A date in the future keeps it off the site until then.
published: {published.isoformat()}
# reviewed: the day the story was last checked with the person or against its sources (YYYY-MM-DD). Pages show
# "Story as of <month year>"; the check lists the story again for review after the period in data/publishing.yml.
reviewed: {today.isoformat()}
# basis: on what the story is published. A new profile rests on the person's consent: the day they agreed and,
# if they set one, the day it ends. (A story adapted from a public article writes basis: {{source: <key>}} instead.)
basis:
  consent: {consent}
{consent_ends}
# author: who wrote the story.
author: {_todo(a.author, "who wrote the story, for example JAIF Management Team")}
# aliases: earlier slugs of this story, if it is ever renamed: their addresses keep working and lead here.
# aliases: [an-earlier-slug]
# withdrawn: true when the person withdraws consent: every text goes, the address shows a short notice.
# withdrawn: true
---

{a.body.strip() + chr(10) if a.body else ENGLISH_BODY_TODO}"""


def render_japanese(a: Answers, english_text: str, today: dt.date) -> str:
    complete = all([a.ja_name, a.ja_role, a.ja_quote, a.ja_author, a.ja_body])
    if complete:  # translated together with the English: record which English text it matches
        data, body, _problems = frontmatter.split(english_text, "")
        translated_from = (f"{english_fingerprint(data, body)}  "
                           "# fingerprint of the English text this translation matches")
    else:
        translated_from = ("null  # written by scripts/check.sh --mark-translated "
                           f"{a.slug} when the translation is done")
    return f"""---
# {a.slug}.en.md の日本語訳。alumni-stories new-profile（scripts/new-profile.sh）が {today.isoformat()} に作成しました。各項目の説明は
# 編集ガイド（docs/guide/new-profile.ja.md、サイトの「プロフィールの追加」）にあります。TODO の印がある値は
# まだ書き込みが必要で、残っている間は公開できません。国・コース・期・期間・日付は英語ファイルにだけ書きます。
#
# name: 日本語での氏名。カタカナで、姓と名は「・」で区切ります。
name: {_todo(a.ja_name, "カタカナの氏名（架空の例：チャン・ヴィ・ズー）")}
# honorific: 名前の後に付ける敬称（氏など）。なければ null。大使などの肩書きは役職なので、日付のある current_role に書きます。
honorific: {_q(a.ja_honorific)}
# ministry: 派遣当時の所属省庁の日本語訳。国名を付けます（例：ラオス外務省。「外務省」だけでは日本の外務省と読まれます）。
# 英語ファイルが null なら null。
ministry: {_q(a.ja_ministry)}
# current_role: 出典が伝える役職の日本語訳（日付は英語ファイルの as_of が使われます）。
current_role:
  title: {_todo(a.ja_role, "役職の日本語訳")}
# later_roles: 英語ファイルに later_roles がある場合だけ、先頭の「# 」を消して、同じ順に役職を訳します。
# later_roles:
#   - title: "その後の役職の日本語訳"
# portrait: 英語ファイルに写真がある場合だけ、先頭の「# 」を消して代替テキスト・キャプション・クレジットを訳します。
# portrait:
#   alt: "写真に写っているものの説明"
#   caption: "写真の下に表示するキャプション"
#   credit: "撮影者または権利者（©は付けない）"
# pull_quote: 引用の日本語訳。かぎかっこも文末の句点も付けません（サイトが「」で囲みます）。
# 下の quotes のどれか（またはその一部）と同じ文にします。
pull_quote: {_todo(a.ja_quote, "引用の日本語訳")}
# quotes: このファイルにある本人の言葉の引用すべて（pull_quote と、本文の「」内の15字以上の引用）と、その出どころ。
# provenance は、本人が日本語で語った言葉なら original、訳なら translation（逐語訳とは書きません）。source には
# 訳した元の版の data/sources.yml のキーを書きます。本人から直接寄せられた言葉なら source は書きません。
quotes:
  - text: {_todo(a.ja_quote, "引用の日本語訳")}
    provenance: translation
# takeaways: ポイントの日本語訳（任意）。体言止めの短い項目を英語ファイルと同じ順に、1行に1つ「  - 」で始めて書きます。なければ []。
takeaways: []
# author: 執筆者の日本語表記。
author: {_todo(a.ja_author, "執筆者（例：JAIFマネージメントチーム）")}
# translated_from: この翻訳が対応する英語の文章の指紋。英語が変わると、確認コマンドが「英語が新しい」と表示します。
translated_from: {translated_from}
---

{a.ja_body.strip() + chr(10) if a.ja_body else JAPANESE_BODY_TODO}"""

