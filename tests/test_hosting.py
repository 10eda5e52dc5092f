"""The site on a real web host: nginx, started on 127.0.0.1 with the configuration the build wrote, serves a
built copy of the project with a FICTIONAL renamed story and a FICTIONAL withdrawn one. Checked with an HTTP
client: 301, 410 with the notice, 404 per language, caching, security headers, gzip and Brotli; then the same
server in Chromium: no policy violation on any page type, search, and framing allowed only for embed cards.
The rules behind the files are checked without a server in test_host_config.py."""
from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import brotli
import pytest
import requests
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from hosting_support import FORMER, RENAMED, WITHDRAWN, build_hosted_project, nginx, self_signed_certificate


STRINGS = yaml.safe_load((ROOT / "data" / "strings.yml").read_text(encoding="utf-8"))
PREFIX = {"en": "", "ja": "/ja"}


def text_of(key: str, language: str) -> str:
    return STRINGS[key][language]


# --- Through nginx ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hosted")
    project = build_hosted_project(folder)
    site = project / "site"
    with nginx(site, site / "_hosting", folder / "nginx", tls=self_signed_certificate(folder / "tls")) as server:
        server["site"] = site
        yield server


def get(url: str, **options) -> requests.Response:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the self-signed certificate of the HTTPS port
        return requests.get(url, allow_redirects=False, timeout=10, verify=False, **options)


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("kind", ["stories", "embed"])
def test_an_alias_answers_301_with_the_new_address(hosted, language, kind):
    prefix = PREFIX[language]
    for old in (f"{prefix}/{kind}/{FORMER}/", f"{prefix}/{kind}/{FORMER}", f"{prefix}/{kind}/{FORMER}/index.html"):
        response = get(hosted["http"] + old)
        assert response.status_code == 301, old
        assert response.headers["Location"] == f"{prefix}/{kind}/{RENAMED}/"
    assert get(hosted["http"] + f"{prefix}/{kind}/{RENAMED}/").status_code == 200


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_withdrawn_story_answers_410_with_its_notice(hosted, language):
    for path in (f"{PREFIX[language]}/stories/{WITHDRAWN}/", f"{PREFIX[language]}/stories/{WITHDRAWN}"):
        response = get(hosted["http"] + path)
        assert response.status_code == 410, path
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.html["lang"] == language
        assert soup.h1.get_text(strip=True) == text_of("withdrawn_title", language)
        assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_unknown_path_answers_404_in_the_readers_language(hosted, language):
    for path in (f"{PREFIX[language]}/no-such-page/", f"{PREFIX[language]}/stories/no-such-story/",
                 f"{PREFIX[language]}/embed/no-such-story/"):
        response = get(hosted["http"] + path)
        assert response.status_code == 404, path
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.html["lang"] == language, path
        assert soup.h1.get_text(strip=True) == text_of("not_found_title", language)


def test_host_files_are_not_served(hosted):
    for path in ("/_hosting/nginx/server.conf", "/_headers", "/_redirects"):
        assert get(hosted["http"] + path).status_code == 404, path


def test_fingerprinted_assets_are_immutable_and_the_rest_revalidates(hosted):
    home = BeautifulSoup(get(hosted["http"] + "/").text, "html.parser")
    bundle = next(s["src"] for s in home.find_all("script", src=True) if "bundle." in s["src"])
    stylesheet = next(l["href"] for l in home.find_all("link", rel="stylesheet") if "main." in l["href"])
    for asset in (bundle, stylesheet):
        url = hosted["http"] + "/" + asset.lstrip("/")
        response = get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    share = next((hosted["site"] / "assets" / "share").glob("*.png")).name
    assert "immutable" in get(hosted["http"] + "/assets/share/" + share).headers["Cache-Control"]
    for path in ("/", "/ja/", f"/stories/{RENAMED}/", "/feed.xml", "/ja/feed.xml", "/api/v1/stories.json",
                 "/assets/javascripts/partners.js", "/pagefind/pagefind-entry.json", "/sitemap.xml"):
        response = get(hosted["http"] + path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert response.headers.get("ETag") and response.headers.get("Last-Modified"), path
        revalidated = get(hosted["http"] + path, headers={"If-None-Match": response.headers["ETag"]})
        assert revalidated.status_code == 304, path


PAGES = ["/", "/ja/", "/stories/", "/ja/stories/", f"/stories/{RENAMED}/", f"/ja/stories/{RENAMED}/", "/programme/",
         "/countries/cambodia/", "/ja/batches/", "/tracks/", "/partners/", "/ja/guide/", f"/embed/{RENAMED}/",
         f"/ja/embed/{RENAMED}/", "/no-such-page/", f"/stories/{WITHDRAWN}/", f"/stories/{FORMER}/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_security_header_on_every_kind_of_answer(hosted, path):
    response = get(hosted["http"] + path)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"].replace(
        "'wasm-unsafe-eval'", "")
    if "/embed/" in path and response.status_code == 200:
        assert policy["frame-ancestors"] == "*" and "X-Frame-Options" not in headers
    else:
        assert policy["frame-ancestors"] == "'none'" and headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers, "HSTS only over HTTPS"
    secure = get(hosted["https"] + path)
    assert secure.status_code == response.status_code
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("path", ["/", f"/ja/stories/{RENAMED}/", "/feed.xml", "/api/v1/stories.json",
                                  "/assets/javascripts/partners.js"])
def test_precompressed_gzip_and_brotli_when_the_client_accepts_them(hosted, path):
    on_disk = hosted["site"] / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    original = on_disk.read_bytes()
    for encoding, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response = get(hosted["http"] + path, headers={"Accept-Encoding": encoding}, stream=True)
        assert response.headers.get("Content-Encoding") == encoding, (path, encoding)
        assert "Accept-Encoding" in response.headers["Vary"]
        raw = response.raw.read(decode_content=False)
        assert len(raw) < len(original) and decode(raw) == original, (path, encoding)
    plain = get(hosted["http"] + path, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.content == original
