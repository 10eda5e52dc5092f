"""Reading a story file: bytes to (front matter mapping, Markdown body), tolerant of editors' tools.

Hand-written because the format is tiny and the messages must speak to editors: a library such as
python-frontmatter would hand us a traceback for the very cases we need to explain (no UTF-8, a
list instead of a mapping, a missing closing line).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from alumni_stories.errors import Problem
from alumni_stories.content.reader import decode  # noqa: F401 (story files are decoded as every file is)


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


def split(text: str, path: str) -> tuple[dict | None, str, list[Problem]]:
    """Front matter as a mapping (dates as ISO strings) and the body; problems instead of exceptions."""
    if not text.strip():
        return None, "", [Problem(path, "", "the file is empty",
                                  "copy a story template (see the content guide) or delete the file")]
    match = _FENCE.match(text)
    if not match:
        return None, "", [Problem(path, "", "the file has no front matter",
                                  "start the file with a line '---', the fields, then another '---'", 1)]
    try:
        data = yaml.load(match.group(1) or "", Loader=_loader_for(match.group(1) or ""))  # noqa: S506 (safe loaders)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening fence
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return None, "", [Problem(path, "", f"the front matter is not valid YAML ({reason})",
                                  "check indentation and quoting; put text with ':' or '#' in quotes", line)]
    except Exception as err:  # noqa: BLE001
        # The safe loader runs no code of the file's; its value constructors raise bare exceptions
        # (IndexError, ValueError, RecursionError...) for odd explicit tags or nesting: '!!int', '!!timestamp x'.
        return None, "", [Problem(path, "", f"the front matter has a value that cannot be read "
                                  f"({type(err).__name__}: {err})",
                                  "write plain values; remove '!!' tags and put unusual text in quotes", 2)]
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return None, "", [Problem(path, "", f"the front matter must be a set of 'field: value' lines, not {kind}",
                                  "write one 'field: value' per line between the '---' lines", 2)]
    body = text[match.end():]
    return _plain(data), body, []


class _StoryLoader(yaml.SafeLoader):
    """YAML's safe subset, as editors write it.

    Dates stay text (2019-09-29 is checked by the schema, which names the field when the date does not
    exist: PyYAML would raise a bare ValueError for 2019-02-30). Anchors and aliases (&a, *a) are refused:
    a story never needs them, and a few lines of them can expand into gigabytes.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases such as *name are not allowed",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


# Dates stay text in both loaders (same resolvers).
_IMPLICIT_RESOLVERS = _StoryLoader.yaml_implicit_resolvers


class _FastStoryLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader (the PyYAML wheels have it): same results, about ten times faster, and front
    matter is read for every story file on every build. Its parser is C, so it cannot refuse aliases:
    _loader_for hands text that could hold one (a '&' or '*') to _StoryLoader instead."""

    yaml_implicit_resolvers = _IMPLICIT_RESOLVERS


def _loader_for(text: str):
    return _StoryLoader if ("&" in text or "*" in text) else _FastStoryLoader


def field_line(text: str, field: str) -> int | None:
    """The line where a top-level field is written, so messages can point at it."""
    top = field.split(".")[0]
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(rf"{re.escape(top)}\s*:", line):
            return number
    return None


def _plain(value):
    """YAML's dates become ISO strings so one JSON Schema describes what editors type."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value
