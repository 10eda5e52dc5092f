"""The whole site's content, loaded once, and the per-language views templates print.

Views are plain dicts of already-formatted text, so templates only present and any engine can use them.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from alumni_stories.media import portraits
from alumni_stories.site import urls
from alumni_stories.content.catalog import load_catalog_checked
from alumni_stories.errors import ContentError
from alumni_stories.site.typed import StoryView
from alumni_stories.site.formatting import (Strings, format_batch, format_date, format_month, format_period,
                                           format_track_batch)
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES, Catalog, Story
from alumni_stories.content.ordering import chronological
from alumni_stories.content.stories import consent_ended_problem, load_story_files_checked

HOME_STORY_COUNT = 6


@dataclass(frozen=True)
class Site:
    root: Path
    catalog: Catalog
    stories: tuple  # Story, in chronological order: the public ones, or every one in a preview
    today: dt.date | None = None  # the day publication was decided for (embargoes end on their date)
    preview: bool = False  # drafts and embargoed stories are shown, marked as such
    withheld: tuple = ()  # stories not published yet (drafts, embargoed); empty in a preview
    withdrawn: tuple = ()  # WithdrawnStory: no longer published; only their addresses remain (see permalinks.py)

    def strings(self, language: str) -> Strings:
        return Strings(self.catalog, language)

    def story(self, slug: str) -> Story:
        return self._by_slug[slug]  # a lookup, not a scan: it runs for every page

    @functools.cached_property
    def _by_slug(self) -> dict:
        return {story.slug: story for story in self.stories}

    def names(self, language: str) -> frozenset:
        """The site's own names in `language` (tracks, countries): kept whole on a line (typography.phrases)."""
        return self._names[language]

    @functools.cached_property
    def _names(self) -> dict:  # one frozenset per language, made once: typography's phrase cache keys on it
        named = [*self.catalog.tracks.values(), *self.catalog.countries.values()]
        return {language: frozenset(n for n in (item.name.get(language) for item in named) if n)
                for language in LANGUAGES}

    def untranslated(self) -> list[tuple[Story, str]]:
        return [(s, lang) for s in self.stories for lang in LANGUAGES if not s.is_translated(lang)]

    def story_view(self, story: Story, language: str) -> dict:
        """The story as templates, feeds, share images and indexes print it; computed once per story and language.

        Every page, feed, embed card and index that shows a story asks for its view (30,040 calls for 1,000
        stories before this was kept): the Site is immutable, so the view of one (slug, language) never
        changes while this Site lives. Callers must not modify the returned dict.
        """
        if self._by_slug.get(story.slug) is not story:  # a story from elsewhere (a withheld one): not kept
            return self._compute_story_view(story, language)
        key = (story.slug, language)
        view = self._story_views.get(key)
        if view is None:
            view = self._story_views[key] = self._compute_story_view(story, language)
        return view

    @functools.cached_property
    def _story_views(self) -> dict:
        return {}

    def _compute_story_view(self, story: Story, language: str) -> StoryView:
        strings = self.strings(language)
        text = story.text(language)
        country = self.catalog.countries[story.country]
        track = self.catalog.tracks[story.track]
        batch = format_track_batch(track.name[language], story.batch, strings)  # a batch is always named with its track
        period = format_period(story.period, strings)
        roles = [self.role_view(role, language) for role in story.roles]
        display_name = (strings("name_with_honorific", honorific=text.honorific, name=text.name)
                        if text.honorific else text.name)
        position = self._positions[story.slug]
        return StoryView(**{
            "slug": story.slug,
            "url": urls.story(story.slug, language),
            "language": language,
            "content_language": text.language,
            "translated": story.is_translated(language),
            "name": text.name,
            "all_names": list(dict.fromkeys(story.text(other).name for other in LANGUAGES)),
            "display_name": display_name,
            "honorific": text.honorific,
            "initials": "".join(w[0] for w in story.text(DEFAULT_LANGUAGE).name.split()[:2]).upper(),
            "country": country.name[language],
            "country_key": story.country,
            "track": track.name[language],
            "track_name": track.name[language],
            "track_key": story.track,
            "batch": batch,
            "batch_ordinal": format_batch(story.batch, strings),
            "batch_number": story.batch,
            "country_url": urls.country(country.slug, language),
            "track_url": urls.track(track.slug, language),
            "batch_url": urls.batch(track.slug, story.batch, language),
            "period": period,
            "period_start": story.period.start.year,
            "period_end": story.period.end.year if story.period.end else None,
            "line": strings("story_line", country=country.name[language], batch=batch, period=period),
            "ministry": text.ministry,
            "roles": roles,  # the role at the time of the article, then later sourced ones: each dated and sourced
            # The latest role, always with its date: feeds, link previews and JSON-LD never state a role without it.
            "role": roles[-1]["title"] if roles else text.role_title,
            "role_dated": roles[-1]["dated"] if roles else text.role_title,
            "role_as_of": roles[-1]["as_of"] if roles else "",
            "role_as_of_iso": roles[-1]["as_of_iso"] if roles else story.role_as_of.isoformat(),
            # The articles the story was adapted from, then the source of any later role.
            "sources": [self.source_view(key, language) for key in dict.fromkeys(
                [*story.sources, *(r.source for r in story.roles if r.source in self.catalog.sources)])],
            "byline": self._byline(story, language),
            "pull_quote": text.pull_quote,
            # Where each quotation's words come from (issue 26), in the page's language; the pull quote's first.
            "quotes": [self.quote_view(quote, language) for quote in text.quotes],
            "pull_quote_provenance": self._pull_quote_provenance(text, language),
            "takeaways": list(text.takeaways),
            "unpublished": self._unpublished_note(story, strings, language),
            "portrait": {
                "image": portraits.picture_view(story.slug, story.portrait_source),
                "file": story.portrait_file,
                "alt": text.portrait_alt,
                "caption": text.portrait_caption,
                "credit": text.portrait_credit,
            },
            "published": format_date(story.published, language),
            "published_iso": story.published.isoformat(),
            # "Story as of <month year>": when the story was last checked against its sources or with the person.
            "story_as_of": strings("story_as_of", date=format_month(story.reviewed, strings)) if story.reviewed else "",
            "reviewed_iso": story.reviewed.isoformat() if story.reviewed else "",
            "author": text.author,
            "previous": self._neighbour(position - 1, language),
            "next": self._neighbour(position + 1, language),
        })

    def source_view(self, key: str, language: str) -> dict:
        """A source as a reader sees it: one line (publisher, title, date), its address, its language."""
        source = self.catalog.sources[key]
        strings = self.strings(language)
        date = format_date(source.date, language) if source.date else strings("source_undated")
        title = source.title[language]
        title = strings("source_title_quoted", title=title) if source.title_known else title
        line = (strings("source_line", publisher=source.publisher[language], title=title, date=date)
                if source.title_known else
                strings("source_line_described", publisher=source.publisher[language], title=title, date=date))
        url, publisher = source.url, source.publisher[language]
        cite = publisher  # the short form, after a dated role on a story page
        if not url and source.copy_url:  # the publisher's own address is not recorded: a copy, said to be one
            url = source.copy_url
            line, cite = (strings("source_line_copy", line=text, site=source.copy_site) for text in (line, cite))
        # A title kept in the source's own language (an English article on a Japanese page) is marked as such.
        title_lang = source.language if source.title_known and source.language not in (None, language) else None
        line_parts = line.partition(source.title[language]) if title_lang and source.title[language] in line else None
        return {"key": key, "title": title, "name": source.title[language], "publisher": publisher, "cite": cite,
                "date": date, "line": line, "url": url,
                "title_lang": title_lang, "line_parts": line_parts,
                "lang": source.language if source.language and source.language != language else None}

    def quote_view(self, quote, language: str) -> dict:
        """A quotation's provenance as a reader sees it: the words' first few, and where they come from."""
        strings = self.strings(language)
        source = self.source_view(quote.source, language) if quote.source in self.catalog.sources else None
        original = quote.provenance == "original"
        if source:  # printed in, or translated from, a recorded edition
            label = (strings("quote_original", source=source["line"]) if original else
                     strings("quote_translation", source=source["line"]))
        else:  # words the person gave this site (a story published with their consent)
            label = strings("quote_original_given") if original else strings("quote_translation_given")
        words = quote.text.split()
        if len(words) > 1:  # a language written with spaces: the first eight words
            opening = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
        else:  # Japanese: the first twenty characters
            opening = quote.text[:20] + ("…" if len(quote.text) > 20 else "")
        return {"opening": opening, "provenance": quote.provenance,
                "label": label,
                "source": source}

    def _pull_quote_provenance(self, text, language: str) -> str:
        """The provenance line of the quotation the pull quote is taken from (the loader made sure there is one)."""
        pull = text.pull_quote.casefold().rstrip(" .。")
        for quote in text.quotes:
            if pull in quote.text.casefold():
                return self.quote_view(quote, language)["label"]
        return ""

    def role_view(self, role, language: str) -> dict:
        strings = self.strings(language)
        title = role.title.get(language) or role.title[DEFAULT_LANGUAGE]
        as_of = strings("role_as_of", date=format_date(role.as_of, language))
        return {"title": title, "as_of": as_of, "as_of_iso": role.as_of.isoformat(),
                "dated": strings("role_dated", title=title, as_of=as_of),
                "source": self.source_view(role.source, language) if role.source in self.catalog.sources else None,
                "lang": None if language in role.title else DEFAULT_LANGUAGE}

    def _byline(self, story: Story, language: str) -> str:
        """What this site did with the article(s): adapted them; in Japanese, the text is the site's own."""
        strings = self.strings(language)
        if not story.sources:
            return strings("byline_unsourced", author=story.text(language).author)
        first = self.source_view(story.sources[0], language)  # the text the story was adapted from
        if story.is_translated(language) and language != DEFAULT_LANGUAGE:
            return strings("byline_adapted_translated", source=first["line"])
        return strings("byline_adapted", source=first["line"])

    def _unpublished_note(self, story: Story, strings: Strings, language: str) -> dict | None:
        """Only in a preview: why this story is not on the published site (draft, or embargoed until a date)."""
        if self.today is None or story.is_public(self.today):
            return None
        date = format_date(story.published, language)
        if story.draft:
            return {"badge": strings("draft_badge"), "banner": strings("draft_banner")}
        return {"badge": strings("embargo_badge", date=date), "banner": strings("embargo_banner", date=date)}

    @functools.cached_property
    def _positions(self) -> dict:
        return {story.slug: i for i, story in enumerate(self.stories)}

    def _neighbour(self, position: int, language: str) -> dict | None:
        if not 0 <= position < len(self.stories):
            return None
        story = self.stories[position]
        return {"name": story.text(language).name, "url": urls.story(story.slug, language),
                "content_language": story.text(language).language}

    def index_view(self, language: str) -> list[dict]:
        return [self.story_view(story, language) for story in self.stories]

    def recent_view(self, language: str, count: int = HOME_STORY_COUNT) -> list[dict]:
        """The `count` latest attachments, still in chronological order: what the home page shows.

        The home page links to the full index instead of listing everyone, so its weight stays flat as
        stories accumulate (with 2,000 alumni the full list would be over a megabyte of HTML).
        """
        return [self.story_view(story, language) for story in self.stories[-count:]]


def load_site(root: Path, include_drafts: bool = False, today: dt.date | None = None) -> Site:
    """Load and validate data/ and stories/ under `root`; raises ContentError listing every problem.

    Every story is validated, drafts too. `stories` then holds only what is public on `today` (default:
    the current date), unless `include_drafts` asks for a preview, where drafts and embargoed stories
    stay in their chronological place, marked. Every consumer (pages, feeds, indexes) reads `stories`.
    """
    site, problems = load_site_checked(root, include_drafts, today)
    if problems:
        raise ContentError(problems)
    return site


def load_site_checked(root: Path, include_drafts: bool = False, today: dt.date | None = None,
                      salvage: bool = False) -> tuple[Site, list]:
    """(site, problems). Without `salvage`, any problem in data/ stops before stories are read (the problems
    of data/ come first and alone); with it (the preview) the site holds everything that has no problem."""
    root = Path(root)
    today = today or dt.date.today()
    catalog, problems = load_catalog_checked(root / "data", salvage=salvage)
    if problems and not salvage:
        return Site(root=root, catalog=catalog, stories=()), problems
    stories, withdrawn, found = load_story_files_checked(root / "stories", catalog)
    problems += found
    # A story whose person's consent has ended on `today` is refused like any other problem (drafts too: a
    # preview must not show it either); it needs `withdrawn: true` or renewed consent.
    ended = [(story, consent_ended_problem(story, today)) for story in stories]
    problems += [problem for _story, problem in ended if problem]
    stories = chronological([story for story, problem in ended if not problem])
    shown = tuple(s for s in stories if include_drafts or s.is_public(today))
    withheld = tuple(s for s in stories if not include_drafts and not s.is_public(today))
    return Site(root=root, catalog=catalog, stories=shown, today=today, preview=include_drafts, withheld=withheld,
                withdrawn=tuple(sorted(withdrawn, key=lambda w: w.slug))), problems
