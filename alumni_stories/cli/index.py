"""`alumni-stories index OUTPUT.json`: the machine-readable index of all stories, as the build validates them."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

import click

from alumni_stories.errors import ContentError
from alumni_stories.outputs.index import story_index
from alumni_stories.site.urls import SiteAddressError, parse_site_address
from alumni_stories.site.views import load_site


@click.command("index")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base-url", default="", help="make URLs absolute, e.g. https://example.org/ (the site address's "
              "rule: http(s)://host[:port]/path/)")
def command(output: Path, base_url: str, root: Path) -> int:
    """Write the machine-readable index of all stories (both languages, URLs, neutral facts) to OUTPUT.

    Loads and validates the content with the same rules as the site build; on bad content it prints
    the same messages and exits 1 without writing anything.
    """
    try:
        address = parse_site_address(base_url, where="--base-url")
    except SiteAddressError as error:
        click.echo(f"index: --base-url: {error}", err=True)
        return 2
    try:
        site = load_site(root)
    except ContentError as error:
        click.echo(error.render(), err=True)
        return 1
    text = json.dumps(story_index(site, str(address) if address else ""), ensure_ascii=False, indent=2) + "\n"
    try:
        write_index(output, text)
    except OSError as error:
        click.echo(f"index: cannot write {output} ({error.strerror or error}); nothing was written -> check the "
                   "disk space and the folder's permissions, or give another OUTPUT", err=True)
        return 1
    click.echo(f"wrote {len(site.stories)} stories to {output}")
    return 0


def write_index(output: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a file. A target that exists and is not a
    plain file (a device such as /dev/stdout, a pipe) is written in place: renaming over it would replace it.
    Every write is flushed and synced, so a full disk is an OSError here, not a silent loss."""
    data = text.encode("utf-8")
    if output.exists() and not output.is_file():
        with open(output, "wb") as handle:
            handle.write(data)
            handle.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=".index-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
