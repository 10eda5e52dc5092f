"""MkDocs' events, each one call into the build pipeline (alumni_stories/build/pipeline.py, where the logic and
every piece of state live). The engine is seen by the pipeline through hooks/engine.py.

Priorities only where another plugin forces one: mkdocs-static-i18n localizes the files at -100 and builds
every other language from its on_post_build at -100. Three in all: FIRST, LAST and the default (0).
"""
from __future__ import annotations

import logging

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from alumni_stories.build.engine import BuildStop, PageInfo
from alumni_stories.build.pipeline import PIPELINES
from hooks.engine import MkDocsEngine, check_links, drop_dirty_warning, list_without_dot_folders

FIRST = 100  # before mkdocs-static-i18n reads the config and files (-100) and before its page context (50)
LAST = -150  # after mkdocs-static-i18n's -100: its files localized, every language built, every plugin done

log = get_plugin_logger(__name__)


def _call(config, method: str, *args):
    engine = MkDocsEngine(config, log)
    try:
        return getattr(PIPELINES.pipeline(engine.root), method)(engine, *args)
    except BuildStop as stop:
        raise PluginError(str(stop)) from None


def _page(page) -> PageInfo:
    return PageInfo(page.file.src_uri, page.meta.get("template"), page.title, page.url, page.is_homepage,
                    page.meta.get("description"), getattr(page, "markdown", None) or "",
                    getattr(page.file, "abs_src_path", None))


def on_startup(command, dirty):
    # `mkdocs serve --clean` reports "build" and previews exactly what `mkdocs build` publishes.
    if PIPELINES.start(command, dirty).preview:
        log.info("Preview: drafts and embargoed stories are shown, marked; `mkdocs build` leaves them out.")
    if PIPELINES.command.edit:
        logging.getLogger("mkdocs.commands.build").addFilter(drop_dirty_warning)


@event_priority(FIRST)
def on_config(config):
    list_without_dot_folders(config.theme)
    _call(config, "configure")
    return config


def on_pre_build(config):
    _call(config, "validate")  # before MkDocs cleans the site folder: bad content leaves the last site as it was


def _add_generated(files, config):
    for name in _call(config, "generated_pages"):
        files.append(File(name, config.docs_dir, config.site_dir, config.use_directory_urls,
                          inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _plan(files, config):
    pages = files.documentation_pages()
    plan = _call(config, "plan", [(file.src_uri, file.dest_uri, file.url) for file in pages])
    for file in pages:
        content, reuse = plan[file.src_uri]
        if content is not None:
            meta = yaml.dump(content[0], Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)
            file.content_string = f"---\n{meta}---\n\n{content[1]}"
        if reuse is not None:
            file.is_modified = (lambda: False) if reuse in ("keep", "kept") else (lambda: True)
            file.alumni_stories_kept = reuse == "kept"  # built as if dirty: see hooks/engine.py
    return files


on_files = CombinedEvent(event_priority(FIRST)(_add_generated), event_priority(LAST)(_plan))


@event_priority(LAST)
def on_env(env, config, files):
    return _call(config, "templates", env)  # last: the filters and extensions of every plugin are in


def on_page_markdown(markdown, page, config, files):
    return _call(config, "page_markdown", markdown)


@event_priority(LAST)
def on_page_content(html, page, config, files):
    html, rendered = _call(config, "page_body", html, _page(page))  # the HTML after every plugin changed it
    if rendered is not None:  # a story: the core rendered its body (MkDocs rendered none)
        toc, links = rendered
        page.toc = get_toc(toc)
        check_links(links, page, config, files)
    return html


@event_priority(FIRST)
def on_page_context(context, page, config, nav):
    title = _call(config, "page_context", context, _page(page))
    if title is not None:  # Material prints page titles unescaped (<title>, header); titles are data
        page.title = page.meta["title"] = title
    return context


def on_template_context(context, template_name, config):
    _call(config, "template_context", context, template_name)
    return context


@event_priority(LAST)
def on_post_page(output, page, config):
    return _call(config, "finish_page", output)


def on_post_template(output_content, template_name, config):
    return _call(config, "finish_template", output_content, template_name)


def _language_done(config):
    _call(config, "language_done")  # before mkdocs-static-i18n starts the next language's pass


def _all_done(config):
    _call(config, "outputs")


on_post_build = CombinedEvent(_language_done, event_priority(LAST)(_all_done))


def on_build_error(error):
    PIPELINES.failed()


def on_serve(server, config, builder):
    for folder in _call(config, "watched"):
        server.watch(str(folder))
    return server


def on_shutdown():
    PIPELINES.shutdown(log)  # swaps the finished folder in: a strict build stops after on_post_build
