"""The content model: plain data, no I/O, no knowledge of any site engine."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"

# A piece of text in several languages: {"en": "...", "ja": "..."}.
Localized = dict


@dataclass(frozen=True)
class Country:
    key: str
    slug: str
    name: Localized


@dataclass(frozen=True)
class Track:
    key: str
    slug: str
    name: Localized
    short_name: Localized
    description: Localized
    since: int | None = None


@dataclass(frozen=True)
class YearMonth:
    """A point in an attachment period: a year, and a month when the source gives one."""

    year: int
    month: int | None = None

    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.month or 0)


@dataclass(frozen=True)
class Period:
    start: YearMonth
    end: YearMonth | None = None


@dataclass(frozen=True)
class Source:
    key: str
    title: Localized
    publisher: Localized
    date: dt.date | None
    url: str | None = None
    title_known: bool = True  # False: `title` describes the source until its own title is recorded
    language: str | None = None  # the language the source is written in, when recorded
    copy_url: str | None = None  # url unknown: where another site republished the text (copy_site names it)
    copy_site: str | None = None


@dataclass(frozen=True)
class Batch:
    track: str
    number: int
    period: Period | None
    status: str  # completed | ongoing | scheduled
    size: int | None
    sources: tuple[str, ...]
    note: Localized = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.track}-{self.number}"


@dataclass(frozen=True)
class Fact:
    """A published statement about the programme, true as of a date, per a source."""

    key: str
    figure: str
    value: object
    as_of: dt.date
    source: str
    text: Localized
    as_of_year_only: bool = False  # the source gives only a year: as_of is 31 December of it, shown as the year
    superseded_by: str | None = None  # a later statement (of another figure) that replaces this one


@dataclass(frozen=True)
class Portrait:
    file: str | None
    alt: Localized
    caption: Localized
    credit: Localized


@dataclass(frozen=True)
class Role:
    """A role a person held, true as of a date, per a source: the role at the time of the article, or a later one."""

    title: Localized  # language -> title (the English title when a translation has none)
    as_of: dt.date
    source: str  # a key of data/sources.yml


@dataclass(frozen=True)
class Quote:
    """A quotation of the person and where its words come from: their own words as the source printed them in
    this language (original), or a translation of them (by the source or this site), from the edition `source`."""

    text: str
    provenance: str  # original | translation
    source: str | None  # a key of data/sources.yml; None: words the person gave this site (a consent story)


@dataclass(frozen=True)
class Basis:
    """On what a story's publication rests: a public source it was adapted from, or the person's consent (with
    the date it was given and, when the person set one, the date it ends)."""

    source: str | None = None
    consent: dt.date | None = None
    consent_ends: dt.date | None = None

    def ended(self, today: dt.date) -> bool:
        return self.consent_ends is not None and self.consent_ends <= today


@dataclass(frozen=True)
class StoryText:
    """What a story says in one language: the translatable fields and the body."""

    language: str
    path: str
    name: str
    honorific: str | None
    ministry: str | None
    role_title: str
    pull_quote: str
    takeaways: tuple[str, ...]
    author: str
    body: str
    portrait_alt: str | None = None
    portrait_caption: str | None = None
    portrait_credit: str | None = None
    quotes: tuple = ()  # Quote, in file order


@dataclass(frozen=True)
class Story:
    """One alumnus: the language-neutral facts (from the English file) and the texts per language."""

    slug: str
    country: str
    track: str
    batch: int
    period: Period
    role_as_of: dt.date
    published: dt.date
    portrait_file: str | None
    texts: dict  # language -> StoryText
    draft: bool = False  # held back from the published site until the editor removes `draft: true`
    portrait_source: object = None  # portraits.PortraitSource when portrait.file names a usable photo
    aliases: tuple = ()  # earlier slugs: their addresses redirect here (a renamed story keeps old links working)
    sources: tuple = ()  # keys of data/sources.yml: the articles the story was adapted from
    roles: tuple = ()  # Role, oldest first: the role at the time of the article, then later sourced roles
    reviewed: dt.date | None = None  # when the story was last checked against its sources or with the person
    basis: Basis = field(default_factory=Basis)  # a public source, or the person's consent

    def review_due(self, today: dt.date, months: int | None) -> dt.date | None:
        """The day the story is due for review (None when no period is set): `months` after `reviewed` (on the
        28th at the latest, a day every month has: a review of 31 August is due by the end of February)."""
        if months is None or self.reviewed is None:
            return None
        month = self.reviewed.month - 1 + months
        year, month = self.reviewed.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(self.reviewed.day, 28))

    @property
    def batch_key(self) -> str:
        return f"{self.track}-{self.batch}"

    def text(self, language: str) -> StoryText:
        """The text in `language`, or the default language's when it is not translated yet."""
        return self.texts.get(language) or self.texts[DEFAULT_LANGUAGE]

    def is_translated(self, language: str) -> bool:
        return language in self.texts

    def is_embargoed(self, today: dt.date) -> bool:
        return self.published > today

    def is_public(self, today: dt.date) -> bool:
        """Whether the published site shows the story on `today`: not a draft, publication date reached."""
        return not self.draft and not self.is_embargoed(today)


@dataclass(frozen=True)
class WithdrawnStory:
    """A story no longer published (the alumnus withdrew consent): only its addresses remain, each serving
    a short notice. It holds no name or text, so nothing about the person is published any more."""

    slug: str
    aliases: tuple = ()
    # The name the file still gives (and the slug's words), never published: only to warn where data/ still
    # names the person (a batch note).
    former_names: tuple = ()

    @property
    def addresses(self) -> tuple:
        return (self.slug, *self.aliases)


@dataclass(frozen=True)
class Catalog:
    """Everything under data/: the reference data stories point into."""

    countries: dict  # key -> Country
    tracks: dict  # key -> Track
    batches: dict  # "track-number" -> Batch
    sources: dict  # key -> Source
    facts: tuple  # Fact, in file order
    strings: dict  # key -> Localized
    translations_required: bool = False  # data/publishing.yml: refuse a published story without every translation
    review_after_months: int | None = None  # data/publishing.yml: the check lists a story this long after `reviewed`
    complete: bool = True  # False only in a preview of content with problems: entries with problems left out
