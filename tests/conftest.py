"""Shared helpers: copies of the project to break safely, fictional stories, and the real site built once."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# The address the built site is made for: the deploy-time variable when set, else the local preview's (mkdocs.yml).
from alumni_stories.site.urls import LOCAL_SITE_URL, SITE_URL_VARIABLE

SITE_URL = os.environ.get(SITE_URL_VARIABLE) or LOCAL_SITE_URL
# Every build the tests run (in this process or a child) renders with typed views checked: a template that asks a
# story, country, batch or track view for a field it lacks fails the build (alumni_stories/site/typed.py).
os.environ.setdefault("ALUMNI_STORIES_STRICT_VIEWS", "1")

PROJECT_ITEMS = ("mkdocs.yml", "docs", "stories", "data", "hooks", "overrides", "schema", "alumni_stories")

# Fictional people only: tests never put real officials' names in invented situations.
FICTIONAL_EN = {
    "slug": "fictional-alumna",
    "name": "Fictional Alumna (test fixture)",
    "honorific": "Ms.",
    "country": "cambodia",
    "track": "esc",
    "batch": 3,
    "period": {"start": 2016, "end": 2017},
    "ministry": "Fictional Ministry of Examples",
    "current_role": {"title": "Fictional Director of Testing", "as_of": "2020-01-01"},
    "portrait": {"alt": "A fictional person", "caption": "A fictional caption", "credit": "Nobody (fictional)"},
    "pull_quote": "This person and this quote are fictional, made for tests.",
    # Issue 26: each quotation says where its words come from; the story says when it was last reviewed and on what
    # basis it is published (a fictional person's consent).
    "quotes": [{"text": "This person and this quote are fictional, made for tests.", "provenance": "original"}],
    "takeaways": ["A fictional point"],
    "published": "2020-01-01",
    "reviewed": "2020-01-01",
    "basis": {"consent": "2019-12-01"},
    "author": "Test suite (fictional)",
}
FICTIONAL_JA = {
    "name": "架空の修了生（テスト用）",
    "honorific": "氏",
    "ministry": "架空の例示省",
    "current_role": {"title": "架空のテスト部長"},
    "portrait": {"alt": "架空の人物", "caption": "架空のキャプション", "credit": "架空"},
    "pull_quote": "この人物と言葉はテスト用の架空のものです",
    "quotes": [{"text": "この人物と言葉はテスト用の架空のものです", "provenance": "translation"}],
    "author": "テストスイート（架空）",
}


def story_text(front_matter: dict, body: str = "A fictional body paragraph.\n") -> str:
    return "---\n" + yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def fictional(language: str = "en", **changes) -> dict:
    data = copy.deepcopy(FICTIONAL_EN if language == "en" else FICTIONAL_JA)
    for key, value in changes.items():
        if value is None and key in data:
            del data[key]
        else:
            data[key] = value
    if isinstance(changes.get("pull_quote"), str) and "quotes" not in changes:
        # A new pull quote is the fixture's quotation: listed with its provenance, as the check asks (issue 26).
        data["quotes"] = [{**data["quotes"][0], "text": changes["pull_quote"]}]
    return data


def copy_project(dest: Path, stories: bool = True) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_ITEMS:
        source = ROOT / item
        if item == "stories" and not stories:
            (dest / "stories").mkdir()
        elif source.is_dir():
            shutil.copytree(source, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / item)
    if not stories:  # the URL manifest protects the real stories' addresses, which this copy does not have
        from alumni_stories.outputs.permalinks import write_manifest

        write_manifest(dest, [])
    seed_build_cache(dest)
    return dest


def seed_build_cache(dest: Path) -> None:
    """Give a copy the real project's build cache (.cache/: Brotli and gzip output, share images, portraits, each
    named by a digest of what it was made from), hard-linked. A build of the copy then compresses and draws only
    what the copy changed, as a second build of the project does, instead of all of it again (a cold build of a
    copy costs about three times the CPU of a warm one). Its output is the same either way: an entry is found by
    the digest of its input. Linking is safe: every cache write goes to a temporary file renamed over the entry,
    never into a file in place. Before the real project's first build (a fresh clone) there is nothing to seed."""
    source = ROOT / ".cache"
    for path in sorted(source.rglob("*")) if source.is_dir() else ():
        if path.name.startswith(".") or not path.is_file():  # a build's temporary files
            continue
        target = dest / ".cache" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except FileNotFoundError:  # pruned by a build of the real project meanwhile (another worker)
            continue
        except OSError:  # another file system: copy instead
            shutil.copy2(path, target)


def run_build(project: Path, site_dir: Path | None = None, strict: bool = True, *extra: str, timeout: float = 600):
    """`mkdocs build` of `project`; `timeout` only stops a build that hangs, it times nothing."""
    command = [sys.executable, "-m", "mkdocs", "build"]
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*command, *extra], cwd=project, capture_output=True, text=True, env=env,
                          timeout=timeout)


# Under pytest-xdist (scripts/test.sh: --dist loadfile --no-loadscope-reorder) a test file is the unit of work,
# handed to whichever worker is free, in collection order. The longest files go first, so that none of them starts
# last while the other worker has nothing left to do; the rest keep their order. Longest by CPU time measured on
# the 2-core machine (the 300-story build alone is about a minute). A renamed file only loses its place.
LONGEST_FIRST = ("test_broken_content.py", "test_readers.py", "test_cms_browser.py", "test_contract.py",
                 "test_accessibility.py", "test_hosting.py", "test_browser.py", "test_hostile_content.py",
                 "test_perf.py", "test_publishing_build.py")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # a stable sort


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the whole project, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once with --strict, for tests that inspect the output (read only: never write
    into it). Built once per run, not once per worker: under pytest-xdist the workers share one folder above
    their own temporary folders, and the first to take the lock builds while the others wait for it."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above popen-gw0/, popen-gw1/...
    site, done, failed = shared / "real-site", shared / "real-site.done", shared / "real-site.failed"
    with FileLock(shared / "real-site.lock"):
        if not done.exists() and not failed.exists():
            result = run_build(ROOT, site)
            (done if result.returncode == 0 else failed).write_text(result.stderr, encoding="utf-8")
    assert not failed.exists(), failed.read_text(encoding="utf-8")
    return site


# --- Browser tests: the built site served on localhost, driven by Playwright in the system's Chromium ---

# One definition of the server, the Chromium to use and its flags, shared with the benchmark's page weight.
from bench.page_weight import CHROMIUM_ARGS, chromium_path, serve


@pytest.fixture(scope="session")
def served_site(built_site):
    """Base URL of the real built site, served by a plain static server on localhost."""
    with serve(built_site) as url:
        yield url


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# Linux carries a process's peak-memory mark across fork and exec: a command started straight from a pytest
# worker that has grown to 300 MiB reports at least 300 MiB whatever it uses. So the command is started by a
# small launcher process, which measures that command alone (wait4) and writes its figures to a file.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.monotonic()
process = subprocess.Popen(sys.argv[3:])
deadline = start + float(sys.argv[2])
while True:  # bounded: a hung command is killed at the deadline
    pid, status, usage = os.wait4(process.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() > deadline:
        process.kill()
        pid, status, usage = os.wait4(process.pid, 0)
        break
    time.sleep(0.02)
figures = {"returncode": os.waitstatus_to_exitcode(status), "seconds": time.monotonic() - start,
           "peak_mib": usage.ru_maxrss / 1024}
with open(sys.argv[1], "w") as report:
    json.dump(figures, report)
"""


def measured(command: list, cwd: Path, timeout: float = 300, env: dict | None = None) -> Run:
    """Run `command`, with its own wall time and peak resident memory (wait4's rusage of that very process)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as folder:
        env = {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1"}
        figures = Path(folder) / "figures.json"
        launcher = [sys.executable, "-c", _LAUNCHER, str(figures), str(timeout), *(str(c) for c in command)]
        subprocess.run(launcher, cwd=cwd, stdout=out, stderr=err, env=env, timeout=timeout + 30, check=True)
        result = json.loads(figures.read_text(encoding="utf-8"))
        out.seek(0)
        err.seek(0)
        return Run(result["returncode"], out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), result["seconds"], result["peak_mib"])


def tree_digest(folder: Path) -> str:
    """Every path and every byte under `folder`: equal digests mean an untouched tree."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()



@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session. The test command installs Chromium; without it, fail."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable, "Chromium is missing: run scripts/test.sh, which installs it"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


ARTIFACTS = ROOT / "test-artifacts"


def search_index_texts(site_dir: Path) -> list[str]:
    """The text of every page in the site's search index (Pagefind: one gzip'd JSON fragment per page)."""
    import gzip

    return [gzip.decompress(f.read_bytes()).decode("utf-8")
            for f in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment")]


# --- The fictional content set (tests/fictional_site.py): for tests that need known people ---------------------

@pytest.fixture(scope="session")
def fictional_project_dir(tmp_path_factory) -> Path:
    """A copy of the project whose stories are only the fictional people: read it, never break it."""
    from fictional_site import fictional_project

    return fictional_project(tmp_path_factory.mktemp("fictional") / "project")


@pytest.fixture(scope="session")
def fictional_built_site(fictional_project_dir, tmp_path_factory) -> Path:
    """The fictional content set, built once per session (per xdist worker) with --strict."""
    site = tmp_path_factory.mktemp("fictional-site") / "site"
    result = run_build(fictional_project_dir, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def fictional_served_site(fictional_built_site):
    with serve(fictional_built_site) as url:
        yield url


def real_story_slugs() -> list[str]:
    """The real stories' slugs in the site's order, as the core's catalog finds them at run time: a test that
    needs "a real story page" takes one from here instead of naming a real person."""
    from alumni_stories.site.views import load_site

    return [story.slug for story in load_site(ROOT).stories]


def real_front_matter() -> dict[str, dict[str, dict]]:
    """Each real story file's front matter as plain YAML (slug -> language -> fields), read without the loader,
    so tests can hold what the core makes of the real content against the files themselves."""
    found: dict[str, dict[str, dict]] = {}
    for path in sorted((ROOT / "stories").glob("*.*.md")):
        slug, language = path.name.split(".")[:2]
        found.setdefault(slug, {})[language] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return found
