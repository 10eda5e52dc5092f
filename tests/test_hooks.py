"""The MkDocs adapter: live reload watches the content folders."""
from __future__ import annotations

from conftest import ROOT
from pipeline_support import load_adapter


def load_hook():
    return load_adapter()


def test_serve_watches_stories_and_data():
    class Server:
        watched = []

        def watch(self, path):
            self.watched.append(path)

    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")
        plugins = {}

    load_hook().on_serve(Server(), Config(), None)
    assert str(ROOT / "stories") in Server.watched and str(ROOT / "data") in Server.watched


# That the core does not import MkDocs is checked on the import graph: tests/test_layers.py.


def test_hooks_stay_thin_adapters():
    # Logic belongs in the core; an adapter that grows past this size is doing the core's work.
    files = sorted((ROOT / "hooks").glob("*.py"))
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
    assert len(files) <= 4 and lines <= 300, f"hooks/ has {len(files)} files, {lines} lines: move logic into the core"


def test_the_build_never_writes_outside_the_site_folder(tmp_path):
    import pytest

    from alumni_stories.build.engine import BuildStop
    from alumni_stories.build.pipeline import Pipeline

    site = tmp_path / "site"
    Pipeline._write(site, "api/v1/countries/ok.json", "{}")
    assert (site / "api/v1/countries/ok.json").read_text() == "{}"
    for hostile in ("../outside.json", "api/../../outside.json", "/tmp/absolute.json"):
        with pytest.raises(BuildStop, match="leaves the site folder"):
            Pipeline._write(site, hostile, "{}")
    assert not (tmp_path / "outside.json").exists()


def test_a_folder_linked_out_of_the_site_is_refused_however_its_files_are_written(tmp_path):
    """The writer checks each folder once, part by part (writing._folder_inside): a folder inside the site that is
    a link to elsewhere is caught for a file written or linked, and for one under a folder checked before."""
    import pytest

    from alumni_stories.build.engine import BuildStop
    from alumni_stories.build.pipeline import Pipeline

    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    Pipeline._write(site, "stories/first/index.html", "<p>first</p>")  # "stories/" checked and remembered
    (site / "stories" / "linked").symlink_to(outside, target_is_directory=True)
    source = tmp_path / "kept.html"
    source.write_text("<p>kept</p>")
    for data in ("<p>written</p>", source):
        for relative in ("stories/linked/index.html", "stories/linked/deeper/index.html"):
            with pytest.raises(BuildStop, match="leaves the site folder"):
                Pipeline._write(site, relative, data)
    assert list(outside.iterdir()) == []
    for hostile in ("stories/../../outside/x.html", "stories\\..\\..\\x.html", "stories/first/..", "/x.html"):
        with pytest.raises(BuildStop, match="leaves the site folder"):
            Pipeline._write(site, hostile, "{}")
    Pipeline._write(site, "stories/second/index.html", source)  # a link, in a folder of its own
    assert (site / "stories/second/index.html").read_text() == "<p>kept</p>"
