"""Publishing a local address (issue 25): the publishing build (Pipeline.configure with ALUMNI_STORIES_PUBLISH=1,
what scripts/publish.sh and `alumni-stories deploy` without --site run) and `alumni-stories deploy --site` refuse a
site built for this computer, for a name kept for examples and tests, or for the README's own example address,
each with a message saying which and what to do. In process, no build: configure() stops before anything is
written, and deploy reads the address a built folder was made for from its sitemap."""
from __future__ import annotations

import pytest
from conftest import ROOT
from pipeline_support import FakeEngine

from alumni_stories.build.engine import BuildStop
from alumni_stories.build.pipeline import Command, Pipeline
from alumni_stories.cli import deploy
from alumni_stories.cli.main import main
from alumni_stories.cli.releases import REQUIRED
from alumni_stories.site import urls

PUBLIC = "https://alumni-stories.fictional-host.org/"  # fictional, but shaped like a real public address

# (address, words the message must hold: which kind of address it is)
REFUSED = [
    ("http://localhost:8000/", "this computer's own address"),
    ("http://127.0.0.1:8000/", "this computer's own address"),
    ("https://preview.localhost/", "this computer's own address"),
    ("https://alumni-stories.example/", "ends in .example"),
    ("https://stories.fictional.test/", "ends in .test"),
    ("https://stories.fictional.invalid/", "ends in .invalid"),
    ("https://stories.your-domain.org/", "an example address"),  # the README's own example
    ("https://your-site.org/alumni/", "an example address"),
    ("https://www.example.com/", "an example address"),
]


def publishing_build(address: str, tmp_path, monkeypatch) -> str:
    """The message with which the publishing build stops for `address` (before the site folder exists)."""
    monkeypatch.setenv(urls.PUBLISH_VARIABLE, "1")
    engine = FakeEngine(root=ROOT, site_dir=tmp_path / "site", site_url=address)
    with pytest.raises(BuildStop) as stopped:
        Pipeline(ROOT, Command("build")).configure(engine)
    assert not (tmp_path / "site").exists(), "refused before anything is written"
    return str(stopped.value)


@pytest.mark.parametrize("address,kind", REFUSED)
def test_the_publishing_build_refuses_a_local_example_or_placeholder_address(address, kind, tmp_path, monkeypatch):
    message = publishing_build(address, tmp_path, monkeypatch)
    assert kind in message and urls.SITE_URL_VARIABLE in message and "site_url" in message
    assert "your-domain" not in message.split("->", 1)[1], "the fix does not suggest an address it refuses"


def test_the_publishing_build_accepts_a_public_address_and_a_preview_build_the_local_one(tmp_path, monkeypatch):
    monkeypatch.setenv(urls.PUBLISH_VARIABLE, "1")
    Pipeline(ROOT, Command("build")).configure(FakeEngine(root=ROOT, site_dir=tmp_path / "a", site_url=PUBLIC))
    monkeypatch.delenv(urls.PUBLISH_VARIABLE)
    Pipeline(ROOT, Command("build")).configure(FakeEngine(root=ROOT, site_dir=tmp_path / "b",
                                                          site_url=urls.LOCAL_SITE_URL))


def built_folder(folder, address: str | None):
    """A folder with what `deploy` requires of a built site, and a sitemap written for `address` as MkDocs does."""
    for name in REQUIRED:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("fictional page\n", encoding="utf-8")
    if address is not None:
        (folder / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset><url>\n  <loc>' + address + "</loc>\n</url>"
            f"<url><loc>{address}stories/</loc></url></urlset>\n", encoding="utf-8")
    return folder


def deploy_site(tmp_path, capsys, address: str | None) -> tuple[int, str]:
    site = built_folder(tmp_path / "site", address)
    target = tmp_path / "target"
    code = main(["deploy", str(target), "--site", str(site), "--root", str(ROOT)])
    if code != 0:
        assert not target.exists() or not any((target / "releases").glob("*")), "nothing was uploaded"
    return code, capsys.readouterr().err


@pytest.mark.parametrize("address,kind", REFUSED)
def test_deploy_refuses_a_site_built_for_a_local_example_or_placeholder_address(address, kind, tmp_path, capsys):
    code, err = deploy_site(tmp_path, capsys, address)
    assert code == 1
    assert f"was built for {address.split('/')[0]}//{address.split('/')[2]}/" in err and kind in err
    assert "Nothing was uploaded" in err and "scripts/publish.sh" in err


def test_deploy_refuses_a_site_that_does_not_say_its_address(tmp_path, capsys):
    code, err = deploy_site(tmp_path, capsys, None)
    assert code == 1 and "sitemap.xml" in err and "scripts/publish.sh" in err


def test_deploy_takes_a_site_built_for_a_public_address(tmp_path, capsys):
    code, err = deploy_site(tmp_path, capsys, PUBLIC)
    assert code == 0, err
    assert (tmp_path / "target" / "current" / "index.html").is_file()


def test_the_address_of_a_built_site_is_read_from_its_sitemap(tmp_path):
    assert deploy.built_for(built_folder(tmp_path, "https://fictional-host.org:8443/alumni/")) \
        == "https://fictional-host.org:8443/"
    assert deploy.built_site_problem(tmp_path) is None


@pytest.mark.parametrize("host", ["stories.asean-fictional.org", "your-domains-are-fine.org", "example-alumni.org",
                                  "testing.org"])
def test_real_looking_names_are_not_taken_for_placeholders(host):
    assert not urls.placeholder_host(host)
    assert urls.publishing_address_problem(f"https://{host}/") is None
