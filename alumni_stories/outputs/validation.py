"""One validator with two faces: `alumni-stories check` prints its report, the build refuses on it.

Every rule that can stop a strict build runs here, in one place, so the check finds exactly what the build
refuses, with the same messages: the content and data contract (content/), the programme facts against the
data (content/facts.py), the URL manifest (outputs/permalinks.py), the translation policy (data/publishing.yml)
and the publishing state of each story (a published address must not disappear because a story went back to
draft or got a future date). What does not stop a build (a story published before its translation, addresses
not yet recorded, translations older than the English) goes into the summary.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from alumni_stories.content import facts, frontmatter, sources
from alumni_stories.content.catalog import DATA_FILES, read_data_file
from alumni_stories.content.model import DEFAULT_LANGUAGE
from alumni_stories.errors import ContentError, Problem
from alumni_stories.outputs import permalinks
from alumni_stories.site.views import Site, load_site


@dataclass
class Report:
    """What the content is worth publishing: problems (each stops a strict build) and the summary."""

    site: Site | None
    problems: list = field(default_factory=list)  # Problem: the build stops (strict or not)
    warnings: list = field(default_factory=list)  # Problem: a strict build stops; a plain build goes on
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
        text, _problem = frontmatter.decode(sources.read_bytes(root / file), file) if (root / file).is_file() else ("", None)
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


def validate(root: Path, docs_dir: Path | None = None, today: dt.date | None = None, preview: bool = False) -> Report:
    """Check everything the build reads, as the build (`preview=False`) or the preview would.

    Never raises for content: every problem is in the report."""
    root = Path(root)
    docs_dir = Path(docs_dir) if docs_dir else root / "docs"
    try:
        site = load_site(root, include_drafts=preview, today=today)
    except ContentError as error:
        return Report(site=None, problems=list(error.problems))
    return check_site(site, docs_dir, preview)


def check_site(site: Site, docs_dir: Path, preview: bool = False) -> Report:
    """The checks that need the loaded content: facts, translations, addresses."""
    report = Report(site=site)
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
    unrecorded = sorted(set(report.addresses) - set(recorded))
    if unrecorded:
        report.notices.append(f"{len(unrecorded)} published address(es) not yet in {permalinks.MANIFEST} "
                              f"(such as {unrecorded[0]}): run 'scripts/record-urls.sh' and commit the file")
    return report


def preview_problems_html(problems, strings) -> str:
    """The problems as a notice at the top of a preview page (every text escaped): the preview shows what it
    can, and says what the published build would refuse. The messages stay as the check prints them."""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    title = html.escape(strings("preview_problems", count=len(problems)))
    return (f'<div class="admonition danger content-problems"><p class="admonition-title">{title}</p>'
            f"<ul>{items}</ul></div>")
