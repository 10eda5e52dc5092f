"""The MkDocs adapter: live reload watches the content folders."""
from __future__ import annotations

import importlib.util

from conftest import ROOT


def load_hook():
    spec = importlib.util.spec_from_file_location("stories_hook", ROOT / "hooks" / "stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_watches_stories_and_data():
    class Server:
        watched = []

        def watch(self, path):
            self.watched.append(path)

    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")

    load_hook().on_serve(Server(), Config(), None)
    assert str(ROOT / "stories") in Server.watched and str(ROOT / "data") in Server.watched


# That the core does not import MkDocs is checked on the import graph: tests/test_layers.py.
