"""One contract for everything the build reads: each attack class refused in data files as well as stories, and
the check command refusing exactly what the strict build refuses, with the same messages.

Every person here is FICTIONAL (tests/conftest.py FICTIONAL_EN): the projects are copies of the real one with
its stories replaced by one fictional alumna, whose addresses are recorded in the copy's URL manifest.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, fictional, run_build, story_text, tree_digest
from publishing_fixtures import draw_portrait

from alumni_stories.content import reader
from alumni_stories.errors import ContentError
from alumni_stories.outputs import permalinks
from alumni_stories.outputs.validation import validate
from alumni_stories.site.views import load_site

SLUG = "fictional-alumna"
EN, JA = f"stories/{SLUG}.en.md", f"stories/{SLUG}.ja.md"
PREVIOUS_SITE = "<!doctype html><title>previous good site (fictional)</title>\n"


def fictional_project(dest: Path) -> Path:
    """The real project with one FICTIONAL published story in both languages, its addresses recorded, and a
    previous good site/ (a marker page a failed build must leave as it is)."""
    project = copy_project(dest, stories=False)
    (project / EN).write_text(story_text(fictional()), encoding="utf-8")
    (project / JA).write_text(story_text(fictional("ja")), encoding="utf-8")
    site = load_site(project)
    permalinks.write_manifest(project, permalinks.published_addresses(site, project / "docs"))
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text(PREVIOUS_SITE, encoding="utf-8")
    return project


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, relative: str, text: str) -> None:
    with (project / relative).open("a", encoding="utf-8") as handle:
        handle.write(text)


def set_story(project: Path, language: str = "en", body: str = "A fictional body paragraph.\n", **changes) -> None:
    (project / (EN if language == "en" else JA)).write_text(story_text(fictional(language, **changes), body),
                                                            encoding="utf-8")


def raw_story(project: Path, front_matter: str, body: str = "A fictional body.\n") -> None:
    (project / EN).write_text(f"---\n{front_matter}---\n\n{body}", encoding="utf-8")


def front_matter_with(**changes) -> str:
    return yaml.safe_dump(fictional(**changes), allow_unicode=True, sort_keys=False)


BILLION_LAUGHS = "".join(f"l{i}: &l{i} [{', '.join(['*l' + str(i - 1)] * 9)}]\n" for i in range(1, 10))
BILLION_LAUGHS = "l0: &l0 lol\n" + BILLION_LAUGHS


def bomb_png(path: Path) -> None:
    """A tiny PNG whose header claims 30000 x 30000 pixels (a decompression bomb: 2.7 GB once decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


# name -> (how to break the fictional project, [(file, field, has a line)] that must be named), or None for
# content that must build. Each attack class of the issue appears in a data file and in a story.
CASES = {
    # --- path traversal in a slug or path
    "country-slug-traversal": (lambda p: edit(p, "data/countries.yml", "slug: cambodia", "slug: ../../../evil"),
                               [("data/countries.yml", "cambodia.slug", True)]),
    "country-key-traversal": (lambda p: append(p, "data/countries.yml", "../evil:\n  slug: evil\n"
                                               "  name: {en: Evil, ja: 悪}\n"),
                              [("data/countries.yml", "../evil", True)]),
    "track-slug-traversal": (lambda p: edit(p, "data/tracks.yml", "slug: esc", "slug: esc/../../x"),
                             [("data/tracks.yml", "esc.slug", True)]),
    "manifest-path-traversal": (lambda p: edit(p, "data/url-manifest.yml", "urls:\n", "urls:\n- /../../etc/\n"),
                                [("data/url-manifest.yml", "urls.0", True)]),
    "story-slug-traversal": (lambda p: set_story(p, slug="../evil"), [(EN, "slug", True)]),
    "portrait-path-traversal": (lambda p: set_story(p, portrait={**fictional()["portrait"], "file": "../../x.jpg"}),
                                [(EN, "portrait.file", True)]),
    # --- alias bombs
    "alias-bomb-data": (lambda p: append(p, "data/countries.yml", BILLION_LAUGHS),
                        [("data/countries.yml", "l0", True)]),
    "alias-bomb-story": (lambda p: raw_story(p, front_matter_with() + BILLION_LAUGHS), [(EN, "l0", True)]),
    # --- URLs other than http(s)
    "javascript-url-source": (lambda p: edit(p, "data/sources.yml", "url: https://jaif.asean.org/beneficiaries_voice/asean-deepens-integration-through-the-attachment-programme/", "url: javascript:alert(1)"),
                              [("data/sources.yml", "jaif-2019.url", True)]),
    "data-url-source": (lambda p: edit(p, "data/sources.yml", "url: https://jaif.asean.org/beneficiaries_voice/asean-deepens-integration-through-the-attachment-programme/", "url: 'data:text/html,<b>x</b>'"),
                        [("data/sources.yml", "jaif-2019.url", True)]),
    # --- duplicate keys
    "duplicate-key-data": (lambda p: edit(p, "data/tracks.yml", "  slug: esc\n", "  slug: esc\n  slug: esc-again\n"),
                           [("data/tracks.yml", "esc.slug", True)]),
    "duplicate-key-story": (lambda p: raw_story(p, front_matter_with() + "batch: 4\n"), [(EN, "batch", True)]),
    # --- non-integer and out-of-range numbers (a boolean is not a number)
    "batch-number-true": (lambda p: edit(p, "data/batches.yml", "- track: esc\n  number: 1\n",
                                         "- track: esc\n  number: true\n"), [("data/batches.yml", "number", True)]),
    "batch-number-range": (lambda p: edit(p, "data/batches.yml", "- track: esc\n  number: 1\n",
                                          "- track: esc\n  number: 100000\n"), [("data/batches.yml", "number", True)]),
    "batch-size-negative": (lambda p: edit(p, "data/batches.yml", "- track: esc\n  number: 1\n",
                                           "- track: esc\n  number: 1\n  size: -3\n"),
                            [("data/batches.yml", "size", True)]),
    "story-batch-true": (lambda p: set_story(p, batch=True), [(EN, "batch", True)]),
    "track-since-text": (lambda p: edit(p, "data/tracks.yml", "  slug: esc\n", "  slug: esc\n  since: '2013'\n"),
                         [("data/tracks.yml", "esc.since", True)]),
    # --- control characters
    "control-character-data": (lambda p: edit(p, "data/countries.yml", "{en: Cambodia,", '{en: "Camb\\x07odia",'),
                               [("data/countries.yml", "cambodia.name.en", True)]),
    "control-character-story": (lambda p: set_story(p, pull_quote="A fictional\x1b[31m quote."),
                                [(EN, "pull_quote", True)]),
    "control-character-body": (lambda p: set_story(p, body="Fictional text.\n\nA bell\x07 here.\n"),
                               [(EN, "body", True)]),
    # --- decompression bomb
    "decompression-bomb": (lambda p: (bomb_png(p / "stories/media" / SLUG / "portrait.png"),
                                      set_story(p, portrait={**fictional()["portrait"], "file": "portrait.png"})),
                           [(EN, "portrait.file", True)]),
    # --- deep nesting
    "deep-nesting-data": (lambda p: append(p, "data/countries.yml", "deep: " + "[" * 60 + "]" * 60 + "\n"),
                          [("data/countries.yml", "deep", True)]),
    "deep-nesting-body": (lambda p: set_story(p, body="Fictional.\n\n" + "> " * 400 + "deep\n"),
                          [(EN, "body", True)]),
    # --- placeholders in the strings table
    "unknown-placeholder": (lambda p: edit(p, "data/strings.yml", 'photo_credit: {en: "Photo: © {credit}"',
                                           'photo_credit: {en: "Photo: © {photographer}"'),
                            [("data/strings.yml", "photo_credit.en", True)]),
    "attribute-placeholder": (lambda p: edit(p, "data/strings.yml", '"{country} · {batch} · {period}"',
                                             '"{country.__class__} · {batch} · {period}"'),
                              [("data/strings.yml", "story_line.en", True)]),
    "string-missing-language": (lambda p: edit(p, "data/strings.yml", "home: {en: Home, ja: ホーム}", "home: {en: Home}"),
                                [("data/strings.yml", "home", True)]),
    # --- embedded third-party resources (a link to another site stays allowed: see the positive case)
    "third-party-image": (lambda p: set_story(p, body="Fictional.\n\n![x](https://tracker.example/pixel.png)\n"),
                          [(EN, "body", True)]),
    "third-party-image-html": (lambda p: set_story(p, "ja", body="架空。\n\n<img src=\"//cdn.example/x.png\" alt=\"x\">\n"),
                               [(JA, "body", True)]),
    # --- YAML as editors break it: the real cause, at the right line
    "tab-indent": (lambda p: raw_story(p, front_matter_with().replace("  title:", "\ttitle:")),
                   [(EN, "current_role", True)]),
    "unclosed-quote": (lambda p: raw_story(p, front_matter_with().replace("author: ", "author: \"Unclosed ")),
                       [(EN, "author", True)]),
    "colon-in-takeaway": (lambda p: raw_story(p, front_matter_with().replace("- A fictional point",
                                                                             "- Lesson: a fictional point")),
                          [(EN, "takeaways.0", True)]),
    "unknown-country": (lambda p: set_story(p, country="atlantis"), [(EN, "country", True)]),
    "bad-period-order": (lambda p: set_story(p, period={"start": 2017, "end": 2016}), [(EN, "period", True)]),
    # --- files nobody reads
    "unused-data-file": (lambda p: (p / "data" / "countries-old.yml").write_text("x: 1\n", encoding="utf-8"),
                         [("data/countries-old.yml", "", False)]),
    "unused-story-file": (lambda p: (p / "stories" / "notes.txt").write_text("fictional notes\n", encoding="utf-8"),
                          [("stories/notes.txt", "", False)]),
    # --- the editor situations in which scripts/check.sh used to say "No problems."
    "facts-after-adding-a-batch": (lambda p: append(p, "data/batches.yml", "\n- track: esc\n  number: 7\n"
                                                    "  status: completed\n  sources: [jaif-2019]\n"),
                                   [("data/facts.yml", "esc-batches-2024", True)]),
    "translations-required": (lambda p: ((p / JA).unlink(), edit(p, "data/publishing.yml",
                                         "\ntranslations_required: false", "\ntranslations_required: true")),
                              [(JA, "", False)]),
    "renamed-slug": (lambda p: ((p / EN).rename(p / "stories/fictional-renamed.en.md"),
                                (p / JA).rename(p / "stories/fictional-renamed.ja.md"),
                                (p / "stories/fictional-renamed.en.md").write_text(
                                    story_text(fictional(slug="fictional-renamed")), encoding="utf-8")),
                     [("data/url-manifest.yml", f"/stories/{SLUG}/", True)]),
    "future-date-after-publishing": (lambda p: set_story(p, published="2999-01-01"), [(EN, "published", True)]),
    "draft-after-publishing": (lambda p: set_story(p, draft=True), [(EN, "draft", True)]),
    # --- content that must build strictly
    "published-before-translation": (lambda p: (p / JA).unlink(), None),
    "links-to-other-sites-allowed": (lambda p: set_story(p, body="See [a fictional page](https://example.org/x).\n"),
                                     None),
}


@pytest.fixture(scope="module")
def base_project(tmp_path_factory) -> Path:
    return fictional_project(tmp_path_factory.mktemp("contract") / "project")


def check_messages(output: str) -> list[str]:
    if "problem" not in output.split("Translations")[0]:
        return []
    head = output.split("\nTranslations")[0]
    return sorted(line[4:] for line in head.splitlines() if line.startswith("  - "))


def build_messages(output: str) -> list[str]:
    found = []
    for line in output.splitlines():
        if line.startswith("  - "):
            found.append(line[4:])
        elif line.startswith("WARNING -  "):
            found.append(re.sub(r"^hooks/\w+: ", "", line[len("WARNING -  "):]))  # the plugin logger's prefix
    return sorted(found)


GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide" / "new-profile.en.md"
_WILDCARD = re.compile(r"(\.\.\.|\bX\b|\bY\b|\bN\b|\bT\b|W×H|W × H|U\+XXXX|<slug>)")


def guide_patterns() -> list:
    """The messages of the guide's table ("What the messages mean"), as patterns: X, Y, N... match anything."""
    table = GUIDE.read_text(encoding="utf-8").split("## What the messages mean")[1]
    patterns = []
    for row in re.findall(r"^\| (.+?) \|", table, re.MULTILINE)[1:]:
        for alternative in row.replace("`", "").split(" / "):
            parts = _WILDCARD.split(re.sub(r"^X ", "", alternative.strip()))  # "X is too small": the file comes first
            patterns.append(re.compile("".join(".*?" if _WILDCARD.fullmatch(p) else re.escape(p) for p in parts)))
    return patterns


def what_is_wrong(message: str) -> str:
    """'file:line [field]: what is wrong -> what to do' -> 'what is wrong'."""
    head = message.split(" -> ")[0]
    return head.split("]: ", 1)[1] if "]: " in head else head.split(": ", 1)[-1]


def files_outside_site(folder: Path) -> set:
    ignored = ("site", ".cache", "__pycache__")
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not any(part in ignored or part.startswith("site.tmp") for part in
                                       p.relative_to(folder).parts)}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_check_fails_exactly_when_the_strict_build_fails_with_the_same_messages(base_project, tmp_path, case):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    breaks, expected = CASES[case]
    breaks(project)
    before_site, before_files = tree_digest(project / "site"), files_outside_site(tmp_path)

    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    build = run_build(project)

    both = check.stdout + check.stderr + build.stdout + build.stderr
    assert "Traceback" not in both, both
    from_check, from_build = check_messages(check.stdout), build_messages(build.stderr)
    assert (check.returncode == 0) == (build.returncode == 0), (check.stdout, build.stderr)
    assert from_check == from_build, (from_check, from_build)
    assert files_outside_site(tmp_path) == before_files, "the build wrote outside site/"
    if expected is None:
        assert check.returncode == 0 and build.returncode == 0, (check.stdout, build.stderr)
        return
    assert check.returncode == 1 and build.returncode != 0
    assert tree_digest(project / "site") == before_site, "a failed build changed the previous site/"
    for file, field, has_line in expected:
        prefix = re.escape(file) + (r":\d+" if has_line else "")
        tag = rf" \[(\[\d+\]\.)?{re.escape(field)}[^\]]*\]" if field else ""  # [16].number: an entry of a list
        assert any(re.match(prefix + tag + ":", m) for m in from_check), (file, field, from_check)
    patterns = guide_patterns()
    for message in from_check:
        assert " -> " in message and not re.search(r"\{'|\\x|<class ", message), message  # a fix, no repr
        assert any(p.search(what_is_wrong(message)) for p in patterns), f"not in the guide's table: {message}"


def test_a_story_without_its_translation_builds_strictly_with_the_notice_and_is_listed(base_project, tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    (project / JA).unlink()
    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    build = run_build(project)
    assert check.returncode == 0 and build.returncode == 0, (check.stdout, build.stderr)
    listed = f"Published before translation (1): {JA}"
    assert listed in check.stdout and listed in build.stderr
    page = (project / "site" / "ja" / "stories" / SLUG / "index.html").read_text(encoding="utf-8")
    page = page.replace("<wbr>", "")  # Japanese text carries line-break opportunities between its phrases
    assert "このストーリーはまだ日本語に翻訳されていません" in page and "Fictional Alumna (test fixture)" in page

    edit(project, "data/publishing.yml", "\ntranslations_required: false", "\ntranslations_required: true")
    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    build = run_build(project)
    assert check.returncode == 1 and build.returncode != 0
    assert f"{JA}: the translation is missing" in check.stdout and f"{JA}: the translation is missing" in build.stderr


def test_link_previews_escape_a_track_name_once(base_project, tmp_path):
    import shutil

    from bs4 import BeautifulSoup

    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    edit(project, "data/tracks.yml", "name: {en: AEC and ASCC,", "name: {en: Economic & socio-cultural <officials>,")
    build = run_build(project)
    assert build.returncode == 0, build.stderr
    for page in ("batches/esc-3/index.html", f"stories/{SLUG}/index.html"):
        raw = (project / "site" / page).read_text(encoding="utf-8")
        assert "&amp;amp;" not in raw and "&amp;lt;" not in raw, page
        soup = BeautifulSoup(raw, "html.parser")
        previews = [soup.find("meta", property="og:title")["content"], soup.find("meta", property="og:description")["content"]]
        assert any("Economic & socio-cultural <officials>" in text for text in previews), previews


# --- the core, without building -------------------------------------------------------------------------

def test_an_alias_bomb_is_refused_within_a_second():
    started = time.monotonic()
    document, problems = reader.read_yaml(BILLION_LAUGHS * 3, "data/fictional.yml")
    assert time.monotonic() - started < 1
    assert document is None and problems[0].line == 1 and "anchor" in problems[0].message


@pytest.mark.parametrize("text, expected", [
    ("a: !!python/object/apply:os.system [echo]\n", "a tag"),
    ("a: 1\na: 2\n", "written twice"),
    ("a:\n\tb: 1\n", "tab character"),
    ("a: \"open\nb: 2\n", "quotation mark opened on this line is never closed"),
    ("a: [1, 2\nb: 3\n", "'[' opened on this line is never closed"),
    ("a: b: c\n", "':' followed by a space"),
    ("a: \"\\x01\"\n", "control character"),
])
def test_the_reader_names_the_real_cause_at_its_line(text, expected):
    _document, problems = reader.read_yaml(text, "data/fictional.yml")
    assert problems and expected in problems[0].message and problems[0].line is not None, problems
    assert "Traceback" not in str(problems[0])


def test_a_path_outside_the_site_folder_is_refused(tmp_path):
    from alumni_stories.errors import path_inside

    assert path_inside(tmp_path, "api/v1/countries/x.json") == tmp_path.resolve() / "api/v1/countries/x.json"
    for hostile in ("../x.json", "/etc/passwd", "a/../../x", "..\\x"):
        with pytest.raises(ContentError, match="leaves the site folder"):
            path_inside(tmp_path, hostile)


def test_ui_strings_cannot_reach_attributes():
    from alumni_stories.content.ui_strings import safe_format

    assert safe_format("{country}", {"country": "Fictionland"}) == "Fictionland"
    with pytest.raises(KeyError):
        safe_format("{country.__class__}", {"country": "Fictionland"})


def test_strings_contract_matches_the_calls_in_the_code():
    """Every placeholder the contract promises a text is one the code passes: scan the calls."""
    from alumni_stories.content.ui_strings import PLACEHOLDERS

    root = Path(__file__).resolve().parents[1]
    sources = "\n".join(p.read_text(encoding="utf-8") for folder in ("alumni_stories", "hooks", "overrides")
                        for p in (root / folder).rglob("*") if p.suffix in (".py", ".html"))
    scripts = "\n".join(p.read_text(encoding="utf-8") for p in (root / "docs" / "assets").rglob("*.js"))
    for key, names in PLACEHOLDERS.items():
        if "{" in key or key.startswith("browse_status_count_") or re.search(r"_(one|other)$", key):
            continue  # keys built at run time (count_text): covered by the build of the real content
        # The arguments after the key, up to the end of the call (a window: calls span lines and nest parentheses).
        calls = [sources[m.end():m.end() + 300].split("\n\n")[0]
                 for m in re.finditer(r"""\(\s*["']""" + re.escape(key) + r"""["']\s*,""", sources)]
        if not calls:  # printed unformatted for the page's JavaScript, which fills the placeholders
            assert all("{" + name + "}" in scripts for name in names), f"nothing formats {key}"
            continue
        for name in names:
            assert any(re.search(rf"\b{name}\s*=", call) for call in calls), (key, name)


def test_validate_never_raises_and_reports_the_manifest_situation(base_project, tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    set_story(project, draft=True)
    report = validate(project)
    messages = [str(p) for p in report.problems]
    assert any("draft: true" in m and "would disappear" in m and "withdrawn: true' instead" in m for m in messages)
    assert not any("data/url-manifest.yml" in m for m in messages), "the draft is told, not the manifest"


@pytest.mark.slow
def test_the_preview_starts_with_broken_content_and_shows_the_problems(base_project, tmp_path):
    """`mkdocs serve` (what scripts/serve.sh runs) starts although the content has problems: it serves what
    has none, logs the problems the build reports, and prints them at the top of the pages; the strict build
    refuses them."""
    import shutil
    import socket
    import urllib.request

    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    append(project, "data/countries.yml", "fictionland:\n  slug: ../fictionland\n  name: {en: Fictionland, ja: 架空国}\n")
    (project / "stories" / "fictional-broken.en.md").write_text(
        story_text(fictional(slug="fictional-broken", country="atlantis")), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        page = None
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/{SLUG}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(1)
        console = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert page is not None, console
        assert "Fictional Alumna (test fixture)" in page, "the story without problems is served"
        assert 'class="admonition danger content-problems"' in page
        assert "data/countries.yml:" in page and "[fictionland.slug]" in page
        # One problem, one message (issue 25): with data/ unreadable, the check and the build report data/'s
        # problem, not the stories it keeps from being read; the preview reports what they report.
        assert "unknown country" not in page
        assert "WARNING" in console and "[fictionland.slug]" in console and "Traceback" not in console
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    build = run_build(project)
    assert build.returncode != 0 and "[fictionland.slug]" in build.stderr and "unknown country" not in build.stderr


def test_every_data_file_has_a_descriptive_schema_named_after_it():
    """One schema per data file, schema/<stem>.schema.json, with a title and a description on every property
    (the editing tools show them as labels and hints)."""
    import json

    from alumni_stories.content.catalog import DATA_FILES

    root = Path(__file__).resolve().parents[1]

    def walk(node, where):
        if not isinstance(node, dict):
            return
        for name, prop in (node.get("properties") or {}).items():
            assert prop.get("title") and prop.get("description"), f"{where}.{name}"
            walk(prop, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                walk(node[key], f"{where}[{key}]")

    for name, schema_name in DATA_FILES.items():
        assert schema_name == Path(name).stem + ".schema.json"
        schema = json.loads((root / "schema" / schema_name).read_text(encoding="utf-8"))
        assert schema.get("title") and schema.get("description"), schema_name
        walk(schema, schema_name)
