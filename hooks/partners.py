"""MkDocs adapter for what embassies and partners pull: link previews on every page, and, once every language
is built, feeds, the JSON API, share images, embed cards and the pages at old addresses. Logic lives in
alumni_stories/outputs/ (sharing, share_image, partner_files); this file only wires it into the build.
Permanent addresses: hooks/permanent_urls.py; the 404 page per language: hooks/not_found.py.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import all_languages_built, build_state, content_root, current_language, site_for, write_inside
from alumni_stories.outputs import sharing
from alumni_stories.outputs.partner_files import partner_files
from alumni_stories.outputs.share_image import FontError, ShareImages, find_fonts
from alumni_stories.site import incremental, urls

log = get_plugin_logger(__name__)

CACHE = ".cache/share-images"  # under the project folder; drawn images are reused across builds
_images: dict = {}  # cache folder -> ShareImages, kept across the rebuilds of `mkdocs serve`


# Before MkDocs cleans site/: a missing font stops the build with the last good site untouched.
@event_priority(90)
def on_pre_build(config) -> None:
    cache = content_root(config) / CACHE
    if cache not in _images:
        try:
            _images[cache] = ShareImages(cache, find_fonts())
        except FontError as error:
            raise PluginError(f"Share images: {error}") from None
    build_state(config)["images"] = _images[cache]


# After hooks/stories.py put the story view into the context (priority 0).
@event_priority(-10)
def on_page_context(context, page, config, nav):
    site = site_for(config)
    language = current_language(config)
    site_url = config.site_url or ""
    images: ShareImages = build_state(config)["images"]
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
        title = site.strings(language)("site_name") if page.is_homepage else (page.title or "")
        context["partners_meta"] = sharing.page_meta(
            site, language, path="" if page.url in (".", "./") else page.url, title=title,
            description=page.meta.get("description"), image=urls.share_image(images.file_name(card)),
            image_alt=card.title, site_url=site_url)
    return context


# Once every language is built (below -100), and before hooks/atomic.py moves the site into place (-120).
@event_priority(-110)
def on_post_build(config) -> None:
    if not all_languages_built(config):
        return
    state = build_state(config)
    plan = state.get("incremental")  # hooks/incremental.py: embed cards of unchanged stories come from the last build
    unchanged = (lambda slug, relative: incremental.reuse(plan, slug, relative)) if plan else (lambda *_: None)
    for relative, data in partner_files(site_for(config), config.site_url or "", state["images"],
                                        state.get("addresses", {}).values(), config.theme.dirs, unchanged):
        write_inside(Path(config.site_dir), relative, data)
