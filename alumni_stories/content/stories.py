"""Loading and validating stories/: one Markdown file per alumnus and language."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath

from alumni_stories.content import frontmatter, persistent, publishing, reader, safe_html, schema
from alumni_stories.content.frontmatter import FILE_NAME as _FILE_NAME, story_files
from alumni_stories.media import portraits
from alumni_stories.content.catalog import parse_year_month
from alumni_stories.errors import ContentError, Problem
from alumni_stories.content.model import (DEFAULT_LANGUAGE, LANGUAGES, Basis, Catalog, Period, Quote, Role, Story,
                                          StoryText, WithdrawnStory)

MAX_FILE_BYTES = frontmatter.MAX_FILE_BYTES

# Fields that are the same in every language: written once, in the English file.
NEUTRAL_FIELDS = ("slug", "country", "track", "batch", "period", "published", "draft", "reviewed", "basis")
NEUTRAL_NESTED = (("current_role", "as_of"), ("current_role", "source"), ("portrait", "file"))
# Rules across fields, as (what is wrong, what to do): the editing interface (outputs/cms.py) repeats these
# words when it refuses a save, so an editor reads the same message in the form as from the check.
CROSS_FIELD_MESSAGES = {
    "batch": ("batch {batch} of track {track} is not in the data",
              "check the number, or add the batch to data/batches.yml (see the guide, \"Adding a batch or a country\")"),
    "period": ("the period ends before it starts", "check the years; start is the year the attachment began"),
    "basis": ("give either source (a public article) or consent (the date the person agreed), not both and not "
              "neither", "write basis: {source: <key>} for a story adapted from an article, or basis: {consent: "
              "YYYY-MM-DD} (with consent_ends: YYYY-MM-DD if the person set an end)"),
    "consent_ends": ("the consent ends before it was given", "check the two dates: consent is the day the person "
                     "agreed, consent_ends the day their agreement ends"),
}

# Titles of office are part of a role, which has a date; as a name's honorific they would be shown as current
# forever (issue 26: "Ambassador" in 2018, Deputy Secretary-General in 2021). Compared case-insensitively.
OFFICE_TITLES = {"en": ("ambassador", "h.e.", "his excellency", "her excellency", "minister", "consul",
                        "secretary-general", "director", "director-general", "president", "governor"),
                 "ja": ("大使", "閣下", "大臣", "領事", "総領事", "事務総長", "事務次長", "局長", "部長", "課長")}
# A quotation in a story's text that must be listed under `quotes` with its provenance: a span in “ ” of at
# least five words (English), in 「」 of at least fifteen characters (Japanese). Shorter spans are words or
# phrases (“attached”, 「少し遠いもの」), which the text may quote without a list entry.
QUOTATION = {"en": (re.compile(r"“([^”]+)”"), lambda q: len(q.split()) >= 5),
             "ja": (re.compile(r"「([^」]+)」"), lambda q: len(q) >= 15)}


def load_stories(stories_dir: Path, catalog: Catalog) -> list[Story]:
    """Every published story, validated against the schema and the catalog; ContentError lists all problems."""
    return load_story_files(stories_dir, catalog)[0]


def load_story_files(stories_dir: Path, catalog: Catalog) -> tuple[list[Story], list[WithdrawnStory]]:
    """(published stories, withdrawn stories), validated; ContentError lists all problems."""
    stories, withdrawn, problems = load_story_files_checked(stories_dir, catalog)
    if problems:
        raise ContentError(problems)
    return stories, withdrawn


def load_story_files_checked(stories_dir: Path, catalog: Catalog):
    """(stories without problems, withdrawn stories, problems): the preview shows the first while it reports
    the last; the build refuses any problem."""
    stories_dir = Path(stories_dir)
    folder = _results_folder(stories_dir.parent, schema.SCHEMA_DIR)
    _disk["store"] = persistent.store_for(folder)
    if _loaded.get("made_with") != (folder, stories_dir) or _loaded.get("catalog") != catalog:
        _loaded.clear()  # other schemas, another project or other data: every story is read again
        _loaded.update(made_with=(folder, stories_dir), catalog=catalog, stories={})
    _loaded["seen"] = set()
    try:
        return _load_story_files_checked(stories_dir, catalog)
    finally:
        stories = _loaded["stories"]
        for state in stories.keys() - _loaded.pop("seen"):  # earlier versions of the files: never asked again
            del stories[state]
        _disk.pop("store").save()


_disk: dict = {}  # "store": the ResultStore of the load in progress
# The stories read by the last loads, by their files' state: the preview loads every story at every save, and a
# save changes one file (at 1,000 alumni, reading the 999 others again was a second of every save). Valid for one
# set of schemas, project and catalog (`made_with`, `catalog`); a story's files and its media folder are its key.
_loaded: dict = {}


def _files_state(paths: dict, media: Path) -> tuple:
    state = [(language, str(path), *_stat(path)) for language, path in sorted(paths.items())]
    if media.is_dir():
        for folder, _dirs, files in os.walk(media):
            state += [(None, os.path.join(folder, name), *_stat(Path(folder, name))) for name in sorted(files)]
    return tuple(state)


def _stat(path: Path) -> tuple:
    try:
        stat = path.lstat()
    except OSError:
        return ()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_mode


def _results_folder(root: Path, schema_dir: Path) -> Path:
    """The content drawer's folder (the schemas the checks read are read again only when one changes)."""
    key = (str(schema_dir),
           tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(Path(schema_dir).rglob("*.json"))))
    if key not in _schema_digests:
        _schema_digests.clear()
        _schema_digests[key] = persistent.schema_digest(schema_dir)
    return persistent.DRAWER.folder(root, _schema_digests[key])


_schema_digests: dict = {}


def _load_story_files_checked(stories_dir: Path, catalog: Catalog):
    problems: list[Problem] = []
    stories: list[Story] = []
    withdrawn: list[WithdrawnStory] = []
    slugs: dict[str, str] = {}
    names = _names(stories_dir)
    problems += names["problems"]
    for stem, paths in names["files"].items():
        unknown = set(paths) - set(LANGUAGES)
        paths = {lang: p for lang, p in paths.items() if lang not in unknown and not p.is_symlink()}
        if not paths:
            continue
        if DEFAULT_LANGUAGE not in paths:
            problems.append(Problem(_name(paths[next(iter(paths))], stories_dir), "",
                                    f"there is no English file {stem}.{DEFAULT_LANGUAGE}.md for this translation",
                                    "add the English file, which holds the story's facts, or remove this file"))
            continue
        state = (stem, _files_state(paths, stories_dir / portraits.MEDIA_FOLDER / stem))
        if state not in _loaded["stories"]:
            story, found, declared = _load_story(stem, paths, stories_dir, catalog)
            _loaded["stories"][state] = (story, tuple(found), declared)
        _loaded["seen"].add(state)
        story, found, declared = _loaded["stories"][state]
        found = list(found)
        problems += found
        named_after = declared is not None and declared != stem \
            and (stories_dir / f"{declared}.{DEFAULT_LANGUAGE}.md").exists()  # the slug's own problem names it
        if declared in slugs:
            if not (named_after and any(p.field == "slug" and p.file == _name(paths[DEFAULT_LANGUAGE], stories_dir)
                                        for p in found)):
                problems.append(Problem(_name(paths[DEFAULT_LANGUAGE], stories_dir), "slug",
                                        f"the slug '{declared}' is already used by {slugs[declared]}",
                                        "give each story its own slug; a slug is the story's permanent address"))
        elif declared and not named_after:
            # (a file that takes another file's slug does not claim it: the other is reported, not the owner)
            slugs[declared] = _name(paths[DEFAULT_LANGUAGE], stories_dir)
        if isinstance(story, WithdrawnStory):
            withdrawn.append(story)
        elif story is not None:
            stories.append(story)
    problems += _address_clashes([*stories, *withdrawn], stories_dir)
    # A story file that cannot be read still names its media folder: its photos are not reported as unread
    # files (one problem, one message: the file's own).
    named = {**dict.fromkeys(names["files"]), **slugs}
    if names.get("unused", (None,))[0] != named:
        names["unused"] = (named, unused_story_files(stories_dir, named))
    problems += names["unused"][1]
    return stories, withdrawn, problems


def _names(stories_dir: Path) -> dict:
    """What the names of the files under stories/ alone decide, kept while no name changes (a save changes none):
    "problems", links and names that differ only in case, anywhere under stories/ (media folders too: refused, and
    a linked story file is not even read, it may point at any file of the machine) and story files whose name says
    no language; "files", the story files ({stem: {language: path}}); "unused" (set by the caller), the files the
    build does not read, for one set of slugs. At 1,000 alumni, walking the folder three times was 0.3 s of a save."""
    listing = _listing(stories_dir)
    if _names_kept.get("listing") != (stories_dir, listing):
        _names_kept.clear()
        problems = reader.folder_problems(stories_dir, stories_dir.name)
        for path in sorted(stories_dir.glob("*.md")):
            match = _FILE_NAME.match(path.name)
            if path.name.upper().startswith(("README", "TEMPLATE", "_")):
                continue
            if not match or match["lang"] not in LANGUAGES:
                problems.append(Problem(_name(path, stories_dir), "",
                                        "the file name does not say the story's language",
                                        f"name it <slug>.{'.md or <slug>.'.join(LANGUAGES)}.md"))
        _names_kept.update(listing=(stories_dir, listing), problems=tuple(problems), files=story_files(stories_dir))
    return _names_kept


_names_kept: dict = {}


def _listing(folder: Path) -> tuple:
    """Every name under `folder` with whether it is a link or a folder (links not followed), the folder's own
    included: one directory read per folder, no file opened or asked its state."""
    found, pending = [(".", os.path.islink(folder), os.path.isdir(folder))], [str(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    link = entry.is_symlink()
                    directory = not link and entry.is_dir(follow_symlinks=False)
                    found.append((entry.path, link, directory))
                    if directory:
                        pending.append(entry.path)
        except OSError:
            continue
    return tuple(sorted(found))


def unused_story_files(stories_dir: Path, slugs) -> list[Problem]:
    """Files under stories/ the build does not read: reported, not silently ignored. Story files are
    <slug>.<language>.md (README*, TEMPLATE* and _* are notes); photos live in media/<slug>/ of a story."""
    problems = []
    media = stories_dir / portraits.MEDIA_FOLDER
    # os.walk, not Path.rglob: the same files (no folder, no link into a folder followed) in a tenth of the time,
    # which the preview spends at every save (0.4 s at 1,000 alumni with rglob).
    found = [Path(folder, name) for folder, _dirs, files in os.walk(stories_dir) for name in files]
    for path in sorted(found):
        if path.name.startswith(".") or path.name.upper().startswith(("README", "TEMPLATE", "_")):
            continue
        relative = path.relative_to(stories_dir)
        if path.parent == stories_dir and path.suffix == ".md":
            continue  # story files: their names are checked above
        if media in path.parents and len(relative.parts) >= 3 and relative.parts[1] in slugs:
            continue
        name = f"{stories_dir.name}/{relative.as_posix()}"
        if media in path.parents:
            fix = (f"photos go in {stories_dir.name}/{portraits.MEDIA_FOLDER}/<slug>/ of an existing story "
                   "(the folder is named after the story's slug): move it there, or delete it")
        else:
            fix = ("stories/ holds <slug>.<language>.md files and media/<slug>/ photos: move this file "
                   "elsewhere, or delete it")
        problems.append(Problem(name, "", "the build does not read this file", fix))
    return problems


def _address_clashes(stories: list, stories_dir: Path) -> list[Problem]:
    """A story's slug and its aliases share one namespace of addresses: each must lead to one story only."""
    problems = []
    owners = {story.slug: story.slug for story in stories}
    for story in stories:
        name = f"{stories_dir.name}/{story.slug}.{DEFAULT_LANGUAGE}.md"
        line = _line(stories_dir / f"{story.slug}.{DEFAULT_LANGUAGE}.md", "aliases")
        for alias in story.aliases:
            if alias == story.slug:
                problems.append(Problem(name, "aliases", f"'{alias}' is the story's own slug",
                                        "list only earlier slugs under aliases", line))
            elif alias in owners:
                problems.append(Problem(name, "aliases", f"the address '{alias}' already belongs to the story "
                                        f"'{owners[alias]}'", "remove it here: one address leads to one story", line))
            else:
                owners[alias] = story.slug
    return problems


def _name(path: Path, stories_dir: Path) -> str:
    return f"{stories_dir.name}/{path.name}"


# Parsed and checked files, by path, modification time and size: the live preview
# reloads the content on every change, and without this it re-read and re-validated every story
# to pick up one edited file.
_read_cache: dict = {}


def _read(path: Path, stories_dir: Path, schema_name: str):
    """(front matter, body, problems) of one file; callers must not modify what it returns (it is cached)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, schema_name)
    if key not in _read_cache:
        if len(_read_cache) > 100_000:  # a long preview session: forget old versions of edited files
            _read_cache.clear()
        _read_cache[key] = _read_stored(path, stories_dir, schema_name)
    data, body, problems, document = _read_cache[key]
    _documents[str(path)] = document
    return data, body, list(problems)


_documents: dict = {}  # path -> the front matter Document last read, for the lines of later messages


def _line(path: Path, field: str) -> int | None:
    document = _documents.get(str(path))
    return document.line_of(field) if document is not None else None


def _read_stored(path: Path, stories_dir: Path, schema_name: str):
    """_read_uncached's result, from the disk cache when this file's bytes were checked before by this code."""
    store = _disk.get("store")
    if store is None:
        return _read_uncached(path, stories_dir, schema_name)
    raw = frontmatter.read_story_bytes(path)
    if raw is None:  # too large: refused without a key (an empty file must not share the result)
        return _read_uncached(path, stories_dir, schema_name)
    key = persistent.file_key("story-file", _name(path, stories_dir), schema_name, raw)
    result = store.get(key)
    if result is None:
        result = _read_uncached(path, stories_dir, schema_name)
        store.put(key, result)
    elif result[3] is not None:  # (read before: the front matter as split_document read it from these bytes)
        text, problem = frontmatter.decode(raw, _name(path, stories_dir))
        if problem is None:
            frontmatter.remember(text, result[3], result[1])
    return result


def _read_uncached(path: Path, stories_dir: Path, schema_name: str):
    name = _name(path, stories_dir)
    raw = frontmatter.read_story_bytes(path)
    if raw is None:
        return None, "", [Problem(name, "", f"the file is too large (more than {MAX_FILE_BYTES / 1e6:.0f} MB)",
                                  "check that nothing was pasted by accident (a whole document, an image as text); "
                                  "split a very long story in two")], None
    text, problem = frontmatter.decode(raw, name)
    if problem:
        return None, "", [problem], None
    document, body, problems = frontmatter.split_document(text, name)
    if problems:
        return None, "", problems, None
    data = document.data
    for field, message, fix in schema.check(data, schema_name):
        problems.append(Problem(name, field, message, fix, document.line_of(field)))
    problems += _name_problems(data, name, document)
    problems += safe_html.check_body(body, name, first_line=text[: len(text) - len(body)].count("\n") + 1)
    return data, body, problems, document


def _name_problems(data: dict, name: str, document) -> list[Problem]:
    """A person's name is shown, searched and compared: no invisible joiner in it, and no mix of Latin with
    Cyrillic or Greek letters, which makes a look-alike of another person's name."""
    value = data.get("name")
    if not isinstance(value, str):
        return []
    if reader.JOINERS.search(value):
        char = reader.JOINERS.search(value).group()
        return [Problem(name, "name", f"the name holds an invisible joiner (U+{ord(char):04X})",
                        "delete it (retype the name if you cannot see it)", document.line_of("name"))]
    scripts = reader.mixed_scripts(value)
    if scripts:
        return [Problem(name, "name", f"the name mixes {' and '.join(s.title() for s in scripts)} letters, which "
                        "look alike: it may pass for another person's name", "retype the name with one keyboard "
                        "layout (only Latin letters in the English file)", document.line_of("name"))]
    return []


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        problems.append(_slug_mismatch(en_name, data["slug"], stem, stories_dir, _line(en_path, "slug")))
    aliases = tuple(data.get("aliases") or ())
    if data.get("withdrawn") is True:
        # Not published: the rest of the file (if any is left) is neither checked nor read.
        names = tuple(n for n in (data.get("name"), data["slug"].replace("-", " ")) if isinstance(n, str) and n)
        return (None if problems else WithdrawnStory(slug=data["slug"], aliases=aliases, former_names=names)), \
            problems, data["slug"]
    if isinstance(data["batch"], float):  # JSON Schema counts 2.0 as an integer; the batch key would be 'esc-2.0'
        problems.append(Problem(en_name, "batch", f"the batch is written as {data['batch']}",
                                f"write a whole number: batch: {int(data['batch'])}", _line(en_path, "batch")))
        return None, problems, data["slug"]
    if data["country"] not in catalog.countries:
        problems.append(Problem(en_name, "country", f"unknown country '{data['country']}'",
                                f"use one of: {', '.join(catalog.countries)} (or add it to data/countries.yml)",
                                _line(en_path, "country")))
    if data["track"] not in catalog.tracks:
        problems.append(Problem(en_name, "track", f"unknown track '{data['track']}'",
                                f"use one of: {', '.join(catalog.tracks)}", _line(en_path, "track")))
    elif f"{data['track']}-{data['batch']}" not in catalog.batches:
        message, fix = CROSS_FIELD_MESSAGES["batch"]
        problems.append(Problem(en_name, "batch", message.format(batch=data["batch"], track=data["track"]), fix,
                                _line(en_path, "batch")))
    problems += [dataclasses.replace(p, line=_line(en_path, p.field)) for p in _unknown_sources(data, catalog, en_name)]
    problems += _basis_problems(data, en_name, en_path)
    problems += _honorific_problems(data, en_name, en_path, DEFAULT_LANGUAGE)
    problems += quote_problems(data, body, en_name, DEFAULT_LANGUAGE, en_path)
    start, end = parse_year_month(data["period"]["start"]), parse_year_month(data["period"]["end"])
    if end.sort_key() < start.sort_key():
        problems.append(Problem(en_name, "period", *CROSS_FIELD_MESSAGES["period"], _line(en_path, "period")))
    portrait = data.get("portrait") or {}
    portrait_source = None
    if portrait.get("file") and data["slug"] == stem:  # (else the photo's folder is unknown: the slug's problem)
        portrait_source, found = _inspect_portrait(stories_dir, data["slug"], portrait["file"], en_name)
        line = _line(en_path, "portrait.file")
        problems += [dataclasses.replace(problem, line=line) for problem in found]
    draft = data.get("draft") is True
    if not draft:  # a draft may keep the template's placeholders; a story to be published may not
        for path in paths.values():
            problems += publishing.placeholder_problems(path, _name(path, stories_dir))
    texts = {DEFAULT_LANGUAGE: _text(DEFAULT_LANGUAGE, en_name, data, body)}

    for lang, path in paths.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        translation, t_body, t_problems = _read(path, stories_dir, schema.TRANSLATION_SCHEMA)
        problems += t_problems
        if translation is None or t_problems:
            continue
        problems += _disagreements(data, translation, _name(path, stories_dir), path)
        problems += _portrait_text_missing(portrait, translation, _name(path, stories_dir))
        problems += _later_roles_mismatch(data, translation, _name(path, stories_dir))
        problems += _unknown_sources({"quotes": translation.get("quotes")}, catalog, _name(path, stories_dir))
        problems += _honorific_problems(translation, _name(path, stories_dir), path, lang)
        problems += quote_problems({**translation, "basis": data.get("basis")}, t_body, _name(path, stories_dir),
                                   lang, path)
        texts[lang] = _text(lang, _name(path, stories_dir), translation, t_body)

    if problems:
        return None, problems, data["slug"]
    return Story(slug=data["slug"], country=data["country"], track=data["track"], batch=data["batch"],
                 period=Period(start, end), role_as_of=dt.date.fromisoformat(data["current_role"]["as_of"]),
                 published=dt.date.fromisoformat(data["published"]), portrait_file=portrait.get("file"),
                 texts=texts, draft=draft, portrait_source=portrait_source, aliases=aliases,
                 sources=tuple(data.get("sources") or ()), roles=_roles(data, paths, stories_dir),
                 reviewed=dt.date.fromisoformat(data["reviewed"]), basis=_basis(data["basis"])), [], data["slug"]


def _basis(basis: dict) -> Basis:
    def day(key):
        return dt.date.fromisoformat(basis[key]) if basis.get(key) else None
    return Basis(source=basis.get("source"), consent=day("consent"), consent_ends=day("consent_ends"))


def _basis_problems(data: dict, name: str, path: Path) -> list[Problem]:
    """A story rests on a public source or on the person's consent: one of the two, and a consent ends after it
    began. (Whether it has ended depends on the day: the site's load checks that, see views.load_site_checked.)"""
    basis = data.get("basis") or {}
    line = _line(path, "basis")
    if bool(basis.get("source")) == bool(basis.get("consent")):
        return [Problem(name, "basis", *CROSS_FIELD_MESSAGES["basis"], line)]
    if basis.get("consent_ends") and not basis.get("consent"):
        return [Problem(name, "basis.consent_ends", *CROSS_FIELD_MESSAGES["basis"], line)]
    if basis.get("consent_ends") and basis["consent_ends"] < basis["consent"]:
        return [Problem(name, "basis.consent_ends", *CROSS_FIELD_MESSAGES["consent_ends"], line)]
    return []


def consent_ended_problem(story: Story, today: dt.date) -> Problem | None:
    """A story whose person's consent has ended is refused: it must be withdrawn (or the consent renewed)."""
    if not story.basis.ended(today):
        return None
    ended = story.basis.consent_ends.isoformat()
    return Problem(f"stories/{story.slug}.{DEFAULT_LANGUAGE}.md", "basis.consent_ends",
                   f"the person's consent ended on {ended}, so the story may no longer be published",
                   "withdraw the story (write withdrawn: true, see the guide, \"Withdrawing a story\"), or, if the "
                   "person agreed again, write the new dates in consent and consent_ends")


def _honorific_problems(data: dict, name: str, path: Path, language: str) -> list[Problem]:
    value = data.get("honorific")
    if not isinstance(value, str):
        return []
    lowered = value.casefold()
    found = next((t for t in OFFICE_TITLES.get(language, ()) if t in lowered), None)
    if found is None:
        return []
    return [Problem(name, "honorific", f"'{value}' is a title of office: shown with the name, it would read as "
                    "the person's title forever", "keep honorific for a courtesy title (Mr., Ms., 氏) or none, and "
                    "write the office in a dated role (current_role or later_roles)", _line(path, "honorific"))]


def _normal(text: str) -> str:
    """A quotation compared with the list: case, quotation marks, spaces and closing punctuation set aside."""
    text = re.sub(r"\s+", " ", text.casefold()).strip(" “”\"'「」")
    return text.rstrip(" .,。、!?！？")


def quote_problems(data: dict, body: str, name: str, language: str, path: Path | None = None) -> list[Problem]:
    """Every quotation of the person (the pull quote, each long quoted span of the text) is one of `quotes`, or
    a part of one, so each says where its words come from (issue 26). One rule for the check and the build."""
    listed = [_normal(q["text"]) for q in data.get("quotes") or () if isinstance(q, dict) and q.get("text")]
    problems = []
    if (data.get("basis") or {}).get("source"):  # adapted from an article: each quotation's edition is named
        problems += [Problem(name, f"quotes.{i}.source", "the quotation does not say which edition its words come "
                             "from", "add source: <key> (the edition the words were taken or translated from)")
                     for i, q in enumerate(data.get("quotes") or ()) if isinstance(q, dict) and not q.get("source")]

    def covered(text: str) -> bool:
        normal = _normal(text)
        return any(normal in quote for quote in listed)

    if isinstance(data.get("pull_quote"), str) and not covered(data["pull_quote"]):
        problems.append(Problem(name, "pull_quote", "the pull quote is not among the quotes, so nothing says where its "
                                "words come from", "add it under quotes: with text, provenance (original or "
                                "translation) and source", _line(path, "pull_quote") if path else None))
    pattern, long_enough = QUOTATION.get(language, QUOTATION[DEFAULT_LANGUAGE])
    for match in pattern.finditer(body or ""):
        quoted = match.group(1)
        if long_enough(quoted) and not covered(quoted):
            shown = quoted if len(quoted) <= 60 else quoted[:57] + "..."
            problems.append(Problem(name, "quotes", f"the text quotes “{shown}”, which is not among the quotes, so "
                                    "nothing says where its words come from", "add it under quotes: with text, "
                                    "provenance (original or translation) and source"))
    return problems


def _slug_mismatch(en_name: str, slug: str, stem: str, stories_dir: Path, line: int | None) -> Problem:
    """The slug and the file name disagree. The fix never renames these files onto another story's (the form saves
    a second story with a taken slug as <slug>-1.en.md: renaming it to <slug>.en.md would overwrite the first)."""
    taken = [f"{stories_dir.name}/{slug}.{lang}.md" for lang in LANGUAGES if (stories_dir / f"{slug}.{lang}.md").exists()]
    if taken:
        fix = ((f"set slug: {stem} (or another slug no story uses, and rename these files to it)"
                if _SLUG.match(stem) else "choose a slug no story uses, set it here and rename these files to it")
               + f"; never rename these files to {slug}.<language>.md: {taken[0]} is another story, which it "
               "would overwrite")
        return Problem(en_name, "slug", f"the slug '{slug}' differs from the file name '{stem}', and '{slug}' is "
                       f"already the slug of {taken[0]}", fix, line)
    return Problem(en_name, "slug", f"the slug '{slug}' differs from the file name '{stem}'",
                   f"rename the files to {slug}.<language>.md"
                   + (f", or set slug: {stem}" if _SLUG.match(stem) else
                      " (a slug and a file name hold only lowercase letters a-z, digits and hyphens)"), line)


def _inspect_portrait(stories_dir: Path, slug: str, file, where: str):
    """portraits.inspect, whose result for these bytes is kept on disk: checking decodes every pixel of the photo,
    which was most of a warm build's content loading once a third of the stories had a 1200 x 1500 photo."""
    store = _disk.get("store")
    relative = PurePosixPath(str(file))
    path = Path(stories_dir) / portraits.MEDIA_FOLDER / slug / relative
    try:  # a name inspect() refuses (absolute, "..") is never opened here
        plain = not relative.is_absolute() and ".." not in relative.parts and "\\" not in str(file)
        small_file = plain and not portraits.linked(stories_dir, slug, relative) and path.is_file() and path.stat().st_size <= portraits.MAX_BYTES
    except (OSError, ValueError):
        small_file = False
    if store is None or not small_file:
        return portraits.inspect(stories_dir, slug, file, where)
    key = persistent.file_key("portrait", where, slug, str(file), path.read_bytes())
    stored = store.get(key)
    if stored is None:
        source, problems = portraits.inspect(stories_dir, slug, file, where)
        stored = ((source.width, source.height, source.digest) if source else None, problems)
        store.put(key, stored)
    size, problems = stored
    source = portraits.PortraitSource(path, *size) if size else None
    return source, list(problems)


def _unknown_sources(data: dict, catalog: Catalog, name: str) -> list[Problem]:
    """Every source a story cites (its articles, the source of each role) must be in data/sources.yml."""
    cited = [("sources", key) for key in data.get("sources") or ()]
    if (data.get("current_role") or {}).get("source"):
        cited.append(("current_role.source", data["current_role"]["source"]))
    cited += [(f"later_roles.{i}.source", role["source"]) for i, role in enumerate(data.get("later_roles") or ())]
    cited += [(f"quotes.{i}.source", quote["source"]) for i, quote in enumerate(data.get("quotes") or ())
              if quote.get("source")]
    if (data.get("basis") or {}).get("source"):
        cited.append(("basis.source", data["basis"]["source"]))
    return [Problem(name, field, f"unknown source {key!r}",
                    f"use a key of data/sources.yml ({', '.join(catalog.sources)}), or add the source there first")
            for field, key in cited if key not in catalog.sources]


def _later_roles_mismatch(english: dict, translation: dict, name: str) -> list[Problem]:
    if "later_roles" not in translation:
        return []  # the English titles are shown until the roles are translated
    if len(translation["later_roles"]) != len(english.get("later_roles") or ()):
        return [Problem(name, "later_roles", f"has {len(translation['later_roles'])} roles but the English file has "
                        f"{len(english.get('later_roles') or ())}", "translate each of the English file's later_roles, "
                        "in the same order")]
    return []


def _roles(data: dict, paths: dict, stories_dir: Path) -> tuple:
    """The role at the time of the article, then the later ones, each with its date, source and titles."""
    translations = {lang: _read(path, stories_dir, schema.TRANSLATION_SCHEMA)[0] or {}
                    for lang, path in paths.items() if lang != DEFAULT_LANGUAGE}
    first_source = (data.get("sources") or [None])[0]
    current = data["current_role"]
    roles = [Role(title={DEFAULT_LANGUAGE: current["title"],
                         **{lang: t["current_role"]["title"] for lang, t in translations.items() if t.get("current_role")}},
                  as_of=dt.date.fromisoformat(current["as_of"]), source=current.get("source") or first_source)]
    for index, role in enumerate(data.get("later_roles") or ()):
        titles = {DEFAULT_LANGUAGE: role["title"]}
        for lang, t in translations.items():
            if len(t.get("later_roles") or ()) > index:
                titles[lang] = t["later_roles"][index]["title"]
        roles.append(Role(title=titles, as_of=dt.date.fromisoformat(role["as_of"]), source=role["source"]))
    return tuple(roles)


def _portrait_text_missing(english_portrait: dict, translation: dict, name: str) -> list[Problem]:
    """A photo needs its alt text and credit in every language that shows it."""
    if not english_portrait.get("file") or translation.get("portrait"):
        return []  # when present, the schema requires alt, caption and credit
    return [Problem(name, "portrait", "the English file has a photo but this translation has no alt text or credit",
                    "add 'portrait:' with 'alt:', 'caption:' and 'credit:' in this language")]


def _disagreements(english: dict, translation: dict, name: str, path: Path) -> list[Problem]:
    problems = []
    for field in NEUTRAL_FIELDS:
        if field in translation and translation[field] != english.get(field):
            problems.append(Problem(name, field, f"says {schema.shown(translation[field])} but the English file says "
                                    f"{schema.shown(english.get(field))}",
                                    f"remove '{field}' here; it is kept in the English file", _line(path, field)))
    for parent, field in NEUTRAL_NESTED:
        value = (translation.get(parent) or {}).get(field)
        if value is not None and value != (english.get(parent) or {}).get(field):
            problems.append(Problem(name, f"{parent}.{field}", f"says {schema.shown(value)} but the English file says "
                                    f"{schema.shown((english.get(parent) or {}).get(field))}",
                                    f"remove '{field}' here; it is kept in the English file",
                                    _line(path, f"{parent}.{field}")))
    return problems


def _text(lang: str, name: str, data: dict, body: str) -> StoryText:
    portrait = data.get("portrait") or {}
    return StoryText(language=lang, path=name, name=data["name"], honorific=data.get("honorific"),
                     ministry=data.get("ministry"), role_title=data["current_role"]["title"],
                     pull_quote=data["pull_quote"], takeaways=tuple(data.get("takeaways") or ()),
                     author=data["author"], body=body, portrait_alt=portrait.get("alt"),
                     portrait_caption=portrait.get("caption"), portrait_credit=portrait.get("credit"),
                     quotes=tuple(Quote(text=q["text"], provenance=q["provenance"], source=q.get("source"))
                                  for q in data.get("quotes") or ()))
