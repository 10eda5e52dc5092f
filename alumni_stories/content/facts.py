"""Programme facts: published statements over time, the figures the data itself gives, and where they disagree.

A statement in data/facts.yml is true as of its date, per its source. Statements of the same `figure`
form its history: the latest is current, earlier ones are kept (a reader can see what was said when).
A figure may name what it is about after a dot: `batches_completed.mfa` is about the track `mfa`,
`graduates.cambodia` about a country, `graduates.mfa-8` about a batch.

Figures that the data can give too (stories per country, track and batch; batches known per track; the
span of years) are computed here, and `check` compares them with what was published. It returns
findings (a disagreement between two files, naming both) and never raises: the build decides how to
report them.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from alumni_stories.content.model import Batch, Catalog, Fact, Period, Story, YearMonth

FACTS_FILE = "data/facts.yml"
BATCHES_FILE = "data/batches.yml"
TRACKS_FILE = "data/tracks.yml"

# Figures whose published value the data can contradict (see `check`).
GRADUATES = "graduates"
PROGRAMME_START = "programme_start_year"
BATCHES_COMPLETED = "batches_completed"  # batches_completed.<track>
NEXT_BATCHES = "next_batches"  # value: batch keys, such as "mfa-16, esc-5"
TRACK_START = "track_start"  # track_start.<track>: the year a track began
# Figures about a country that put it in the programme (a country's membership of ASEAN does not).
PROGRAMME_COUNTRY_MEASURES = (GRADUATES, "participants", "joined_year")
# How long something had lasted ("over N years", as of a date), and the statements of when it began: "over N years"
# as of year Y says it began in Y - N or before, so a start year after that contradicts it (issue 26: "through JAIF
# for over twenty years" in January 2024, beside JAIF's own start in 2006 and its support since 2007).
DURATION_STARTS = {"support_years": ("support_start_year",),
                   "jaif_support_years": ("jaif_support_start_year", "jaif_established_year")}


@dataclass(frozen=True)
class Finding:
    """Two pieces of content that cannot both be right: where each is, what disagrees, what to do."""

    first: str  # file [entry], such as "data/facts.yml [graduates-2019]"
    second: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.first} disagrees with {self.second}: {self.message} -> {self.fix}"


# Figures that are a year in the past: a later statement does not replace an earlier one; two different
# years are a disagreement between sources, and both are shown.
HISTORICAL_MEASURES = ("programme_start_year", "track_start", "support_start_year", "jaif_support_start_year",
                       "jaif_established_year", "joined_year")


@dataclass(frozen=True)
class FigureHistory:
    """Every statement of one figure: the current (latest) one and the ones it superseded, newest first.

    For a year in the past (HISTORICAL_MEASURES), statements giving another year are not superseded but
    `disagreeing`: the sources differ, and a reader is shown each with its source.
    """

    figure: str
    current: Fact
    earlier: tuple  # Fact
    disagreeing: tuple = ()  # Fact: other values of a historical figure, newest first

    @property
    def measure(self) -> str:
        return self.figure.split(".", 1)[0]

    @property
    def subject(self) -> str | None:
        """What the figure is about (a track, country or batch key), or None for the whole programme."""
        return self.figure.split(".", 1)[1] if "." in self.figure else None


def is_historical(figure: str) -> bool:
    return figure.split(".", 1)[0] in HISTORICAL_MEASURES


def histories(facts) -> list[FigureHistory]:
    """One history per figure, in the order the figures first appear in the file.

    A statement with `superseded_by` joins the earlier statements of the figure that replaced it.
    """
    facts = list(facts)
    by_key = {fact.key: fact for fact in facts}
    by_figure: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.superseded_by in by_key:
            continue
        by_figure.setdefault(fact.figure, []).append(fact)
    replaced: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.superseded_by in by_key:
            replaced.setdefault(_final(by_key, fact).figure, []).append(fact)
    result = []
    for figure, statements in by_figure.items():
        ordered = sorted(statements, key=lambda f: f.as_of, reverse=True)  # stable: file order breaks ties
        current, rest = ordered[0], ordered[1:]
        disagreeing = ()
        if is_historical(figure):
            disagreeing = tuple(f for f in rest if f.value != current.value)
            rest = [f for f in rest if f.value == current.value]
        earlier = sorted([*rest, *replaced.get(figure, ())], key=lambda f: f.as_of, reverse=True)
        result.append(FigureHistory(figure=figure, current=current, earlier=tuple(earlier), disagreeing=disagreeing))
    return result


def _final(by_key: dict, fact: Fact) -> Fact:
    """The statement that finally replaced `fact`, following superseded_by (a loop stops where it started)."""
    seen = {fact.key}
    while fact.superseded_by in by_key and fact.superseded_by not in seen:
        fact = by_key[fact.superseded_by]
        seen.add(fact.key)
    return fact


def about(facts, subject: str) -> list[FigureHistory]:
    """The histories of figures about one track, country or batch key."""
    return [h for h in histories(facts) if h.subject == subject]


def current_value(facts, figure: str):
    history = next((h for h in histories(facts) if h.figure == figure), None)
    return history.current if history else None


def programme_countries(catalog: Catalog, stories, measures=PROGRAMME_COUNTRY_MEASURES) -> list[str]:
    """Keys of the countries a reader may be shown as part of the programme, in data order: those with a
    story, or with a sourced statement that puts them in it (graduates.<country>, joined_year.<country>). The
    data may hold more countries (a new ASEAN member, say); they keep their page but are not listed as programme
    countries. `measures` narrows which statements count (the home page's 2019 description names only countries
    with a story or graduates)."""
    with_story = {story.country for story in stories}
    stated = {fact.figure.split(".", 1)[1] for fact in catalog.facts
              if "." in fact.figure and fact.figure.split(".", 1)[0] in measures}
    return [key for key in catalog.countries if key in with_story or key in stated]


# --- What the data itself gives --------------------------------------------------------------------

@dataclass(frozen=True)
class Computed:
    stories_per_country: dict  # country key -> count (every country, 0 included)
    stories_per_track: dict  # track key -> count
    stories_per_batch: dict  # batch key -> count (every batch)
    batches_per_track: dict  # track key -> number of batches in the data
    batches_by_status: dict  # track key -> {status: count}
    first_year: int | None  # the span of years the data covers (batches, tracks, stories)
    last_year: int | None


def compute(catalog: Catalog, stories) -> Computed:
    stories = list(stories)
    per_country = {key: 0 for key in catalog.countries}
    per_track = {key: 0 for key in catalog.tracks}
    per_batch = {key: 0 for key in catalog.batches}
    for story in stories:
        per_country[story.country] = per_country.get(story.country, 0) + 1
        per_track[story.track] = per_track.get(story.track, 0) + 1
        per_batch[story.batch_key] = per_batch.get(story.batch_key, 0) + 1
    batches_per_track = {key: 0 for key in catalog.tracks}
    by_status: dict = {key: {} for key in catalog.tracks}
    for batch in catalog.batches.values():
        batches_per_track[batch.track] += 1
        by_status[batch.track][batch.status] = by_status[batch.track].get(batch.status, 0) + 1
    years = [y for _where, y in _known_years(catalog, stories)]
    return Computed(stories_per_country=per_country, stories_per_track=per_track, stories_per_batch=per_batch,
                    batches_per_track=batches_per_track, batches_by_status=by_status,
                    first_year=min(years) if years else None, last_year=max(years) if years else None)


def _known_years(catalog: Catalog, stories) -> list[tuple[str, int]]:
    """Every year the data states, with where it says so."""
    years = []
    for key in catalog.tracks:
        years += [(where, year) for year, where in stated_track_starts(catalog, key)]
    for batch in catalog.batches.values():
        if batch.period:
            years.append((f"{BATCHES_FILE} [{batch.key}]", batch.period.start.year))
            if batch.period.end:
                years.append((f"{BATCHES_FILE} [{batch.key}]", batch.period.end.year))
    for story in stories:
        where = story_file(story)
        years.append((where, story.period.start.year))
        if story.period.end:
            years.append((where, story.period.end.year))
    return years


def story_file(story: Story) -> str:
    return f"stories/{story.slug}.en.md [period]"


def status_date(batch: Batch, catalog: Catalog) -> dt.date | None:
    """The date a batch's status is known as of: its latest dated source (None when none is dated)."""
    dates = [catalog.sources[s].date for s in batch.sources if s in catalog.sources and catalog.sources[s].date]
    return max(dates) if dates else None


def completed_as_of(catalog: Catalog, track: str, day: dt.date) -> list[int]:
    """Numbers of the track's batches the data calls completed, per sources dated no later than `day`."""
    numbers = []
    for batch in catalog.batches.values():
        known = status_date(batch, catalog)
        if batch.track == track and batch.status == "completed" and (known is None or known <= day):
            numbers.append(batch.number)
    return sorted(numbers)


# --- Where published statements and the data disagree -----------------------------------------------

def check(catalog: Catalog, stories) -> list[Finding]:
    """Every disagreement between facts, batches, tracks and stories; an empty list when all agree."""
    stories = list(stories)
    findings: list[Finding] = []
    findings += _conflicting_statements(catalog.facts)
    findings += _durations_against_starts(catalog.facts)
    for history in histories(catalog.facts):
        if history.measure == BATCHES_COMPLETED and history.subject in catalog.tracks:
            findings += _check_batches_completed(catalog, history.current)
        elif history.figure == GRADUATES:
            findings += _check_graduates(catalog, history.current)
        elif history.figure == PROGRAMME_START:
            findings += _check_programme_start(catalog, stories, history.current)
        elif history.figure == NEXT_BATCHES:
            findings += _check_next_batches(catalog, history.current)
    findings += _check_track_starts(catalog)
    findings += _check_batch_order(catalog)
    findings += _check_story_periods(catalog, stories)
    return findings


def _fact(fact: Fact) -> str:
    return f"{FACTS_FILE} [{fact.key}]"


def _batch(batch: Batch) -> str:
    return f"{BATCHES_FILE} [{batch.key}]"


def _conflicting_statements(facts) -> list[Finding]:
    findings = []
    seen: dict = {}
    keys = Counter(fact.key for fact in facts)
    for key, count in keys.items():
        if count > 1:
            findings.append(Finding(f"{FACTS_FILE} [{key}]", f"{FACTS_FILE} [{key}]",
                                    f"the key {key!r} is used by {count} statements",
                                    "give each statement its own key"))
    for fact in facts:
        other = seen.get((fact.figure, fact.as_of))
        if other is not None and other.value != fact.value:
            findings.append(Finding(_fact(other), _fact(fact),
                                    f"both state {fact.figure!r} as of {fact.as_of.isoformat()}, "
                                    f"one as {other.value!r}, the other as {fact.value!r}",
                                    "keep the statement the source supports, or correct its as_of date"))
        seen.setdefault((fact.figure, fact.as_of), fact)
    return findings


def _durations_against_starts(facts) -> list[Finding]:
    """"Over N years" as of a date against each statement of when the same thing began (DURATION_STARTS):
    both are shown as current, so a reader must not be able to subtract one from the other and find a
    contradiction."""
    findings = []
    for duration in facts:
        starts = DURATION_STARTS.get(duration.figure)
        if not starts or not isinstance(duration.value, int):
            continue
        latest_start = duration.as_of.year - duration.value
        for start in facts:
            if start.figure in starts and isinstance(start.value, int) and start.value > latest_start:
                findings.append(Finding(
                    _fact(duration), _fact(start),
                    f"'over {duration.value} years' as of {duration.as_of.isoformat()} means it began in "
                    f"{latest_start} or before, but {start.figure!r} says {start.value}",
                    "say what the sources say: check which of the two the duration is about (the figure), "
                    "and give it the source's own words"))
    return findings


def _check_batches_completed(catalog: Catalog, fact: Fact) -> list[Finding]:
    track = fact.figure.split(".", 1)[1]
    numbers = completed_as_of(catalog, track, fact.as_of)
    if not isinstance(fact.value, int) or len(numbers) == fact.value:
        return []
    beyond = [n for n in numbers if n > fact.value]
    detail = (f"; batch{'es' if len(beyond) > 1 else ''} {', '.join(f'{track}-{n}' for n in beyond)} "
              f"would be beyond the {fact.value}th" if beyond else "")
    if len(numbers) > fact.value:
        # Most often a batch completed after the statement was added without a source that says so: a batch
        # counts as completed as of its latest dated source, so it needs a source dated after the statement.
        extra = [catalog.batches[f"{track}-{n}"] for n in (beyond or numbers[fact.value:])]
        def known(batch: Batch) -> str:
            day = status_date(batch, catalog)
            return "no source with a date" if day is None else f"its latest source is dated {day.isoformat()}"
        dated = known(extra[0]) if len(extra) == 1 else "; ".join(f"{b.key}: {known(b)}" for b in extra)
        fix = (f"if {' and '.join(b.key for b in extra)} completed after {fact.as_of.isoformat()} ({dated}), add "
               "the source that says so, with its date, to data/sources.yml and list it under the batch's sources "
               "(see the guide, \"Adding a batch or a country\"); otherwise correct the batch's status or number "
               "in data/batches.yml, or the statement in data/facts.yml")
    else:
        fix = (f"add the missing completed batches of track {track} to data/batches.yml (each with the source that "
               "names it), or correct the statement in data/facts.yml")
    return [Finding(_fact(fact), f"{BATCHES_FILE} [track {track}]",
                    f"the statement gives {fact.value} completed batches of track {track} as of "
                    f"{fact.as_of.isoformat()}, but the batch list has {len(numbers)} completed by then{detail}", fix)]


def _check_graduates(catalog: Catalog, fact: Fact) -> list[Finding]:
    if not isinstance(fact.value, int):
        return []
    batches = [b for track in catalog.tracks for b in catalog.batches.values()
               if b.track == track and b.number in completed_as_of(catalog, track, fact.as_of)]
    sized = [b for b in batches if b.size is not None]
    total = sum(b.size for b in sized)
    if sized and len(sized) == len(batches) and total != fact.value:
        return [Finding(_fact(fact), f"{BATCHES_FILE} [size]",
                        f"the statement gives {fact.value} graduates, but the sizes of the {len(batches)} completed "
                        f"batches add up to {total}", "correct a batch size, or the statement")]
    if total > fact.value:
        return [Finding(_fact(fact), f"{BATCHES_FILE} [size]",
                        f"the statement gives {fact.value} graduates, but the known batch sizes alone add up "
                        f"to {total}", "correct a batch size, or the statement")]
    return []


def _check_programme_start(catalog: Catalog, stories, fact: Fact) -> list[Finding]:
    if not isinstance(fact.value, int):
        return []
    return [Finding(_fact(fact), where,
                    f"the programme is said to have started in {fact.value}, but the other gives the year {year}",
                    "correct the year, or the statement")
            for where, year in _known_years(catalog, stories) if year < fact.value]


def _check_next_batches(catalog: Catalog, fact: Fact) -> list[Finding]:
    findings = []
    for key in (k.strip() for k in str(fact.value).split(",") if k.strip()):
        batch = catalog.batches.get(key)
        if batch is None:
            findings.append(Finding(_fact(fact), BATCHES_FILE, f"the statement names batch {key}, which is not "
                                    "in the batch list", "add the batch to data/batches.yml, or correct the value"))
        elif batch.status == "completed" and (status_date(batch, catalog) or fact.as_of) <= fact.as_of:
            findings.append(Finding(_fact(fact), _batch(batch), f"the statement calls batch {key} upcoming as of "
                                    f"{fact.as_of.isoformat()}, but the batch list says it was completed by then",
                                    "correct the batch's status, or the statement"))
    return findings


def stated_track_starts(catalog: Catalog, track: str) -> list[tuple[int, str]]:
    """(year, where) for every year a track is said to have begun: its `since` in data/tracks.yml, if any,
    and each statement of track_start.<track> in data/facts.yml (sources may differ)."""
    starts = []
    since = catalog.tracks[track].since
    if isinstance(since, int):
        starts.append((since, f"{TRACKS_FILE} [{track}.since]"))
    for fact in catalog.facts:
        if fact.figure == f"{TRACK_START}.{track}" and isinstance(fact.value, int):
            starts.append((fact.value, _fact(fact)))
    return starts


def _check_track_starts(catalog: Catalog) -> list[Finding]:
    findings = []
    for key in catalog.tracks:
        starts = stated_track_starts(catalog, key)
        if not starts:
            continue
        earliest, where = min(starts)
        years = {year for year, _where in starts}
        for batch in catalog.batches.values():
            if batch.track != key or batch.period is None:
                continue
            start = batch.period.start.year
            if start < earliest or (batch.number == 1 and start not in years):
                findings.append(Finding(where, _batch(batch),
                                        f"the track is said to have begun in {earliest}, but batch "
                                        f"{batch.key} starts in {start}", "correct the year in one of them"))
    return findings


def _check_batch_order(catalog: Catalog) -> list[Finding]:
    findings = []
    for track in catalog.tracks:
        dated = sorted((b for b in catalog.batches.values() if b.track == track and b.period), key=lambda b: b.number)
        for earlier, later in zip(dated, dated[1:]):
            if later.period.start.sort_key() < earlier.period.start.sort_key():
                findings.append(Finding(_batch(earlier), _batch(later),
                                        f"batch {later.key} starts before batch {earlier.key}",
                                        "check the numbers and periods of both batches"))
    return findings


def _check_story_periods(catalog: Catalog, stories) -> list[Finding]:
    findings = []
    for story in stories:
        batch = catalog.batches.get(story.batch_key)
        if batch is None or batch.period is None:
            continue  # a batch whose period is not known cannot contradict a story
        if not period_within(story.period, batch.period):
            findings.append(Finding(story_file(story), _batch(batch),
                                    f"the story's period {_period_text(story.period)} lies outside its batch's "
                                    f"period {_period_text(batch.period)}",
                                    "correct the story's period or batch, or the batch's period"))
    return findings


def _before(a: YearMonth, b: YearMonth) -> bool:
    """a is certainly earlier than b (a point without a month covers its whole year)."""
    if a.year != b.year:
        return a.year < b.year
    return a.month is not None and b.month is not None and a.month < b.month


def period_within(inner: Period, outer: Period) -> bool:
    if _before(inner.start, outer.start):
        return False
    if outer.end is not None:
        if inner.end is None:
            return not _before(outer.end, inner.start)
        if _before(outer.end, inner.end):
            return False
    return True


def _period_text(period: Period) -> str:
    def point(p):
        return f"{p.year}" if p.month is None else f"{p.year}-{p.month:02d}"
    return point(period.start) + (f"–{point(period.end)}" if period.end else "–")
