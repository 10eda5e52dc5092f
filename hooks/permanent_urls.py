"""MkDocs adapter for addresses that never break: the URL manifest is checked before site/ is touched, and
every page the build makes must be an address the core knows. Logic: alumni_stories/outputs/permalinks.py.
"""
from __future__ import annotations

from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import build_state, current_language, first_language_pass, report_for

log = get_plugin_logger(__name__)


# The manifest is checked with every other rule (hooks/stories.py, alumni_stories/outputs/validation.py), before
# MkDocs cleans site/: a lost address stops the build with the last good site untouched.
@event_priority(90)
def on_pre_build(config) -> None:
    if first_language_pass(config):
        build_state(config)["addresses"] = report_for(config).addresses


# After mkdocs-static-i18n (-100) and hooks/stories.py (-110) settled the pages of this language: every page
# the build makes must be one the manifest check knows, or an address could be lost unnoticed.
@event_priority(-120)
def on_files(files, config):
    language = current_language(config)
    addresses = build_state(config).get("addresses", {})
    known = {a.path for a in addresses.values() if a.kind in ("page", "story") and a.language == language}
    for file in files.documentation_pages():
        path = "" if file.url in (".", "./") else file.url
        if "/" + path not in known:
            log.warning(f"the page /{path} (from {file.src_uri}) is not among the addresses "
                        "alumni_stories/outputs/permalinks.py knows, so it is not protected: teach published_addresses()")
    return files
