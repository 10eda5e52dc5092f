"""scripts/build_index.py writes the same content the site shows, and refuses bad content."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, fictional, story_text

SCRIPT = ROOT / "scripts" / "build_index.py"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_index_lists_every_story_in_both_languages(tmp_path):
    result = run(tmp_path / "index.json", "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == 1 and index["count"] == 4
    slugs = [s["slug"] for s in index["stories"]]
    assert slugs == ["ekkaphab-phanthavong", "hoang-quoc-trung", "chhy-ratha", "htet-htet-htoo"]
    first = index["stories"][0]
    assert first["languages"]["ja"]["url"] == "https://example.org/ja/stories/ekkaphab-phanthavong/"
    assert first["languages"]["ja"]["name"] == "エカパープ・パンタヴォン"
    assert (first["country"]["key"], first["track"], first["batch"]) == ("lao-pdr", "mfa", 8)
    assert first["period"] == {"start": "2006", "end": "2007"}


def test_bad_content_exits_non_zero_with_the_build_messages(project, tmp_path):
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(fictional(country="atlantis")))
    result = run(tmp_path / "index.json", "--root", project)
    assert result.returncode == 1
    assert "stories/fictional-alumna.en.md" in result.stderr and "[country]" in result.stderr
    assert not (tmp_path / "index.json").exists()
