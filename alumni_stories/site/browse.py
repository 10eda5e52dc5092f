"""Browse pages: the programme's facts, and one page per country, batch and track, with index pages.

Every page comes from data/ alone: adding a country or a batch to the data adds its page in both
languages, with no code or template change. Stories are always listed in the story index's order.
"""
from __future__ import annotations

import re

from alumni_stories.site.typed import BatchView, CountryView, TrackView
from alumni_stories.site import charts, urls
from alumni_stories.site import map as region_map
from alumni_stories.content import facts
from alumni_stories.site.formatting import Strings, format_batch, format_date, format_period
from alumni_stories.content.model import LANGUAGES, Batch, Country, Fact, Track
from alumni_stories.site.page_types import PageKind, PlannedPage
from alumni_stories.site.views import Site

STATUSES = ("completed", "ongoing", "scheduled")


# --- Small shared views ----------------------------------------------------------------------------

def count_text(strings: Strings, key: str, count: int) -> str:
    """"1 story" / "4 stories": the table has a text for one and one for any other count, and may have one
    for none ("None yet" / 「まだありません」 reads better to a reader than "0 stories" / 「0件のストーリー」)."""
    if count == 0 and strings.has(f"{key}_zero"):
        return strings(f"{key}_zero")
    return strings(f"{key}_one" if count == 1 else f"{key}_other", count=count)


def join_and(strings: Strings, items: list) -> str:
    """"Cambodia, Lao PDR, Myanmar and Viet Nam" / 「カンボジア、ラオス、ミャンマー、ベトナム」."""
    if len(items) < 2:
        return "".join(items)
    return strings("list_and", items=strings("browse_list_separator").join(items[:-1]), last=items[-1])


def _source_view(site: Site, key: str, language: str) -> dict:
    return site.source_view(key, language)


def fact_date(fact: Fact, language: str, strings: Strings) -> str:
    """When a statement was true: its date, or its year when the source gives no exact date."""
    return strings("year", year=fact.as_of.year) if fact.as_of_year_only else format_date(fact.as_of, language)


_ORDINAL_SUFFIX = re.compile(r"(?:(?:st|nd|rd|th)\b)?")


def fact_view(site: Site, fact: Fact, language: str) -> dict:
    strings = site.strings(language)
    text = fact.text[language]
    before, placeholder, after = text.partition("{value}")  # the value is set off in print and on screen
    # An English ordinal's letters belong to the number ("the {value}th Member State"): set off with it, so the
    # figure and its suffix are one word, never "11 th" nor a line break between them.
    suffix = _ORDINAL_SUFFIX.match(after).group() if placeholder else ""
    after = after[len(suffix):]
    return {"key": fact.key, "text": text.replace("{value}", str(fact.value)), "value": fact.value,
            "before": before, "value_text": f"{fact.value}{suffix}" if placeholder else None,
            "after": after.replace("{value}", str(fact.value)),
            "as_of": strings("browse_as_of", date=fact_date(fact, language, strings)),
            "as_of_iso": str(fact.as_of.year) if fact.as_of_year_only else fact.as_of.isoformat(),
            "source_key": fact.source, "source": _source_view(site, fact.source, language)}


def history_views(site: Site, histories, language: str) -> list[dict]:
    """Each figure's current statement, the earlier ones it replaced, and (for a year in the past) the
    statements of other sources that give another year: a reader sees both, never one picked silently."""
    return [{**fact_view(site, h.current, language), "figure": h.figure,
             "earlier": [fact_view(site, f, language) for f in h.earlier],
             "disagreeing": [fact_view(site, f, language) for f in h.disagreeing]} for h in histories]


def _stories(site: Site, language: str, **match) -> list[dict]:
    """Story cards, in the story index's order, for the stories whose fields equal `match`."""
    return [site.story_view(story, language) for story in site.stories
            if all(getattr(story, field) == value for field, value in match.items())]


def batch_url(site: Site, batch: Batch, language: str) -> str:
    return urls.batch(site.catalog.tracks[batch.track].slug, batch.number, language)


def batch_title(site: Site, batch: Batch, language: str) -> str:
    strings = site.strings(language)
    return strings("browse_batch_title", track=site.catalog.tracks[batch.track].name[language],
                   batch=format_batch(batch.number, strings))


def batch_summary(site: Site, batch: Batch, language: str) -> dict:
    strings = site.strings(language)
    count = sum(1 for s in site.stories if s.batch_key == batch.key)
    known = facts.status_date(batch, site.catalog)
    return {
        "key": batch.key, "number": batch.number, "url": batch_url(site, batch, language),
        "title": batch_title(site, batch, language), "ordinal": format_batch(batch.number, strings),
        "all_names": [batch_title(site, batch, other) for other in LANGUAGES],
        "track": site.catalog.tracks[batch.track].name[language],
        "track_url": urls.track(site.catalog.tracks[batch.track].slug, language),
        "period": format_period(batch.period, strings), "period_known": batch.period is not None,
        "status": strings(f"browse_status_{batch.status}"),
        "status_as_of": strings("browse_as_of", date=format_date(known, language)) if known else None,
        "size": strings("browse_size_value", count=batch.size) if batch.size is not None else None,
        "note": batch.note.get(language), "story_count": count,
        "story_count_text": count_text(strings, "browse_story_count", count),
        "sources": [_source_view(site, key, language) for key in batch.sources],
    }


def country_summary(site: Site, country: Country, language: str) -> dict:
    strings = site.strings(language)
    count = sum(1 for s in site.stories if s.country == country.key)
    graduates = facts.current_value(site.catalog.facts, f"{facts.GRADUATES}.{country.key}")
    return {"key": country.key, "name": country.name[language], "url": urls.country(country.slug, language),
            "all_names": [country.name[other] for other in LANGUAGES],
            "story_count": count, "story_count_text": count_text(strings, "browse_story_count", count),
            "graduates": fact_view(site, graduates, language) if graduates else None}


def track_summary(site: Site, track: Track, language: str) -> dict:
    strings = site.strings(language)
    batches = [b for b in site.catalog.batches.values() if b.track == track.key]
    by_status = [count_text(strings, f"browse_status_count_{status}", n) for status in STATUSES
                 if (n := sum(1 for b in batches if b.status == status))]
    count = sum(1 for s in site.stories if s.track == track.key)
    return {"key": track.key, "name": track.name[language], "short_name": track.name[language],
            "all_names": [track.name[other] for other in LANGUAGES],
            "description": track.description[language], "url": urls.track(track.slug, language),
            "since": strings("year", year=track.since) if isinstance(track.since, int) else None,
            "batch_count_text": count_text(strings, "browse_batch_count", len(batches)),
            "status_text": strings("browse_list_separator").join(by_status),
            "story_count": count, "story_count_text": count_text(strings, "browse_story_count", count)}


def _sorted_batches(site: Site, track: str | None = None) -> list[Batch]:
    order = list(site.catalog.tracks)
    return sorted((b for b in site.catalog.batches.values() if track is None or b.track == track),
                  key=lambda b: (order.index(b.track), b.number))


def _links(language: str) -> dict:
    return {"programme_url": urls.programme(language), "countries_url": urls.country_index(language),
            "batches_url": urls.batch_index(language), "tracks_url": urls.track_index(language),
            "stories_url": urls.story_index(language)}


# --- Charts, with their data in words and as a table -----------------------------------------------

def timeline_view(site: Site, language: str, here: str, track: str | None = None, ids: str = "timeline") -> dict:
    """The timeline, its description, the batches it cannot place, and its numbers. `here`: the page's address."""
    strings = site.strings(language)
    tracks = [t for t in site.catalog.tracks.values() if track is None or t.key == track]
    batches = _sorted_batches(site, track)
    stories = [s for s in site.stories if track is None or s.track == track]
    computed = facts.compute(site.catalog, stories)
    first, last = computed.first_year, computed.last_year
    placed = [b for b in batches if b.period is not None]
    unplaced = [{"track": t.name[language], "batches": [
        {"label": format_batch(b.number, strings), "url": batch_url(site, b, language)}
        for b in batches if b.track == t.key and b.period is None]} for t in tracks]
    unplaced = [group for group in unplaced if group["batches"]]
    lanes = [charts.Lane(t.key, t.name[language], _lane_start(site, t, batches)) for t in tracks]
    lane_list = strings("browse_list_separator").join(t.name[language] for t in tracks)
    desc = strings("browse_timeline_desc", first=first, last=last, lanes=lane_list, placed=len(placed),
                   total=len(batches), stories=len(stories))
    svg = None
    if first is not None:
        svg = charts.timeline(
            ids, strings("browse_timeline_title"), desc, lanes,
            [charts.TimelineBatch(lane=b.track, label=_timeline_label(site, b, strings), period=b.period,
                                  scheduled=b.status == "scheduled",
                                  url=urls.relative(batch_url(site, b, language), here)) for b in placed],
            [charts.TimelineStory(lane=s.track, name=s.text(language).name, period=s.period,
                                  url=urls.relative(urls.story(s.slug, language), here),
                                  language=None if s.text(language).language == language else s.text(language).language)
             for s in stories], first, last)
    rows = [{**batch_summary(site, b, language),
             "stories": [{"name": s.text(language).name, "url": urls.story(s.slug, language)}
                         for s in stories if s.batch_key == b.key]} for b in batches]
    return {"ids": ids, "svg": svg, "title": strings("browse_timeline_title"), "desc": desc,
            "unplaced": unplaced, "rows": rows}


def _lane_start(site: Site, track: Track, batches) -> int | None:
    """The year a track began: the earliest year a source gives (sources may differ), else its earliest
    batch with a known period."""
    stated = [year for year, _where in facts.stated_track_starts(site.catalog, track.key)]
    if stated:
        return min(stated)
    years = [b.period.start.year for b in batches if b.track == track.key and b.period]
    return min(years) if years else None


def _timeline_label(site: Site, batch: Batch, strings: Strings) -> str:
    label = strings("browse_label_separator").join([batch_title(site, batch, strings.language),  # track and batch
                                                    format_period(batch.period, strings)])
    if batch.status != "completed":
        label = strings("browse_with_detail", main=label, detail=strings(f"browse_status_{batch.status}"))
    return label


def programme_countries(site: Site) -> list[Country]:
    """The countries a reader is shown as part of the programme (see facts.programme_countries)."""
    return [site.catalog.countries[key] for key in facts.programme_countries(site.catalog, site.stories)]


def countries_chart_view(site: Site, language: str, here: str) -> dict:
    strings = site.strings(language)
    summaries = [country_summary(site, c, language) for c in programme_countries(site)]
    with_graduates = any(s["graduates"] for s in summaries)
    series = [strings("browse_series_stories")] + ([strings("browse_series_graduates")] if with_graduates else [])
    rows = []
    for s in summaries:
        values = (s["story_count"],)
        if with_graduates:
            values += (s["graduates"]["value"] if s["graduates"] else None,)
        rows.append(charts.BarRow(label=s["name"], url=urls.relative(s["url"], here), values=values))
    items = strings("browse_list_separator").join(
        strings("browse_count_item", name=s["name"], count=s["story_count"]) for s in summaries)
    title = strings("browse_countries_chart_title_graduates" if with_graduates else "browse_countries_chart_title")
    desc = strings("browse_countries_chart_desc", items=items)
    if with_graduates:
        desc += " " + strings("browse_countries_chart_desc_graduates")
    svg = charts.bars("countries-chart", title, desc, series, rows, strings("browse_not_known"))
    return {"ids": "countries-chart", "svg": svg, "title": title, "desc": desc, "series": series,
            "with_graduates": with_graduates, "rows": summaries}


def map_view(site: Site, language: str, here: str, ids: str = "region-map") -> dict:
    """The region map: every country with a page on the site (data/countries.yml), labelled with its name and
    story count in `language` and linked to its page (relative to `here`); the programme's countries (see
    programme_countries) hatched, the others outlined. The same in words in its description and list."""
    strings = site.strings(language)
    in_programme = set(facts.programme_countries(site.catalog, site.stories))
    summaries = [country_summary(site, c, language) for c in site.catalog.countries.values()]
    summaries.sort(key=lambda s: s["key"] not in in_programme)  # the programme's first, each group in data order
    countries = [region_map.MapCountry(key=s["key"], name=s["name"], count_text=s["story_count_text"],
                                       url=urls.relative(s["url"], here), programme=s["key"] in in_programme)
                 for s in summaries]
    items = strings("browse_list_separator").join(
        strings("browse_count_item", name=s["name"], count=s["story_count"]) for s in summaries)
    programme = join_and(strings, [s["name"] for s in summaries if s["key"] in in_programme])
    title, desc = strings("map_title"), strings("map_desc", items=items, programme=programme)
    svg = region_map.region_map(ids, title, desc, countries, (strings("map_legend"), strings("map_legend_other")),
                                root=site.root)
    return {"ids": ids, "svg": svg, "title": title, "desc": desc, "countries": summaries}


# --- The pages ---------------------------------------------------------------------------------------

class _SourceNotes:
    """Numbered notes to the sources a page cites, in order of first mention: one list of sources per page."""

    def __init__(self, site: Site, language: str):
        self._site, self._language, self._numbers = site, language, {}

    def number(self, key: str) -> dict:
        number = self._numbers.setdefault(key, len(self._numbers) + 1)
        return {"note": number, "note_id": f"source-{key}"}

    def note(self, history: dict, earlier: bool = False) -> None:
        """Numbers a statement's source, and those of the sources that disagree (and earlier statements)."""
        history.update(self.number(history["source_key"]))
        for other in ("disagreeing", "earlier") if earlier else ("disagreeing",):
            history[other] = [{**f, **self.number(f["source_key"])} for f in history[other]]

    def sources(self) -> list[dict]:
        return [{**_source_view(self._site, key, self._language), "note": n, "note_id": f"source-{key}"}
                for key, n in self._numbers.items()]


def programme_view(site: Site, key: str, language: str) -> dict:
    """The programme page: the latest published statements, each with its date and a numbered source note;
    under each, the earlier statements it replaced and any source that says otherwise; one list of sources."""
    strings = site.strings(language)
    here = urls.programme(language)
    statements = history_views(site, facts.histories(site.catalog.facts), language)
    statements = [h for h in statements if h["figure"].split(".", 1)[-1] not in site.catalog.countries]
    notes = _SourceNotes(site, language)
    for history in statements:
        notes.note(history, earlier=True)
    # Newest first: what the sources say now leads, what they said before follows, each figure once.
    statements.sort(key=lambda h: h["as_of_iso"], reverse=True)
    countries = [c.name[language] for c in programme_countries(site)]
    return {"programme": {
        "statements": statements,
        "sources": notes.sources(),
        "countries": join_and(strings, countries),
        "timeline": timeline_view(site, language, here),
        "tracks": [track_summary(site, t, language) for t in site.catalog.tracks.values()], **_links(language)}}


# What the home page says about the programme: these figures' latest statements (with any source that
# disagrees), each with its date and source. Nothing else on the home page states a fact.
HOME_FIGURES = ("programme_start_year", "track_start.mfa", "track_start.esc", "graduates", "support_years")
HOME_INTRO_SOURCE = "jaif-2019-ja"  # the edition the home page's description of the attachment was read in
# The countries the description names: those of the 2019 article (a story or a graduates figure), not a country
# that joined later (joined_year.<country>), which the description's source does not name.
HOME_INTRO_MEASURES = (facts.GRADUATES, "participants")


def home_view(site: Site, language: str) -> dict:
    strings = site.strings(language)
    by_figure = {h["figure"]: h for h in history_views(site, facts.histories(site.catalog.facts), language)}
    statements = [by_figure[f] for f in HOME_FIGURES if f in by_figure]
    countries = join_and(strings, [site.catalog.countries[key].name[language] for key in
                                   facts.programme_countries(site.catalog, site.stories, HOME_INTRO_MEASURES)])
    notes = _SourceNotes(site, language)
    intro_source = ({**_source_view(site, HOME_INTRO_SOURCE, language), **notes.number(HOME_INTRO_SOURCE)}
                    if HOME_INTRO_SOURCE in site.catalog.sources else None)
    for history in statements:
        notes.note(history)
    return {"intro": strings("home_intro", countries=countries), "intro_source": intro_source,
            "statements": statements, "sources": notes.sources(), "programme_url": urls.programme(language)}


def country_view(site: Site, key: str, language: str) -> dict:
    country = site.catalog.countries[key]
    in_programme = key in facts.programme_countries(site.catalog, site.stories)
    stories = [s for s in site.stories if s.country == key]
    batch_keys = list(dict.fromkeys(s.batch_key for s in stories))
    return {"country": CountryView(
        **country_summary(site, country, language), in_programme=in_programme,
        facts=history_views(site, facts.about(site.catalog.facts, key), language),
        batches=[batch_summary(site, site.catalog.batches[k], language) for k in batch_keys],
        tracks=[track_summary(site, site.catalog.tracks[t], language)
                for t in dict.fromkeys(s.track for s in stories)],
        **_links(language)), "stories": _stories(site, language, country=key)}


def batch_view(site: Site, key: str, language: str) -> dict:
    batch = site.catalog.batches[key]
    siblings = _sorted_batches(site, batch.track)
    position = siblings.index(batch)

    def neighbour(index: int) -> dict | None:
        return batch_summary(site, siblings[index], language) if 0 <= index < len(siblings) else None

    return {"batch": BatchView(
        **batch_summary(site, batch, language),
        facts=history_views(site, facts.about(site.catalog.facts, key), language),
        previous=neighbour(position - 1), next=neighbour(position + 1), **_links(language)),
        "stories": _stories(site, language, track=batch.track, batch=batch.number)}


def track_view(site: Site, key: str, language: str) -> dict:
    track = site.catalog.tracks[key]
    return {"track": TrackView(
        **track_summary(site, track, language),
        facts=history_views(site, facts.about(site.catalog.facts, key), language),
        timeline=timeline_view(site, language, urls.track(track.slug, language), track=key,
                               ids=f"timeline-{track.slug}"), **_links(language)),
        "stories": _stories(site, language, track=key)}


def countries_index_view(site: Site, key: str, language: str) -> dict:
    return {"browse_index": {"kind": "countries", **_links(language), "chart": countries_chart_view(site, language, urls.country_index(language)),
                             "map": map_view(site, language, urls.country_index(language)),
                             "countries": [country_summary(site, c, language) for c in programme_countries(site)]}}


def batches_index_view(site: Site, key: str, language: str) -> dict:
    return {"browse_index": {"kind": "batches", **_links(language), "timeline": timeline_view(site, language, urls.batch_index(language))}}


def tracks_index_view(site: Site, key: str, language: str) -> dict:
    return {"browse_index": {"kind": "tracks", **_links(language),
                             "tracks": [track_summary(site, t, language) for t in site.catalog.tracks.values()]}}


def filters_view(site: Site, language: str) -> dict:
    """The story index's filters: plain links to the browse pages, which the page's script turns into toggles."""
    strings = site.strings(language)
    countries = [country_summary(site, c, language) for c in programme_countries(site)]
    tracks = [track_summary(site, t, language) for t in site.catalog.tracks.values()]
    return {"groups": [
        {"name": "country", "label": strings("browse_filter_by_country"),
         # a country with no story yet (Timor-Leste, in the programme since 2025) would filter the list to
         # nothing: its page is reached from the countries index and the programme page instead
         "options": [{"value": c["key"], "label": c["name"], "url": c["url"], "count": c["story_count"]}
                     for c in countries if c["story_count"]]},
        {"name": "track", "label": strings("browse_filter_by_track"),
         "options": [{"value": t["key"], "label": t["short_name"], "url": t["url"], "count": t["story_count"]}
                     for t in tracks]}],
        "total": len(site.stories)}


def _title(key: str):
    return lambda site, language: site.strings(language)(key)


def _plan(site: Site) -> list[PlannedPage]:
    catalog = site.catalog
    planned = [
        PlannedPage("programme", "", "programme/index", "programme.html", title=_title("browse_programme_title")),
        PlannedPage("countries", "", "countries/index", "browse_index.html", title=_title("browse_countries_title")),
        PlannedPage("batches", "", "batches/index", "browse_index.html", title=_title("browse_batches_title")),
        PlannedPage("tracks", "", "tracks/index", "browse_index.html", title=_title("browse_tracks_title")),
    ]
    planned += [PlannedPage("country", c.key, f"countries/{c.slug}", "country.html",
                            title=lambda s, lang, key=c.key: s.catalog.countries[key].name[lang])
                for c in catalog.countries.values()]
    planned += [PlannedPage("track", t.key, f"tracks/{t.slug}", "track.html",
                            title=lambda s, lang, key=t.key: s.catalog.tracks[key].name[lang])
                for t in catalog.tracks.values()]
    planned += [PlannedPage("batch", b.key, f"batches/{urls.batch_slug(catalog.tracks[b.track].slug, b.number)}", "batch.html",
                            title=lambda s, lang, key=b.key: batch_title(s, s.catalog.batches[key], lang))
                for b in _sorted_batches(site)]
    return planned


def _only(kind: str):
    return lambda site: [page for page in _plan(site) if page.kind == kind]


# The kinds of page this module generates, gathered by pages.KINDS.
PAGE_KINDS = {kind: PageKind(plan=_only(kind), view=view)
              for kind, view in (("programme", programme_view), ("countries", countries_index_view),
                                 ("batches", batches_index_view), ("tracks", tracks_index_view),
                                 ("country", country_view), ("track", track_view), ("batch", batch_view))}
