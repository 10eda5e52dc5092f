"""Loading data/: countries, tracks, batches, sources, programme facts and the UI strings table."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from alumni_stories.errors import ContentError, Problem
from alumni_stories.content.model import LANGUAGES, Batch, Catalog, Country, Fact, Period, Source, Track, YearMonth

BATCH_STATUSES = ("completed", "ongoing", "scheduled")


class _Reader:
    """Collects problems while reading one data file, so one run reports all of them."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.name = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
        self.problems: list[Problem] = []

    def load(self, expected: type):
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            self.problem("", "the file is missing", f"restore {self.name} from version control")
            return expected()
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            self.problem("", f"cannot be read ({str(err).splitlines()[0]})", "fix the YAML syntax; save as UTF-8")
            return expected()
        if data is None:
            return expected()
        if not isinstance(data, expected):
            self.problem("", f"must be a {'mapping' if expected is dict else 'list'}",
                         "compare with the example at the top of the file")
            return expected()
        return data

    def problem(self, field: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.name, field, message, fix))

    def localized(self, entry: dict, field: str, where: str, required: bool = True) -> dict:
        value = entry.get(field)
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value[lang].strip()
                                               for lang in LANGUAGES):
            self.problem(f"{where}.{field}", "needs a text in every language",
                         f"write '{field}:' with one line per language: {', '.join(l + ': ...' for l in LANGUAGES)}")
            return {lang: str(value.get(lang, "")) if isinstance(value, dict) else "" for lang in LANGUAGES}
        return {lang: value[lang] for lang in LANGUAGES}

    def date(self, value, where: str) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if value is not None:
            self.problem(where, f"{value!r} is not a date", "write the date as YYYY-MM-DD")
        return None


def parse_year_month(value) -> YearMonth | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return YearMonth(value)
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        month = int(value[5:])
        return YearMonth(int(value[:4]), month) if 1 <= month <= 12 else None
    return None


def load_catalog(data_dir: Path) -> Catalog:
    data_dir = Path(data_dir)
    problems: list[Problem] = []

    def reader(name: str) -> _Reader:
        return _Reader(data_dir / name, data_dir)

    r = reader("countries.yml")
    countries = {}
    for key, entry in r.load(dict).items():
        entry = entry if isinstance(entry, dict) else {}
        slug = entry.get("slug") or key
        countries[key] = Country(key=key, slug=str(slug), name=r.localized(entry, "name", key))
    problems += r.problems

    r = reader("tracks.yml")
    tracks = {}
    for key, entry in r.load(dict).items():
        entry = entry if isinstance(entry, dict) else {}
        name = r.localized(entry, "name", key)
        # One name per track and language: `name` is shown everywhere (an old data file's short_name is ignored).
        tracks[key] = Track(key=key, slug=str(entry.get("slug") or key), name=name, short_name=name,
                            description=r.localized(entry, "description", key),
                            since=entry.get("since"))
    problems += r.problems

    r = reader("sources.yml")
    sources = {}
    for key, entry in r.load(dict).items():
        entry = entry if isinstance(entry, dict) else {}
        sources[key] = Source(key=key, title=r.localized(entry, "title", key),
                              publisher=r.localized(entry, "publisher", key),
                              date=r.date(entry.get("date"), f"{key}.date"), url=entry.get("url"),
                              title_known=entry.get("title_known") is not False, language=entry.get("language"))
    problems += r.problems

    r = reader("batches.yml")
    batches = {}
    for index, entry in enumerate(r.load(list)):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            r.problem(where, "each batch must be a mapping", "write 'track:', 'number:' and 'status:' lines")
            continue
        track, number, status = entry.get("track"), entry.get("number"), entry.get("status")
        if track not in tracks:
            r.problem(f"{where}.track", f"unknown track {track!r}", f"use one of: {', '.join(tracks)}")
            continue
        if not isinstance(number, int) or number < 1:
            r.problem(f"{where}.number", f"{number!r} is not a batch number", "write a whole number such as 8")
            continue
        if status not in BATCH_STATUSES:
            r.problem(f"{where}.status", f"unknown status {status!r}", f"use one of: {', '.join(BATCH_STATUSES)}")
        period = None
        if entry.get("period") is not None:
            raw = entry["period"] if isinstance(entry["period"], dict) else {}
            start, end = parse_year_month(raw.get("start")), parse_year_month(raw.get("end"))
            if start is None or (raw.get("end") is not None and end is None):
                r.problem(f"{where}.period", "start and end must be years such as 2006 or \"2006-04\"",
                          "fix the years, or leave period empty when the source does not give it")
            elif end is not None and end.sort_key() < start.sort_key():
                r.problem(f"{where}.period", "the period ends before it starts", "swap start and end")
            else:
                period = Period(start, end)
        size = entry.get("size")
        if size is not None and (not isinstance(size, int) or size < 0):
            r.problem(f"{where}.size", f"{size!r} is not a number of people", "write a whole number, or leave it empty")
            size = None
        batch_sources = tuple(entry.get("sources") or ())
        for source in batch_sources:
            if source not in sources:
                r.problem(f"{where}.sources", f"unknown source {source!r}", "add it to data/sources.yml first")
        batch = Batch(track=track, number=number, period=period, status=str(status), size=size,
                      sources=batch_sources, note=r.localized(entry, "note", where, required=False))
        if batch.key in batches:
            r.problem(where, f"batch {batch.key} is listed twice", "keep one entry per track and number")
        batches[batch.key] = batch
    problems += r.problems

    r = reader("facts.yml")
    facts = []
    for index, entry in enumerate(r.load(list)):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            r.problem(where, "each fact must be a mapping", "write key, figure, value, as_of, source and text")
            continue
        year_only = isinstance(entry.get("as_of"), int) and not isinstance(entry.get("as_of"), bool)
        as_of = dt.date(entry["as_of"], 12, 31) if year_only else r.date(entry.get("as_of"), f"{where}.as_of")
        if as_of is None:
            r.problem(f"{where}.as_of", "a fact needs the date it was true",
                      "write as_of: YYYY-MM-DD (or the year alone when the source gives no date)")
        if entry.get("source") not in sources:
            r.problem(f"{where}.source", f"unknown source {entry.get('source')!r}", "add it to data/sources.yml first")
        for field in ("key", "figure"):
            if not isinstance(entry.get(field), str):
                r.problem(f"{where}.{field}", f"'{field}' is missing", f"write '{field}:' with a short identifier")
        text = r.localized(entry, "text", where)
        if as_of is not None:
            facts.append(Fact(key=str(entry.get("key")), figure=str(entry.get("figure")), value=entry.get("value"),
                              as_of=as_of, source=str(entry.get("source")), text=text, as_of_year_only=year_only,
                              superseded_by=entry.get("superseded_by")))
    keys = {fact.key for fact in facts}
    for index, fact in enumerate(facts):
        if fact.superseded_by is not None and fact.superseded_by not in keys:
            r.problem(f"[{index}].superseded_by", f"no statement has the key {fact.superseded_by!r}",
                      "write the key of the later statement that replaces this one")
    problems += r.problems

    r = reader("strings.yml")
    strings = {}
    for key, entry in r.load(dict).items():
        strings[key] = r.localized({"text": entry}, "text", key)
    problems += r.problems

    if problems:
        raise ContentError(problems)
    return Catalog(countries=countries, tracks=tracks, batches=batches, sources=sources,
                   facts=tuple(facts), strings=strings)
