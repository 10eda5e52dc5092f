"""/admin/ in the real built site: served from the site itself, and left out of search, the sitemap and the
navigation, so readers never meet it."""
from __future__ import annotations

import json
import re

import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, search_index_texts

ADMIN = "admin"


def test_the_cms_is_served_from_the_site_at_the_pinned_version(built_site):
    admin = built_site / ADMIN
    pinned = json.loads((ROOT / "cms" / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((ROOT / "cms" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert locked["node_modules/decap-cms"]["version"] == pinned["decap-cms"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned["decap-cms"]) and re.fullmatch(r"\d+\.\d+\.\d+", pinned["decap-server"])
    installed = ROOT / "cms" / "node_modules" / "decap-cms"
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == pinned["decap-cms"]
    assert (admin / "decap-cms.js").read_bytes() == (installed / "dist" / "decap-cms.js").read_bytes()
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    scripts = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert scripts == ["init.js", "decap-cms.js", "admin.js"] and not page.find("script", src=False) and all((admin / src).is_file() for src in scripts)
    assert not any("//" in (s or "") for s in scripts)  # nothing from a CDN
    imports = re.findall(r"from '(\.[^']+)'", (admin / "admin.js").read_text(encoding="utf-8"))
    assert imports and all((admin / path).resolve().is_file() for path in imports)
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    # `mkdocs build` publishes the production setup: a git host and pull requests, no local backend.
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert config["backend"]["name"] in ("github", "gitlab")


def test_admin_is_left_out_of_search_sitemap_and_navigation(built_site):
    assert (built_site / ADMIN / "index.html").is_file()
    page = BeautifulSoup((built_site / ADMIN / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin" not in sitemap and "<loc>" in sitemap
    texts = search_index_texts(built_site)
    assert texts and not any('"url":"/admin' in text or "Editing: Attachment" in text for text in texts)
    for home in ("index.html", "ja/index.html", "stories/index.html", "ja/stories/index.html"):
        links = [a.get("href", "") for a in BeautifulSoup((built_site / home).read_text(encoding="utf-8"),
                                                           "html.parser").find_all("a")]
        assert links and not any(re.search(r"(^|/)admin/?$", href) for href in links), home


def _policy(headers_file: str, pattern: str) -> str:
    block = headers_file.split(f"\n{pattern}\n", 1)[1].split("\n/", 1)[0]
    return re.search(r"Content-Security-Policy: (.+)", block).group(1)


def test_admin_has_a_policy_of_its_own_and_the_site_keeps_its_strict_one(built_site):
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    editor, reader = _policy(headers, "/admin/*"), _policy(headers, "/")
    assert "'unsafe-eval'" in editor and "'unsafe-inline'" in editor and "https://api.github.com" in editor
    assert "'unsafe-eval'" not in reader and "'unsafe-inline'" not in reader and "api.github.com" not in reader
    nginx = (built_site / "_hosting" / "nginx" / "server.conf").read_text(encoding="utf-8")
    admin_block = re.search(r'^location "?/admin/"? \{\n(.*?)^\}', nginx, re.S | re.M)
    assert admin_block and editor in admin_block.group(1)


def test_decap_starts_under_the_policy_the_host_sends(built_site, browser):
    """The published /admin/ with the headers of _headers: the CMS shows its login, and the policy blocks nothing."""
    import functools
    import http.server
    import threading

    policy = _policy((built_site / "_headers").read_text(encoding="utf-8"), "/admin/*")

    class WithPolicy(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithPolicy, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        blocked = []
        tab.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
        tab.on("pageerror", lambda error: blocked.append(str(error)))
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/admin/")
        tab.get_by_role("button", name=re.compile("Login with GitHub|Login")).wait_for(timeout=30000)
        assert blocked == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
