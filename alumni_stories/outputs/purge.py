"""The theme's stylesheet cut to the rules the site can use (issue 24, "light and fast": the theme's main.css is
137 KB, most of it for documentation components this site never shows: admonitions, code blocks, tabs, palettes...).

PurgeCSS's method, in Python: every word that appears in the site's pages and scripts (the theme's own script
included, so every class it adds at run time counts as used, and the site's own scripts likewise) is collected; a
style rule stays when at least one of its selectors names only classes, ids, tags and attributes among those words.
Rules inside @media and @supports are cut the same way; @font-face, @keyframes, :root custom properties and every
rule that names nothing stay. Then the file is written under a new fingerprinted name and the pages point to it.
No hand-kept list of names: tests/test_css_purge.py checks in a browser that no rule applying to a page, its menu
open or closed, is cut.

Why not PurgeCSS itself (npm): it would make Node.js a dependency of every build, which today needs only Python;
the CSS is parsed by tinycss2 (a well-kept parser, pinned in requirements.txt), only the keep-or-drop rule is here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from alumni_stories.outputs import writing
from alumni_stories.outputs.assets import content_name

THEME_CSS = re.compile(r"^main\.[0-9a-f]{8}\.min\.css$")  # the theme's fingerprinted stylesheet
_WORD = re.compile(rb"[A-Za-z0-9_-]+")  # PurgeCSS's default extractor
_NAME = re.compile(r"([.#])((?:[A-Za-z0-9_-]|\\.)+)")  # a class or id in a selector (escapes kept as written)
_KEEP_RECURSIVELY = {"media", "supports", "container", "layer"}


@dataclass
class PurgeSummary:
    source: str = ""
    target: str = ""
    before: int = 0
    after: int = 0
    missing: str = ""

    def summary(self) -> str:
        if self.missing:
            return (f"theme stylesheet {self.source} left whole: {self.missing} is not installed "
                    "(run scripts/bootstrap.sh, or pip install -r requirements.txt)")
        if not self.target:
            return "theme stylesheet: not found, left as it is"
        return f"theme stylesheet {self.source} cut to the rules in use: {self.before // 1024} KB -> " \
               f"{self.after // 1024} KB ({self.target})"


_SCRIPT_NAME = re.compile(rb"[\w.-]+\.js(?![\w-])")  # a script's file name, in a src or a data attribute


def used_words(site_dir: Path, skip: tuple[str, ...]) -> set[str]:
    """The words of every page outside `skip`, and of the scripts those pages name (a script on disk that no
    page loads, such as a theme script the templates leave out, adds no class to any page)."""
    words: set[bytes] = set()
    pages, scripts = [], []
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix in (".html", ".js") and not relative.startswith(skip) and path.is_file():
            (pages if path.suffix == ".html" else scripts).append(path)
    named: set[bytes] = set()
    for path in pages:
        text = path.read_bytes()
        words.update(_WORD.findall(text))
        named.update(_SCRIPT_NAME.findall(text))
    for path in scripts:
        if path.name.encode("utf-8") in named:
            words.update(_WORD.findall(path.read_bytes()))
    return {word.decode("ascii") for word in words}


_ATTRIBUTE = re.compile(r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*[\"']?([\w-]*)[\"']?\s*)?(?:\s[is])?\]")
_PSEUDO = re.compile(r"::?[\w-]+(?:\((?:[^()]|\([^()]*\))*\))?")
_TAG = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)(?![\w-])")


def _selector_used(selector: str, words: set[str]) -> bool:
    """PurgeCSS's test: every class, id, tag and attribute (name and value) the selector names is a word of the
    site (what pseudo-classes such as :not() and :is() hold is not tested: it can only keep more)."""
    plain = _PSEUDO.sub("", selector)
    needed = [name.replace("\\", "") for _, name in _NAME.findall(_ATTRIBUTE.sub(" ", plain))]
    for name, value in _ATTRIBUTE.findall(plain):
        needed += [name, value] if value else [name]
    needed += _TAG.findall(_NAME.sub("", _ATTRIBUTE.sub("", plain)))
    return all(name in words for name in needed)


def purge_css(text: str, words: set[str]) -> str:
    import tinycss2

    def walk(rules) -> list[str]:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude).strip()
                selectors = [s.strip() for s in prelude.split(",")]
                used = [s for s in selectors if _selector_used(s, words)]
                if used:
                    kept.append(f"{','.join(used)}{{{tinycss2.serialize(rule.content).strip()}}}")
            elif rule.type == "at-rule" and rule.lower_at_keyword in _KEEP_RECURSIVELY and rule.content is not None:
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            elif rule.type == "at-rule":
                kept.append(tinycss2.serialize([rule]))
        return kept

    return "".join(walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)))


def purge_theme_css(site_dir: Path, skip: tuple[str, ...] = ("admin/",)) -> PurgeSummary:
    """Write the theme's stylesheet cut to the rules in use, and point every page (outside `skip`) to it."""
    site_dir = Path(site_dir)
    folder = site_dir / "assets" / "stylesheets"
    sources = [p for p in sorted(folder.glob("main.*.min.css")) if THEME_CSS.match(p.name)] if folder.is_dir() else []
    if len(sources) != 1:
        return PurgeSummary()
    source = sources[0]
    try:
        import tinycss2  # noqa: F401
    except ImportError:  # an environment installed before the pin: the site still works, only heavier
        return PurgeSummary(source.name, missing="tinycss2")
    text = source.read_text(encoding="utf-8")
    purged = purge_css(text, used_words(site_dir, skip)).encode("utf-8")
    target = content_name("theme.css", purged)
    writing.write_inside(site_dir, f"assets/stylesheets/{target}", purged)
    reference = re.compile(r'(?<=["/])assets/stylesheets/' + re.escape(source.name) + r'(?=")')
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        if relative.startswith(skip):
            continue
        html = page.read_text(encoding="utf-8")
        new = reference.sub(f"assets/stylesheets/{target}", html)
        if new != html:
            writing.write_inside(site_dir, relative, new)
    return PurgeSummary(source.name, target, len(text.encode("utf-8")), len(purged))
