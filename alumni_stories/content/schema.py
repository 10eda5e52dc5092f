"""The JSON Schema files under schema/ are the content contract; this applies them with editor-friendly messages."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"  # the contract lives beside the package, in schema/
STORY_SCHEMA = "story.schema.json"
TRANSLATION_SCHEMA = "story-translation.schema.json"


@functools.lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    # format_checker: a date must exist (2019-02-30 matches the pattern but is no date).
    return Draft202012Validator(schemas[name], registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


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
    """Follow properties/items (and $refs, local or into the story schema) to the description at `path`."""
    document, node = schema, schema
    description = None
    for part in path:
        document, node = _resolve(document, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
        _, node_resolved = _resolve(document, node)
        description = node.get("description") or node_resolved.get("description")
    return description


def _resolve(document: dict, node: dict) -> tuple[dict, dict]:
    """(the schema document a $ref leads into, the node it names); a local $ref in a node reached through
    story.schema.json is resolved in story.schema.json, not in the schema the walk started from."""
    ref = node.get("$ref", "") if isinstance(node, dict) else ""
    if ref.startswith(STORY_SCHEMA + "#"):
        document, ref = _validator(STORY_SCHEMA).schema, ref[len(STORY_SCHEMA):]
    if not ref.startswith("#/"):
        return document, node if isinstance(node, dict) else {}
    target = document
    for key in ref[2:].split("/"):
        target = target[key]
    return _resolve(document, target)
