"""MkDocs adapter for the site's public address: every build refuses an address that is not
http(s)://host[:port]/path/, and the publishing path also refuses a placeholder or local one.

site_url is set in one place, mkdocs.yml, from the environment variable ALUMNI_STORIES_SITE_URL when it is
set (deploy time), else the local preview's address, so a fresh clone builds and previews with nothing set.
Publishing (`mkdocs gh-deploy`, or a build with ALUMNI_STORIES_PUBLISH=1, which scripts/publish.sh runs)
stops before anything is written when the address would hand partners dead links. The rules are in
alumni_stories/site/urls.py; site_url is replaced by the address as parsed there (host in punycode, final
slash), so every output writes the same checked text. Hand-written pages write the address as {{ site_url }} (the partners' page
shows the real embed code and API addresses), filled in here.
"""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from alumni_stories.site.urls import SiteAddressError, parse_site_address, publishing, publishing_address_problem

log = get_plugin_logger(__name__)
_command = {"name": "build"}


def on_startup(command, dirty) -> None:
    _command["name"] = command


# First of all config handlers: nothing is validated, rendered or written with an address that cannot ship.
@event_priority(100)
def on_config(config):
    try:
        address = parse_site_address(config.site_url)
    except SiteAddressError as error:
        raise PluginError(f"mkdocs.yml [site_url]: {error}") from None
    config.site_url = str(address) if address else None
    if _command["name"] == "gh-deploy" or publishing(os.environ):
        problem = publishing_address_problem(config.site_url)
        if problem:
            raise PluginError(f"mkdocs.yml [site_url]: {problem}")
        log.info(f"Publishing for {config.site_url}")
    return config


SITE_URL_TOKEN = "{{ site_url }}"


def on_page_markdown(markdown, page, config, files):
    if SITE_URL_TOKEN in markdown:
        site_url = config.site_url or "/"
        return markdown.replace(SITE_URL_TOKEN, site_url if site_url.endswith("/") else site_url + "/")
    return markdown
