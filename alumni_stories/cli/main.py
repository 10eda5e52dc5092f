"""`alumni-stories`: the editors' and maintainers' command, one subcommand per task.

Built on click (installed with MkDocs): every subcommand has --help, and a wrong option is refused
with a usage message and exit status 2. The subcommands load content through the same code as the
build, so they refuse exactly what the build refuses.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from alumni_stories.cli import check, deploy, edit, index, new_profile, record_urls


def project_root() -> Path:
    """The project folder: $ALUMNI_STORIES_ROOT, else the nearest folder at or above the current one that
    holds mkdocs.yml and stories/, else the current folder."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "stories").is_dir():
            return folder
    return here


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """Tasks for the alumni stories site: start a profile, edit in the browser, check content, write the index,
    record URLs, deploy.

    Each command works on the project folder given by --root (default: $ALUMNI_STORIES_ROOT, or the
    folder holding mkdocs.yml at or above the current one).
    """


for command in (new_profile.command, check.command, edit.command, index.command, record_urls.command,
                deploy.deploy_command, deploy.rollback_command, deploy.releases_command):
    command.params.append(click.Option(["--root"], type=click.Path(file_okay=False, path_type=Path),
                                       envvar="ALUMNI_STORIES_ROOT", default=project_root, show_default=False,
                                       help="project folder holding stories/ and data/"))
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit status (for scripts that call it as a function)."""
    try:
        return cli.main(args=argv, prog_name=os.environ.get("ALUMNI_STORIES_PROG", "alumni-stories"), standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except SystemExit as done:
        return int(done.code or 0)


def run() -> None:
    """The console script `alumni-stories`."""
    raise SystemExit(main())
