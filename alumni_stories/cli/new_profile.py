"""`alumni-stories new-profile`: write stories/<slug>.en.md and stories/<slug>.ja.md from the template.

The new story is a draft: the preview (scripts/serve.sh) shows it, the published site does not, until
every TODO in both files is replaced and `draft: true` is removed. With --publish and every text given
as an option (bodies from files), the files are complete and the next build publishes the story.
Never overwrites an existing story.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import click

from alumni_stories.cli.profiles import (AnswerError, Answers, check_batch, check_slug, find_country, find_track,
                                         missing_for_publishing, parse_date, parse_period, render_english,
                                         render_japanese, slug_for)
from alumni_stories.content import reader, safe_html
from alumni_stories.content.catalog import load_catalog
from alumni_stories.content.publishing import placeholders
from alumni_stories.errors import ContentError
from alumni_stories.site.views import load_site

OPTIONS = {  # option -> what it holds, shown in --help and in messages
    "name": "full name in English, as the person writes it (accents welcome, for example the fictional Trần Ví Dụ)",
    "country": "country: a key of data/countries.yml or its name (viet-nam, \"Viet Nam\")",
    "track": "programme track: mfa or esc (or its name)",
    "batch": "batch number within the track, such as 13",
    "period": "attachment period: 2014-2015, or with months 2014-04/2015-03",
    "ja-name": "name in Japanese (katakana, parts separated by ・)",
    "slug": "web address part, if the one made from the name is not wanted",
    "honorific": "courtesy title shown before the English name: Mr., Ms. (a title of office goes in the dated role)",
    "ja-honorific": "honorific in Japanese: 氏",
    "ministry": "ministry at the time of the attachment (English)",
    "ja-ministry": "ministry at the time of the attachment (Japanese)",
    "role": "role, as the source gives it on its date (English)",
    "ja-role": "role (Japanese)",
    "role-as-of": "date the source gave the role, YYYY-MM-DD",
    "quote": "pull quote, the person's own words (English)",
    "ja-quote": "pull quote (Japanese)",
    "author": "who wrote the story (English)",
    "ja-author": "who wrote the story (Japanese)",
    "published": "publication date, YYYY-MM-DD (default: today; a future date is an embargo)",
    "consent": "the date the person gave consent to publish, YYYY-MM-DD",
    "consent-ends": "the date the person's consent ends, YYYY-MM-DD, if they set one",
    "body-file": "a Markdown file holding the English story text",
    "ja-body-file": "a Markdown file holding the Japanese story text",
}
REQUIRED = ("name", "country", "track", "batch", "period")


def _with_profile_options(function):
    for option, help_text in reversed(OPTIONS.items()):
        function = click.option(f"--{option}", help=help_text)(function)
    return function


@click.command("new-profile")
@_with_profile_options
@click.option("--publish", is_flag=True, help="not a draft: needs every text above, so nothing is left to fill in")
@click.option("--no-input", is_flag=True, help="never ask; fail when a required option is missing")
def command(root: Path, **given) -> int:
    """Start a new profile: stories/<slug>.en.md and stories/<slug>.ja.md, as a draft.

    Asks for the name, country, track, batch and period (or takes them as options), checks them
    against data/, and writes both files from a commented template. It never overwrites a story.

    \b
    Example:
      alumni-stories new-profile --name "Fictional Person" --country viet-nam --track mfa --batch 13 --period 2014-2015
    """
    args = SimpleNamespace(root=root, **given)
    today = dt.date.today()

    try:
        catalog = load_catalog(args.root / "data")
    except ContentError as error:
        click.echo(error.render(), err=True)
        return 1

    checks = {
        "name": lambda v: _text(v, "the name"),
        "country": lambda v: find_country(catalog, v),
        "track": lambda v: find_track(catalog, v),
        "period": parse_period,
    }
    values = {}
    try:
        for option in REQUIRED:
            check = checks.get(option) or (lambda v: check_batch(catalog, values["track"], v))
            values[option] = _answer(args, option, check, catalog)
        ja_name = getattr(args, "ja_name")
        if ja_name is None and not args.no_input:
            ja_name = _ask("Name in Japanese (katakana; press Enter to fill in later)", optional=True)
        answers = Answers(
            name=values["name"], country=values["country"], track=values["track"], batch=values["batch"],
            period=values["period"], slug=check_slug(args.slug) if args.slug else slug_for(values["name"]),
            ja_name=ja_name or None, honorific=args.honorific, ja_honorific=args.ja_honorific,
            ministry=args.ministry, ja_ministry=args.ja_ministry, role=args.role, ja_role=args.ja_role,
            role_as_of=parse_date(args.role_as_of, "--role-as-of") if args.role_as_of else None,
            quote=args.quote, ja_quote=args.ja_quote, author=args.author, ja_author=args.ja_author,
            published=parse_date(args.published, "--published") if args.published else None,
            consent=parse_date(args.consent, "--consent") if args.consent else None,
            consent_ends=parse_date(args.consent_ends, "--consent-ends") if args.consent_ends else None,
            body=_read_body(args.body_file), ja_body=_read_body(args.ja_body_file), publish=args.publish)
    except AnswerError as error:
        click.echo(f"error: {error}", err=True)
        return 2

    if answers.publish and missing_for_publishing(answers):
        options = {"body": "body-file", "ja_body": "ja-body-file"}
        missing = " ".join(f"--{options.get(name, name.replace('_', '-'))}" for name in missing_for_publishing(answers))
        click.echo(f"error: --publish needs every text, so that nothing is left to fill in; missing: {missing}\n"
              "Leave out --publish to create a draft, then complete the files.", err=True)
        return 2

    stories = args.root / "stories"
    paths = {"en": stories / f"{answers.slug}.en.md", "ja": stories / f"{answers.slug}.ja.md"}
    existing = [p for p in paths.values() if p.exists()]
    if existing:
        click.echo(f"error: {', '.join(f'stories/{p.name}' for p in existing)} already exists; nothing was written.\n"
              "Edit that story instead, or give this person another address with --slug.", err=True)
        return 1

    english = render_english(answers, today)
    texts = {"en": english, "ja": render_japanese(answers, english, today)}
    stories.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for language, path in paths.items():
            with open(path, "x", encoding="utf-8") as handle:  # "x": never replace a file made meanwhile
                handle.write(texts[language])
            written.append(path)
    except FileExistsError as error:
        for path in written:
            path.unlink()
        click.echo(f"error: {error.filename} appeared while writing; nothing was written.", err=True)
        return 1

    return _report(args.root, answers, paths, texts)


def _report(root: Path, answers: Answers, paths: dict, texts: dict) -> int:
    """Load the content as the build does and tell the editor what they got and what to do next."""
    names = [f"stories/{p.name}" for p in paths.values()]
    try:
        load_site(root, include_drafts=True)
    except ContentError as error:
        ours = [p for p in error.problems if p.file in names]
        if ours:  # the template itself is wrong: a bug, not the editor's doing
            for path in paths.values():
                path.unlink()
            click.echo("error: the new files would not pass the checks, so they were removed (please report this):\n"
                  + "\n".join(f"  - {p}" for p in ours), err=True)
            return 1
        click.echo("note: the new files are fine, but other content has problems; run scripts/check.sh (or alumni-stories check) to see them.")
    click.echo(f"Created {names[0]} and {names[1]}.")
    todo = {name: placeholders(texts[lang]) for name, lang in zip(names, paths)}
    if answers.publish:
        click.echo(f"The story is complete and not a draft: the next build publishes it at /stories/{answers.slug}/ "
              f"and /ja/stories/{answers.slug}/.")
    else:
        click.echo("It is a draft: the preview shows it, the published site does not. Still to fill in:")
        for name, marks in todo.items():
            for line, field in marks:
                click.echo(f"  {name}:{line} [{field}]")
        click.echo("Next: replace every TODO in both files, then remove 'draft: true' (set it to false).")
    click.echo(f"Preview: scripts/serve.sh, then open http://127.0.0.1:8000/stories/{answers.slug}/")
    click.echo("Check everything without building: scripts/check.sh (or alumni-stories check)")
    return 0


def _answer(args, option: str, check, catalog):
    given = getattr(args, option.replace("-", "_"))
    if given is not None:
        return check(given)
    if args.no_input:
        raise AnswerError(f"--{option} is missing: {OPTIONS[option]}")
    if option == "country":
        click.echo("Countries: " + ", ".join(f"{k} ({c.name['en']})" for k, c in catalog.countries.items()))
    if option == "track":
        click.echo("Tracks: " + ", ".join(f"{k} ({t.name['en']})" for k, t in catalog.tracks.items()))
    while True:
        answer = _ask(OPTIONS[option][0].upper() + OPTIONS[option][1:], option=option)  # raises at end of input
        try:
            return check(answer)
        except AnswerError as error:
            click.echo(f"  {error}")


def _ask(prompt: str, optional: bool = False, option: str = "") -> str:
    try:
        answer = input(f"{prompt}: ").strip()
    except EOFError:
        if optional:
            return ""
        raise AnswerError(f"--{option} is missing: {OPTIONS.get(option, prompt)}") from None
    return answer


def _text(value: str, what: str) -> str:
    value = " ".join(str(value).split())
    if not value:
        raise AnswerError(f"{what} is empty")
    return value


def _read_body(path) -> str | None:
    if path is None:
        return None
    # At most the story size limit plus one byte is read: '--body-file /dev/zero' grew to 7.4 GB before.
    limit = safe_html.MAX_BODY_BYTES
    try:
        raw = reader.read_bounded(Path(path), limit)
        if raw is None:
            raise AnswerError(f"{path} holds more than {limit / 1_000_000:.0f} MB, the limit of a story's text; "
                              "give a file with only the story text")
        return raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AnswerError(f"cannot read {path}: {error}") from None
