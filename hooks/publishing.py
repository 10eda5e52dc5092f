"""MkDocs adapter for publishing: preview drafts in `mkdocs serve`, and put portraits into the site.

Which stories are public is decided by the core (alumni_stories.site.load_site); this hook only tells it
whether the command is a preview, and copies the rendered portrait images into the built site.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import content_root, first_language_pass, is_preview, set_preview, site_for
from alumni_stories.content.persistent import cache_folder
from alumni_stories.errors import ContentError
from alumni_stories.media import portraits
from alumni_stories.content.publishing import OUTDATED, content_status

log = get_plugin_logger(__name__)
_rendered: dict = {}  # site-relative path -> cached file, for the portraits of the current content


def on_startup(command, dirty) -> None:
    # `mkdocs serve` is the editors' preview; `mkdocs serve --clean` reports "build" and previews
    # exactly what `mkdocs build` publishes.
    set_preview(command == "serve")
    if is_preview():
        log.info("Preview: drafts and embargoed stories are shown, marked; `mkdocs build` leaves them out.")


# After hooks/stories.py validated the content (priority 100) and still before MkDocs cleans site/:
# a photo that cannot be rendered stops the build with the last good site untouched. Cached by the
# photo's content, so the second language pass and unchanged rebuilds encode nothing.
@event_priority(90)
def on_pre_build(config) -> None:
    site = site_for(config)
    if first_language_pass(config):
        shown = {story.slug for story in site.stories}
        for status in content_status(content_root(config) / "stories"):
            for language, state in status.languages.items():
                if state == OUTDATED and status.slug in shown:
                    # Information, not a warning: strict builds must still publish an English correction.
                    log.info(f"stories/{status.slug}.{language}.md is older than the English text; update it, "
                             f"then run scripts/check.sh --mark-translated {status.slug}")
    cache = cache_folder(content_root(config), "portraits")
    _rendered.clear()
    try:
        _rendered.update(portraits.render_all([(story.slug, story.portrait_source) for story in site.stories
                                               if story.portrait_source is not None], cache))
    except portraits.RenderError as error:
        raise PluginError(f"stories/{error.slug}.en.md [portrait.file]: the photo could not be resized "
                          f"({error}) -> export it again as JPEG or PNG and replace the file") from None


def on_post_build(config) -> None:
    try:
        copied = portraits.publish(_rendered, Path(config.site_dir))
    except ContentError as error:
        raise PluginError(error.render()) from None
    if copied:
        log.debug(f"copied {copied} portrait images into the site")
