"""What the quality checks share: the pages to visit, the non-Python tools, a server for extra builds."""
from __future__ import annotations

from pathlib import Path

from conftest import ROOT, serve  # noqa: F401  (serve is used by the quality tests through this module)

TOOLS = ROOT / "tests" / "tools" / "node_modules"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"

LANGUAGE_PREFIXES = {"en": "", "ja": "ja/"}
# Folders of the built site that hold no pages of their own (admin/: the editors' interface, Decap CMS's own UI).
NOT_PAGES = {"assets", "search", "ja", "admin"}


def tool(path: Path) -> Path:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run scripts/test.sh, which installs it"
    return path


def html_files(site: Path) -> list[Path]:
    """Every HTML page of the built site, both languages (theme assets excluded)."""
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def url_path(site: Path, file: Path) -> str:
    """site/ja/stories/x/index.html -> 'ja/stories/x/'."""
    relative = file.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def representative_pages(site: Path) -> list[str]:
    """One page of each kind, in each language: the home page, and for every section of the site (stories/,
    guide/, and the sections other features add: countries/, programme/, search/...) its index page and
    its first sub-page. New kinds of page are picked up without editing the tests."""
    pages = []
    for prefix in LANGUAGE_PREFIXES.values():
        root = site / prefix
        pages.append(prefix)
        for section in sorted(d for d in root.iterdir() if d.is_dir() and d.name not in NOT_PAGES):
            if (section / "index.html").is_file():
                pages.append(f"{prefix}{section.name}/")
            children = sorted(d for d in section.iterdir() if (d / "index.html").is_file())
            if children:
                pages.append(f"{prefix}{section.name}/{children[0].name}/")
    if (site / "404.html").is_file():
        pages.append("404.html")
    return pages


def pages_in_both_languages(paths: list[str]) -> list[tuple[str, str]]:
    """[(language, path)] for language-neutral paths such as 'stories/'."""
    return [(language, prefix + path) for language, prefix in LANGUAGE_PREFIXES.items() for path in paths]
