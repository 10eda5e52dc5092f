"""The engine port: what the pipeline needs from the site engine, and the one error it stops a build with.

An adapter implements `Engine` over the engine's configuration of one build; the pipeline
never sees the engine's own objects, so another engine needs another adapter, not another pipeline.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class BuildStop(Exception):
    """The build cannot go on: a message for the person building (file, field, fix), never a traceback.
    The adapter turns it into the engine's own error."""


@dataclass(frozen=True)
class PageInfo:
    """What the pipeline is told about a page the engine is rendering."""
    source: str  # the engine's name of the page's source (for generated pages: as the adapter named it)
    template: str | None  # the page's template, if it names one
    title: str | None
    url: str  # site-relative, "" for the home page
    is_homepage: bool = False
    description: str | None = None
    markdown: str = ""  # the Markdown the engine rendered the page from
    source_path: str | None = None  # the file it came from, when there is one (hand-written pages)


class Engine(ABC):
    """One build as the engine runs it. Every language pass of one build shares `token`."""

    log = None  # logging.Logger-like: the engine's logger, so a warning stops a strict build

    @property
    @abstractmethod
    def token(self) -> object:
        """Identifies one build: the same object in every language pass, a new one for the next build."""

    @property
    @abstractmethod
    def root(self) -> Path:
        """The project folder (stories/, data/, schema/, .cache/)."""

    @property
    @abstractmethod
    def language(self) -> str:
        """The language of the pass being built."""

    @property
    @abstractmethod
    def nested_pass(self) -> bool:
        """True while another language's pass runs inside the first one; False in the first pass, and once
        every language is built (where once-per-build work goes)."""

    @property
    @abstractmethod
    def site_dir(self) -> Path: ...

    @abstractmethod
    def set_site_url(self, address: str | None) -> None:
        """Use the address as parsed (None: no address, the site links by rooted paths)."""

    @abstractmethod
    def redirect_site_dir(self, folder: Path) -> None:
        """Build into `folder` instead (the atomic build's temporary folder)."""

    @property
    @abstractmethod
    def site_url(self) -> str: ...

    @property
    @abstractmethod
    def docs_dir(self) -> Path: ...

    @property
    @abstractmethod
    def use_directory_urls(self) -> bool: ...

    @property
    @abstractmethod
    def template_dirs(self) -> list[str]:
        """Where templates are found, first match wins (the project's own first)."""

    @property
    @abstractmethod
    def favicons(self) -> list[str]:
        """Site-relative paths of the theme's raster favicons, in order of preference."""

    @abstractmethod
    def settings(self, name: str) -> dict:
        """The project's settings block `name` from the engine's configuration (for example "cms")."""

    @property
    @abstractmethod
    def config_file(self) -> str:
        """The engine's configuration file, as messages name it."""

    @abstractmethod
    def where(self, setting: str, key: str | None = None) -> str:
        """Where a setting (`key` of the settings block `setting`) is written, as messages name it."""

    @property
    @abstractmethod
    def code_folders(self) -> tuple[Path, ...]:
        """Folders of the adapter's code (compiled templates depend on it)."""

    @property
    @abstractmethod
    def libraries(self) -> tuple[str, ...]:
        """The engine's distributions, whose versions decide compiled templates."""

    @abstractmethod
    def source_name(self, source: str, language: str) -> str:
        """The engine's name of a generated page's source (`source`: a site path such as "stories/<slug>")."""

    @property
    @abstractmethod
    def shared_inputs(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(folders, files) of the project, besides content and the core, that may change any page: the
        engine's configuration, the adapter, templates."""

    stops_on_warnings: bool = False  # a strict build: its first warning stops it

    one_line_classes: tuple[str, ...] = ()  # classes of the theme's text kept on one line (no phrase break inside)

    def in_navigation(self, source: str) -> bool:
        """Whether every page's navigation names the page `source` (its title is part of every page): the fast
        preview renders such a page whenever it renders any (default: none is)."""
        return False

    def clean_page(self, html: str) -> str:
        """The theme's own last touch to a finished page (default: none)."""
        return html

    def language_selector_home(self) -> None:
        """On a page rendered outside the page loop (404.html), point the language selector at each home."""


def named_files(tree) -> set:
    """The file names in a navigation tree of strings, {title: entry} mappings and nested lists."""
    if isinstance(tree, str):
        return {tree}
    entries = tree.values() if isinstance(tree, dict) else tree or ()
    return set().union(*(named_files(entry) for entry in entries))


@lru_cache(maxsize=16)
def project_root(config_file: str) -> Path:
    """The project folder of the configuration file `config_file`, resolved once per process: every page's hooks
    ask for it, and resolving it each time was some 8,000 realpath calls (58,000 lstat) per build at 1,000 alumni."""
    return Path(config_file).resolve().parent
