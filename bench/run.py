"""Build-time benchmark: the project (cold, warm and after one edit) against the stock stack, in one run.

For each N in --sizes it generates N FICTIONAL alumni (bench/generate.py: bodies of 300 to 1,000 words, a
portrait for 30%, 5% untranslated) into (a) a copy of this project and (b) the stock stack: the same stories
as plain docs/stories/<slug>.<lang>.md pages of a plain MkDocs + Material + mkdocs-static-i18n project with
MkDocs' default navigation and no hooks. Each repeat builds, in turn: (a) cold (its caches, .cache/, deleted),
(b), (a) warm (nothing changed), (a) after editing one story. It reports medians of wall and CPU time, CPU
milliseconds per HTML page, the peak memory of the whole build process tree (pagefind and image workers
included), the machine's load before each build, the fixed cost (a warm build with one alumnus), the page
weight of a story page and the home page, a chart, and optionally a cProfile summary of one project build.

    .venv/bin/python -m bench.run                       # N = 100, 500, 2000; 3 runs each (long: see README)
    .venv/bin/python -m bench.run --sizes 100,500 --repeats 5
    .venv/bin/python -m bench.run --quick               # a tiny run that shows the tool works

Writes bench/results/<date>-<host>.md (the report), .json (every measurement) and .svg (the chart).
Measurements are saved after every build under --work; --resume reuses those taken with the same code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench import chart, generate, page_weight, profile_summary
from bench.sampling import run_sampled

PACKAGES = ["mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2",
            "MarkupSafe", "PyYAML", "jsonschema", "Babel", "playwright"]
TARGET_FLATNESS = 1.3
TARGET_STORY_KB = 80  # issue 13: a story page's first load, compressed, portrait excluded, at N = 2,000
TARGET_HOME_KB = 100  # issue 13: the home page's
TARGET_COLD_S, TARGET_WARM_S, TARGET_EDIT_EXTRA_S = 60, 12, 2  # at N = 2,000
TARGET_PEAK_MIB, TARGET_PEAK_GROWTH = 400, 1.5  # at N = 2,000; and against N = 500
TARGET_FIXED_S = 1.5
KINDS = ("a-cold", "b", "a-warm", "a-edit")  # the order of one repeat
LABELS = {"a-cold": "(a) cold", "a-warm": "(a) warm", "a-edit": "(a) one edit", "b": "(b) stock stack"}
EDITED_STORY = "fictional-alumnus-0001"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- measuring one build ------------------------------------------------------------------------

def timed_build(project: Path, site_dir: Path, log_file: Path) -> dict:
    """Wall and CPU time of one `mkdocs build` process, and the peak memory of its process tree.

    CPU time comes from wait4 (the process and every child it waited for: pagefind, image workers). Memory is
    the largest sum of the resident sets of the process and all its descendants, sampled every 50 ms with
    psutil (the RSS of the largest single process, wait4's ru_maxrss, is kept too).
    """
    import psutil

    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    load = _load()
    peak = {"tree": 0}

    def sample(root, children, _seconds):
        total = 0
        for member in [root, *children]:
            try:
                total += member.memory_info().rss
            except psutil.Error:
                pass  # ended between the listing and the reading
        peak["tree"] = max(peak["tree"], total)

    ran = run_sampled(command, project, env, log_file, sample)
    seconds, usage, text = ran["seconds"], ran["usage"], ran["text"]
    if ran["code"] != 0:
        raise SystemExit(f"build failed in {project} (exit {ran['code']}); log: {log_file}\n"
                         + "\n".join(text.splitlines()[-20:]))
    return {"seconds": seconds, "max_rss_mb": usage.ru_maxrss / 1024, "tree_rss_mib": peak["tree"] / 2**20,
            "user_s": usage.ru_utime, "system_s": usage.ru_stime, "load_before": load,
            "html_pages": sum(1 for _ in site_dir.rglob("*.html")),
            "warnings": sum(1 for line in text.splitlines() if line.startswith("WARNING"))}


def edit_one_story(project: Path, repeat: int) -> None:
    """What an editor does: one sentence added to one story's English text (a new sentence every repeat)."""
    path = project / "stories" / f"{EDITED_STORY}.en.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nA fictional sentence added by edit {repeat + 1}.\n",
                    encoding="utf-8")


def clear_caches(project: Path) -> None:
    import shutil

    shutil.rmtree(project / ".cache", ignore_errors=True)


# --- the machine and the code under test ------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    with _suppress():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with _suppress():
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"host": socket.gethostname(), "cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram,
            "os": platform.platform(), "python": platform.python_version(), "packages": versions,
            "load_average": _load()}


def _load():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


def code_signature(seed: int) -> str:
    """A hash of everything the project build reads except stories/: resumed runs must measure the same code."""
    digest = hashlib.sha256(f"seed={seed};python={sys.version}".encode())
    for folder, dirs, names in os.walk(ROOT):
        relative = Path(folder).relative_to(ROOT)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if d not in generate.NOT_COPIED and d != "stories"
                       and not d.startswith(("site.", "."))]
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            digest.update(str(relative / name).encode() + b"\0" + (Path(folder) / name).read_bytes())
    digest.update((ROOT / "bench" / "generate.py").read_bytes())
    return digest.hexdigest()[:16]


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


# --- the run ----------------------------------------------------------------------------------------

def prepare(work: Path, n: int, seed: int) -> tuple[Path, Path]:
    project, baseline = work / f"n{n}" / "project", work / f"n{n}" / "baseline"
    log(f"N={n}: generating {n} fictional alumni (x2 languages) into {project.parent}")
    generate.copy_project(project)
    generate.write_stories(project, n, seed)
    generate.write_baseline(baseline, n, seed, data_dir=project / "data")
    return project, baseline


def run(args) -> Path:
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    store_file = work / "measurements.json"
    signature = code_signature(args.seed)
    store = {"signature": signature, "runs": {}}
    if args.resume and store_file.is_file():
        saved = json.loads(store_file.read_text())
        if saved.get("signature") == signature:
            store = saved
            log(f"resuming: {len(store['runs'])} measurements reused from {store_file}")
        else:
            log("not resuming: the code changed since the saved measurements")
    commit = git_commit()  # now: the project copies below are made from the tree as it is at the start
    info = machine()
    log(f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB, load {info['load_average']}")
    if info["load_average"] and info["cores"] and info["load_average"][0] > 0.5 * info["cores"]:
        log("warning: the machine is busy; wall times will be noisy (the CPU-time table is less affected)")
    total_builds = len(args.sizes) * args.repeats * len(KINDS)
    done = sum(1 for key in store["runs"] if ":" in key and int(key.split(":")[1]) in args.sizes)
    started = time.perf_counter()

    projects = {}
    for n in args.sizes:
        project, baseline = prepare(work, n, args.seed)
        projects[n] = project
        for repeat in range(args.repeats):
            for kind in KINDS:
                key = f"{kind}:{n}:{repeat}"
                if key in store["runs"]:
                    continue
                folder = baseline if kind == "b" else project
                if kind == "a-cold":
                    clear_caches(project)
                elif kind == "a-edit":
                    edit_one_story(project, repeat)
                log(f"N={n} run {repeat + 1}/{args.repeats} {LABELS[kind]} ... ({done}/{total_builds} builds done)")
                side = "b" if kind == "b" else "a"
                result = timed_build(folder, folder.parent / f"site-{side}", folder.parent / f"build-{kind}.log")
                store["runs"][key] = result
                done += 1
                store_file.write_text(json.dumps(store, indent=1))
                elapsed = time.perf_counter() - started
                cpu = result["user_s"] + result["system_s"]
                log(f"    {result['seconds']:.2f} s wall, {cpu:.2f} s CPU, {result['html_pages']} HTML pages, "
                    f"{1000 * cpu / result['html_pages']:.2f} CPU ms/page, tree peak {result['tree_rss_mib']:.0f} MiB, "
                    f"load {result['load_before']}, {result['warnings']} warnings; {elapsed / 60:.1f} min elapsed")
        site_a = project.parent / "site-a"
        if not (site_a / "index.html").is_file():  # resumed with every build reused: build once for the pages
            timed_build(project, site_a, project.parent / "build-a.log")

    if "fixed" not in store["runs"] and not args.quick:
        log("fixed cost: a warm build with one alumnus")
        project, _baseline = prepare(work, 1, args.seed)
        timed_build(project, project.parent / "site-a", project.parent / "build-fixed-cold.log")
        store["runs"]["fixed"] = timed_build(project, project.parent / "site-a", project.parent / "build-fixed.log")
        store_file.write_text(json.dumps(store, indent=1))

    rows = summarise(store["runs"], args.sizes)
    fixed = store["runs"].get("fixed")
    largest = max(args.sizes)
    weights = {}
    for n in args.sizes:
        log(f"N={n}: page weight of the home page and a story page")
        weights[n] = page_weight.measure(projects[n].parent / "site-a", PAGES)

    profile = None
    if not args.no_profile:
        profile_n = args.profile_size or largest
        if profile_n not in projects:
            projects[profile_n], _ = prepare(work, profile_n, args.seed)
        log(f"N={profile_n}: profiling one project build under cProfile (slower than a normal build)")
        profile = profile_build(projects[profile_n], work, profile_n)

    info["load_average_end"] = _load()
    stem = f"{dt.date.today().isoformat()}-{info['host']}" + ("-quick" if args.quick else "")
    args.out.mkdir(parents=True, exist_ok=True)
    report = args.out / f"{stem}.md"
    svg = args.out / f"{stem}.svg"
    svg.write_text(chart.build_time_chart(rows), encoding="utf-8")
    raw = {"machine": info, "commit": commit, "signature": signature, "seed": args.seed,
           "repeats": args.repeats, "sizes": args.sizes, "runs": store["runs"], "summary": rows, "fixed": fixed,
           "page_weight": {str(n): w for n, w in weights.items()},
           "profile": profile, "minutes": (time.perf_counter() - started) / 60}
    (args.out / f"{stem}.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    report.write_text(render_report(raw, svg.name, args), encoding="utf-8")
    log(f"report: {report}")
    return report


PAGES = ["", "stories/fictional-alumnus-0001/", "ja/", "ja/stories/fictional-alumnus-0001/"]


def summarise(runs: dict, sizes: list[int]) -> list[dict]:
    """Medians per N and kind; row["a"] is the cold project build (the chart's line), row["b"] the stock stack."""
    rows = []
    for n in sizes:
        row = {"n": n}
        for kind in KINDS:
            taken = [value for key, value in runs.items() if key.startswith(f"{kind}:{n}:")]
            if not taken:
                continue
            seconds = statistics.median(r["seconds"] for r in taken)
            pages = taken[0]["html_pages"]
            cpu = statistics.median(r["user_s"] + r["system_s"] for r in taken)
            row[kind] = {"seconds": seconds, "runs": [round(r["seconds"], 2) for r in taken], "html_pages": pages,
                         "cpu_s": cpu, "cpu_ms_per_page": 1000 * cpu / pages, "ms_per_page": 1000 * seconds / pages,
                         "max_rss_mb": max(r["max_rss_mb"] for r in taken),
                         "tree_rss_mib": max(r.get("tree_rss_mib", 0) for r in taken),
                         "load_before": [r.get("load_before") for r in taken],
                         "warnings": max(r["warnings"] for r in taken)}
        if "a-cold" in row:
            row["a"] = row["a-cold"]
        if "a" in row and "b" in row:
            row["ratio"] = row["a"]["seconds"] / row["b"]["seconds"]
        rows.append(row)
    return rows


def profile_build(project: Path, work: Path, n: int) -> dict:
    prof = work / f"n{n}" / "project-build.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build",
               "--site-dir", str(work / f"n{n}" / "site-profile")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        log(f"profiled build failed: {result.stderr[-2000:]}")
        return None
    total, phases = profile_summary.phases(prof)
    strip = (str(project.resolve()), str(project))
    return {"n": n, "file": str(prof), "total_s": total, "phases": phases,
            "packages": profile_summary.packages(prof),
            "top": profile_summary.top_functions(prof, 25, strip)}


# --- the report -------------------------------------------------------------------------------------

def _kb(value: int) -> str:
    return f"{value / 1024:.1f}"


def render_report(raw: dict, svg_name: str, args) -> str:
    m, rows = raw["machine"], raw["summary"]
    lines = [f"# Build benchmark, {dt.date.today().isoformat()} on {m['host']}", ""]
    if args.quick:
        lines += ["**Quick run** (`--quick`): a tiny N that shows the tool works; its figures mean nothing.", ""]
    lines += [
        "Produced by `bench/run.py`. (a) is this project with N synthetic, fictional alumni in English and",
        "Japanese (`bench/generate.py`: bodies of 300 to 1,000 words, a 1200 x 1500 portrait for 30%, 5% not",
        "translated); (b) is the stock stack: the same stories as plain `.en.md` / `.ja.md` pages of a plain MkDocs +",
        "Material + mkdocs-static-i18n project with the default navigation and no hooks, built in the same run.",
        "Each repeat builds (a) cold, (b), (a) warm, (a) after one edit, in turn, so a slow moment of the machine",
        "hits all alike; times are of the whole `mkdocs build` process (start-up included), both languages.", "",
        "## Machine", "",
        f"- CPU: {m['cpu']}, {m['cores']} logical cores; RAM {m['ram_gb']} GB; {m['os']}",
        f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- Load average (1, 5, 15 min) at start {m['load_average']}, at end {m.get('load_average_end')}"
        " (other work on the machine makes timings noisy)",
        f"- Code: commit {raw['commit']}, signature {raw['signature']}; seed {raw['seed']}; "
        f"{raw['repeats']} runs per build; whole run took {raw['minutes']:.1f} min", "",
        "## Build time", "",
        "Medians of the wall time and of the CPU time (user + system, the build and every child it waited for).",
        "Cold: the project's caches (`.cache/`) deleted first; warm: built again with nothing changed; one edit: "
        f"a sentence added to `stories/{EDITED_STORY}.en.md`. Peak memory: the largest sum of the resident "
        "memory of the build process and all its children at once. Load: the 1-minute load average before each "
        "build (2 cores: above 2, other work was competing for them).", "",
        "| N alumni | build | wall s | CPU s | HTML pages | CPU ms/page | peak MiB (tree) | wall vs (b) | CPU vs (b) "
        "| load before |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        b = row.get("b")
        for kind in KINDS:
            side = row.get(kind)
            if not side:
                continue
            vs = (f"{side['seconds'] / b['seconds']:.2f}", f"{side['cpu_s'] / b['cpu_s']:.2f}") if b else ("–", "–")
            loads = ", ".join(f"{x[0]:.1f}" for x in side["load_before"] if x)
            lines.append(f"| {row['n']} | {LABELS[kind]} | {side['seconds']:.2f} | {side['cpu_s']:.2f} | "
                         f"{side['html_pages']} | {side['cpu_ms_per_page']:.2f} | {side['tree_rss_mib']:.0f} | "
                         f"{vs[0]} | {vs[1]} | {loads} |")
    fixed = raw.get("fixed")
    if fixed:
        lines += ["", f"Fixed cost (a warm build with one alumnus: start-up, theme and plugin set-up, the hand-written "
                  f"pages, search and host files): {fixed['seconds']:.2f} s wall, "
                  f"{fixed['user_s'] + fixed['system_s']:.2f} s CPU, {fixed['html_pages']} HTML pages."]
    lines += ["", "Every run, wall seconds: " + "; ".join(
        f"N={row['n']}: " + ", ".join(f"{LABELS[k]} {row[k]['runs']}" for k in KINDS if k in row) for row in rows),
        "", f"![Build time and ms per page against N]({svg_name})", ""]
    warned = [row for row in rows if row.get("a", {}).get("warnings")]
    if warned:
        lines += ["Build warnings in (a): " + ", ".join(f"N={r['n']}: {r['a']['warnings']}" for r in warned)
                  + " (see bench/work/n*/build-a-*.log).", ""]

    lines += ["## Page weight (first load, portrait excluded)", "",
              f"Compressed = each response gzip-compressed at level {page_weight.GZIP_LEVEL}, summed.", "",
              "| N | page | requests | bytes (KB) | compressed (KB) | third-party requests |",
              "|---:|---|---:|---:|---:|---|"]
    method = None
    for n, pages in raw["page_weight"].items():
        for path, w in pages.items():
            method = w["method"]
            lines.append(f"| {n} | /{path} | {len(w['requests'])} | {_kb(w['bytes'])} | {_kb(w['gzip_bytes'])} | "
                         f"{', '.join(w['third_party']) or 'none'} |")
    lines += ["", f"Method: {method}.", ""]
    largest = str(max(raw["sizes"]))
    story = raw["page_weight"][largest]["stories/fictional-alumnus-0001/"]
    lines += [f"Requests of the English story page at N={largest}:", "", "| URL | status | bytes | compressed |",
              "|---|---:|---:|---:|"]
    lines += [f"| {url} | {status} | {size} | {gz} |" for url, status, size, gz in story["requests"]]

    lines += ["", "## Targets", "", "| target | measured | met? |", "|---|---|---|"]
    lines += _targets(raw)

    profile = raw.get("profile")
    if profile:
        lines += ["", f"## Profile: one project build at N={profile['n']} under cProfile", "",
                  f"Total {profile['total_s']:.2f} s under the profiler (cProfile roughly doubles the time of "
                  "Python-heavy code). File: `" + Path(profile["file"]).name + "` in the work directory.", "",
                  "### By phase (cumulative; phases nest, so they do not add up)", "",
                  "| phase | seconds | share | calls |", "|---|---:|---:|---:|"]
        lines += [f"| {label} | {s:.2f} | {100 * s / profile['total_s']:.0f}% | {calls} |"
                  for label, s, calls in profile["phases"]]
        lines += ["", "### By package (own time; adds up to the total)", "", "| package | seconds | share |",
                  "|---|---:|---:|"]
        lines += [f"| {label} | {s:.2f} | {100 * s / profile['total_s']:.0f}% |" for label, s in profile["packages"]]
        lines += ["", "### Top functions by cumulative time", "", "| function | cumulative s | own s | calls |",
                  "|---|---:|---:|---:|"]
        lines += [f"| `{name}` | {cum:.2f} | {own:.2f} | {calls} |" for name, cum, own, calls in profile["top"]]
    if args.notes and args.notes.is_file():
        lines += ["", args.notes.read_text(encoding="utf-8").strip()]
    profile_notes = ROOT / "bench" / "PROFILE.md"  # where the time went before issue 17's changes
    if profile_notes.is_file():
        lines += ["", profile_notes.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _targets(raw: dict) -> list[str]:
    rows = {row["n"]: row for row in raw["summary"]}
    out = []
    big = rows.get(2000, {})
    if all(k in big for k in ("a-cold", "a-warm", "a-edit")):
        cold, warm, edit = (big[k]["seconds"] for k in ("a-cold", "a-warm", "a-edit"))
        out.append(f"| cold build at N=2000 <= {TARGET_COLD_S} s | {cold:.1f} s | {_met(cold <= TARGET_COLD_S)} |")
        out.append(f"| warm build at N=2000 <= {TARGET_WARM_S} s | {warm:.1f} s | {_met(warm <= TARGET_WARM_S)} |")
        out.append(f"| one-edit build at N=2000 <= warm + {TARGET_EDIT_EXTRA_S} s | {edit:.1f} s (warm {warm:.1f} s) | "
                   f"{_met(edit <= warm + TARGET_EDIT_EXTRA_S)} |")
        peak = max(big[k]["tree_rss_mib"] for k in ("a-cold", "a-warm", "a-edit"))
        out.append(f"| peak memory at N=2000 <= {TARGET_PEAK_MIB} MiB | {peak:.0f} MiB | {_met(peak <= TARGET_PEAK_MIB)} |")
        if "a-cold" in rows.get(500, {}):
            small = max(rows[500][k]["tree_rss_mib"] for k in ("a-cold", "a-warm", "a-edit") if k in rows[500])
            out.append(f"| peak memory grows < 50% from N=500 to N=2000 | {small:.0f} -> {peak:.0f} MiB "
                       f"({peak / small:.2f}x) | {_met(peak < TARGET_PEAK_GROWTH * small)} |")
    else:
        out.append("| cold, warm, one-edit builds and memory at N=2000 | N=2000 not measured in this run | not measured |")
    fixed = raw.get("fixed")
    if fixed:
        fixed_cpu = fixed["user_s"] + fixed["system_s"]
        out.append(f"| fixed cost <= {TARGET_FIXED_S} s | {fixed['seconds']:.2f} s wall, {fixed_cpu:.2f} s CPU | "
                   f"{_met(fixed['seconds'] <= TARGET_FIXED_S)} |")
        if "a-warm" in big and "a-warm" in rows.get(100, {}):
            def per_page(side):
                return 1000 * (side["cpu_s"] - fixed_cpu) / (side["html_pages"] - fixed["html_pages"])
            growth = per_page(big["a-warm"]) / per_page(rows[100]["a-warm"])
            out.append(f"| warm CPU ms/page (fixed cost subtracted) at N=2000 within {TARGET_FLATNESS}x of N=100 | "
                       f"{per_page(big['a-warm']):.2f} / {per_page(rows[100]['a-warm']):.2f} = {growth:.2f}x | "
                       f"{_met(growth <= TARGET_FLATNESS)} |")
    largest = str(max(raw["sizes"]))
    story = max(raw["page_weight"][largest][p]["gzip_bytes"]
                for p in ("stories/fictional-alumnus-0001/", "ja/stories/fictional-alumnus-0001/"))
    home = max(raw["page_weight"][largest][p]["gzip_bytes"] for p in ("", "ja/"))
    for label, weight, limit in (("story page", story, TARGET_STORY_KB), ("home page", home, TARGET_HOME_KB)):
        out.append(f"| {label} first load <= {limit} KB ({limit},000 bytes) compressed, portrait excluded (at "
                   f"N={largest}; the heavier language) | {weight:,} bytes ({_kb(weight)} KiB) | "
                   f"{'met' if weight <= limit * 1000 else 'not met'} |")
    third = [u for pages in raw["page_weight"].values() for w in pages.values() for u in w["third_party"]]
    out.append(f"| no request to a third-party host | {len(third)} such requests | {'met' if not third else 'not met'} |")
    return out


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None, help="comma-separated numbers of alumni (default 100,500,2000)")
    parser.add_argument("--repeats", type=int, default=None, help="builds of each kind per N (default 3)")
    parser.add_argument("--quick", action="store_true", help="tiny run: N=3, one build of each kind")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work",
                        help="where project copies, build logs and measurements go (default bench/work/)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where the report goes")
    parser.add_argument("--resume", action="store_true", help="reuse measurements saved in --work by the same code")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile build")
    parser.add_argument("--profile-size", type=int, default=None, help="N of the profiled build (default: largest)")
    parser.add_argument("--notes", type=Path, default=ROOT / "bench" / "NOTES.md",
                        help="Markdown appended to the report (default bench/NOTES.md: what was changed and why)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args(argv)
    default_sizes, default_repeats = ("3", 1) if args.quick else ("100,500,2000", 3)
    args.sizes = [int(s) for s in (args.sizes or default_sizes).split(",") if s.strip()]
    args.repeats = args.repeats or default_repeats
    if any(n < 1 for n in args.sizes) or args.repeats < 1:
        parser.error("sizes and repeats must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        print("error: run this with the project's virtual environment: .venv/bin/python -m bench.run",
              file=sys.stderr)
        return 2
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
