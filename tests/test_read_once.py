"""One `mkdocs build` of the FICTIONAL test site reads each story file once, parses its front matter once, renders
and sanitizes each body once (issue 23: the story page shows the loader's render; MkDocs renders no body), only
the store (alumni_stories/store.py) writes under .cache/, and what the build did not use is pruned from it.

The build runs in this process (mkdocs.commands.build.build with a loaded config, as `mkdocs build` calls it), so
every open of a file, every call of the Markdown renderer and the sanitizer, and every file-system change can be
seen, with the code that made it.
"""
from __future__ import annotations

import builtins
import collections
import hashlib
import io
import os
import shutil
import sys

import markdown
from conftest import ROOT
from fictional_site import fictional_project

from alumni_stories.build.pipeline import PIPELINES
from alumni_stories.content import frontmatter, safe_html, sources


class CacheWrites:
    """Every change under `cache` (opened for writing, created, renamed, linked, removed), with the module of the
    project that made it: the innermost frame in alumni_stories/ or hooks/ (the standard library's are skipped)."""

    def __init__(self, monkeypatch, cache):
        self.cache, self.writers = str(cache), collections.Counter()
        real_open = io.open

        def opened(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+"):
                self.seen(file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", opened)
        monkeypatch.setattr(io, "open", opened)
        real_os_open = os.open

        def os_opened(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                self.seen(path)
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", os_opened)
        for module, name, argument in ((os, "replace", 1), (os, "rename", 1), (os, "link", 1), (os, "symlink", 1),
                                       (os, "unlink", 0), (os, "remove", 0), (os, "rmdir", 0), (os, "mkdir", 0),
                                       (shutil, "rmtree", 0)):
            monkeypatch.setattr(module, name, self.watching(getattr(module, name), argument))

    def watching(self, function, argument):
        def watched(*args, **kwargs):
            self.seen(args[argument] if len(args) > argument else next(iter(kwargs.values())))
            return function(*args, **kwargs)
        return watched

    def seen(self, path):
        if isinstance(path, int) or not str(os.fspath(path)).startswith(self.cache):  # an int: an open descriptor
            return
        frame = sys._getframe(2)
        while frame is not None and not frame.f_code.co_filename.startswith((str(ROOT / "alumni_stories"),
                                                                            str(ROOT / "hooks"))):
            frame = frame.f_back
        self.writers[frame.f_code.co_filename[len(str(ROOT)) + 1:] if frame else "?"] += 1


def test_one_build_reads_parses_renders_and_sanitizes_each_story_once(tmp_path, monkeypatch):
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    project = fictional_project(tmp_path / "project")
    shutil.rmtree(project / ".cache" / "content", ignore_errors=True)  # nothing checked before: the loader reads all
    story_files = sorted((project / "stories").glob("*.md"))
    assert len(story_files) >= 6
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("ALUMNI_STORIES_WORKERS", "1")
    monkeypatch.chdir(project)
    stale = [project / ".cache" / "share-images" / "left-by-an-old-build.en.000000000000.png",
             project / ".cache" / "portraits" / "left-by-an-old-build-400x500.jpg"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"an entry no build uses any more")
    sources._read.clear()  # a new process would remember nothing
    safe_html._checked.clear()
    safe_html._rendered.clear()
    frontmatter._split.clear()

    opened = collections.Counter()

    def counting_open(file, *args, **kwargs):
        if str(file).startswith(str(project / "stories")) and str(file).endswith(".md"):
            opened[os.path.basename(str(file))] += 1
        return real_open(file, *args, **kwargs)

    engine_renders = collections.Counter()
    real_convert = markdown.Markdown.convert

    def counting_convert(self, source):
        engine_renders[hashlib.sha256(source.strip().encode()).hexdigest()] += 1
        return real_convert(self, source)

    writes = CacheWrites(monkeypatch, project / ".cache")
    monkeypatch.setattr(io, "open", counting_open)  # counting, then CacheWrites' check, then the real open
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(markdown.Markdown, "convert", counting_convert)
    core_renders = collections.Counter()
    real_render = safe_html.render
    monkeypatch.setattr(safe_html, "render", lambda body: core_renders.update([body.strip()]) or real_render(body))
    sanitized = collections.Counter()
    real_sanitize = safe_html.sanitize
    monkeypatch.setattr(safe_html, "sanitize", lambda html: sanitized.update([html]) or real_sanitize(html))
    parsed = collections.Counter()
    real_split = frontmatter._split_document
    monkeypatch.setattr(frontmatter, "_split_document",  # counted by body: each file's is its own
                        lambda text, path: parsed.update([text.split("\n---\n", 1)[-1].strip()])
                        or real_split(text, path))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
        PIPELINES.start("build", False)
    monkeypatch.undo()

    assert writes.writers and set(writes.writers) == {"alumni_stories/store.py"}, writes.writers
    assert not [path for path in stale if path.exists()], "what this build did not use is pruned"
    assert list((project / ".cache" / "share-images").rglob("*.png")), "what it used is kept"
    assert (tmp_path / "site" / "ja" / "stories").is_dir(), "the build finished and was swapped in"
    assert opened == {path.name: 1 for path in story_files}, "each story file is opened once, by one reader"
    # ... and its bytes are not held once the last reader is done: a build that publishes holds only what it
    # renders from (issue 27: 21 MiB at 2,000 alumni)
    assert not [name for name in sources._read if name.startswith(str(project / "stories"))]
    bodies = {path.name: path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip() for path in story_files}
    assert sanitized and max(sanitized.values()) == 1, "no HTML is sanitized twice (story bodies and docs/ pages)"
    firsts = [body.split("\n")[0] for body in bodies.values()]  # a body's first paragraph, as its HTML holds it
    assert all(sum(1 for html in sanitized if first in html) == 1 for first in firsts), \
        "each body sanitized once: the page the engine rendered is the very HTML the loader's check sanitized"
    assert [core_renders[body] for body in bodies.values()] == [1] * len(bodies), "the loader's check renders each once"
    # Rendered once: by the loader's check (before the site folder is touched); the engine renders no body for a
    # story page, which shows that HTML and its table of contents. Every person here is translated, so each body
    # is shown by one page.
    renders = [engine_renders[hashlib.sha256(body.encode()).hexdigest()] for body in bodies.values()]
    assert renders == [1] * len(bodies), renders
    # Parsed once: the front matter the loader read is the one the translation status reads.
    assert [parsed[body] for body in bodies.values()] == [1] * len(bodies), parsed
