"""The host plan and the files written from it, without a server: fingerprints, inline code hashes, the plan read
from the site's data, and _headers rules that never overlap. Through a real nginx: test_hosting.py."""
from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

from alumni_stories.outputs import hosting
from alumni_stories.outputs.host_config import _compress, netlify_headers
from alumni_stories.outputs.permalinks import Address


def test_fingerprinted_names_are_told_from_plain_ones():
    for name in ("assets/javascripts/bundle.a5f9d56c.min.js", "assets/share/site.en.9c2af81d20dd.png",
                 "pagefind/filter/en_4ac9d0b.pf_filter", "pagefind/pagefind.en_c66475e39f.pf_meta",
                 "pagefind/fragment/en_2299345.pf_fragment", "pagefind/filter/ja_7077955.pf_filter"):
        assert hosting.is_fingerprinted(name), name
    for name in ("assets/javascripts/partners.js", "feed.xml", "stories/fictional-alumna/index.html",
                 "pagefind/pagefind.js", "assets/javascripts/lunr/min/lunr.ja.min.js", "countries/timor-leste/a.html",
                 "assets/images/report-2024115.pdf", "pagefind/en_2299345.js"):
        assert not hosting.is_fingerprinted(name), name


def test_only_scripts_that_run_are_hashed():
    html = ('<script>var fictional = 1;</script><script type="application/ld+json">{"a": 1}</script>'
            '<script src="x.js"></script><script id="__config" type="application/json">{}</script>'
            '<style>p { color: red }</style>')
    scripts, styles = hosting.inline_code(html)
    assert scripts == ["var fictional = 1;"] and styles == ["p { color: red }"]


def small_site(folder: Path) -> Path:
    for relative in ("index.html", "404.html", "ja/index.html", "ja/404.html", "stories/fictional-alumna/index.html",
                     "embed/fictional-alumna/index.html", "ja/embed/fictional-alumna/index.html", "feed.xml",
                     "assets/javascripts/bundle.a5f9d56c.min.js", "assets/javascripts/partners.js",
                     "assets/share/site.en.9c2af81d20dd.png", "index.html.gz", "_headers"):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<script>fictional()</script>" if relative.endswith("index.html") else "x", encoding="utf-8")
    return folder


def test_plan_reads_redirects_gone_embeds_and_hashes_from_the_data(tmp_path):
    addresses = [Address("/stories/fictional-former-name/", "redirect", "en", "stories/fictional-alumna/"),
                 Address("/ja/stories/fictional-withdrawn/", "withdrawn", "ja", slug="fictional-withdrawn"),
                 Address("/stories/fictional-alumna/", "story", "en")]
    plan = hosting.plan(small_site(tmp_path), addresses, "https://fictional.example/alumni/")
    assert plan.redirects == [hosting.Redirect("/alumni/stories/fictional-former-name/", "/alumni/stories/fictional-alumna/")]
    assert plan.gone == [hosting.Gone("/alumni/ja/stories/fictional-withdrawn/",
                                      "/alumni/ja/stories/fictional-withdrawn/index.html")]
    assert plan.not_found == [("/alumni/ja/", "/alumni/ja/404.html"), ("/alumni/", "/alumni/404.html")]
    assert plan.files["embed/fictional-alumna/index.html"].framable
    assert not plan.files["stories/fictional-alumna/index.html"].framable
    assert plan.files["assets/javascripts/bundle.a5f9d56c.min.js"].cache == hosting.IMMUTABLE
    assert plan.files["assets/javascripts/partners.js"].cache == hosting.REVALIDATE
    assert "index.html.gz" not in plan.files and "_headers" not in plan.files
    assert plan.script_hashes == [hosting.sha256_source("fictional()")]
    assert f"'{plan.script_hashes[0]}'" in plan.csp(False) and "'unsafe-inline'" not in plan.csp(False)


def netlify_match(pattern: str, url: str) -> bool:
    return url.startswith(pattern[:-1]) if pattern.endswith("*") else url == pattern


def test_headers_rules_cover_every_file_exactly_once(tmp_path):
    plan = hosting.plan(small_site(tmp_path), [], "")
    rules = _compress(plan.files)
    for relative, rule in plan.files.items():
        urls = ["/" + relative] + (["/" + relative[: -len("index.html")]] if relative.endswith("index.html") else [])
        for url in urls:
            matching = [r for pattern, r in rules if netlify_match(pattern, url)]
            assert matching == [rule], (url, matching)
    text = netlify_headers(plan)
    assert re.search(r"^/embed/\*\n(  .*\n)*  Content-Security-Policy: [^\n]*frame-ancestors \*", text, re.M)
    assert text.count("Strict-Transport-Security") == 1, "the common headers are stated once, for /*"


def test_favicon_ico_is_drawn_from_a_raster_favicon_and_never_replaces_one(tmp_path):
    from PIL import Image

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert hosting.favicon_ico(tmp_path, ["assets/icon.svg"]) is None, "no rasterizer: an SVG is passed by"
    Image.new("RGB", (48, 48), (40, 53, 147)).save(tmp_path / "assets" / "icon.png")
    icon = hosting.favicon_ico(tmp_path, ["assets/icon.svg", "assets/icon.png"])
    (tmp_path / "favicon.ico").write_bytes(icon)
    with Image.open(tmp_path / "favicon.ico") as drawn:
        assert drawn.format == "ICO"
    assert hosting.favicon_ico(tmp_path, ["assets/icon.png"]) is None, "an existing favicon.ico is kept"


def test_the_bucket_upload_list_holds_exactly_the_fingerprinted_files(tmp_path):
    from alumni_stories.outputs.host_config import host_files

    files = dict(host_files(hosting.plan(small_site(tmp_path), [], "")))
    assert files["_hosting/immutable.txt"].splitlines() == ["assets/javascripts/bundle.a5f9d56c.min.js",
                                                            "assets/share/site.en.9c2af81d20dd.png"]


def test_precompressed_copies_decode_to_the_original_and_unchanged_files_come_from_the_cache(tmp_path):
    import gzip

    import brotli

    from alumni_stories.outputs import precompress

    site, cache = tmp_path / "site", tmp_path / ".cache" / "precompressed"
    site.mkdir()
    page = site / "page.html"
    page.write_text("<p>A fictional page, repeated.</p>\n" * 200, encoding="utf-8")
    (site / "tiny.css").write_text("p{}", encoding="utf-8")
    (site / "photo.png").write_bytes(b"\x89PNG" + bytes(4096))
    first = precompress.precompress(site, cache)
    assert first.files == 1 and not (site / "tiny.css.gz").exists() and not (site / "photo.png.br").exists()
    assert gzip.decompress((site / "page.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((site / "page.html.br").read_bytes()) == page.read_bytes()
    cached = sorted(p.name for p in cache.iterdir())
    assert len(cached) == 2
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes())  # the same bytes: a second run must read them, not recompress
    mtimes = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    precompress.precompress(site, cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == mtimes
    page.write_text("<p>Another fictional page.</p>\n" * 200, encoding="utf-8")
    precompress.precompress(site, cache)
    assert not set(cached) & {p.name for p in cache.iterdir()}, "entries of the old content are removed"
    assert brotli.decompress((site / "page.html.br").read_bytes()) == page.read_bytes()


def test_a_file_whose_digest_the_build_knows_is_not_read_when_its_copies_are_cached(tmp_path, monkeypatch):
    """Issue 27: a story page the incremental build kept comes with its digest; with its copies in the cache it is
    not read at all, and its copies are the same."""
    import hashlib

    from alumni_stories.outputs import precompress

    site, cache = tmp_path / "site", tmp_path / ".cache" / "precompressed"
    (site / "stories").mkdir(parents=True)
    page = site / "stories" / "kept.html"
    page.write_text("<p>A fictional kept page, repeated.</p>\n" * 200, encoding="utf-8")
    (site / "index.html").write_text("<p>A fictional home, repeated.</p>\n" * 200, encoding="utf-8")
    first = precompress.precompress(site, cache)
    copies = {p.name: p.read_bytes() for p in site.rglob("*.*[rz]")}
    reads = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read_bytes(self))
    known = {"stories/kept.html": hashlib.sha256(read_bytes(page)).hexdigest()}
    second = precompress.precompress(site, cache, known)
    assert page not in reads and site / "index.html" in reads, "the kept page is not read, the other one is"
    assert second == first and {p.name: p.read_bytes() for p in site.rglob("*.*[rz]")} == copies


def test_a_page_the_build_kept_is_not_read_for_its_inline_scripts_and_the_next_build_gets_them(tmp_path, monkeypatch):
    """Issue 27: an edit build read every page for its inline scripts (0.67 s at 1,000 alumni, under cProfile). A page kept byte for
    byte from the last build brings the hashes the last build found in it; the others are read; the record carries
    them, each distinct pair once, to the next build, and a damaged record is refused."""
    from alumni_stories.site import incremental

    site = small_site(tmp_path / "site")
    story = "stories/fictional-alumna/index.html"
    first = hosting.plan(site, [], "")
    assert first.inline[story] == ((hosting.sha256_source("fictional()"),), ())
    record = incremental.Record(inline=incremental.pack_inline(first.inline, [story, "index.html", "ja/index.html"]))
    assert len(record.inline["sets"]) == 1 and len(record.inline["pages"]) == 3, "one pair, shared by three pages"
    path = tmp_path / ".cache" / "incremental" / "record.json"
    path.parent.mkdir(parents=True)
    incremental.save_record(path, record)
    previous = incremental.load_record(path)
    known = incremental.known_inline(previous, {story: "digest-of-the-kept-page"})
    assert known == {story: first.inline[story]}, "only the kept page's, as recorded"
    reads = []
    read_text = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: reads.append(self) or read_text(self, *a, **k))
    second = hosting.plan(site, [], "", known)
    assert site / story not in reads and site / "index.html" in reads, "the kept page is not read, the others are"
    assert second.script_hashes == first.script_hashes and second.inline == first.inline
    # What the record says is what the build uses: a kept page brings its recorded hashes into the policy.
    other = hosting.plan(site, [], "", {story: (("sha256-fictional-kept-script",), ())})
    assert "sha256-fictional-kept-script" in other.script_hashes
    for damaged in ({"sets": [["not a list"]], "pages": {}}, {"sets": [[[], []]], "pages": {story: 1}},
                    {"sets": [], "pages": {story: True}}):
        path.write_text(json.dumps({**dataclasses.asdict(record), "inline": damaged}), encoding="utf-8")
        assert incremental.load_record(path) is None, damaged


def test_cached_copies_are_linked_and_a_rebuild_never_writes_into_the_cache(tmp_path):
    import brotli

    from alumni_stories.outputs import precompress

    site, cache = tmp_path / "site", tmp_path / ".cache" / "precompressed"
    site.mkdir()
    page = site / "page.html"
    page.write_text("<p>A fictional page, repeated.</p>\n" * 200, encoding="utf-8")
    precompress.precompress(site, cache)  # fills the cache
    (site / "page.html.br").unlink()
    (site / "page.html.gz").unlink()
    precompress.precompress(site, cache)
    entries = {p.stat().st_ino for p in cache.iterdir()}
    assert {(site / f"page.html{s}").stat().st_ino for s in (".gz", ".br")} == entries, "linked, not written"
    kept = tmp_path / "kept"  # a second name for each entry: pruned from the cache, its bytes stay observable
    kept.mkdir()
    old_entries = {}
    for entry in cache.iterdir():
        os.link(entry, kept / entry.name)
        old_entries[kept / entry.name] = entry.read_bytes()
    # A --dirty build writes into the same folder: the new copies must not go into the old ones' inodes.
    page.write_text("<p>Another fictional page.</p>\n" * 200, encoding="utf-8")
    precompress.precompress(site, cache)
    assert brotli.decompress((site / "page.html.br").read_bytes()) == page.read_bytes()
    assert all(path.read_bytes() == data for path, data in old_entries.items()), "the cache's bytes never change"
    precompress.precompress(site, None)  # without a cache: written, over the links of the last run
    assert brotli.decompress((site / "page.html.br").read_bytes()) == page.read_bytes()
    assert all(brotli.decompress(p.read_bytes()) == page.read_bytes() for p in cache.glob("*.br11"))


def test_files_no_reader_of_the_site_fetches_are_compressed_at_a_lighter_setting(tmp_path):
    import brotli

    from alumni_stories.outputs import precompress

    site, cache = tmp_path / "site", tmp_path / ".cache" / "precompressed"
    text = "".join(f"<p>A fictional alumnus number {n} of a fictional batch.</p>\n" for n in range(400))
    for relative in ("stories/a/index.html", "ja/embed/a/index.html", "embed/a/index.html", "admin/index.html"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    precompress.precompress(site, cache)
    sizes = {}
    for relative in ("stories/a/index.html", "ja/embed/a/index.html", "embed/a/index.html", "admin/index.html"):
        packed = (site / f"{relative}.br").read_bytes()
        assert brotli.decompress(packed) == text.encode()
        sizes[relative] = len(packed)
    expected = {"stories/a/index.html": 11, "ja/embed/a/index.html": 8, "embed/a/index.html": 8,
                "admin/index.html": 5}
    assert sizes == {relative: len(brotli.compress(text.encode(), quality=q)) for relative, q in expected.items()}
    assert len({sizes[relative] for relative in expected}) == 3, "the three settings give three sizes here"
    assert sorted(p.suffix for p in cache.glob("*.br*")) == [".br11", ".br5", ".br8"], "one entry per setting"


def test_the_hook_stops_the_build_with_a_message_not_a_traceback(tmp_path):
    from types import SimpleNamespace

    import pytest
    from mkdocs.exceptions import PluginError

    from pipeline_support import load_adapter

    from alumni_stories.build.pipeline import Build, Command, Pipeline, PIPELINES
    from alumni_stories.outputs.validation import Report

    hook = load_adapter()
    not_a_folder = tmp_path / "site"
    not_a_folder.write_text("a file where the site folder should be", encoding="utf-8")
    config = SimpleNamespace(plugins={}, site_dir=str(not_a_folder), theme={}, site_url="",
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    pipeline = PIPELINES.pipeline(tmp_path)
    pipeline.build = Build(token=config, report=Report(site=None))
    with pytest.raises(PluginError, match="Host configuration: cannot read or write"):
        hook._call(config, "_host_files")  # the adapter turns the pipeline's stop into MkDocs' error
