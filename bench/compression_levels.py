"""Precompression levels, by measured bytes against measured CPU (issue 27).

For a built site (`mkdocs build` output), compresses a fixed sample of its text files (every stylesheet and script,
and up to --pages pages chosen with a fixed seed) with Brotli at each quality and gzip at each level, and reports:
the CPU seconds per megabyte of input (one process, `time.process_time`), the ratio of the sample, the CPU the whole
site's text files would take at that rate, and what a reader downloads on a first load of the home and a story page
in both languages (the page and the stylesheets and scripts it names), compressed at that setting.

    .venv/bin/python -m bench.compression_levels bench/work/cold-n100/project/site --out bench/results
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import random
import re
import socket
import sys
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alumni_stories.outputs.precompress import COMPRESSIBLE, MIN_SIZE  # noqa: E402

SETTINGS = [("brotli", q) for q in (4, 5, 6, 7, 8, 9, 10, 11)] + [("gzip", level) for level in (6, 9)]
_NAMED = re.compile(r'(?:href|src)="([^"#?]+\.(?:css|js))"')


def compress(kind: str, level: int, data: bytes) -> bytes:
    return brotli.compress(data, quality=level) if kind == "brotli" else gzip.compress(data, compresslevel=level,
                                                                                       mtime=0)


def text_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE
                  and p.stat().st_size >= MIN_SIZE and "pagefind" not in p.parts)


def reader_set(site: Path) -> dict[str, list[Path]]:
    """Each first load: the page and the stylesheets and scripts its HTML names (search loads on first use)."""
    stories = sorted((site / "stories").glob("*/index.html"))
    story = stories[len(stories) // 2].parent.name
    loads = {}
    for name, page in (("home, en", site / "index.html"), ("home, ja", site / "ja" / "index.html"),
                       ("story, en", site / "stories" / story / "index.html"),
                       ("story, ja", site / "ja" / "stories" / story / "index.html")):
        html = page.read_text(encoding="utf-8")
        assets = [(page.parent / url).resolve() for url in _NAMED.findall(html) if "://" not in url]
        loads[name] = [page, *dict.fromkeys(a for a in assets if a.is_file())]
    return loads


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=60, help="pages in the sample (default 60)")
    parser.add_argument("--out", type=Path, default=None, help="write a Markdown report into this directory")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    files = text_files(site)
    total = sum(p.stat().st_size for p in files)
    assets = [p for p in files if p.suffix in (".css", ".js")]
    pages = [p for p in files if p.suffix == ".html"]
    sample = assets + random.Random(2019).sample(pages, min(args.pages, len(pages)))
    data = [p.read_bytes() for p in sample]
    sample_bytes = sum(len(d) for d in data)
    loads = reader_set(site)
    load_before = os.getloadavg()
    rows = []
    for kind, level in SETTINGS:
        start = time.process_time()
        size = sum(len(compress(kind, level, d)) for d in data)
        cpu = time.process_time() - start
        per_mb = cpu / (sample_bytes / 1e6)
        reader = {name: sum(len(compress(kind, level, p.read_bytes())) for p in paths) for name, paths in loads.items()}
        rows.append((kind, level, per_mb, size / sample_bytes, per_mb * total / 1e6, reader))
        print(f"{kind} {level}: {per_mb:.3f} CPU s/MB, ratio {size / sample_bytes:.3f}", flush=True)
    load_after = os.getloadavg()
    names = list(loads)
    lines = [f"# Precompression levels, {dt.date.today().isoformat()} on {socket.gethostname()}", "",
             f"`bench/compression_levels.py {args.site}`: {len(files)} text files, {total / 1e6:.1f} MB in all; the "
             f"sample is every stylesheet and script ({len(assets)}) and {len(sample) - len(assets)} pages "
             f"({sample_bytes / 1e6:.2f} MB). CPU is one process's (`time.process_time`), so the machine's load "
             f"(1-minute average {load_before[0]:.1f} before, {load_after[0]:.1f} after) changes it little. "
             "Reader columns: bytes of a first load (the page and the stylesheets and scripts it names; search loads "
             "on first use), compressed at that setting.", "",
             "| setting | CPU s per MB | ratio | CPU s for the whole site | " + " | ".join(f"{n} (bytes)" for n in names)
             + " |", "|---|---:|---:|---:|" + "---:|" * len(names)]
    for kind, level, per_mb, ratio, site_cpu, reader in rows:
        lines.append(f"| {kind} {level} | {per_mb:.3f} | {ratio:.3f} | {site_cpu:.1f} | "
                     + " | ".join(f"{reader[n]:,}" for n in names) + " |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"{dt.date.today().isoformat()}-{socket.gethostname()}-compression-levels.md"
        path.write_text(report, encoding="utf-8")
        print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
