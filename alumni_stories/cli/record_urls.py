"""`alumni-stories record-urls`: record every address the site publishes in data/url-manifest.yml."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import click

from alumni_stories.errors import ContentError
from alumni_stories.outputs import permalinks
from alumni_stories.site.views import load_site


@click.command("record-urls")
@click.option("--forget", multiple=True, metavar="/PATH/",
              help="an address to drop from the manifest on purpose (repeat for several)")
@click.option("--check", is_flag=True, help="report only; exit 1 if the manifest is not current")
def command(forget: tuple[str, ...], check: bool, root: Path) -> int:
    """Record every address the site publishes in data/url-manifest.yml (the manifest of permanent URLs).

    Run it after adding a story or a page, review the difference, commit the manifest. It only ever
    adds addresses: one that the content no longer serves stops it with the same message as the build,
    unless you name that address with --forget (for a page removed on purpose; never for a story: give
    it an alias or mark it withdrawn instead). --check changes nothing and exits 1 if addresses are
    unrecorded or lost.
    """
    args = SimpleNamespace(root=root, forget=forget, check=check)
    try:
        site = load_site(args.root)
        recorded = permalinks.read_manifest(args.root) or []
    except ContentError as error:
        click.echo(error.render(), err=True)
        return 1
    current = permalinks.published_addresses(site, args.root / "docs")
    forget = set(args.forget)
    not_lost = sorted(forget - set(recorded) | forget & set(current))
    if not_lost:
        click.echo("--forget names addresses that are not lost: " + ", ".join(not_lost), err=True)
        return 1
    lost = [path for path in permalinks.lost_addresses(recorded, current) if path not in forget]
    if lost:
        click.echo(ContentError(permalinks.lost_problems(lost, site.withheld, args.root)).render(), err=True)
        return 1
    new = sorted(set(current) - set(recorded))
    if args.check:
        for path in new:
            click.echo(f"not recorded: {path}")
        return 1 if new else 0
    permalinks.write_manifest(args.root, (set(recorded) | set(current)) - forget)
    for path in new:
        click.echo(f"recorded: {path}")
    for path in sorted(forget):
        click.echo(f"forgotten: {path}")
    click.echo(f"{permalinks.MANIFEST}: {len((set(recorded) | set(current)) - forget)} addresses "
          f"({len(new)} new, {len(forget)} forgotten)")
    return 0
