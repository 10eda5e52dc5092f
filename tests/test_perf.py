"""Performance tools and the changes they led to: synthetic content, the benchmark (run once, tiny, with
no timing assertion), light pages that never leave the local server, and fast dirty previews."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, real_story_slugs

from alumni_stories.site.views import load_site
from alumni_stories.site.views import HOME_STORY_COUNT
from bench import generate, page_weight

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


# --- the generator ----------------------------------------------------------------------------------

def test_generated_alumni_are_valid_fictional_and_marked(tmp_path):
    project = generate.copy_project(tmp_path / "project")
    assert not any((project / "stories").iterdir()), "the copy starts without the real stories"
    slugs = generate.write_stories(project, 12)
    site = load_site(project)  # the real loader and validation accept every generated file
    assert sorted(s.slug for s in site.stories) == sorted(slugs) and len(slugs) == 12
    batches = {b["track"] + "-" + str(b["number"]): b for b in
               yaml.safe_load((project / "data" / "batches.yml").read_text(encoding="utf-8"))}
    for story in site.stories:
        en = story.text("en")
        assert en.name.startswith("Fictional Alumnus ") and generate.MARKER_EN in en.body
        assert en.body.count("\n\n") >= 4, "a few paragraphs, like a real story"
        if story.is_translated("ja"):
            ja = story.text("ja")
            assert "架空" in ja.name and generate.MARKER_JA in ja.body
            assert len(JAPANESE.findall(ja.body)) > 300, "Japanese bodies are written in Japanese"
        raw = (project / "stories" / f"{story.slug}.en.md").read_text(encoding="utf-8")
        assert generate.MARKER_COMMENT in raw
        batch = batches[story.batch_key]
        assert batch["status"] == "completed"
        known = batch.get("period") or {}
        if isinstance(known.get("start"), int):
            assert story.period.start.year == known["start"], "a batch's known period is respected"
        if isinstance(known.get("end"), int):
            assert story.period.end.year == known["end"]
    assert len({s.country for s in site.stories}) >= 3 and len({s.track for s in site.stories}) == 2


def test_generated_collection_is_shaped_like_a_real_one(tmp_path):
    """Long bodies, photos for about a third, a few stories not yet translated: what the benchmark must meet."""
    project = generate.copy_project(tmp_path / "project")
    generate.write_stories(project, 100)
    site = load_site(project)
    words = [len(s.text("en").body.split()) for s in site.stories]
    assert min(words) >= 300 and max(words) <= 1000 + 120 and max(words) - min(words) > 300
    with_photo = [s for s in site.stories if s.portrait_source is not None]
    assert 20 <= len(with_photo) <= 40, "about 30% have a portrait"
    assert all((s.portrait_source.width, s.portrait_source.height) == generate.PORTRAIT_SIZE for s in with_photo)
    assert all("FICTIONAL" in s.text("en").portrait_alt for s in with_photo), "the picture says it is not a photo"
    untranslated = [s for s in site.stories if not s.is_translated("ja")]
    assert 1 <= len(untranslated) <= 12, "about 5% not yet translated"
    assert not any((project / "stories" / f"{s.slug}.ja.md").exists() for s in untranslated)


def test_generator_refuses_to_write_into_the_real_project(tmp_path):
    with pytest.raises(generate.RefusedError):
        generate.write_stories(ROOT, 1)
    with pytest.raises(generate.RefusedError):
        generate.copy_project(ROOT / "stories")
    assert not list((ROOT / "stories").glob("fictional-alumnus-*"))


def test_baseline_is_a_plain_project_with_the_same_stories(tmp_path):
    baseline = generate.write_baseline(tmp_path / "baseline", 3)
    config = yaml.safe_load((baseline / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "nav" not in config and config["theme"]["name"] == "material"
    names = sorted(p.name for p in (baseline / "docs" / "stories").iterdir())
    assert names == sorted(f"fictional-alumnus-000{i}.{lang}.md" for i in (1, 2, 3) for lang in ("en", "ja"))


# --- the benchmark, once, at a tiny N, without timing assertions ---------------------------------------

@pytest.mark.slow
def test_benchmark_runs_and_writes_its_report(tmp_path):
    out = tmp_path / "results"
    result = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--sizes", "2,3",
                             "--work", str(tmp_path / "work"), "--out", str(out)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    reports = list(out.glob("*-quick.md"))
    assert len(reports) == 1 and len(list(out.glob("*-quick.svg"))) == 1 and len(list(out.glob("*-quick.json"))) == 1
    report = reports[0].read_text(encoding="utf-8")
    for n, pages_a, pages_b in ((2, 11, 7), (3, 13, 9)):
        found = {}
        for kind in ("(a) cold", "(b) stock stack", "(a) warm", "(a) one edit"):
            row = re.search(rf"^\| {n} \| {re.escape(kind)} \| ([\d.]+) \| ([\d.]+) \| (\d+) \| ([\d.]+) \| (\d+) \| "
                            rf"([\d.]+) \| ([\d.]+) \| [\d., ]+ \|$", report, re.M)
            assert row, f"no build-time row for N={n}, {kind}"
            found[kind] = row
            assert float(row[2]) > 0 and int(row[5]) > 20, "CPU time and the process tree's peak memory measured"
        assert int(found["(a) cold"][3]) >= pages_a and int(found["(b) stock stack"][3]) == pages_b  # HTML pages
        assert found["(a) warm"][3] == found["(a) cold"][3] == found["(a) one edit"][3]
    assert "| 3 | /stories/fictional-alumnus-0001/ |" in report and "| 3 | /ja/ |" in report
    assert "| no request to a third-party host | 0 such requests | met |" in report
    assert "## Profile: one project build at N=3" in report and "template rendering" in report
    assert "CPU:" in report and "mkdocs-material 9.8.2" in report
    assert "<svg" in next(out.glob("*-quick.svg")).read_text(encoding="utf-8")


# --- light pages ------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", ["", f"stories/{real_story_slugs()[0]}/", "ja/", f"ja/stories/{real_story_slugs()[0]}/"])
def test_pages_request_nothing_from_other_hosts(served_site, page, path):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # scripts fetch after load (search index, sitemaps)
    local = served_site.rstrip("/")
    assert len(requested) > 3, "the page and its assets were requested"
    assert [url for url in requested if not url.startswith(local + "/")] == []


@pytest.mark.browser
def test_story_page_first_load_stays_under_150_kb_compressed(built_site, browser):
    slug = real_story_slugs()[0]  # a real story page, whichever comes first
    weights = page_weight.measure(built_site, [f"stories/{slug}/", f"ja/stories/{slug}/"], browser)
    for path, weight in weights.items():
        assert weight["gzip_bytes"] <= 150 * 1024, (path, weight["requests"])
        assert not weight["third_party"]


def test_home_page_shows_the_latest_attachments_not_every_story(tmp_path):
    project = generate.copy_project(tmp_path / "project")
    generate.write_stories(project, HOME_STORY_COUNT + 3)
    site = load_site(project)
    recent = site.recent_view("en")
    assert [s["slug"] for s in recent] == [s.slug for s in site.stories[-HOME_STORY_COUNT:]]
    assert len(site.index_view("ja")) == HOME_STORY_COUNT + 3


# --- per-page costs ------------------------------------------------------------------------------------

def test_content_is_checked_once_per_build_not_once_per_page(monkeypatch):
    from pipeline_support import FakeEngine

    from alumni_stories.build.pipeline import Command, Pipeline
    from alumni_stories.site import cache as fingerprint

    calls = []
    real = fingerprint.content_fingerprint
    monkeypatch.setattr(fingerprint, "content_fingerprint", lambda root: calls.append(root) or real(root))

    pipeline, engine = Pipeline(ROOT, Command("build")), FakeEngine()
    first = pipeline.site(engine)
    for _page in range(50):
        assert pipeline.site(engine) is first
    assert len(calls) == 1
    pipeline.site(FakeEngine())  # a new build (the engine starts another build) checks again
    assert len(calls) == 2


def test_an_edited_story_is_read_again(tmp_path):
    project = generate.copy_project(tmp_path / "project")
    generate.write_stories(project, 2)
    assert load_site(project).story("fictional-alumnus-0002").text("ja").name == "架空の修了生0002"
    path = project / "stories" / "fictional-alumnus-0002.ja.md"
    path.write_text(path.read_text(encoding="utf-8").replace("架空の修了生0002", "架空の修了生（改訂）"), encoding="utf-8")
    assert load_site(project).story("fictional-alumnus-0002").text("ja").name == "架空の修了生（改訂）"


def test_a_save_checks_again_only_what_its_files_decide(tmp_path, monkeypatch):
    """The preview loads and checks the content at every save: what unchanged files decided is reused (each story's
    translation status, the catalog, the names under stories/), and what the saved file decides is decided again."""
    from alumni_stories.content import catalog, publishing, stories

    project = generate.copy_project(tmp_path / "project")
    slugs = generate.write_stories(project, 4)
    counted = {"status": [], "catalog": 0, "names": 0}
    real_status, real_catalog, real_folder = (publishing._story_status, catalog._load_catalog_checked,
                                              stories.reader.folder_problems)
    monkeypatch.setattr(publishing, "_story_status", lambda stem, paths: counted["status"].append(stem)
                        or real_status(stem, paths))
    monkeypatch.setattr(catalog, "_load_catalog_checked", lambda *a: counted.__setitem__("catalog", counted["catalog"]
                                                                                      + 1) or real_catalog(*a))
    monkeypatch.setattr(stories.reader, "folder_problems", lambda folder, shown: real_folder(folder, shown) if
                        shown != "stories" else counted.__setitem__("names", counted["names"] + 1)
                        or real_folder(folder, shown))
    translated = [s for s in slugs if (project / "stories" / f"{s}.ja.md").is_file()][0]
    publishing.mark_translated(project / "stories" / f"{translated}.en.md", project / "stories" / f"{translated}.ja.md")

    def status(slug):
        return {s.slug: s for s in publishing.content_status(project / "stories")}[slug].languages["ja"]

    assert status(translated) == publishing.PRESENT and len(counted["status"]) == 4
    load_site(project)
    assert counted["catalog"] == 1 and counted["names"] == 1
    counted["status"].clear()
    assert status(translated) == publishing.PRESENT and counted["status"] == [], "nothing changed: nothing checked"
    load_site(project)
    assert counted["catalog"] == 1 and counted["names"] == 1
    english = project / "stories" / f"{translated}.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA sentence saved in the body only.\n", encoding="utf-8")
    assert status(translated) == publishing.OUTDATED and counted["status"] == [translated]
    assert "A sentence saved in the body only." in load_site(project).story(translated).text("en").body
    assert counted["catalog"] == 1 and counted["names"] == 1, "a story's text changes neither data/ nor any name"
    countries = project / "data" / "countries.yml"
    countries.write_text(countries.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    site = load_site(project)
    assert counted["catalog"] == 2, "a data file changed: data/ is read again"
    (project / "stories" / "notes.txt").write_text("a stray file", encoding="utf-8")
    problems = stories.load_story_files_checked(project / "stories", site.catalog)[2]
    assert counted["names"] == 2 and [p.file for p in problems] == ["stories/notes.txt"], "a new name: checked again"


def _build_cache_hook():
    from pipeline_support import load_adapter

    from alumni_stories.build.pipeline import PIPELINES

    PIPELINES.start("build", False)  # a new process: nothing kept in memory, as in a new `mkdocs build`
    return load_adapter()


class _Compiles:
    def __init__(self, monkeypatch):
        self.count = 0
        real_compile = jinja2.Environment.compile

        def counted(env, *args, **kwargs):
            self.count += 1
            return real_compile(env, *args, **kwargs)

        monkeypatch.setattr(jinja2.Environment, "compile", counted)


def test_template_cache_compiles_once_and_notices_edits(tmp_path, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.delenv("ALUMNI_STORIES_NO_CACHE", raising=False)
    (tmp_path / "mkdocs.yml").write_text("site_name: Fictional\n", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), plugins={})
    sources = {"page.html": "<p>{{ x }}</p>"}

    envs = []

    def render(hook, **filters):  # a new environment per language pass, as MkDocs makes
        env = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: sources[name]))
        env.filters.update(filters)
        hook.on_env(env, config, None)
        envs.append(env)
        return env.get_template("page.html").render(x="one")

    compiled = _Compiles(monkeypatch)
    hook = _build_cache_hook()
    assert render(hook) == "<p>one</p>" and render(hook) == "<p>one</p>"
    assert compiled.count == 1, "the second language pass reuses the compiled template"
    assert list((tmp_path / ".cache" / "templates").glob("*/*.jinja")), "kept in .cache/templates/"
    assert render(_build_cache_hook()) == "<p>one</p>" and compiled.count == 1, "the next build compiles nothing"
    sources["page.html"] = "<div>{{ x }}</div>"
    assert render(_build_cache_hook()) == "<div>one</div>" and compiled.count == 2, "an edited template is compiled"
    render(_build_cache_hook(), shout=jinja2.pass_context(lambda context, value: value))
    assert compiled.count == 3, "other filters may compile other code: another folder"
    assert len(list((tmp_path / ".cache" / "templates").iterdir())) == 2, "both kept until a complete build ends"
    envs[-1].bytecode_cache.prune(every_page_rendered=False)  # what the end of a complete build does
    assert len(list((tmp_path / ".cache" / "templates").iterdir())) == 1, "the folder of the old code is removed"
    monkeypatch.setenv("ALUMNI_STORIES_NO_CACHE", "1")
    shutil.rmtree(tmp_path / ".cache")
    hook = _build_cache_hook()
    assert render(hook) == "<div>one</div>" and render(hook) == "<div>one</div>" and compiled.count == 4
    assert not (tmp_path / ".cache").exists(), "turned off: kept in memory only"


def test_the_theme_is_listed_without_its_icon_folders(monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(str(ROOT / "mkdocs.yml"))
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    from hooks.engine import list_without_dot_folders

    list_without_dot_folders(config.theme)  # what the adapter's on_config does
    list_without_dot_folders(config.theme)  # mkdocs-static-i18n runs on_config once per language
    walked = []
    real_walk = os.walk

    def walk(top, *args, **kwargs):
        for entry in real_walk(top, *args, **kwargs):
            walked.append(entry[0])
            yield entry

    monkeypatch.setattr(os, "walk", walk)
    listed = Files([])
    listed.add_files_from_theme(config.theme.get_env(), config)
    assert [(f.src_uri, f.abs_src_path) for f in listed] == [(f.src_uri, f.abs_src_path) for f in plain]
    assert any(f.src_uri.startswith("assets/javascripts/bundle.") for f in listed), "Material's own files are in"
    assert walked and not [path for path in walked if ".icons" in path], "no icon folder walked"
    assert config.theme.get_env().get_template(".icons/material/arrow-up.svg"), "icons still load by name"


# --- fast previews: mkdocs serve --dirty rebuilds what an edit changed, and that is right --------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _pager_names(html: str) -> list[str]:
    return [a.get_text(" ", strip=True) for a in BeautifulSoup(html, "html.parser").select(".story-pager a")]


def _story_outputs(site_dir) -> dict:
    """{(slug, language): modification time} of every story page in a built site."""
    found = {}
    for language, prefix in (("en", ""), ("ja", "ja/")):
        for page in (site_dir / prefix / "stories").glob("fictional-alumnus-*/index.html"):
            found[(page.parent.name, language)] = page.stat().st_mtime_ns
    return found


def _list_pages(site_dir) -> list:
    """Every page but story pages, embed cards and notices: home, indexes, countries, batches, tracks, guides."""
    return sorted(p for p in site_dir.rglob("index.html")
                  if not {"stories", "embed", "pagefind", "admin"} & set(p.relative_to(site_dir).parts[:-2])
                  and "embed" not in p.relative_to(site_dir).parts)


def _embed_cards(site_dir) -> dict:
    return {p: p.stat().st_mtime_ns for p in site_dir.rglob("embed/*/index.html")}


def _builds_done(log_file) -> int:
    """The rebuilds the preview has finished: MkDocs' server logs "Reloading browsers" once the builder returned.
    Not "Documentation built in": mkdocs-static-i18n filters that line out while its language passes run
    (plugin.py, on_post_build), and one CI run showed a finished rebuild without it."""
    log = log_file.read_text(encoding="utf-8", errors="replace")
    assert "An error happened during the rebuild" not in log, log
    return log.count("Reloading browsers")


@pytest.mark.slow
def test_dirty_preview_rebuilds_the_edited_story_its_neighbours_and_lists(tmp_path):
    from pathlib import Path

    project = generate.copy_project(tmp_path / "project")
    generate.write_stories(project, HOME_STORY_COUNT + 2)
    order = [s.slug for s in load_site(project).stories]
    edited, before, after = order[3], order[2], order[4]
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_file = tmp_path / "serve.log"
    log = open(log_file, "wb")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert _wait_for(lambda: "story-list" in _get(base + "stories/"), 120), log_file.read_text()
        site_dir = Path(re.search(r"Building 'en' documentation to directory: (\S+)", log_file.read_text()).group(1))
        first = _story_outputs(site_dir)
        assert len(first) == 2 * len(order), "the first build builds every story page"
        time.sleep(1.5)  # the watcher's first snapshot; and a later write gets a later modification time
        builds = _builds_done(log_file)
        number = edited.rsplit("-", 1)[1]
        path = project / "stories" / f"{edited}.en.md"
        path.write_text(path.read_text(encoding="utf-8").replace(f"Fictional Alumnus {number}",
                                                                 "Fictional Renamed Alumnus"), encoding="utf-8")
        assert _wait_for(lambda: "Fictional Renamed Alumnus" in _get(base + f"stories/{edited}/")), log_file.read_text()
        assert _wait_for(lambda: _builds_done(log_file) > builds, 120), log_file.read_text()
        # only the edited story and its neighbours were rebuilt, in both languages
        second = _story_outputs(site_dir)
        rebuilt = {key for key in first if second[key] != first[key]}
        assert rebuilt == {(slug, lang) for slug in (before, edited, after) for lang in ("en", "ja")}
        # the neighbours' pagers and the story index show the new name
        assert any("Fictional Renamed Alumnus" in n for n in _pager_names(_get(base + f"stories/{before}/")))
        assert any("Fictional Renamed Alumnus" in n for n in _pager_names(_get(base + f"stories/{after}/")))
        assert "Fictional Renamed Alumnus" in _get(base + "stories/")
        # the home page lists only the latest attachments, the index lists everyone
        home = BeautifulSoup(_get(base), "html.parser").select(".story-list > li")
        index = BeautifulSoup(_get(base + "stories/"), "html.parser").select(".story-list > li")
        assert len(home) == HOME_STORY_COUNT and len(index) == HOME_STORY_COUNT + 2
        # a save that changes only a story's body renders only that story's pages; nothing that lists it
        time.sleep(1.0)
        builds = _builds_done(log_file)
        lists = {path: path.stat().st_mtime_ns for path in _list_pages(site_dir)}
        cards = _embed_cards(site_dir)
        path = project / "stories" / f"{before}.en.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence saved in the body only.\n", encoding="utf-8")
        assert _wait_for(lambda: "saved in the body only" in _get(base + f"stories/{before}/")), log_file.read_text()
        assert _wait_for(lambda: _builds_done(log_file) > builds, 120), log_file.read_text()
        fourth = _story_outputs(site_dir)
        assert {key for key in fourth if fourth[key] != second[key]} == {(before, "en"), (before, "ja")}
        named = {site_dir / prefix / page for prefix in ("", "ja") for page in
                 ("programme/index.html", "countries/index.html")}  # generated: the core gives their titles
        assert len(lists) > 20 and named <= lists.keys() and (site_dir / "stories" / "index.html") in lists
        assert {p for p, m in lists.items() if p.stat().st_mtime_ns != m} == named, \
            "of the pages that list stories, only the generated ones the navigation names are rendered"
        assert len(cards) == 2 * len(order) and {p for p, m in _embed_cards(site_dir).items() if cards[p] != m} <= \
            {site_dir / "embed" / before / "index.html", site_dir / "ja" / "embed" / before / "index.html"}
        # and what the fast preview left is what rendering everything makes (a data file saved unchanged)
        snapshot = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file() and "pagefind" not in p.parts}
        time.sleep(1.0)
        builds = _builds_done(log_file)
        (project / "data" / "countries.yml").write_bytes((project / "data" / "countries.yml").read_bytes())
        assert _wait_for(lambda: _builds_done(log_file) > builds, 120), log_file.read_text()
        assert _wait_for(lambda: all(_story_outputs(site_dir)[key] != fourth[key] for key in fourth))
        again = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file() and "pagefind" not in p.parts}
        assert again.keys() == snapshot.keys()
        assert [p for p in snapshot if snapshot[p] != again[p]] == []
        second = _story_outputs(site_dir)

        # a change to data/ rebuilds every page
        far = order[0]
        time.sleep(1.0)
        builds = _builds_done(log_file)
        countries = project / "data" / "countries.yml"
        name = yaml.safe_load(countries.read_text(encoding="utf-8"))[load_site(project).story(far).country]["name"]["en"]
        countries.write_text(countries.read_text(encoding="utf-8").replace(f"en: {name}", "en: Fictional Renamed Land"),
                             encoding="utf-8")
        assert _wait_for(lambda: "Fictional Renamed Land" in _get(base + f"stories/{far}/")), log_file.read_text()
        assert _wait_for(lambda: _builds_done(log_file) > builds, 120), log_file.read_text()
        third = _story_outputs(site_dir)
        assert all(third[key] != second[key] for key in second), "every story page was rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
