"""Work done once instead of once per language: templates are compiled once per process.

MkDocs makes a new Jinja2 environment for every build, and mkdocs-static-i18n runs one build per
language, so each of the ~45 templates (Material's and overrides/) was parsed and compiled twice per
`mkdocs build`, and twice again on every `mkdocs serve` rebuild. A bytecode cache kept in memory
compiles each once; Jinja2 checks each template's source checksum, so an edited template is compiled
again and `mkdocs serve` still shows the change. (MkDocs loads a hook file once per process, so the
cache below lives as long as the process.)
"""
from __future__ import annotations

import jinja2


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja2 ships file-system and memcached caches; a dict is all one process needs."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja2 discards it when the template's source changed

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_CACHE = _MemoryBytecodeCache()


def on_env(env, config, files):
    # Templates are compiled lazily, when the first page is rendered, which comes after this event.
    env.bytecode_cache = _CACHE
    return env
