"""Preview latency: with `mkdocs serve` on N fictional alumni, how long from saving a story to the new page.

It copies the project with N synthetic, FICTIONAL alumni (bench/generate.py) into a work directory,
starts `mkdocs serve` there (one run per --modes entry: "full" is plain `mkdocs serve`, "dirty" is
`mkdocs serve --dirty`), waits until the site answers, then edits story files one at a time (an English
file, then a Japanese one, alternately) and polls the edited story's URL until the served page has
the new sentence. The time from the write to the first page with the new text is one measurement.

    .venv/bin/python -m bench.serve_latency                     # N=1000, modes full and dirty, 4 edits each
    .venv/bin/python -m bench.serve_latency --count 200 --edits 2 --modes full
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from bench import generate

TARGET_SECONDS = 1.0  # issue 17: a saved story shows in the preview in under 1 s at N = 2,000
MODES = {"full": [], "dirty": ["--dirty"]}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_until(predicate, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until predicate() is true, or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def edit(path: Path, token: str) -> None:
    """Add a sentence carrying `token` to the end of the story's body, as an editor saving the file would."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\nEdited for the latency benchmark: {token}.\n", encoding="utf-8")


def stock_project(project: Path, count: int, search: bool = False) -> Path:
    """The stock stack (MkDocs + Material + mkdocs-static-i18n, no hooks) with the same fictional alumni as plain
    pages, docs/stories/<slug>.<language>.md (bench/generate.py's baseline, which bench/run.py compares with);
    without Material's search plugin unless `search` (the project's own site has none: its search is Pagefind's)."""
    generate.write_baseline(project, count)
    if not search:
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = [plugin for plugin in config["plugins"] if plugin != "search"]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return project


def measure_mode(project: Path, mode: str, edits: int, slugs: list[str], startup_timeout: float,
                 stories: str = "stories", ready: str = "stories/") -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_file = project.parent / f"serve-{mode}.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *MODES[mode]]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log(f"[{mode}] starting: {' '.join(command[2:])} (log: {log_file})")
    with open(log_file, "wb") as output:
        server = subprocess.Popen(command, cwd=project, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            started = wait_until(lambda: fetch(base + ready, timeout=5) is not None or server.poll() is not None,
                                 startup_timeout, interval=0.5)
            if started is None or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not start; see {log_file}")
            log(f"[{mode}] serving after {started:.1f} s (first build of both languages)")
            time.sleep(1.5)  # let the file watcher take its first snapshot
            results = []
            for i in range(edits):
                slug = slugs[i % len(slugs)]
                language = "en" if i % 2 == 0 else "ja"
                prefix = "" if language == "en" else "ja/"
                url = f"{base}{prefix}stories/{slug}/"
                token = f"latency-{uuid.uuid4().hex[:12]}"
                path = project / stories / f"{slug}.{language}.md"
                write_time = time.perf_counter()
                edit(path, token)
                seen = wait_until(lambda: token in (fetch(url) or ""), timeout=120)
                seconds = None if seen is None else time.perf_counter() - write_time
                state = f"{seconds:.2f} s" if seconds is not None else "not seen within 120 s"
                log(f"[{mode}] edit {i + 1}/{edits}: {path.name} -> /{prefix}stories/{slug}/ {state}")
                results.append({"file": path.name, "url": f"/{prefix}stories/{slug}/", "seconds": seconds})
                time.sleep(1.0)  # let any rebuild the edit caused settle before the next edit
            return {"mode": mode, "command": "mkdocs serve " + " ".join(MODES[mode]), "startup_s": started,
                    "edits": results}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def render(result: dict) -> str:
    lines = [f"# Preview latency, {dt.date.today().isoformat()} on {socket.gethostname()}", "",
             f"`bench/serve_latency.py`: `mkdocs serve` on "
             + (f"the stock stack ({result['stack']}: plain MkDocs + Material + mkdocs-static-i18n, no hooks)"
                if result.get("stack", "project") != "project" else "a copy of the project")
             + f" with N={result['count']} fictional "
             "alumni in both languages; each edit appends a sentence to one story file (English and Japanese "
             "alternately) and the script polls that story's URL until the served page contains it. "
             f"Target: under {TARGET_SECONDS:.0f} s. Load average at start {result['load_average']}.", "",
             "| mode | command | first build s | each edit s | median s | target met? |", "|---|---|---:|---|---:|---|"]
    for mode in result["modes"]:
        times = [e["seconds"] for e in mode["edits"]]
        each = ", ".join(f"{t:.2f}" if t is not None else "not seen" for t in times)
        if times and None not in times:
            median = statistics.median(times)
            verdict = f"{median:.2f} | {'met' if median < TARGET_SECONDS else 'not met'}"
        else:
            verdict = "– | not met"
        lines.append(f"| {mode['mode']} | `{mode['command'].strip()}` | {mode['startup_s']:.1f} | {each} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="number of fictional alumni (default 1000)")
    parser.add_argument("--edits", type=int, default=4, help="edits per mode (default 4)")
    parser.add_argument("--modes", default="full,dirty", help="comma-separated: full, dirty (default both)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--out", type=Path, default=None, help="write a Markdown report into this directory")
    parser.add_argument("--startup-timeout", type=float, default=900)
    parser.add_argument("--stock", action="store_true", help="the stock stack instead (plain MkDocs + Material + "
                        "mkdocs-static-i18n, no hooks, the same stories as docs/stories/ pages): the engine's floor")
    parser.add_argument("--stock-search", action="store_true", help="with --stock: keep Material's search plugin "
                        "(as bench/run.py's baseline has it)")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown mode(s) {', '.join(sorted(unknown))}; use {', '.join(MODES)}")

    result = {"count": args.count, "load_average": [round(x, 2) for x in os.getloadavg()], "modes": [],
              "stack": ("stock, with search" if args.stock_search else "stock") if args.stock else "project"}
    slugs = [f"fictional-alumnus-{i:04d}" for i in (max(1, args.count // 2), args.count, 1)]
    for mode in modes:
        if args.stock:
            project = args.work.resolve() / f"serve-n{args.count}-stock" / "project"
            log(f"[{mode}] writing the stock project with {args.count} fictional alumni into {project}")
            stock_project(project, args.count, args.stock_search)  # fresh per mode, as below
            result["modes"].append(measure_mode(project, mode, args.edits, slugs, args.startup_timeout,
                                                stories="docs/stories", ready=""))
            continue
        project = args.work.resolve() / f"serve-n{args.count}" / "project"
        log(f"[{mode}] copying the project with {args.count} fictional alumni into {project}")
        generate.copy_project(project)  # a fresh copy per mode: edits from the previous mode are gone
        generate.write_stories(project, args.count)
        result["modes"].append(measure_mode(project, mode, args.edits, slugs, args.startup_timeout))
    report = render(result)
    print(report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        stem = f"{dt.date.today().isoformat()}-{socket.gethostname()}-serve" + ("-stock" if args.stock else "")
        (args.out / f"{stem}.md").write_text(report, encoding="utf-8")
        (args.out / f"{stem}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        log(f"report: {args.out / (stem + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
