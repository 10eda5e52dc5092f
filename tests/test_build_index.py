"""scripts/build_index.py writes the same content the site shows, and refuses bad content."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, fictional, real_front_matter, real_story_slugs, story_text

SCRIPT = ROOT / "scripts" / "build_index.py"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_index_lists_every_story_in_both_languages(tmp_path):
    result = run(tmp_path / "index.json", "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    files = real_front_matter()  # the real story files' own YAML: the index must say what they say
    assert index["version"] == 1 and index["count"] == len(files) > 0
    assert [s["slug"] for s in index["stories"]] == real_story_slugs()
    for entry in index["stories"]:
        en, ja = files[entry["slug"]]["en"], files[entry["slug"]]["ja"]
        assert entry["languages"]["ja"]["url"] == f"https://example.org/ja/stories/{entry['slug']}/"
        assert entry["languages"]["ja"]["name"] == ja["name"] and entry["languages"]["en"]["name"] == en["name"]
        assert (entry["country"]["key"], entry["track"], entry["batch"]) == (en["country"], en["track"], en["batch"])
        assert entry["period"] == {"start": str(en["period"]["start"]), "end": str(en["period"]["end"])}


def test_bad_content_exits_non_zero_with_the_build_messages(project, tmp_path):
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional(country="atlantis")))
    result = run(tmp_path / "index.json", "--root", project)
    assert result.returncode == 1
    assert "stories/fictional-alumna.en.md" in result.stderr and "[country]" in result.stderr
    assert not (tmp_path / "index.json").exists()
