"""What a page tells the services that show a link to it (Open Graph, Twitter cards, schema.org), what its share
image says, and the embeddable card partners put on their own sites. Plain data for templates."""
from __future__ import annotations

import html
import json

from markupsafe import Markup

from alumni_stories.content.facts import programme_countries
from alumni_stories.site import urls
from alumni_stories.outputs.feeds import story_summary
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES, Story
from alumni_stories.outputs.share_image import ShareCard
from alumni_stories.site.views import Site

OG_LOCALES = {"en": "en_US", "ja": "ja_JP"}
EMBED_SIZE = (400, 340)  # width and height of the iframe in the snippet partners copy


# --- Share images ----------------------------------------------------------------------------------------

def story_card(site: Site, story: Story, language: str) -> ShareCard:
    view = site.story_view(story, language)
    strings = site.strings(language)
    return ShareCard(key=story.slug, language=language, title=view["display_name"],
                     line=strings("share_card_line", country=view["country"], batch=view["batch"],
                                  period=view["period"]),
                     quote=strings("share_quote", quote=view["pull_quote"]), site_name=strings("site_name"),
                     initials=view["initials"], portrait=portrait_path(site, story))


def site_card(site: Site, language: str) -> ShareCard:
    strings = site.strings(language)
    # Only the countries a story or a sourced statement puts in the programme (not every country in the data).
    countries = strings("share_list_separator").join(site.catalog.countries[key].name[language]
                                                     for key in programme_countries(site.catalog, site.stories))
    return ShareCard(key="site", language=language, title=strings("share_site_title"), line=countries,
                     quote=strings("site_description"), site_name=strings("site_name"))


def portrait_path(site: Site, story: Story) -> str | None:
    """The story's checked photo on disk (stories/media/<slug>/<file>), or None when it has none."""
    return str(story.portrait_source.path) if story.portrait_source else None


# --- Meta tags -------------------------------------------------------------------------------------------

def page_meta(site: Site, language: str, *, path: str, title: str, description: str | None, image: str,
              image_alt: str, site_url: str, article: bool = False) -> dict:
    """Open Graph and Twitter card values for one page; `path` and `image` are relative to the site root.

    Every value is plain text, escaped once by the template that prints it: a title that arrives already
    escaped (Markup: the engine's page titles are escaped for its own templates) is turned back into text,
    or a track named "A & B" would show as "A &amp;amp; B" in link previews."""
    title = title.unescape() if isinstance(title, Markup) else str(title)
    strings = site.strings(language)
    return {
        "type": "article" if article else "website",
        "site_name": strings("site_name"),
        "title": title,
        "description": description or strings("site_description"),
        "url": urls.absolute(path, site_url),
        "locale": OG_LOCALES[language],
        "locale_alternates": [OG_LOCALES[other] for other in LANGUAGES if other != language],
        "image": urls.absolute(image, site_url),
        "image_alt": image_alt,
        "image_width": 1200,
        "image_height": 630,
        "feed": urls.absolute(urls.feed(language), site_url),
        "feed_path": urls.feed(language),  # relative in <link>: the theme fetches sitemap.xml beside every alternate link
        "feed_title": strings("feed_link_title"),
    }


def story_meta(site: Site, story: Story, language: str, image: str, site_url: str) -> dict:
    view = site.story_view(story, language)
    strings = site.strings(language)
    return page_meta(site, language, path=urls.story(story.slug, language), title=view["display_name"],
                     description=story_summary(site, story, language), image=image,
                     image_alt=strings("share_image_alt", name=view["display_name"], line=view["line"]),
                     site_url=site_url, article=True)


def story_jsonld(site: Site, story: Story, language: str, image: str, site_url: str) -> dict:
    """schema.org Article about a Person, for search engines and link previews."""
    view = site.story_view(story, language)
    strings = site.strings(language)
    url = urls.absolute(urls.story(story.slug, language), site_url)
    # No bare jobTitle: schema.org would read it as the person's role today. Each role goes with its date.
    person = {"@type": "Person", "name": view["name"],
              "description": site.strings(language)("browse_list_separator").join(r["dated"] for r in view["roles"]),
              "nationality": {"@type": "Country", "name": view["country"]}}
    if view["honorific"] and language == DEFAULT_LANGUAGE:
        person["honorificPrefix"] = view["honorific"]
    english_name = story.text(DEFAULT_LANGUAGE).name
    if english_name != view["name"]:
        person["alternateName"] = english_name
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": view["display_name"],
        "description": story_summary(site, story, language),
        "inLanguage": view["content_language"],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": view["published_iso"],
        # When the story was last checked against its sources or with the person (issue 26).
        **({"dateModified": view["reviewed_iso"]} if view["reviewed_iso"] else {}),
        "image": urls.absolute(image, site_url),
        "author": {"@type": "Organization", "name": view["author"]},
        # What the text was adapted from: the article(s), with their publisher, date and address.
        "isBasedOn": [{"@type": "Article", "name": source["name"], "url": source["url"],
                       "publisher": {"@type": "Organization", "name": source["publisher"]}}
                      for source in view["sources"] if source["url"]],
        "publisher": {"@type": "Organization", "name": strings("site_name"),
                      "url": urls.absolute(urls.home(language), site_url)},
        "about": person,
        "isPartOf": {"@type": "WebSite", "name": strings("site_name"),
                     "url": urls.absolute(urls.home(language), site_url)},
    }


def script_json(data: dict) -> str:
    """JSON safe to place inside <script>: no "<", ">" or "&" left that could close the element early. Written
    without indentation or spaces: it is read by machines (search engines), on every story page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- Embeddable card -------------------------------------------------------------------------------------

def embed_snippet(site: Site, story: Story, language: str, site_url: str) -> str:
    """The HTML a partner pastes into their page to show the story's card."""
    view = site.story_view(story, language)
    title = site.strings(language)("embed_frame_title", name=view["display_name"])
    src = urls.absolute(urls.embed(story.slug, language), site_url)
    width, height = EMBED_SIZE
    return (f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="{width}" height="{height}" '
            f'style="border:0;max-width:100%" loading="lazy"></iframe>')


def embed_view(site: Site, story: Story, language: str, site_url: str) -> dict:
    """What the embed page of a story shows. Links are relative to the embed page (they work inside any
    partner's iframe, and on a local preview); the canonical address is absolute."""
    view = site.story_view(story, language)
    strings = site.strings(language)
    path = urls.embed(story.slug, language)
    return {
        "story": view,
        "language": language,
        "title": strings("embed_frame_title", name=view["display_name"]),
        "story_link": urls.relative(urls.story(story.slug, language), path),
        "canonical": urls.absolute(urls.story(story.slug, language), site_url),
        "home_link": urls.relative(urls.home(language), path),
        # The square thumbnail the site built from the photo (site-relative), made relative to the embed card.
        "portrait_src": (urls.relative(view["portrait"]["image"]["thumb"]["src"], path)
                         if view["portrait"]["image"] else None),
    }
