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


def test_hooks_stay_thin_adapters():
    # Logic belongs in the core; a hook that grows past this size is doing the core's work.
    for path in (ROOT / "hooks").glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 120, f"hooks/{path.name} has {lines} lines: move its logic into alumni_stories/"


def test_the_build_never_writes_outside_the_site_folder(tmp_path):
    import pytest
    from mkdocs.exceptions import PluginError

    from hooks._support import write_inside

    site = tmp_path / "site"
    write_inside(site, "api/v1/countries/ok.json", "{}")
    assert (site / "api/v1/countries/ok.json").read_text() == "{}"
    for hostile in ("../outside.json", "api/../../outside.json", "/tmp/absolute.json"):
        with pytest.raises(PluginError, match="leaves the site folder"):
            write_inside(site, hostile, "{}")
    assert not (tmp_path / "outside.json").exists()
