"""Deploys on a server host (alumni-stories deploy / rollback / releases), served by a real nginx whose root is the
deploy's `current` link: a rollback serves the previous release again, and requests made while deploys run are
each answered from one whole release. Two releases of the real built site, told apart by marker files.
(Checked by hand that the concurrency test catches a deploy that copies files in place: torn 2 MB bodies.)"""
from __future__ import annotations

import shutil
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from conftest import SITE_URL
from hosting_support import nginx

from alumni_stories.cli import releases
from alumni_stories.outputs import hosting
from alumni_stories.outputs.host_config import host_files
from alumni_stories.cli.releases import ReleaseError, Target
from alumni_stories.site import urls

pytestmark = pytest.mark.slow
CLI = Path(sys.executable).with_name("alumni-stories")
BIG = 2_000_000  # bytes: large enough that a file copied in place would be caught half-written


def make_release(built_site: Path, folder: Path, label: str) -> Path:
    site = folder / f"site-{label}"
    shutil.copytree(built_site, site)
    (site / "release.txt").write_text(f"release {label}\n", encoding="utf-8")
    (site / "big.txt").write_bytes(label.encode() * BIG)
    index = site / "index.html"
    index.write_text(index.read_text(encoding="utf-8") + f"<!-- release {label} -->\n", encoding="utf-8")
    for compressed in (site / "index.html.gz", site / "index.html.br"):
        compressed.unlink()  # the marked page is served as it is
    # `deploy --site` refuses a site built for a local address (the shared build is the local one): these releases
    # stand for a publishing build, whose sitemap names the FICTIONAL public address these tests publish to.
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(str(urls.parse_site_address(SITE_URL)), PUBLIC_ADDRESS[urls.SITE_URL_VARIABLE]),
                       encoding="utf-8")
    for compressed in (site / "sitemap.xml.gz", site / "sitemap.xml.br"):
        compressed.unlink(missing_ok=True)
    # nginx serves only what the build wrote: the release's host files list the markers, as a build writing them would.
    for relative, text in host_files(hosting.plan(site, [], "")):
        (site / relative).write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def two_releases(built_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("releases")
    return make_release(built_site, folder, "A"), make_release(built_site, folder, "B")


# A publishing build refuses a local or placeholder address; these tests publish to a FICTIONAL one.
PUBLIC_ADDRESS = {"ALUMNI_STORIES_SITE_URL": "https://alumni-stories.fictional-host.org/"}


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **PUBLIC_ADDRESS})


def served(target: Path, tmp_path: Path):
    return nginx(target / "current", target / "current" / "_hosting", tmp_path / "nginx")


def test_deploy_then_rollback_serves_the_previous_release(two_releases, tmp_path):
    site_a, site_b = two_releases
    target = tmp_path / "host"
    first = cli("deploy", target, "--site", site_a)
    assert first.returncode == 0, first.stderr
    with served(target, tmp_path) as server:
        def release() -> str:
            return requests.get(server["http"] + "/release.txt", timeout=10).text

        assert release() == "release A\n"
        second = cli("deploy", target, "--site", site_b)
        assert second.returncode == 0, second.stderr
        assert release() == "release B\n"
        assert "<!-- release B -->" in requests.get(server["http"] + "/", timeout=10).text
        back = cli("rollback", target)
        assert back.returncode == 0, back.stderr
        assert release() == "release A\n"
        assert "<!-- release A -->" in requests.get(server["http"] + "/", timeout=10).text
    listing = cli("releases", target).stdout.splitlines()
    assert len(listing) == 2 and listing[0].startswith("* "), "the older release is served again"
    again = cli("rollback", target)
    assert again.returncode == 1 and "no release before" in again.stderr


def test_requests_during_deploys_always_see_one_whole_release(two_releases, tmp_path):
    site_a, site_b = two_releases
    target = tmp_path / "host"
    assert cli("deploy", target, "--site", site_a, "--keep", "3").returncode == 0
    expected = {path: {(site / path.lstrip("/")).read_bytes() for site in two_releases}
                for path in ("/release.txt", "/big.txt", "/index.html")}
    seen: dict[str, set] = {path: set() for path in expected}
    problems: list[str] = []
    done = threading.Event()
    with served(target, tmp_path) as server:
        def reader(path: str) -> None:
            with requests.Session() as session:
                while not done.is_set():
                    try:
                        response = session.get(server["http"] + path, timeout=30,
                                               headers={"Accept-Encoding": "identity"})
                    except requests.RequestException as error:  # a file cut short while it was being sent
                        problems.append(f"{path}: {type(error).__name__}")
                        continue
                    if response.status_code != 200 or response.content not in expected[path]:
                        problems.append(f"{path}: {response.status_code}, {len(response.content)} bytes")
                    else:
                        seen[path].add(response.content[:1] if path == "/big.txt" else response.content)

        threads = [threading.Thread(target=reader, args=(path,)) for path in expected for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            for site in (site_b, site_a, site_b, site_a, site_b):
                result = cli("deploy", target, "--site", site, "--keep", "3")
                assert result.returncode == 0, result.stderr
                time.sleep(0.2)
        finally:
            done.set()
            for thread in threads:
                thread.join(timeout=60)
    assert problems == [], problems[:5]
    assert all(len(versions) == 2 for versions in seen.values()), "both releases were served while deploying"
    assert len(releases.releases(Target(str(target)))) == 3, "only the newest releases are kept"


def test_a_fingerprinted_file_of_the_previous_release_stays_for_pages_already_loaded(two_releases, tmp_path):
    site_a, site_b = two_releases
    old_bundle = next((site_a / "assets" / "javascripts").glob("bundle.*.min.js"))
    without = tmp_path / "site-without-old-bundle"
    shutil.copytree(site_b, without)
    renamed = without / "assets" / "javascripts" / old_bundle.name.replace("bundle.", "bundle.0f0f0f0f")
    (without / "assets" / "javascripts" / old_bundle.name).rename(renamed)
    target = Target(str(tmp_path / "host"))
    releases.deploy(target, site_a)
    releases.deploy(target, without)
    current = tmp_path / "host" / "current"
    assert (current / "assets" / "javascripts" / old_bundle.name).read_bytes() == old_bundle.read_bytes()
    assert not (current / "release.txt").read_text().endswith("A\n"), "nothing else of the old release"
    releases.deploy(target, without)
    assert not (current / "assets" / "javascripts" / old_bundle.name).exists(), "carried once, not for ever"


def test_a_refused_deploy_changes_nothing(two_releases, tmp_path):
    site_a, _ = two_releases
    target = Target(str(tmp_path / "host"))
    releases.deploy(target, site_a)
    before = releases.releases(target), releases.current(target)
    with pytest.raises(ReleaseError, match="not a complete built site"):
        releases.deploy(target, tmp_path)
    (tmp_path / "host" / releases.LOCK).mkdir()
    with pytest.raises(ReleaseError, match="another deploy or rollback is running"):
        releases.deploy(target, site_a)
    assert (releases.releases(target), releases.current(target)) == before


def test_a_remote_host_runs_the_same_steps_over_ssh(two_releases, tmp_path):
    """A stand-in for ssh that runs the remote command on this machine: what a server would be sent."""
    site_a, site_b = two_releases
    fake_ssh = tmp_path / "fake-ssh"
    log = tmp_path / "ssh.log"
    fake_ssh.write_text(f'#!/bin/sh\necho "$1" >> {log}\nshift\nexec sh -c "$*"\n', encoding="utf-8")
    fake_ssh.chmod(0o755)
    remote = f"deploy@fictional-host.example:{tmp_path / 'host'}"
    for site in (site_a, site_b):
        result = cli("deploy", remote, "--site", site, "--ssh", fake_ssh, "--reload",
                     f"touch {tmp_path / 'reloaded'}")
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "host" / "current" / "release.txt").read_text() == "release B\n"
    assert (tmp_path / "reloaded").exists(), "--reload ran on the host after the switch"
    assert cli("rollback", remote, "--ssh", fake_ssh).returncode == 0
    assert (tmp_path / "host" / "current" / "release.txt").read_text() == "release A\n"
    assert set(log.read_text().split()) == {"deploy@fictional-host.example"}


def test_without_site_the_strict_publishing_build_runs_first_and_a_failed_one_uploads_nothing(tmp_path):
    from conftest import copy_project, fictional, story_text

    project = copy_project(tmp_path / "project")
    target = tmp_path / "host"
    built = cli("deploy", target, "--root", project)
    assert built.returncode == 0, built.stderr
    assert (target / "current" / "index.html").is_file()
    assert (target / "current" / "_hosting" / "nginx" / "server.conf").is_file()
    broken = fictional("en", country="atlantis")  # a FICTIONAL story naming a country the data does not know
    (project / "stories" / "fictional-alumna.en.md").write_text(story_text(broken), encoding="utf-8")
    failed = cli("deploy", target, "--root", project)
    assert failed.returncode == 1 and "nothing was uploaded" in failed.stderr and "atlantis" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert len(releases.releases(Target(str(target)))) == 1
