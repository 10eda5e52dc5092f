#!/usr/bin/env python3
"""Check all content without building: every problem, then the state of every story and translation.

    scripts/check.sh                              check stories/ and data/
    scripts/check.sh --mark-translated SLUG       record that SLUG's translation now matches its English text

Applies exactly the checks of the build and of scripts/build_index.py (they all load content through
alumni_stories.load_site). Prints one line per problem (file:line [field]: what is wrong -> what to do),
then a table of story x language (present, missing, English newer than the translation, ...), then the
drafts and embargoed stories. Exits 1 when there is any problem, 0 otherwise.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alumni_stories import LANGUAGES, ContentError, load_site  # noqa: E402
from alumni_stories.formatting import format_date  # noqa: E402
from alumni_stories.publishing import (MISSING, OUTDATED, TEMPLATE, UNRECORDED, content_status,  # noqa: E402
                                       mark_translated)

LEGEND = {
    "present": "the file is there and, for a translation, matches the current English text",
    MISSING: "no file: the site shows the English text with a notice",
    OUTDATED: "the English text changed since this translation was made: update it, then --mark-translated",
    UNRECORDED: "no translated_from: unknown whether it matches the English; check it, then --mark-translated",
    TEMPLATE: "still the template: its TODO values wait for the translation",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding stories/ and data/")
    parser.add_argument("--mark-translated", metavar="SLUG", action="append", default=[],
                        help="record that the translations of SLUG match its current English text")
    args = parser.parse_args(argv)
    stories_dir = args.root / "stories"
    today = dt.date.today()

    for slug in args.mark_translated:
        english = stories_dir / f"{slug}.en.md"
        if not english.is_file():
            print(f"error: stories/{slug}.en.md does not exist; check the slug", file=sys.stderr)
            return 2
        for language in LANGUAGES[1:]:
            translation = stories_dir / f"{slug}.{language}.md"
            if translation.is_file():
                try:
                    fingerprint = mark_translated(english, translation)
                except ValueError as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2
                print(f"stories/{translation.name}: translated_from set to {fingerprint}")

    print(f"Checking {args.root.resolve()} as of {today.isoformat()}, with the build's rules.\n")
    problems = []
    site = None
    try:
        site = load_site(args.root, include_drafts=True, today=today)  # drafts are checked too
    except ContentError as error:
        problems = error.problems
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} (file:line [field]: what is wrong -> what to do):")
        for problem in problems:
            print(f"  - {problem}")
    else:
        print("No problems.")

    statuses = content_status(stories_dir)
    print("\nTranslations (story × language):")
    print(_table(["story", *LANGUAGES, "publication", "TODO left"],
                 [[s.slug, *(s.languages[lang] for lang in LANGUAGES), _publication(s, today), str(s.placeholders)]
                  for s in statuses]))
    shown = sorted({state for s in statuses for state in s.languages.values() if state in LEGEND})
    for state in shown:
        print(f"  {state}: {LEGEND[state]}")

    drafts = [s.slug for s in statuses if s.draft]
    embargoed = [s for s in statuses if not s.draft and s.embargoed(today)]
    print(f"\nDrafts: {len(drafts)}" + (f" ({', '.join(drafts)})" if drafts else ""))
    print(f"Embargoed: {len(embargoed)}"
          + (f" ({', '.join(f'{s.slug} until {s.published.isoformat()}' for s in embargoed)})" if embargoed else ""))
    if site is not None:
        public = [s for s in site.stories if s.is_public(today)]
        print(f"Published site: {len(public)} stor{'y' if len(public) == 1 else 'ies'}.")
    if problems:
        print(f"\nNot ready: fix the {len(problems)} problem{'s' if len(problems) != 1 else ''} above; "
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


if __name__ == "__main__":
    sys.exit(main())
