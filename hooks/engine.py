"""MkDocs behind the build pipeline's engine port (alumni_stories/build/engine.py), and MkDocs' own parts changed.

Everything that knows MkDocs, Material or mkdocs-static-i18n is here or in hooks/adapter.py; not a hook itself.
"""
from __future__ import annotations

import copy
import hashlib
import inspect
import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.pages import _RelativePathTreeprocessor

from alumni_stories.build.engine import Engine, named_files, project_root
from alumni_stories.content.model import DEFAULT_LANGUAGE

# Material's script fetches sitemap.xml beside every <link rel=alternate> of a page (to keep a reader's place when
# switching language); none exists next to a page's alternates, so each page made two failed requests. The
# language selector links the counterpart directly and sitemap.xml lists every pair with hreflang, so these go.
_LANGUAGE_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


class MkDocsEngine(Engine):
    def __init__(self, config, log):
        self.config, self.log = config, log

    token = property(lambda self: self.config)  # MkDocs makes one config per build; language passes share it
    root = property(lambda self: project_root(self.config.config_file_path))
    _i18n = property(lambda self: self.config.plugins.get("i18n"))
    language = property(lambda self: getattr(self._i18n, "current_language", None) or DEFAULT_LANGUAGE)
    nested_pass = property(lambda self: bool(getattr(self._i18n, "building", False)))  # set in its nested builds
    site_dir = property(lambda self: Path(self.config.site_dir))
    site_url = property(lambda self: self.config.site_url or "")
    docs_dir = property(lambda self: Path(getattr(self.config, "docs_dir", None) or self.root / "docs"))
    use_directory_urls = property(lambda self: self.config.use_directory_urls)
    stops_on_warnings = property(lambda self: bool(self.config.strict))
    template_dirs = property(lambda self: self.config.theme.dirs)
    favicons = property(lambda self: [self.config.theme.get("favicon") or "", "assets/images/favicon.png"])
    shared_inputs = (("hooks", "overrides", "docs"), ("mkdocs.yml",))
    config_file = "mkdocs.yml"
    code_folders = property(lambda self: (self.root / "hooks",))
    libraries = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")

    def set_site_url(self, address):
        self.config.site_url = address

    def redirect_site_dir(self, folder):
        self.config.site_dir = str(folder)

    settings = lambda self, name: dict((self.config.extra or {}).get(name) or {})  # noqa: E731
    where = lambda self, setting, key=None: f"mkdocs.yml [{setting}]" if key is None \
        else f"mkdocs.yml [extra.{setting}.{key}]"  # noqa: E731
    source_name = lambda self, source, language: f"{source}.{language}.md"  # mkdocs-static-i18n's file names
    in_navigation = lambda self, source: _in_nav(self.config, source)  # noqa: E731
    one_line_classes = ("md-ellipsis",)  # Material's titles cut with an ellipsis (header, drawer)

    def clean_page(self, html):
        head_end = html.find("</head>")
        return _LANGUAGE_ALTERNATE.sub("", html[:head_end]) + html[head_end:] if head_end > 0 else html

    def language_selector_home(self):
        i18n = self._i18n  # it sets the attribute (which templates read first) and the key: both are set
        if i18n is not None and getattr(i18n, "extra_alternate", None):
            self.config.extra["alternate"] = copy.deepcopy(i18n.extra_alternate)
            self.config.extra.alternate = copy.deepcopy(i18n.extra_alternate)


def list_without_dot_folders(theme) -> None:
    """MkDocs lists every file of the theme folders for the static files it copies, then drops every path with a
    part starting with a dot: Material's `.icons/` (14,000 SVG files) was walked for nothing in each pass."""
    if not inspect.ismethod(theme.get_env):  # already replaced: mkdocs-static-i18n runs on_config per language
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        if type(env.loader) is jinja2.FileSystemLoader:  # what MkDocs makes; anything else is left alone
            env.loader = ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env

    theme.get_env = get_env


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja2's file loader, listing no file or folder whose name starts with a dot."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for name in (n for n in filenames if not n.startswith(".")):
                    template = os.path.join(dirpath, name)[len(searchpath):].strip(os.sep).replace(os.sep, "/")
                    found.add(template[2:] if template[:2] == "./" else template)  # as Jinja2's own
        return sorted(found)


def check_links(links, page, config, files) -> None:
    """MkDocs' own check of a page's links and images (validation: in mkdocs.yml; a strict build stops on its
    warning), for a story page whose body the core rendered: MkDocs rendered no body, so it saw no link. Its
    rewriting of the address is not used: a story links pages by their addresses, which it leaves as they are."""
    resolver = _RelativePathTreeprocessor(page.file, files, config)
    for url in links:
        resolver.path_to_url(url)


def drop_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns at every dirty build that navigation may be stale. Not here: see _skipping_kept, Pipeline._reuse.
    return not str(record.msg).startswith("A 'dirty' build is being performed")


# A kept page is built as if dirty (MkDocs skips an unmodified page only then); one the navigation names gets its
# title. The only private functions changed; tests/test_pipeline.py fails when MkDocs changes them (digests below).
PATCHED = (("_populate_page", "31a70ea4caef1e12"), ("_build_page", "adcdbd14b2361126"))  # MkDocs 1.6.1


def source_digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def _in_nav(config, source) -> bool:  # mkdocs.yml's nav names files without mkdocs-static-i18n's language suffix
    return re.sub(r"\.[a-z]{2}\.md$", ".md", source) in named_files(config.nav)


def _skipping_kept(step):
    signature = inspect.signature(step)

    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        page, config = bound.arguments["page"], bound.arguments["config"]
        if getattr(page.file, "alumni_stories_kept", False):
            bound.arguments["dirty"] = True
        if bound.arguments.get("dirty") and page.markdown is None and not page.file.is_modified() \
                and _in_nav(config, page.file.src_uri):  # a kept page's title is in every page's navigation
            page.read_source(config)
        return step(*bound.args, **bound.kwargs)

    wrapper.alumni_stories_original = step
    return wrapper


def patch_mkdocs() -> None:
    for name, _digest in PATCHED:
        if not hasattr(getattr(mkdocs_build, name), "alumni_stories_original"):  # `serve` loads the adapter again
            setattr(mkdocs_build, name, _skipping_kept(getattr(mkdocs_build, name)))


patch_mkdocs()
