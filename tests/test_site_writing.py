"""Writing the site's files: one call per file in a fresh build's folder, and never a write through a file that is
a hard link into a cache or into the last build (issue 27: an edit build at 1,000 alumni made 637,000 system calls,
60,000 of them failing, most a look or an unlink before a file that was not there)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from alumni_stories import store
from alumni_stories.media import portraits
from alumni_stories.outputs import precompress, writing


def _no_look_first(monkeypatch, files):
    """Fail the test if writing looks at, compares or removes one of `files` before making it (its folders may be
    looked at: each is checked and made once)."""
    def refused(name):
        def call(*args, **kwargs):
            raise AssertionError(f"{name} called for a file of a fresh folder")
        return call
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        assert self not in files, f"looked at {self} before making it"
        return real_stat(self, *args, **kwargs)
    monkeypatch.setattr(os.path, "samefile", refused("samefile"))
    monkeypatch.setattr(Path, "unlink", refused("unlink"))
    monkeypatch.setattr(Path, "stat", stat)


def test_a_fresh_folder_takes_each_file_in_one_call(tmp_path, monkeypatch):
    source = tmp_path / "last-build" / "story.html"
    source.parent.mkdir()
    source.write_bytes(b"<p>A fictional alumna's story.</p>")
    site = tmp_path / "site"
    site.mkdir()
    _no_look_first(monkeypatch, {site / "stories" / "fictional-alumna" / name for name in ("feed.xml", "index.html")})
    written = writing.write_inside(site, "stories/fictional-alumna/feed.xml", "<rss>fictional</rss>")
    linked = writing.link_inside(site, "stories/fictional-alumna/index.html", source)
    monkeypatch.undo()
    assert written.read_text(encoding="utf-8") == "<rss>fictional</rss>"
    assert linked.read_bytes() == source.read_bytes()
    assert os.path.samefile(linked, source), "a link, no bytes copied"


def test_a_file_already_there_is_replaced_never_written_through(tmp_path):
    cache_entry = tmp_path / ".cache" / "entry"
    cache_entry.parent.mkdir()
    cache_entry.write_bytes(b"the cache's bytes")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    os.link(cache_entry, site / "a" / "page.html")  # what the last build (or a --dirty build) left there
    writing.write_inside(site, "a/page.html", b"new bytes")
    assert (site / "a" / "page.html").read_bytes() == b"new bytes"
    assert cache_entry.read_bytes() == b"the cache's bytes", "written through the link into the cache"

    os.link(cache_entry, site / "a" / "other.html")
    other = tmp_path / "other-source"
    other.write_bytes(b"another file")
    writing.link_inside(site, "a/other.html", other)
    assert os.path.samefile(site / "a" / "other.html", other)
    assert cache_entry.read_bytes() == b"the cache's bytes"

    with pytest.raises(FileExistsError):  # the one helper every link goes through never copies over a file
        store.link_or_copy(other, site / "a" / "page.html")
    assert (site / "a" / "page.html").read_bytes() == b"new bytes"

    same = writing.link_inside(site, "a/other.html", other)  # already this very file: left as it is
    assert os.path.samefile(same, other)
    before = (site / "a" / "page.html").stat().st_ino
    writing.write_inside(site, "a/page.html", b"new bytes")  # the same bytes: left alone (the preview)
    assert (site / "a" / "page.html").stat().st_ino == before


def test_a_compressed_copy_already_there_is_replaced_not_written_through(tmp_path):
    site, cache = tmp_path / "site", tmp_path / ".cache" / "precompressed" / "code"
    site.mkdir()
    cache.mkdir(parents=True)
    page = site / "index.html"
    page.write_text("<p>A fictional alumnus of Vientiane.</p>" * 100, encoding="utf-8")
    precompress.precompress(site, cache)
    first = {entry.name: entry.read_bytes() for entry in cache.iterdir()}
    assert os.path.samefile(site / "index.html.br", cache / next(n for n in first if n.endswith(".br11")))
    held = {}  # a second link to each entry: its bytes are still there to compare once the build pruned it
    for name in first:
        held[name] = tmp_path / f"held-{name}"
        os.link(cache / name, held[name])

    page.unlink()  # a --dirty build: the page changes, its old compressed copies (links into the cache) are there
    page.write_text("<p>A fictional alumna of Yangon.</p>" * 100, encoding="utf-8")
    precompress.precompress(site, cache)
    for name, data in first.items():
        assert held[name].read_bytes() == data, f"{name} written through"
    import brotli
    assert brotli.decompress((site / "index.html.br").read_bytes()) == page.read_bytes()


def test_portraits_go_into_a_fresh_folder_in_one_call_each_and_replace_a_stale_file(tmp_path, monkeypatch):
    cached = tmp_path / ".cache" / "portrait-200.webp"
    cached.parent.mkdir()
    cached.write_bytes(b"fictional pixels")
    site = tmp_path / "site"
    (site / "portraits").mkdir(parents=True)
    monkeypatch.setattr(Path, "unlink", lambda *a, **k: pytest.fail("unlink before a link in a fresh folder"))
    monkeypatch.setattr(Path, "is_file", lambda *a, **k: pytest.fail("a look before a link in a fresh folder"))
    assert portraits.publish({"portraits/fictional-200.webp": cached}, site) == 1
    monkeypatch.undo()
    assert os.path.samefile(site / "portraits" / "fictional-200.webp", cached)
    assert portraits.publish({"portraits/fictional-200.webp": cached}, site) == 0, "the same file is kept"

    stale = tmp_path / "stale"
    stale.write_bytes(b"older, other pixels!")
    (site / "portraits" / "fictional-200.webp").unlink()
    os.link(stale, site / "portraits" / "fictional-200.webp")
    assert portraits.publish({"portraits/fictional-200.webp": cached}, site) == 1
    assert os.path.samefile(site / "portraits" / "fictional-200.webp", cached)
    assert stale.read_bytes() == b"older, other pixels!", "written through"
