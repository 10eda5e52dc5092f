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
    complete: bool = True  # False only in a preview of content with problems: entries with problems left out
