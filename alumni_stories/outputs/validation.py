"""One validator with two faces: `alumni-stories check` prints its report, the build refuses on it.

Every rule that can stop a strict build runs here, in one place, so the check finds exactly what the build
refuses, with the same messages: the content and data contract (content/), the programme facts against the
data (content/facts.py), the URL manifest (outputs/permalinks.py), the translation policy (data/publishing.yml)
and the publishing state of each story (a published address must not disappear because a story went back to
draft or got a future date). What does not stop a build (a story published before its translation, addresses
not yet recorded, translations older than the English) goes into the summary.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from alumni_stories.content import facts, frontmatter, reader, safe_html
from alumni_stories.content.catalog import DATA_FILES, load_publisher, read_data_file
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.content.stories import OFFICE_TITLES
from alumni_stories.errors import ContentError, Problem
from alumni_stories.outputs import cms, hosting, permalinks, search, share_image, sharing
from alumni_stories.site import pages, urls
from alumni_stories.site.views import Site, load_site, load_site_checked


@dataclass
class Report:
    """What the content is worth publishing: problems (each stops a strict build) and the summary."""

    site: Site | None
    problems: list = field(default_factory=list)  # Problem: the build stops (strict or not)
    warnings: list = field(default_factory=list)  # Problem: a strict build stops; a plain build goes on
    cautions: list = field(default_factory=list)  # Problem: worth a look (a lapse the guide warns of); nothing stops
    untranslated: list = field(default_factory=list)  # "stories/<slug>.<lang>.md": published before translation
    notices: list = field(default_factory=list)  # one-line information for the summary
    addresses: dict = field(default_factory=dict)  # path -> permalinks.Address, when the manifest check ran
    manifest_missing: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.warnings

    @property
    def strict_problems(self) -> list:
        """Everything that stops a strict build: what the check reports."""
        return [*self.problems, *self.warnings]

    def summary(self) -> list[str]:
        lines = []
        if self.untranslated:
            lines.append(f"Published before translation ({len(self.untranslated)}): "
                         + ", ".join(self.untranslated) + " (the site shows the English text there, with a notice)")
        return lines + self.notices


def finding_problem(finding: facts.Finding, root: Path) -> Problem:
    """A disagreement between two files, as a problem of the first (both are named), at the line of its entry."""
    file, _, entry = finding.first.partition(" [")
    entry = entry.rstrip("]")
    return Problem(file, entry, f"disagrees with {finding.second}: {finding.message}", finding.fix,
                   _entry_line(root, file, entry))


def _entry_line(root: Path, file: str, entry: str) -> int | None:
    """The line of a fact (by key), a batch (by track-number), a field of a data entry or of a story."""
    if file.startswith("stories/"):
        text, _problem = frontmatter.decode(frontmatter.read_story_bytes(root / file) or b"", file) if (root / file).is_file() \
            else ("", None)
        document = frontmatter.split_document(text or "", file)[0]
        return document.line_of(entry) if document else None
    data, document, _problems = read_data_file(root / "data", file.split("/", 1)[1]) \
        if file.split("/", 1)[1] in DATA_FILES else (None, None, [])
    if document is None:
        return None
    if isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict) and entry in (item.get("key"), f"{item.get('track')}-{item.get('number')}"):
                return document.line((index,))
        return None
    return document.line_of(entry)


def validate(root: Path, docs_dir: Path | None = None, today: dt.date | None = None, preview: bool = False,
             load=None) -> Report:
    """Check everything the build reads, as the build (`preview=False`) or the preview would: the one
    validation the build's validate phase and the check command run (`Pipeline.validate`, `Pipeline.check`).

    `load(root, include_drafts)`: how the site is loaded (the build's keeps it while no file changes; default
    `load_site` on `today`). The preview goes on with everything that has no problem (salvage), reporting only
    the problems that keep files from being read, as the others do. Never raises for content: every problem is in the report."""
    root = Path(root)
    docs_dir = Path(docs_dir) if docs_dir else root / "docs"
    try:
        site, problems = (load or (lambda at, drafts: load_site(at, drafts, today)))(root, preview), []
    except ContentError as error:
        if not preview:
            return Report(site=None, problems=list(error.problems))
        # The preview shows what it can of the content, but reports exactly what the check and the build report:
        # the files that cannot be read, not their consequences (a story left out of the preview would otherwise
        # also be reported as published addresses that stop working).
        site, _found = load_site_checked(root, include_drafts=True, today=today, salvage=True)
        return causes_only(check_site(site, docs_dir, preview), error.problems)
    return check_site(site, docs_dir, preview)


def check_site(site: Site, docs_dir: Path, preview: bool = False) -> Report:
    """The checks that need the loaded content: facts, translations, addresses."""
    report = Report(site=site)
    # data/publisher.yml is read for the footer of every page: the check reads it as the build does.
    try:
        load_publisher(site.root / "data")
    except ContentError as error:
        report.problems += error.problems
    report.cautions += story_cautions(site)
    report.problems += reserved_name_problems(site, docs_dir)
    report.warnings += withdrawn_name_problems(site)
    report.problems += docs_page_problems(docs_dir)
    report.problems += undrawable_problems(site)
    report.warnings += [finding_problem(f, site.root) for f in facts.check(site.catalog, site.stories)]
    for story, language in site.untranslated():
        name = f"stories/{story.slug}.{language}.md"
        if site.catalog.translations_required and story.is_public(site.today or dt.date.today()):
            report.problems.append(Problem(name, "", "the translation is missing, and data/publishing.yml "
                                           "requires every translation of a published story",
                                           f"add {name} (alumni-stories new-profile writes a template), or keep "
                                           f"'draft: true' in stories/{story.slug}.{DEFAULT_LANGUAGE}.md until "
                                           "it is ready"))
        else:
            report.untranslated.append(name)
    # The preview checks addresses too (it shows drafts, so a draft loses no address there).
    try:
        report.addresses = permalinks.published_addresses(site, docs_dir)
        recorded = permalinks.read_manifest(site.root)
    except ContentError as error:
        report.problems += error.problems
        return report
    if recorded is None:
        report.manifest_missing = True
        report.warnings.append(Problem(permalinks.MANIFEST, "", "the file is missing, so no published address is "
                                       "protected", "run 'scripts/record-urls.sh' and commit the file"))
        return report
    lost = permalinks.lost_addresses(recorded, report.addresses)
    report.problems += permalinks.lost_problems(lost, site.withheld, site.root)
    if preview:
        report.problems += _held_back_problems(site, docs_dir, recorded)
    unrecorded = sorted(set(report.addresses) - set(recorded))
    if unrecorded:
        report.notices.append(f"{len(unrecorded)} published address(es) not yet in {permalinks.MANIFEST} "
                              f"(such as {unrecorded[0]}): run 'scripts/record-urls.sh' and commit the file")
    return report


# --- What the share images cannot draw ------------------------------------------------------------------------

def undrawable_problems(site: Site) -> list[Problem]:
    """Each character of a share image that no installed font draws (outputs/share_image.py's font chains), in the
    file and field that holds it: a name, an honorific or a quote of a story; a country's name; else the image.
    The build draws only after this check passed, so an undrawable character stops it here, before anything
    is written, with these words, and never as an error of the drawing."""
    try:
        fonts = share_image.find_fonts()
    except share_image.FontError as error:
        message, _, fix = str(error).partition(" -> ")
        return [Problem("share images", "", message, fix)]
    problems: dict = {}
    reported: set = set()

    def refuse(file: str, field: str, value: str | None, line=None) -> None:
        missing = fonts.undrawable(value or "")
        if missing and (file, field) not in problems:
            reported.update(missing)
            problems[(file, field)] = undrawable_problem(file, field, missing,
                                                         line if line is not None else _entry_line(site.root, file, field))

    for story in site.stories:
        for language in LANGUAGES:
            text = story.text(language)
            file = f"stories/{story.slug}.{text.language}.md"
            for field, value in (("name", text.name), ("honorific", text.honorific),
                                 ("pull_quote", text.pull_quote)):
                refuse(file, field, value)
    for key, country in site.catalog.countries.items():
        for language in LANGUAGES:
            refuse("data/countries.yml", f"{key}.name.{language}", country.name[language])
    # Every text drawn (the lines built from the interface's strings and data too): whatever is left, by image.
    cards = [(card.key, card.language, card.text()) for card in (sharing.site_card(site, l) for l in LANGUAGES)]
    cards += [_story_card_text(site, story, language) for story in site.stories for language in LANGUAGES]
    for key, language, text in cards:
        missing = [char for char in fonts.undrawable(text) if char not in reported]
        if missing:
            reported.update(missing)
            where = f"stories/{key}.{language}.md" if key != "site" else "alumni_stories/content"
            problems[(where, "share image")] = undrawable_problem(where, "share image", missing, None)
    return list(problems.values())


# The text of each story's share image, by story (the very object the content loader kept) and language, for one
# catalog: the preview checks every story at every save, and making 2,000 cards was 1 s of each at 1,000 alumni.
_card_texts: dict = {"catalog": None, "texts": {}}


def _story_card_text(site: Site, story, language: str) -> tuple:
    if _card_texts["catalog"] is not site.catalog:  # (read again at every load: equal unless data/ changed)
        _card_texts.update(catalog=site.catalog, texts=_card_texts["texts"] if _card_texts["catalog"] == site.catalog
                           else {})
    texts = _card_texts["texts"]
    kept = texts.get((id(story), language))
    if kept is None or kept[0] is not story:
        if len(texts) > 4 * len(site.stories) + 100:  # earlier versions of edited stories
            texts.clear()
        card = sharing.story_card(site, story, language)
        kept = texts[(id(story), language)] = (story, (card.key, card.language, card.text()))
    return kept[1]


def undrawable_problem(file: str, field: str, missing: list[str], line: int | None) -> Problem:
    kinds = {"Co": "a private-use character, which only some systems draw", "Cn": "an unassigned code point"}
    names = ", ".join(f"U+{ord(char):04X} "
                      f"{unicodedata.name(char, '') or kinds.get(unicodedata.category(char), 'unnamed character')}"
                      for char in missing[:5])
    return Problem(file, field, f"'{''.join(missing)}' cannot be drawn on the share image: no installed font has "
                   f"it ({names})", "remove or replace it; if it is a letter of a language of the programme or "
                   "an emoji, install the fonts (scripts/bootstrap.sh installs " + share_image.FONT_PACKAGES
                   + " when they are missing)", line)


# --- Lapses the guide warns of: reported as warnings, nothing stops -------------------------------------------

MAX_NAME_CHARACTERS = 80  # the longest real names of the programme are about 30 characters
# Titles editors type into a name by habit; the page prints `honorific` before (English) or after (Japanese) it.
_TITLES = ("mr", "ms", "mrs", "miss", "dr", "prof", "h.e", "he", "ambassador", "excellency", "hon")
_TOP_HEADING = re.compile(r"^ {0,3}#(?!#)[ \t]+\S|^ {0,3}#$")
_CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def story_cautions(site: Site) -> list[Problem]:
    """What passes every rule but shows wrongly on the page: a name of hundreds of characters (a paste), a title
    written twice ('Ms. Ms. ...': in the name and in `honorific`), a top-level heading in the body (the page
    prints the name as its only top heading; the guide says to use '##')."""
    found = []
    texts = [(language, text) for story in (*site.stories, *site.withheld)
             for language, text in sorted(story.texts.items())]
    if len(_cautions) > 2 * len(texts) + 100:  # earlier versions of edited stories
        _cautions.clear()
    for language, text in texts:
        kept = _cautions.get(id(text))
        if kept is None or kept[0] is not text or kept[1] != site.root:
            kept = _cautions[id(text)] = (text, site.root, _text_cautions(site.root, text, language))
        found += kept[2]
    return found


# The cautions of each story text (the very object the content loader kept while its files did not change): the
# preview checks every story at every save, and a save changes one.
_cautions: dict = {}  # id(text) -> (text, project folder, cautions)


def _text_cautions(root: Path, text, language: str) -> list[Problem]:
    cautions = []
    name, honorific = text.name or "", (text.honorific or "").strip()
    lines = _FileLines(root, text.path)
    if len(name) > MAX_NAME_CHARACTERS:
        cautions.append(Problem(text.path, "name", f"the name is {len(name):,} characters long (a name is rarely "
                                f"more than {MAX_NAME_CHARACTERS}); it is printed in headings, lists, link previews "
                                "and share images", "write only the person's name, as they write it: the role goes "
                                "in current_role.title, the title in honorific", lines.field("name")))
    office = _office_in_name(name, language)
    doubled = _doubled_title(name, honorific, language)
    if office:  # before the doubled title: its fix ("keep it in honorific") would then be refused as an office
        cautions.append(Problem(text.path, "name", f"the name holds '{office}', a title of office: shown with "
                                "the name, it would read as the person's title forever", "remove it from the name "
                                "and write the office in current_role or later_roles, with its date",
                                lines.field("name")))
    elif doubled:
        cautions.append(Problem(text.path, "honorific", doubled, "write the title once: keep it in honorific and "
                                "remove it from the name", lines.field("honorific") or lines.field("name")))
    fenced = False
    for number, line in enumerate(text.body.split("\n")):
        if _CODE_FENCE.match(line):
            fenced = not fenced
        elif not fenced and _TOP_HEADING.match(line):
            cautions.append(Problem(text.path, "body", "the story text has a top-level heading ('# ...'); the page "
                                    "already prints the person's name as its one top heading",
                                    "make it a sub-heading: write '## ' instead of '# '", lines.body(number)))
            break
    return cautions


def _office_in_name(name: str, language: str) -> str | None:
    """A title of office written into the name ("Ambassador ...", "...大使"), as the writer spelled it, or None."""
    titles = OFFICE_TITLES.get(language, ())
    if language == DEFAULT_LANGUAGE:
        one_word = {title.rstrip(".") for title in titles if " " not in title}
        return next((word for word in (w.strip(",") for w in name.split())
                     if word.casefold().rstrip(".") in one_word), None)
    bare = re.sub(r"[（(][^）)]*[）)]", "", name).strip()  # an aside such as （架空） is not the name's end
    return next((title for title in titles if bare.endswith(title)), None)


def _doubled_title(name: str, honorific: str, language: str) -> str | None:
    """Why the page would print a title twice, or None."""
    def words(text):
        return [w.rstrip(".").casefold() for w in text.replace(".", ". ").split()]
    title = words(honorific)
    if title and len(title) % 2 == 0 and title[: len(title) // 2] == title[len(title) // 2:]:
        return f"the honorific '{honorific}' holds the same title twice"
    if language == DEFAULT_LANGUAGE:
        first = words(name)[:1]
        if title and words(name)[: len(title)] == title:
            return f"the name starts with '{honorific}', which honorific adds again: the page would show " \
                   f"'{honorific} {name}'"
        if title and first and first[0] in _TITLES and title[0] in _TITLES:
            return f"the name starts with a title ('{name.split()[0]}') and honorific adds '{honorific}': the page " \
                   f"would show '{honorific} {name}'"
    elif honorific and name.rstrip().endswith(honorific):
        return f"the name ends with '{honorific}', which honorific adds again: the page would show " \
               f"'{name}{honorific}'"
    return None


class _FileLines:
    """Lines of a story file, read only when a caution needs one."""

    def __init__(self, root: Path, name: str):
        self.root, self.name, self._text = root, name, None

    def text(self) -> str:
        if self._text is None:
            raw = frontmatter.read_story_bytes(self.root / self.name) or b""
            self._text = frontmatter.decode(raw, self.name)[0] or ""
        return self._text

    def field(self, name: str) -> int | None:
        return frontmatter.field_line(self.text(), name)

    def body(self, index: int) -> int | None:
        document, body, _problems = frontmatter.split_document(self.text(), self.name)
        if document is None:
            return None
        return self.text()[: len(self.text()) - len(body)].count("\n") + 1 + index


def causes_only(report: Report, problems: list) -> Report:
    """`report` (of content loaded around its broken files, as the preview loads it) reporting only `problems`,
    the ones that keep files from being read: what the check and the build report for the same content. What the
    later checks find follows from those (a story left out looks like a published address that stops working)."""
    report.problems, report.warnings, report.cautions = list(problems), [], []
    return report


def _held_back_problems(site: Site, docs_dir: Path, recorded) -> list[Problem]:
    """What the build would say of the drafts and embargoed stories the preview shows: a published story taken back
    to draft or given a future date loses its recorded address in the build (the preview shows it in place, but
    reports it as the check and the build do)."""
    today = site.today or dt.date.today()
    held = tuple(story for story in site.stories if not story.is_public(today))
    if not held:
        return []
    public = tuple(story for story in site.stories if story.is_public(today))
    as_built = dataclasses.replace(site, stories=public, withheld=held, preview=False)
    lost = permalinks.lost_addresses(recorded, permalinks.published_addresses(as_built, docs_dir))
    slugs = {story.slug for story in held}
    return [problem for problem in permalinks.lost_problems(lost, held, site.root)
            if problem.file.startswith("stories/") and problem.file.split("/")[1].rsplit(".", 2)[0] in slugs]


# --- Names the site keeps for itself -------------------------------------------------------------------------

# Files the site engine writes on its own (its 404 page and sitemap, the theme's search) and the web host's
# files: they are in no registry of the core, so they are named here.
ENGINE_NAMES = ("404", "sitemap", "search", "favicon", "robots", "_redirects", "_headers")


def reserved_names(site: Site, docs_dir: Path) -> frozenset[str]:
    """Every name a slug must not take, because the site writes a page or folder of that name: each address part
    of the generated pages (the page registry, site/pages.py) and of the files for partners (site/urls.py), the
    hand-written pages in docs/ (a folder's 'index' is its list page), the languages, and the folders the build
    adds (search, the editing interface, the host's configuration). Derived, so a new kind of page or a new
    hand-written page reserves its name without a list to update."""
    names = {"index", *LANGUAGES, *ENGINE_NAMES, hosting.HOSTING_DIR, cms.ADMIN_FOLDER, search.BUNDLE_DIR}
    for page in pages.plan_all(site):
        names.update(page.source.split("/")[:-1] or page.source.split("/"))
    for language in LANGUAGES:
        for address in (urls.story_index(language), urls.programme(language), urls.country_index(language),
                        urls.batch_index(language), urls.track_index(language), urls.feed(language),
                        urls.embed("x", language), urls.api_stories(), urls.share_image("x")):
            names.update(part.split(".")[0] for part in address.split("/"))
    if Path(docs_dir).is_dir():  # the folders of docs/ (assets...) and the address parts of every page
        names.update(path.name.split(".")[0] for path in Path(docs_dir).iterdir())
        for path in Path(docs_dir).rglob("*.md"):
            names.update(part.split(".")[0] for part in path.relative_to(docs_dir).parts)
    names.discard("")
    names.discard("x")
    return frozenset(names)


RESERVED_FIX = "choose another: the site already writes a page or folder of that name ({names}...)"


def reserved_name_problems(site: Site, docs_dir: Path) -> list[Problem]:
    """A slug (or alias), a country's or track's address part, or a batch's, that is one of the site's own names
    would replace or shadow one of its pages (`slug: index` replaced the story list at /stories/)."""
    reserved = reserved_names(site, docs_dir)
    shown = ", ".join(sorted(n for n in ("index", "assets", "api", "embed", "ja", "admin") if n in reserved))
    fix = RESERVED_FIX.format(names=shown)
    problems = []

    def refuse(file: str, entry: str, what: str, value: str) -> None:
        problems.append(Problem(file, entry, f"{what} '{value}' is one of the names the site keeps for its own "
                                "pages", fix, _entry_line(site.root, file, entry)))

    for story in (*site.stories, *site.withheld, *site.withdrawn):
        file = f"stories/{story.slug}.{DEFAULT_LANGUAGE}.md"
        if story.slug in reserved:
            refuse(file, "slug", "the slug", story.slug)
        for alias in getattr(story, "aliases", ()):
            if alias in reserved:
                refuse(file, "aliases", "the earlier slug", alias)
    for key, country in site.catalog.countries.items():
        if country.slug in reserved:
            refuse("data/countries.yml", f"{key}.slug", "the address part", country.slug)
    for key, track in site.catalog.tracks.items():
        if track.slug in reserved:
            refuse("data/tracks.yml", f"{key}.slug", "the address part", track.slug)
        for batch in site.catalog.batches.values():
            if batch.track == key and urls.batch_slug(track.slug, batch.number) in reserved:
                refuse("data/batches.yml", f"{batch.track}-{batch.number}", "the batch address",
                       urls.batch_slug(track.slug, batch.number))
    return problems


def docs_page_problems(docs_dir: Path) -> list[Problem]:
    """The hand-written pages of docs/ pass the sanitizer of story bodies (the build pipeline applies it to
    the HTML the engine renders; the check renders them the same way, so it refuses what the build refuses)."""
    problems = []
    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else ():
        name = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
        stat = path.lstat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _docs_checked:  # the preview checks again on every save: each version of a page once
            _docs_checked[key] = _docs_page_problems(path, name)
        problems += _docs_checked[key]
    return problems


_docs_checked: dict = {}


def _docs_page_problems(path: Path, name: str) -> list[Problem]:
    raw = None if path.is_symlink() else reader.read_bounded(path, frontmatter.MAX_FILE_BYTES)
    if raw is None:
        return [Problem(name, "", f"the page is a symbolic link or larger than {frontmatter.MAX_FILE_BYTES / 1e6:.0f} "
                        "MB", "replace it with a real, shorter file")]
    text, problem = frontmatter.decode(raw, name)
    if problem:
        return [problem]
    fence = re.match(r"\A---[ \t]*\n.*?\n---[ \t]*\n", text, re.DOTALL)
    body = text[fence.end():] if fence else text
    first_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        rendered = safe_html.render(body)
    except (RecursionError, ValueError) as error:
        return [Problem(name, "body", f"the page cannot be rendered ({type(error).__name__})", "simplify its Markdown",
                        first_line)]
    return safe_html.rendered_problems(rendered, body, name, first_line, what="the page")


def withdrawn_name_problems(site: Site) -> list[Problem]:
    """A withdrawn person's name still written in a batch note (data/batches.yml) would go on being published."""
    problems = []
    for withdrawn in site.withdrawn:
        for batch in site.catalog.batches.values():
            for language, text in sorted((batch.note or {}).items()):
                for name in withdrawn.former_names:
                    if isinstance(text, str) and len(name) > 2 and name.casefold() in text.casefold():
                        entry = f"{batch.track}-{batch.number}"
                        problems.append(Problem("data/batches.yml", f"{entry}.note.{language}",
                                                f"the note names '{name}', whose story was withdrawn "
                                                f"(stories/{withdrawn.slug}.{DEFAULT_LANGUAGE}.md)",
                                                "remove the name from the note: a withdrawn person is no longer "
                                                "named anywhere on the site", _entry_line(site.root, "data/batches.yml",
                                                                                          entry)))
    return problems


def preview_problems_html(problems, strings, title_key: str = "preview_problems") -> str:
    """The problems as a notice at the top of a preview page (every text escaped): the preview shows what it
    can, and says what the published build would refuse. The messages stay as the check prints them."""
    if not problems:
        return ""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    danger = title_key == "preview_problems"  # each key written out, so the strings' contract test sees its calls
    title = html.escape(strings("preview_problems", count=len(problems)) if danger
                        else strings("preview_cautions", count=len(problems)))
    kind = "danger" if danger else "warning"
    return (f'<div class="admonition {kind} content-problems"><p class="admonition-title">{title}</p>'
            f"<ul>{items}</ul></div>")
