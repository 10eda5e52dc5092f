"""A failed build never leaves a half-written site: the pipeline (build/publish.py) builds into site.tmp-<pid>/ and swaps it
into place only when every language was built. Each failure below happens after pages were written."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, fictional, run_build, story_text, tree_digest

pytestmark = pytest.mark.slow

SLUG = "fictional-alumna"




def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(("site.tmp-", "site.old-")))


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """The real project with a fictional story added, built once into site/ (the last good site)."""
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(fictional("en")), encoding="utf-8")
    (project / "stories" / f"{SLUG}.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def good(built_project, tmp_path):
    """A private copy of the built project, and the digest of its site/."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    return project, tree_digest(project / "site")


def test_a_build_writes_both_languages_in_place_and_leaves_nothing_behind(built_project):
    site = built_project / "site"
    assert (site / "index.html").is_file() and (site / "ja" / "index.html").is_file()
    assert (site / "stories" / SLUG / "index.html").is_file()
    assert (site / "ja" / "stories" / SLUG / "index.html").is_file()
    # Written after every language was built (the search index: Material's, or Pagefind's).
    assert (site / "search" / "search_index.json").is_file() or (site / "pagefind").is_dir()
    assert (site / "sitemap.xml").is_file()
    assert not (site / "ja" / "ja").exists()  # the language folder is computed once, from the real folder
    assert leftovers(built_project) == []


def test_site_dir_option_still_works(good, tmp_path):
    project, _ = good
    elsewhere = tmp_path / "elsewhere" / "public"
    result = run_build(project, elsewhere)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "index.html").is_file() and (elsewhere / "ja" / "stories" / SLUG / "index.html").is_file()
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["public"]


def test_a_template_error_part_way_leaves_the_previous_site_intact(good):
    project, before = good
    template = project / "overrides" / "story.html"
    # The fictional story's page raises while rendering; pages before it were already written.
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% set s = story %}", '{% set s = story %}{% if s.slug == "' + SLUG + '" %}{{ s.no_such_field.boom }}{% endif %}'),
        encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0 and "no_such_field" in result.stderr
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def test_a_strict_mode_warning_leaves_the_previous_site_intact(good):
    # MkDocs counts warnings and aborts after the last on_post_build: the swap must not have happened.
    project, before = good
    guide = project / "docs" / "guide" / "index.en.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[a broken link](no-such-page.md)\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0 and "no-such-page.md" in result.stderr and "strict" in result.stderr
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


SLOW_HOOK = '''
import os, time
from pathlib import Path

def on_post_page(output, page, config):
    if page.file.src_uri.startswith("stories/"):
        Path(os.environ["ATOMIC_TEST_MARKER"]).write_text(config.site_dir)
        time.sleep(60)
    return output
'''


def test_a_build_killed_part_way_leaves_the_previous_site_intact(good, tmp_path):
    project, before = good
    (project / "hooks" / "slow_for_test.py").write_text(SLOW_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n", "hooks:\n  - hooks/slow_for_test.py\n"), encoding="utf-8")
    marker = tmp_path / "writing"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ATOMIC_TEST_MARKER": str(marker)}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert marker.exists(), "the build never reached the story pages"
        writing_into = Path(marker.read_text())
        assert writing_into.name.startswith("site.tmp-") and any(writing_into.rglob("*.html"))  # part-way
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert tree_digest(project / "site") == before
    assert leftovers(project) == [writing_into.name]  # nothing could clean up after a SIGKILL...

    config.write_text(config.read_text(encoding="utf-8").replace("  - hooks/slow_for_test.py\n", ""),
                      encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []  # ...so the next build does
    assert (project / "site" / "ja" / "stories" / SLUG / "index.html").is_file()


def load_hook():
    from alumni_stories.build import publish

    return publish


def finished_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path):
    # The swap renames site/ to site.old-<pid>/, then site.tmp-<pid>/ to site/. Killed in between, the
    # last good site is in site.old-<pid>/: the next build restores it before doing anything else.
    hook = load_hook()
    dead = finished_process_id()
    old = tmp_path / f"site.old-{dead}"
    (old / "ja").mkdir(parents=True)
    (old / "index.html").write_text("last good site")
    (tmp_path / f"site.tmp-{dead}").mkdir()
    hook.remove_leftovers(tmp_path / "site", logging.getLogger("test"))
    assert (tmp_path / "site" / "index.html").read_text() == "last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_serve_and_dirty_builds_are_left_alone():
    from pipeline_support import FakeEngine, load_adapter

    from alumni_stories.build.pipeline import PIPELINES

    adapter = load_adapter()
    try:
        for command, dirty in (("serve", False), ("build", True)):
            adapter.on_startup(command=command, dirty=dirty)
            engine = FakeEngine(site_dir=Path("/somewhere/site"))
            PIPELINES.pipeline(ROOT).configure(engine)
            assert engine.site_dir == Path("/somewhere/site")
        adapter.on_startup(command="build", dirty=False)  # the build is what is redirected
        engine = FakeEngine(site_dir=Path("/somewhere/site"))
        PIPELINES.pipeline(ROOT).configure(engine)
        assert engine.site_dir.name.startswith("site.tmp-")
    finally:
        PIPELINES.start("build", False)
