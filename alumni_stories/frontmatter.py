"""Reading a story file: bytes to (front matter mapping, Markdown body), tolerant of editors' tools.

Hand-written because the format is tiny and the messages must speak to editors: a library such as
python-frontmatter would hand us a traceback for the very cases we need to explain (no UTF-8, a
list instead of a mapping, a missing closing line).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import yaml

from .errors import Problem

# libyaml's loader when PyYAML has it (the wheels do): same results, about ten times faster, and
# front matter is read for every story file on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text with any byte-order mark dropped, Windows and old Mac line endings made \\n, NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Problem(path, "", f"the file is not UTF-8 text (bad byte at line {line})",
                             "save the file with UTF-8 encoding", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), None


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
        data = yaml.load(match.group(1) or "", Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening fence
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return None, "", [Problem(path, "", f"the front matter is not valid YAML ({reason})",
                                  "check indentation and quoting; put text with ':' or '#' in quotes", line)]
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return None, "", [Problem(path, "", f"the front matter must be a set of 'field: value' lines, not {kind}",
                                  "write one 'field: value' per line between the '---' lines", 2)]
    body = text[match.end():]
    return _plain(data), body, []


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
