"""Fast previews with `mkdocs serve --dirty`: rebuild only the story pages an edit can have changed.

The logic and its state live in hooks/_preview.py; this file only connects it to MkDocs' events.
Plain `mkdocs build` and plain `mkdocs serve` are unaffected: they rebuild every page.
"""
from __future__ import annotations

import logging

from mkdocs.plugins import event_priority, get_plugin_logger

from hooks import _preview
from hooks._support import all_languages_built, content_root, site_for
from alumni_stories.content.model import LANGUAGES
from alumni_stories.site import urls

log = get_plugin_logger(__name__)


def _drop_dirty_warning(record: logging.LogRecord) -> bool:
    # MkDocs warns at every dirty build that navigation may be stale. Here it is not: stories are not in
    # the navigation, every page that lists stories is rebuilt, and a data change rebuilds everything.
    # The warning would only alarm editors (and fail `serve --strict`).
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    _preview.started(command, dirty)
    if _preview.is_dirty_serve():
        logging.getLogger("mkdocs.commands.build").addFilter(_drop_dirty_warning)


# After hooks/stories.py has filled the generated pages (priority -110) and mkdocs-static-i18n has
# localized the files (-100): only then are these the File objects MkDocs will build.
@event_priority(-120)
def on_files(files, config):
    if not _preview.is_dirty_serve():
        return files
    site, root = site_for(config), content_root(config)
    story_sources = {urls.story_source(story.slug, language): story.slug
                     for story in site.stories for language in LANGUAGES}
    for file in files.documentation_pages():
        slug = story_sources.get(file.src_uri)
        if slug is None:
            _preview.force_rebuild(file)
        elif _preview.unchanged_story(config, site, root, slug, file.abs_dest_path):
            _preview.keep_as_built(file)
    return files


# After mkdocs-static-i18n (-100) has built the other languages.
@event_priority(-200)
def on_post_build(config):
    if _preview.is_dirty_serve() and all_languages_built(config):
        rebuilt, total = _preview.finished(config, site_for(config), content_root(config))
        if rebuilt < total:
            log.info(f"rebuilt the pages of {rebuilt} of {total} stories; the others had not changed")
