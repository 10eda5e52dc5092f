"""Helpers for tests of the build pipeline and its MkDocs adapter: a fake engine, and the adapter loaded as MkDocs
loads it (a new module from its file, as every `mkdocs build` and every `mkdocs serve` rebuild does)."""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from conftest import ROOT

from alumni_stories.build.engine import Engine


def load_adapter(name: str = "adapter_for_test"):
    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / "adapter.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeEngine(Engine):
    """One build of the project at `root`, as an engine would run it; attributes may be changed by a test."""

    def __init__(self, root: Path = ROOT, site_dir: Path | None = None, language: str = "en", nested: bool = False,
                 token: object | None = None, site_url: str = ""):
        self._root, self._site_dir, self._language, self.nested = Path(root), site_dir, language, nested
        self._token = token if token is not None else object()
        self._site_url = site_url
        self.log = logging.getLogger("fake-engine")

    token = property(lambda self: self._token)
    root = property(lambda self: self._root)
    language = property(lambda self: self._language)
    nested_pass = property(lambda self: self.nested)
    site_dir = property(lambda self: Path(self._site_dir))
    site_url = property(lambda self: self._site_url)
    docs_dir = property(lambda self: self._root / "docs")
    use_directory_urls = True
    template_dirs = property(lambda self: [str(ROOT / "overrides")])
    favicons = ("assets/images/favicon.png",)
    shared_inputs = ((), ())
    config_file = "fake-engine.yml"
    code_folders = ()
    libraries = ()

    def set_site_url(self, address):
        self._site_url = address or ""

    def redirect_site_dir(self, folder):
        self._site_dir = folder

    def settings(self, name):
        return {}

    def where(self, setting, key=None):
        return f"fake-engine.yml [{setting}{'.' + key if key else ''}]"

    def source_name(self, source, language):
        return f"{source}.{language}"
