"""MkDocs adapter for the alumni_stories core: validate content, hand generated pages to the build,
give templates their data. Logic lives in alumni_stories/; this file only translates between the two.

mkdocs-static-i18n builds each language in its own pass, so every event here runs once per language;
the content is loaded once and reused while its files are unchanged.
"""
from __future__ import annotations


import markupsafe
import yaml
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from hooks._support import content_root, current_language, first_language_pass, is_preview, report_for, site_for
from alumni_stories.outputs.validation import preview_problems_html
from alumni_stories.content.model import LANGUAGES
from alumni_stories.site import pages, urls

log = get_plugin_logger(__name__)

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: this runs for every page
_generated: dict = {}  # docs-relative source name with language suffix -> (PlannedPage, language)


# Validation runs before MkDocs cleans site/, so bad content leaves the last good site untouched.
# Every rule of the check command runs here (report_for): problems stop the build; what stops only a strict build
# is a warning; the summary is information. In the preview, problems are warnings and shown on every page.
@event_priority(100)
def on_pre_build(config) -> None:
    report = report_for(config)
    if first_language_pass(config):
        for problem in [*report.problems, *report.warnings]:
            log.warning(str(problem))
        for line in report.summary():
            log.info(line)


# After hooks/content_safety.py (-100) cleaned the page: the notice is the site's own HTML, every text escaped.
@event_priority(-200)
def on_page_content(html, page, config, files):
    report = report_for(config)
    if not report.problems or not is_preview():
        return html
    return preview_problems_html(report.problems, report.site.strings(current_language(config))) + html


# Generated pages are added before mkdocs-static-i18n (priority -100) localizes the files, under the
# docs-relative, language-suffixed names it understands; their Markdown is set after it recreated them.
@event_priority(50)
def _add_generated_files(files, config):
    site = site_for(config)
    _generated.clear()
    for page in pages.plan_all(site):
        for language in LANGUAGES:
            src_uri = f"{page.source}.{language}.md"
            _generated[src_uri] = (page, language)
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(-110)
def _fill_generated_files(files, config):
    site = site_for(config)
    for file in files.documentation_pages():
        if file.src_uri in _generated:
            page, language = _generated[file.src_uri]
            meta = {"template": page.template}
            if page.title:
                meta["title"] = page.title(site, language)
            body = page.body(site, language) if page.body else ""
            file.content_string = f"---\n{yaml.dump(meta, Dumper=_Dumper, allow_unicode=True)}---\n\n{body}"
    return files


on_files = CombinedEvent(_add_generated_files, _fill_generated_files)


# Before the search plugin (priority 0) indexes the page: it copies the title into the search index,
# and Material's search results render titles as HTML, so the title must be escaped by then.
@event_priority(100)
def on_page_context(context, page, config, nav):
    site = site_for(config)
    language = current_language(config)
    context["t"] = site.strings(language)
    context["site_language"] = language
    context["story_index_url"] = urls.story_index(language)
    generated = _generated.get(page.file.src_uri)
    if generated:
        context.update(pages.view(site, generated[0], language))
        # Material prints page titles unescaped (<title>, header); titles are data, so escape them here.
        if page.title:
            page.title = page.meta["title"] = markupsafe.escape(str(page.title))
    if page.meta.get("template") == "story_index.html":
        context["stories"] = site.index_view(language)
    elif page.meta.get("template") == "home.html":
        context["stories"] = site.recent_view(language)
    return context


def on_serve(server, config, builder):
    root = content_root(config)
    for folder in ("stories", "data", "schema", "alumni_stories"):
        server.watch(str(root / folder))
    return server
