"""Loading data/: countries, tracks, batches, sources, programme facts and the UI strings table.

Every file is read by the one safe reader (content/reader.py) and checked against its JSON Schema in schema/
(named after the file: data/batches.yml -> schema/batches.schema.json) before anything else looks at it; the
checks here are only those a schema cannot express (references between files, a period's order).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from alumni_stories.content import reader, schema, ui_strings
from alumni_stories.errors import ContentError, Problem
from alumni_stories.content.model import LANGUAGES, Batch, Catalog, Country, Fact, Period, Source, Track, YearMonth

BATCH_STATUSES = ("completed", "ongoing", "scheduled")

# Every file under data/ the build reads, and the schema that describes it. A new data file is one line here
# (and its schema/<stem>.schema.json); any other file under data/ is reported as not used.
DATA_FILES = {
    "countries.yml": "countries.schema.json",
    "tracks.yml": "tracks.schema.json",
    "sources.yml": "sources.schema.json",
    "batches.yml": "batches.schema.json",
    "facts.yml": "facts.schema.json",
    "strings.yml": "strings.schema.json",
    "url-manifest.yml": "url-manifest.schema.json",  # read by outputs/permalinks.py
    "publishing.yml": "publishing.schema.json",  # settings; may be absent (then the defaults)
    "publisher.yml": "publisher.schema.json",  # who publishes the site: read by site/page_html.py's footer
}
OPTIONAL = ("publishing.yml",)
# Files under data/ for people, not for the build: notes such as seed-corrections.md.
NOTE_SUFFIXES = (".md",)


def read_data_file(data_dir: Path, name: str, required: bool = True, salvage: bool = False):
    """(plain data, document with lines, problems) of one data file, validated by its schema.
    A file with any problem gives None, so later checks never see a value the contract refuses; with
    `salvage` (the preview), it gives the entries that have no problem instead."""
    path = Path(data_dir) / name
    shown_name = f"{Path(data_dir).name}/{name}"
    if not required and not path.exists():
        return None, None, []
    document, problems = reader.read_file(path, shown_name)
    if document is None or problems and document.data is None:
        return None, None, problems
    found = schema.check(document.data, DATA_FILES[name])
    for field, message, fix in found:
        problems.append(Problem(shown_name, field, message, fix, document.line_of(field)))
    if problems and salvage:
        return _salvage(document.data, [p.field for p in problems], DATA_FILES[name]), document, problems
    return (None if problems else document.data), document, problems


def _salvage(data, fields: list[str], schema_name: str):
    """The entries of a data file that no problem names (whole-file problems leave nothing)."""
    bad = {field.split(".")[0] for field in fields}
    if "" in bad:
        return None
    if isinstance(data, dict):
        kept = {key: value for key, value in data.items() if key not in bad}
    elif isinstance(data, list):
        kept = [value for index, value in enumerate(data) if f"[{index}]" not in bad]
    else:
        return None
    return kept if not schema.check(kept, schema_name) else None


def parse_year_month(value) -> YearMonth | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return YearMonth(value)
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        month = int(value[5:])
        return YearMonth(int(value[:4]), month) if 1 <= month <= 12 else None
    return None


def unused_data_files(data_dir: Path) -> list[Problem]:
    """A file under data/ the build does not read is reported, not silently ignored."""
    problems = []
    for path in sorted(Path(data_dir).rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        if path.is_dir() or relative in DATA_FILES or path.suffix in NOTE_SUFFIXES:
            continue
        problems.append(Problem(f"{Path(data_dir).name}/{relative}", "", "the build does not read this file",
                                f"the data files are {', '.join(DATA_FILES)} (notes for people end in .md): "
                                "move its content into one of them, rename it, or delete it"))
    return problems


def load_catalog(data_dir: Path) -> Catalog:
    """The catalog of data/; ContentError listing every problem of every data file."""
    catalog, problems = load_catalog_checked(data_dir)
    if problems:
        raise ContentError(problems)
    return catalog


def load_catalog_checked(data_dir: Path, salvage: bool = False) -> tuple[Catalog, list[Problem]]:
    """(catalog, problems). With `salvage` (the preview), the catalog holds every entry without a problem,
    so the preview can show the rest of the site while it reports the problems.

    Kept while no file under data/ or schema/ changes: the preview loads the content at every save, and a save of
    a story changes neither (reading and checking data/ again was 0.07 s of each save)."""
    data_dir = Path(data_dir)
    key = (str(data_dir.resolve()), salvage)
    state = (_folder_state(data_dir), _folder_state(schema.SCHEMA_DIR))
    if key not in _loaded or _loaded[key][0] != state:
        _loaded[key] = (state, _load_catalog_checked(data_dir, salvage))
    catalog, problems = _loaded[key][1]
    return catalog, list(problems)


_loaded: dict = {}  # (data folder, salvage) -> (state of data/ and schema/, (catalog, problems)); the catalog is frozen


def _folder_state(folder: Path) -> tuple:
    """Every file and folder under `folder` (links not followed) with its modification time, size and type."""
    found = []
    for current, directories, files in os.walk(folder):
        for name in sorted([*directories, *files]):
            try:
                stat = os.lstat(os.path.join(current, name))
            except OSError:
                continue
            found.append((os.path.join(current, name), stat.st_mtime_ns, stat.st_size, stat.st_mode))
    return tuple(found)


def _load_catalog_checked(data_dir: Path, salvage: bool) -> tuple[Catalog, list[Problem]]:
    problems: list[Problem] = reader.folder_problems(data_dir, data_dir.name) + unused_data_files(data_dir)
    loaded = {}
    for name in DATA_FILES:
        if name in ("url-manifest.yml", "publisher.yml"):  # each read where it is used
            continue
        data, document, found = read_data_file(data_dir, name, required=name not in OPTIONAL, salvage=salvage)
        problems += found
        loaded[name] = (data, document)

    # A file that failed its schema is reported once: references into it are not reported again as unknown.
    failed = {name for name, (data, _document) in loaded.items()
              if (data is None or salvage and any(p.file.endswith("/" + name) for p in problems))
              and name not in OPTIONAL}

    def where(name: str, path) -> tuple[str, int | None]:
        document = loaded[name][1]
        return f"{data_dir.name}/{name}", document.line(path) if document else None

    def problem(name: str, path, message: str, fix: str) -> None:
        shown_name, line = where(name, path)
        problems.append(Problem(shown_name, reader.field_name(path), message, fix, line))

    countries = {key: Country(key=key, slug=entry["slug"], name=entry["name"])
                 for key, entry in (loaded["countries.yml"][0] or {}).items()}
    # One name per track and language: `name` is what every page shows (short_name, if an old file has it, is not).
    tracks = {key: Track(key=key, slug=entry["slug"], name=entry["name"], short_name=entry["name"],
                         description=entry["description"], since=entry.get("since"))
              for key, entry in (loaded["tracks.yml"][0] or {}).items()}
    for name, table in (("countries.yml", countries), ("tracks.yml", tracks)):
        seen = {}
        for key, entry in table.items():
            if entry.slug in seen:
                problem(name, (key, "slug"), f"the address part '{entry.slug}' is also used by '{seen[entry.slug]}'",
                        "give each entry its own slug: one address leads to one page")
            seen[entry.slug] = key
    sources = {key: Source(key=key, title=entry["title"], publisher=entry["publisher"],
                           date=dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
                           url=entry.get("url"), title_known=entry.get("title_known") is not False,
                           language=entry.get("language"), copy_url=(entry.get("copy") or {}).get("url"),
                           copy_site=(entry.get("copy") or {}).get("site"))
               for key, entry in (loaded["sources.yml"][0] or {}).items()}

    batches = {}
    for index, entry in enumerate(loaded["batches.yml"][0] or []):
        track, number = entry["track"], entry["number"]
        if track not in tracks:
            if "tracks.yml" in failed:
                continue
            problem("batches.yml", (index, "track"), f"unknown track '{track}'",
                    f"use one of: {', '.join(tracks)} (or add the track to data/tracks.yml)")
            continue
        period = None
        if entry.get("period") is not None:
            start, end = parse_year_month(entry["period"]["start"]), parse_year_month(entry["period"].get("end"))
            if end is not None and end.sort_key() < start.sort_key():
                problem("batches.yml", (index, "period"), "the period ends before it starts", "swap start and end")
            else:
                period = Period(start, end)
        for position, source in enumerate(entry.get("sources") or ()):
            if source not in sources and "sources.yml" not in failed:
                problem("batches.yml", (index, "sources", position), f"unknown source '{source}'",
                        "add it to data/sources.yml first, or correct the key")
        batch = Batch(track=track, number=number, period=period, status=entry["status"], size=entry.get("size"),
                      sources=tuple(entry.get("sources") or ()), note=entry.get("note") or {})
        if batch.key in batches:
            problem("batches.yml", (index,), f"batch {batch.key} is listed twice", "keep one entry per track and number")
        batches[batch.key] = batch

    facts = []
    keys = {}
    for index, entry in enumerate(loaded["facts.yml"][0] or []):
        if entry["source"] not in sources and "sources.yml" not in failed:
            problem("facts.yml", (index, "source"), f"unknown source '{entry['source']}'",
                    "add it to data/sources.yml first, or correct the key")
        if entry["key"] in keys:
            problem("facts.yml", (index, "key"), f"the key '{entry['key']}' is also used by the fact at line "
                    f"{keys[entry['key']]}", "give each fact its own key")
        keys[entry["key"]] = where("facts.yml", (index,))[1]
        # A source that gives only a year: as_of is that year, kept as 31 December and shown as the year.
        year_only = isinstance(entry["as_of"], int)
        facts.append(Fact(key=entry["key"], figure=entry["figure"], value=entry["value"],
                          as_of=dt.date(entry["as_of"], 12, 31) if year_only else dt.date.fromisoformat(entry["as_of"]),
                          source=entry["source"], text=entry["text"], as_of_year_only=year_only,
                          superseded_by=entry.get("superseded_by")))
    for index, fact in enumerate(facts):
        if fact.superseded_by is not None and fact.superseded_by not in keys:
            problem("facts.yml", (index, "superseded_by"), f"no statement has the key '{fact.superseded_by}'",
                    "write the key of the later statement that replaces this one")

    strings = {key: {lang: entry[lang] for lang in LANGUAGES} for key, entry in (loaded["strings.yml"][0] or {}).items()}
    for key, texts in strings.items():
        for language, text in texts.items():
            found = ui_strings.placeholder_problem(text, ui_strings.PLACEHOLDERS.get(key, ()))
            if found:
                problem("strings.yml", (key, language), *found)
    if "strings.yml" not in failed:
        for key in ui_strings.PLACEHOLDERS:
            if key not in strings:
                problem("strings.yml", (), f"the text '{key}' is missing",
                        f"add '{key}:' with one line per language ({', '.join(l + ': ...' for l in LANGUAGES)})")
    for index, entry in enumerate(loaded["facts.yml"][0] or []):
        for language, text in entry["text"].items():
            found = ui_strings.placeholder_problem(text, ui_strings.FACT_PLACEHOLDERS)
            if found:
                problem("facts.yml", (index, "text", language), *found)

    settings = loaded["publishing.yml"][0] or {}
    return Catalog(countries=countries, tracks=tracks, batches=batches, sources=sources,
                   facts=tuple(facts), strings=strings,
                   translations_required=settings.get("translations_required", False),
                   review_after_months=settings.get("review_after_months"),
                   complete=not problems), problems


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site (data/publisher.yml): shown on every page, in the page's language."""

    name: dict  # language -> text
    url: str
    contact: str | None  # a web page or a mailto: address; None when the file gives none (no "Contact" link:
    # pointing readers at the website as if it were a contact sent them to the funder's home page)
    rights: dict  # language -> the copyright or licence line


def load_publisher(data_dir: Path) -> Publisher:
    """data/publisher.yml, read and checked like every data file (schema/publisher.schema.json); ContentError."""
    data, _document, problems = read_data_file(data_dir, "publisher.yml")
    if problems:
        raise ContentError(problems)
    return Publisher(name=data["name"], url=data["url"], contact=data.get("contact") or None, rights=data["rights"])
