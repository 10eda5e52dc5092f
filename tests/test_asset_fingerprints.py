"""The site's own stylesheets and scripts: bundled, named after their content and cached for ever (issue 24).

alumni_stories/outputs/assets.py runs in the build's outputs phase; these tests run it on a small fictional site and
check the real build's pages."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

from alumni_stories.outputs import assets, hosting

HEAD = ('<link rel="stylesheet" href="{p}assets/stylesheets/main.57a0d79d.min.css">\n{extra}'
        '<link rel="stylesheet" href="{p}assets/stylesheets/layout.css">\n'
        '<link rel="stylesheet" href="{p}assets/stylesheets/frame.css">\n'
        '<div class="site-search" data-search-style="{p}pagefind/ui.css {p}assets/stylesheets/search.css"></div>\n'
        '<script src="{p}assets/javascripts/bundle.a5f9d56c.min.js"></script>\n'
        '<script src="{p}assets/javascripts/loader.js" defer></script>\n'
        '<script src="{p}assets/javascripts/frame.js" defer></script>\n{script}'
        '<p>Edit <code>docs/assets/stylesheets/layout.css</code> (FICTIONAL guide text).</p>\n')
FILES = {"layout.css": "body { color: #111 }", "frame.css": ".frame { margin: 0 }", "search.css": ".s { }",
         "page.css": ".page { }", "loader.js": "(function () { window.loaded = 1; })()",
         "frame.js": "(function () { window.framed = 1; })()", "filter.js": "(function () {})()"}


def fictional_site(folder: Path) -> Path:
    for name, text in FILES.items():
        kind = "stylesheets" if name.endswith(".css") else "javascripts"
        (folder / "assets" / kind).mkdir(parents=True, exist_ok=True)
        (folder / "assets" / kind / name).write_text(text, encoding="utf-8")
    (folder / "assets/stylesheets/main.57a0d79d.min.css").write_text(".md { }", encoding="utf-8")
    pages = {"index.html": HEAD.format(p="", extra='<link rel="stylesheet" href="assets/stylesheets/page.css">\n',
                                       script=""),
             "stories/index.html": HEAD.format(p="../", extra="",
                                               script='<script src="../assets/javascripts/filter.js" defer></script>\n'),
             "404.html": HEAD.format(p="/", extra="", script=""),
             "embed/fictional/index.html": "<style>.card { }</style><main>FICTIONAL card</main>"}
    for relative, text in pages.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def test_every_page_loads_the_common_files_as_one_fingerprinted_bundle(tmp_path):
    site = fictional_site(tmp_path)
    result = assets.fingerprint_assets(site)
    (css, css_names), (js, js_names) = sorted(result.bundles.items(), key=lambda item: item[0].endswith(".js"))
    assert css_names == ["layout.css", "frame.css"] and js_names == ["loader.js", "frame.js"]
    assert (site / css).read_text() == "body { color: #111 }\n.frame { margin: 0 }\n"
    assert (site / js).read_text() == "(function () { window.loaded = 1; })()\n;\n(function () { window.framed = 1; })()\n"
    for relative, prefix in (("index.html", ""), ("stories/index.html", "../"), ("404.html", "/")):
        text = (site / relative).read_text()
        assert text.count(f'<link rel="stylesheet" href="{prefix}{css}">') == 1, relative
        assert text.count(f'<script src="{prefix}{js}" defer></script>') == 1, relative
        assert "layout.css\"" not in text and "frame.js\"" not in text and "loader.js" not in text, relative
        assert "main.57a0d79d.min.css" in text and "bundle.a5f9d56c.min.js" in text  # the theme's: as they were
        assert "<code>docs/assets/stylesheets/layout.css</code>" in text  # text that names a file is not a link
        # The bundle comes where the first file was: after the theme's stylesheet, so the site's rules still win.
        assert text.index("main.57a0d79d.min.css") < text.index(css)
    assert (site / "embed/fictional/index.html").read_text() == "<style>.card { }</style><main>FICTIONAL card</main>"


def test_files_some_pages_load_are_fingerprinted_one_by_one(tmp_path):
    site = fictional_site(tmp_path)
    result = assets.fingerprint_assets(site)
    home, stories = (site / "index.html").read_text(), (site / "stories/index.html").read_text()
    page_css = result.fingerprinted["assets/stylesheets/page.css"]
    assert f'href="{page_css}"' in home and (site / page_css).read_text() == ".page { }"
    search_css = result.fingerprinted["assets/stylesheets/search.css"]
    assert f'data-search-style="pagefind/ui.css {search_css}"' in home
    assert f'src="../{result.fingerprinted["assets/javascripts/filter.js"]}"' in stories
    # The originals stay for whatever names them (the editing interface's previews), revalidated as before.
    assert (site / "assets/stylesheets/layout.css").is_file()
    # Copies that no page names (bundled everywhere) are not written.
    assert not list((site / "assets/stylesheets").glob("layout.*.css"))


def test_the_new_names_are_cached_for_ever_and_change_with_the_bytes(tmp_path):
    site = fictional_site(tmp_path / "one")
    result = assets.fingerprint_assets(site)
    new_names = [*result.bundles, *result.fingerprinted.values()]
    plan = hosting.plan(site, [], "https://fictional.example/")
    assert all(plan.files[name].cache == hosting.IMMUTABLE for name in new_names)
    assert plan.files["assets/stylesheets/layout.css"].cache == hosting.REVALIDATE
    changed = fictional_site(tmp_path / "two")
    (changed / "assets/stylesheets/frame.css").write_text(".frame { margin: 1px }", encoding="utf-8")
    assert set(assets.fingerprint_assets(changed).bundles) != set(result.bundles)
    home = (site / "index.html").read_text()
    assets.fingerprint_assets(site)  # a second run over its own output changes nothing
    assert (site / "index.html").read_text() == home


def test_a_hash_always_holds_a_digit_and_a_letter():
    for number in range(2000):
        name = assets.content_name("site.css", str(number).encode())
        assert hosting.is_fingerprinted("assets/stylesheets/" + name), name


def test_the_real_site_loads_its_own_files_by_fingerprinted_names_only(built_site):
    own = {p.name for folder in ("stylesheets", "javascripts") for p in (ROOT / "docs" / "assets" / folder).glob("*.*")}
    reference = re.compile(r'(?:href|src)="[^"]*assets/(?:stylesheets|javascripts)/([^"/]+)"')
    pages = [p for p in built_site.rglob("*.html") if "admin" not in p.relative_to(built_site).parts]
    loaded = set()
    for page in pages:
        names = reference.findall(page.read_text(encoding="utf-8"))
        assert not set(names) & own, f"{page}: {set(names) & own}"
        loaded.update(names)
    plan = hosting.plan(built_site, [], "https://fictional.example/")
    assert {n for n in loaded if n.startswith("site.")} and all(
        plan.files[f"assets/{'stylesheets' if n.endswith('.css') else 'javascripts'}/{n}"].cache == hosting.IMMUTABLE
        for n in loaded)


def test_a_page_kept_from_the_last_build_names_this_builds_files(tmp_path):
    """The incremental build keeps unchanged story pages, already rewritten: they must follow a changed stylesheet."""
    site = fictional_site(tmp_path)
    first = assets.fingerprint_assets(site)
    kept = (site / "stories/index.html").read_text()
    # The next build: fresh pages from the templates, the kept page as it was, a stylesheet changed.
    fresh = fictional_site(tmp_path / "next")
    (fresh / "stories/index.html").write_text(kept, encoding="utf-8")
    (fresh / "assets/stylesheets/frame.css").write_text(".frame { margin: 2px }", encoding="utf-8")
    second = assets.fingerprint_assets(fresh)
    css = next(name for name in second.bundles if name.endswith(".css"))
    assert css not in first.bundles
    text = (fresh / "stories/index.html").read_text()
    assert f'href="../{css}"' in text and text.count("<link") == 2
    assert f'src="../{second.fingerprinted["assets/javascripts/filter.js"]}"' in text


def test_a_page_kept_under_the_same_names_is_not_read_again(tmp_path, monkeypatch):
    """Issue 27: a story page the incremental build kept, byte for byte as the last build wrote it under the same
    names, is neither read nor rewritten; what this step needs of it comes from the last build's record. Under other
    names (a stylesheet changed) it is read and rewritten as before. The same files as a run that reads it."""
    first = assets.fingerprint_assets(fictional_site(tmp_path / "one"))
    record = first.for_record(["stories/index.html"])
    kept_text = (tmp_path / "one/stories/index.html").read_text()

    def next_build(folder, frame=None):
        site = fictional_site(folder)  # fresh pages from the templates, the story page as the last build left it
        (site / "stories/index.html").write_text(kept_text, encoding="utf-8")
        if frame:
            (site / "assets/stylesheets/frame.css").write_text(frame, encoding="utf-8")
        return site

    reads = []
    read_text = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: reads.append(self) or read_text(self, *a, **k))
    site = next_build(tmp_path / "two")
    reads.clear()
    second = assets.fingerprint_assets(site, kept=assets.Kept.from_record(record, {"stories/index.html"}))
    assert second.unread == 1 and second.mapping == first.mapping
    assert site / "index.html" in reads and site / "stories/index.html" not in reads, "the kept page is not read"
    read_again = next_build(tmp_path / "read")
    assert assets.fingerprint_assets(read_again).unread == 0
    files = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert files(site) == files(read_again) and second.fingerprinted == first.fingerprinted
    assert second.for_record(["stories/index.html"]) == record

    changed = next_build(tmp_path / "three", frame=".frame { margin: 3px }")
    third = assets.fingerprint_assets(changed, kept=assets.Kept.from_record(record, {"stories/index.html"}))
    assert third.unread == 0 and third.mapping != first.mapping and "stories/index.html" in third.written
    css = next(name for name in third.bundles if name.endswith(".css"))
    assert f'href="../{css}"' in (changed / "stories/index.html").read_text()
    assert assets.Kept.from_record({"mapping": 1, "facts": [], "pages": {}}, {"x"}).facts == {}, "a damaged record"


def test_pages_are_rewritten_one_at_a_time_never_all_held_at_once(tmp_path):
    """Holding every page's text between reading and rewriting was the build's peak of memory (issue 27: 100 MiB at
    1,000 alumni). 60 FICTIONAL pages of 400 KB each: 24 MB of pages; the step may hold a few, never all."""
    import tracemalloc

    site = fictional_site(tmp_path)
    filler = "<p>" + "FICTIONAL story text. " * 18_000 + "</p>\n"
    for number in range(60):
        page = site / f"stories/fictional-{number:02d}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(HEAD.format(p="../../", extra="", script="") + filler, encoding="utf-8")
    tracemalloc.start()
    try:
        result = assets.fingerprint_assets(site)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.pages == 63  # every page pointed to the bundles: each was read and written
    assert peak < 6_000_000, f"{peak / 1e6:.1f} MB held at once"
