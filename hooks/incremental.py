"""MkDocs adapter for incremental builds: `mkdocs build` renders only the story pages whose inputs changed.

The rule and the record live in alumni_stories/site/incremental.py; this file finds the story pages MkDocs is
about to build, lets it skip those the record proves unchanged, and copies their last output into the folder
being built. Only for `mkdocs build` into a folder the atomic build swaps in (hooks/atomic.py); `mkdocs serve
--dirty` has its own rule (hooks/preview.py); ALUMNI_STORIES_NO_CACHE=1 renders every page.
"""
from __future__ import annotations

import inspect
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

from hooks._support import all_languages_built, build_state, content_root, site_for, write_inside
from alumni_stories.content import persistent
from alumni_stories.content.model import LANGUAGES
from alumni_stories.site import incremental, urls

log = get_plugin_logger(__name__)

_mode = {"build": False}


def on_startup(command, dirty):
    _mode["build"] = command == "build" and not dirty


def _plan(config) -> dict | None:
    """Once per build (both language passes): the record of the last build and what this one may keep."""
    state = build_state(config)
    if "incremental" not in state:
        final = state.get("final_site_dir")  # set by hooks/atomic.py when it builds into a temporary folder
        if not _mode["build"] or final is None or persistent.disabled():
            state["incremental"] = None
        else:
            root, site = content_root(config), site_for(config)
            context = {"site_url": config.site_url or "", "use_directory_urls": config.use_directory_urls}
            current = incremental.Record(shared=incremental.shared_digest(root, context),
                                         stories=incremental.story_digests(root),
                                         order=[story.slug for story in site.stories])
            path = incremental.record_path(root, final)
            previous = incremental.load_record(path)
            state["incremental"] = {"final": Path(final), "path": path, "previous": previous, "current": current,
                                    "kept_slugs": incremental.kept_slugs(previous, current),
                                    "pages": set(), "kept": set()}
    return state["incremental"]


# After mkdocs-static-i18n localized the files (-100) and hooks/stories.py filled the generated pages (-110):
# these are the File objects of the language being built.
@event_priority(-125)
def on_files(files, config):
    plan = _plan(config)
    if plan is None:
        return files
    sources = {urls.story_source(slug, language): slug for slug in plan["current"].order for language in LANGUAGES}
    for file in files.documentation_pages():
        slug = sources.get(file.src_uri)
        if slug is None:
            continue
        plan["pages"].add(file.dest_uri)
        if slug in plan["kept_slugs"] and incremental.unchanged_output(plan["previous"], plan["final"], file.dest_uri):
            file.is_modified = lambda: False  # MkDocs' own dirty-build test: see _skipping_kept below
            file.alumni_stories_kept = True
            plan["kept"].add(file.dest_uri)
    return files


def _skipping_kept(step):
    """MkDocs skips a page whose file is unmodified only in a dirty build; a kept page is built as if dirty."""
    signature = inspect.signature(step)

    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        if getattr(bound.arguments["page"].file, "alumni_stories_kept", False):
            bound.arguments["dirty"] = True
        return step(*bound.args, **bound.kwargs)

    wrapper.alumni_stories_original = step
    return wrapper


for _name in ("_populate_page", "_build_page"):
    _step = getattr(mkdocs_build, _name)
    if not hasattr(_step, "alumni_stories_original"):  # `mkdocs serve` loads hook files again on every rebuild
        setattr(mkdocs_build, _name, _skipping_kept(_step))


# Once every language is built (mkdocs-static-i18n, -100), before anything reads the pages (search, -105).
def _link_kept_pages(config) -> None:
    plan = build_state(config).get("incremental")
    if plan is None or not all_languages_built(config):
        return
    for relative in sorted(plan["kept"]):  # a link, no bytes copied; nothing writes into a kept page afterwards
        write_inside(Path(config.site_dir), relative, plan["final"] / relative)
    plan["story_pages"] = (len(plan["pages"]), len(plan["kept"]))
    if plan["kept"]:
        log.info(f"rendered {len(plan['pages']) - len(plan['kept'])} of {len(plan['pages'])} story pages; "
                 "the others had not changed since the last build")


def _save_record(config) -> None:
    plan = build_state(config).get("incremental")
    if plan is None or not all_languages_built(config):
        return
    previous = plan["previous"].outputs if plan["previous"] else {}
    current = plan["current"]
    current.outputs = incremental.digest_outputs(Path(config.site_dir), plan["pages"],
                                                 {relative: previous[relative] for relative in plan["kept"]})
    incremental.save_record(plan["path"], current)


# Kept pages go in once every language is built (mkdocs-static-i18n, -100), before anything reads the pages
# (search, -105); the record is written after the embed cards (hooks/partners.py, -110), before the swap (-120).
on_post_build = CombinedEvent(event_priority(-101)(_link_kept_pages), event_priority(-119)(_save_record))
