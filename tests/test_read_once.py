"""One `mkdocs build` of the FICTIONAL test site reads each story file once and sanitizes each body once.

The build runs in this process (mkdocs.commands.build.build with a loaded config, as `mkdocs build` calls it), so
every open of a file and every call of the Markdown renderer and the sanitizer can be counted.
"""
from __future__ import annotations

import builtins
import collections
import hashlib
import io
import os
import shutil

import markdown
from fictional_site import fictional_project

from alumni_stories.build.pipeline import PIPELINES
from alumni_stories.content import safe_html, sources


def test_one_build_opens_each_story_file_once_and_sanitizes_each_body_once(tmp_path, monkeypatch):
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    project = fictional_project(tmp_path / "project")
    shutil.rmtree(project / ".cache" / "content", ignore_errors=True)  # nothing checked before: the loader reads all
    story_files = sorted((project / "stories").glob("*.md"))
    assert len(story_files) >= 6
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("ALUMNI_STORIES_WORKERS", "1")
    monkeypatch.chdir(project)
    sources._read.clear()  # a new process would remember nothing
    safe_html._checked.clear()

    opened = collections.Counter()
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if str(file).startswith(str(project / "stories")) and str(file).endswith(".md"):
            opened[os.path.basename(str(file))] += 1
        return real_open(file, *args, **kwargs)

    engine_renders = collections.Counter()
    real_convert = markdown.Markdown.convert

    def counting_convert(self, source):
        engine_renders[hashlib.sha256(source.strip().encode()).hexdigest()] += 1
        return real_convert(self, source)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(markdown.Markdown, "convert", counting_convert)
    before = dict(safe_html.counts)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
        PIPELINES.start("build", False)
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_open)

    assert (tmp_path / "site" / "ja" / "stories").is_dir(), "the build finished and was swapped in"
    assert opened == {path.name: 1 for path in story_files}, "each story file is opened once, by one reader"
    bodies = {path.name: path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip() for path in story_files}
    assert safe_html.counts["sanitized"] - before["sanitized"] == len(set(bodies.values())), \
        "each body sanitized once: the page the engine rendered is the very HTML the loader's check sanitized"
    assert safe_html.counts["rendered"] - before["rendered"] == len(bodies), "the loader's check renders each once"
    # Rendered twice, not once: by the loader's check (above, before the site folder is touched) and by the engine
    # for its page, which needs its own render for the page's table of contents. Every person here is translated,
    # so each body is shown by one page.
    renders = [engine_renders[hashlib.sha256(body.encode()).hexdigest()] for body in bodies.values()]
    assert renders == [2] * len(bodies), renders
