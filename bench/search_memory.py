"""Where a cold build's memory goes: the build process, Pagefind and the other children, each on its own.

Run on a project copy made by `bench/generate.py` (FICTIONAL alumni):

    python -m bench.search_memory bench/work/n2000 [--label after] [--json out.json]

It deletes the copy's caches and site, copies this checkout's code into it (alumni_stories/, hooks/, overrides/,
docs/assets/, mkdocs.yml: the copy builds with the code under test), runs one cold `mkdocs build`, and
samples every process of the build's tree every 50 ms with psutil: the peak of the whole tree's resident memory
(the figure issue 27 bounds), the peak of the build process alone, the peak of each Pagefind run (and of all those
running at one moment), and each Pagefind run's CPU time (user + system, its last sample before it ended: at most
50 ms short). CPU of the whole tree comes from wait4, as in `bench/run.py`. Not a timed test: a measurement to
write into `bench/results/`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from bench.sampling import run_sampled

ROOT = Path(__file__).resolve().parent.parent
CODE = ("alumni_stories", "hooks", "overrides", "docs/assets", "mkdocs.yml")


def sync_code(project: Path) -> None:
    for name in CODE:
        source, target = ROOT / name, project / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)


def measure(project: Path, log_file: Path) -> dict:
    """One cold build of `project`, sampled."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    site_dir = project / "site"
    shutil.rmtree(site_dir, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project)}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    result = sampled(command, project, env, log_file)
    result["html_pages"] = sum(1 for _ in site_dir.rglob("*.html"))
    return result


def measure_index(site: Path, code: Path, log_file: Path) -> dict:
    """The search index alone, as the build makes it (`build_search_index`, no kept index), over a copy of the
    built `site` (linked, without its bundle), with the search code of the checkout `code`."""
    copy = site.parent / f"{site.name}-index-only"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind", "*.gz", "*.br"))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(code)}
    command = [sys.executable, "-c", "import sys; from alumni_stories.outputs.search import build_search_index; "
               "print(build_search_index(sys.argv[1], ('en', 'ja')).summary())", str(copy)]
    try:
        return sampled(command, code, env, log_file)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def sampled(command: list, cwd: Path, env: dict, log_file: Path) -> dict:
    import psutil

    load = os.getloadavg()
    peaks = {"tree": 0, "build": 0, "pagefind_at_once": 0, "build_while_pagefind": 0, "others": 0}
    runs: dict = {}  # pid -> {"peak", "cpu", "start", "end", "args"}

    def sample(root, children, now):
        try:
            build = root.memory_info().rss
        except psutil.Error:
            return
        total, pagefind, others = build, 0, 0
        for member in children:
            try:
                rss = member.memory_info().rss
                name = member.name()
                cpu = member.cpu_times()
                args = member.cmdline()[1:] if member.pid not in runs else None
            except psutil.Error:  # ended (or a zombie) between the listing and the reading
                continue
            total += rss
            if "pagefind" in name:
                pagefind += rss
                run = runs.setdefault(member.pid, {"peak": 0, "start": now, "args": args})
                run["peak"] = max(run["peak"], rss)
                run["cpu"] = cpu.user + cpu.system
                run["end"] = now
            else:
                others += rss
        peaks["tree"] = max(peaks["tree"], total)
        peaks["build"] = max(peaks["build"], build)
        peaks["pagefind_at_once"] = max(peaks["pagefind_at_once"], pagefind)
        peaks["others"] = max(peaks["others"], others)
        if pagefind:
            peaks["build_while_pagefind"] = max(peaks["build_while_pagefind"], build)

    ran = run_sampled(command, cwd, env, log_file, sample)
    seconds, usage, text = ran["seconds"], ran["usage"], ran["text"]
    if ran["code"] != 0:
        raise SystemExit(f"build failed (exit {ran['code']}); log: {log_file}\n" + "\n".join(text.splitlines()[-20:]))
    mib = 2 ** 20
    return {
        "load_before": load, "load_after": os.getloadavg(), "wall_s": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_single_mib": usage.ru_maxrss / 1024,
        "tree_peak_mib": peaks["tree"] / mib, "build_peak_mib": peaks["build"] / mib,
        "build_while_pagefind_mib": peaks["build_while_pagefind"] / mib,
        "pagefind_at_once_mib": peaks["pagefind_at_once"] / mib, "other_children_peak_mib": peaks["others"] / mib,
        "pagefind_runs": [{"peak_mib": run["peak"] / mib, "cpu_s": run.get("cpu", 0.0),
                           "from_s": run["start"], "to_s": run["end"], "args": run["args"]}
                          for run in runs.values()],
        "log_tail": [line for line in text.splitlines() if "search index" in line],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a project copy made by bench/generate.py")
    parser.add_argument("--index-only", type=Path, metavar="CODE",
                        help="no build: index the copy's built site/ with the search code of the checkout CODE")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path, help="append the measurement to this JSON-lines file")
    parser.add_argument("--no-sync", action="store_true", help="build the copy's own code")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if not (project / "stories").is_dir() or project == ROOT:
        raise SystemExit(f"{project} is not a benchmark copy (bench/generate.py makes one)")
    alumni = len({p.name.split(".")[0] for p in (project / "stories").glob("*.md")})
    if args.index_only:
        result = {"label": args.label, "project": str(project), "alumni": alumni, "index_only": True,
                  **measure_index(project / "site", args.index_only.resolve(), project / "index.log")}
    else:
        if not args.no_sync:
            sync_code(project)
        result = {"label": args.label, "project": str(project), "alumni": alumni,
                  **measure(project, project / "build.log")}
    print(json.dumps(result, indent=1))
    if args.json:
        with args.json.open("a", encoding="utf-8") as out:
            out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
