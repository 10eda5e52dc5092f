"""The editing interface's form and the content contract agree: one contract, schema/, and a test that fails on drift.

The walk over the schemas here is written independently of the generator (alumni_stories/outputs/cms.py), so a
generator that forgot a field, or a hand edit of the form that added one, is caught.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from alumni_stories.outputs import cms
from tests.conftest import ROOT, copy_project

STORY_FILES = ("story.schema.json", "story-translation.schema.json")


def _documents(schema_dir: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir.glob("*.schema.json")}


def _resolve(node: dict, document: str, documents: dict) -> tuple[dict, str]:
    while isinstance(node, dict) and "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        document = target or document
        found = documents[document]
        for part in filter(None, pointer.split("/")):
            found = found[part]
        node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, document


def schema_paths(node: dict, document: str, documents: dict, prefix: tuple = ()) -> set[tuple]:
    """Every place a value can be written: ('period', 'start'), ('takeaways', '*'), ('*', 'name', 'en')..."""
    node, document = _resolve(node, document, documents)
    paths: set[tuple] = set()
    for name, sub in node.get("properties", {}).items():
        paths |= {prefix + (name,)} | schema_paths(sub, document, documents, prefix + (name,))
    for key in ("additionalProperties", "items"):
        if isinstance(node.get(key), dict):
            paths |= {prefix + ("*",)} | schema_paths(node[key], document, documents, prefix + ("*",))
    return paths


def form_paths(fields: list[dict], prefix: tuple = ()) -> set[tuple]:
    paths: set[tuple] = set()
    for field in fields:
        path = prefix + (field["name"],)
        paths.add(path)
        if field.get("widget") == "object":
            paths |= form_paths(field["fields"], path)
        elif field.get("widget") == "list" or field.get("multiple"):
            paths.add(path + ("*",))
            if "fields" in field:
                # A mapping's items carry their key in a field of their own (see cms._keyed): the key is the "*".
                # A batch's track name is shown, never written (cms.DISPLAY_ONLY; admin.js leaves it out).
                paths |= form_paths([f for f in field["fields"] if f["name"] != cms.KEY
                                     and f["name"] not in cms.DISPLAY_ONLY], path + ("*",))
            elif field.get("field", {}).get("widget") == "object":
                paths |= form_paths(field["field"]["fields"], path + ("*",))
    return paths


def _data_file_paths(file: dict) -> set[tuple]:
    """A data file's form holds its items in one list, `entries`: its items are the file's top-level items."""
    (entries,) = [f for f in file["fields"] if f["name"] == cms.ENTRIES] or [None]
    assert [f["name"] for f in file["fields"] if f["name"] != cms.ENTRIES] in ([], [cms.HEADER]) or entries is None
    if entries is None:
        return form_paths(file["fields"])
    return {path[1:] for path in form_paths([entries]) if len(path) > 1}


def disagreements(config: dict, documents: dict) -> list[str]:
    """What the form and the schemas disagree about, in words: empty when they agree."""
    problems = []
    collections = {c["name"]: c for c in config["collections"]}
    wanted = set().union(*(schema_paths(documents[name], name, documents) for name in STORY_FILES))
    wanted -= {(name,) for (collection, name) in cms.NOT_EDITED_FIELDS if collection == cms.STORIES}
    offered = form_paths(collections[cms.STORIES]["fields"]) - {(cms.BODY,)}
    problems += [f"stories: the schema's {'.'.join(p)} cannot be edited" for p in sorted(wanted - offered)]
    problems += [f"stories: the form's {'.'.join(p)} is unknown to the schema" for p in sorted(offered - wanted)]
    files = {c["name"]: c["files"][0] for c in config["collections"] if "files" in c and len(c["files"]) == 1}
    for file_name, schema in documents.items():
        stem = file_name.removesuffix(".schema.json")
        if file_name in STORY_FILES or stem in cms.NOT_EDITED_SCHEMAS:
            continue
        if stem not in files:
            problems.append(f"data/{stem}.yml: no page of the form edits it")
            continue
        wanted, offered = schema_paths(schema, file_name, documents), _data_file_paths(files[stem])
        problems += [f"{stem}: the schema's {'.'.join(p)} cannot be edited" for p in sorted(wanted - offered)]
        problems += [f"{stem}: the form's {'.'.join(p)} is unknown to the schema" for p in sorted(offered - wanted)]
    return problems


@pytest.fixture(scope="module")
def generated():
    return cms.generate(ROOT)


def test_every_schema_field_is_in_the_form_and_no_form_field_is_unknown(generated):
    config, _ = generated
    assert disagreements(config, _documents(ROOT / "schema")) == []


def test_the_agreement_check_sees_a_missing_and_an_unknown_field(generated):
    config = copy.deepcopy(generated[0])
    stories = next(c for c in config["collections"] if c["name"] == cms.STORIES)
    stories["fields"] = [f for f in stories["fields"] if f["name"] != "pull_quote"]
    stories["fields"].append({"name": "nickname", "label": "Nickname", "widget": "string"})
    found = disagreements(config, _documents(ROOT / "schema"))
    assert "stories: the schema's pull_quote cannot be edited" in found
    assert "stories: the form's nickname is unknown to the schema" in found


def test_a_field_added_to_a_schema_appears_in_the_form(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "schema" / "story.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["nickname"] = {"title": "Nickname", "description": "a fictional new field", "type": "string"}
    path.write_text(json.dumps(schema), encoding="utf-8")
    config, _ = cms.generate(project)
    stories = next(c for c in config["collections"] if c["name"] == cms.STORIES)
    field = next(f for f in stories["fields"] if f["name"] == "nickname")
    assert field["label"] == "Nickname" and field["hint"] == "a fictional new field" and field["required"] is False
    assert disagreements(config, _documents(project / "schema")) == []


def test_a_new_data_schema_becomes_a_page_of_the_form(tmp_path):
    """Generic over schema/*.schema.json: a mapping file and a list file, both fictional."""
    project = copy_project(tmp_path / "project")
    (project / "schema" / "fictional-places.schema.json").write_text(json.dumps({
        "$id": "https://alumni-stories.example/schema/fictional-places.schema.json", "title": "Fictional places",
        "type": "object", "propertyNames": {"type": "string", "pattern": "^[a-z]+$"},
        "additionalProperties": {"type": "object", "required": ["label"],
                                 "properties": {"label": {"type": "string"}, "since": {"type": "integer"}}}}))
    (project / "data" / "fictional-places.yml").write_text("atlantis: {label: Fictional Atlantis}\n")
    (project / "schema" / "fictional-events.schema.json").write_text(json.dumps({
        "$id": "https://alumni-stories.example/schema/fictional-events.schema.json", "title": "Fictional events",
        "type": "array", "items": {"type": "object", "required": ["when"],
                                   "properties": {"when": {"type": "string", "format": "date"}}}}))
    (project / "data" / "fictional-events.yml").write_text("- when: 2020-01-01\n")
    config, _ = cms.generate(project)
    formats = {c["name"]: c["format"] for c in config["collections"] if "files" in c}
    files = {c["name"]: c["files"][0] for c in config["collections"] if "files" in c}
    assert formats["fictional-places"] == "yaml-keyed"
    assert files["fictional-places"]["file"] == "data/fictional-places.yml"
    key, label, since = files["fictional-places"]["fields"][0]["fields"]
    assert (key["name"], key["pattern"][0]) == (cms.KEY, "^[a-z]+$")
    assert (label["name"], since["name"], since["widget"], since["required"]) == ("label", "since", "number", False)
    assert formats["fictional-events"] == "yaml-list"
    assert files["fictional-events"]["fields"][0]["fields"][0]["widget"] == "datetime"
    assert disagreements(config, _documents(project / "schema")) == []


def test_choices_come_from_data(generated):
    config, rules = generated
    fields = {f["name"]: f for f in next(c for c in config["collections"] if c["name"] == cms.STORIES)["fields"]}
    countries = yaml.safe_load((ROOT / "data" / "countries.yml").read_text(encoding="utf-8"))
    tracks = yaml.safe_load((ROOT / "data" / "tracks.yml").read_text(encoding="utf-8"))
    assert [o["value"] for o in fields["country"]["options"]] == list(countries)
    assert [o["value"] for o in fields["track"]["options"]] == list(tracks)
    batches = yaml.safe_load((ROOT / "data" / "batches.yml").read_text(encoding="utf-8"))
    assert sorted((t, n) for t, numbers in rules.batches.items() for n in numbers) == sorted(
        (b["track"], b["number"]) for b in batches)


def test_form_validation_follows_the_schema(generated):
    config, _ = generated
    schema = json.loads((ROOT / "schema" / "story.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in next(c for c in config["collections"] if c["name"] == cms.STORIES)["fields"]}
    assert fields["slug"]["pattern"][0] == schema["properties"]["slug"]["pattern"]
    assert (fields["batch"]["min"], fields["batch"]["max"]) == (schema["properties"]["batch"]["minimum"],
                                                                schema["properties"]["batch"]["maximum"])
    required = set(schema["required"]) | set(schema["else"]["required"])
    assert {name for name, f in fields.items() if f.get("required", True)} - {cms.BODY} == required
    assert fields["published"]["widget"] == "datetime" and fields["published"]["format"] == "YYYY-MM-DD"


def test_languages_side_by_side_facts_once(generated):
    """Facts the same in every language are edited once, in English; texts in both (Decap's i18n)."""
    config, _ = generated
    from alumni_stories.content.stories import NEUTRAL_FIELDS, NEUTRAL_NESTED

    stories = next(c for c in config["collections"] if c["name"] == cms.STORIES)
    assert config["i18n"]["structure"] == "multiple_files" and config["i18n"]["locales"] == ["en", "ja"]
    fields = {f["name"]: f for f in stories["fields"]}
    assert all(not fields[name].get("i18n") for name in NEUTRAL_FIELDS)
    assert all(fields[name].get("i18n") for name in ("name", "pull_quote", "author", "current_role", cms.BODY))
    for parent, child in NEUTRAL_NESTED:
        assert not next(f for f in fields[parent]["fields"] if f["name"] == child).get("i18n")
    photo = next(f for f in fields["portrait"]["fields"] if f["name"] == "file")
    # Photos go into stories/media/<slug>/ from the project's root (a new story has no path yet to be relative
    # to), named by their file name only, as the portrait check expects; the field uses the collection's folder.
    assert photo["widget"] == "image" and "media_folder" not in photo and "public_folder" not in photo
    assert (stories["media_folder"], stories["public_folder"]) == ("/stories/media/{{slug}}", "")


def test_local_and_production_backends():
    local, _ = cms.generate(ROOT, cms.Backend(local_port=8123))
    assert local["local_backend"]["url"] == "http://127.0.0.1:8123/api/v1" and "publish_mode" not in local
    production, _ = cms.generate(ROOT, cms.Backend(local_port=None, repo="fictional-org/fictional-repo",
                                                   base_url="https://oauth.fictional.example"))
    assert "local_backend" not in production and production["publish_mode"] == "editorial_workflow"
    assert production["backend"]["repo"] == "fictional-org/fictional-repo"
    assert production["backend"]["base_url"] == "https://oauth.fictional.example"


def test_the_batch_field_names_the_batches_in_data(generated):
    config, rules = generated
    batch = next(f for f in next(c for c in config["collections"] if c["name"] == cms.STORIES)["fields"]
                 if f["name"] == "batch")
    assert rules.batches and all(f"{track}: {', '.join(map(str, sorted(numbers)))}" in batch["hint"]
                                 for track, numbers in rules.batches.items())


def test_edit_runs_the_local_backend_and_the_preview(capsys):
    from alumni_stories.cli.main import main

    assert main(["edit", "--dry-run", "--port", "8123", "--root", str(ROOT)]) == 0
    backend, preview = capsys.readouterr().out.strip().splitlines()
    assert backend.endswith("cms/backend.js SOCKET")  # decap-server on a private socket, behind edit_lock.py
    assert "mkdocs serve" in preview and "127.0.0.1:8123" in preview


def test_a_build_without_the_cms_packages_stops_with_the_fix_and_keeps_the_site(tmp_path):
    from tests.conftest import run_build, tree_digest

    project = copy_project(tmp_path / "project")
    (project / "cms").mkdir()
    for name in ("package.json", "package-lock.json", "index.html"):
        (project / "cms" / name).write_bytes((ROOT / "cms" / name).read_bytes())
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site")
    before = tree_digest(site)
    built = run_build(project, site)
    assert built.returncode == 1
    assert "Editing interface (/admin/): cms/node_modules is missing -> run `npm ci --prefix cms`" in built.stderr
    assert "Traceback" not in built.stderr and tree_digest(site) == before


def test_ci_shows_an_editor_the_checks_own_messages_on_the_lines_they_name(tmp_path):
    """What an editor sees when CI refuses a pull request from the form: .github/workflows/content-check.yml turns
    each line of `alumni-stories check` into an annotation on the file and line it names, in the check's words.
    The workflow's own script is run here on the check's real output for a FICTIONAL broken story."""
    import re
    import subprocess
    import sys
    import textwrap

    from tests.conftest import fictional, story_text

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "content-check.yml").read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["check"]["steps"] if "check.sh" in s.get("run", ""))
    script = textwrap.dedent(step["run"].split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0])
    assert "check.txt" in script and "scripts/check.sh | tee check.txt" in step["run"]

    project = copy_project(tmp_path / "project")
    slug = "fictional-ci-alumnus"
    (project / "stories" / f"{slug}.en.md").write_text(
        story_text(fictional("en", slug=slug, batch=99, period={"start": 2018, "end": 2017})), encoding="utf-8")
    (project / "stories" / f"{slug}.ja.md").write_text(story_text(fictional("ja")), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "alumni_stories", "check", "--root", str(project)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 1
    (tmp_path / "check.txt").write_text(check.stdout, encoding="utf-8")
    shown = subprocess.run([sys.executable, "-"], input=script, cwd=tmp_path, capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0, shown.stderr
    said = [line.strip().removeprefix("- ") for line in check.stdout.splitlines() if f"stories/{slug}.en.md:" in line]
    assert len(said) == 2, check.stdout  # the batch and the period
    for line in said:
        file, number, field, text = re.fullmatch(r"(\S+):(\d+) \[(\w+)\]: (.+)", line).groups()
        assert f"::error file={file},line={number},title={field}::{text}" in shown.stdout.splitlines(), shown.stdout


def test_the_packages_files_are_linked_into_the_site_and_the_projects_own_are_copied(tmp_path):
    import os

    root = tmp_path / "project"
    for folder in ("schema", "data"):
        (root / folder).mkdir(parents=True)
        for path in (ROOT / folder).iterdir():
            if path.is_file():
                (root / folder / path.name).write_bytes(path.read_bytes())
    source = root / cms.ADMIN_SOURCE
    for name in cms.OWN_FILES:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(f"/* {name}, fictional */\n", encoding="utf-8")
    bundle = source / cms.DECAP_DIST / "decap-cms.js"
    library = source / cms.YAML_DIST / "index.js"
    for path in (bundle, library):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* a package's file, fictional */\n", encoding="utf-8")
    site = tmp_path / "site"
    cms.write_admin(root, site, cms.Backend())
    admin = site / cms.ADMIN_FOLDER
    assert (admin / "decap-cms.js").stat().st_ino == bundle.stat().st_ino, "an installed file is linked"
    assert (admin / "vendor" / "yaml" / "index.js").stat().st_ino == library.stat().st_ino
    assert (admin / "admin.js").stat().st_ino != (source / "admin.js").stat().st_ino, "the project's own is copied"
    # npm replaces a file (a new one renamed over it); the next build into the same folder must not write into
    # the old one, which the site still links to.
    old = tmp_path / "old-bundle.js"
    os.link(bundle, old)
    replacement = bundle.with_name("new.js")
    replacement.write_text("/* a newer version, fictional, longer */\n", encoding="utf-8")
    os.replace(replacement, bundle)
    cms.write_admin(root, site, cms.Backend())
    assert (admin / "decap-cms.js").read_text(encoding="utf-8") == bundle.read_text(encoding="utf-8")
    assert old.read_text(encoding="utf-8") == "/* a package's file, fictional */\n", "the old file is unchanged"
