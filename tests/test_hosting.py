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
from conftest import ARTIFACTS, ROOT
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


@pytest.mark.parametrize("accept,language", [("ja,en;q=0.8", "ja"), ("ja-JP", "ja"), ("en-GB,ja;q=0.5", "en"),
                                             ("fr", "en")])
def test_outside_a_language_folder_the_404_page_follows_the_readers_first_language(hosted, accept, language):
    for path in ("/no-such-page/", "/embed/no-such-story/", "/stories/no-such-story/"):
        response = get(hosted["http"] + path, headers={"Accept-Language": accept})
        assert response.status_code == 404
        assert BeautifulSoup(response.text, "html.parser").html["lang"] == language, (path, accept)
    japanese_path = get(hosted["http"] + "/ja/no-such-page/", headers={"Accept-Language": "en"})
    assert BeautifulSoup(japanese_path.text, "html.parser").html["lang"] == "ja", "the address says Japanese"


def test_the_rules_fit_the_hosts_limits(hosted):
    # Cloudflare Pages reads at most 100 _headers rules, 2,000 static and 100 dynamic _redirects rules.
    headers = (hosted["site"] / "_headers").read_text(encoding="utf-8")
    assert len([line for line in headers.splitlines() if line.startswith("/")]) <= 100
    redirects = [line for line in (hosted["site"] / "_redirects").read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    assert len(redirects) <= 2000 and len([line for line in redirects if "*" in line]) <= 100


def test_host_files_are_not_served(hosted):
    for path in ("/_hosting/nginx/server.conf", "/_headers", "/_redirects"):
        assert get(hosted["http"] + path).status_code == 404, path


def test_fingerprinted_assets_are_immutable_and_the_rest_revalidates(hosted):
    home = BeautifulSoup(get(hosted["http"] + "/").text, "html.parser")
    # Every stylesheet and script a page loads: the theme's cut stylesheet and the site's own bundles (the
    # theme's script is not loaded: overrides/main.html).
    loaded = [s["src"] for s in home.find_all("script", src=True)] + [l["href"] for l in
                                                                      home.find_all("link", rel="stylesheet")]
    assert len(loaded) >= 3 and any("/theme." in "/" + a for a in loaded) and any("/site." in "/" + a for a in loaded)
    for asset in loaded:
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


# --- In Chromium, through the same nginx -------------------------------------------------------------------

BROWSER_PAGES = [f"{prefix}{path}" for prefix in ("", "/ja") for path in (
    "/", "/stories/", f"/stories/{RENAMED}/", "/programme/", "/countries/", "/countries/viet-nam/", "/batches/",
    "/batches/mfa-8/", "/tracks/", "/tracks/esc/", "/guide/", "/guide/new-profile/", "/partners/",
    f"/embed/{RENAMED}/", "/no-such-page/", f"/stories/{WITHDRAWN}/", f"/stories/{FORMER}/")]
EXPECTED_STATUS = {"/no-such-page/": 404, f"/stories/{WITHDRAWN}/": 410}
RECORD_VIOLATIONS = """document.addEventListener('securitypolicyviolation', e =>
    (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI));"""


def watch(page) -> list[str]:
    """Console errors, uncaught exceptions and Content-Security-Policy violations of the page, as they come."""
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and not _material_sitemap_probe(message) else None)
    page.on("pageerror", lambda error: problems.append(f"exception: {error}"))
    return problems


def _material_sitemap_probe(message) -> bool:
    # Known and not the host's doing: Material's script fetches sitemap.xml beside every <link rel=alternate
    # hreflang> of the page (/stories/sitemap.xml, /ja/stories/sitemap.xml), which the build does not write, and
    # falls back quietly when it is missing. Reported to the lead; every other failed request still fails here.
    return "status of 404" in message.text and message.location.get("url", "").endswith("/sitemap.xml")


def without_expected_status(problems: list[str], status: int | None) -> list[str]:
    # Chromium reports a page answered with an error status as a console error; that status is the point here.
    if status is None:
        return problems
    return [p for p in problems if f"the server responded with a status of {status}" not in p]


@pytest.mark.browser
def test_every_page_type_in_both_languages_runs_under_the_policy(hosted, page):
    problems = watch(page)
    for path in BROWSER_PAGES:
        problems.clear()
        response = page.goto(hosted["http"] + path, wait_until="networkidle")
        status = EXPECTED_STATUS.get(path.removeprefix("/ja"))
        assert response.status == (status or 200), path
        if path.endswith(f"/{FORMER}/"):
            assert page.url.endswith(f"/stories/{RENAMED}/"), "the alias led to the new address"
        assert page.locator("h1").first.is_visible(), path
        violations = page.evaluate("window.__violations || []")
        assert violations == [] and without_expected_status(problems, status) == [], (path, violations, problems)
        if path in ("/", f"/ja/stories/{RENAMED}/"):
            (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
            name = "home" if path == "/" else "story-ja"
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"hosting-nginx-csp-{name}.png"))


@pytest.mark.browser
@pytest.mark.parametrize("language,query,expected", [("en", "Fictional Alumna", f"/stories/{RENAMED}/"),
                                                     ("ja", "架空の修了生", f"/ja/stories/{RENAMED}/")])
def test_search_works_under_the_policy(hosted, page, language, query, expected):
    from test_search import search

    problems = watch(page)
    results = search(page, hosted["http"] + PREFIX[language] + "/", query)
    assert expected in [r["href"] for r in results], results
    assert page.evaluate("window.__violations || []") == [] and problems == []


@pytest.mark.browser
def test_an_embed_card_shows_in_a_frame_on_another_site_and_a_story_page_refuses(hosted, page, tmp_path):
    from conftest import serve

    partner = tmp_path / "partner"
    partner.mkdir()
    (partner / "index.html").write_text(
        "<!doctype html><html lang=en><title>A fictional partner's page</title><h1>Fictional embassy</h1>"
        f'<iframe id=card src="{hosted["http"]}/embed/{RENAMED}/" width=400 height=340 title=card></iframe>'
        f'<iframe id=story src="{hosted["http"]}/stories/{RENAMED}/" width=400 height=340 title=story></iframe>',
        encoding="utf-8")
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text) if "frame-ancestors" in message.text else None)
    with serve(partner) as other_site:
        assert other_site.split(":")[-1] != hosted["http"].split(":")[-1], "a second local port"
        page.goto(other_site, wait_until="networkidle")
        card = page.frame_locator("#card")
        card.locator("article.card h1").wait_for()
        assert "Fictional Alumna" in card.locator("article.card h1").inner_text()
        story = page.frame(url=lambda url: url.endswith(f"/stories/{RENAMED}/")) or next(
            f for f in page.frames if f != page.main_frame and "embed" not in f.url)
        assert story.locator("h1.story-name").count() == 0, "the story page must not render inside another site"
        assert any("frame-ancestors 'none'" in text for text in refusals), refusals
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "hosting-partner-frames.png"))
