"""Reading a story file: bytes to (front matter mapping, Markdown body), tolerant of editors' tools.

Hand-written because the format is tiny and the messages must speak to editors: a library such as
python-frontmatter would hand us a traceback for the very cases we need to explain (no UTF-8, a
list instead of a mapping, a missing closing line).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from alumni_stories.content import sources
from alumni_stories.errors import Problem
from alumni_stories.content.reader import Document, decode, read_bounded, read_yaml  # noqa: F401 (decode: story files too)


# A story file is a few kilobytes; the body alone may have up to safe_html.MAX_BODY_BYTES (12 MB leaves room
# for UTF-32). Larger files are refused having read no more than this plus one byte (reader.read_bounded).
MAX_FILE_BYTES = 12_000_000

# A story file is <slug>.<language>.md; the stem is what the file name says, before any check of it.
FILE_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


def story_files(stories_dir: Path) -> dict[str, dict[str, Path]]:
    """{stem: {language: path}} for every story file, whatever its content."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(Path(stories_dir).glob("*.md")):
        match = FILE_NAME.match(path.name)
        if match:
            found.setdefault(match["stem"], {})[match["lang"]] = path
    return found


_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def read_story_bytes(path: Path) -> bytes | None:
    """A story file's bytes; None when it is larger than MAX_FILE_BYTES (or cannot be read)."""
    try:
        return None if Path(path).is_symlink() else sources.read_bounded(path, MAX_FILE_BYTES)
    except OSError:
        return None


def split(text: str, path: str) -> tuple[dict | None, str, list[Problem]]:
    """Front matter as a mapping (dates as ISO strings) and the body; problems instead of exceptions."""
    document, body, problems = split_document(text, path)
    return (document.data if document is not None else None), body, problems


def split_document(text: str, path: str) -> tuple[Document | None, str, list[Problem]]:
    """The front matter read by the one safe reader (each field with its line) and the body; each text is parsed
    once per process, whoever asks (the loader, then the translation status): callers must not modify it."""
    key = hashlib.sha256(text.encode("utf-8")).digest()  # not the name: the loader and the status name it apart
    if key in _split:
        document, body = _split[key]
        return document, body, []
    document, body, problems = _split_document(text, path)
    if not problems:  # problems name the file: a text with problems is read again (and stops the build anyway)
        remember(text, document, body)
    return document, body, problems


_split: dict = {}  # sha256 of a story file's text -> (front matter, body) split_document read from it


def remember(text: str, document: Document, body: str) -> None:
    """What split_document read from `text`, kept elsewhere (the loader's disk cache of checked files): the next
    caller asking for that text (the translation status) is not made to parse it again (0.8 s of a warm build at
    1,000 alumni)."""
    if len(_split) > 20_000:  # a long preview session: forget old versions of edited files
        _split.clear()
    _split[hashlib.sha256(text.encode("utf-8")).digest()] = (document, body)


def _split_document(text: str, path: str) -> tuple[Document | None, str, list[Problem]]:
    if not text.strip():
        return None, "", [Problem(path, "", "the file is empty",
                                  "copy a story template (see the content guide) or delete the file")]
    match = _FENCE.match(text)
    if not match:
        return None, "", [_fence_problem(text, path)]
    document, problems = read_yaml(match.group(1) or "", path, line_offset=1)
    if document is None or problems:
        return None, "", problems
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else ("a list" if isinstance(document.data, list) else "a single value")
        return None, "", [Problem(path, "", f"the front matter must be a set of 'field: value' lines, not {kind}",
                                  "write one 'field: value' per line between the '---' lines", 2)]
    return document, text[match.end():], []


_FIELD_LINE = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")


def _fence_problem(text: str, path: str) -> Problem:
    """Which of the two '---' lines is missing, and where the fields seem to end: the editor's fix is one line."""
    lines = text.split("\n")
    if re.match(r"\A---[ \t]*\n", text):
        # The opening line is there: the fields end at the first blank line or at the first line of the story
        # text (a line that is neither 'field: value', indented, a list item nor a comment).
        end = next((number for number, line in enumerate(lines[1:], start=2)
                    if not line.strip() or not (_FIELD_LINE.match(line) or line[:1] in (" ", "\t", "-", "#"))),
                   len(lines))
        return Problem(path, "", "the front matter has no closing '---' line: the fields that start on line 1 never "
                       "end, so the story text is read as fields", f"add a line '---' after the last field (before "
                       f"line {end}), between the fields and the story text", end)
    if any(line.strip() == "---" for line in lines[1:]) and _FIELD_LINE.match(lines[0].lstrip("\ufeff")):
        return Problem(path, "", "the first line '---' is missing: the file starts with a field",
                       "add a line '---' as the very first line of the file, above the fields", 1)
    return Problem(path, "", "the file has no front matter (it does not start with a line '---')",
                   "start the file with a line '---', the fields, then another '---' (copy them from a story "
                   "template or another story)", 1)


def field_line(text: str, field: str) -> int | None:
    """The line where a top-level field is written, so messages can point at it."""
    top = field.split(".")[0]
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(rf"{re.escape(top)}\s*:", line):
            return number
    return None
