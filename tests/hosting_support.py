"""nginx for the hosting tests: installed when missing (scripts/install-nginx.sh, as the test command does), run
on 127.0.0.1 on a free unprivileged port with its own prefix, logs and temporary folders, over the generated
configuration. Also the project with FICTIONAL renamed and withdrawn stories that the hosting tests serve."""
from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from conftest import ROOT, copy_project, fictional, run_build, story_text

from alumni_stories.outputs.host_config import nginx_standalone

MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_static_module.so"
RENAMED, FORMER, WITHDRAWN = "fictional-alumna", "fictional-former-name", "fictional-withdrawn"


def ensure_nginx() -> str:
    """The nginx executable; installs nginx and its Brotli module with apt-get when missing."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()) or not BROTLI_MODULE.exists():
        result = subprocess.run([str(ROOT / "scripts" / "install-nginx.sh")], capture_output=True, text=True,
                                timeout=900)
        assert result.returncode == 0, "could not install nginx: " + result.stderr
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(executable).exists() and BROTLI_MODULE.exists()
    return executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("nginx stopped: " + (log.read_text() if log.exists() else "(no log)"))
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nginx did not listen on {port}")


@contextlib.contextmanager
def nginx(root: Path, hosting_dir: Path, work: Path, tls: tuple[Path, Path] | None = None):
    """Serve `root` with the configuration in `hosting_dir`; yields {"http": base URL, "https": base URL|None}."""
    executable = ensure_nginx()
    work.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    listen = [f"127.0.0.1:{http_port}"]
    https_port = None
    if tls is not None:
        https_port = free_port()
        listen.append(f"127.0.0.1:{https_port} ssl")
    text = nginx_standalone(str(root), listen, str(work), str(hosting_dir), modules=[str(BROTLI_MODULE)],
                            tls=tls, user=getpass.getuser() if os.geteuid() == 0 else None)
    (work / "nginx.conf").write_text(text, encoding="utf-8")
    log = work / "error.log"
    process = subprocess.Popen([executable, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(log)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(http_port, process, log)
        if https_port:
            wait_for_port(https_port, process, log)
        yield {"http": f"http://127.0.0.1:{http_port}", "https": https_port and f"https://127.0.0.1:{https_port}",
               "log": log}
    finally:
        process.terminate()
        process.wait(timeout=20)
    # 404s are logged as [error] "open() ... failed"; anything graver means the configuration is wrong.
    grave = [line for line in log.read_text(encoding="utf-8").splitlines()
             if any(level in line for level in ("[warn]", "[crit]", "[alert]", "[emerg]"))]
    assert grave == [], grave


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def build_hosted_project(folder: Path) -> Path:
    """The real project plus a FICTIONAL story renamed from FORMER (an alias) and a FICTIONAL withdrawn one,
    built with --strict into folder/project/site."""
    project = copy_project(folder / "project")
    (project / "stories" / f"{RENAMED}.en.md").write_text(story_text(fictional("en", aliases=[FORMER])),
                                                         encoding="utf-8")
    (project / "stories" / f"{RENAMED}.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    (project / "stories" / f"{WITHDRAWN}.en.md").write_text(f"---\nslug: {WITHDRAWN}\nwithdrawn: true\n---\n",
                                                           encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project
