"""`alumni-stories index OUTPUT.json`: the machine-readable index of all stories, as the build validates them."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from alumni_stories.errors import ContentError
from alumni_stories.outputs.index import story_index
from alumni_stories.site.views import load_site


@click.command("index")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base-url", default="", help="make URLs absolute, e.g. https://example.org/")
def command(output: Path, base_url: str, root: Path) -> int:
    """Write the machine-readable index of all stories (both languages, URLs, neutral facts) to OUTPUT.

    Loads and validates the content with the same rules as the site build; on bad content it prints
    the same messages and exits 1 without writing anything.
    """
    try:
        site = load_site(root)
    except ContentError as error:
        click.echo(error.render(), err=True)
        return 1
    text = json.dumps(story_index(site, base_url), ensure_ascii=False, indent=2) + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader never sees half a file.
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=".index-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, output)
    click.echo(f"wrote {len(site.stories)} stories to {output}")
    return 0
