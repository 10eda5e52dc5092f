"""Seventy ordinary editor mistakes (issue 25), each made in the fictional content set and run through the three
doors content goes through: `alumni-stories check` (validation.validate), the strict build (the pipeline's
validation as `mkdocs build` runs it, Command("build")) and the live preview's rebuild (Command("serve", dirty),
one pipeline rebuilding after each save, as `mkdocs serve --dirty` and `alumni-stories edit` run it).

For each mistake: the three report the same messages; there is exactly one (one cause, one message: a file that
cannot be read does not also report its photo as unread or its addresses as lost); it names the file, the field
and the line the editor must look at (the line is found in the edited text, not written down); its fix renames,
moves or deletes no other story; a problem stops the build, a warning does not.

In process, no page is rendered: the messages come from the same validation the build runs before it touches
the site folder (a full build takes a minute here; the strict builds of broken content are in
test_broken_content.py). Fictional people and content only."""
from __future__ import annotations

import io
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fictional_site import SLUGS, fictional_project
from pipeline_support import FakeEngine
from PIL import Image

from alumni_stories.build.engine import BuildStop
from alumni_stories.build.pipeline import Command, Pipeline
from alumni_stories.outputs.permalinks import published_addresses, write_manifest
from alumni_stories.outputs.validation import validate
from alumni_stories.site.views import load_site

K = "keomanivong-sisouphan"  # the fictional story most mistakes are made in (it has a photo)
EN, JA = f"stories/{K}.en.md", f"stories/{K}.ja.md"
OTHER = "bopharith-kalliyan"
PHOTO = f"stories/media/{K}/photo.jpg"


def jpeg(size=(500, 600), kind="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "gray").save(out, kind)
    return out.getvalue()


@dataclass
class Mistake:
    """Edits (path -> function of the old text, new text/bytes, or None to delete) and the one message expected:
    its file, field, the line (the first line of that file holding `at`; None: a message about the whole file),
    words it must hold, and whether it is a problem (stops the build) or a warning (does not)."""
    name: str
    edits: dict
    file: str
    field: str
    at: str | None
    words: str
    kind: str = "problem"
    extra: dict = field(default_factory=dict)


def sub(old: str, new: str, count: int = 1):
    def edit(text: str) -> str:
        assert old in text, f"the fixture no longer holds {old!r}"
        return text.replace(old, new, count)
    return edit


def en(old, new, file=EN, field_="", at=None, words="", kind="problem", name=""):
    return Mistake(name, {EN: sub(old, new)}, file, field_, at, words, kind)


def ja(old, new, field_="", at=None, words="", kind="problem", name=""):
    return Mistake(name, {JA: sub(old, new)}, JA, field_, at, words, kind)


NAME = "name: Keomanivong Sisouphan (fictional)"
QUOTE = "pull_quote: This fictional quote says the attachment changed her career."
TAKEAWAY = "- A fictional takeaway, made for tests."
BODY_LINE = "Back home she led a programme"
SMALL_BODY = "\n## Human resources\n"

MISTAKES = [
    # --- Typing YAML by hand: each is one unreadable file, reported once, where the editor must look ----------
    en(QUOTE, QUOTE.replace("quote says", "quote: says"), field_="pull_quote", at="pull_quote:",
       words="':' followed by a space", name="colon in the pull quote"),
    en(NAME, "name: Keomanivong: Sisouphan (fictional)", field_="name", at="name:", words="':' followed by a space",
       name="colon in the name"),
    en("  title: Fictional Ambassador of the Lao PDR", "  title: Fictional Ambassador: Lao PDR",
       field_="current_role.title", at="  title: Fictional Ambassador:", words="':' followed by a space",
       name="colon in the role"),
    en(NAME, 'name: "Keomanivong Sisouphan (fictional)', field_="name", at="name:",
       words="quotation mark opened on this line is never closed", name="unclosed double quote, early in the file"),
    en(NAME, "name: 'Keomanivong Sisouphan (fictional)", field_="name", at="name:",
       words="quotation mark opened on this line is never closed", name="unclosed single quote, early in the file"),
    en("  title: Fictional Ambassador", '  title: "Fictional Ambassador', field_="current_role.title",
       at='  title: "Fictional', words="never closed", name="unclosed quote in a nested field"),
    en("author: Test suite (fictional)", 'author: "Test suite (fictional)', field_="author", at="author:",
       words="never closed", name="unclosed quote in the last field"),
    ja("pull_quote: この架空の言葉", 'pull_quote: "この架空の言葉', field_="pull_quote", at="pull_quote:",
       words="never closed", name="unclosed quote in the translation"),
    en(QUOTE, 'pull_quote: "This fictional quote" says the attachment', field_="pull_quote", at="pull_quote:",
       words="starts with a quotation mark and goes on", name="quoted text followed by more text"),
    en("  start: 2006", "\tstart: 2006", field_="period", at="\tstart", words="tab character",
       name="tab used to indent"),
    en("\n---\n\nDuring", "\n\nDuring", field_="", at="", words="no closing '---' line",
       name="closing --- missing"),
    Mistake("opening --- missing", {EN: lambda t: t[len("---\n"):]}, EN, "", "slug:", "first line '---' is missing"),
    Mistake("file emptied", {EN: ""}, EN, "", None, "the file is empty"),
    en(NAME, NAME + "\nname: Keomanivong S. (fictional)", field_="name", at="name: Keomanivong S.",
       words="written twice", name="field written twice"),
    en("  credit: Test suite (fictional)", "  credit: @fictional-photographer", field_="portrait.credit",
       at="  credit: @", words="starts with '@'", name="value starting with @"),
    en("sources:\n- fictional-newsletter\n", "sources: [fictional-newsletter\n", field_="sources", at="sources:",
       words="'[' opened on this line is never closed", name="unclosed bracket"),
    en("author: Test suite (fictional)", "author Test suite (fictional)", field_="author", at="author Test",
       words="neither 'field: value'", name="line without its colon"),
    Mistake("saved as Shift_JIS", {JA: lambda t: t.encode("shift_jis")}, JA, "", "name:", "not UTF-8"),
    en(QUOTE, QUOTE.replace("says", "says\x07"), field_="pull_quote", at="pull_quote:",
       words="invisible control character", name="control character pasted in"),
    en(NAME, "name: Keomanivong\u200d Sisouphan (fictional)", field_="name", at="name:", words="invisible joiner",
       name="joiner in the name"),
    en(NAME, "name: Keomanivong Sisоuphan (fictional)", field_="name", at="name:", words="mixes Cyrillic and Latin",
       name="Cyrillic letter in the name"),
    en("author: Test suite (fictional)", "author: &who Test suite (fictional)", field_="author", at="author:",
       words="anchor", name="YAML anchor"),
    # --- Fields and values ------------------------------------------------------------------------------------
    en("author: Test suite (fictional)\n", "", field_="author", at="slug:", words="'author' is missing",
       name="required field removed"),
    en("author: Test", "auther: Test", field_="auther", at="auther:", words="'author' is missing: a misspelling",
       name="misspelt field name"),
    en("batch: 8", "batch: two", field_="batch", at="batch:", words="'two'", name="batch in words"),
    en("batch: 8", "batch: 0", field_="batch", at="batch:", words="out of range", name="batch zero"),
    en("batch: 8", "batch: 8.0", field_="batch", at="batch:", words="8.0", name="batch with a decimal point"),
    en("batch: 8", "batch: yes", field_="batch", at="batch:", words="yes/no", name="batch as yes"),
    en("published: '2020-01-15'", "published: '2019-02-30'", field_="published", at="published:",
       words="does not exist", name="a date that does not exist"),
    en("published: '2020-01-15'", "published: 15 January 2020", field_="published", at="published:",
       words="'15 January 2020' is not allowed", name="a date written in words"),
    en("  as_of: '2020-01-15'\n  source: fictional-newsletter\nlater_roles",
       "  source: fictional-newsletter\nlater_roles", field_="current_role.as_of", at="current_role:",
       words="'as_of' is missing", name="nested required field removed"),
    en("country: lao-pdr", "country: laos", field_="country", at="country:", words="unknown country 'laos'",
       name="unknown country"),
    en("track: mfa", "track: diplomats", field_="track", at="track:", words="unknown track", name="unknown track"),
    en("batch: 8", "batch: 99", field_="batch", at="batch:", words="batch 99 of track mfa is not in the data",
       name="batch not in the data"),
    en("- fictional-newsletter\n", "- fictional-bulletin\n", field_="sources", at="sources:",
       words="unknown source 'fictional-bulletin'", name="unknown source"),
    en("  start: 2006\n  end: 2007", "  start: 2007\n  end: 2006", field_="period", at="period:",
       words="ends before it starts", name="period reversed"),
    en(f"slug: {K}", f"slug: {K}-x", field_="slug", at="slug:", words="differs from the file name",
       name="slug typo"),
    en(f"slug: {K}", "slug: Keomanivong-Sisouphan", field_="slug", at="slug:", words="is not allowed",
       name="slug in capitals"),
    en(f"slug: {K}\n", f"slug: {K}\naliases: [{K}]\n", field_="aliases", at="aliases:", words="own slug",
       name="alias of the story's own slug"),
    en(f"slug: {K}\n", f"slug: {K}\naliases: [{OTHER}]\n", field_="aliases", at="aliases:",
       words=f"already belongs to the story '{OTHER}'", name="alias of another story"),
    Mistake("a second story saved under a taken slug (form's -1 file)",
            {f"stories/{K}-1.en.md": lambda _: (ROOT_TEXT[EN].replace("Keomanivong Sisouphan (fictional)",
                                                                     "Vilayvanh Another (fictional)")
                                                .replace("  file: photo.jpg\n", ""))},
            f"stories/{K}-1.en.md", "slug", "slug:", f"already the slug of {EN}"),
    Mistake("reserved slug", {"stories/index.en.md": lambda _: ROOT_TEXT[f"stories/{OTHER}.en.md"].replace(
        f"slug: {OTHER}", "slug: index")}, "stories/index.en.md", "slug", "slug:", "names the site keeps"),
    # --- Translations -----------------------------------------------------------------------------------------
    ja("name: ケオマニヴォン", "country: thailand\nname: ケオマニヴォン", field_="country", at="country:",
       words="but the English file says", name="translation repeats a fact differently"),
    ja("portrait:\n  alt: ケオマニヴォン・シスパン（架空）の写真の代わり\n  caption: 写真なし（架空の人物）\n  credit: テストスイート（架空）\n",
       "", field_="portrait", at=None, words="no alt text or credit", name="translation without the photo's texts"),
    ja("later_roles:\n- title: 架空のラオス例示総局長\n", "later_roles:\n- title: 架空のラオス例示総局長\n- title: 架空の二つ目\n",
       field_="later_roles", at=None, words="has 2 roles but the English file has 1",
       name="translation with a role too many"),
    Mistake("a translation without its English file",
            {"stories/fictional-newcomer.ja.md": lambda _: ROOT_TEXT[JA]}, "stories/fictional-newcomer.ja.md", "",
            None, "no English file"),
    Mistake("a story file without its language", {"stories/fictional-newcomer.md": lambda _: ROOT_TEXT[EN]},
            "stories/fictional-newcomer.md", "", None, "does not say the story's language"),
    # --- Photos -----------------------------------------------------------------------------------------------
    en("  file: photo.jpg", f"  file: stories/media/{K}/photo.jpg", field_="portrait.file", at="  file:",
       words="write file: photo.jpg", name="photo given as a project path"),
    en("  file: photo.jpg", "  file: Pictures/photo.jpg", field_="portrait.file", at="  file:",
       words="write file: photo.jpg", name="photo given as a path from the editor's folder"),
    en("  file: photo.jpg", "  file: /home/editor/Pictures/photo.jpg", field_="portrait.file", at="  file:",
       words="only the photo's file name", name="photo given as an absolute path"),
    en("  file: photo.jpg", "  file: portrait.jpg", field_="portrait.file", at="  file:", words="does not exist",
       name="photo name misspelt"),
    Mistake("photo too small", {PHOTO: jpeg((200, 200))}, EN, "portrait.file", "  file:", "too small"),
    Mistake("photo that is not an image", {PHOTO: b"this is a text file, not a photo\n"}, EN, "portrait.file",
            "  file:", "not an image"),
    Mistake("photo saved as GIF", {PHOTO: jpeg(kind="GIF")}, EN, "portrait.file", "  file:", "GIF"),
    Mistake("photo put in a folder no story has", {"stories/media/fictional-nobody/photo.jpg": jpeg()},
            "stories/media/fictional-nobody/photo.jpg", "", None, "the build does not read this file"),
    Mistake("notes left in stories/", {"stories/notes.txt": b"fictional notes\n"}, "stories/notes.txt", "", None,
            "the build does not read this file"),
    Mistake("photo deleted, still named", {PHOTO: None}, EN, "portrait.file", "  file:", "does not exist"),
    # --- The story text -----------------------------------------------------------------------------------------
    en(BODY_LINE, "<script>alert(1)</script>\n\n" + BODY_LINE, field_="body", at="<script>",
       words="HTML that is not allowed", name="script in the body"),
    en(BODY_LINE, "See [all stories](/stories/).\n\n" + BODY_LINE, field_="body", at="See [all",
       words="starts with '/'", name="link starting with /"),
    en(BODY_LINE, f"See [a colleague](../{OTHER}/).\n\n" + BODY_LINE, field_="body", at="See [a colleague",
       words="relative address of another page", name="relative link to another story"),
    en(BODY_LINE, f"See [a colleague]({OTHER}.md).\n\n" + BODY_LINE, field_="body", at="See [a colleague",
       words="names a Markdown file", name="link to a Markdown file"),
    en(BODY_LINE, "![a chart](https://images.fictional-host.org/chart.png)\n\n" + BODY_LINE, field_="body",
       at="![a chart", words="embeds an image from another site", name="image from another site"),
    en(BODY_LINE, "A bell\x07 rang.\n\n" + BODY_LINE, field_="body", at="A bell", words="invisible control",
       name="control character in the body"),
    # --- Publishing state -------------------------------------------------------------------------------------
    en("published: '2020-01-15'", "published: '2020-01-15'\ndraft: true", field_="draft", at="draft:",
       words="'draft: true', so its published address", name="a published story taken back to draft"),
    en("published: '2020-01-15'", "published: '2099-01-15'", field_="published", at="published:",
       words="in the future", name="a published story given a future date"),
    en("author: Test suite (fictional)", "author: 'TODO: who wrote it'", field_="author", at="author:",
       words="template placeholder", name="a TODO left in a story to publish"),
    # --- Warnings: the build goes on, the page would show the lapse -----------------------------------------
    en(NAME, "name: " + "Keomanivong Sisouphan (fictional) " * 14, field_="name", at="name:",
       words="475 characters long", kind="warning", name="a name of 475 characters"),
    en(NAME, "name: Ambassador Keomanivong Sisouphan (fictional)", field_="name", at="name:",
       words="the name holds 'Ambassador', a title of office", kind="warning",
       name="the title in the name and in honorific"),
    en(NAME, "name: Dr. Keomanivong Sisouphan (fictional)", field_="honorific", at="honorific:",
       words="the name starts with a title ('Dr.') and honorific adds 'Ms.'", kind="warning",
       name="a courtesy title in the name and in honorific"),
    Mistake("Ms. Ms.", {f"stories/{OTHER}.en.md": lambda t: sub("name: ", "name: Ms. ")(
        sub("honorific: Mr.", "honorific: Ms.")(t))}, f"stories/{OTHER}.en.md", "honorific", "honorific:", "'Ms. Ms. ",
            "warning"),
    en("honorific: Ms.", "honorific: Ms. Ms.", field_="honorific", at="honorific:",
       words="the same title twice", kind="warning", name="honorific written twice"),
    ja("name: ケオマニヴォン・シスパン（架空）", "name: ケオマニヴォン・シスパン（架空）大使", field_="name", at="name:",
       words="the name holds '大使', a title of office", kind="warning", name="Japanese title in the name and in honorific"),
    en("## Human resources", "# Human resources", field_="body", at="# Human", words="top-level heading",
       kind="warning", name="a top-level heading in the body"),
    # --- Data files -------------------------------------------------------------------------------------------
    Mistake("a tab in data/tracks.yml", {"data/tracks.yml": sub("  slug: esc", "\tslug: esc")}, "data/tracks.yml",
            "esc", "\tslug: esc", "tab character"),
    Mistake("an unclosed quote in data/countries.yml", {"data/countries.yml": lambda t: re.sub(
        r"(\n  name: \{en: )", r'\1"', t, count=1)}, "data/countries.yml", "cambodia.name", "{en: \"", "never closed"),
]
for _m in MISTAKES:
    _m.name = _m.name or _m.words
IDS = [m.name for m in MISTAKES]
assert len(MISTAKES) >= 60 and len(set(IDS)) == len(IDS)

ROOT_TEXT: dict[str, str] = {}  # path -> text of the fixture's files, for mistakes that copy a story


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The fictional content set, with a photo for one story and every address recorded in the manifest (so a
    story that drops out would be noticed as lost addresses, and its photo as an unread file)."""
    root = fictional_project(tmp_path_factory.mktemp("mistakes") / "project")
    (root / PHOTO).parent.mkdir(parents=True)
    (root / PHOTO).write_bytes(jpeg())
    english = root / EN
    english.write_text(english.read_text(encoding="utf-8").replace("portrait:\n", "portrait:\n  file: photo.jpg\n"),
                       encoding="utf-8")
    site = load_site(root)
    write_manifest(root, published_addresses(site, root / "docs"))
    for path in (root / "stories").glob("*.md"):
        ROOT_TEXT[f"stories/{path.name}"] = path.read_text(encoding="utf-8")
    assert reports(root, Pipeline(root, Command("serve", dirty=True))) == {"check": ([], []), "build": ([], []),
                                                                       "preview": ([], [])}
    return root


@pytest.fixture(scope="module")
def preview(project):
    """One preview pipeline for the whole module: each mistake is a save it rebuilds after."""
    return Pipeline(project, Command("serve", dirty=True))


def reports(root: Path, preview: Pipeline) -> dict:
    """{door: (problems, warnings)} as the check, the strict build and the preview's rebuild report them."""
    checked = validate(root)
    out = {"check": ([str(p) for p in checked.strict_problems], [str(p) for p in checked.cautions])}
    try:
        built = Pipeline(root, Command("build"))._report(FakeEngine(root=root))
        out["build"] = ([str(p) for p in built.strict_problems], [str(p) for p in built.cautions])
    except BuildStop as stop:  # the build's own words, one problem a line after its heading
        out["build"] = ([line[len("  - "):] for line in str(stop).split("\n")[1:]], [])
    previewed = preview._report(FakeEngine(root=root))  # a new engine token: the next rebuild
    out["preview"] = ([str(p) for p in previewed.strict_problems], [str(p) for p in previewed.cautions])
    return out


def apply(root: Path, edits: dict) -> dict:
    """Make the edits; return what restores the files as they were."""
    saved = {}
    for relative, edit in edits.items():
        path = root / relative
        saved[relative] = path.read_bytes() if path.exists() else None
        if edit is None:
            path.unlink()
            continue
        new = edit(path.read_text(encoding="utf-8") if path.exists() else "") if callable(edit) else edit
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    return saved


def restore(root: Path, saved: dict) -> None:
    for relative, content in saved.items():
        path = root / relative
        if content is None:
            path.unlink(missing_ok=True)
            if path.parent.name == "fictional-nobody":
                shutil.rmtree(path.parent)
        else:
            path.write_bytes(content)


def line_of(root: Path, relative: str, at: str) -> int:
    raw = (root / relative).read_bytes()
    for encoding in ("utf-8", "shift_jis"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if at == "":  # the closing '---' that is missing: the fields end at the first blank line
        return text.split("\n").index("", 1) + 1
    return next(number for number, line in enumerate(text.split("\n"), start=1) if at in line)


GUIDES = [Path(__file__).resolve().parent.parent / "docs" / "guide" / f"new-profile.{lang}.md" for lang in ("en", "ja")]
_PLACEHOLDER = re.compile(r"\b(?:X|Y|N|T|W|H|X-1|U\+XXXX)\b|`|\.\.\.|\(|\)")


def guide_entries(guide: Path) -> list[list[str]]:
    """The messages of the guide's tables ("What the messages mean"), each as its literal fragments (the parts
    between the placeholders X, Y, N...), one entry per alternative of a row ('a / b')."""
    section = guide.read_text(encoding="utf-8").split("\n## ")[-1]
    entries = []
    for line in section.split("\n"):
        if line.startswith("| ") and not line.startswith("|---"):
            for alternative in line.split(" | ")[0][2:].split(" / "):
                alternative = re.sub(r"\([^)]*\)", " X ", alternative)  # an aside in brackets: not the words
                fragments = [f.strip(" '.,:;") for f in _PLACEHOLDER.split(alternative)]
                entries.append([f for f in fragments if len(f) >= 4])
    return [e for e in entries if e]


def in_the_guide(message: str, guide: Path) -> bool:
    what = message.partition(": ")[2].partition(" -> ")[0]
    return any(all(fragment in what for fragment in entry) for entry in guide_entries(guide))


def stems(root: Path) -> set[str]:
    return {path.name.split(".")[0] for path in (root / "stories").glob("*.md")}


@pytest.mark.parametrize("mistake", MISTAKES, ids=IDS)
def test_one_mistake_one_message_alike_in_check_build_and_preview(project, preview, mistake):
    saved = apply(project, mistake.edits)
    try:
        found = reports(project, preview)
        expected_line = None if mistake.at is None else line_of(project, mistake.file, mistake.at)
        others = stems(project) - {Path(mistake.file).name.split(".")[0]}
    finally:
        restore(project, saved)
    assert found["check"] == found["build"] == found["preview"], found
    problems, warnings = found["check"]
    messages = problems + warnings
    assert len(messages) == 1, "one mistake, one message:\n" + "\n".join(messages)
    assert (problems if mistake.kind == "problem" else warnings), f"expected a {mistake.kind}: {messages}"
    message = messages[0]
    where = mistake.file if expected_line is None else f"{mistake.file}:{expected_line}"
    field_part = f" [{mistake.field}]" if mistake.field else ""
    assert message.startswith(f"{where}{field_part}: "), f"file, line and field: expected {where}{field_part}\n{message}"
    assert mistake.words in message, message
    what, _, fix = message.partition(" -> ")
    assert fix.strip(), f"no fix: {message}"
    for guide in GUIDES:  # the guide's table of messages, in both languages, explains it
        assert in_the_guide(message, guide), f"{guide.name} has no row for: {message}"
    for slug in others:  # the fix never renames, moves or deletes another story onto or over this one
        for verb in ("rename the files to", "move", "delete", "remove the file"):
            assert not re.search(rf"{verb} \S*\b{re.escape(slug)}\.(?:<language>|en|ja)\.md", fix), fix


def test_a_warning_lets_the_strict_build_go_on_and_the_check_says_so(project, preview, capsys):
    """A warning is logged as information by the build (MkDocs' strict mode stops on log warnings), printed by the
    check after the problems, and the check still exits 0."""
    from alumni_stories.cli.main import main

    warning = next(m for m in MISTAKES if m.kind == "warning" and m.file == EN and m.field == "body")
    saved = apply(project, warning.edits)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    try:
        engine = FakeEngine(root=project)
        engine.log.addHandler(handler)
        engine.log.setLevel(logging.DEBUG)
        report = Pipeline(project, Command("build"))._report(engine)
        Pipeline(project, Command("build")).validate(engine)
        code = main(["check", "--root", str(project)])
        out = capsys.readouterr().out
    finally:
        engine.log.removeHandler(handler)
        restore(project, saved)
    assert report.ok and len(report.cautions) == 1
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    assert any(str(report.cautions[0]) in r.getMessage() for r in records if r.levelno == logging.INFO)
    assert code == 0 and "No problems." in out and "1 warning" in out and "top-level heading" in out


def test_the_preview_page_shows_the_warning_apart_from_problems(project, preview):
    from alumni_stories.outputs.validation import preview_problems_html

    warning = next(m for m in MISTAKES if m.kind == "warning" and m.field == "body")
    saved = apply(project, warning.edits)
    try:
        report = preview._report(FakeEngine(root=project))
    finally:
        restore(project, saved)
    shown = preview_problems_html(report.cautions, report.site.strings("ja"), "preview_cautions")
    assert "admonition warning" in shown and "確認してください（1件）" in shown and "top-level heading" in shown
    assert preview_problems_html([], report.site.strings("en")) == ""
