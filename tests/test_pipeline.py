"""The build as one pipeline in the core (alumni_stories/build/), and one thin adapter to MkDocs (hooks/).

What the layout promises, checked on the code itself: the core never names the engine, the adapter stays a few
small files of one call per event with few priorities and no state of its own, and the two private MkDocs
functions the incremental build changes are still the ones it was written for.
"""
from __future__ import annotations

import ast
import inspect
import re

from conftest import ROOT
from pipeline_support import FakeEngine, load_adapter

from alumni_stories.build import pipeline as build

# The engine's names, its folders, and its theme's class and id names (Material's md-*, __drawer, __search).
ENGINE_NAMES = re.compile(r"mkdocs|material|static[_-]i18n|\boverrides/|\bhooks/|\.icons\b|(?<![\w.])md-[a-z]"
                          r"|__(?:drawer|search|config)\b", re.I)


def test_the_core_never_names_the_engine_its_folders_or_templates():
    # Imports are refused by import-linter (tests/test_layers.py); this reads the text, comments included. The
    # command line (cli/) is exempt: its commands run the engine (`mkdocs serve`, `mkdocs build`) by name.
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "alumni_stories").rglob("*.py")) if path.parts[-2] != "cli"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ENGINE_NAMES.search(line)]
    assert found == [], "\n".join(found)


def test_the_check_finds_an_engine_name(tmp_path):
    assert ENGINE_NAMES.search('SHARED = ("hooks/", "mkdocs.yml")') and ENGINE_NAMES.search("# Material's bundle")
    assert ENGINE_NAMES.search('re.compile(r"class=(md-ellipsis|one-line)")') and ENGINE_NAMES.search("__drawer")
    assert not ENGINE_NAMES.search("the site engine's configuration") and not ENGINE_NAMES.search("story.md-1")


def _adapter_sources() -> dict:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "hooks").glob("*.py"))}


def test_the_adapter_is_a_few_small_files():
    sources = _adapter_sources()
    lines = sum(len(text.splitlines()) for text in sources.values())
    assert len(sources) <= 4 and lines <= 300, f"hooks/: {len(sources)} files, {lines} lines"
    listed = re.findall(r"^\s+- (hooks/\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert listed == ["hooks/adapter.py"], "mkdocs.yml lists the adapter only"


def test_the_adapter_keeps_no_state_of_its_own():
    for name, text in _adapter_sources().items():
        tree = ast.parse(text)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal))], f"hooks/{name}: global"
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            mutable = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
                isinstance(value, ast.Call) and getattr(value.func, "id", None) in ("dict", "list", "set"))
            assert not mutable, f"hooks/{name}:{node.lineno}: a module-level dict, list or set"
        parked = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setattr"
                  and ast.unparse(n.args[0]) != "mkdocs_build"]  # the one patch of MkDocs' own functions
        parked += [t.lineno for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
                   if isinstance(t, ast.Attribute) and "config" in ast.unparse(t.value)
                   and t.attr not in ("site_dir", "site_url", "alternate")]  # MkDocs' own settings, on purpose
        assert not parked, f"hooks/{name}: state parked on MkDocs objects at lines {parked}"


def test_every_handler_is_one_call_and_priorities_are_few():
    adapter = load_adapter()
    handlers = [(name, method) for name in dir(adapter) if name.startswith("on_")
                for method in getattr(getattr(adapter, name), "methods", [getattr(adapter, name)])]
    assert len(handlers) >= 15
    priorities = {getattr(method, "mkdocs_priority", 0) for _name, method in handlers}
    assert len(priorities) <= 4 and priorities == {adapter.FIRST, 0, adapter.LAST}
    assert adapter.FIRST > 50 and adapter.LAST < -100, "around mkdocs-static-i18n's priorities (50, -100)"
    for name, method in handlers:
        calls = [n for n in ast.walk(ast.parse(inspect.getsource(method).lstrip()))
                 if isinstance(n, ast.Call) and (getattr(n.func, "id", "") == "_call"
                                                 or "PIPELINES" in ast.unparse(n.func))]
        assert len(calls) == 1, f"{name} ({method.__name__}) makes {len(calls)} calls into the pipeline"


def test_the_patched_mkdocs_functions_are_the_ones_it_was_written_for():
    # A MkDocs release that changes these fails here, loudly, instead of keeping pages it should render.
    from mkdocs.commands import build as mkdocs_build

    from hooks import engine

    for name, digest in engine.PATCHED:
        patched = getattr(mkdocs_build, name)
        original = patched.alumni_stories_original
        assert engine.source_digest(original) == digest, f"mkdocs.commands.build.{name} changed: check the patch"
        assert {"page", "dirty"} <= set(inspect.signature(original).parameters)
    # The private link checker the adapter calls for a story's links (hooks/engine.py `check_links`); what it
    # does is watched by tests/test_story_links.py (a lost link stops a strict build), its shape here.
    from mkdocs.structure.pages import _RelativePathTreeprocessor

    assert list(inspect.signature(_RelativePathTreeprocessor).parameters) == ["file", "files", "config"]
    assert list(inspect.signature(_RelativePathTreeprocessor.path_to_url).parameters) == ["self", "url"]
    load_adapter()  # as `mkdocs serve` does on every rebuild: patched once, not wrapped again
    assert all(not hasattr(getattr(mkdocs_build, name).alumni_stories_original, "alumni_stories_original")
               for name, _digest in engine.PATCHED)


def test_one_holder_outlives_the_adapter_and_the_command_is_one_value():
    first = load_adapter("adapter_first_load")
    first.on_startup(command="serve", dirty=True)
    try:
        pipeline = build.PIPELINES.pipeline(ROOT)
        load_adapter("adapter_second_load")  # `mkdocs serve` loads the adapter again for every rebuild
        assert build.PIPELINES.pipeline(ROOT) is pipeline, "the pipeline and its state survive a reload"
        assert pipeline.command == build.Command("serve", True) and pipeline.command.edit
        assert pipeline.command.preview and not pipeline.command.publishes
    finally:
        build.PIPELINES.start("build", False)
    assert build.PIPELINES.pipeline(ROOT).command.publishes


def test_phases_are_written_in_order_and_only_move_forward():
    source = inspect.getsource(build.Pipeline)
    positions = [source.index(f"# --- {phase}") for phase in ("configure", "read and validate", "plan", "render",
                                                              "outputs", "publish")]
    assert positions == sorted(positions)
    pipeline = build.Pipeline(ROOT, build.Command("build"))
    state = build.Build(token=object())
    pipeline._enter(state, "render")
    pipeline._enter(state, "plan")  # a later language pass plans its pages again: the build stays rendering
    assert state.phase == "render"
    engine = FakeEngine()
    pipeline.validate(engine)
    assert pipeline.build.phase == "validate" and pipeline.build.token is engine.token


def test_a_misspelt_field_of_a_typed_view_fails_the_template():
    import markupsafe
    import jinja2
    import pytest

    from alumni_stories.site import typed
    from alumni_stories.site.views import load_site

    assert typed.strict(), "the test suite renders with typed views checked (tests/conftest.py)"
    site = load_site(ROOT)
    view = site.story_view(site.stories[0], "en")
    assert isinstance(view, typed.StoryView) and view["slug"] == view.slug and view.get("nmae") is None
    env = jinja2.Environment(undefined=typed.StrictViewUndefined, autoescape=True)
    assert env.from_string("{{ story.display_name }}").render(story=view) == str(markupsafe.escape(view.display_name))
    with pytest.raises(jinja2.exceptions.UndefinedError, match="StoryView has no field 'nmae'"):
        env.from_string("{{ story.nmae }}").render(story=view)
    assert env.from_string("{{ theme.palette }}").render(theme={}) == "", "the theme's own optional values stay lenient"
    for kind in ("country", "batch", "track"):
        from alumni_stories.site import pages

        page = next(p for p in pages.plan_all(site) if p.kind == kind)
        context = pages.view(site, page, "ja")
        assert type(context[kind]).__name__ == f"{kind.capitalize()}View"
        with pytest.raises(jinja2.exceptions.UndefinedError):
            env.from_string("{{ page.nmae }}").render(page=context[kind])


def test_the_check_command_is_the_pipeline_run_as_check(monkeypatch, tmp_path):
    """`alumni-stories check` is one more value of the command: it runs the build pipeline's validation (the
    same function, called by `Pipeline.check`), and no engine."""
    from click.testing import CliRunner

    from alumni_stories.cli.main import cli
    from alumni_stories.outputs import validation

    calls = []
    real = validation.validate

    def spy(*args, **kwargs):
        calls.append(build.PIPELINES.command)
        return real(*args, **kwargs)

    monkeypatch.setattr(validation, "validate", spy)
    try:
        result = CliRunner().invoke(cli, ["check", "--root", str(ROOT)])
    finally:
        build.PIPELINES.start("build", False)
    assert calls == [build.Command("check")], result.output
    assert "No problems." in result.output
