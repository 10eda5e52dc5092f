"""The JSON Schema files under schema/ are the content contract; this applies them with editor-friendly messages."""
from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from alumni_stories.content.reader import field_name

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"  # the contract lives beside the package, in schema/
STORY_SCHEMA = "story.schema.json"
TRANSLATION_SCHEMA = "story-translation.schema.json"


@functools.lru_cache(maxsize=None)
def _schemas() -> dict:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}


@functools.lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schemas = _schemas()
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    # format_checker: a date must exist (2019-02-30 matches the pattern but is no date).
    return Draft202012Validator(schemas[name], registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(document, schema_name: str) -> list[tuple[str, str, str]]:
    """(field, what is wrong, what to do) for every way `document` breaks the schema, in field order."""
    validator = _validator(schema_name)
    found: dict[str, tuple[int, str, str]] = {}  # field -> (rank, what, fix): one message per field
    missing: dict[tuple, list[str]] = {}  # path of a mapping -> its missing fields
    unknown: dict[tuple, list[str]] = {}  # path of a mapping -> its unknown fields
    for error in validator.iter_errors(document):
        path = list(error.absolute_path)
        if "propertyNames" in error.relative_schema_path:
            key = error.instance
            _keep(found, field_name([*path, key]), 0, f"the key {shown(key)} is not allowed",
                  "write it in lowercase letters, digits and hyphens (underscores in data/strings.yml)")
            continue
        if error.validator == "required":  # the field that is missing is the one to name (its line: the parent's)
            name = error.message.split("'")[1]
            missing.setdefault(tuple(path), []).append(name)
            _keep(found, field_name([*path, name]), 0, *_explain(error, schema_name))
            continue
        if error.validator == "additionalProperties":
            unknown.setdefault(tuple(path), []).extend(
                sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        _keep(found, field_name(path), _RANK.get(error.validator, 5), *_explain(error, schema_name))
    # A misspelt field name is one mistake, not two ('auther' unknown and 'author' missing): one message.
    for path, names in missing.items():
        for name in names:
            close = difflib.get_close_matches(name, unknown.get(path, []), n=1, cutoff=0.75)
            if close:
                found.pop(field_name([*path, name]), None)
                found.pop(field_name(list(path)), None)
                unknown[path].remove(close[0])
                _keep(found, field_name([*path, close[0]]), 0, f"unknown field {close[0]}, and '{name}' is "
                      "missing: a misspelling?", f"correct the field name: write '{name}:' instead of '{close[0]}:'")
        rest = unknown.get(path)
        if rest and field_name(list(path)) not in found:
            _keep(found, field_name(list(path)), 1, f"unknown field {', '.join(rest)}",
                  "check the spelling against the content guide, or remove it")
    return sorted((field, what, fix) for field, (_rank, what, fix) in found.items())


# When one value breaks several rules (a date in words: its form and its existence), the one message kept is the
# most telling: the value's kind, then its form, then the rest.
_RANK = {"additionalProperties": 1, "type": 2, "oneOf": 2, "anyOf": 2, "pattern": 3, "minLength": 3, "format": 4}


def _keep(found: dict, field: str, rank: int, what: str, fix: str) -> None:
    if field not in found or rank < found[field][0]:
        found[field] = (rank, what, fix)


def shown(value) -> str:
    """A value as an editor wrote it, never as Python prints it."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + (value if len(value) <= 60 else value[:57] + "...") + "'"
    if isinstance(value, dict):
        return "made of fields (" + ", ".join(str(k) for k in list(value)[:3]) + ")"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return str(value)


def _expects_text(schema: dict) -> bool:
    kinds = schema.get("type")
    return kinds == "string" or (isinstance(kinds, list) and "string" in kinds) or "pattern" in schema


def _explain(error, schema_name: str) -> tuple[str, str]:
    root = _schemas()[schema_name]
    described = description(root, list(error.absolute_path), schema_name)
    expected = f"write {described}" if described else "see the content guide"
    instance = error.instance
    if error.validator == "required":
        missing = error.message.split("'")[1]
        hint = description(root, [*error.absolute_path, missing], schema_name)
        return f"the field '{missing}' is missing", f"add '{missing}:' with {hint or 'a value'}"
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(set(instance) - set(error.schema.get("properties", {}))))
        return f"unknown field {extra}", "check the spelling against the content guide, or remove it"
    if isinstance(instance, dict) and len(instance) == 1 and error.validator in ("type", "oneOf", "anyOf") \
            and _expects_text(_resolved_node(root, list(error.absolute_path), schema_name)):
        (key, value), = instance.items()
        return (f"the text holds ': ' (after '{key}'), so YAML read it as a field and a value",
                f"put the whole text in quotes: \"{key}: {value if isinstance(value, str) else '...'}\"")
    if isinstance(instance, bool) and error.validator in ("type", "oneOf", "anyOf"):
        return f"the value {shown(instance)} is a yes/no value, not what this field takes", expected
    if error.validator in ("type", "oneOf", "anyOf"):
        return f"the value {shown(instance)} has the wrong form", expected
    if error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"the value {shown(instance)} is out of range", expected
    if error.validator == "maxLength":
        return f"the text is too long ({len(instance)} characters; at most {error.validator_value})", expected
    if error.validator == "maxItems":
        return f"the list is too long ({len(instance)} entries; at most {error.validator_value})", expected
    if error.validator in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        return "the value is empty", expected
    if error.validator == "uniqueItems":
        return "the list names the same value twice", "keep each value once"
    if error.validator == "format":
        return f"the date {shown(instance)} does not exist", expected
    return f"the value {shown(instance)} is not allowed", expected


def description(schema: dict, path: list, schema_name: str = STORY_SCHEMA) -> str | None:
    """Follow properties/items/additionalProperties (and $refs into any schema) to the description at `path`."""
    node, description_found = _walk(schema, path, schema_name)
    return description_found


def _resolved_node(schema: dict, path: list, schema_name: str) -> dict:
    node, _ = _walk(schema, path, schema_name)
    return node


def _walk(schema: dict, path: list, schema_name: str):
    document, node = schema_name, schema
    description_found = None
    for part in path:
        document, node = _resolve(document, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            properties = node.get("properties", {})
            node = properties[part] if part in properties else node.get("additionalProperties", {})
            node = node if isinstance(node, dict) else {}
        description_found = node.get("description") or _resolve(document, node)[1].get("description")
    return _resolve(document, node)[1], description_found


def _resolve(document: str, node: dict) -> tuple[str, dict]:
    """(the schema file a $ref leads into, the node it names); a local $ref in a node reached through another
    schema file is resolved in that file, not in the schema the walk started from."""
    ref = node.get("$ref", "") if isinstance(node, dict) else ""
    if not ref:
        return document, node if isinstance(node, dict) else {}
    target_file, _, pointer = ref.partition("#")
    document = target_file or document
    target = _schemas().get(document, {})
    for key in [k for k in pointer.split("/") if k]:
        target = target.get(key, {})
    return _resolve(document, target)
