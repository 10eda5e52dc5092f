"""The one safe reader of every YAML the build reads: story front matter, every file in data/, the URL manifest.

YAML's safe subset as editors write it, and no more: anchors, aliases, tags and duplicate keys are refused
(a few lines of aliases expand into gigabytes; a duplicate key silently wins), files and nesting are bounded,
text is NFC and may hold no control characters, dates stay text (the JSON Schema checks them), and every
value keeps the line it was written on, so each message can point at it. Errors of YAML syntax are explained
by their real cause: a tab, a quote left open (at the line where it opened), a colon that needs quotes.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alumni_stories.errors import Problem

MAX_DEPTH = 20  # no file the build reads nests deeper than a handful of levels
MAX_DIGITS = 30  # Python refuses to read integers of more than 4,300 digits; no field needs more than a few
MAX_DATA_BYTES = 4_000_000  # the URL manifest of a thousand stories is about 600 kB
# Control characters, and the invisible ones that change what text shows or how it compares: bidirectional marks
# and overrides (U+061C, U+200E/F, U+202A-E, U+2066-9), zero-width space and word joiners (U+200B, U+2060-4,
# U+FEFF inside text), the Mongolian vowel separator (U+180E) and the tag characters (U+E0000-E007F).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
                     r"\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
# Joiners have a use in running text (Indic scripts, emoji), none in a name: refused in names only.
JOINERS = re.compile(r"[\u200c\u200d]")


def mixed_scripts(text: str) -> tuple[str, ...]:
    """The scripts of `text`'s letters when it mixes Latin with Cyrillic or Greek (a look-alike of another name:
    Cyrillic 'а' and 'о' look exactly like Latin 'a' and 'o'). Hand-written: the first word of a letter's Unicode
    name is its script for these three, which is all this check needs."""
    scripts = {unicodedata.name(char, "").split(" ")[0] for char in text if char.isalpha()}
    found = scripts & {"LATIN", "CYRILLIC", "GREEK"}
    return tuple(sorted(found)) if "LATIN" in found and len(found) > 1 else ()

# Windows editors save "Unicode" text as UTF-16 with a byte-order mark; the mark names the encoding
# unambiguously, so such files are read as they are. Longest marks first: UTF-32-LE starts like UTF-16-LE.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Unicode text (UTF-8, or UTF-8/16/32 with a byte-order mark, which is dropped), Windows and old Mac
    line endings made \\n, NFC. Legacy encodings (Shift_JIS, Windows-1252...) cannot be told apart
    reliably, so they are refused with a message rather than guessed."""
    encoding = "utf-8"
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            raw, encoding = raw[len(mark):], name
            break
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count("\n".encode(encoding)) + 1
        return None, Problem(path, "", f"the file is not {encoding.upper()} text (unreadable bytes at line {line}; "
                             "it may have been saved as Shift_JIS or Windows-1252)",
                             "open it in your editor and save it again with UTF-8 encoding", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), None


def field_name(path) -> str:
    """How messages name a value: countries 'lao-pdr.name.en', a list entry '[3].number', 'takeaways.0'."""
    parts = [str(p) for p in path]
    if path and isinstance(path[0], int):
        parts[0] = f"[{path[0]}]"
    return ".".join(parts)


@dataclass
class Document:
    """What a YAML text holds, plain (mappings, lists, text, numbers, booleans, null) with each value's line."""

    data: object
    lines: dict = field(default_factory=dict)  # path tuple -> 1-based line in the file

    def line(self, path) -> int | None:
        """The line of the value at `path`, or of the nearest enclosing value that exists."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def line_of(self, name: str) -> int | None:
        """The line of a field named as field_name() names it."""
        path = []
        for part in name.split(".") if name else []:
            if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
                path.append(int(part[1:-1]))
            else:
                path.append(int(part) if part.isdigit() and path and isinstance(self._at(path), list) else part)
        return self.line(path)

    def _at(self, path):
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


class _Refused(yaml.MarkedYAMLError):
    """A construct the reader does not accept, at its place in the file."""


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with anchors, aliases, tags and deep nesting refused as they are read."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(None, None, f"an alias (*{event.anchor}) is not allowed||write the value out",
                           event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused(None, None, f"an anchor (&{event.anchor}) is not allowed||write each value out",
                           event.start_mark)
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(None, None, f"a value starts with '{tag}', a tag, which asks YAML for a type, and the "
                           f"content files accept none||remove '{tag}', or put the whole value in quotes",
                           event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(None, None, f"the values are nested more than {MAX_DEPTH} levels deep||write "
                               "the fields as the template does", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader: same results, about ten times faster (story front matter is read on every
    build). Its parser is C and cannot refuse anchors or tags while reading, so text that could hold one
    (a '&', '*' or '!') goes to _SafeLoader instead; nesting and duplicate keys are checked on its nodes."""

    yaml_implicit_resolvers = _SafeLoader.yaml_implicit_resolvers


def _loader_for(text: str):
    return _SafeLoader if ("&" in text or "*" in text or "!" in text) else _FastLoader


def read_yaml(text: str, name: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """The document in `text` (already decoded), or the problems that keep it from being read.
    `line_offset`: lines before `text` in its file (the opening '---' of front matter)."""
    bad = CONTROL.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1 + line_offset
        return None, [Problem(name, _field_at(text, bad.start()), f"the text holds an invisible control character "
                              f"(U+{ord(bad.group()):04X})", "delete it (retype the text around it if you "
                              "cannot see it)", line)]
    loader = _loader_for(text)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {(): 1 + line_offset}), []
        lines, problems = {}, []
        _walk(node, (), lines, problems, name, line_offset, 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        return None, [_explain(err, text, name, line_offset)]
    except yaml.YAMLError as err:  # a ReaderError: a character YAML does not accept
        position = getattr(err, "position", 0) or 0
        return None, [Problem(name, "", "the file holds a character YAML does not accept",
                              "delete it (retype the text around it)", text[:position].count("\n") + 1 + line_offset)]
    except (RecursionError, ValueError, TypeError, IndexError, OverflowError) as err:
        # The safe constructors raise bare exceptions for odd values ('!!int', '!!timestamp x'); tags are
        # refused above, so this is a last guard: a message, not a traceback.
        return None, [Problem(name, "", f"a value cannot be read ({type(err).__name__})",
                              "write plain values and put unusual text in quotes", 1 + line_offset)]
    finally:
        loader.dispose()
    data, found = _plain(data, (), lines, name)
    problems += found
    # A duplicate key or a control character leaves a readable document: the schema may find more to report.
    return Document(data, lines), problems


def read_file(path: Path, name: str, max_bytes: int = MAX_DATA_BYTES) -> tuple[Document | None, list[Problem]]:
    """A whole YAML file (a data file, the URL manifest): bounded, decoded, read."""
    if Path(path).is_symlink():
        return None, [link_problem(name)]
    try:
        raw = read_bounded(path, max_bytes)
        if raw is None:
            return None, [Problem(name, "", f"the file is too large (more than {max_bytes / 1e6:.1f} MB)",
                                  "split it, or remove what was pasted in by mistake")]
    except FileNotFoundError:
        return None, [Problem(name, "", "the file is missing", f"restore {name} from version control")]
    except OSError as err:
        return None, [Problem(name, "", f"the file cannot be opened ({err.strerror})",
                              "check that it is a file you may read")]
    text, problem = decode(raw, name)
    if problem:
        return None, [problem]
    return read_yaml(text, name)


def read_bounded(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `max_bytes`: at most max_bytes + 1 are ever read, so
    refusing a huge file (or a device that never ends) costs no more memory than accepting the largest."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


# --- Files are the files they seem: no symbolic links, one name per case-folded name ---------------------

LINK_FIX = ("replace the link with the file itself (copy it in); the build reads only real files inside "
            "stories/ and data/, never a link, wherever it points")


def link_problem(name: str) -> Problem:
    return Problem(name, "", "this is a symbolic link, not a file", LINK_FIX)


def folder_problems(folder: Path, shown: str) -> list[Problem]:
    """Every symbolic link under `folder` (the folder itself included), and every pair of names in one folder
    that differ only in case ('portrait.jpg' and 'Portrait.jpg': one file on macOS and Windows, two on Linux,
    so the site would depend on the machine that built it). Links are not followed."""
    folder = Path(folder)
    if folder.is_symlink():
        return [link_problem(shown)]
    if not folder.is_dir():
        return []
    problems = []
    for current, directories, files in os.walk(folder, followlinks=False):
        relative = Path(current).relative_to(folder)
        seen: dict[str, str] = {}
        for entry in sorted([*directories, *files]):
            name = f"{shown}/{(relative / entry).as_posix()}"
            if (Path(current) / entry).is_symlink():
                problems.append(link_problem(name))
            folded = unicodedata.normalize("NFC", entry).casefold()
            if folded in seen:
                problems.append(Problem(name, "", f"its name differs only in upper/lower case from "
                                        f"{shown}/{(relative / seen[folded]).as_posix()}",
                                        "keep one of the two (names are compared without regard to case, as "
                                        "macOS and Windows do): rename or delete the other"))
            else:
                seen[folded] = entry
        directories[:] = [d for d in directories if not (Path(current) / d).is_symlink()]
    return problems


def _walk(node, path, lines, problems, name, offset, depth) -> None:
    lines[path] = node.start_mark.line + 1 + offset
    if depth > MAX_DEPTH:
        raise _Refused(None, None, f"the values are nested more than {MAX_DEPTH} levels deep||write the fields as "
                       "the template does", node.start_mark)
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int" \
            and len(node.value.lstrip("+-0")) > MAX_DIGITS:
        raise _Refused(None, None, f"a number of {len(node.value):,} digits is more than any field needs||write "
                       "the real number, or put the value in quotes if it is text", node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _Refused(None, None, "a field name must be plain text||write 'field: value'", key.start_mark)
            if key.tag == "tag:yaml.org,2002:merge":
                raise _Refused(None, None, "a merge key (<<) is not allowed; its fields would be silently taken "
                               "from elsewhere||write each field out in full instead of '<<:'", key.start_mark)
            line = key.start_mark.line + 1 + offset
            if key.value in seen:
                problems.append(Problem(name, field_name((*path, key.value)),
                                        f"'{key.value}' is written twice (also at line {seen[key.value]}); "
                                        "only one can count", "keep one of them and delete the other", line))
                continue
            seen[key.value] = line
            _walk(value, (*path, key.value), lines, problems, name, offset, depth + 1)
            lines[(*path, key.value)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, problems, name, offset, depth + 1)


def _plain(value, path, lines, name):
    """Keys as text, strings NFC without control characters; problems name the field and its line."""
    problems = []
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            key = str(key) if not isinstance(key, bool) else str(key).lower()
            out[key], found = _plain(item, (*path, key), lines, name)
            problems += found
        return out, problems
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            item, found = _plain(item, (*path, index), lines, name)
            out.append(item)
            problems += found
        return out, problems
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        bad = CONTROL.search(value)
        if bad:
            problems.append(Problem(name, field_name(path), f"the text holds an invisible control character "
                                    f"(U+{ord(bad.group()):04X})", "delete it (retype the text around it if you "
                                    "cannot see it)", lines.get(path)))
    elif isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        problems.append(Problem(name, field_name(path), "the value is not a number one can publish",
                                "write a whole number", lines.get(path)))
    return value, problems


_OPENING_QUOTE = re.compile(r"^(?P<lead>\s*(?:- +)?(?:[\w-]+\s*:[ \t]+)?)(?P<q>[\"'])", re.MULTILINE)


def _unclosed_quote(text: str, error_line: int) -> tuple[int, str] | None:
    """(index, quote) of the first value at or before `error_line` (0-based) that starts with a quote not closed on
    its own line; None when every quoted value before the error closes where it opens."""
    for match in _OPENING_QUOTE.finditer(text):
        if text[: match.start()].count("\n") > error_line:
            break
        quote = match["q"]
        rest = text[match.end("q"):].split("\n", 1)[0]
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = re.search(r"'(?!')", rest.replace("''", "")) is not None
        if not closed:
            return match.start("q"), quote
    return None


def _field_at(text: str, position: int) -> str:
    """The field (dotted, by indentation) whose lines hold `position`, for messages about raw text."""
    stack: list[tuple[int, str]] = []
    for match in re.finditer(r"^( *)(?:- +)?([A-Za-z0-9_][\w-]*|\"[^\"\n]*\"|'[^'\n]*')\s*:(?:\s|$)",
                             text[:position], re.MULTILINE):
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group(2).strip("\"'")))
    return ".".join(key for _, key in stack)


def _explain(err: yaml.MarkedYAMLError, text: str, name: str, offset: int) -> Problem:
    """A YAML error by its real cause, at the line where the editor must look."""
    mark = err.problem_mark or err.context_mark
    line = (mark.line + 1 + offset) if mark is not None else None
    problem, context = err.problem or "", err.context or ""
    source_line = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else ""
    where = _field_at(text, mark.index if mark is not None else 0)
    if isinstance(err, _Refused):
        what, _, fix = problem.partition("||")
        return Problem(name, where, what, fix or "write plain values and put unusual text in quotes", line)
    if "'\\t'" in problem or (source_line[: mark.column + 1].lstrip(" ").startswith("\t") if mark else False):
        return Problem(name, where, "a tab character is used to indent this line; YAML accepts only spaces",
                       "replace the tab at the start of the line with spaces", line)
    unclosed = _unclosed_quote(text, mark.line if mark is not None else text.count("\n"))
    if unclosed is not None:
        # A quote left open runs on to the next quote in the file (often a later field's): YAML's error is
        # then about that later line. Editors write each quoted text on one line, so the line that opens a
        # quote and does not close it is where to look.
        index, quote = unclosed
        return Problem(name, _field_at(text, index) or where, "a quotation mark opened on this line is never "
                       "closed", f"add the closing {quote} at the end of the text (write "
                       + ('\\" for a quote inside it)' if quote == '"' else "'' for an apostrophe inside it)"),
                       text[:index].count("\n") + 1 + offset)
    if source_line and re.match(r"^\s*(?:- +)?(?:[\w-]+\s*:\s+)?([\"'])(?:(?!\1).|\1\1)*\1\s*[^\s#,\]}]", source_line):
        return Problem(name, where, "the text starts with a quotation mark and goes on after the closing one",
                       "put the whole text in quotes, with a quote inside it written \\\" "
                       "(field: \"\\\"Quoted\\\" and more\"), or start the text with a word", line)
    if "quoted scalar" in context and err.context_mark is not None:
        opened = err.context_mark.line + 1 + offset
        return Problem(name, _field_at(text, err.context_mark.index) or where,
                       "a quotation mark opened on this line is never closed",
                       "add the closing quote at the end of the text (write \\\" or '' for a quote inside it)",
                       opened)
    if ("flow mapping" in context or "flow sequence" in context) and err.context_mark is not None:
        opened_at = err.context_mark
        opening_line = text.split("\n")[opened_at.line]
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        if closing not in opening_line[opened_at.column:]:
            return Problem(name, _field_at(text, opened_at.index) or where,
                           f"a '{bracket}' opened on this line is never closed",
                           f"add the closing '{closing}' at the end of the value, or put the whole value in quotes",
                           opened_at.line + 1 + offset)
    if "flow mapping" in context or "flow sequence" in context:
        return Problem(name, where, "inside { } or [ ], a text holding ':', ',' or a quote must itself be in quotes",
                       "put each such text in double quotes: {en: \"Text: more\", ja: ...}", line)
    if "mapping values are not allowed" in problem:
        return Problem(name, where, "this line has a ':' followed by a space inside a value, which YAML reads "
                       "as a new field", "put the whole value in quotes: field: \"text: more text\"", line)
    if "expected <block end>" in problem or "expected <block end>" in context or "did not find expected key" in problem:
        return Problem(name, where, "this line is indented differently from the lines around it, or a text "
                       "starts with a quote and goes on after it",
                       "indent fields of the same level alike; put a text that starts with a quote wholly in quotes",
                       line)
    starts = source_line[mark.column:mark.column + 1] if mark is not None else ""
    if "found character '@'" in problem or "found character '`'" in problem \
            or ("cannot start any token" in problem and starts in ("@", "`")):
        return Problem(name, where, "a value starts with '@' or '`', which YAML reserves",
                       "put the value in quotes", line)
    if "could not find expected ':'" in problem or "simple key" in context:
        # The line to fix is where the would-be field starts (YAML notices only at the end of what follows).
        start = err.context_mark if err.context_mark is not None else mark
        first_word = re.match(r"\s*([A-Za-z_][\w-]*)\s", text[start.index:]) if start is not None else None
        return Problem(name, first_word.group(1) if first_word else where,
                       "a line is neither 'field: value' nor a continuation of the line above",
                       "add the ':' after the field name, or indent the continued text",
                       (start.line + 1 + offset) if start is not None else line)
    return Problem(name, where, f"the text is not valid YAML ({problem or context})",
                   "check indentation and quoting; put text with ': ' or ' #' in quotes", line)
