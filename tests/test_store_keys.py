"""The store's one key rule (alumni_stories/store.py): every drawer's entries sit under ONE fingerprint of the
package modules and library versions the drawer declares, computed from their source bytes, so changing any
file of the package invalidates exactly the entries that depend on it, and the prune rule removes the rest.

The package is copied to a temporary folder and the store pointed at the copy (`store.PACKAGE`), so a module can
be changed (a comment appended) without touching the worktree; everything below reads the copy's bytes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alumni_stories import store
from alumni_stories.media import portraits
from alumni_stories.outputs import precompress
from alumni_stories.outputs.share_image import ShareCard, ShareImages, find_fonts

EDIT = b"\n# an edit that changes no behaviour, only the module's bytes\n"


@pytest.fixture
def package(tmp_path, monkeypatch):
    copy = tmp_path / "alumni_stories"
    shutil.copytree(store.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store, "PACKAGE", copy)
    return copy


def fingerprints() -> dict[str, str]:
    return {name: drawer.fingerprint() for name, drawer in store.DRAWERS.items()}


def test_every_drawer_declares_modules_that_exist():
    assert set(store.DRAWERS) == {"portraits", "share-images", "precompressed", "search", "purge", "content",
                                  "pages", "templates", "incremental", "map"}, "every cache the build keeps is a drawer"
    for drawer in store.DRAWERS.values():
        assert drawer.modules, drawer.name
        for pattern in drawer.modules:  # a module or a pattern of them: each names at least one file
            assert list(store.PACKAGE.glob(pattern)), f"{drawer.name}: {pattern}"
        assert all((store.PACKAGE / module).is_file() for module in drawer.files())
    everything = sorted(p.relative_to(store.PACKAGE).as_posix() for p in store.PACKAGE.rglob("*.py")
                        if "__pycache__" not in p.parts)
    assert store.DRAWERS["incremental"].files() == everything, "any module may decide a page: all declared"


def test_changing_any_module_of_the_package_invalidates_exactly_the_drawers_that_declare_it(package):
    before = fingerprints()
    modules = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py"))
    assert len(modules) > 20 and "media/portraits.py" in modules
    for module in modules:
        path = package / module
        original = path.read_bytes()
        path.write_bytes(original + EDIT)
        changed = {name for name, value in fingerprints().items() if value != before[name]}
        path.write_bytes(original)
        assert changed == {name for name, drawer in store.DRAWERS.items() if module in drawer.files()}, module
    assert fingerprints() == before, "the same bytes again: the same keys"


def test_a_library_version_invalidates_only_the_drawers_that_name_it(monkeypatch):
    before = fingerprints()
    monkeypatch.setattr(store, "_fingerprints", {})  # a library upgrade takes a new process: nothing remembered
    real = store.metadata.version
    monkeypatch.setattr(store.metadata, "version", lambda name: "0.0-other" if name == "pillow" else real(name))
    changed = {name for name, value in fingerprints().items() if value != before[name]}
    assert changed == {"portraits", "share-images", "content"}


def test_an_edited_module_misses_its_own_entries_keeps_the_others_and_prune_removes_the_stale(package, tmp_path):
    root = tmp_path / "project"
    entries = {}
    for name, drawer in store.DRAWERS.items():
        entry = drawer.folder(root) / f"entry-of-{name}"
        assert store.write(entry, name.encode())
        entries[name] = entry.name
    for edited, declared in store.DRAWERS.items():
        module = declared.files()[0]
        (package / module).write_bytes((package / module).read_bytes() + EDIT)
        for name, drawer in store.DRAWERS.items():
            found = (drawer.folder(root) / entries[name]).is_file()
            assert found == (module not in drawer.files()), (edited, module, name)
            assert (name != edited) or not found
        for name, drawer in store.DRAWERS.items():  # the next complete build used (and wrote) every entry again
            drawer.prune(root, {entries[name]})
            store.write(drawer.folder(root) / entries[name], name.encode())
        folders = {name: [p.name for p in store.folder(root, name).iterdir()] for name in store.DRAWERS}
        assert folders == {name: [drawer.fingerprint()] for name, drawer in store.DRAWERS.items()}, \
            "the prune rule: only the current code's folder is left in every drawer"


def test_the_drawers_users_follow_the_rule(package, tmp_path):
    """The real users: portrait names, share image names, precompressed entries; each changes with its own
    module and with no other."""
    source = portraits.PortraitSource(tmp_path / "fictional.jpg", 400, 500, "f" * 64)
    variant = portraits.variants(source)[0]
    card = ShareCard("fictional-alumna", "en", "Fictional Alumna", "Fictionland, batch 1", "“A fictional quote.”",
                     "Fictional site")
    fonts = find_fonts()
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<p>A fictional page, repeated.</p>\n" * 200, encoding="utf-8")
    root = tmp_path / "project"

    def state():
        cache = store.DRAWERS["precompressed"].folder(root)
        precompress.precompress(site, cache)
        return {"portraits": portraits.output_path("fictional-alumna", source, variant, "jpg"),
                "share-images": ShareImages(tmp_path / "unused", fonts).file_name(card),
                "precompressed": sorted(str(p.relative_to(root)) for p in cache.iterdir())}

    before = state()
    for edited in ("portraits", "share-images", "precompressed"):
        module = package / store.DRAWERS[edited].modules[0]
        original = module.read_bytes()
        module.write_bytes(original + EDIT)
        after = state()
        module.write_bytes(original)
        assert {name for name in before if after[name] != before[name]} == {edited}, edited
    assert state() == before


def test_the_other_caches_live_in_their_drawers_folders(package, tmp_path, monkeypatch):
    """The content results, the pages of phrase breaks, the compiled templates and the incremental record: each
    is kept in its drawer's folder, so a module its drawer declares moves it, and a module it does not, does not."""
    import jinja2

    from alumni_stories.content import persistent, schema, stories
    from alumni_stories.site import incremental, page_html, template_cache

    monkeypatch.delenv(store.DISABLE_VARIABLE, raising=False)
    root = tmp_path / "project"
    env = jinja2.Environment()

    def state():
        return {"content": stories._results_folder(root, schema.SCHEMA_DIR),
                "pages": page_html.finish_memo(root).folder,
                "templates": template_cache.use_folder(root, env),
                "incremental": incremental.record_path(root, tmp_path / "site").parent}

    before = state()
    for name, folder in before.items():
        assert folder.parent == store.folder(root, name), name
    assert before["content"] == persistent.DRAWER.folder(root, persistent.schema_digest(schema.SCHEMA_DIR))
    for module in ("content/schema.py", "site/typography.py", "site/template_cache.py", "media/portraits.py",
                   "outputs/search.py"):
        path = package / module
        original = path.read_bytes()
        path.write_bytes(original + EDIT)
        after = state()
        path.write_bytes(original)
        assert {name for name in before if after[name] != before[name]} == \
            {name for name in before if module in store.DRAWERS[name].files()}, module
    assert state() == before


def test_compiled_templates_a_build_did_not_use_go_after_it_rendered_every_page(tmp_path, monkeypatch):
    """A build that kept unchanged pages rendered only some templates: the entries of the others stay (the next
    render reads them). A build that rendered every page removes the entries it did not use (a deleted template)."""
    import jinja2

    from alumni_stories.site import template_cache

    monkeypatch.delenv(store.DISABLE_VARIABLE, raising=False)
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("kept.html", "rendered.html", "deleted.html"):
        (templates / name).write_text(f"<p>{{{{ '{name}' }}}}</p>", encoding="utf-8")

    def build(render, every_page_rendered):
        cache = template_cache.BytecodeCache()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache)
        cache.folder = template_cache.use_folder(tmp_path / "project", env)
        for name in render:
            env.get_template(name).render()
        cache.prune(every_page_rendered)
        return {path.name for path in cache.folder.iterdir()}

    def entry(name):
        return f"{template_cache.BytecodeCache().get_cache_key(name, str(templates / name))}.jinja"

    assert build(["kept.html", "rendered.html", "deleted.html"], True) == {entry("kept.html"), entry("rendered.html"),
                                                                          entry("deleted.html")}
    (templates / "deleted.html").unlink()
    assert build(["rendered.html"], False) == {entry(n) for n in ("kept.html", "rendered.html", "deleted.html")}
    assert build(["kept.html", "rendered.html"], True) == {entry("kept.html"), entry("rendered.html")}


def test_saving_the_checked_results_leaves_no_second_copy_in_the_texts_the_build_keeps(tmp_path, monkeypatch):
    """Pickling a text stores its UTF-8 form inside it for as long as it lives (CPython): saving the loader's results
    must not do that to the bodies the build goes on rendering (issue 27: every Japanese body twice, 19.5 MiB at
    2,000 alumni). sys.getsizeof counts that stored form. What is saved reads back equal."""
    import pickle
    import sys

    from alumni_stories.content import persistent

    monkeypatch.delenv(persistent.DISABLE_VARIABLE, raising=False)
    body = ("架空の修了生の本文です。ស្រីមុំ ສົມພອນ မြင့်မြင့် สมชาย Nguyễn 🌏🙏🏽" * 1_000) + "\n"  # FICTIONAL names
    data = {"name": "架空の修了生", "slug": "fictional-alumnus"}
    size = sys.getsizeof(body)
    folder = persistent.DRAWER.folder(tmp_path)  # .cache/content/<fingerprint>/, as the build opens it
    results = persistent.ResultStore(folder)
    results.begin()
    results.put("fictional-key", (data, body, [], None))
    results.save()
    assert sys.getsizeof(body) == size
    with open(folder / persistent.RESULTS, "rb") as handle:
        assert pickle.load(handle) == {"fictional-key": (data, body, [], None)}


def test_the_store_prunes_only_inside_a_cache_folder(tmp_path, monkeypatch):
    """A store opened on a folder of its own (not .cache/<drawer>/<fingerprint>/) once pruned that folder's parent:
    a test doing so emptied pytest's temporary folder of its worker, and the sites other tests were serving from
    it vanished mid-run. Pruning outside a .cache/ folder is refused, and nothing beside the folder is touched."""
    from alumni_stories.content import persistent

    monkeypatch.delenv(persistent.DISABLE_VARIABLE, raising=False)
    neighbour = tmp_path / "another-test" / "site"
    neighbour.mkdir(parents=True)
    (neighbour / "index.html").write_text("<p>A fictional page another test serves.</p>", encoding="utf-8")
    results = persistent.ResultStore(tmp_path / "store")
    results.begin()
    results.put("fictional-key", ({"name": "A fictional alumna"}, "A fictional body.\n", [], None))
    with pytest.raises(ValueError, match="only inside a .cache/ folder"):
        results.save()
    assert (neighbour / "index.html").is_file()
    with pytest.raises(ValueError):
        store.prune(tmp_path, set())
    assert (neighbour / "index.html").is_file()
    drawer = persistent.DRAWER.folder(tmp_path)
    (drawer.parent / "older-code").mkdir(parents=True)
    store.prune(drawer.parent, {drawer.name})
    assert not (drawer.parent / "older-code").exists() and (neighbour / "index.html").is_file()
