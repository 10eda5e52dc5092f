"""MkDocs adapter for addresses that never break: the URL manifest is checked before site/ is touched, and
every page the build makes must be an address the core knows. Logic: alumni_stories/outputs/permalinks.py.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import build_state, current_language, first_language_pass, site_for
from alumni_stories.errors import ContentError
from alumni_stories.outputs import permalinks

log = get_plugin_logger(__name__)


# Runs after hooks/stories.py validated the content (priority 100) and before MkDocs cleans site/:
# a lost address stops the build with the last good site untouched.
@event_priority(90)
def on_pre_build(config) -> None:
    if not first_language_pass(config):
        return  # the addresses of every language were checked in the first pass
    site = site_for(config)
    try:
        recorded = permalinks.read_manifest(site.root)
        addresses, unrecorded = permalinks.check(site, Path(config.docs_dir))
    except ContentError as error:
        raise PluginError(error.render()) from None
    build_state(config)["addresses"] = addresses
    if recorded is None:
        log.warning(f"{permalinks.MANIFEST} is missing, so no published address is protected: "
                    "run 'scripts/record-urls.sh' and commit the file")
    elif unrecorded:
        log.info(f"{len(unrecorded)} published address(es) not yet in {permalinks.MANIFEST} (such as "
                 f"{unrecorded[0]}): run 'scripts/record-urls.sh' and commit the file")


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
