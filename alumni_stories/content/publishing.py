"""Publishing rules: drafts, embargoes, template placeholders, and whether translations are up to date.

- A story is public when it is not a draft (`draft: true`) and its `published` date has come.
  The preview (the live server editors run) shows every story; the published site only the public ones.
- A new profile starts from a template whose unfilled values contain the marker "TODO:". A draft may
  keep them; a story that is to be published may not (the build stops and names the line).
- A translation records, in `translated_from:`, a fingerprint of the English text it was translated
  from. When the English text changes, the fingerprint no longer matches, and the translation is
  reported as older than the English. No version control is needed to know it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from alumni_stories.content import frontmatter
from alumni_stories.errors import Problem
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES

PLACEHOLDER = "TODO:"
# The English text a translation renders; neutral facts (dates, batch, draft) do not need re-translating.
TRANSLATED_FIELDS = ("name", "honorific", "ministry", ("current_role", "title"), ("portrait", "alt"),
                     ("portrait", "caption"), ("portrait", "credit"), "pull_quote", "takeaways", "author")
FINGERPRINT_LENGTH = 12

_KEY = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:")


# --- placeholders -----------------------------------------------------------------------------------

def placeholders(text: str) -> list[tuple[int, str]]:
    """(line number, field) of every line holding the template marker; the field is 'body' below the front matter."""
    lines = text.split("\n")
    closing = _closing_fence(lines)
    found = []
    for index, line in enumerate(lines):
        if PLACEHOLDER in line:
            field = "body" if closing is not None and index > closing else _field_at(lines, index)
            found.append((index + 1, field))
    return found


def placeholder_problems(path: Path, name: str) -> list[Problem]:
    raw = frontmatter.read_story_bytes(path)
    if raw is None:
        return []  # reported by the loader already (too large, a link)
    text, problem = frontmatter.decode(raw, name)
    if problem:
        return []  # reported by the loader already
    return [Problem(name, field, f"still holds a template placeholder ({PLACEHOLDER} ...)",
                    f"replace the {PLACEHOLDER} text with the real value, or keep 'draft: true' until it is ready",
                    line)
            for line, field in placeholders(text)]


def _closing_fence(lines: list[str]) -> int | None:
    if not lines or lines[0].strip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)


def _field_at(lines: list[str], index: int) -> str:
    """The dotted field a front matter line belongs to, found from the indentation of the lines above it."""
    path = []
    limit = None
    for line in reversed(lines[: index + 1]):
        match = _KEY.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent = len(match["indent"])
        if limit is None or indent < limit:
            path.insert(0, match["key"])
            limit = indent
            if indent == 0:
                break
    return ".".join(path)


# --- translations -----------------------------------------------------------------------------------

def english_fingerprint(data: dict, body: str) -> str:
    """A short digest of the English text that translations render (not of dates or other neutral facts)."""
    text = {}
    for field in TRANSLATED_FIELDS:
        if isinstance(field, tuple):
            parent, child = field
            text[".".join(field)] = (data.get(parent) or {}).get(child)
        else:
            text[field] = data.get(field)
    text["body"] = "\n".join(line.rstrip() for line in body.strip().split("\n"))
    canonical = json.dumps(text, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


# --- the state of every story, for people --------------------------------------------------------------

# Translation states shown in the check command's table.
PRESENT, MISSING, OUTDATED, UNRECORDED, TEMPLATE, UNREADABLE = (
    "present", "missing", "English newer", "present (not recorded)", "template, to translate", "cannot be read")


@dataclass(frozen=True)
class StoryStatus:
    slug: str
    languages: dict  # language -> one of the states above
    draft: bool
    published: dt.date | None
    placeholders: int  # lines still holding the template marker, all languages together

    def embargoed(self, today: dt.date) -> bool:
        return self.published is not None and self.published > today


def content_status(stories_dir: Path) -> list[StoryStatus]:
    """Read the story files as they are (even broken ones) and say what state each story is in."""
    statuses = []
    for stem, paths in frontmatter.story_files(stories_dir).items():
        key = (stem, tuple((language, str(path), *_state(path)) for language, path in sorted(paths.items())))
        if key not in _statuses:
            if len(_statuses) > 20_000:
                _statuses.clear()
            _statuses[key] = _story_status(stem, paths)
        statuses.append(_statuses[key])
    return statuses


# Each story's status by its files' state: the preview asks for every story's at every save, and only the saved
# file has changed (the English text's fingerprint and the placeholders of 2,000 files: 0.2 s of a save at 1,000).
_statuses: dict = {}


def _state(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return stat.st_mtime_ns, stat.st_size


def _story_status(stem: str, paths: dict) -> StoryStatus:
    english = _read(paths.get(DEFAULT_LANGUAGE))
    fingerprint = english[1] if english else None
    data = english[0] if english else {}
    states = {}
    marks = 0
    for language in LANGUAGES:
        path = paths.get(language)
        if path is None:
            states[language] = MISSING
            continue
        read = _read(path)
        if read is None:
            states[language] = UNREADABLE
            continue
        found = read[2]
        marks += found
        if language == DEFAULT_LANGUAGE:
            states[language] = PRESENT
        elif found:
            states[language] = TEMPLATE
        elif not read[0].get("translated_from"):
            states[language] = UNRECORDED
        elif read[0]["translated_from"] != fingerprint:
            states[language] = OUTDATED
        else:
            states[language] = PRESENT
    published = data.get("published")
    try:
        published = dt.date.fromisoformat(published) if isinstance(published, str) else None
    except ValueError:
        published = None
    return StoryStatus(slug=stem, languages=states, draft=data.get("draft") is True, published=published,
                       placeholders=marks)


def _read(path: Path | None):
    """(front matter, the fingerprint of its text as English, lines holding a placeholder) or None when the file
    is missing or unreadable; callers must not modify it.

    Kept while the file's size and modification time stay the same: the preview asks for every story's state
    on every save, and only the saved file has changed. Only what the status needs is kept, never the text: every
    story's text twice more was 15 MiB of a build's memory at 1,000 alumni (issue 27)."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _reads:
        if len(_reads) > 20_000:
            _reads.clear()
        _reads[key] = _read_uncached(path)
    return _reads[key]


_reads: dict = {}


def _read_uncached(path: Path):
    raw = frontmatter.read_story_bytes(path)  # bounded: the check reads every file, a 50 MB one included
    if raw is None:
        return None
    text, problem = frontmatter.decode(raw, path.name)
    if problem:
        return None
    data, body, problems = frontmatter.split(text, path.name)
    return None if problems else (data, english_fingerprint(data, body), len(placeholders(text)))


def mark_translated(english_path: Path, translation_path: Path) -> str:
    """Record in the translation the fingerprint of the English text it now matches; returns the fingerprint.

    Edits one line in place (or adds it before the closing '---'), so the file's comments and order stay.
    """
    english = _read(english_path)
    if english is None:
        raise ValueError(f"{english_path.name} cannot be read; run the check command to see why")
    fingerprint = english[1]
    text = translation_path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    closing = _closing_fence(lines)
    if closing is None:
        raise ValueError(f"{translation_path.name} has no front matter")
    entry = f"translated_from: {fingerprint}  # fingerprint of the English text this translation matches"
    for index in range(1, closing):
        if re.match(r"translated_from\s*:", lines[index]):
            lines[index] = entry
            break
    else:
        lines.insert(closing, entry)
    translation_path.write_text("\n".join(lines), encoding="utf-8")
    return fingerprint


def due_for_review(stories, months: int | None, today: dt.date) -> list[tuple]:
    """(story, due date) of every story whose review is due on `today`: `months` (data/publishing.yml,
    review_after_months) after its `reviewed` date. A notice for the team, never a problem: the story stays
    published while someone reads it again against its sources, or asks the person."""
    due = [(story, story.review_due(today, months)) for story in stories]
    return sorted(((story, day) for story, day in due if day is not None and day <= today),
                  key=lambda pair: (pair[1], pair[0].slug))
