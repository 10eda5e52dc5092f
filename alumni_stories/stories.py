"""Loading and validating stories/: one Markdown file per alumnus and language."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import frontmatter, safe_html, schema
from .catalog import parse_year_month
from .errors import ContentError, Problem
from .model import DEFAULT_LANGUAGE, LANGUAGES, Catalog, Period, Story, StoryText

_FILE_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")
# Fields that are the same in every language: written once, in the English file.
NEUTRAL_FIELDS = ("slug", "country", "track", "batch", "period", "published")
NEUTRAL_NESTED = (("current_role", "as_of"), ("portrait", "file"))


def story_files(stories_dir: Path) -> dict[str, dict[str, Path]]:
    """{stem: {language: path}} for every story file, whatever its content."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(Path(stories_dir).glob("*.md")):
        match = _FILE_NAME.match(path.name)
        if match:
            found.setdefault(match["stem"], {})[match["lang"]] = path
    return found


def load_stories(stories_dir: Path, catalog: Catalog) -> list[Story]:
    """Every story, validated against the schema and the catalog; ContentError lists all problems."""
    stories_dir = Path(stories_dir)
    problems: list[Problem] = []
    stories: list[Story] = []
    slugs: dict[str, str] = {}
    for path in sorted(stories_dir.glob("*.md")):
        match = _FILE_NAME.match(path.name)
        if path.name.upper().startswith(("README", "TEMPLATE", "_")):
            continue
        if not match or match["lang"] not in LANGUAGES:
            problems.append(Problem(_name(path, stories_dir), "", "the file name does not say the story's language",
                                    f"name it <slug>.{'.md or <slug>.'.join(LANGUAGES)}.md"))
    for stem, paths in story_files(stories_dir).items():
        unknown = set(paths) - set(LANGUAGES)
        paths = {lang: p for lang, p in paths.items() if lang not in unknown}
        if not paths:
            continue
        if DEFAULT_LANGUAGE not in paths:
            problems.append(Problem(_name(paths[next(iter(paths))], stories_dir), "",
                                    f"there is no English file {stem}.{DEFAULT_LANGUAGE}.md for this translation",
                                    "add the English file, which holds the story's facts, or remove this file"))
            continue
        story, found, declared = _load_story(stem, paths, stories_dir, catalog)
        problems += found
        if declared in slugs:
            problems.append(Problem(_name(paths[DEFAULT_LANGUAGE], stories_dir), "slug",
                                    f"the slug {declared!r} is already used by {slugs[declared]}",
                                    "give each story its own slug; a slug is the story's permanent address"))
        elif declared:
            slugs[declared] = _name(paths[DEFAULT_LANGUAGE], stories_dir)
        if story is not None:
            stories.append(story)
    if problems:
        raise ContentError(problems)
    return stories


def _name(path: Path, stories_dir: Path) -> str:
    return f"{stories_dir.name}/{path.name}"


def _read(path: Path, stories_dir: Path, schema_name: str):
    name = _name(path, stories_dir)
    text, problem = frontmatter.decode(path.read_bytes(), name)
    if problem:
        return None, "", [problem]
    data, body, problems = frontmatter.split(text, name)
    if problems:
        return None, "", problems
    for field, message, fix in schema.check(data, schema_name):
        problems.append(Problem(name, field, message, fix, frontmatter.field_line(text, field)))
    problems += safe_html.check_body(body, name, first_line=text[: len(text) - len(body)].count("\n") + 1)
    return data, body, problems


def _load_story(stem: str, paths: dict, stories_dir: Path, catalog: Catalog):
    en_path = paths[DEFAULT_LANGUAGE]
    en_name = _name(en_path, stories_dir)
    data, body, problems = _read(en_path, stories_dir, schema.STORY_SCHEMA)
    if data is None or problems:
        # A broken English file makes its translations unverifiable; still report their own problems.
        for lang, path in paths.items():
            if lang != DEFAULT_LANGUAGE:
                problems += _read(path, stories_dir, schema.TRANSLATION_SCHEMA)[2]
        declared = data.get("slug") if data and isinstance(data.get("slug"), str) else None
        return None, problems, declared

    if data["slug"] != stem:
        problems.append(Problem(en_name, "slug", f"the slug {data['slug']!r} differs from the file name {stem!r}",
                                f"rename the files to {data['slug']}.<language>.md, or set slug: {stem}"))
    if data["country"] not in catalog.countries:
        problems.append(Problem(en_name, "country", f"unknown country {data['country']!r}",
                                f"use one of: {', '.join(catalog.countries)} (or add it to data/countries.yml)"))
    if data["track"] not in catalog.tracks:
        problems.append(Problem(en_name, "track", f"unknown track {data['track']!r}",
                                f"use one of: {', '.join(catalog.tracks)}"))
    elif f"{data['track']}-{data['batch']}" not in catalog.batches:
        problems.append(Problem(en_name, "batch", f"batch {data['batch']} of track {data['track']} is not in the data",
                                "check the number, or add the batch to data/batches.yml"))
    start, end = parse_year_month(data["period"]["start"]), parse_year_month(data["period"]["end"])
    if end.sort_key() < start.sort_key():
        problems.append(Problem(en_name, "period", "the period ends before it starts",
                                "check the years; start is the year the attachment began"))
    portrait = data.get("portrait") or {}
    texts = {DEFAULT_LANGUAGE: _text(DEFAULT_LANGUAGE, en_name, data, body)}

    for lang, path in paths.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        translation, t_body, t_problems = _read(path, stories_dir, schema.TRANSLATION_SCHEMA)
        problems += t_problems
        if translation is None or t_problems:
            continue
        problems += _disagreements(data, translation, _name(path, stories_dir))
        texts[lang] = _text(lang, _name(path, stories_dir), translation, t_body)

    if problems:
        return None, problems, data["slug"]
    return Story(slug=data["slug"], country=data["country"], track=data["track"], batch=data["batch"],
                 period=Period(start, end), role_as_of=dt.date.fromisoformat(data["current_role"]["as_of"]),
                 published=dt.date.fromisoformat(data["published"]), portrait_file=portrait.get("file"),
                 texts=texts), [], data["slug"]


def _disagreements(english: dict, translation: dict, name: str) -> list[Problem]:
    problems = []
    for field in NEUTRAL_FIELDS:
        if field in translation and translation[field] != english.get(field):
            problems.append(Problem(name, field, f"says {translation[field]!r} but the English file says "
                                    f"{english.get(field)!r}", f"remove '{field}' here; it is kept in the English file"))
    for parent, field in NEUTRAL_NESTED:
        value = (translation.get(parent) or {}).get(field)
        if value is not None and value != (english.get(parent) or {}).get(field):
            problems.append(Problem(name, f"{parent}.{field}", f"says {value!r} but the English file says "
                                    f"{(english.get(parent) or {}).get(field)!r}",
                                    f"remove '{field}' here; it is kept in the English file"))
    return problems


def _text(lang: str, name: str, data: dict, body: str) -> StoryText:
    portrait = data.get("portrait") or {}
    return StoryText(language=lang, path=name, name=data["name"], honorific=data.get("honorific"),
                     ministry=data.get("ministry"), role_title=data["current_role"]["title"],
                     pull_quote=data["pull_quote"], takeaways=tuple(data.get("takeaways") or ()),
                     author=data["author"], body=body, portrait_alt=portrait.get("alt"),
                     portrait_caption=portrait.get("caption"), portrait_credit=portrait.get("credit"))
