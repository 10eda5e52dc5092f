"""What the editing server does with a save before decap-server writes it (issue 25).

The lock (edit_lock.py) sees every write the form makes: one JSON action naming its paths and, for a save, the
whole text of each file. Two things happen here, before anything is written:

- **Refused when the build would refuse it.** The project's own validator (`outputs.validation.validate`, the
  one code path of `alumni-stories check` and the build) runs on a copy of stories/ and data/ with the save
  applied; any problem it reports that the project does not already have refuses the save, in the check's own
  words. That is how a taken slug (Decap would silently write `<slug>-1.*.md`), a slug changed on a published
  story, `draft: true` on a published story and the deletion of a published story are refused before saving,
  and any other rule of the build with them. What is already wrong elsewhere never blocks a save.
- **Written as it was, but for what changed.** Decap writes a whole file from its form: every entry of a data
  file reformatted, every comment of a story's front matter gone. The text written is the original with only
  the changed top-level entries (a country, a batch, a front-matter field) taken from the form's text: every
  other entry stays byte for byte, with its comments and style. A translation whose texts were saved records
  `translated_from` (the fingerprint of the English text saved with it), as `--mark-translated` does.

Hand-written splicing on PyYAML's composer (node line numbers), not a round-trip YAML library: ruamel.yaml
re-emits the whole document and only approximately keeps its style (indentation, quoting, line wrapping), while
splicing lines keeps every untouched entry exactly, which is the point here.
"""
from __future__ import annotations

import base64
import difflib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alumni_stories.content import frontmatter
from alumni_stories.content.model import DEFAULT_LANGUAGE
from alumni_stories.content.publishing import english_fingerprint

STORY_PATH = re.compile(r"stories/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md")
FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<matter>.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
SEE_RENAMING = ("To rename a published story, see the guide's 'Renaming a story' (rename both files, change "
                "'slug', list the old slug under 'aliases'); to take it off the site, write 'withdrawn: true'.")


# --- splicing: the original text, with only the changed entries from the form's text --------------------------

def _canonical(value) -> str:
    # Dates as text: the form writes '2020-01-01' where the file may have 2020-01-01 unquoted (the same date).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class _Entry:
    key: str  # a mapping's key, or the canonical value of a list item
    value: object
    leading: list[str]  # blank and comment lines just above it
    body: list[str]


@dataclass
class _Layout:
    head: list[str]
    entries: list[_Entry] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def _aside(line: str) -> bool:
    return not line.strip() or line.startswith("#")


def _layout(text: str) -> tuple[_Layout, object] | None:
    """The text cut at its top-level entries, and its data; None when it is not a mapping or list of entries."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        starts = [key.start_mark.line for key, _ in node.value]
        values = [(str(key.value), data.get(key.value)) for key, _ in node.value]
        if len(values) != len(data):
            return None  # merge keys or duplicates: no splicing
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        starts = [item.start_mark.line for item in node.value]
        values = [(_canonical(item), item) for item in data]
    else:
        return None
    if node.flow_style or len(set(starts)) != len(starts) or starts != sorted(starts):
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    bounds = []
    for index, start in enumerate(starts):
        first = start
        floor = starts[index - 1] + 1 if index else 0
        while first > floor and _aside(lines[first - 1]):
            first -= 1
        bounds.append(first)
    end = len(lines)
    while end > (starts[-1] + 1 if starts else 0) and _aside(lines[end - 1]):
        end -= 1
    layout = _Layout(head=lines[: bounds[0]] if bounds else lines)
    if not starts:
        return layout, data
    for index, ((key, value), start) in enumerate(zip(values, starts)):
        stop = bounds[index + 1] if index + 1 < len(starts) else end
        layout.entries.append(_Entry(key, value, lines[bounds[index]:start], lines[start:stop]))
    layout.tail = lines[end:]
    return layout, data


def splice(original: str, new: str) -> str:
    """`new` (the form's text) written as `original` was, except for the entries whose value changed: those come
    from `new`. Falls back to `new` whenever the two cannot be matched entry by entry."""
    if original == new:
        return new
    old_cut, new_cut = _layout(original), _layout(new)
    if old_cut is None or new_cut is None or type(old_cut[1]) is not type(new_cut[1]):
        return new
    (old, old_data), (fresh, new_data) = old_cut, new_cut
    if not old.entries:
        return new
    gap = ["\n"] if sum(1 for e in old.entries[1:] if e.leading[:1] == ["\n"]) * 2 >= len(old.entries) - 1 > 0 else []
    chosen: list[_Entry | None] = [None] * len(fresh.entries)
    if isinstance(new_data, dict):
        by_key = {entry.key: entry for entry in old.entries}
        for index, entry in enumerate(fresh.entries):
            kept = by_key.get(entry.key)
            if kept is not None:
                chosen[index] = kept if _canonical(kept.value) == _canonical(entry.value) else \
                    _Entry(entry.key, entry.value, kept.leading, entry.body)
    else:
        matcher = difflib.SequenceMatcher(a=[e.key for e in old.entries], b=[e.key for e in fresh.entries],
                                          autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            for offset in range(b1 - b0):
                if tag == "equal":
                    chosen[b0 + offset] = old.entries[a0 + offset]
                elif tag == "replace" and offset < a1 - a0:  # an entry edited in place: keep its comments above
                    kept = old.entries[a0 + offset]
                    chosen[b0 + offset] = _Entry(kept.key, None, kept.leading, fresh.entries[b0 + offset].body)
    out = list(old.head)
    for index, entry in enumerate(fresh.entries):
        piece = chosen[index] or _Entry(entry.key, entry.value, list(gap) if index else [], entry.body)
        out += piece.leading + piece.body
    out += fresh.tail or old.tail  # the form writes no comment after the last entry: one given is meant
    result = "".join(out)
    try:  # whatever the splice, the file must say exactly what the form said
        if _canonical(yaml.safe_load(result)) != _canonical(new_data):
            return new
    except yaml.YAMLError:
        return new
    return result


def splice_story(original: str, new: str) -> str:
    """A story file: the front matter spliced (comments and untouched fields kept), the body from the form."""
    old_match, new_match = FENCE.match(original), FENCE.match(new)
    if not old_match or not new_match:
        return new
    matter = splice(old_match.group("matter"), new_match.group("matter"))
    body = new[new_match.end():]
    if not body.startswith("\n") and original[old_match.end():].startswith("\n"):
        body = "\n" + body  # the blank line after the closing '---', as the file had it
    return "---\n" + matter + "---\n" + body


def _front_matter(text: str):
    data, body, problems = frontmatter.split(text, "")
    return (data, body) if data is not None and not problems else None


def mark_translation(english: str, translation: str, before: str | None) -> str:
    """The translation's text with `translated_from` set to the English text's fingerprint, when its own texts
    were saved (new, or different from `before`); as it was otherwise (an edit of the English alone leaves the
    translation marked as older than the English, as the check then says)."""
    read_en, read_tr = _front_matter(english), _front_matter(translation)
    if read_en is None or read_tr is None:
        return translation
    if before is not None:
        read_before = _front_matter(before)
        if read_before is not None:
            def texts(data, body):
                return _canonical({k: v for k, v in data.items() if k != "translated_from"}), body.strip()
            if texts(*read_before) == texts(*read_tr):
                return translation
    fingerprint = english_fingerprint(*read_en)
    match = FENCE.match(translation)
    if not match:
        return translation
    entry = f"translated_from: {fingerprint}  # fingerprint of the English text this translation matches\n"
    matter = match.group("matter")
    lines = matter.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if re.match(r"translated_from\s*:", line):
            lines[index] = entry
            break
    else:
        lines.append(entry)
    return "---\n" + "".join(lines) + translation[match.start("matter") + len(matter):]


# --- the save as it will be written, and what the check says of it ------------------------------------------

@dataclass
class Save:
    writes: dict[str, str]  # path -> text to write
    deletes: list[str]
    renames: dict[str, str]  # path -> new path
    pictures: dict[str, bytes] = field(default_factory=dict)  # photos uploaded with the entry


def prepare(root: Path, action: str, params: dict) -> Save:
    """Rewrite the texts of a persistEntry in place (spliced, translations marked); the save it amounts to."""
    save = Save({}, [], {})
    if action == "persistEntry":
        items = [params["entry"]] if "entry" in params else []
        items += params.get("dataFiles") or []
        texts = {item["path"]: item["raw"] for item in items}
        for item in items:
            path = Path(root) / item["path"]
            before = path.read_text(encoding="utf-8") if path.is_file() else None
            if before is not None:
                item["raw"] = (splice_story if item["path"].endswith(".md") else splice)(before, item["raw"])
            story = STORY_PATH.fullmatch(item["path"])
            if story and story["lang"] != DEFAULT_LANGUAGE:
                english = texts.get(f"stories/{story['slug']}.{DEFAULT_LANGUAGE}.md")
                english_file = Path(root) / "stories" / f"{story['slug']}.{DEFAULT_LANGUAGE}.md"
                if english is None and english_file.is_file():
                    english = english_file.read_text(encoding="utf-8")
                if english is not None:
                    item["raw"] = mark_translation(english, item["raw"], before)
            save.writes[item["path"]] = item["raw"]
            if item.get("newPath"):
                save.renames[item["path"]] = item["newPath"]
        for asset in params.get("assets") or []:
            save.pictures[asset["path"]] = base64.b64decode(asset["content"])
    elif action == "deleteFile":
        save.deletes.append(params["path"])
    elif action == "deleteFiles":
        save.deletes += list(params["paths"])
    return save


def _copy_tree(source: Path, target: Path) -> None:
    """stories/ and data/ into the trial copy: hard links where the file system allows (photos can be large;
    every writer of the project replaces files, never writes into them), copies elsewhere."""
    if target.exists():
        shutil.rmtree(target)
    if not source.is_dir():
        return

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
        return dst

    shutil.copytree(source, target, symlinks=True, copy_function=link)


def _key(problem) -> tuple:
    return problem.file, problem.field, problem.message, problem.fix


def refusals(root: Path, save: Save, trial: Path) -> list[str]:
    """The problems `alumni-stories check` would report after this save that it does not report now, in its own
    words; empty when the save may be written. `trial` is a folder of this session's own, reused each time."""
    from alumni_stories.outputs import validation  # the whole validator: loaded at the first save only

    root = Path(root)
    if not save.writes and not save.deletes and not save.renames:
        return []
    trial.mkdir(parents=True, exist_ok=True)
    for folder in ("stories", "data"):
        _copy_tree(root / folder, trial / folder)
    for path in save.deletes:
        target = trial / path
        if target.is_file() or target.is_symlink():
            target.unlink()
    for old, new in save.renames.items():
        if (trial / old).is_file():
            (trial / old).rename(trial / new)
    for path, content in save.pictures.items():
        target = trial / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_bytes(content)
    for path, text in save.writes.items():
        target = trial / save.renames.get(path, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a hard link: never write into the project's own file
        target.write_text(text, encoding="utf-8")
    docs = root / "docs"
    before = {_key(p) for p in validation.validate(root, docs_dir=docs).strict_problems}
    after = validation.validate(trial, docs_dir=docs).strict_problems
    said = []
    for problem in after:
        if _key(problem) not in before:
            line = str(problem)
            if line not in said:
                said.append(line)
    return said


def refusal_text(lines: list[str], save: Save) -> str:
    """The notice the form shows: the check's lines, and where to go for a rename or a withdrawal."""
    text = "Not saved, the check would refuse it: " + "; ".join(lines)
    touches_story = any(STORY_PATH.fullmatch(p) for p in [*save.writes, *save.deletes])
    if touches_story and any(word in line for line in lines for word in ("[slug]", "aliases", "withdrawn", "[draft]")):
        text += " " + SEE_RENAMING
    return text
