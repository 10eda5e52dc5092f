"""The site's public address (issue 22): parsed once (alumni_stories/site/urls.py), refused for every build unless
http(s)://host[:port]/path/, and written into nginx, _redirects and _headers only quoted or escaped. A hostile
address is refused by the core, by the host-file generator and by the build before anything is written; a
legitimate but unusual one (a sub-path, an international host in punycode) gives a configuration `nginx -t`
accepts and that serves the site under that path."""
from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from alumni_stories.outputs import hosting
from alumni_stories.outputs.host_config import host_files, nginx_string, nginx_server, netlify_redirects
from alumni_stories.outputs.permalinks import Address
from alumni_stories.site.urls import (SITE_URL_VARIABLE, SiteAddressError, parse_site_address, setting,
                                      publishing_address_problem)

HOSTILE = 'https://stories.example.org/"><script>alert(1)</script><x y="/'
REFUSED = {
    HOSTILE: "quote",
    "https://stories.example.org/a b/": "space",
    "https://stories.example.org/it's/": "quote",
    "https://stories.example.org/a;b/": "path",
    "https://stories.example.org/{x}/": "brace",
    "https://stories.example.org/$host/": "path",
    "https://stories.example.org/a\\b/": "backslash",
    "https://stories.example.org/a\nb/": "control",
    "https://stories.example.org/?utm=1": "query",
    "https://stories.example.org/#top": "fragment",
    "https://user:pass@stories.example.org/": "user name or password",
    "javascript:alert(1)//": "http:// or https://",
    "ftp://stories.example.org/": "http:// or https://",
    "https:///alumni/": "no host",
    "https://under_score.example.org/": "not a valid host name",
    "https://-dash.example.org/": "not a valid host name",
    "https://stories.example.org:0/": "port",
    "https://stories.example.org:99999/": "port",
    "https://stories.example.org/../": "path",
    "https://stories.example.org/alumni%2F/": "path",
}


@pytest.mark.parametrize("address,reason", REFUSED.items())
def test_the_core_refuses_every_address_that_is_not_a_plain_web_address(address, reason):
    with pytest.raises(SiteAddressError) as refused:
        parse_site_address(address)
    message = str(refused.value)
    assert reason in message and SITE_URL_VARIABLE in message and "site_url" in message
    # The core names no engine: the build names its configuration file (mkdocs.yml, hooks/engine.py).
    with pytest.raises(SiteAddressError, match=r"default of site_url in mkdocs\.yml"):
        parse_site_address(address, where=setting("mkdocs.yml"))
    assert "https://host[:port]/path/" in message, "the fix says what to write"
    assert "\n" not in message, "a newline in the value is shown escaped, never as a line of its own"
    assert publishing_address_problem(address), "publishing refuses it too"


@pytest.mark.parametrize("given,parsed,base", [
    ("https://stories.example.org", "https://stories.example.org/", ""),
    ("https://Stories.Example.ORG/alumni-stories", "https://stories.example.org/alumni-stories/", "/alumni-stories"),
    ("https://xn--bcher-kva.example/alumni-stories/", "https://xn--bcher-kva.example/alumni-stories/", "/alumni-stories"),
    ("https://bücher.example/alumni_stories.v2/~team/", "https://xn--bcher-kva.example/alumni_stories.v2/~team/",
     "/alumni_stories.v2/~team"),
    ("http://localhost:8000/", "http://localhost:8000/", ""),
    ("http://127.0.0.1:8000/preview/", "http://127.0.0.1:8000/preview/", "/preview"),
    ("https://[::1]:8443/", "https://[::1]:8443/", ""),
])
def test_a_legitimate_address_is_parsed_once_into_one_written_form(given, parsed, base):
    address = parse_site_address(given)
    assert (str(address), address.base) == (parsed, base)


def test_an_empty_address_means_rooted_links_and_publishing_still_refuses_it():
    assert parse_site_address("") is None and parse_site_address(None) is None
    assert "no public address" in publishing_address_problem("")
    assert "user:pass" not in (publishing_address_problem("https://stories.jaif-partner.org/") or "")
    assert publishing_address_problem("https://stories.jaif-partner.org/alumni/") is None


def site_folder(folder: Path) -> Path:
    for relative in ("index.html", "404.html", "ja/index.html", "ja/404.html", "stories/fictional-alumna/index.html",
                     "stories/fictional-withdrawn/index.html", "stories/fictional-former-name/index.html",
                     "embed/fictional-alumna/index.html", "media/portraits/fictional-alumna/0f3c9a1b2d4e5f60-2-w200.webp",
                     "assets/javascripts/bundle.a5f9d56c.min.js"):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<!doctype html><title>Fictional</title><h1>Fictional</h1>" if relative.endswith(".html")
                        else "fictional", encoding="utf-8")
    return folder


ADDRESSES = [Address("/stories/fictional-former-name/", "redirect", "en", "stories/fictional-alumna/"),
             Address("/stories/fictional-withdrawn/", "withdrawn", "en", slug="fictional-withdrawn")]


@pytest.mark.parametrize("address", [a for a in REFUSED if a.startswith("https://stories")])
def test_the_host_file_generator_refuses_a_hostile_address(tmp_path, address):
    with pytest.raises(SiteAddressError):
        hosting.plan(site_folder(tmp_path), ADDRESSES, address)


@pytest.mark.parametrize("base", ['/a"b', "/a b", "/a;b", "/a{b", "/$uri", "/a\\b"])
def test_the_nginx_writer_itself_never_writes_a_path_it_cannot_quote(tmp_path, base):
    """Defence in depth: a plan made by hand, bypassing the address rule, still cannot reach nginx unquoted."""
    plan = hosting.plan(site_folder(tmp_path), ADDRESSES, "https://stories.example.org/")
    plan.base = base
    plan.redirects = [hosting.Redirect(base + r.source, base + r.target) for r in plan.redirects]
    if any(character in base for character in '" \\$'):
        with pytest.raises(ValueError, match="cannot be written into the nginx configuration"):
            nginx_server(plan)
    else:  # ; and { lose their meaning inside a quoted nginx string
        assert f'location = "{base}/stories/fictional-former-name/"' in nginx_server(plan)
    redirects = netlify_redirects(plan)
    assert all(len(line.split()) in (3, 4) for line in redirects.splitlines() if not line.startswith("#")), \
        "_redirects splits on whitespace: the path is percent-encoded"


def test_nginx_string_quotes_and_refuses():
    assert nginx_string("/alumni-stories/a;b{c}/") == '"/alumni-stories/a;b{c}/"'
    for unsafe in ('/a"b', "/a\nb", "/$host/"):
        with pytest.raises(ValueError):
            nginx_string(unsafe)


def nginx_executable() -> str:
    from hosting_support import ensure_nginx

    return ensure_nginx()


@pytest.mark.slow
def test_an_unusual_valid_address_passes_nginx_t_and_serves_under_its_path(tmp_path):
    from hosting_support import nginx

    from alumni_stories.outputs.host_config import nginx_standalone

    site = site_folder(tmp_path / "site")
    plan = hosting.plan(site, ADDRESSES, "https://bücher.example/alumni-stories/")
    assert plan.base == "/alumni-stories"
    for relative, text in host_files(plan):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "alumni-stories").symlink_to(site)  # the README's layout for a site under a folder
    work = tmp_path / "nginx"
    work.mkdir()
    (work / "nginx.conf").write_text(nginx_standalone(str(root), "127.0.0.1:1", str(work), str(site / "_hosting"),
                                                      user=getpass.getuser() if os.geteuid() == 0 else None), encoding="utf-8")
    tested = subprocess.run([nginx_executable(), "-t", "-p", str(work), "-c", str(work / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert tested.returncode == 0, tested.stderr
    with nginx(root, site / "_hosting", tmp_path / "served") as server:
        get = lambda path: requests.get(server["http"] + path, allow_redirects=False, timeout=10)  # noqa: E731
        assert get("/alumni-stories/stories/fictional-alumna/").status_code == 200
        moved = get("/alumni-stories/stories/fictional-former-name/")
        assert moved.status_code == 301 and moved.headers["Location"] == "/alumni-stories/stories/fictional-alumna/"
        assert get("/alumni-stories/stories/fictional-withdrawn/index.html").status_code == 410
        portrait = get("/alumni-stories/media/portraits/fictional-alumna/0f3c9a1b2d4e5f60-2-w200.webp")
        assert portrait.status_code == 200 and "immutable" in portrait.headers["Cache-Control"]


@pytest.mark.slow
def test_the_build_refuses_the_hostile_address_before_writing_anything(tmp_path):
    """The replay of the finding: refused with the setting, its place and the fix; the last site untouched, nothing
    written anywhere else, in bounded time and memory."""
    from conftest import copy_project, measured, tree_digest

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    (site / "stories").mkdir(parents=True)  # the last good site, as a deploy left it
    (site / "index.html").write_text("<!doctype html><title>The last good site</title>\n", encoding="utf-8")
    (site / "stories" / "index.html").write_text("<!doctype html><title>Stories</title>\n", encoding="utf-8")
    before = tree_digest(tmp_path)
    for publish in ("", "1"):
        env = {**os.environ, SITE_URL_VARIABLE: HOSTILE, "ALUMNI_STORIES_PUBLISH": publish}
        result = measured([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project,
                          env=env)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"mkdocs.yml [site_url]: the site address {HOSTILE!r}" in result.stderr
        assert SITE_URL_VARIABLE in result.stderr
        assert tree_digest(tmp_path) == before, "refused before anything was written, site/ included"
        assert result.seconds < 10 and result.peak_mib < 300, (result.seconds, result.peak_mib)


# --- The index command: the same rule for --base-url, and a write error said, not hidden -------------------------

def index_command(*args) -> subprocess.CompletedProcess:
    cli = Path(sys.executable).with_name("alumni-stories")
    from conftest import ROOT

    return subprocess.run([str(cli), "index", *map(str, args), "--root", str(ROOT)], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("base_url", ["javascript:alert(1)//", "https://example.org/?x=1", HOSTILE,
                                      "https://user:pass@example.org/"])
def test_index_refuses_a_base_url_the_site_address_rule_refuses(tmp_path, base_url):
    result = index_command(tmp_path / "index.json", "--base-url", base_url)
    assert result.returncode == 2 and "--base-url" in result.stderr and "https://host[:port]/path/" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "index.json").exists()


def test_index_writes_the_parsed_base_url(tmp_path):
    import json

    result = index_command(tmp_path / "index.json", "--base-url", "https://bücher.example/alumni-stories")
    assert result.returncode == 0, result.stderr
    urls = [entry["languages"]["en"]["url"] for entry in json.loads((tmp_path / "index.json").read_text())["stories"]]
    assert urls and all(url.startswith("https://xn--bcher-kva.example/alumni-stories/stories/") for url in urls)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_index_on_a_full_disk_says_so_and_exits_non_zero():
    before = os.stat("/dev/full")
    result = index_command("/dev/full")
    assert result.returncode == 1 and "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert "wrote" not in result.stdout
    after = os.stat("/dev/full")
    assert (after.st_rdev, after.st_ino) == (before.st_rdev, before.st_ino), "the device was written, not replaced"


@pytest.mark.slow
def test_the_map_of_written_addresses_scales_to_a_large_site_without_an_nginx_warning(tmp_path):
    """2,000 FICTIONAL stories' worth of addresses (pages, embed cards, portraits, search chunks): nginx must hash
    them all at the sizes http.conf sets, with no "could not build optimal map_hash" warning."""
    from alumni_stories.outputs.host_config import nginx_standalone

    files = {}
    for number in range(2000):
        for language in ("", "ja/"):
            files[f"{language}stories/fictional-person-{number}/index.html"] = hosting.FileRule(hosting.REVALIDATE, False)
            files[f"{language}embed/fictional-person-{number}/index.html"] = hosting.FileRule(hosting.REVALIDATE, True)
        for variant in range(8):
            files[f"media/portraits/fictional-person-{number}/0f3c9a1b2d4e{number:04x}-2-v{variant}.webp"] = \
                hosting.FileRule(hosting.IMMUTABLE, False)
    plan = hosting.HostPlan("", [], [], [("/ja/", "/ja/404.html"), ("/", "/404.html")], ["/embed/", "/ja/embed/"],
                            files)
    site, work = tmp_path / "site", tmp_path / "nginx"
    for relative, text in host_files(plan):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    work.mkdir()
    (work / "nginx.conf").write_text(nginx_standalone(str(site), "127.0.0.1:1", str(work), str(site / "_hosting"),
                                                      user=getpass.getuser() if os.geteuid() == 0 else None),
                                     encoding="utf-8")
    tested = subprocess.run([nginx_executable(), "-t", "-p", str(work), "-c", str(work / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert tested.returncode == 0 and "[warn]" not in tested.stderr, tested.stderr
