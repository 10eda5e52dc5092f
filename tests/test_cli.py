"""The alumni-stories command: one entry point, a subcommand per editor task, --help on each."""
from __future__ import annotations

import subprocess

import pytest
from conftest import ROOT
from publishing_fixtures import CLI, run_cli

SUBCOMMANDS = ("new-profile", "check", "index", "record-urls")


def test_help_lists_every_subcommand():
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help(name):
    result = run_cli(name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"Usage: alumni-stories {name}" in result.stdout and "--root" in result.stdout


def test_an_unknown_option_is_a_usage_error_not_a_traceback():
    result = run_cli("check", "--no-such-option")
    assert result.returncode == 2
    assert "No such option '--no-such-option'" in result.stderr and "Traceback" not in result.stderr


def test_the_project_is_found_from_a_subfolder():
    result = subprocess.run([str(CLI), "check"], cwd=ROOT / "stories", capture_output=True, text=True, timeout=120)
    assert f"Checking {ROOT}" in result.stdout


def test_build_index_script_is_the_same_command(tmp_path):
    via_script = subprocess.run([str(CLI.with_name("python")), str(ROOT / "scripts" / "build_index.py"),
                                 str(tmp_path / "a.json")], capture_output=True, text=True, timeout=120)
    via_cli = run_cli("index", tmp_path / "b.json", "--root", ROOT)
    assert via_script.returncode == 0 and via_cli.returncode == 0, via_script.stderr + via_cli.stderr
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
