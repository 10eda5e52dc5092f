"""Precompressed copies of the site's text files (page.html.gz, page.html.br beside page.html), so a server
sends the smallest form the reader's browser accepts without compressing on every request (nginx:
gzip_static, brotli_static).

Brotli at its best setting costs about a second per megabyte (gzip -9 a tenth of that), so the output is kept in
a cache folder keyed by the content's hash: an unchanged file (the theme's bundle, most pages) is never
compressed twice. Entries no
longer used by the last build are removed, so the cache does not grow with every edit.
"""
from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import brotli

from alumni_stories import store
from alumni_stories.media import pool
from alumni_stories.outputs import writing

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest", ".ico")
MIN_SIZE = 512  # below this, compression saves less than the headers it costs
BROTLI_QUALITY = 11  # what a reader's browser fetches from the site: its pages, stylesheets, scripts, feeds
# Files no reader of the site fetches take a lighter setting. Measured (bench/compression_levels.py, results in
# bench/results/): Brotli 11 costs about 1.6 s of CPU per MB of pages, and was half of a cold build's CPU; Brotli 8
# costs 0.05 s per MB and makes pages about 12% larger, Brotli 5 about 16%. Embed cards are fetched by partners'
# pages (one small card each), /admin/ by the editors (5 MB of Decap CMS, cached by their browsers).
LIGHTER = {"embed": 8, "admin": 5}


def brotli_quality(relative: str) -> int:
    """The Brotli setting of the site file `relative`: embed cards (embed/ and <language>/embed/) and /admin/ lighter."""
    parts = relative.split("/")
    folder = parts[1] if len(parts) > 2 and len(parts[0]) == 2 and parts[1] == "embed" else parts[0]
    return LIGHTER.get(folder, BROTLI_QUALITY) if len(parts) > 1 else BROTLI_QUALITY


@dataclass
class Compressed:
    files: int = 0
    original: int = 0
    gzip: int = 0
    brotli: int = 0

    def summary(self) -> str:
        ratio = lambda size: f"{size / self.original:.0%}" if self.original else "-"  # noqa: E731
        return (f"precompressed {self.files} files: {self.original // 1024} KB -> gzip {self.gzip // 1024} KB "
                f"({ratio(self.gzip)}), Brotli {self.brotli // 1024} KB ({ratio(self.brotli)})")


def precompress(site_dir: Path, cache_dir: Path | None = None, known: dict[str, str] | None = None) -> Compressed:
    """Compressed copies of the site's text files; `known`: {site path: sha256 of the file's bytes as they are now}
    where the caller knows it (the pages the incremental build kept): those are not read at all when the cache
    holds their copies (issue 27)."""
    site_dir = Path(site_dir)
    known = known or {}
    done = Compressed()
    used: set[str] = set()
    sizes = {site_dir / relative: os.stat(site_dir / relative).st_size for relative in writing.site_files(site_dir)
             if writing.suffix_of(relative) in COMPRESSIBLE}
    paths = [path for path, size in sizes.items() if size >= MIN_SIZE]
    digests = {path: known.get(path.relative_to(site_dir).as_posix()) or hashlib.sha256(path.read_bytes()).hexdigest()
               for path in paths}
    quality = {path: brotli_quality(path.relative_to(site_dir).as_posix()) for path in paths}
    if cache_dir is not None:
        # What the cache lacks (a cold build: every page) is compressed on every core first.
        missing = {(digest, quality[path]): path for path, digest in digests.items()
                   if not (Path(cache_dir) / f"{digest}.br{quality[path]}").is_file()}
        pool.run_all(_fill_cache, [(path, digest, Path(cache_dir), level)
                                   for (digest, level), path in missing.items()])
    for path in paths:
        digest = digests[path]
        done.files += 1
        done.original += sizes[path]
        done.gzip += _place(path, sizes[path], digest, "gz9", _gzip, cache_dir, used, Path(f"{path}.gz"))
        done.brotli += _place(path, sizes[path], digest, f"br{quality[path]}", _brotli_at(quality[path]), cache_dir,
                              used, Path(f"{path}.br"))
    if cache_dir is not None:
        store.prune(cache_dir, used)
    return done


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli_at(quality: int):
    return lambda data: brotli.compress(data, quality=quality)


def _place(source: Path, original: int, digest: str, kind: str, compress, cache_dir: Path | None, used: set[str],
           target: Path) -> int:
    """Write the compressed copy of the file `source` (`original` bytes) to `target` when it is smaller; its size, or
    0 when not written. The file is read only when its copy must be made (not in the cache).

    A cached copy is hard-linked, not copied: writing a new file costs far more than compressing was saved
    (some 650 files at every build, a third of a second), and a link is one call. The cache only ever replaces
    an entry (a new file renamed over it), never writes into one, and the target is unlinked before anything is
    written to it, so the site and the cache never change each other's bytes. Where links cannot be made
    (another file system), the bytes are copied."""
    entry = None if cache_dir is None else Path(cache_dir) / f"{digest}.{kind}"
    try:
        if entry is None:
            raise FileNotFoundError
        used.add(entry.name)
        size = entry.stat().st_size
    except FileNotFoundError:  # no cache, or an entry pruned meanwhile by another build: compress here
        compressed = _cached(source.read_bytes(), digest, kind, compress, cache_dir, used)
        entry, size = None, len(compressed)
    if size >= original:
        return 0
    if entry is not None:
        try:
            os.link(entry, target)  # a fresh build's folder has none: one call, no unlink first (issue 27)
            return size
        except FileExistsError:  # a --dirty build's old copy, maybe a link into the cache: replaced, not written
            target.unlink(missing_ok=True)
            try:
                os.link(entry, target)
                return size
            except OSError:
                pass
        except OSError:
            pass
        compressed = _cached(source.read_bytes(), digest, kind, compress, cache_dir, used)
    target.unlink(missing_ok=True)
    target.write_bytes(compressed)
    return size


def _fill_cache(job) -> None:
    path, digest, cache_dir, quality = job
    data = Path(path).read_bytes()
    _cached(data, digest, "gz9", _gzip, cache_dir, set())
    _cached(data, digest, f"br{quality}", _brotli_at(quality), cache_dir, set())


def _cached(data: bytes, digest: str, kind: str, compress, cache_dir: Path | None, used: set[str]) -> bytes:
    if cache_dir is None:
        return compress(data)
    name = f"{digest}.{kind}"
    used.add(name)
    cached = Path(cache_dir) / name
    if cached.is_file():
        return cached.read_bytes()
    compressed = compress(data)
    store.write(cached, compressed)
    return compressed
