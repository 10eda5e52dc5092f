"""`alumni-stories deploy`, `rollback` and `releases`: publish the built site on a server host as atomic
releases (the logic, and the layout on the server, are in releases.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from alumni_stories.cli import releases
from alumni_stories.cli.releases import ReleaseError, Target
from alumni_stories.site import urls

TARGET_HELP = "a folder on this machine (/srv/alumni-stories) or [user@]host:/path over ssh"
_target = click.argument("target", metavar="TARGET")
_reload = click.option("--reload", metavar="COMMAND",
                       help="run on the host after the switch, such as 'sudo systemctl reload nginx' (nginx reads "
                            "the new release's redirects and withdrawn addresses only when reloaded)")
_ssh = click.option("--ssh", default="ssh", show_default=True, metavar="COMMAND",
                    help="the ssh command for a remote TARGET (such as 'ssh -p 2222 -i key')")


def _note(message: str) -> None:
    click.echo(message, err=True)


def publishing_build(root: Path, out: Path, site_url: str | None) -> None:
    """The site's publishing build, strict, into `out`.

    ALUMNI_STORIES_PUBLISH=1 asks for the publishing mode (the site-address check that refuses a placeholder
    or local site_url: Pipeline.configure, rule in site/urls.py); ALUMNI_STORIES_SITE_URL sets the public address.
    """
    env = {**os.environ, "ALUMNI_STORIES_PUBLISH": "1", "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["ALUMNI_STORIES_SITE_URL"] = site_url
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        report = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
        raise ReleaseError("the publishing build failed, nothing was uploaded:\n" + "\n".join(report).strip())


SITEMAP = "sitemap.xml"
_FIRST_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def built_for(site_dir: Path) -> str | None:
    """The address a built site was built for: its sitemap's first <loc> (the home page, written from site_url
    by every build), as scheme://host[:port]/; None when the folder has no sitemap with an address."""
    try:
        text = (Path(site_dir) / SITEMAP).read_text(encoding="utf-8", errors="replace")[:100_000]
    except OSError:
        return None
    match = _FIRST_LOC.search(text)
    address = re.match(r"^(https?://[^/]+)/", match.group(1)) if match else None
    return f"{address.group(1)}/" if address else None


def built_site_problem(site_dir: Path) -> str | None:
    """Why the built site in `site_dir` must not be published: it was built for a local, example or placeholder
    address (every link partners copy, the feeds, the sitemap and link previews would point there)."""
    address = built_for(site_dir)
    if address is None:
        return (f"{site_dir} has no {SITEMAP} naming the address it was built for, so it cannot be told apart from "
                f"a preview build -> build it with scripts/publish.sh (or leave out --site, and the command builds "
                f"it with the address of --site-url)")
    problem = urls.publishing_address_problem(address, "mkdocs.yml")
    if problem is None:
        return None
    return (f"{site_dir} was built for {address}, not for the site's public address: " + problem.split("; ", 1)[0]
            + f". Nothing was uploaded -> build it again for the public address: "
            f"{urls.SITE_URL_VARIABLE}=https://<your public address>/ scripts/publish.sh, then deploy site/ "
            f"(or leave out --site and give --site-url)")


@click.command("deploy")
@_target
@click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="an already built site folder (default: run the strict publishing build first); refused when its "
                   "sitemap.xml shows it was built for a local, example or placeholder address")
@click.option("--site-url", metavar="URL", help="the public address, for the build (ALUMNI_STORIES_SITE_URL)")
@click.option("--keep", default=5, show_default=True, type=click.IntRange(min=2),
              help="how many releases to keep on the host (the current one is always kept)")
@_reload
@_ssh
def deploy_command(target: str, site_dir: Path | None, site_url: str | None, keep: int, reload: str | None, ssh: str,
                   root: Path) -> int:
    """Publish the site on TARGET as a new release and switch to it atomically.

    TARGET is {target_help}. The files go into TARGET/releases/<UTC time>/; once all are there, one rename points
    TARGET/current at it, so every request is answered from the old release or the new one, never a mixture.
    Serve TARGET/current (nginx: `root TARGET/current;` with the generated _hosting/nginx/server.conf).
    `alumni-stories rollback TARGET` goes back one release.
    """
    try:
        where = Target.parse(target, ssh)
        if site_dir is not None:
            problem = built_site_problem(site_dir)
            if problem:
                raise ReleaseError(problem)
            done = releases.deploy(where, site_dir, keep, reload, _note)
        else:
            with tempfile.TemporaryDirectory(prefix="alumni-stories-publish-") as folder:
                click.echo(f"Building the site from {root} (strict)...")
                publishing_build(root, Path(folder) / "site", site_url)
                done = releases.deploy(where, Path(folder) / "site", keep, reload, _note)
    except ReleaseError as error:
        click.echo(f"deploy: {error}", err=True)
        return 1
    click.echo(f"Deployed release {done.name} to {where}" + (f" (previous: {done.previous})" if done.previous else ""))
    if done.removed:
        click.echo(f"Removed old releases: {', '.join(done.removed)}")
    return 0


deploy_command.help = deploy_command.help.replace("{target_help}", TARGET_HELP)


@click.command("rollback")
@_target
@click.option("--to", "to", metavar="RELEASE", help="the release to go back to (default: the one before current)")
@_reload
@_ssh
def rollback_command(target: str, to: str | None, reload: str | None, ssh: str, root: Path) -> int:
    """Serve the previous release on TARGET again (one atomic switch, nothing is uploaded or deleted)."""
    try:
        where = Target.parse(target, ssh)
        before, after = releases.rollback(where, to, reload, _note)
    except ReleaseError as error:
        click.echo(f"rollback: {error}", err=True)
        return 1
    click.echo(f"{where} now serves release {after} (was {before})")
    return 0


@click.command("releases")
@_target
@_ssh
def releases_command(target: str, ssh: str, root: Path) -> int:
    """List the releases on TARGET, oldest first; the one being served is marked with *."""
    try:
        where = Target.parse(target, ssh)
        names, now = releases.releases(where), releases.current(where)
    except ReleaseError as error:
        click.echo(f"releases: {error}", err=True)
        return 1
    for name in names:
        click.echo(f"{'*' if name == now else ' '} {name}")
    return 0
