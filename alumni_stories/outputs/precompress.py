"""Precompressed copies of the site's text files (page.html.gz, page.html.br beside page.html), so a server
sends the smallest form the reader's browser accepts without compressing on every request (nginx:
gzip_static, brotli_static).

Brotli at its best setting costs about a second per megabyte (gzip -9 a tenth of that), so the output is kept in
a cache folder keyed by the content's hash: an unchanged file (Material's bundle, most pages) is never
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

from alumni_stories.media import pool

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest", ".ico")
MIN_SIZE = 512  # below this, compression saves less than the headers it costs
BROTLI_QUALITY = 11


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


def precompress(site_dir: Path, cache_dir: Path | None = None) -> Compressed:
    site_dir = Path(site_dir)
    done = Compressed()
    used: set[str] = set()
    paths = [path for path in sorted(site_dir.rglob("*"))
             if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE]
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    if cache_dir is not None:
        # What the cache lacks (a cold build: every page) is compressed on every core first.
        missing = {digest: path for path, digest in digests.items()
                   if not (Path(cache_dir) / f"{digest}.br{BROTLI_QUALITY}").is_file()}
        pool.run_all(_fill_cache, [(path, digest, Path(cache_dir)) for digest, path in missing.items()])
    for path in paths:
        data = path.read_bytes()
        digest = digests[path]
        zipped = _cached(data, digest, "gz9", _gzip, cache_dir, used)
        squeezed = _cached(data, digest, f"br{BROTLI_QUALITY}", _brotli, cache_dir, used)
        done.files += 1
        done.original += len(data)
        if len(zipped) < len(data):
            Path(f"{path}.gz").write_bytes(zipped)
            done.gzip += len(zipped)
        if len(squeezed) < len(data):
            Path(f"{path}.br").write_bytes(squeezed)
            done.brotli += len(squeezed)
    if cache_dir is not None and Path(cache_dir).is_dir():
        for entry in Path(cache_dir).iterdir():
            if entry.name not in used and not entry.name.startswith("."):
                entry.unlink(missing_ok=True)
    return done


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


def _fill_cache(job) -> None:
    path, digest, cache_dir = job
    data = Path(path).read_bytes()
    _cached(data, digest, "gz9", _gzip, cache_dir, set())
    _cached(data, digest, f"br{BROTLI_QUALITY}", _brotli, cache_dir, set())


def _cached(data: bytes, digest: str, kind: str, compress, cache_dir: Path | None, used: set[str]) -> bytes:
    if cache_dir is None:
        return compress(data)
    name = f"{digest}.{kind}"
    used.add(name)
    cached = Path(cache_dir) / name
    if cached.is_file():
        return cached.read_bytes()
    compressed = compress(data)
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(f".{name}.{os.getpid()}")
    temporary.write_bytes(compressed)
    os.replace(temporary, cached)  # two builds sharing the cache never read half a file
    return compressed
