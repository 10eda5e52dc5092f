"""`alumni-stories check`: every problem the build would report, then the state of every story and translation.

Runs the build's own pipeline, its read and validate phases only (`Pipeline.check`, the validator of
alumni_stories/outputs/validation.py): it reports exactly what would stop `mkdocs build --strict`, with the same
messages.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import click

from alumni_stories.errors import no_commands, one_line

from alumni_stories.content.model import LANGUAGES
from alumni_stories.content.publishing import MISSING, OUTDATED, TEMPLATE, UNRECORDED, content_status, due_for_review
from alumni_stories.content.publishing import mark_translated as record_translation
from alumni_stories.site.formatting import format_date
from alumni_stories.build.pipeline import PIPELINES

LEGEND = {
    "present": "the file is there and, for a translation, matches the current English text",
    MISSING: "no file: the site shows the English text with a notice",
    OUTDATED: "the English text changed since this translation was made: update it, then --mark-translated",
    UNRECORDED: "no translated_from: unknown whether it matches the English; check it, then --mark-translated",
    TEMPLATE: "still the template: its TODO values wait for the translation",
}


def echo(text: str = "", err: bool = False) -> None:
    """Every line the check prints: never one starting with '::' (a GitHub Actions command, and the check runs in
    CI); values are escaped where they are put into the text (Problem.__str__, one_line)."""
    click.echo(no_commands(text), err=err)


@click.command("check")
@click.option("--mark-translated", metavar="SLUG", multiple=True,
              help="record that the translations of SLUG match its current English text (repeat for several)")
def command(mark_translated: tuple[str, ...], root: Path) -> int:
    """Check all content with the build's rules, without building.

    \b
    Prints one line per problem (file:line [field]: what is wrong -> what to do), then a table of
    story x language (present, missing, English newer than the translation, ...), then the drafts
    and embargoed stories. Exits 1 when there is any problem, 0 otherwise.
    """
    args = SimpleNamespace(root=root, mark_translated=mark_translated)
    stories_dir = args.root / "stories"
    today = dt.date.today()

    for slug in args.mark_translated:
        english = stories_dir / f"{slug}.en.md"
        if not english.is_file():
            echo(f"error: stories/{one_line(slug)}.en.md does not exist; check the slug", err=True)
            return 2
        for language in LANGUAGES[1:]:
            translation = stories_dir / f"{slug}.{language}.md"
            if translation.is_file():
                try:
                    fingerprint = record_translation(english, translation)
                except ValueError as error:
                    echo(f"error: {error}", err=True)
                    return 2
                echo(f"stories/{translation.name}: translated_from set to {fingerprint}")

    echo(f"Checking {args.root.resolve()} as of {today.isoformat()}, with the build's rules.\n")
    # The build's own validator (drafts are validated too, and the published site is judged as the build judges it).
    PIPELINES.start("check", False)  # the build's own pipeline, its read and validate phases only
    report = PIPELINES.pipeline(args.root).check(today)
    problems = report.strict_problems
    site = report.site if not report.problems else None
    if problems:
        echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} (file:line [field]: what is wrong -> what to do):")
        for problem in problems:
            echo(f"  - {problem}")
    else:
        echo("No problems.")
    if report.cautions:
        echo(f"{len(report.cautions)} warning{'s' if len(report.cautions) != 1 else ''} (nothing stops; the pages "
             "show it as written):")
        for caution in report.cautions:
            echo(f"  - {caution}")
    for line in report.summary():
        echo(line)

    statuses = content_status(stories_dir)
    echo("\nTranslations (story × language):")
    echo(_table(["story", *LANGUAGES, "publication", "TODO left"],
                 [[one_line(s.slug), *(s.languages[lang] for lang in LANGUAGES), _publication(s, today), str(s.placeholders)]
                  for s in statuses]))
    shown = sorted({state for s in statuses for state in s.languages.values() if state in LEGEND})
    for state in shown:
        echo(f"  {state}: {LEGEND[state]}")

    drafts = [s.slug for s in statuses if s.draft]
    embargoed = [s for s in statuses if not s.draft and s.embargoed(today)]
    echo(f"\nDrafts: {len(drafts)}" + (f" ({', '.join(drafts)})" if drafts else ""))
    echo(f"Embargoed: {len(embargoed)}"
          + (f" ({', '.join(f'{s.slug} until {s.published.isoformat()}' for s in embargoed)})" if embargoed else ""))
    if site is not None:
        public = [s for s in site.stories if s.is_public(today)]
        echo(f"Published site: {len(public)} stor{'y' if len(public) == 1 else 'ies'}.")
        months = site.catalog.review_after_months
        due = due_for_review([*site.stories, *site.withheld], months, today)
        if months is not None:
            echo(f"Due for review ({months} months after `reviewed`, data/publishing.yml; a notice, not a problem): "
                 f"{len(due)}")
            for story, day in due:
                echo(f"  - stories/{story.slug}.en.md: reviewed {story.reviewed.isoformat()}, due since "
                     f"{day.isoformat()} -> read it again against its sources (or ask the person), then write "
                     "today's date in `reviewed`")
    if problems:
        echo(f"\nNot ready: fix the {len(problems)} problem{'s' if len(problems) != 1 else ''} above; "
              "the build refuses the content until then.")
        return 1
    return 0


def _publication(status, today: dt.date) -> str:
    if status.draft:
        return "draft"
    if status.published is None:
        return "?"
    if status.embargoed(today):
        return f"embargoed until {format_date(status.published, 'en')}"
    return "published"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in [header, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)
