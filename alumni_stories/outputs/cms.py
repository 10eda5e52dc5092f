"""The editing interface at /admin/ (Decap CMS): its configuration generated from the contract in schema/.

One contract: every field of the editing form comes from a JSON Schema in schema/ (its title, description,
required fields, patterns, bounds, lists of choices), and the choices that live in data/ (countries, tracks,
sources) are read from there. The stories are one collection in both languages, side by side (Decap's i18n
`multiple_files` structure is exactly stories/<slug>.<lang>.md): facts that are the same in every language
(content.stories.NEUTRAL_FIELDS) are edited once, in English; the texts in each language. Every other schema
with a data file beside it (schema/<name>.schema.json and data/<name>.yml) becomes one page of the "Programme
data" collection, so a schema added later is editable without touching this module.

What a form cannot say (a period ending before it starts, a batch that is not in the data) is written into
rules.json with the check's own message; admin.js refuses such a save with it. `alumni-stories check` and the
build stay the final word.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alumni_stories.content import stories as story_rules
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.content.schema import STORY_SCHEMA, TRANSLATION_SCHEMA

SCHEMA_SUFFIX = ".schema.json"
STORIES = "stories"
# Schemas that are no page of the form, and why. Everything else in schema/ with a data file is one.
NOT_EDITED_SCHEMAS = {
    "common": "shared definitions only, no file of its own",
    "url-manifest": "written by `alumni-stories record-urls`, never by hand",
}
# Fields of a schema that the form leaves alone (Decap keeps them in the file as they are), and why.
NOT_EDITED_FIELDS = {
    (STORIES, "translated_from"): "written by `alumni-stories check --mark-translated SLUG`",
}
# Fields whose value is a key of a data file: the form offers that file's keys, read when the site is built.
CHOICES = {"country": "countries", "track": "tracks", "source": "sources", "sources": "sources"}
LONG_TEXT = {"pull_quote", "description"}
BODY = "body"  # the Markdown after the front matter: not a schema field
ENTRIES = "entries"  # the list that holds a data file's items in the form (see admin.js: yaml-keyed, yaml-list)
HEADER = "_header"  # the comment block at the top of a data file, kept through the form (hidden)
TRACK_NAME = "_track_name"  # a batch's track, named (hidden; admin.js fills it and never writes it)
DISPLAY_ONLY = frozenset({TRACK_NAME})  # fields the form shows and admin.js never writes into a file
KEY = "_key"  # the field that holds a mapping's key in the form (an item may have a field "key" of its own)


def form_words(description: str) -> str:
    """A schema's description as a form field's hint: a form field takes "2006-04" without quotes (admin.js writes
    the value as the file needs it), so the file's advice to use quotes would contradict the field's own check."""
    text = re.sub(r"\s+in quotes\b", "", description)
    return re.sub(r"\"(\d{4}-\d{2}|YYYY-MM)\"", r"\1", text)


class CmsConfigError(Exception):
    """A schema the generator cannot turn into a form; says which file and what to do."""


@dataclass
class Rules:
    """What admin.js checks before a save, beyond what a form field can check."""

    coerce: dict[str, list[dict]] = field(default_factory=dict)  # collection -> [{path, to: number | null}]
    batches: dict[str, list[int]] = field(default_factory=dict)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> message, fix (the check's words)
    names: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # countries/tracks -> key -> lang
    # Decap checks required fields in the default language's pane only: the translation's required fields
    # (from story-translation.schema.json), checked by admin.js, so no empty translation file is written.
    translation_required: list[list[str]] = field(default_factory=list)
    # An optional object whose fields are required once it is given (a portrait, a batch's period or note): the
    # form leaves every field optional (Decap would otherwise require them of an object nobody gave) and admin.js
    # requires them when any is filled, naming each, and leaves the empty object out of the file.
    together: dict[str, list[dict]] = field(default_factory=dict)  # collection -> [{path, required, labels}]
    # Names of the keys of data/ that list summaries show ("Junior Diplomats, batch 17", not "mfa").
    strings: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> key -> data/strings.yml text
    neutral: list[str] = field(default_factory=list)  # facts written once, in English (NEUTRAL_FIELDS)
    hints_ja: dict[str, str] = field(default_factory=lambda: dict(JAPANESE_HINTS))  # the Japanese pane's hints


# The story form's hints in the Japanese pane, by field name (admin.js puts them in place of the English ones).
# Decap gives a field one hint, written from the schema's English description; an editor writing in Japanese
# reads these. Written by hand: they say what to write in the Japanese file, which the English ones do not.
JAPANESE_HINTS = {
    "name": "日本語での氏名。カタカナで書き、区切りには「・」を使います（架空の例：チャン・ヴィ・ズー）",
    "honorific": "名前の後に付ける敬称（氏など）。なければ空欄。大使などの肩書きは役職なので、役職の欄に日付とともに書きます",
    "ministry": "アタッチメント当時に所属していた省庁の日本語名。出典に書かれていなければ空欄",
    "current_role": "出典の記事の時点での役職。日付は英語版に書いたものがそのまま使われます",
    "later_roles": "記事の後の役職。data/sources.yml にある公開の出典が示すものだけを、古い順に",
    "title": "役職名の日本語訳",
    "as_of": "出典がその役職を示した日付（YYYY-MM-DD）",
    "source": "data/sources.yml にある出典のキー",
    "portrait": "写真の説明の日本語訳。写真のファイルは英語版で選びます",
    "alt": "写真を見られない人のための説明文（代替テキスト）",
    "caption": "写真の下に出る説明文",
    "credit": "写真の撮影者または提供者",
    "pull_quote": "本人の言葉をひとつ。かぎかっこも文末の句点も付けません。下の引用のどれか（またはその一部）と同じ文にします",
    "takeaways": "ポイント（任意）。体言止めの短い項目を、英語版と同じ順に",
    "author": "記事の書き手（例：JAIFマネージメントチーム）",
    "quotes": "このファイルにある本人の言葉の引用すべて（引用欄の言葉と、本文の「」内の15字以上の引用）と、その出どころ",
    "text": "本文に載せたとおりの引用文。かぎかっこは付けません",
    "provenance": "本人が日本語で語った言葉なら original、訳なら translation（訳は本人の言葉そのままではありません）",
    "body": "記事の本文（Markdown）。段落、## の見出し、> の引用が使えます",
}


@dataclass(frozen=True)
class Backend:
    """Where the CMS reads and writes: the local backend (decap-server) or a git host with its OAuth piece."""

    # None: production only. The local backend's address is written without the editing session's token: a
    # file the preview serves is readable by any program on this computer, so the token never enters one.
    # `alumni-stories edit` prints it in a fragment (/admin/#token=...); cms/init.js and admin.js put it in
    # the address at start (alumni_stories/cli/edit_lock.py checks it).
    local_port: int | None = 8081
    name: str = "github"
    repo: str = "OWNER/REPOSITORY"
    branch: str = "main"
    base_url: str | None = None  # the OAuth client's address, for GitHub
    auth_endpoint: str | None = None
    auth_type: str | None = None  # GitLab: "pkce" needs no OAuth server of your own, only app_id
    app_id: str | None = None


def schemas(schema_dir: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(schema_dir).glob("*" + SCHEMA_SUFFIX))}


class _Resolver:
    """Follows $refs within a schema file and into the others (story.schema.json#/..., common.schema.json#/...)."""

    def __init__(self, documents: dict[str, dict]):
        self.documents = documents

    def resolve(self, document: str, node: dict) -> tuple[str, dict]:
        seen = 0
        merged = dict(node)
        while "$ref" in merged and seen < 20:
            seen += 1
            target_file, _, pointer = merged.pop("$ref").partition("#")
            document = target_file or document
            if document not in self.documents:
                raise CmsConfigError(f"schema/{document} is referenced but missing -> restore it or fix the $ref")
            target = self.documents[document]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            # The referring node's own words (title, description) win over the definition's.
            merged = {**target, **merged}
        return document, merged


class _Fields:
    """JSON Schema nodes to Decap fields, collecting the rules admin.js needs."""

    def __init__(self, resolver: _Resolver, choices: dict[str, list[tuple[str, str]]], rules: Rules, collection: str):
        self.resolver, self.choices, self.rules, self.collection = resolver, choices, rules, collection

    def object_fields(self, document: str, node: dict, path: list[str]) -> list[dict]:
        required = set(node.get("required", ())) | set(node.get("else", {}).get("required", ()))
        return [self.field(name, document, sub, name in required, [*path, name])
                for name, sub in node.get("properties", {}).items()
                if (self.collection, name) not in NOT_EDITED_FIELDS]

    def field(self, name: str, document: str, node: dict, required: bool, path: list[str]) -> dict:
        document, node = self.resolver.resolve(document, node)
        result: dict = {"name": name, "label": node.get("title") or name.replace("_", " ").capitalize()}
        if node.get("description"):
            result["hint"] = form_words(node["description"])
        if not required:
            result["required"] = False
        types = node.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        if "null" in types:
            types.remove("null")
            result["required"] = False
        kind = types[0] if types else None
        if name in self.choices and kind in ("string", None) and "oneOf" not in node:
            return {**result, "widget": "select", "options": self._options(name)}
        if "enum" in node:
            return {**result, "widget": "select", "options": [str(v) for v in node["enum"] if v is not None]}
        if "oneOf" in node or "anyOf" in node:
            out = self._either(document, node.get("oneOf") or node.get("anyOf"), path)
            if "pattern" in out and node.get("description"):  # the hint's own words, not one branch's
                out["pattern"][1] = "Write " + form_words(node["description"])
            return {**result, **out}
        if kind == "object" and isinstance(node.get("additionalProperties"), dict):
            if path != [ENTRIES]:  # admin.js turns only a whole file's mapping into a list (yaml-keyed)
                raise CmsConfigError(f"schema/{document}: {'.'.join(path)} is a mapping inside an entry, which the "
                                     "form cannot edit -> make it a list, or a mapping at the top of its own file")
            return {**result, **self._keyed(document, node, path)}
        if kind == "object":
            fields = self.object_fields(document, node, path)
            needed = [f for f in fields if f.get("required", True)]
            if result.get("required") is False and needed:
                for sub in needed:
                    sub["required"] = False
                self.rules.together.setdefault(self.collection, []).append(
                    {"path": path, "label": result["label"], "required": [f["name"] for f in needed],
                     "labels": {f["name"]: f["label"] for f in needed}})
            return {**result, "widget": "object", "collapsed": False, "fields": fields}
        if kind == "array":
            return {**result, **self._list(name, document, node, path)}
        if kind == "integer" or kind == "number":
            out = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            out.update({k: node[s] for k, s in (("min", "minimum"), ("max", "maximum")) if s in node})
            return {**result, **out}
        if kind == "boolean":
            return {**result, "widget": "boolean", "default": False}
        if node.get("format") == "date":
            return {**result, "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "picker_utc": True}
        out = {"widget": "text" if name in LONG_TEXT else "string"}
        if "pattern" in node:
            out["pattern"] = [node["pattern"], f"Write {form_words(node.get('description') or 'a value of the right form')}"]
        return {**result, **out}

    def _options(self, name: str) -> list[dict]:
        return [{"label": label, "value": key} for key, label in self.choices[name]]

    def _either(self, document: str, branches: list[dict], path: list[str]) -> dict:
        """A value of one of several scalar forms (a year or "YYYY-MM"; a number or a text; a web address or
        nothing): one text field whose pattern is the union. admin.js writes a whole number back as a number
        and an emptied field as null, before saving."""
        patterns, out = [], {"widget": "string"}
        for branch in branches:
            _, branch = self.resolver.resolve(document, branch)
            kind = branch.get("type")
            if kind == "null":
                out["required"] = False
                self.rules.coerce.setdefault(self.collection, []).append({"path": path, "to": "null"})
            elif kind == "integer":
                patterns.append(r"-?\d+")
                self.rules.coerce.setdefault(self.collection, []).append({"path": path, "to": "number"})
            elif kind == "string":
                patterns.append(branch["pattern"].lstrip("^").rstrip("$") if "pattern" in branch else None)
            else:
                raise CmsConfigError(f"schema/{document}: {'.'.join(path)} mixes forms the form cannot offer "
                                     "-> use integers, strings and null only")
        if patterns and None not in patterns:
            out["pattern"] = [f"^(?:{'|'.join(patterns)})$", "Write " + " or ".join(
                self._words(document, b) for b in branches if self._words(document, b))]
        return out

    def _words(self, document: str, branch: dict) -> str:
        _, branch = self.resolver.resolve(document, branch)
        return branch.get("description") or {"integer": "a whole number"}.get(branch.get("type"), "")

    def _list(self, name: str, document: str, node: dict, path: list[str]) -> dict:
        out: dict = {}
        out.update({k: node[s] for k, s in (("min", "minItems"), ("max", "maxItems")) if s in node})
        _, items = self.resolver.resolve(document, node.get("items", {}))
        if name in self.choices and items.get("type") == "string":
            return {"widget": "select", "multiple": True, "options": self._options(name), **out}
        item = self.field(name, document, node.get("items", {}), True, [*path, "*"])
        if item.get("widget") == "object":
            return {"widget": "list", "collapsed": True, "fields": item["fields"], **out}
        item = {k: v for k, v in item.items() if k not in ("name",)}
        return {"widget": "list", "field": {**item, "name": name, "label": item.get("label", name)}, **out}

    def _keyed(self, document: str, node: dict, path: list[str]) -> dict:
        """A mapping from keys to items (countries, tracks, sources...): a list whose items carry their key."""
        _, names = self.resolver.resolve(document, node.get("propertyNames", {"type": "string"}))
        key = {"name": KEY, "label": "Key", "widget": "string",
               "hint": "the key other files use to name this entry: " + (names.get("description") or "a short name")}
        if "pattern" in names:
            key["pattern"] = [names["pattern"], "Write " + (names.get("description") or "a key")]
        item = self.field(KEY, document, node["additionalProperties"], True, [*path, "*"])
        fields = item["fields"] if item.get("widget") == "object" else [{**item, "name": "value", "label": "Value"}]
        return {"widget": "list", "collapsed": True, "summary": "{{fields.%s}}" % KEY, "fields": [key, *fields]}


def _choices(data_dir: Path) -> tuple[dict[str, list[tuple[str, str]]], dict[str, dict]]:
    """Keys offered for each choice field, labelled in English, from data/; and the loaded data files."""
    loaded: dict[str, object] = {}
    for name in set(CHOICES.values()) | {"batches", "strings"}:
        path = Path(data_dir) / f"{name}.yml"
        try:
            loaded[name] = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        except yaml.YAMLError as error:
            raise CmsConfigError(f"data/{name}.yml cannot be read ({str(error).splitlines()[0]}) "
                                 "-> run alumni-stories check and fix the file") from None
    choices = {}
    for field_name, file in CHOICES.items():
        entries = loaded.get(file) if isinstance(loaded.get(file), dict) else {}
        choices[field_name] = [(str(key), _label(key, value)) for key, value in entries.items()]
    return choices, loaded


def _label(key, value) -> str:
    name = value.get("name") or value.get("title") if isinstance(value, dict) else None
    text = name.get(DEFAULT_LANGUAGE) if isinstance(name, dict) else name
    return f"{text} ({key})" if text else str(key)


def generate(root: Path, backend: Backend = Backend()) -> tuple[dict, Rules]:
    """(the Decap CMS config.yml as a mapping, the rules admin.js applies before a save)."""
    root = Path(root)
    documents = schemas(root / "schema")
    for needed in (STORY_SCHEMA, TRANSLATION_SCHEMA):
        if needed not in documents:
            raise CmsConfigError(f"schema/{needed} is missing -> restore it from version control")
    resolver = _Resolver(documents)
    choices, loaded = _choices(root / "data")
    rules = _rules(loaded)
    collections = [_story_collection(resolver, documents, choices, rules)]
    collections += _data_collections(root, resolver, documents, choices, rules)
    config = {
        "backend": _backend(backend),
        "media_folder": f"{STORIES}/media",
        "public_folder": "media",
        "locale": DEFAULT_LANGUAGE,
        "i18n": {"structure": "multiple_files", "locales": list(LANGUAGES), "default_locale": DEFAULT_LANGUAGE},
        "collections": collections,
    }
    if backend.local_port is not None:
        # cms/admin.js inserts the session's token before /api/v1 (the lock's path, /<token>/api/v1).
        config["local_backend"] = {"url": f"http://127.0.0.1:{backend.local_port}/api/v1",
                                   "allowed_hosts": ["localhost", "127.0.0.1"]}
    else:
        config["publish_mode"] = "editorial_workflow"  # each change is a pull request: draft, in review, ready
    return config, rules


def _backend(backend: Backend) -> dict:
    out = {"name": backend.name, "repo": backend.repo, "branch": backend.branch,
           "commit_messages": {"create": "Create {{collection}} “{{slug}}” (from the editing interface)",
                               "update": "Update {{collection}} “{{slug}}” (from the editing interface)"}}
    for name in ("base_url", "auth_endpoint", "auth_type", "app_id"):
        if getattr(backend, name):
            out[name] = getattr(backend, name)
    return out


def _story_collection(resolver, documents, choices, rules) -> dict:
    fields = _Fields(resolver, choices, rules, STORIES)
    english, translation = documents[STORY_SCHEMA], documents[TRANSLATION_SCHEMA]
    translated = {name for name in translation.get("properties", {}) if name not in story_rules.NEUTRAL_FIELDS}
    neutral_nested = {tuple(pair) for pair in story_rules.NEUTRAL_NESTED}
    form = []
    for item in fields.object_fields(STORY_SCHEMA, english, []):
        if item["name"] in translated:
            item["i18n"] = True
            for sub in item.get("fields", ()):
                if (item["name"], sub["name"]) not in neutral_nested:
                    sub["i18n"] = True
        if item["name"] == "portrait":
            for sub in item["fields"]:
                if sub["name"] == "file":
                    # One photo, uploaded into the collection's media folder (below); the field keeps its file name.
                    sub.update({"widget": "image", "choose_url": False, "media_library": {"config": {"multiple": False}}})
                    sub.pop("pattern", None)
        form.append(item)
    missing = translated - {item["name"] for item in form} - {n for (c, n) in NOT_EDITED_FIELDS if c == STORIES}
    for name in sorted(missing):  # a field only a translation has
        item = fields.field(name, TRANSLATION_SCHEMA, translation["properties"][name], False, [name])
        form.append({**item, "i18n": True})
    known = "; ".join(f"{track}: {', '.join(map(str, sorted(numbers)))}" for track, numbers in rules.batches.items())
    for item in form:
        if item["name"] == "batch" and known:  # the batches in data/, for the track chosen above
            item["hint"] = f"{item.get('hint', '')} (in data/batches.yml: {known})".strip()
    rules.translation_required = _required_paths(resolver, TRANSLATION_SCHEMA, translation)
    form.append({"name": BODY, "label": "Story", "widget": "markdown", "i18n": True,
                 "hint": "the story itself, in Markdown: paragraphs, ## headings, > quotes"})
    return {"name": STORIES, "label": "Stories", "label_singular": "Story", "folder": STORIES, "extension": "md",
            "format": "frontmatter", "create": True, "identifier_field": "slug", "slug": "{{slug}}",
            # Photos (the portrait, and images in the story text) go into stories/media/<slug>/ and are named
            # by their file name alone. From the project's root ("/..."), not from the story file: a folder
            # relative to the entry means nothing to Decap until the entry has a path, so a new story's
            # upload would land in stories/ itself. {{slug}} is the `slug` field (identifier_field).
            "media_folder": f"/{STORIES}/media/{{{{slug}}}}", "public_folder": "",
            "summary": "{{name}} ({{slug}})", "sortable_fields": ["name", "published"],
            "i18n": True, "fields": form}


def _required_paths(resolver, document: str, node: dict, prefix: tuple = ()) -> list[list[str]]:
    """Paths of the required fields, into required objects: [['name'], ['current_role', 'title'], ...]."""
    paths = []
    for name in node.get("required", ()):
        sub_document, sub = resolver.resolve(document, node.get("properties", {}).get(name, {}))
        nested = _required_paths(resolver, sub_document, sub, (*prefix, name)) if sub.get("properties") else []
        paths += nested or [[*prefix, name]]
    return paths


def _data_collections(root, resolver, documents, choices, rules) -> list[dict]:
    """One collection per data file with a schema (Decap sets the file format per collection)."""
    collections = []
    for file_name, schema in documents.items():
        stem = file_name[: -len(SCHEMA_SUFFIX)]
        data_file = root / "data" / f"{stem}.yml"
        if file_name in (STORY_SCHEMA, TRANSLATION_SCHEMA) or stem in NOT_EDITED_SCHEMAS or not data_file.is_file():
            continue
        fields = _Fields(resolver, choices, rules, stem)
        label = re.sub(r"\s*\(data/.*\)$", "", schema.get("title") or stem.capitalize())
        file = {"name": stem, "label": label, "file": f"data/{stem}.yml"}
        if schema.get("type") == "array":
            item = fields.field(stem, file_name, schema.get("items", {}), True, [ENTRIES, "*"])
            entries = {"name": ENTRIES, "label": label, "widget": "list", "collapsed": True,
                       **({"fields": item["fields"]} if item.get("widget") == "object" else {"field": item})}
            names = {f["name"] for f in entries.get("fields", ())}
            if {"track", "number"} <= names:
                # Each batch as every page names it ("Junior Diplomats, batch 17"): admin.js writes the track's
                # name into a hidden field when it reads the file, and leaves that field out when it writes.
                entries["fields"].append({"name": TRACK_NAME, "label": "Track name", "widget": "hidden",
                                          "required": False})
                entries["summary"] = "{{fields.%s | default('New batch')}}, batch {{fields.number}}" % TRACK_NAME
            file_format, file["fields"] = "yaml-list", [entries]
        elif schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
            item = fields.field(ENTRIES, file_name, schema, True, [ENTRIES])
            file_format, file["fields"] = "yaml-keyed", [{**item, "label": label}]
        elif schema.get("type") == "object":
            file_format, file["fields"] = "yml", fields.object_fields(file_name, schema, [])
        else:
            continue
        if file_format != "yml":
            file["fields"].append({"name": HEADER, "label": "Comment at the top of the file", "widget": "hidden",
                                   "required": False})
        collection = {"name": stem, "label": label, "format": file_format, "editor": {"preview": False},
                      "files": [file]}
        if schema.get("description"):
            collection["description"] = schema["description"]
        collections.append(collection)
    return collections


def _rules(loaded: dict) -> Rules:
    rules = Rules()
    for batch in loaded.get("batches") or []:
        if isinstance(batch, dict) and isinstance(batch.get("number"), int):
            rules.batches.setdefault(str(batch.get("track")), []).append(batch["number"])
    rules.neutral = list(story_rules.NEUTRAL_FIELDS)
    strings = loaded.get("strings") if isinstance(loaded.get("strings"), dict) else {}
    for language in LANGUAGES:
        rules.strings[language] = {str(k): v[language] for k, v in strings.items()
                                   if isinstance(v, dict) and isinstance(v.get(language), str)}
    rules.messages = {field: {"message": m, "fix": f} for field, (m, f) in story_rules.CROSS_FIELD_MESSAGES.items()}
    for name in ("countries", "tracks"):
        entries = loaded.get(name) if isinstance(loaded.get(name), dict) else {}
        rules.names[name] = {str(k): (v.get("name") if isinstance(v, dict) and isinstance(v.get("name"), dict) else {})
                             for k, v in entries.items()}
    return rules


# --- writing /admin/ into the built site ---

ADMIN_SOURCE = "cms"  # the project's folder with package.json, index.html, admin.js
ADMIN_FOLDER = "admin"  # where the site serves it: /admin/
GIT_HOST_APIS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
YAML_DIST = Path("node_modules") / "yaml" / "browser" / "dist"
OWN_FILES = ("index.html", "init.js", "admin.js", "admin.css", "previews.js", "preview.css")


def write_admin(root: Path, site_dir: Path, backend: Backend) -> int:
    """Write site/admin/: the CMS's own files (from node_modules), config.yml and rules.json. Returns files
    copied. Files already in place with the same size and time are not copied again (`serve` rebuilds)."""
    source = Path(root) / ADMIN_SOURCE
    decap = source / DECAP_DIST
    if not (decap / "decap-cms.js").is_file() or not (source / YAML_DIST / "index.js").is_file():
        raise CmsConfigError(f"{ADMIN_SOURCE}/node_modules is missing -> run `npm ci --prefix {ADMIN_SOURCE}` "
                             "(scripts/serve.sh and alumni-stories edit do it)")
    config, rules = generate(root, backend)
    target = Path(site_dir) / ADMIN_FOLDER
    copied = 0
    # The installed packages' files (some 300) are hard-linked: npm replaces files, never writes into them, and
    # writing them anew cost a tenth of a second of every build. The project's own files are copied, so an
    # edit made in place after a build never changes the built site.
    for path in sorted(decap.glob("*decap-cms.js")):  # the bundle and the chunks it loads, not source maps
        copied += _copy(path, target / path.name, link=True)
    for path in sorted((source / YAML_DIST).rglob("*.js")):
        copied += _copy(path, target / "vendor" / "yaml" / path.relative_to(source / YAML_DIST), link=True)
    for name in OWN_FILES:
        copied += _copy(source / name, target / name)
    (target / "config.yml").write_text(dump_config(config), encoding="utf-8")
    (target / "rules.json").write_text(json.dumps(rules.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
    return copied


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def connect_origins(site_dir: Path) -> list[str]:
    """The hosts the editing interface written into `site_dir` talks to (the git host's API, its OAuth client,
    the local backend): what a Content-Security-Policy for /admin/ must allow. Empty when there is no /admin/."""
    path = Path(site_dir) / ADMIN_FOLDER / "config.yml"
    if not path.is_file():
        return []
    # libyaml when present: the file is this module's own output, and the pure-Python parser took a tenth of a
    # second over its 35 KB at every build (the same mapping either way).
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    backend = config.get("backend") or {}
    urls = [backend.get("api_root") or GIT_HOST_APIS.get(backend.get("name"), ""), backend.get("base_url") or "",
            (config.get("local_backend") or {}).get("url") or ""]
    origins = []
    for url in filter(None, urls):
        origin = "/".join(str(url).split("/")[:3])
        if origin not in origins:
            origins.append(origin)
    return origins


def dump_config(config: dict) -> str:
    head = "# Generated from schema/ and data/ by alumni_stories/outputs/cms.py at each build: do not edit.\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def _copy(source: Path, target: Path, link: bool = False) -> int:
    if target.is_file():
        here, there = source.stat(), target.stat()
        if here.st_size == there.st_size and int(here.st_mtime) == int(there.st_mtime):
            return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # never write into the file an earlier build linked here
    if link:
        try:
            os.link(source, target)
            return 1
        except OSError:  # another file system, or one without hard links
            pass
    shutil.copy2(source, target)
    return 1
