"""Every built page is valid HTML5, checked by the Nu Html Checker (vnu.jar, the W3C validator) run locally.

Errors fail the test; the rules ignored below are listed with the reason. Warnings and informational
messages are not errors and are not checked.
"""
from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import ROOT
from quality_support import VNU_JAR, html_files, tool

pytestmark = pytest.mark.slow

IGNORED = {
    # Material for MkDocs' base.html writes its drawer and search toggles as
    # <input type="checkbox" autocomplete="off">, so that Firefox does not restore an open drawer on
    # reload. The attribute is not allowed on checkboxes; the markup is Material's, not ours.
    "Material's toggle checkboxes": re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
}


def validate(files) -> list[dict]:
    result = subprocess.run(["java", "-jar", str(tool(VNU_JAR)), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def unexpected(messages) -> list[str]:
    return [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") == "error" and not any(p.search(m["message"]) for p in IGNORED.values())]


def test_every_page_is_valid_html5(built_site):
    files = html_files(built_site)
    assert any("/ja/" in str(f) for f in files) and len(files) >= 10
    messages = validate(files)
    errors = unexpected(messages)
    assert errors == [], "\n".join(errors)
    # Each ignored rule must still be needed (this also shows the pages were really checked).
    stale = [reason for reason, pattern in IGNORED.items() if not any(pattern.search(m["message"]) for m in messages)]
    assert stale == [], f"no longer needed, remove from IGNORED: {stale}"


def test_the_validator_reports_invalid_html(tmp_path):
    # The real site passes; prove the validator runs and its errors are not filtered away.
    page = tmp_path / "site" / "broken.html"
    page.parent.mkdir()
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head>'
                    '<body><p><div>block in paragraph</div><img src="x.png"></body></html>', encoding="utf-8")
    errors = unexpected(validate([page]))
    assert any("alt" in error for error in errors), errors


def test_the_validator_is_the_pinned_version():
    pinned = json.loads((ROOT / "tests" / "tools" / "package.json").read_text())["devDependencies"]["vnu-jar"]
    version = subprocess.run(["java", "-jar", str(tool(VNU_JAR)), "--version"], capture_output=True, text=True)
    assert version.stdout.startswith(pinned)
