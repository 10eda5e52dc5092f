"""What one save costs the preview, measured in one process: the rebuild `mkdocs serve --dirty` runs after a save.

`bench/serve_latency.py` times a save from the outside (write, then poll the page); this runs the very builder
MkDocs' `serve` runs (a fresh config from mkdocs.yml, then a dirty build), in this process, so the CPU time of each
rebuild can be read on a busy machine (the main thread's CPU time: the preview's background search runs in
another thread and in Pagefind's processes) and profiled with cProfile or py-spy. What it leaves out: the file
watcher's polling (MkDocs polls every 0.5 s, then waits 0.1 s for more changes) and serving the page.

    .venv/bin/python -m bench.preview_save --count 300                      # this project, 5 saves
    .venv/bin/python -m bench.preview_save --count 1000 --stock             # plain MkDocs + Material + i18n
    .venv/bin/python -m bench.preview_save --count 300 --cprofile /tmp/save.prof --top 40

The project is made once per N and kind under --work (bench/generate.py: fictional alumni; --stock: the same
stories as plain pages, `generate.write_baseline`, with `--stock-search` keeping Material's search plugin).
Each save appends a sentence to a story file (English, then Japanese), as bench/serve_latency.py does, and the
page is checked to hold it after the rebuild.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import logging
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import generate
from bench.serve_latency import edit, stock_project

ROOT = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


def project_for(work: Path, count: int, stock: bool, search: bool, code: Path = ROOT) -> tuple[Path, Path]:
    """(project folder, folder of the story files), made if missing."""
    name = f"save-n{count}" + ("-stock" if stock else "") + ("-search" if stock and search else "")
    project = (work / name / "project").resolve()
    if not (project / "mkdocs.yml").is_file():
        if stock:
            stock_project(project, count, search)
        else:
            generate.copy_project(project)
            generate.write_stories(project, count)
    if not stock:  # the code measured is `code`'s (this checkout's), whenever the project was made
        for folder in ("alumni_stories", "hooks"):
            shutil.rmtree(project / folder)
            shutil.copytree(code / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project, project / ("docs/stories" if stock else "stories")


class Phases:
    """The main thread's CPU time in each phase of a rebuild, each phase counted without the phases it calls (so
    the phases add up to the rebuild): MkDocs' steps, mkdocs-static-i18n's `reconfigure_files`, and the plugin
    events (this project's hooks, and mkdocs-static-i18n's other work) around them. Wraps the functions in this
    process only; a bench measurement, not the product."""

    def __init__(self):
        self.spent: dict = {}
        self._stack: list = []

    def wrap(self, owner, attribute: str, label: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)  # (its signature too: hooks/engine.py binds the arguments of what it wraps)
        def timed(*args, **kwargs):
            name = f"event {args[1] if len(args) > 1 else kwargs.get('event_name')}" if label == "event" else label
            self._stack.append(0.0)
            start = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.thread_time() - start
                inner = self._stack.pop()
                self.spent[name] = self.spent.get(name, 0.0) + elapsed - inner
                if self._stack:
                    self._stack[-1] += elapsed

        setattr(owner, attribute, timed)

    def install(self) -> None:
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.plugins import PluginCollection
        from mkdocs.structure.files import Files
        from mkdocs.theme import Theme

        for name, label in (("build", "build (the rest: its own loop, anchors)"),
                            ("get_files", "get_files (walk docs/)"), ("get_navigation", "get_navigation"), ("_populate_page", "_populate_page (read, Markdown)"),
                            ("_build_page", "_build_page (templates, write)"),
                            ("_build_theme_template", "theme templates (sitemap.xml, 404.html)")):
            self.wrap(mkdocs_build, name, label)
        self.wrap(Files, "add_files_from_theme", "Files.add_files_from_theme")
        self.wrap(Files, "copy_static_files", "Files.copy_static_files")
        self.wrap(Theme, "get_env", "Theme.get_env (Jinja2 environment)")
        self.wrap(PluginCollection, "run_event", "event")
        try:
            from mkdocs_static_i18n.reconfigure import ExtendedPlugin
        except ImportError:
            return
        self.wrap(ExtendedPlugin, "reconfigure_files", "i18n reconfigure_files")

    def take(self) -> dict:
        spent, self.spent = self.spent, {}
        return spent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300, help="fictional alumni (default 300)")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--stock", action="store_true", help="plain MkDocs + Material + mkdocs-static-i18n")
    parser.add_argument("--stock-search", action="store_true", help="with --stock: keep Material's search plugin")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose alumni_stories/ and hooks/ "
                        "are measured (default this one; another, such as the main branch's, for a before figure)")
    parser.add_argument("--cprofile", type=Path, help="write the saves' cProfile statistics here (not the first build)")
    parser.add_argument("--top", type=int, default=0, help="print this many functions by cumulative time")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between saves (the bench's 1 s)")
    parser.add_argument("--phases", action="store_true", help="print the CPU time of each phase of a rebuild "
                        "(median over the saves; the timing itself adds a little)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project, stories = project_for(args.work, args.count, args.stock, args.stock_search,
                                   args.code.resolve())
    os.chdir(project)
    sys.path.insert(0, str(project))  # the project copy's own core, as `mkdocs serve` in that folder imports it
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config():  # as mkdocs/commands/serve.py's builder: a fresh config at every rebuild
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = SERVE_URL
        return config

    sys.argv = ["mkdocs", "serve", "--dirty"]  # mkdocs-static-i18n reads it for its other languages' builds
    phases = Phases() if args.phases else None
    if phases:
        phases.install()
    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    started = time.perf_counter()
    mkdocs_build.build(config, serve_url=SERVE_URL, dirty=True)
    print(f"first build: {time.perf_counter() - started:.1f} s wall ({project}, N={args.count})", flush=True)
    profiler = cProfile.Profile() if args.cprofile or args.top else None
    slugs = [f"fictional-alumnus-{i:04d}" for i in (max(1, args.count // 2), args.count, 1)]
    rows, spent = [], []
    if phases:
        phases.take()
    try:
        for i in range(args.saves):
            time.sleep(args.pause)
            slug, language = slugs[i % len(slugs)], ("en", "ja")[i % 2]
            token = f"saved-{uuid.uuid4().hex[:12]}"
            edit(stories / f"{slug}.{language}.md", token)
            wall, cpu = time.perf_counter(), time.thread_time()
            if profiler:
                profiler.enable()
            loaded = time.thread_time()
            fresh = get_config()
            loaded = time.thread_time() - loaded
            mkdocs_build.build(fresh, serve_url=SERVE_URL, dirty=True)
            if profiler:
                profiler.disable()
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            if phases:
                spent.append({"load_config (a fresh config, as serve's builder)": loaded, **phases.take()})
            page = Path(site_dir, *(() if language == "en" else ("ja",)), "stories", slug, "index.html")
            shown = token in page.read_text(encoding="utf-8")
            rows.append((f"{slug}.{language}.md", cpu, wall, shown))
            print(f"save {i + 1}: {slug}.{language}.md  {cpu:.2f} s CPU  {wall:.2f} s wall  "
                  f"{'page has the text' if shown else 'PAGE DOES NOT HAVE THE TEXT'}", flush=True)
    finally:
        config.plugins.on_shutdown()
    print(f"median of {len(rows)} saves: {statistics.median(r[1] for r in rows):.2f} s CPU, "
          f"{statistics.median(r[2] for r in rows):.2f} s wall; load average {os.getloadavg()[0]:.2f}")
    if spent:
        names = sorted({name for row in spent for name in row}, key=lambda n: -statistics.median(
            row.get(n, 0.0) for row in spent))
        print("CPU s per save by phase (median over the saves; each without the phases it calls):")
        for name in names:
            print(f"  {statistics.median(row.get(name, 0.0) for row in spent):6.3f}  {name}")
    if profiler:
        stats = pstats.Stats(profiler)
        if args.cprofile:
            stats.dump_stats(args.cprofile)
        if args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
