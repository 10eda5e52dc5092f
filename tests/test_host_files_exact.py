"""The host files line by line, and the host rules through a real nginx (issue 22).

A copy of the project with a FICTIONAL renamed story (an alias, with a drawn FICTIONAL portrait) and a FICTIONAL
withdrawn one is built once. `_redirects` must be exactly the rules written out below, in order (Netlify takes the
first rule that matches), so a 301 turned into a 302 or a dropped 410 line fails; every `_headers` block must carry
exactly the headers its files need, with the policy's hashes recomputed here from the built pages. Then nginx, with
the generated configuration, must refuse what the build did not write (dotfiles, stray files), answer 410 at every
address of the withdrawn story and cache the fingerprinted portraits for a year."""
from __future__ import annotations

import base64
import hashlib
import re
import warnings
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from conftest import copy_project, fictional, run_build, story_text
from hosting_support import FORMER, RENAMED, WITHDRAWN, nginx
from publishing_fixtures import draw_portrait

pytestmark = pytest.mark.slow

PORTRAIT = {"file": "portrait.jpg", "alt": "A drawn, fictional person (test fixture)", "caption": "Fictional caption",
            "credit": "Test suite (fictional)"}
JA_PORTRAIT = {"alt": "架空の人物の絵（テスト用）", "caption": "架空のキャプション", "credit": "テスト（架空）"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("host-files")
    project = copy_project(folder / "project")
    stories = project / "stories"
    (stories / f"{RENAMED}.en.md").write_text(story_text(fictional("en", aliases=[FORMER], portrait=PORTRAIT)),
                                              encoding="utf-8")
    (stories / f"{RENAMED}.ja.md").write_text(story_text(fictional("ja", portrait=JA_PORTRAIT)), encoding="utf-8")
    draw_portrait(stories / "media" / RENAMED / "portrait.jpg", size=(800, 1000))
    (stories / f"{WITHDRAWN}.en.md").write_text(f"---\nslug: {WITHDRAWN}\nwithdrawn: true\n---\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


# --- _redirects: every rule, its status, in order -----------------------------------------------------------------

def expected_redirects() -> list[str]:
    rules = []
    for prefix in ("/embed", "/ja/embed", "/ja/stories", "/stories"):  # sorted by address, as the build writes them
        rules += [f"{prefix}/{FORMER}/ {prefix}/{RENAMED}/ 301!", f"{prefix}/{FORMER}/index.html {prefix}/{RENAMED}/ 301!"]
    for prefix in ("/embed", "/ja/embed", "/ja/stories", "/stories"):
        notice = f"{prefix}/{WITHDRAWN}/index.html"
        rules += [f"{prefix}/{WITHDRAWN}/ {notice} 410!", f"{prefix}/{WITHDRAWN}/index.html {notice} 410!"]
    return rules + ["/_hosting/* /404.html 404!", "/ja/* /ja/404.html 404", "/* /ja/404.html 404 Language=ja",
                    "/* /404.html 404"]


def test_every_redirect_rule_has_exactly_its_status_and_place(site):
    lines = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules == expected_redirects()


def test_every_redirect_rule_points_at_a_page_the_build_wrote(site):
    for rule in expected_redirects():
        target = rule.split()[1]
        assert (site / target.lstrip("/")).is_file() or (site / target.lstrip("/") / "index.html").is_file(), rule


# --- _headers: every block, exactly its headers -------------------------------------------------------------------

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=()",
    "Strict-Transport-Security": "max-age=31536000",
}
HASHED_NAME = re.compile(r"(?:^|[._-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}[._-]"  # this test's own reading
                         r"|^[a-z]+_[0-9a-f]{7}\.pf_")  # Pagefind's chunks: a 7-hex hash, all digits one time in 27


def header_blocks(text: str) -> list[tuple[str, dict[str, str]]]:
    blocks: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            blocks.append((line, {}))
        else:
            name, value = line.strip().split(": ", 1)
            assert name not in blocks[-1][1], f"{name} twice in {blocks[-1][0]}"
            blocks[-1][1][name] = value
    return blocks


def served_files(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.name.endswith((".gz", ".br")) and p.name not in ("_headers", "_redirects")
                  and not p.relative_to(site).as_posix().startswith("_hosting/"))


def inline_hashes(site: Path) -> tuple[list[str], list[str]]:
    """The hashes of every inline script that runs and every inline style sheet, read here with an HTML parser."""
    digest = lambda text: "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()  # noqa: E731
    scripts, styles = set(), set()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", src=False):
            if (script.get("type") or "").strip().lower() in ("", "text/javascript", "module", "application/javascript"):
                scripts.add(digest(script.string or ""))
        styles.update(digest(style.string or "") for style in soup.find_all("style"))
    return sorted(scripts), sorted(styles)


def reader_policy(scripts, styles, framable: bool) -> str:
    return ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + "".join(f" '{h}'" for h in scripts)
            + "; style-src 'self'" + "".join(f" '{h}'" for h in styles)
            + "; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + ("*" if framable else "'none'"))


def covers(pattern: str, url: str) -> bool:
    return url.startswith(pattern[:-1]) if pattern.endswith("*") else url == pattern


def test_every_headers_block_carries_exactly_the_headers_its_files_need(site):
    blocks = header_blocks((site / "_headers").read_text(encoding="utf-8"))
    assert blocks[0] == ("/*", COMMON), "the common headers, once, for every file"
    scripts, styles = inline_hashes(site)
    files = served_files(site)
    for pattern, headers in blocks[1:]:
        covered = [f for f in files if covers(pattern, f) or (pattern.endswith("/") and f == pattern + "index.html")]
        assert covered, f"{pattern} covers no file the build wrote"
        framable = pattern.startswith(("/embed/", "/ja/embed/"))
        editor = pattern.startswith("/admin/")
        hashed = {bool(HASHED_NAME.search(f.rsplit("/", 1)[-1])) and not editor for f in covered}
        assert len(hashed) == 1, f"{pattern} mixes fingerprinted and plain files"
        expected = {"Cache-Control": "public, max-age=31536000, immutable" if hashed.pop() else "no-cache"}
        if editor:
            policy = headers.get("Content-Security-Policy", "")
            assert policy.startswith("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' "
                                     "'unsafe-inline'") and policy.endswith("frame-ancestors 'none'"), pattern
            expected["Content-Security-Policy"] = policy
        else:
            expected["Content-Security-Policy"] = reader_policy(scripts, styles, framable)
        if not framable:
            expected["X-Frame-Options"] = "DENY"
        assert headers == expected, pattern


def test_every_file_falls_under_exactly_one_headers_block_and_the_story_addresses_under_the_right_one(site):
    blocks = header_blocks((site / "_headers").read_text(encoding="utf-8"))[1:]
    for url in served_files(site):
        urls = [url] + ([url[: -len("index.html")]] if url.endswith("/index.html") else [])
        for address in urls:
            matching = [pattern for pattern, _ in blocks if covers(pattern, address)]
            assert len(matching) == 1, (address, matching)
    by_address = lambda address: next(h for p, h in blocks if covers(p, address))  # noqa: E731
    for prefix in ("", "/ja"):
        card = by_address(f"{prefix}/embed/{RENAMED}/")
        assert card["Content-Security-Policy"].endswith("frame-ancestors *") and "X-Frame-Options" not in card
        for page in (f"{prefix}/stories/{RENAMED}/", f"{prefix}/stories/{WITHDRAWN}/", f"{prefix}/stories/{FORMER}/"):
            headers = by_address(page)
            assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-cache", page
    portraits = [f for f in served_files(site) if f.startswith(f"/media/portraits/{RENAMED}/")]
    assert portraits and all(by_address(f)["Cache-Control"] == "public, max-age=31536000, immutable" for f in portraits)


# --- Through nginx: only what the build wrote, 410 everywhere, portraits for a year -------------------------------

@pytest.fixture(scope="module")
def served(site, tmp_path_factory):
    # What a careless copy or checkout may leave beside the built files: none of it is the build's.
    strays = {".git/config": "[core]\n\tbare = false\n", ".env": "SECRET=fictional\n", "stories/.DS_Store": "x",
              "notes.html": "<p>not published</p>", "index.html~": "backup", "backup.tar": "x",
              "stories/draft-copy/index.html": "<p>not published</p>", "media/portraits/stray.jpg": "x"}
    for relative, text in strays.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    with nginx(site, site / "_hosting", tmp_path_factory.mktemp("nginx")) as server:
        server["strays"] = list(strays)
        yield server


def get(url: str, **options) -> requests.Response:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return requests.get(url, allow_redirects=False, timeout=10, **options)


def test_dotfiles_and_files_the_build_did_not_write_answer_404(served):
    for relative in served["strays"]:
        response = get(served["http"] + "/" + relative)
        assert response.status_code == 404, relative
        assert "fictional" not in response.text and "not published" not in response.text, relative
    for path in ("/.git/", "/.git/HEAD", "/stories/.DS_Store", "/ja/.env"):
        assert get(served["http"] + path).status_code == 404, path
    japanese = BeautifulSoup(get(served["http"] + "/ja/.env").text, "html.parser")
    assert japanese.html["lang"] == "ja", "the refusal is the 404 page of the address's language"


@pytest.mark.parametrize("prefix", ["", "/ja"])
def test_every_address_of_a_withdrawn_story_answers_410_with_its_notice(served, prefix):
    for path in (f"{prefix}/stories/{WITHDRAWN}/", f"{prefix}/stories/{WITHDRAWN}",
                 f"{prefix}/stories/{WITHDRAWN}/index.html", f"{prefix}/embed/{WITHDRAWN}/",
                 f"{prefix}/embed/{WITHDRAWN}/index.html"):
        response = get(served["http"] + path)
        assert response.status_code == 410, path
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.html["lang"] == (prefix.strip("/") or "en") and soup.h1, path
        assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-cache", path


def test_fingerprinted_portraits_are_cached_for_a_year(served, site):
    portraits = sorted((site / "media" / "portraits" / RENAMED).iterdir())
    assert portraits
    for portrait in portraits:
        response = get(f"{served['http']}/media/portraits/{RENAMED}/{portrait.name}")
        assert response.status_code == 200, portrait.name
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", portrait.name
        assert response.headers["X-Content-Type-Options"] == "nosniff"
