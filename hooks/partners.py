"""MkDocs adapter for what embassies and partners rely on: addresses that never break, feeds and JSON, link
previews, embeddable cards, and a 404 page per language. Logic lives in alumni_stories/ (permalinks, feeds,
sharing, share_image); this file only wires it into the build.

mkdocs-static-i18n builds each language in its own pass; files for every language are written once, at the
end of the last pass (on_post_build below -100), into config.site_dir.
"""
from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

from hooks._support import all_languages_built, content_root, current_language, first_language_pass, site_for
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.errors import ContentError
from alumni_stories.outputs import feeds, permalinks, sharing
from alumni_stories.site import urls
from alumni_stories.outputs.share_image import FontError, ShareImages, find_fonts

log = get_plugin_logger(__name__)

CACHE = ".cache/share-images"  # under the project folder; drawn images are reused across builds
_state: dict = {"images": None, "addresses": {}, "not_found": {}}


# Runs after hooks/stories.py validated the content (priority 100) and before MkDocs cleans site/:
# a lost address or a missing font stops the build with the last good site untouched.
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
    _state["addresses"] = addresses
    if recorded is None:
        log.warning(f"{permalinks.MANIFEST} is missing, so no published address is protected: "
                    "run 'scripts/record-urls.sh' and commit the file")
    elif unrecorded:
        log.info(f"{len(unrecorded)} published address(es) not yet in {permalinks.MANIFEST} (such as "
                 f"{unrecorded[0]}): run 'scripts/record-urls.sh' and commit the file")
    cache = content_root(config) / CACHE
    if _state["images"] is None or _state["images"].cache_dir != cache:
        try:
            _state["images"] = ShareImages(cache, find_fonts())
        except FontError as error:
            raise PluginError(f"Share images: {error}") from None


# After mkdocs-static-i18n (-100) and hooks/stories.py (-110) settled the pages of this language: every page
# the build makes must be one the manifest check knows, or an address could be lost unnoticed.
@event_priority(-120)
def on_files(files, config):
    language = current_language(config)
    known = {a.path for a in _state["addresses"].values() if a.kind in ("page", "story") and a.language == language}
    for file in files.documentation_pages():
        if "/" + _path(file.url) not in known:
            log.warning(f"the page /{_path(file.url)} (from {file.src_uri}) is not among the addresses "
                        "alumni_stories/permalinks.py knows, so it is not protected: teach published_addresses()")
    return files


# After hooks/stories.py put the story view into the context (priority 0).
@event_priority(-10)
def on_page_context(context, page, config, nav):
    site = site_for(config)
    language = current_language(config)
    site_url = config.site_url or ""
    images: ShareImages = _state["images"]
    story_view = context.get("story") if page.meta.get("template") == "story.html" else None
    if isinstance(story_view, dict) and story_view.get("slug"):
        story = site.story(story_view["slug"])
        image = urls.share_image(images.file_name(sharing.story_card(site, story, language)))
        context["partners_meta"] = sharing.story_meta(site, story, language, image, site_url)
        context["partners_jsonld"] = sharing.script_json(sharing.story_jsonld(site, story, language, image, site_url))
        context["partners_embed"] = {"snippet": sharing.embed_snippet(site, story, language, site_url),
                                     "story_url": urls.absolute(urls.story(story.slug, language), site_url)}
    else:
        card = sharing.site_card(site, language)
        title = site.strings(language)("site_name") if page.is_homepage else str(page.title or "")
        context["partners_meta"] = sharing.page_meta(
            site, language, path=_path(page.url), title=title, description=page.meta.get("description"),
            image=urls.share_image(images.file_name(card)), image_alt=card.title, site_url=site_url)
    return context


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    site = site_for(config)
    language = current_language(config)
    root = _root_path(config)
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


def _path(url: str) -> str:
    """A page URL as the core writes it: relative to the site root, "" for the home page."""
    return "" if url in (".", "./") else url


def _root_path(config) -> str:
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


# Each language pass writes its 404 page to site/404.html, the last one winning. Before mkdocs-static-i18n
# starts the next pass (-100), the default language's page is kept aside and the others' are moved into
# their folders; the default one is put back at the end.
@event_priority(-50)
def _keep_404_per_language(config) -> None:
    language = current_language(config)
    built = Path(config.site_dir) / "404.html"
    if not built.is_file():
        return
    if language == DEFAULT_LANGUAGE:
        _state["not_found"][language] = built.read_bytes()
    else:
        target = Path(config.site_dir) / urls.language_prefix(language) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        built.replace(target)


# Once every language is built (below -100), and before a build-swapping hook moves the site into place (-120).
@event_priority(-110)
def _write_partner_files(config) -> None:
    if not all_languages_built(config):
        return
    site = site_for(config)
    site_dir = Path(config.site_dir)
    site_url = config.site_url or ""
    if DEFAULT_LANGUAGE in _state["not_found"]:
        _write(site_dir, "404.html", _state["not_found"].pop(DEFAULT_LANGUAGE))

    for language in LANGUAGES:
        _write(site_dir, urls.feed(language), feeds.atom_feed(site, language, site_url))
    _write(site_dir, urls.api_stories(), feeds.stories_json(site, site_url))
    for key, country in site.catalog.countries.items():
        _write(site_dir, urls.api_country(country.slug), feeds.country_json(site, key, site_url))

    images: ShareImages = _state["images"]
    cards = [sharing.site_card(site, language) for language in LANGUAGES]
    cards += [sharing.story_card(site, story, language) for story in site.stories for language in LANGUAGES]
    for card in cards:
        _write(site_dir, urls.share_image(images.file_name(card)), images.ensure(card).read_bytes())

    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs), autoescape=True)
    for story in site.stories:
        for language in LANGUAGES:
            _write(site_dir, urls.embed(story.slug, language) + "index.html",
                   _render_embed(templates, site, story, language, site_url))
    for address in _state["addresses"].values():
        if address.kind in ("redirect", "withdrawn"):
            _write(site_dir, address.path.lstrip("/") + "index.html",
                   _render_notice(templates, site, address, site_url))


def _render_embed(templates, site, story, language: str, site_url: str) -> str:
    return templates.get_template("partners/embed.html").render(
        sharing.embed_view(site, story, language, site_url), t=site.strings(language))


def _render_notice(templates, site, address, site_url: str) -> str:
    language = address.language
    path = address.path.lstrip("/")
    strings = site.strings(language)
    others = []
    for other in LANGUAGES:
        if other != language:
            counterpart = urls.language_prefix(other) + path[len(urls.language_prefix(language)):]
            others.append({"language": other, "label": site.strings(other)(f"language_{other}"),
                           "url": urls.relative(counterpart, path)})
    moved = address.kind == "redirect"
    return templates.get_template("partners/notice.html").render(
        language=language, t=strings, title=strings("moved_title" if moved else "withdrawn_title"),
        redirect_to=urls.relative(address.target, path) if moved else None,
        canonical=urls.absolute(address.target, site_url) if moved else None,
        home_url=urls.relative(urls.home(language), path), index_url=urls.relative(urls.story_index(language), path),
        others=others)


def _write(site_dir: Path, relative: str, data) -> None:
    target = site_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    target.write_bytes(data)


on_post_build = CombinedEvent(_keep_404_per_language, _write_partner_files)
