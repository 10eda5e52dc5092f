"""MkDocs adapter for web hosts: once every language is built and every other file is written, precompress the
text files and write the host configuration (nginx, _redirects/_headers) from the site's own data.
Logic: alumni_stories/outputs/hosting.py (the plan), host_config.py (the files), precompress.py.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import all_languages_built, build_state, content_root, is_preview, write_inside
from alumni_stories.outputs import hosting, precompress
from alumni_stories.outputs.host_config import host_files

log = get_plugin_logger(__name__)

CACHE = ".cache/precompressed"  # under the project folder: Brotli output of unchanged files is reused


# Below the search index (-105), partner files and 404 pages (-110): the inline scripts hashed into the policy
# are those of the finished pages. Above hooks/atomic.py (-120), which moves the folder into place.
@event_priority(-115)
def on_post_build(config) -> None:
    if is_preview() or not all_languages_built(config):
        return  # `mkdocs serve` serves the preview itself and reads none of these files
    site_dir = Path(config.site_dir)
    try:
        icon = hosting.favicon_ico(site_dir, [config.theme.get("favicon") or "", "assets/images/favicon.png"])
        if icon is not None:
            write_inside(site_dir, "favicon.ico", icon)
        plan = hosting.plan(site_dir, build_state(config).get("addresses", {}).values(), config.site_url or "")
        for relative, text in host_files(plan):
            write_inside(site_dir, relative, text)
        compressed = precompress.precompress(site_dir, content_root(config) / CACHE)
    except OSError as error:
        raise PluginError(f"Host configuration: cannot read or write {error.filename or site_dir} "
                          f"({error.strerror or error}); check the disk space and the folder's permissions, "
                          f"or delete {CACHE}/ and build again") from None
    except ValueError as error:  # host_config.nginx_string: a name nginx would read as syntax
        raise PluginError(f"Host configuration: {error}") from None
    log.info(f"host configuration: {len(plan.redirects)} redirect(s), {len(plan.gone)} withdrawn address(es), "
             f"{len(plan.script_hashes)} inline script hash(es) in the Content-Security-Policy")
    log.info(compressed.summary())
