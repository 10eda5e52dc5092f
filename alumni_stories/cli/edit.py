"""`alumni-stories edit`: the editing interface on this computer, offline, in one command.

Starts decap-server (Decap CMS's local backend: it reads and writes the project's files directly) behind its
lock (edit_lock.py: only the preview's own /admin/ page, with this session's token, may call it, and only for the
files the editors own), and the live preview (`mkdocs serve --dirty`), which writes /admin/ configured for that
backend. Once the preview answers, it prints the address to open, http://127.0.0.1:8000/admin/#token=...: the
token is in a fragment, which the browser never sends to the preview, and in no file the preview serves (any
program on this computer, of any user, can read those); cms/init.js takes it from the address. An editor opens
that address, saves, and the preview shows the story a second later. Both stop together.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click

from alumni_stories.cli.edit_lock import BACKEND_SCRIPT, LockedBackend, Lock

CMS_FOLDER = "cms"
SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
PORT_VARIABLE = "ALUMNI_STORIES_CMS_PORT"  # read by the build pipeline: the port written into config.yml


def ensure_cms_packages(root: Path) -> Path:
    """cms/node_modules as package-lock.json pins it (`npm ci` when missing); the decap-server script."""
    folder = Path(root) / CMS_FOLDER
    if not (folder / "package-lock.json").is_file():
        raise click.ClickException(f"{folder}/package-lock.json is missing: restore cms/ from version control")
    if not (Path(root) / BACKEND_SCRIPT).is_file():
        raise click.ClickException(f"{Path(root) / BACKEND_SCRIPT} is missing: restore cms/ from version control")
    if not (folder / SERVER).is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise click.ClickException("npm is missing: install Node.js and npm (scripts/serve.sh does it), then retry")
        click.echo(f"Installing the editing interface's packages (npm ci in {folder}) ...", err=True)
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
        if done.returncode != 0:
            raise click.ClickException("npm ci failed (see above): check the network to the npm registry, then retry")
    return folder / SERVER


def processes(root: Path, port: int, backend_port: int, host: str = "127.0.0.1") -> list[list[str]]:
    """The two commands `edit` runs, for tests and for --dry-run: decap-server on a private Unix socket (its
    folder is made at start), with the lock in this process on 127.0.0.1:BACKEND_PORT; the preview."""
    return [["node", str(Path(root) / BACKEND_SCRIPT), "SOCKET"],
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"{host}:{port}"]]


def editing_address(port: int, token: str) -> str:
    """The address to open: /admin/ with the session's token in the fragment (read by cms/init.js)."""
    return f"http://127.0.0.1:{port}/admin/#token={token}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:  # not listening yet, or an HTTP error (urllib's errors are OSErrors)
        return False


def _stop(signum, frame):
    raise KeyboardInterrupt


@click.command("edit")
@click.option("--port", default=8000, show_default=True, help="port of the preview and of /admin/")
@click.option("--backend-port", default=8081, show_default=True,
              help="port of the local backend (decap-server behind its lock)")
@click.option("--dry-run", is_flag=True, help="print the two commands and exit")
def command(port: int, backend_port: int, dry_run: bool, root: Path) -> int:
    """Edit stories and data in the browser, on this computer, offline.

    \b
    Starts the local backend (decap-server behind a lock: it answers only this preview's /admin/ opened from
    the address printed here, and writes only stories/, their pictures and the data files the schemas name)
    and the live preview; once the preview is ready, prints the address to open to edit,
    http://127.0.0.1:PORT/admin/#token=... (this session's key: keep it to yourself).
    http://127.0.0.1:PORT/ shows the site. Ctrl+C stops both.
    Run `alumni-stories check` before committing: it is the final word on what can be published.
    """
    root = Path(root).resolve()
    commands = processes(root, port, backend_port)
    if dry_run:
        for line in commands:
            click.echo(" ".join(line))
        return 0
    ensure_cms_packages(root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    lock = Lock.for_project(root, backend_port, port)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    signal.signal(signal.SIGTERM, _stop)
    backend = LockedBackend(lock, env=env)
    try:
        backend.start()
    except OSError as error:
        backend.stop()
        raise click.ClickException(f"127.0.0.1:{backend_port} cannot be used ({error.strerror or error}) "
                                   "-> stop what uses it, or choose another --backend-port") from None
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    # The token is not given to the preview: it reaches the browser only through the address printed below.
    preview_env = {**env, PORT_VARIABLE: str(backend_port)}
    preview = subprocess.Popen(commands[1], cwd=root, env=preview_env, start_new_session=True)
    click.echo(f"Starting the preview on http://127.0.0.1:{port}/ ... the address to open for editing follows "
               "once it is ready.", err=True)
    announced = False
    try:
        while backend.running() and preview.poll() is None:
            if not announced and _answers(f"http://127.0.0.1:{port}/admin/config.yml"):
                # Last, after the preview's own start-up lines, so it is the one the editor sees.
                click.echo("\nOpen this address to edit (it holds this session's key: keep it to yourself; "
                           "Ctrl+C stops):", err=True)
                click.echo(editing_address(port, lock.token))
                click.echo(f"The site: http://127.0.0.1:{port}/   The backend on 127.0.0.1:{backend_port} answers "
                           "only the editing page opened from that address; refusals are logged here.\n", err=True)
                announced = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # Ctrl+C, as in a terminal: `mkdocs serve` then stops its Pagefind run and removes its mkdocs_* folder
        # from the temporary folder (about 14 MB a session); SIGTERM and SIGKILL only if it does not stop.
        stopped_here = preview.poll() is None
        if stopped_here:
            os.killpg(preview.pid, signal.SIGINT)
        backend.stop()
        for stop in (signal.SIGTERM, signal.SIGKILL):
            try:
                preview.wait(timeout=15)
                break
            except subprocess.TimeoutExpired:
                os.killpg(preview.pid, stop)
        preview.wait()
    stopped = (0, -signal.SIGTERM, None)
    # Stopped by us, the preview ends with 0, or 1 when Ctrl+C came during a build (click's "Aborted!").
    preview_stopped = (0, 1, -signal.SIGINT, -signal.SIGTERM, -signal.SIGKILL) if stopped_here else (0,)
    backend_code = backend.process.returncode if backend.process is not None else None
    failed = preview.returncode not in preview_stopped or backend_code not in stopped
    return 1 if failed else 0
