"""The build's speed-ups never change what readers get: caches and worker processes only save time.

Unit tests of each cache (a hit really skips the work; any change to the file, its name, the schema or the
code is a miss), then whole builds of a small FICTIONAL site (bench/generate.py): with every speed-up off,
cold and warm; every file and every byte must be the same.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys

import brotli
import pytest
from conftest import copy_project, fictional, story_text
from publishing_fixtures import draw_portrait

from alumni_stories import store
from alumni_stories.content import persistent, schema, stories as story_loader
from alumni_stories.content.catalog import load_catalog
from alumni_stories.media import pool, portraits
from bench import generate

SLUG = "fictional-alumna"


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project", stories=False)
    write(project)
    return project


def write(project, body="A fictional body paragraph.\n", portrait=True):
    extra = {"portrait": {"file": "portrait.jpg", "alt": "A drawn, fictional person", "caption": "Fictional",
                          "credit": "Test suite (fictional)"}} if portrait else {}
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(fictional(**extra), body), encoding="utf-8")
    ja_extra = {"portrait": {"alt": "架空の人物の絵", "caption": "架空", "credit": "テスト（架空）"}} if portrait else {}
    (project / "stories" / f"{SLUG}.ja.md").write_text(story_text(fictional("ja", **ja_extra)), encoding="utf-8")
    if portrait:
        media = project / "stories" / "media" / SLUG
        media.mkdir(parents=True, exist_ok=True)
        if not (media / "portrait.jpg").exists():
            draw_portrait(media / "portrait.jpg", (600, 750))


def load(project):
    """One load as a new process would do it: nothing kept in memory from an earlier load."""
    story_loader._read_cache.clear()
    story_loader._loaded.clear()
    persistent._open.clear()
    return story_loader.load_story_files_checked(project / "stories", load_catalog(project / "data"))


class Counting:
    def __init__(self, monkeypatch, module, name):
        self.calls = 0
        original = getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def test_unchanged_content_is_read_and_checked_once(project, monkeypatch):
    reads = Counting(monkeypatch, story_loader, "_read_uncached")
    inspections = Counting(monkeypatch, portraits, "inspect")
    first, _withdrawn, problems = load(project)
    assert not problems and reads.calls == 2 and inspections.calls == 1
    assert list((project / ".cache" / "content").glob("*/results.pickle")), "results are kept in .cache/content/"
    second, _withdrawn, problems = load(project)
    assert not problems and reads.calls == 2 and inspections.calls == 1, "the second load checked nothing again"
    assert second == first, "the stored result is the same story"


EDIT = b"\n# an edit that changes no behaviour, only the module's bytes\n"


def copy_package(folder, monkeypatch):
    """A copy of alumni_stories/ the store reads its drawers' modules from, so a module can be edited."""
    shutil.copytree(store.PACKAGE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store, "PACKAGE", folder)
    return folder


def test_an_edit_the_schema_or_the_code_makes_the_cache_miss(project, monkeypatch):
    load(project)
    reads = Counting(monkeypatch, story_loader, "_read_uncached")
    write(project, body="An edited fictional paragraph.\n")
    stories, _w, _p = load(project)
    assert reads.calls == 1, "only the edited file is read again"
    assert "edited" in stories[0].text("en").body
    changed_schemas = project / "changed-schemas"  # the folder the checks read their schemas from, changed
    shutil.copytree(schema.SCHEMA_DIR, changed_schemas)
    translation = changed_schemas / schema.TRANSLATION_SCHEMA
    translation.write_text(translation.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_DIR", changed_schemas)
    load(project)
    assert reads.calls == 3, "a schema change checks every file again"
    package = copy_package(project.parent / "package", monkeypatch)
    load(project)
    assert reads.calls == 3, "the same code (a copy of the package): nothing checked again"
    module = package / "content" / "schema.py"
    module.write_bytes(module.read_bytes() + EDIT)
    load(project)
    assert reads.calls == 5, "other code checks every file again"
    assert [p.name for p in (project / ".cache" / "content").iterdir()] == [persistent.DRAWER.fingerprint(
        persistent.schema_digest(changed_schemas))], "the store's prune rule: the results of older code go"


def test_a_problem_is_reported_from_the_cache_too(project):
    (project / "stories" / f"{SLUG}.en.md").write_text(
        story_text(fictional(country="atlantis")), encoding="utf-8")
    shutil.rmtree(project / "stories" / "media")
    first = [str(p) for p in load(project)[2]]
    assert first and "atlantis" in " ".join(first)
    assert [str(p) for p in load(project)[2]] == first


def test_the_variable_turns_the_disk_cache_off(project, monkeypatch):
    shutil.rmtree(project / ".cache" / "content", ignore_errors=True)  # copies start with the project's caches
    monkeypatch.setenv(persistent.DISABLE_VARIABLE, "1")
    reads = Counting(monkeypatch, story_loader, "_read_uncached")
    load(project)
    load(project)
    assert reads.calls == 4 and not (project / ".cache" / "content").exists()


def test_portraits_encoded_in_processes_are_the_same_bytes(tmp_path, monkeypatch):
    sources = []
    for index in range(3):
        path = tmp_path / f"photo{index}.jpg"
        draw_portrait(path, (1200, 1500))
        sources.append((f"fictional-{index}", portraits.PortraitSource(path, 1200, 1500, f"{index:064d}")))
    monkeypatch.setenv(pool.WORKERS_VARIABLE, "1")
    alone = portraits.render_all(sources, tmp_path / "alone")
    monkeypatch.setenv(pool.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(pool, "MIN_JOBS", 1)
    spawned = []
    real_run_all = pool.run_all
    monkeypatch.setattr(pool, "run_all", lambda f, jobs: spawned.append(len(list(jobs))) or real_run_all(f, jobs))
    shared = portraits.render_all(sources, tmp_path / "shared")
    monkeypatch.setattr(pool, "run_all", real_run_all)
    assert spawned == [3]
    assert alone.keys() == shared.keys() and len(alone) == 3 * 8
    assert all(alone[k].read_bytes() == shared[k].read_bytes() for k in alone)


def test_large_jpegs_are_decoded_at_reduced_size(tmp_path, monkeypatch):
    from PIL import Image

    path = tmp_path / "photo.jpg"
    draw_portrait(path, (2400, 3000))
    opened = []
    real_open = Image.open

    def spy(*args, **kwargs):
        image = real_open(*args, **kwargs)
        opened.append(image)
        return image

    monkeypatch.setattr(Image, "open", spy)
    portraits.render("fictional", portraits.PortraitSource(path, 2400, 3000, "0" * 64), tmp_path / "cache")
    assert opened and opened[0].size == (600, 750), "decoded at a quarter: still larger than the 400 x 500 output"


def test_a_finished_japanese_page_is_read_back_and_any_change_breaks_it_again(tmp_path, monkeypatch):
    from alumni_stories.site import page_html, typography

    memo = page_html.finish_memo(tmp_path / "pages")
    breaks = Counting(monkeypatch, typography, "with_phrase_breaks")
    page = "<html><head></head><body><p>架空の修了生は若手外交官コースの第5期として参加しました。</p></body></html>"
    names = frozenset({"若手外交官コース"})
    first = page_html.finish(page, "ja", names, memo)
    assert "<wbr>" in first and breaks.calls == 1
    again = page_html.finish_memo(tmp_path / "pages")  # a new build: nothing in memory
    assert page_html.finish(page, "ja", names, again) == first and breaks.calls == 1, "read back, not cut again"
    assert page_html.finish(page, "ja", frozenset(), again) == page_html.finish(page, "ja")
    assert breaks.calls == 3, "other names are a miss"
    edited = page.replace("第5期", "第6期")
    assert "第6期" in page_html.finish(edited, "ja", names, again) and breaks.calls == 4, "an edited page is a miss"
    english = "<html><head></head><body><p>A fictional alumna joined the 5th batch.</p></body></html>"
    assert page_html.finish(english, "en", names, again) == english and breaks.calls == 4, \
        "an English page quoting no Japanese gets no breaks"
    kept = sorted(p.name for p in (tmp_path / "pages").rglob("*.z"))
    assert len(kept) == 3
    last = page_html.finish_memo(tmp_path / "pages")
    page_html.finish(edited, "ja", names, last)
    last.prune()
    assert len(list((tmp_path / "pages").rglob("*.z"))) == 1, "what the last build did not use is removed"
    assert breaks.calls == 4
    package = copy_package(tmp_path / "package", monkeypatch)
    module = package / "site" / "typography.py"
    module.write_bytes(module.read_bytes() + EDIT)
    other = page_html.finish_memo(tmp_path / "pages")
    page_html.finish(edited, "ja", names, other)
    assert breaks.calls == 5, "other breaking code is a miss"
    other.prune()
    assert [p.parent.name for p in (tmp_path / "pages").rglob("*.z")] == [store.DRAWERS["pages"].fingerprint()], \
        "older code's folder goes"
    monkeypatch.setenv(persistent.DISABLE_VARIABLE, "1")
    off = page_html.finish_memo(tmp_path / "off")
    page_html.finish(page, "ja", names, off)
    assert breaks.calls == 6 and not (tmp_path / "off").exists(), "with caches off, nothing is kept"


# --- whole builds ------------------------------------------------------------------------------------

LOGS: dict = {}  # site folder -> what its last build printed


def build(project, site_dir, **env):
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=900,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert result.returncode == 0, result.stderr[-3000:]
    LOGS[str(site_dir)] = result.stderr
    return {str(p.relative_to(site_dir)): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


# Pagefind itself is not reproducible: indexing the same pages twice writes its filter and metadata chunks in
# another order, so under other content-hash names (checked: two runs of its binary over one folder). Those
# chunks are compared by name with the hash masked, and the hash is masked wherever a file names a chunk
# (pagefind-entry.json, the list of fingerprinted files); every other byte must be the same.
PAGEFIND_HASH = re.compile(rb"(?<=(?:en|ja)_)[0-9a-f]{7,10}\b")
UNORDERED = re.compile(r"^pagefind/(?:filter/.*\.pf_filter|pagefind\..*\.pf_meta)(?:\.gz|\.br)?$")


# Nor is the number of its filter chunks fixed (one run wrote one English filter chunk, the next two): the host
# files that list every fingerprinted file (_headers, _hosting/immutable.txt) are compared without Pagefind's
# entries, and chunk names without their count. The kept index of a warm build is compared byte for byte.
HOST_LISTS = {"_headers": re.compile(rb"^/pagefind/[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.M),
              "_hosting/immutable.txt": re.compile(rb"^pagefind/[^\n]*\n", re.M)}


def _canonical(name: str, data: bytes) -> bytes:
    """Pagefind's entry file lists its languages in no fixed order either: compared with sorted keys."""
    if name.endswith("pagefind/pagefind-entry.json"):
        return json.dumps(json.loads(data), sort_keys=True).encode()
    if name in HOST_LISTS:
        return HOST_LISTS[name].sub(b"", data)
    return data


def normalised(files: dict) -> list[tuple[str, bytes | None]]:
    """Every file as (name, bytes) with Pagefind's chunk hashes masked; several chunks share a masked name, so
    this is a sorted list, not a mapping."""
    out = []
    for name, data in files.items():
        name = PAGEFIND_HASH.sub(b"#", name.encode()).decode()
        if name.endswith((".gz", ".br")):
            text = gzip.decompress(data) if name.endswith(".gz") else brotli.decompress(data)
            if PAGEFIND_HASH.search(text):  # a compressed copy of a file that names chunks: compare what it holds
                data = b"decompressed:" + _canonical(name[:-3], text)
                if name[:-3] in HOST_LISTS:
                    data = PAGEFIND_HASH.sub(b"#", data)
        else:
            data = _canonical(name, data)
        out.append((name, None if UNORDERED.match(name) else PAGEFIND_HASH.sub(b"#", data)))
    return sorted(set(out), key=lambda item: (item[0], item[1] or b""))


def differences(a: dict, b: dict) -> list[str]:
    """Names of the files that differ; [] when both trees hold the same files with the same bytes."""
    if set(a) == set(b) and all(a[name] == b[name] for name in a):
        return []
    a, b = normalised(a), normalised(b)
    if a == b:
        return []
    names_a, names_b = [n for n, _ in a], [n for n, _ in b]
    if names_a != names_b:
        return sorted(set(names_a) ^ set(names_b)) or ["the numbers of Pagefind chunks differ"]
    return sorted({na for (na, da), (nb, db) in zip(a, b) if da != db})


def test_the_site_is_the_same_with_and_without_the_speed_ups(tmp_path):
    project = generate.copy_project(tmp_path / "project")
    generate.write_stories(project, 14)  # some with a photo, one or two untranslated: see bench/generate.py
    assert list((project / "stories" / "media").iterdir()), "the fictional site has photos to encode"
    cache = project / persistent.CACHE_FOLDER

    plain = build(project, tmp_path / "plain", **{persistent.DISABLE_VARIABLE: "1", pool.WORKERS_VARIABLE: "1"})
    assert not (cache / "content").exists(), "with the variable set, no content cache was written"
    shutil.rmtree(cache)
    site = tmp_path / "site"  # the cached builds go to one folder, as an editor's do: the last build's pages are there
    cold = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    assert list((cache / "content").glob("*/results.pickle"))
    assert "story pages" not in LOGS[str(site)], "a first build renders every page"
    def inodes():  # a page taken from the last build is that very file (a link), not a new one
        return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("index.html")
                if p.parent.parent.name in ("stories", "embed")}

    def files():
        return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}

    everything = files()
    warm = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    assert "Nothing changed since the last build: site/ is left as it was" in LOGS[str(site)]
    assert files() == everything, "a warm build leaves every file of the site as it was (issue 27)"
    # A file of the site removed by hand: the next build sees the folder is not as the last one left it and makes
    # the site again, its story pages taken from the last build.
    (site / "404.html").unlink()
    before = inodes()
    rebuilt = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    assert "Nothing changed" not in LOGS[str(site)] and (site / "404.html").is_file()
    kept = re.search(r"rendered 0 of (\d+) story pages and 0 of (\d+) other pages", LOGS[str(site)])
    assert kept, "nothing changed: no page rendered"
    # Issue 27: nor do the asset steps read them: the theme stylesheet's cut knows every page's words by its digest,
    # the fingerprinting knows the story pages from the last build's record.
    assert re.search(r"; 0 of \d{2,} page\(s\) scanned for its names", LOGS[str(site)]), LOGS[str(site)][-3000:]
    unread = re.search(r"\((\d+) kept as the last build wrote them, not read\)", LOGS[str(site)])
    assert int(kept[1]) == len([name for name in before if name.split("/")[-3] == "stories"])
    assert unread and int(unread[1]) == int(kept[1]) + int(kept[2]), "every kept page"
    assert len(before) > 40 and inodes() == before, "story pages and embed cards come from the last build"

    html = [name for name in plain if name.endswith(".html")]
    assert len(html) > 60 and any("/media/portraits/" in f"/{name}" for name in plain)
    for other in (cold, warm, rebuilt):
        assert [name for name in html if other.get(name) != plain[name]] == [], "every HTML page, byte for byte"
    assert differences(plain, cold) == [], "a cold build with the speed-ups writes the same files and bytes"
    assert differences(plain, warm) == [], "a warm build leaves the same files and bytes"
    assert differences(plain, rebuilt) == [], "a build from the last one's pages writes the same files and bytes"
    index = [name for name in cold if name.startswith("pagefind/")]
    assert index and [name for name in index if rebuilt.get(name) != cold[name]] == [], "the kept index, byte for byte"
    stories_ja = [name for name in html if name.startswith("ja/stories/") and name.count("/") == 3]
    assert len(list((cache / "pages").glob("*/*.z"))) >= len(stories_ja) > 10, "Japanese pages kept with their breaks"
    assert len(list((cache / "search").iterdir())) == 1, "the search index of these pages is kept"

    # One edit, as an editor makes it: a story's name and body change; the warm caches must not serve stale pages.
    story = sorted((project / "stories").glob("*.ja.md"))[0]
    text = story.read_text(encoding="utf-8")
    story.write_text(re.sub(r"^name: (.*)$", r"name: \1（編集）", text, count=1, flags=re.M)
                     + "\n編集で加えた一文です（架空）。\n", encoding="utf-8")
    before = inodes()
    edited = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    rendered = re.search(r"rendered (\d+) of (\d+) story pages", LOGS[str(site)])
    assert rendered and 2 <= int(rendered[1]) <= 6 < int(rendered[2]), "the story, its neighbours, both languages"
    after = inodes()
    made = {name for name in before if after.get(name) != before[name]}
    slug = story.name.split(".")[0]
    assert {f"ja/stories/{slug}/index.html", f"ja/embed/{slug}/index.html"} <= made, "the edited story is made again"
    assert len(made) <= 12 < len(before), "only the edited story and its neighbours are made again"
    edited_plain = build(project, tmp_path / "edited-plain",
                         **{persistent.DISABLE_VARIABLE: "1", pool.WORKERS_VARIABLE: "1"})
    assert [name for name in html if edited.get(name) != plain[name]], "the edit changed some pages"
    assert differences(edited_plain, edited) == [], "after an edit the cached build equals a build from nothing"
    assert re.search(r"; [1-9]\d? of \d{2,} page\(s\) scanned for its names", LOGS[str(site)]), "the changed pages"

    # Another: a story's body now names <kbd>, the first page to. The theme's `.md-typeset kbd` rules stay in the
    # cut stylesheet, under a new name that every page, the kept story pages too, must load.
    cut = [name for name in edited if re.fullmatch(r"assets/stylesheets/theme\.\w+\.css", name)]
    assert len(cut) == 1 and b".md-typeset kbd{" not in edited[cut[0]]
    story = sorted((project / "stories").glob("*.en.md"))[-1]
    story.write_text(story.read_text(encoding="utf-8") + "\nPress the kbd key (fictional).\n", encoding="utf-8")
    slug = story.name.split(".")[0]
    partners = ["feed.xml", "ja/feed.xml", "api/v1/stories.json", f"embed/{slug}/index.html",
                f"ja/embed/{slug}/index.html"]
    partners_before = {name: (site / name).stat().st_ino for name in partners}
    edited = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    # Only its body changed: its own pages are rendered; its neighbours' and every page that lists stories are kept.
    assert re.search(r"rendered [12] of \d+ story pages and 0 of [1-9]\d+ other pages", LOGS[str(site)]), \
        LOGS[str(site)][-3000:]
    # So are the files for partners, none of which shows a body: the very files of the last build (issue 27).
    assert re.search(r"\d{2,} files for partners \(feeds, share images, embed cards\) taken from the last build",
                     LOGS[str(site)]), LOGS[str(site)][-3000:]
    assert {name: (site / name).stat().st_ino for name in partners} == partners_before
    edited_plain = build(project, tmp_path / "edited-plain",
                         **{persistent.DISABLE_VARIABLE: "1", pool.WORKERS_VARIABLE: "1"})
    assert differences(edited_plain, edited) == [], "the kept pages load the new cut stylesheet, as a cold build's"
    assert cut[0] not in edited and [name for name in edited if re.fullmatch(r"assets/stylesheets/theme\.\w+\.css",
                                                                         name) and b".md-typeset kbd{" in edited[name]]

    # A file for partners changed in the site folder since (by hand, by another tool): none is taken; all are made.
    feed = site / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace(b"<feed", b"<!-- changed by hand --><feed", 1))
    story.write_text(story.read_text(encoding="utf-8") + "\nA second fictional sentence.\n", encoding="utf-8")
    edited = build(project, site, **{pool.WORKERS_VARIABLE: "2"})
    assert "taken from the last build" not in LOGS[str(site)] and b"changed by hand" not in edited["feed.xml"]
    edited_plain = build(project, tmp_path / "edited-plain",
                         **{persistent.DISABLE_VARIABLE: "1", pool.WORKERS_VARIABLE: "1"})
    assert differences(edited_plain, edited) == [], "the files for partners made again, as a cold build's"


def test_incremental_rule_renders_the_edited_story_and_its_neighbours_and_distrusts_a_damaged_record(tmp_path):
    from alumni_stories.site import incremental

    order = ["fictional-a", "fictional-b", "fictional-c", "fictional-d", "fictional-e"]
    stories = {f"{slug}.{language}.md": f"digest-{slug}" for slug in order for language in ("en", "ja")}
    listed = {slug: f"listed-{slug}" for slug in order}  # each story as other pages show it
    last = incremental.Record(shared="same", stories=dict(stories), order=list(order), listed=dict(listed))
    assert incremental.kept_slugs(None, last) == set(), "no record: everything is rendered"
    assert incremental.kept_slugs(last, last) == set(order), "nothing changed: every story page is kept"
    edited = incremental.Record(shared="same", stories={**stories, "fictional-c.ja.md": "new"}, order=list(order),
                                listed={**listed, "fictional-c": "renamed"})
    assert incremental.kept_slugs(last, edited) == {"fictional-a", "fictional-e"}, "c and its neighbours b, d"
    assert not incremental.lists_unchanged(last, edited), "its name shows on lists and in the neighbours' pagers"
    body = incremental.Record(shared="same", stories={**stories, "fictional-c.ja.md": "new"}, order=list(order),
                              listed=dict(listed))
    assert incremental.kept_slugs(last, body) == set(order) - {"fictional-c"}, "only c's body: c alone"
    assert incremental.lists_unchanged(last, body)
    for other in (incremental.Record(shared="other", stories=dict(stories), order=list(order)),
                  incremental.Record(shared="same", stories=dict(stories), order=order[::-1]),
                  incremental.Record(shared="same", stories={**stories, "fictional-z.en.md": "draft"}, order=order)):
        assert incremental.kept_slugs(last, other) == set(), "shared inputs, order or an unlisted story changed"

    path = tmp_path / "record.json"
    incremental.save_record(path, last)
    assert incremental.load_record(path) == last
    for damaged in ("{", "[]", '{"shared": 1}', '{"shared": "s", "stories": {"../x": "d"}}',
                    '{"shared": "s", "outputs": ["index.html"]}', '{"unknown": 1}'):
        path.write_text(damaged, encoding="utf-8")
        assert incremental.load_record(path) is None, damaged

    site = tmp_path / "site"
    (site / "stories" / "fictional-a").mkdir(parents=True)
    page = site / "stories" / "fictional-a" / "index.html"
    page.write_text("<p>fictional</p>", encoding="utf-8")
    last.outputs = incremental.digest_outputs(site, ["stories/fictional-a/index.html"])
    assert incremental.unchanged_output(last, site, "stories/fictional-a/index.html")
    page.write_text("<p>fictional, edited by hand</p>", encoding="utf-8")
    assert not incremental.unchanged_output(last, site, "stories/fictional-a/index.html"), "a changed file is rendered"
    assert not incremental.unchanged_output(last, site, "stories/fictional-b/index.html"), "so is a missing one"


def test_a_record_naming_a_file_for_partners_outside_the_site_folder_is_refused(tmp_path):
    """The record lists the files for partners a body-only edit takes from the last build's folder by their site
    paths; a record naming a path that leaves the folder (damaged, or written by someone else) is no record: every
    file is made again."""
    import dataclasses

    from alumni_stories.site import incremental

    path = tmp_path / ".cache" / "incremental" / "record.json"
    path.parent.mkdir(parents=True)
    good = incremental.Record(partners={"feed.xml": [120, 1], "ja/embed/fictional-a/index.html": [300, 2]})
    incremental.save_record(path, good)
    assert incremental.load_record(path) == good
    for name in ("../outside.xml", "/etc/passwd", "embed/../../x", "a//b", "a\\b", "./feed.xml", ""):
        path.write_text(json.dumps({**dataclasses.asdict(good), "partners": {name: [1, 1]}}), encoding="utf-8")
        assert incremental.load_record(path) is None, name
