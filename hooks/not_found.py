"""MkDocs adapter for the 404 page, one per language: site/404.html in the default language, /ja/404.html...

Each language pass of mkdocs-static-i18n writes its 404 page to site/404.html, the last one winning. Before the
plugin starts the next pass (-100), the default language's page is kept aside and the others' are moved into
their folders; the default one is put back once every language is built.
"""
from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import CombinedEvent, event_priority

from hooks._support import all_languages_built, build_state, current_language, site_for
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.site import urls


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    site = site_for(config)
    language = current_language(config)
    path = urlsplit(config.site_url or "/").path or "/"
    root = path if path.endswith("/") else path + "/"
    context["t"] = site.strings(language)
    context["partners_404"] = {
        "home": root + urls.home(language),
        "index": root + urls.story_index(language),
        "others": [{"language": other, "title": site.strings(other)("not_found_title"),
                    "home": root + urls.home(other), "home_label": site.strings(other)("not_found_home")}
                   for other in LANGUAGES if other != language],
    }
    # The language selector would otherwise point at whatever page was built last; send it to each home page.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "extra_alternate", None):
        # Both forms: mkdocs-static-i18n sets the attribute (which templates read first) and the key.
        config.extra["alternate"] = copy.deepcopy(i18n.extra_alternate)
        config.extra.alternate = copy.deepcopy(i18n.extra_alternate)
    return context


@event_priority(-50)
def _keep_404_per_language(config) -> None:
    language = current_language(config)
    built = Path(config.site_dir) / "404.html"
    if not built.is_file():
        return
    if language == DEFAULT_LANGUAGE:
        build_state(config)["not_found"] = built.read_bytes()
    else:
        target = Path(config.site_dir) / urls.language_prefix(language) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        built.replace(target)


# Once every language is built (below -100), and before hooks/atomic.py moves the site into place (-120).
@event_priority(-110)
def _restore_default_404(config) -> None:
    if not all_languages_built(config):
        return
    kept = build_state(config).pop("not_found", None)
    if kept is not None:
        (Path(config.site_dir) / "404.html").write_bytes(kept)


on_post_build = CombinedEvent(_keep_404_per_language, _restore_default_404)
