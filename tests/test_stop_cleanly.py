"""A preview (`mkdocs serve --dirty`, what scripts/serve.sh runs) and an editing session (`alumni-stories edit`)
stopped with Ctrl+C leave nothing behind (issue 25): no mkdocs_* folder in the temporary folder (MkDocs' serve
builds into one and removes it only when it shuts down properly: each `edit` stopped with Ctrl+C used to leave
14 MB there), and no process of the session, alive or zombie; while the preview runs, the Pagefind run started
after a build is reaped as soon as it ends (it used to stay a zombie until the next save).

Each runs on the fictional content with TMPDIR pointed at a fresh folder, so the test sees only its own files."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT
from fictional_site import fictional_project

pytestmark = pytest.mark.slow
START_SECONDS = 400  # bounds a first build on a busy machine; it ends as soon as the page answers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, seconds: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, f"stopped early ({process.returncode}) before {what}:\n{log.read_text()}"
        time.sleep(0.5)
    raise AssertionError(f"no {what} within {seconds} s:\n{log.read_text()}")


def session_processes(session: int) -> list[psutil.Process]:
    """Every process, alive or zombie, of the session `session` (the command was started as its leader)."""
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == session:
                found.append(process)
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return found


def zombies_below(pid: int) -> list[str]:
    try:
        return [f"{p.pid} {p.name()}" for p in psutil.Process(pid).children(recursive=True)
                if p.status() == psutil.STATUS_ZOMBIE]
    except psutil.Error:
        return []


@pytest.fixture
def project(tmp_path):
    root = fictional_project(tmp_path / "project")
    (root / "cms").mkdir(exist_ok=True)
    for path in (ROOT / "cms").iterdir():
        if path.is_file():
            shutil.copy2(path, root / "cms" / path.name)
    (root / "cms" / "node_modules").symlink_to(ROOT / "cms" / "node_modules")
    return root


def run_and_interrupt(command: list[str], project: Path, tmp_path: Path, port: int,
                      preexec_fn=None) -> tuple[Path, list, int]:
    """Start `command` as the leader of a session of its own with a fresh TMPDIR, wait until the preview answers
    and the search index is written, check that no zombie is left meanwhile, then press Ctrl+C (SIGINT to its
    process group, as a terminal does). Returns (the temporary folder, the session's processes left, exit status)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    log = tmp_path / "session.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=preexec_fn,
                                   env={**os.environ, "TMPDIR": str(temporary), "NO_MKDOCS_2_WARNING": "1",
                                        "PYTHONFAULTHANDLER": "1"})  # (SIGABRT: every thread's stack, below)
        try:
            wait_until(lambda: answers(f"http://127.0.0.1:{port}/"), START_SECONDS, "answer", process, log)
            served = lambda: list(temporary.glob("mkdocs_*/pagefind/pagefind-entry.json"))  # noqa: E731
            wait_until(lambda: bool(served()), 120, "search index", process, log)
            assert list(temporary.glob("mkdocs_*")), "the preview serves from the temporary folder given to it"
            # Pagefind ran in the background after the build; once it has ended, nothing is left unreaped.
            wait_until(lambda: not zombies_below(process.pid) and not [
                p for p in psutil.Process(process.pid).children(recursive=True) if "pagefind" in p.name().lower()],
                60, "end of the Pagefind run, reaped", process, log)
            with open(f"/proc/{process.pid}/status", encoding="ascii") as status:  # (for the message below)
                signals = " ".join(line.strip() for line in status if line.startswith(("SigBlk", "SigIgn")))
            os.killpg(process.pid, signal.SIGINT)
            try:
                code = process.wait(timeout=60)
            except subprocess.TimeoutExpired:  # say where it hangs: the fault handler writes every thread's stack
                process.send_signal(signal.SIGABRT)
                process.wait(timeout=30)
                pytest.fail(f"still running 60 s after Ctrl+C ({signals}); the end of its log, with every thread's "
                            "stack:\n"
                            + log.read_text(encoding="utf-8", errors="replace")[-12000:])
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    deadline = time.monotonic() + 10  # children that were signalled with it take a moment to be reaped
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return temporary, [f"{p.pid} {p.name()} {p.status()}" for p in session_processes(process.pid)], code


def test_a_preview_stopped_with_ctrl_c_leaves_no_folder_and_no_process(project, tmp_path):
    port = free_port()
    temporary, left, code = run_and_interrupt(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"], project, tmp_path, port)
    assert code == 0
    assert sorted(p.name for p in temporary.iterdir()) == [], "nothing left in the temporary folder"
    assert left == [], left


def test_an_editing_session_stopped_with_ctrl_c_leaves_no_folder_and_no_process(project, tmp_path):
    port, backend = free_port(), free_port()
    temporary, left, code = run_and_interrupt(
        [sys.executable, "-m", "alumni_stories", "edit", "--root", str(project), "--port", str(port),
         "--backend-port", str(backend)], project, tmp_path, port)
    assert code == 0
    assert not list(temporary.glob("mkdocs_*")), sorted(p.name for p in temporary.iterdir())
    assert left == [], left


def _started_with_ctrl_c_ignored_and_blocked():
    """What a script's background job (or a test runner's worker) may hand down: SIGINT ignored, or blocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def test_a_preview_started_with_ctrl_c_ignored_still_stops_on_it(project, tmp_path):
    """One clean-clone run of the suite left `mkdocs serve` waiting 60 s after SIGINT, its main thread idle in
    MkDocs' build loop, as if the signal never came: a process inherits SIGINT ignored or blocked, and Python
    leaves it so. The preview now restores both when it starts serving, as `alumni-stories edit` does."""
    port = free_port()
    temporary, left, code = run_and_interrupt(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"], project, tmp_path, port,
        preexec_fn=_started_with_ctrl_c_ignored_and_blocked)
    assert code == 0
    assert sorted(p.name for p in temporary.iterdir()) == [], "nothing left in the temporary folder"
    assert left == [], left
