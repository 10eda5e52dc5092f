"""What every hook module shares: the validated content, the language being built, the pass.

Not a hook itself (mkdocs.yml does not list it); hook modules import it as `hooks._support`.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent

from alumni_stories.content.model import DEFAULT_LANGUAGE
from alumni_stories.errors import ContentError
from alumni_stories.outputs import validation, writing
from alumni_stories.site.cache import cached_site
from alumni_stories.site.views import load_site_checked


def content_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


# Set once per MkDocs command by hooks/publishing.py (on_startup): `mkdocs serve` previews drafts and
# embargoed stories; `mkdocs build` (and anything that does not say) publishes only public stories.
# Kept here, not in a hook module, because `mkdocs serve` reloads hook modules on every rebuild.
_mode = {"preview": False}


def set_preview(preview: bool) -> None:
    _mode["preview"] = bool(preview)


def is_preview() -> bool:
    return _mode["preview"]


def report_for(config):
    """The validation report of the content (alumni_stories/outputs/validation.py, the same as the check
    command's), once per build. `mkdocs build` stops with PluginError listing every problem, before site/ is
    touched; the preview (`mkdocs serve`) goes on with everything that has no problem and shows the problems."""
    report = getattr(config, _SITE_ATTRIBUTE, None)
    if report is None:
        root = content_root(config)
        try:
            site, problems = cached_site(root, include_drafts=is_preview()), []
        except ContentError as error:
            if not is_preview():
                raise PluginError(error.render()) from None
            site, problems = load_site_checked(root, include_drafts=True, salvage=True)
        docs_dir = Path(getattr(config, "docs_dir", None) or root / "docs")
        report = validation.check_site(site, docs_dir, preview=is_preview())
        report.problems[:0] = problems
        if report.problems and not is_preview():
            raise PluginError(ContentError(report.problems).render())
        setattr(config, _SITE_ATTRIBUTE, report)
    return report


def site_for(config):
    """The validated content (loaded once while its files are unchanged); PluginError listing every problem.

    Checked once per build, then kept on the config object: checking the content files on every call
    (every page) made each page cost grow with the number of stories. MkDocs makes a new config for
    every build, and both language passes of mkdocs-static-i18n share one, so a rebuild still sees edits.
    """
    return report_for(config).site


_SITE_ATTRIBUTE = "_alumni_stories_site"


def build_state(config) -> dict:
    """What hook modules hand each other during one build (both language passes share the config)."""
    state = getattr(config, _STATE_ATTRIBUTE, None)
    if state is None:
        state = {}
        setattr(config, _STATE_ATTRIBUTE, state)
    return state


_STATE_ATTRIBUTE = "_alumni_stories_build_state"


def write_inside(site_dir: Path, relative: str, data: bytes | str | Path) -> None:
    """Write a file of the site (a Path: link that file there), refusing any path that would land outside it."""
    try:
        if isinstance(data, Path):
            writing.link_inside(site_dir, relative, data)
        else:
            writing.write_inside(site_dir, relative, data)
    except ContentError as error:
        raise PluginError(error.render()) from None


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE


def _nested_build_running(config) -> bool:
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def first_language_pass(config) -> bool:
    """True in events of the default language's pass: the place for work and reports that are once per build.

    mkdocs-static-i18n builds the default language, then, from its on_post_build (priority -100), each
    other language in a nested build that runs every event again; `building` is set only during those.
    """
    return not _nested_build_running(config)


def all_languages_built(config) -> bool:
    """True in on_post_build (at a priority below -100) once mkdocs-static-i18n has built every language.

    The nested builds of the other languages have run by then (see first_language_pass).
    """
    return not _nested_build_running(config)
