"""The build, in the order it runs: read -> validate -> plan -> render -> outputs -> publish.

One `Pipeline` per project and process holds everything a build keeps: which command runs (`command`, one
value), what this build read and decided (`Build`, one per build, shared by every language pass), and what
outlives a build in memory (the preview's last fingerprint, the share-image drawer, the atomic swap). The
engine calls in through its adapter, each event one method here; the engine itself is
seen only through the port (engine.py).

The engine builds one language after the other, and the later languages inside the first one's last event
(`Engine.nested_pass`); work done once per build is done where `nested_pass` is False, and what every
later phase needs is kept on the `Build` of that build.
"""
from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe

from alumni_stories import store
from alumni_stories.build import publish as atomic
from alumni_stories.build.engine import BuildStop, Engine, PageInfo
from alumni_stories.content import persistent, safe_html, sources
from alumni_stories.content.catalog import load_publisher
from alumni_stories.content.model import DEFAULT_LANGUAGE, LANGUAGES
from alumni_stories.content.publishing import OUTDATED, content_status
from alumni_stories.errors import ContentError
from alumni_stories.media import portraits
from alumni_stories.outputs import assets, hosting, precompress, purge, search, sharing, validation, writing
from alumni_stories.outputs.cms import ADMIN_SOURCE, Backend, CmsConfigError, write_admin
from alumni_stories.outputs.host_config import host_files
from alumni_stories.outputs.partner_files import partner_files
from alumni_stories.outputs.share_image import FontError, ShareImages, find_fonts
from alumni_stories.site import browse, incremental, page_html, pages, template_cache, typed, urls
from alumni_stories.site import map as region_map
from alumni_stories.site.typed import StoryView
from alumni_stories.site.cache import cached_site, fingerprint_of

PHASES = ("read", "validate", "plan", "render", "outputs", "publish")
LOCAL_PORT_VARIABLE = "ALUMNI_STORIES_CMS_PORT"  # set by `alumni-stories edit` for decap-server's port
SITE_URL_TOKEN = "{{ site_url }}"  # hand-written pages write the site's address so (the partners' page)
CMS_SETTINGS = ("name", "repo", "branch", "base_url", "auth_endpoint", "auth_type", "app_id")
SEARCH_CACHE = "search"  # the cache folders (under .cache/) this module names
PRECOMPRESSED_CACHE = "precompressed"
SHARE_IMAGE_CACHE = "share-images"
PORTRAIT_CACHE = "portraits"
PURGE_CACHE = "purge"


@dataclass(frozen=True)
class Command:
    """Which command runs, the one value every phase asks: `name` is "build", "serve" or "gh-deploy", as the engine
    names it (`alumni-stories edit` runs "serve" with `dirty`), or "check" (`alumni-stories check`: read and
    validate only, `Pipeline.check`)."""
    name: str = "build"
    dirty: bool = False

    @property
    def preview(self) -> bool:
        """The editors' preview: drafts and embargoed stories shown, marked; problems shown, not fatal."""
        return self.name == "serve"

    @property
    def edit(self) -> bool:
        """The fast preview (`serve --dirty`, what `alumni-stories edit` runs): only edited story pages again."""
        return self.name == "serve" and self.dirty

    @property
    def publishes(self) -> bool:
        """A build into a folder swapped in whole (atomic), reusing the last build's unchanged story pages."""
        return self.name == "build" and not self.dirty

    def publishing_address(self, environ) -> bool:
        """The site is being published: its address must be a real one."""
        return self.name == "gh-deploy" or urls.publishing(environ)


@dataclass
class Build:
    """What one build read and decided; every language pass of the build shares it."""
    token: object
    report: validation.Report | None = None
    publisher: object = None
    finished_pages: object = None  # page_html.finish_memo
    rendered_portraits: dict = field(default_factory=dict)  # site-relative path -> cached file
    images: ShareImages | None = None
    generated: dict = field(default_factory=dict)  # engine's source name -> (PlannedPage, language)
    incremental: dict | None = None  # see _incremental_plan
    planned: bool = False
    preview_plan: tuple | None = None  # (fingerprint, story order, skippable slugs, lists kept)
    views: dict = field(default_factory=dict)  # the preview's views of generated pages: (source, language) -> view
    not_found: bytes | None = None  # the default language's 404 page, kept aside while the others are built
    phase: str = "read"
    counters: dict = field(default_factory=dict)  # for tests: how often each costly step ran
    # site path -> digest of the files taken from the last build that no step of this one wrote over since
    kept_digests: dict = field(default_factory=dict)
    inline: dict = field(default_factory=dict)  # site path of a page -> its inline code's hashes (hosting.plan)
    partners: list = field(default_factory=list)  # site paths of the files for partners this build wrote or kept

    @property
    def site(self):
        return self.report.site


class Pipeline:
    def __init__(self, root: Path, command: Command):
        self.root = Path(root)
        self.command = command
        self.build: Build | None = None
        # What the last complete preview was built from: (fingerprint, order, each story as listed, problems shown)
        self._last_preview: tuple | None = None
        self._images: ShareImages | None = None  # kept across the rebuilds of the preview
        # The preview's portraits, kept across its rebuilds: (slug, photo) -> its rendered files (a photo is known by
        # its content digest); and what the last build linked into the site folder, {site folder: {path: file}}.
        self._portraits: dict = {}
        self._published: dict = {}
        self._views: dict = {}  # the last complete preview's views of the pages that list stories (_page_view)
        self.swap = atomic.Swap()
        self.template_cache = template_cache.BytecodeCache()

    # --- every event starts here ---------------------------------------------------------------------

    def _build(self, engine: Engine) -> Build:
        """The build `engine` runs (a new one when the engine started another build)."""
        if self.build is None or self.build.token is not engine.token:
            self.build = Build(token=engine.token)
        return self.build

    def _enter(self, build: Build, phase: str) -> None:
        """Phases only move forward within a build (a later language pass may repeat one, never go back)."""
        if PHASES.index(phase) > PHASES.index(build.phase):
            build.phase = phase

    # --- configure: before anything reads the settings ----------------------------------------------

    def configure(self, engine: Engine) -> None:
        """Refuse an address that is not http(s)://host[:port]/path/ (every build) or that cannot ship (publishing),
        and write the address as parsed (host in punycode, final slash) wherever the engine uses it; build into a
        temporary folder when the build is swapped in whole."""
        try:
            address = urls.parse_site_address(engine.site_url, where=urls.setting(engine.config_file))
        except urls.SiteAddressError as error:
            raise BuildStop(f"{engine.where('site_url')}: {error}") from None
        engine.set_site_url(str(address) if address else None)
        if self.command.publishing_address(os.environ):
            problem = urls.publishing_address_problem(engine.site_url, engine.config_file)
            if problem:
                raise BuildStop(f"{engine.where('site_url')}: {problem}")
            engine.log.info(f"Publishing for {engine.site_url}")
        if self.command.publishes:
            self.swap.begin(engine)

    # --- read and validate: before the engine touches the site folder --------------------------------

    def validate(self, engine: Engine) -> validation.Report:
        """Read every input once and check it with the check command's rules (outputs/validation.py).

        A build stops listing every problem before the site folder is touched; the preview goes on with
        everything that has no problem and shows the problems on every page."""
        build = self._build(engine)
        if build.report is None:
            search.stop_background(keep_pages=True)  # the last save's run stops before the engine rewrites the folder
            build.report = self._report(engine)
            self._enter(build, "validate")
            for problem in [*build.report.problems, *build.report.warnings]:
                engine.log.warning(str(problem))
            for caution in build.report.cautions:  # information: a strict build goes on (the guide's warnings)
                engine.log.info(f"Warning (the build goes on): {caution}")
            for line in build.report.summary():
                engine.log.info(line)
            try:
                build.publisher = load_publisher(self.root / "data")
            except ContentError as error:
                raise BuildStop(error.render()) from None
            build.finished_pages = page_html.finish_memo(self.root)
            self._translation_notices(engine, build)
            self._render_portraits(build)
            build.images = self._share_images()
        return build.report

    def _report(self, engine: Engine) -> validation.Report:
        report = validation.validate(self.root, engine.docs_dir, preview=self.command.preview, load=cached_site)
        if report.problems and not self.command.preview:
            raise BuildStop(ContentError(report.problems).render())
        return report

    def check(self, today=None) -> validation.Report:
        """The check command (`command.name == "check"`): the read and validate phases as a build runs them,
        without an engine and without touching the site folder; every problem is in the report."""
        return validation.validate(self.root, today=today, preview=self.command.preview)

    def _translation_notices(self, engine: Engine, build: Build) -> None:
        shown = {story.slug for story in build.site.stories}
        for status in content_status(self.root / "stories"):
            for language, state in status.languages.items():
                if state == OUTDATED and status.slug in shown:
                    # Information, not a warning: strict builds must still publish an English correction.
                    engine.log.info(f"stories/{status.slug}.{language}.md is older than the English text; update "
                                    f"it, then run scripts/check.sh --mark-translated {status.slug}")

    def _render_portraits(self, build: Build) -> None:
        """A photo that cannot be resized stops the build with the last good site untouched."""
        cache = store.DRAWERS[PORTRAIT_CACHE].folder(self.root)
        photos = [(story.slug, story.portrait_source) for story in build.site.stories
                  if story.portrait_source is not None]
        try:
            if not self.command.edit:
                build.rendered_portraits = portraits.render_all(photos, cache)
                return
            # The preview: only a photo it has not rendered yet is looked for in the cache (a save of a story's
            # text renders none); at 1,000 alumni, the 8 cached files of every photo were 0.3 s of each save.
            missing = [photo for photo in photos if photo not in self._portraits]
            portraits.render_all(missing, cache)
            self._portraits = {photo: self._portraits.get(photo) or portraits.rendered_files(*photo, cache)
                               for photo in photos}
            build.rendered_portraits = {path: file for files in self._portraits.values()
                                        for path, file in files.items()}
        except portraits.RenderError as error:
            raise BuildStop(f"stories/{error.slug}.en.md [portrait.file]: the photo could not be resized "
                            f"({error}) -> export it again as JPEG or PNG and replace the file") from None

    def _share_images(self) -> ShareImages:
        """A missing font stops the build with the last good site untouched."""
        if self._images is None:
            try:
                self._images = ShareImages(store.DRAWERS[SHARE_IMAGE_CACHE].folder(self.root),
                                                 find_fonts())
            except FontError as error:
                raise BuildStop(f"Share images: {error}") from None
        return self._images

    def site(self, engine: Engine):
        """The validated content of this build."""
        return self.validate(engine).site

    # --- plan: which pages exist, which changed since the last build ---------------------------------

    def generated_pages(self, engine: Engine) -> list[str]:
        """The engine's names of the pages the site generates from content."""
        build = self._build(engine)
        site = self.site(engine)
        self._enter(build, "plan")
        build.generated = {}
        for page in pages.plan_all(site):
            for language in LANGUAGES:
                build.generated[engine.source_name(page.source, language)] = (page, language)
        return list(build.generated)

    def plan(self, engine: Engine, files: list[tuple[str, str, str]]) -> dict:
        """For each page the engine will build, (source name, site-relative output, url): {source name: (front
        matter, body) or None, and "keep" (the last output is right) or "rebuild" or None (the engine decides)}."""
        build = self._build(engine)
        site = self.site(engine)
        language = engine.language
        known = {a.path for a in build.report.addresses.values() if a.kind in ("page", "story")
                 and a.language == language}
        incremental_plan = self._incremental_plan(engine, build)
        site_dir = str(engine.site_dir)  # (once: a path made for each of thousands of pages cost more than the test)
        decisions = {}
        for source, dest, url in files:
            generated = build.generated.get(source)
            content = None
            if generated:
                page, page_language = generated
                meta = {"template": page.template}
                if page.title:
                    meta["title"] = page.title(site, page_language)
                # A story's body is rendered by the core, once (page_content): the engine renders no body for it.
                body = page.body(site, page_language) if page.body and page.kind != "story" else ""
                content = (meta, body)
            path = "" if url in (".", "./") else url
            if "/" + path not in known:
                engine.log.warning(f"the page /{path} (from {source}) is not among the addresses "
                                   "alumni_stories/outputs/permalinks.py knows, so it is not protected: "
                                   "teach published_addresses()")
            slug = generated[0].key if generated and generated[0].kind == "story" else None
            decisions[source] = (content, self._reuse(build, incremental_plan, slug, source, dest,
                                                      os.path.join(site_dir, dest), engine.in_navigation))
        return decisions

    def _reuse(self, build: Build, plan: dict | None, slug: str | None, source: str, dest: str, output: str,
               in_navigation) -> str | None:
        """How to build the page of `source`, whose output is `dest` in the site, the file `output`."""
        if self.command.edit:
            _fingerprint, _order, skippable, lists_kept = self._preview_plan(build)
            if slug is None:
                if not lists_kept or (source in build.generated and in_navigation(source)):
                    return "rebuild"  # a page that may list stories (home, index, country), whatever its file's date
                if source not in build.generated:  # (the engine gives a kept one in its navigation its title)
                    return None  # a hand-written page: rendered again when its file changed
                return "keep" if os.path.isfile(output) else None
            return "keep" if slug in skippable and os.path.isfile(output) else None
        if plan is not None and plan["unchanged"]:
            return "kept"  # every page, as the finished folder has it: nothing is rendered (see outputs)
        if plan is None:
            return None
        plan["pages"].add(dest)  # its digest recorded: the next build may keep it
        if slug is not None:
            plan["stories"].add(dest)
        # A page with no story of its own (lists, guides, home) is kept when only story bodies changed.
        keep = slug in plan["kept_slugs"] if slug is not None else plan["lists_kept"]
        if keep and incremental.unchanged_output(plan["previous"], plan["final"], dest):
            plan["kept"].add(dest)
            return "kept"
        return None

    def _incremental_plan(self, engine: Engine, build: Build) -> dict | None:
        """Once per build: the record of the last build and what this one may keep (a build that publishes only)."""
        if not build.planned:
            build.planned = True
            build.incremental = self._new_incremental_plan(engine, build)
            if not self.command.preview:  # every reader of the content files has read them (a preview reads again)
                sources.forget()
        return build.incremental

    def _new_incremental_plan(self, engine: Engine, build: Build) -> dict | None:
        final = self.swap.final
        if not self.command.publishes or final is None or persistent.disabled():
            return None
        folders, files = engine.shared_inputs
        # (strict: a page kept from a build that let a warning pass would not warn again)
        context = {"site_url": engine.site_url or "", "use_directory_urls": engine.use_directory_urls,
                   "strict": engine.stops_on_warnings}
        current = incremental.Record(shared=incremental.shared_digest(self.root, context, folders, files),
                                     stories=incremental.story_digests(self.root),
                                     order=[story.slug for story in build.site.stories],
                                     listed={story.slug: incremental.listed_digest(story)
                                             for story in build.site.stories})
        path = incremental.record_path(self.root, final)
        previous = incremental.load_record(path)
        return {"final": Path(final), "path": path, "previous": previous, "current": current,
                "kept_slugs": incremental.kept_slugs(previous, current), "pages": set(), "kept": set(),
                "stories": set(), "lists_kept": incremental.lists_unchanged(previous, current),
                "unchanged": incremental.nothing_changed(previous, current, final)}

    def _preview_plan(self, build: Build) -> tuple:
        """(fingerprint, story order, slugs whose pages may be skipped, whether every page that lists stories may be
        skipped) of the fast preview, once per build."""
        if build.preview_plan is None:
            # The fingerprint of the files this very content was read from: a file saved a moment later
            # must count as changed at the next build.
            loaded = fingerprint_of(self.root, build.site)
            fingerprint = {path: (mtime, size) for path, mtime, size in loaded} if loaded is not None else None
            order = tuple(story.slug for story in build.site.stories)
            skippable, lists_kept = self._skippable(build, fingerprint, order) if fingerprint is not None \
                else (set(), False)
            build.preview_plan = (fingerprint, order, skippable, lists_kept)
        return build.preview_plan

    @staticmethod
    def _shown(build: Build) -> tuple:
        """What the preview shows of the content beside the pages themselves: each story as other pages list it
        (`incremental.listed`), and the problems at the top of every page."""
        report = build.report
        return ({story.slug: incremental.listed(story) for story in build.site.stories},
                tuple(str(problem) for problem in (*report.problems, *report.warnings, *report.cautions)))

    def _skippable(self, build: Build, fingerprint: dict, order: tuple) -> tuple[set, bool]:
        """The stories whose pages a save cannot have changed, and whether the pages that list stories are unchanged
        too: the save changed only story bodies (the usual save: a sentence, a paragraph), which only the story's
        own page shows."""
        if self._last_preview is None:
            return set(), False
        previous, previous_order, previous_listed, previous_problems = self._last_preview
        if order != previous_order:
            return set(), False
        changed = {path for path in fingerprint.keys() | previous.keys() if fingerprint.get(path) != previous.get(path)}
        stories_dir = str(self.root.resolve() / "stories") + os.sep
        edited = set()
        for path in changed:
            if not path.startswith(stories_dir) or os.path.dirname(path) + os.sep != stories_dir:
                return set(), False  # data/, schema/ or a media file changed: any page may differ
            edited.add(os.path.basename(path).split(".", 1)[0])
        listed, problems = self._shown(build)
        if problems == previous_problems and all(slug in listed and listed[slug] == previous_listed.get(slug)
                                                 for slug in edited):
            return set(order) - edited, True
        return incremental.unaffected(order, edited), False

    # --- render: what templates get, and the last touches to each page -------------------------------

    def page_markdown(self, engine: Engine, markdown: str) -> str:
        if SITE_URL_TOKEN in markdown:
            site_url = engine.site_url or "/"
            return markdown.replace(SITE_URL_TOKEN, site_url if site_url.endswith("/") else site_url + "/")
        return markdown

    def page_content(self, engine: Engine, html: str, page: PageInfo) -> str:
        """Every page's HTML (a story page's: the loader's render of its body, the engine rendering none; any other
        page's: as the engine rendered it) is checked and sanitized with the loader's rule (each HTML once per
        process: a story's was sanitized by the loader's check): if the sanitizer removes anything, the build stops.
        Then the preview shows content problems on every page (the site's own HTML, every text escaped)."""
        build = self._build(engine)
        self._enter(build, "render")
        story = page.template in ("story.html",)  # pages whose content is an editor's story body
        name = page.source if story else f"{engine.docs_dir.name}/{page.source}"
        source = page.markdown
        body = self._story_body(engine, page)
        if body is not None:  # the engine rendered no body: the page shows the loader's render of it
            source, html = body, safe_html.rendered(body)[0]
        first_line = 1  # the front matter's lines come before the Markdown the engine kept: the file's line
        if not story and page.source_path:
            try:
                with open(page.source_path, encoding="utf-8-sig") as handle:
                    first_line = handle.read().count("\n") - page.markdown.count("\n") + 1
            except OSError:
                pass
        clean, removed = safe_html.checked(html)
        problems = safe_html.rendered_problems(html, source, name, first_line, removed,
                                               what="the story text" if story else "the page")
        if problems:
            raise BuildStop(ContentError(problems).render())
        report = self.validate(engine) if self.command.preview else None
        if report is not None and (report.problems or report.cautions):
            strings = report.site.strings(engine.language)
            return (validation.preview_problems_html(report.problems, strings) if report.problems else "") \
                + validation.preview_problems_html(report.cautions, strings, "preview_cautions") + clean
        return clean

    def page_body(self, engine: Engine, html: str, page: PageInfo) -> tuple[str, tuple[list, list[str]] | None]:
        """(page_content's HTML, and for a page whose body the core rendered (a story's) its table of contents, as
        Python-Markdown's toc tokens, and the addresses its links and images point to, for the engine to check as it
        checks its own pages'; None for the pages the engine rendered itself)."""
        shown = self.page_content(engine, html, page)
        body = self._story_body(engine, page)
        if body is None:
            return shown, None
        rendered, toc = safe_html.rendered(body)
        return shown, (toc, safe_html.links(rendered))

    def _story_body(self, engine: Engine, page: PageInfo) -> str | None:
        generated = self._build(engine).generated.get(page.source)
        if not generated or generated[0].kind != "story":
            return None
        planned, language = generated
        return planned.body(self.site(engine), language)

    def page_context(self, engine: Engine, context: dict, page: PageInfo) -> str | None:
        """Fill `context` for `page`; returns the page's title escaped (templates print titles unescaped) for a
        generated page, else None."""
        build = self._build(engine)
        site, language, site_url = self.site(engine), engine.language, engine.site_url or ""
        context["t"] = site.strings(language)
        context["site_language"] = language
        context["story_index_url"] = urls.story_index(language)
        generated = build.generated.get(page.source)
        title = page.title
        if generated:
            context.update(self._page_view(build, site, generated[0], language))
            if page.title:
                title = markupsafe.escape(str(page.title))
        if page.template == "story_index.html":
            context["stories"] = site.index_view(language)
            context["story_filters"] = browse.filters_view(site, language)
        elif page.template == "home.html":
            context["stories"] = site.recent_view(language)
            context["home_programme"] = browse.home_view(site, language)
            context["home_map"] = browse.map_view(site, language, urls.home(language))
        elif page.template == "partners_page.html":
            # The embed code of every story, for partners (readers see only a Share control under a story).
            context["partners_embeds"] = [
                {"name": site.story_view(story, language)["display_name"],
                 "url": urls.story(story.slug, language), "embed_url": urls.embed(story.slug, language),
                 "snippet": sharing.embed_snippet(site, story, language, site_url)} for story in site.stories]
        context["site_footer"] = self._footer(engine)
        context["reader_links"] = page_html.reader_links(language)
        story_view = context.get("story") if page.template == "story.html" else None
        if isinstance(story_view, StoryView) and story_view.slug:
            story = site.story(story_view["slug"])
            image = urls.share_image(build.images.file_name(sharing.story_card(site, story, language)))
            context["partners_meta"] = sharing.story_meta(site, story, language, image, site_url)
            context["partners_jsonld"] = sharing.script_json(sharing.story_jsonld(site, story, language, image,
                                                                                  site_url))
            context["partners_embed"] = {"snippet": sharing.embed_snippet(site, story, language, site_url),
                                         "story_url": urls.absolute(urls.story(story.slug, language), site_url)}
        else:
            card = sharing.site_card(site, language)
            context["partners_meta"] = sharing.page_meta(
                site, language, path="" if page.url in (".", "./") else page.url, description=page.description,
                site_url=site_url,
                title=site.strings(language)("site_name") if page.is_homepage else (title or ""),
                image=urls.share_image(build.images.file_name(card)), image_alt=card.title)
        return title if generated and page.title else None

    def _page_view(self, build: Build, site, page, language: str) -> dict:
        """The template's view of a generated page. The preview renders the pages that list stories and that the
        navigation names at every save (their titles are the core's, see _reuse); when no story is listed otherwise
        than at the last build (the plan's "lists kept", which keeps every other list as it is), their view is the
        last build's: the programme's timeline of every batch was 0.3 s of a save at 1,000 alumni."""
        if not self.command.edit or page.kind == "story":
            return pages.view(site, page, language)
        key = (page.source, language)
        view = self._views[key] if self._preview_plan(build)[3] and key in self._views \
            else pages.view(site, page, language)
        build.views[key] = view  # the next build's only once this one is complete (outputs)
        return view

    def _footer(self, engine: Engine) -> dict:
        language = engine.language
        return page_html.footer_view(self._build(engine).publisher, self.site(engine).strings(language), language)

    def template_context(self, engine: Engine, context: dict, template_name: str) -> None:
        """Templates rendered outside pages (404.html): the header's search box needs the strings, every page
        its footer; the 404 page its links home in each language."""
        site, language = self.site(engine), engine.language
        context.setdefault("t", site.strings(language))
        if template_name == "404.html":
            path = urlsplit(engine.site_url or "/").path or "/"
            path = path if path.endswith("/") else path + "/"
            engine.language_selector_home()
            context["t"] = site.strings(language)
            context["partners_404"] = {
                "home": path + urls.home(language),
                "index": path + urls.story_index(language),
                "others": [{"language": other, "title": site.strings(other)("not_found_title"),
                            "home": path + urls.home(other), "home_label": site.strings(other)("not_found_home")}
                           for other in LANGUAGES if other != language],
            }
        context.setdefault("site_footer", self._footer(engine))

    def finish_template(self, engine: Engine, html: str, template_name: str) -> str:
        return self.finish_page(engine, html) if template_name == "404.html" else html

    def finish_page(self, engine: Engine, html: str) -> str:
        """The last touch to every page: the theme's own, then phrase breaks in Japanese."""
        language = engine.language
        return page_html.finish(engine.clean_page(html), language, self.site(engine).names(language),
                                self._build(engine).finished_pages, engine.one_line_classes)

    def templates(self, engine: Engine, env) -> object:
        """The engine's Jinja2 environment, once its filters are in: ours, and compiled code kept between builds."""
        env.filters["search_aliases"] = search.search_aliases  # the templates give the index what readers type
        if typed.strict():  # the tests: a field a typed view lacks fails the build
            env.undefined = typed.StrictViewUndefined
        try:  # templates are compiled lazily, when the first page is rendered, after this
            self.template_cache.folder = template_cache.use_folder(self.root, env, engine.code_folders,
                                                                   engine.libraries)
        except OSError as error:
            engine.log.debug(f"template cache not on disk ({error}): templates are compiled in memory only")
            self.template_cache.folder = None
        env.bytecode_cache = self.template_cache
        return env

    def watched(self, engine: Engine) -> list[Path]:
        """What the preview watches besides the engine's own files (asked once, as its server starts). From then
        on SIGTERM stops the preview as Ctrl+C does, so the engine runs its own shutdown (which stops Pagefind)
        and removes the temporary folder it serves from, which a plain SIGTERM left behind. Ctrl+C stops it however
        it was started: a process started in the background by a script (or by a test runner's worker) may inherit
        SIGINT ignored or blocked, which Python leaves as it is, and the preview then never stopped on Ctrl+C."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda signum, frame: signal.default_int_handler(signum, frame))
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
        return [self.root / folder for folder in ("stories", "data", "schema", "alumni_stories")]

    # --- outputs: once every language is built -------------------------------------------------------

    def language_done(self, engine: Engine) -> None:
        """After each language pass: each writes its 404 page to the same file; the default one is kept aside
        and the others are moved into their language's folder."""
        built = engine.site_dir / "404.html"
        if not built.is_file():
            return
        if engine.language == DEFAULT_LANGUAGE:
            self._build(engine).not_found = built.read_bytes()
        else:
            target = engine.site_dir / urls.language_prefix(engine.language) / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            built.replace(target)

    def outputs(self, engine: Engine) -> None:
        """Everything written beside the pages, once every language is built, in this order."""
        if engine.nested_pass:
            return
        build = self._build(engine)
        self._enter(build, "outputs")
        site_dir, site = engine.site_dir, build.site
        plan = build.incremental
        if plan is not None and plan["unchanged"]:
            # The last build had these very inputs and its folder is as it left it: it stays, untouched (issue 27:
            # a warm build at 1,000 alumni made every file again, 15 s, to write what was there).
            self._enter(build, "publish")
            self.swap.unchanged()
            return
        if plan is not None:
            for relative in sorted(plan["kept"]):  # a link, no bytes copied; nothing writes into a kept page
                self._write(site_dir, relative, plan["final"] / relative)
            if plan["kept"]:
                stories, others = plan["stories"], plan["pages"] - plan["stories"]
                engine.log.info(f"rendered {len(stories - plan['kept'])} of {len(stories)} story pages and "
                                f"{len(others - plan['kept'])} of {len(others)} other pages; the others had not "
                                "changed since the last build")
        published = self._published.pop(site_dir, {}) if self.command.edit else {}
        try:  # (the preview: what the last build linked is still there; a preview never cleans its folder)
            copied = portraits.publish({path: file for path, file in build.rendered_portraits.items()
                                        if published.get(path) != file}, site_dir)
        except ContentError as error:
            raise BuildStop(error.render()) from None
        if self.command.edit:
            self._published[site_dir] = dict(build.rendered_portraits)
        engine.log.debug(f"copied {copied} portrait images into the site")
        if build.not_found is not None:  # (no data-pagefind-body: the search index leaves it out)
            (site_dir / "404.html").write_bytes(build.not_found)
            build.not_found = None
        fingerprinted, rewritten = None, set()
        if not self.command.preview:  # the preview rewrites only some pages: they keep the plain names
            # After every page (404 included); before the search index, which then reads the pages as published
            # (a warm build's kept pages and a cold build's fresh ones alike), and the host files that mark the
            # new names immutable.
            try:
                fingerprinted, rewritten = self._assets(engine, plan)
            except OSError as error:
                where = error.filename or site_dir
                raise BuildStop(f"Stylesheets and scripts: cannot read or write {where} ({error.strerror or error});"
                                " check the disk space and the folder's permissions") from None
        self._search(engine)  # before the files below: it never indexes /admin/ or embed cards
        if not self.command.preview:  # a preview rebuilds only some pages, so keeps every entry
            every_page_rendered = not (plan and plan["kept"])
            if every_page_rendered:  # (a kept page's entry is still the right one; a full build, at the latest
                build.finished_pages.prune()  # the next day's first, drops the entries no page uses)
            self.template_cache.prune(every_page_rendered=every_page_rendered)
        unchanged = (lambda slug, relative: incremental.reuse(plan, slug, relative)) if plan else (lambda *_: None)
        lists_kept = self.command.edit and self._preview_plan(build)[3]
        if self.command.edit:  # the preview: a story the save cannot have changed keeps its embed card where it is
            skippable = self._preview_plan(build)[2]

            def unchanged(slug, relative):
                return site_dir / relative if slug in skippable and (site_dir / relative).is_file() else None
        # A build after edits of story bodies only: the last build's files for partners, all of them as they are.
        partners_kept = incremental.kept_partner_files(plan) if plan is not None else None
        try:  # (a save of story bodies only changes none: feeds, cards and share images show no body)
            for relative in partners_kept or ():
                self._write(site_dir, relative, plan["final"] / relative)
                if relative in plan["previous"].outputs:  # an embed card: a page of the record, kept as one
                    incremental.keep(plan, relative)
            if partners_kept is not None:
                engine.log.info(f"{len(partners_kept)} files for partners (feeds, share images, embed cards) taken "
                                "from the last build: only story bodies changed, which none of them shows")
            build.partners = list(partners_kept or ())
            for relative, data in () if lists_kept or partners_kept is not None else partner_files(
                    site, engine.site_url or "", build.images, build.report.addresses.values(), engine.template_dirs,
                    unchanged):
                build.partners.append(relative)
                if not (isinstance(data, Path) and data == site_dir / relative):  # (the preview's kept card)
                    self._write(site_dir, relative, data)
        except (OSError, ValueError) as error:  # content cannot cause it (the validator drew the line); a disk can
            if not self.command.preview:
                raise BuildStop(f"Files for partners (share images, embed cards): {error}") from None
            # The preview says so and goes on: its pages and /admin/ keep answering, so the editor can undo.
            engine.log.error(f"files for partners (share images, embed cards) not written: {error}")
        if not lists_kept:  # (its settings name stories and data, never a body)
            self._admin(engine)
        build.kept_digests = self._kept_digests(plan, rewritten)
        if not self.command.preview:  # what this build did not use goes (a preview shows drafts, so keeps all)
            if partners_kept is None:  # (kept: no share image was asked for; the next complete making prunes)
                store.DRAWERS[SHARE_IMAGE_CACHE].prune(self.root, build.images.used())
            store.DRAWERS[PORTRAIT_CACHE].prune(self.root, {path.name for path in build.rendered_portraits.values()})
            self._host_files(engine)  # last: the inline scripts hashed into the policy are the finished pages'
            store.DRAWERS["map"].prune(self.root, {region_map.CACHE_ENTRY})
            for name in (SEARCH_CACHE, PRECOMPRESSED_CACHE, PURGE_CACHE):  # their entries: pruned as written
                store.DRAWERS[name].prune(self.root)
        if plan is not None:
            current = plan["current"]
            current.outputs = incremental.digest_outputs(site_dir, plan["pages"], build.kept_digests)
            current.assets = fingerprinted.for_record(plan["pages"]) if fingerprinted else {}
            current.inline = incremental.pack_inline(build.inline, plan["pages"])
            current.partners = incremental.file_stats(site_dir, build.partners)
            current.site = incremental.listing(site_dir)  # last: no step writes into the folder after this one
            incremental.save_record(plan["path"], current)
            store.DRAWERS[incremental.DRAWER].prune(self.root)  # records of other code: never read again
        self._enter(build, "publish")
        if self.command.publishes:
            self.swap.complete()
        if self.command.edit:
            fingerprint, order, skipped, _lists_kept = self._preview_plan(build)
            self._last_preview = (fingerprint, order, *self._shown(build)) if fingerprint is not None else None
            self._views = build.views
            if len(skipped):
                engine.log.info(f"rebuilt the pages of {len(order) - len(skipped)} of {len(order)} stories; "
                                "the others had not changed")

    def _assets(self, engine: Engine, plan: dict | None) -> tuple[assets.AssetSummary, set]:
        """Bundle and fingerprint the site's files, then cut the theme's stylesheet; the story pages kept from the
        last build are read by neither where they are as it left them (issue 27). Also the pages rewritten."""
        site_dir = engine.site_dir
        previous = plan["previous"] if plan else None
        kept = assets.Kept.from_record(previous.assets, plan["kept"]) if previous else None
        fingerprinted = assets.fingerprint_assets(site_dir, kept=kept)
        engine.log.info(fingerprinted.summary())
        known = self._kept_digests(plan, fingerprinted.written)
        memo = None if persistent.disabled() else store.DRAWERS[PURGE_CACHE].folder(self.root)
        purged = purge.purge_theme_css(site_dir, known=known, memo=memo)
        engine.log.info(purged.summary())
        return fingerprinted, fingerprinted.written | set(purged.written)

    @staticmethod
    def _kept_digests(plan: dict | None, rewritten) -> dict[str, str]:
        """The digests of the files taken from the last build that no step wrote over since: not read again."""
        previous = plan["previous"] if plan else None
        return {relative: previous.outputs[relative] for relative in plan["kept"]
                if relative not in rewritten} if previous else {}

    @staticmethod
    def _write(site_dir: Path, relative: str, data) -> None:
        """Write a file of the site (a Path: link that file there), refusing any path that would leave it."""
        try:
            if isinstance(data, Path):
                writing.link_inside(site_dir, relative, data)
            else:
                writing.write_inside(site_dir, relative, data)
        except ContentError as error:
            raise BuildStop(error.render()) from None

    def _search(self, engine: Engine) -> None:
        try:
            if self.command.preview:  # the editor sees the saved page now; search catches up in a few seconds
                search.start_in_background(engine.site_dir)
                return
            index = search.build_search_index(engine.site_dir, LANGUAGES,
                                              store.DRAWERS[SEARCH_CACHE].folder(self.root))
        except search.SearchIndexError as error:
            raise BuildStop(f"Search: {error}") from None
        engine.log.info(index.summary())

    def cms_backend(self, engine: Engine) -> Backend:
        """`serve` (and `alumni-stories edit`) edits the local files through decap-server; a build publishes the
        production setup (a git host, pull requests) from the engine's `cms` settings."""
        settings = dict(engine.settings("cms") or {})
        local = int(os.environ.get(LOCAL_PORT_VARIABLE, "8081")) if self.command.preview else None
        unknown = sorted(set(settings) - set(CMS_SETTINGS))
        if unknown:
            raise BuildStop(f"{engine.where('cms', unknown[0])}: unknown setting -> use only "
                            f"{', '.join(sorted(CMS_SETTINGS))}")
        return Backend(local_port=local, **{k: str(v) for k, v in settings.items()})

    def _admin(self, engine: Engine) -> None:
        """/admin/ (Decap CMS), written outside the engine's pages: in no navigation, sitemap or search index."""
        if not (self.root / ADMIN_SOURCE / "package.json").is_file():
            engine.log.debug("no cms/ folder in this project: /admin/ is not written")
            return
        try:
            copied = write_admin(self.root, engine.site_dir, self.cms_backend(engine))
        except CmsConfigError as error:
            raise BuildStop(f"Editing interface (/admin/): {error}") from None
        engine.log.debug(f"/admin/ written ({copied} files copied)")

    def _host_files(self, engine: Engine) -> None:
        """Host configuration (nginx, _redirects/_headers) and precompressed files; `serve` needs none."""
        site_dir = engine.site_dir
        cache = store.DRAWERS[PRECOMPRESSED_CACHE].folder(self.root)
        try:
            icon = hosting.favicon_ico(site_dir, engine.favicons)
            if icon is not None:
                self._write(site_dir, "favicon.ico", icon)
            previous = (self.build.incremental or {}).get("previous")
            plan = hosting.plan(site_dir, self.build.report.addresses.values(), engine.site_url or "",
                                incremental.known_inline(previous, self.build.kept_digests))
            self.build.inline = plan.inline
            for relative, text in host_files(plan):
                self._write(site_dir, relative, text)
            compressed = precompress.precompress(site_dir, cache, self.build.kept_digests)
        except OSError as error:
            raise BuildStop(f"Host configuration: cannot read or write {error.filename or site_dir} "
                            f"({error.strerror or error}); check the disk space and the folder's permissions, "
                            f"or delete {cache.relative_to(self.root)}/ and build again") from None
        except ValueError as error:  # host_config.nginx_string: a name nginx would read as syntax
            raise BuildStop(f"Host configuration: {error}") from None
        engine.log.info(f"host configuration: {len(plan.redirects)} redirect(s), {len(plan.gone)} withdrawn "
                        f"address(es), {len(plan.script_hashes)} inline script hash(es) in the "
                        "Content-Security-Policy")
        engine.log.info(compressed.summary())

    # --- publish: the finished folder replaces the site, or nothing changes --------------------------

    def failed(self) -> None:
        self.swap.failed()

    def shutdown(self, log) -> None:
        self.swap.finish(log)


class Pipelines:
    """The one holder of pipelines: one per project folder, for the command this process runs. Kept in the
    core, not the adapter, because an engine may load its adapter again for every rebuild of the preview."""

    def __init__(self):
        self.command = Command()
        self._by_root: dict = {}

    def start(self, name: str, dirty: bool) -> Command:
        self.command = Command(name, bool(dirty))
        self._by_root.clear()
        return self.command

    def failed(self) -> None:
        for pipeline in self._by_root.values():
            pipeline.failed()

    def shutdown(self, log) -> None:
        search.stop_background()
        for pipeline in self._by_root.values():
            pipeline.shutdown(log)

    def pipeline(self, root: Path) -> Pipeline:
        found = self._by_root.get(Path(root))  # (an engine's root is resolved already: no realpath per hook call)
        if found is not None:
            return found
        root = Path(root).resolve()
        if root not in self._by_root:
            self._by_root[root] = Pipeline(root, self.command)
        return self._by_root[root]


PIPELINES = Pipelines()
