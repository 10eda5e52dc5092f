"""A deploy killed midway leaves TARGET/.deploy-lock/ behind (issue 22). The lock names the machine, the process and
its start, so the next deploy recognises a lock whose process is gone, clears it with a message and goes on; a
lock whose process still runs, or that was taken on another machine, still refuses. No nginx needed: the
served site is test_deploy.py's business."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alumni_stories.cli import releases
from alumni_stories.cli.releases import LOCK, LOCK_OWNER, ReleaseError, Target

CLI = Path(sys.executable).with_name("alumni-stories")


def tiny_site(folder: Path) -> Path:
    for relative in releases.REQUIRED:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text("fictional\n", encoding="utf-8")
    # the address a publishing build writes into its sitemap: `deploy --site` refuses a preview build without it
    (folder / "sitemap.xml").write_text("<urlset><url><loc>https://alumni-stories.fictional-host.org/</loc></url>"
                                        "</urlset>\n", encoding="utf-8")
    return folder


def dead_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leave_lock(host: Path, owner: str) -> None:
    (host / LOCK).mkdir(parents=True)
    (host / LOCK / LOCK_OWNER).write_text(owner + "\n", encoding="utf-8")


def test_a_lock_left_by_a_dead_process_is_cleared_with_a_message(tmp_path):
    host = tmp_path / "host"
    leave_lock(host, f"host={socket.gethostname()} pid={dead_process_id()} process-start=1 since=2026-01-01T00:00:00Z")
    notes: list[str] = []
    done = releases.deploy(Target(str(host)), tiny_site(tmp_path / "site"), report=notes.append)
    assert releases.current(Target(str(host))) == done.name
    assert len(notes) == 1 and "Cleared" in notes[0] and "no longer running" in notes[0] and LOCK in notes[0]
    assert not (host / LOCK).exists(), "released after the deploy"


def test_a_deploy_killed_midway_does_not_block_the_next_one(tmp_path):
    """The real thing: a deploy process killed with SIGKILL while it holds the lock."""
    host = tmp_path / "host"
    site = tiny_site(tmp_path / "site")
    (site / "big.bin").write_bytes(os.urandom(1024) * 1024)
    slow_tar = tmp_path / "bin"
    slow_tar.mkdir()
    (slow_tar / "tar").write_text('#!/bin/sh\nsleep 30\n', encoding="utf-8")  # the upload hangs: killed while locked
    (slow_tar / "tar").chmod(0o755)
    env = {**os.environ, "PATH": f"{slow_tar}:{os.environ['PATH']}"}
    deploying = subprocess.Popen([str(CLI), "deploy", str(host), "--site", str(site)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while not (host / LOCK / LOCK_OWNER).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (host / LOCK / LOCK_OWNER).exists(), "the deploy took the lock"
    assert f"pid={deploying.pid}" in (host / LOCK / LOCK_OWNER).read_text()
    os.killpg(deploying.pid, signal.SIGKILL)
    deploying.wait(timeout=10)
    assert (host / LOCK).exists(), "a killed deploy leaves its lock"
    result = subprocess.run([str(CLI), "deploy", str(host), "--site", str(site)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Cleared" in result.stderr and f"process {deploying.pid}" in result.stderr
    assert (host / "current" / "big.bin").stat().st_size == 1024 * 1024


def test_a_lock_held_by_a_running_process_or_another_machine_still_refuses(tmp_path):
    host = tmp_path / "host"
    target = Target(str(host))
    site = tiny_site(tmp_path / "site")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            start = releases._process_start(running.pid)
            leave_lock(host, f"host={socket.gethostname()} pid={running.pid} process-start={start} since=x")
            with pytest.raises(ReleaseError, match=f"another deploy or rollback is running \\(process {running.pid}"):
                releases.deploy(target, site)
        finally:
            running.kill()
    (host / LOCK / LOCK_OWNER).write_text(f"host=fictional-other-machine.example pid={dead_process_id()} since=x\n")
    with pytest.raises(ReleaseError, match="fictional-other-machine.example"):
        releases.deploy(target, site)
    (host / LOCK / LOCK_OWNER).unlink()  # a lock with no owner (an older version's, or killed before writing it)
    with pytest.raises(ReleaseError, match="no owner recorded"):
        releases.rollback(target)
    assert releases.releases(target) == [] and (host / LOCK).is_dir(), "nothing changed, the lock left to a person"


def test_a_reused_process_id_is_not_taken_for_the_deploy_that_locked(tmp_path):
    host = tmp_path / "host"
    leave_lock(host, f"host={socket.gethostname()} pid={os.getpid()} process-start=1 since=2026-01-01T00:00:00Z")
    notes: list[str] = []
    releases.deploy(Target(str(host)), tiny_site(tmp_path / "site"), report=notes.append)
    assert notes and "its id is now another program's" in notes[0]
