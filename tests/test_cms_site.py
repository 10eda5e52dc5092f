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
