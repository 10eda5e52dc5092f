"""The JSON Schema files under schema/ are the content contract; this applies them with editor-friendly messages."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
STORY_SCHEMA = "story.schema.json"
TRANSLATION_SCHEMA = "story-translation.schema.json"


@functools.lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return Draft202012Validator(schemas[name], registry=registry)


def check(document: dict, schema_name: str) -> list[tuple[str, str, str]]:
    """(field, what is wrong, what to do) for every way `document` breaks the schema, in field order."""
    validator = _validator(schema_name)
    found = []
    for error in validator.iter_errors(document):
        field = ".".join(str(p) for p in error.absolute_path)
        found.append((field, *_explain(error, validator)))
    return sorted(set(found))


def _explain(error, validator) -> tuple[str, str]:
    described = _description(validator.schema, list(error.absolute_path))
    expected = f"write {described}" if described else "see the content guide"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        hint = _description(validator.schema, [*error.absolute_path, missing])
        return f"the field '{missing}' is missing", f"add '{missing}:' with {hint or 'a value'}"
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return f"unknown field {extra}", "check the spelling against the content guide, or remove it"
    if error.validator in ("type", "oneOf", "anyOf"):
        return f"the value {error.instance!r} has the wrong form", expected
    if error.validator in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return "the value is empty", expected
    return f"the value {error.instance!r} is not allowed", expected


def _description(schema: dict, path: list) -> str | None:
    """Follow properties/items (and local $refs) to the description of the field at `path`."""
    node = schema
    description = None
    for part in path:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
        node_resolved = _resolve(schema, node)
        description = node.get("description") or node_resolved.get("description")
    return description


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/"):
        for key in ref[2:].split("/"):
            schema = schema[key]
        return schema
    if ref.startswith(STORY_SCHEMA + "#/"):
        return _resolve(_validator(STORY_SCHEMA).schema, {"$ref": ref[len(STORY_SCHEMA):]})
    return node
