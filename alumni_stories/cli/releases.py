"""Releases on a server host: each deploy uploads the built site into a new folder, then one rename switches the
`current` link to it, so a reader's request is answered wholly from the old release or wholly from the new one.

    TARGET/releases/20261201T093012.123456Z/   one finished site per deploy (the newest few are kept)
    TARGET/current -> releases/<name>           what the web server serves (nginx: root TARGET/current;)

Every step is a short POSIX shell script run on the host: by `sh -c` when the target is a folder of this
machine, by `ssh HOST` when it is `[user@]host:/path` (the files travel as one tar stream). So the commands a
remote server runs are exactly the ones the tests run locally. The switch needs GNU `mv -T` (Debian, Ubuntu).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import socket
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from alumni_stories.outputs.hosting import FINGERPRINT_ERE, HOSTING_DIR

RELEASE_NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
REQUIRED = ("index.html", "404.html", f"{HOSTING_DIR}/nginx/server.conf")
LOCK = ".deploy-lock"
LOCK_OWNER = "owner"  # in LOCK: host=... pid=... process-start=... since=...
CARRIED = f"{HOSTING_DIR}/carried.txt"  # in a release: the fingerprinted files it kept from the one before


class ReleaseError(Exception):
    """A deploy or rollback that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Target:
    path: str
    host: str | None = None  # None: a folder on this machine
    ssh: str = "ssh"

    @classmethod
    def parse(cls, spec: str, ssh: str = "ssh") -> "Target":
        """`/srv/alumni` (this machine) or `[user@]host:/srv/alumni` (over ssh)."""
        match = re.match(r"^(?P<host>[^/:]+):(?P<path>/.*)$", spec)
        if match:
            return cls(match["path"].rstrip("/") or "/", match["host"], ssh)
        return cls(str(Path(spec).resolve()))

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def command(self, script: str) -> list[str]:
        return ["sh", "-c", script] if self.host is None else [*shlex.split(self.ssh), self.host, script]

    def run(self, script: str) -> str:
        result = subprocess.run(self.command("set -eu\n" + script), capture_output=True, text=True)
        if result.returncode != 0:
            raise ReleaseError(f"on {self}: {result.stderr.strip() or 'exit status ' + str(result.returncode)}")
        return result.stdout

    def q(self, *parts: str) -> str:
        return shlex.quote("/".join([self.path.rstrip("/"), *parts]))


def check_built_site(site_dir: Path) -> None:
    missing = [name for name in REQUIRED if not (Path(site_dir) / name).is_file()]
    if missing:
        raise ReleaseError(f"{site_dir} is not a complete built site (no {', '.join(missing)}): build it with "
                           "`mkdocs build --strict`, or leave out --site to let the command build it")


def releases(target: Target) -> list[str]:
    listing = target.run(f"if [ -d {target.q('releases')} ]; then ls -1 {target.q('releases')}; fi")
    return sorted(name for name in listing.split() if RELEASE_NAME.match(name))


def current(target: Target) -> str | None:
    link = target.run(f"if [ -L {target.q('current')} ]; then readlink {target.q('current')}; fi").strip()
    return link.rsplit("/", 1)[-1] or None


def new_release_name(existing: list[str]) -> str:
    name = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    if existing and name <= existing[-1]:  # a clock set back: still sort after every release
        raise ReleaseError(f"the clock says {name}, before the newest release {existing[-1]}: fix the clock")
    return name


def _locked(target: Target, report=None):
    """Hold TARGET/.deploy-lock/ (mkdir is atomic) while a deploy or rollback runs. Its `owner` file names the
    machine, process id and process start of the command holding it: a lock left by a killed deploy (its machine
    is this one and that process is gone) is cleared, with a message through `report`, instead of blocking every
    later deploy. A lock held from another machine, or with no owner, is left to a person to judge."""
    class Lock:
        def __enter__(self):
            for _attempt in range(2):
                owner = target.run(
                    f"mkdir -p {target.q()}\nif mkdir {target.q(LOCK)} 2>/dev/null; then "
                    f"printf '%s\\n' {shlex.quote(_lock_owner())} > {target.q(LOCK, LOCK_OWNER)}; echo taken; "
                    f"else cat {target.q(LOCK, LOCK_OWNER)} 2>/dev/null || true; fi").strip()
                if owner == "taken":
                    return self
                why_stale = _stale(owner)
                if why_stale is None:
                    break
                # Removed only while it still names the dead process: a deploy that took the lock since is safe.
                target.run(f"if [ \"$(cat {target.q(LOCK, LOCK_OWNER)} 2>/dev/null)\" = {shlex.quote(owner)} ]; then "
                           f"rm -f {target.q(LOCK, LOCK_OWNER)} && rmdir {target.q(LOCK)}; fi")
                if report:
                    report(f"Cleared {target}/{LOCK}/, left by a deploy or rollback that is no longer running "
                           f"({why_stale}).")
            described = _describe(owner) if owner else "no owner recorded"
            raise ReleaseError(f"another deploy or rollback is running ({described}); if none is, remove "
                               f"{target}/{LOCK}/")

        def __exit__(self, *exc):
            target.run(f"rm -f {target.q(LOCK, LOCK_OWNER)}; rmdir {target.q(LOCK)}")

    return Lock()


def _process_start(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, from /proc), so a reused process id is not mistaken
    for the process that took the lock; "-" where /proc does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "-"


def _lock_owner() -> str:
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"host={socket.gethostname()} pid={os.getpid()} process-start={_process_start(os.getpid())} since={started}"


def _owner_fields(owner: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in owner.split() if "=" in part)


def _describe(owner: str) -> str:
    fields = _owner_fields(owner)
    return (f"process {fields.get('pid', '?')} on {fields.get('host', '?')}, "
            f"since {fields.get('since', 'an unknown time')}")


def _stale(owner: str) -> str | None:
    """Why the lock's owner is certainly gone, or None when it may still be running (or runs elsewhere)."""
    fields = _owner_fields(owner)
    if fields.get("host") != socket.gethostname() or not fields.get("pid", "").isdigit():
        return None
    pid = int(fields["pid"])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return f"{_describe(owner)}: that process has ended"
    except PermissionError:
        pass  # it exists, under another user
    recorded = fields.get("process-start", "-")
    if recorded != "-" and _process_start(pid) not in ("-", recorded):
        return f"{_describe(owner)}: that process has ended and its id is now another program's"
    return None


def _switch(target: Target, name: str) -> None:
    # ln makes the new link beside the old one; mv -T renames it over `current` in one rename(2): there is no
    # moment without a `current`, and no moment when it points at a half-written folder.
    temporary = f".current-{name}"
    target.run(f"cd {target.q()} && test -d releases/{name} && ln -sfn releases/{name} {temporary} && "
               f"mv -Tf {temporary} current")


def _upload(target: Target, site_dir: Path, incoming: str) -> None:
    process = subprocess.Popen(target.command(
        f"set -eu; rm -rf {target.q('releases', incoming)}; mkdir -p {target.q('releases', incoming)}; "
        f"tar -C {target.q('releases', incoming)} -xf -"), stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with tarfile.open(fileobj=process.stdin, mode="w|") as archive:
            for path in sorted(Path(site_dir).iterdir()):
                archive.add(path, arcname=path.name)
    finally:
        process.stdin.close()
        error = process.stderr.read().decode("utf-8", "replace")
        process.wait()
    if process.returncode != 0:
        raise ReleaseError(f"upload to {target} failed: {error.strip()}")


def _carry_fingerprinted(target: Target, previous: str, incoming: str) -> None:
    """Copy the previous release's fingerprinted files that the new one lacks (their names change with their
    content, so they cannot clash): a page loaded just before the switch still finds its scripts and styles.
    Only the previous release's own files travel (CARRIED lists the ones it carried itself), so old files do
    not pile up from release to release."""
    new = target.q("releases", incoming)
    target.run(f"cd {target.q('releases', previous)} && find . -type f -regextype posix-extended "
               f"-regex {shlex.quote(FINGERPRINT_ERE)} | {{ if [ -f {CARRIED} ]; then grep -vxF -f {CARRIED}; "
               f"else cat; fi; }} | while IFS= read -r file; do [ -e {new}/\"$file\" ] || "
               f"{{ cp -p --parents \"$file\" {new}/ && printf '%s\\n' \"$file\" >> {new}/{CARRIED}; }}; done")


@dataclass
class Deployed:
    name: str
    previous: str | None
    removed: list[str]


def deploy(target: Target, site_dir: Path, keep: int = 5, reload: str | None = None, report=None) -> Deployed:
    """Upload `site_dir` as a new release, switch to it, keep the `keep` newest releases (and the current one).
    `reload` runs on the host after the switch (nginx reads the new release's redirects only when reloaded).
    `report` receives notes for the person deploying (a stale lock cleared)."""
    if keep < 2:
        raise ReleaseError("--keep must be at least 2, or there is nothing to roll back to")
    check_built_site(site_dir)
    with _locked(target, report):
        existing = releases(target)
        previous = current(target)
        name = new_release_name(existing)
        incoming = f".incoming-{name}"
        target.run(f"mkdir -p {target.q('releases')} && cd {target.q('releases')} && rm -rf .incoming-*")
        _upload(target, site_dir, incoming)
        if previous:
            _carry_fingerprinted(target, previous, incoming)
        target.run(f"mv {target.q('releases', incoming)} {target.q('releases', name)}")
        _switch(target, name)
        if reload:
            target.run(reload)
        removed = _prune(target, keep)
    return Deployed(name, previous, removed)


def _prune(target: Target, keep: int) -> list[str]:
    names = releases(target)
    now = current(target)
    doomed = [name for name in names[:-keep] if name != now]
    if doomed:
        target.run(" && ".join(f"rm -rf {target.q('releases', name)}" for name in doomed))
    return doomed


def rollback(target: Target, to: str | None = None, reload: str | None = None, report=None) -> tuple[str, str]:
    """Switch `current` back to the release before it (or to `to`); returns (from, to)."""
    with _locked(target, report):
        names = releases(target)
        now = current(target)
        if to is None:
            earlier = [name for name in names if now is None or name < now]
            if not earlier:
                raise ReleaseError(f"there is no release before {now} on {target} (releases: {', '.join(names)})")
            to = earlier[-1]
        elif to not in names:
            raise ReleaseError(f"no release {to} on {target}; there are: {', '.join(names) or 'none'}")
        _switch(target, to)
        if reload:
            target.run(reload)
    return now, to
