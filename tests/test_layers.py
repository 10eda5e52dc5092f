"""The core's layering (pyproject.toml, [tool.importlinter]) holds, and the check catches what it must.

import-linter reads the import graph of the package it finds first on the path: the real one, or a copy
given through PYTHONPATH, into which the tests below write one offending import each.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def package_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "alumni_stories", tmp_path / "alumni_stories",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(project: Path, module: str, line: str) -> None:
    path = project / "alumni_stories" / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_real_package_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_copy_is_what_gets_checked(package_copy):
    # Guards the tests below: an unchanged copy passes, so a failure there comes from the import they add.
    assert lint(package_copy).returncode == 0


@pytest.mark.parametrize("module, line", [
    ("content.model", "from alumni_stories.site import urls"),            # content reaching up into site
    ("media.portraits", "from alumni_stories.content import model"),      # media reaching up into content
    ("site.views", "from alumni_stories.outputs import feeds"),           # site reaching up into outputs
    ("errors", "from alumni_stories.cli import main"),                     # the bottom reaching the top
])
def test_an_upward_import_breaks_the_layers(package_copy, module, line):
    add_import(package_copy, module, line)
    result = lint(package_copy)
    assert result.returncode != 0
    assert "Each layer imports only from the layers below it BROKEN" in result.stdout


@pytest.mark.parametrize("module, line", [
    ("content.frontmatter", "from alumni_stories.content import stories"),  # stories imports frontmatter
    ("site.browse", "from alumni_stories.site import pages"),               # pages imports browse
])
def test_an_import_cycle_is_refused(package_copy, module, line):
    add_import(package_copy, module, line)
    result = lint(package_copy)
    assert result.returncode != 0
    assert "No import cycles among the modules of a package BROKEN" in result.stdout


def test_the_core_may_not_import_the_engine(package_copy):
    add_import(package_copy, "site.urls", "import mkdocs")
    result = lint(package_copy)
    assert result.returncode != 0
    assert "The core does not import the site engine BROKEN" in result.stdout
