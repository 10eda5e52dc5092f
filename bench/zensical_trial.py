"""The way off Material, measured (issue 23): build a copy of this project with Zensical, the core's phases around it.

Zensical reads mkdocs.yml but ignores `hooks:` and drops every plugin outside its own list, so nothing of hooks/
runs. This script does by hand, with the core (alumni_stories/), what the hooks do inside MkDocs:

  1. copy     the project into --work (the project itself is never written; cms/node_modules is linked)
  2. pages    load and validate the content once (the build's own rules), then write every planned page
              (alumni_stories/site/pages.py: stories, programme, countries, batches, tracks) in both languages into
              the copy's docs/ as `<source>.<lang>.md` with the front matter hooks/stories.py hands MkDocs
  3. engine   run Zensical on the copy (`zensical-i18n build`, else `zensical build`), timed
  4. outputs  what the hooks write in on_post_build, from the core: portraits, feeds, JSON API, share images,
              embed cards, notices (outputs/partner_files.py), Pagefind search, /admin/, host files, precompression
  5. compare  against today's `mkdocs build` of another clean copy (this project's .venv): pages per language,
              URLs in one and not the other, sitemap, alternate links, search, the main text of a few pages, time

It installs nothing. Zensical lives in its own virtual environment, never in the project's requirements:

    python3.11 -m venv /tmp/zvenv
    /tmp/zvenv/bin/pip install zensical==0.0.73 zensical-i18n==0.3.0
    .venv/bin/python -m bench.zensical_trial --zensical-venv /tmp/zvenv --work /tmp/ztrial

(zensical 0.1.x needs the package zensical-ui, which the registry did not have when this was written, and
zensical-i18n 0.3.0 requires zensical<0.1; docs/maintainers/zensical.en.md has the details and the figures.)
Writes <work>/report.md and <work>/report.json; --report also copies the Markdown report there.
Not a test: pytest collects only tests/ (pyproject.toml), and nothing here is imported by the suite.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IGNORED = shutil.ignore_patterns(".git", ".venv", "site", "site.tmp-*", ".cache", "tests", "test-artifacts",
                                 "*.egg-info", "__pycache__", "node_modules")
# A few pages of each kind, compared by the text of their main content (the page's <article>, else <main>).
SAMPLE_PAGES = ["", "stories/", "programme/", "countries/", "guide/", "partners/"]
MAIN_SELECTORS = ("article", "main", "body")
BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, tr, th, td, div, pre, blockquote, figcaption, br, header, aside, section"


# --- 1. copy ----------------------------------------------------------------------------------------------

def copy_project(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=IGNORED, symlinks=True)
    for modules in source.glob("**/node_modules"):  # 400 MB of the CMS: read only, so linked
        if modules.is_dir() and ".venv" not in modules.parts and "node_modules" not in modules.parent.parts:
            link = target / modules.relative_to(source)
            if link.parent.is_dir() and not link.exists():
                link.symlink_to(modules)
    return target


# --- 2. pages (what hooks/stories.py _add_generated_files and _fill_generated_files hand MkDocs) -------------

def write_pages(root: Path, with_template: bool = True) -> dict:
    import yaml

    from alumni_stories.content.model import LANGUAGES
    from alumni_stories.errors import ContentError
    from alumni_stories.outputs import validation
    from alumni_stories.site import pages
    from alumni_stories.site.views import load_site

    try:
        site = load_site(root, include_drafts=False)
    except ContentError as error:
        sys.exit(error.render())
    report = validation.check_site(site, root / "docs", preview=False)
    if report.problems:
        sys.exit(ContentError(report.problems).render())
    written, kinds = [], {}
    for page in pages.plan_all(site):
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
        for language in LANGUAGES:
            # Without hooks the template would get none of its data (story, t, ...): the own-theme run drops it.
            meta = {"template": page.template} if with_template else {}
            if page.title:
                meta["title"] = page.title(site, language)
            body = page.body(site, language) if page.body else ""
            target = root / "docs" / f"{page.source}.{language}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{body}", encoding="utf-8")
            written.append(str(target.relative_to(root)))
    return {"site": site, "addresses": report.addresses, "files": written, "kinds": kinds}


# --- 3. engine --------------------------------------------------------------------------------------------

def run_engine(root: Path, venv: Path, log: Path, without_overrides: bool) -> dict:
    if without_overrides:  # the second try: Zensical's own theme, no custom_dir (overrides/ are Material's)
        config = root / "mkdocs.yml"
        config.write_text(re.sub(r"^  custom_dir: overrides\n", "", config.read_text(encoding="utf-8"), flags=re.M),
                          encoding="utf-8")
        for page in (root / "docs").rglob("*.md"):  # hand-written pages name the project's templates too
            text = page.read_text(encoding="utf-8")
            page.write_text(re.sub(r"^template: .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    i18n = venv / "bin" / "zensical-i18n"
    command = [str(i18n if i18n.exists() else venv / "bin" / "zensical"), "build", "--clean", "-f", "mkdocs.yml"]
    shutil.rmtree(root / "site", ignore_errors=True)
    started, cpu = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    after = os.times()
    log.write_text(f"$ {' '.join(command)}\nexit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}",
                   encoding="utf-8")
    output = done.stdout + done.stderr
    return {"command": " ".join([Path(command[0]).name, *command[1:]]), "exit": done.returncode,
            "wall_s": round(time.perf_counter() - started, 2),
            "cpu_s": round(after.children_user + after.children_system - cpu.children_user - cpu.children_system, 2),
            "warnings": len(re.findall(r"warning", output, flags=re.I)),
            "errors": len(re.findall(r"\berror\b", output, flags=re.I)),
            "last_lines": output.strip().splitlines()[-12:], "log": str(log)}


# --- 4. outputs (what hooks/*.py write in on_post_build) -----------------------------------------------------

def run_outputs(root: Path, loaded: dict, site_url: str) -> list[dict]:
    from alumni_stories.content.model import LANGUAGES
    from alumni_stories.media import portraits
    from alumni_stories.outputs import hosting, precompress
    from alumni_stories.outputs.cms import Backend, write_admin
    from alumni_stories.outputs.host_config import host_files
    from alumni_stories.outputs.partner_files import partner_files
    from alumni_stories.outputs.search import build_search_index
    from alumni_stories.outputs.share_image import ShareImages, find_fonts
    from alumni_stories.outputs.writing import link_inside, write_inside

    site, addresses, site_dir = loaded["site"], loaded["addresses"], root / "site"
    results = []

    def step(name, action):
        started = time.perf_counter()
        try:
            detail = action()
            results.append({"step": name, "ok": True, "detail": detail, "s": round(time.perf_counter() - started, 2)})
        except BaseException as error:  # a trial: record what broke and go on with the next output
            results.append({"step": name, "ok": False, "s": round(time.perf_counter() - started, 2),
                            "detail": f"{type(error).__name__}: {error}".strip()[:600],
                            "where": traceback.format_exc(limit=-2)[-600:]})

    def put(relative, data):
        (link_inside if isinstance(data, Path) else write_inside)(site_dir, relative, data)

    def do_portraits():
        rendered = portraits.render_all([(s.slug, s.portrait_source) for s in site.stories
                                         if s.portrait_source is not None], root / ".cache" / "portraits")
        return f"{portraits.publish(rendered, site_dir)} portrait files copied"

    def do_partner_files():
        images = ShareImages(root / ".cache" / "share-images", find_fonts())
        count = 0
        for relative, data in partner_files(site, site_url, images, addresses.values(), [str(root / "overrides")]):
            put(relative, data)
            count += 1
        return f"{count} files (feeds, JSON API, share images, embed cards, notices)"

    def do_search():
        return build_search_index(site_dir, LANGUAGES, None).summary()

    def do_admin():
        return f"{write_admin(root, site_dir, Backend(local_port=None))} files copied into /admin/"

    def do_hosting():
        icon = hosting.favicon_ico(site_dir, ["assets/images/favicon.svg", "assets/images/favicon.png"])
        if icon is not None:
            put("favicon.ico", icon)
        plan = hosting.plan(site_dir, addresses.values(), site_url)
        for relative, text in host_files(plan):
            put(relative, text)
        return (f"{len(plan.redirects)} redirects, {len(plan.gone)} gone, "
                f"{len(plan.script_hashes)} inline script hashes")

    def do_precompress():
        return precompress.precompress(site_dir, root / ".cache" / "precompressed").summary()

    # The order of the hooks' on_post_build: portraits (0), search (-105), partner files and /admin/ (-110), hosting
    # (-115); the 404 page per language is zensical-i18n's own here.
    for name, action in [("portraits", do_portraits), ("search (Pagefind)", do_search),
                         ("feeds, API, share images, embeds", do_partner_files), ("/admin/ (Decap CMS)", do_admin),
                         ("host files", do_hosting), ("precompressed .gz/.br", do_precompress)]:
        step(name, action)
    return results


# --- 5. compare -------------------------------------------------------------------------------------------

def build_reference(root: Path, log: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ALUMNI_STORIES_PUBLISH", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    started, cpu = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    after = os.times()
    log.write_text(f"$ mkdocs build --strict\nexit {done.returncode}\n{done.stdout}\n{done.stderr}", encoding="utf-8")
    return {"command": "mkdocs build --strict", "exit": done.returncode,
            "wall_s": round(time.perf_counter() - started, 2),
            "cpu_s": round(after.children_user + after.children_system - cpu.children_user - cpu.children_system, 2),
            "log": str(log)}


def page_urls(site_dir: Path) -> set[str]:
    """The site's HTML pages as URL paths, without the outputs written after the engine (embeds, notices, /admin/)."""
    urls = set()
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(("admin/", "ja/admin/", "embed/", "ja/embed/", "pagefind/", "_hosting/", "assets/")):
            continue
        urls.add("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return urls


def language_of(url: str) -> str:
    return "ja" if url.startswith("/ja/") or url == "/ja" else "en"


def main_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    if not path.is_file():
        return ""
    # Without the phrase breaks of Japanese pages (hooks/readers.py): markup, not text.
    soup = BeautifulSoup(re.sub(r"<wbr\s*/?>", "", path.read_text(encoding="utf-8")), "lxml")
    for selector in MAIN_SELECTORS:
        node = soup.select_one(selector)
        if node is not None:
            break
    for hidden in node.select("script, style, template, svg"):
        hidden.decompose()
    for code in node.select("pre"):  # highlighted code: one string, however each engine splits it into tokens
        code.replace_with(code.get_text(""))
    # One line per block: inline markup (links, the phrase spans of Japanese pages) does not split lines.
    for block in node.select(BLOCKS):
        block.append("\n")
    text = node.get_text("").replace("\u200b", "")
    return "\n".join(line for line in (" ".join(part.split()) for part in text.splitlines()) if line)


def site_facts(site_dir: Path) -> dict:
    from bs4 import BeautifulSoup

    urls = page_urls(site_dir)
    facts = {"pages": {lang: sum(1 for u in urls if language_of(u) == lang) for lang in ("en", "ja")},
             "files": sum(1 for p in site_dir.rglob("*") if p.is_file()), "sitemap": {}, "alternate": {}}
    for sitemap in ("sitemap.xml", "ja/sitemap.xml"):
        file = site_dir / sitemap
        facts["sitemap"][sitemap] = file.read_text(encoding="utf-8").count("<loc>") if file.is_file() else None
    for url in ("/", "/ja/", "/stories/", "/ja/stories/"):
        file = site_dir / url.lstrip("/") / "index.html"
        if file.is_file():
            soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
            facts["alternate"][url] = sorted(f"{link.get('hreflang')}={link.get('href')}"
                                             for link in soup.select('link[rel=alternate][hreflang]'))
            facts.setdefault("html_lang", {})[url] = (soup.html or {}).get("lang")
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    facts["pagefind"] = ({lang: value.get("page_count") for lang, value in
                          json.loads(entry.read_text(encoding="utf-8"))["languages"].items()} if entry.is_file() else None)
    facts["sitemap_alternates"] = sum(file.read_text(encoding="utf-8").count("<xhtml:link")
                                      for file in site_dir.glob("**/sitemap.xml"))
    facts["selector_to_counterpart"] = selector_pairs(site_dir, urls)
    facts["zensical_search"] = sorted(str(p.relative_to(site_dir)) for p in site_dir.glob("**/search*.json"))[:4]
    return facts, urls


def selector_pairs(site_dir: Path, urls: set[str]) -> str:
    """How many pages link, through the language selector (<a hreflang>), to the same page in the other language."""
    from urllib.parse import urljoin

    from bs4 import BeautifulSoup

    good = 0
    for url in urls:
        other, counterpart = ("en", "/" + url[len("/ja/"):]) if language_of(url) == "ja" else ("ja", "/ja" + url)
        file = site_dir / url.lstrip("/") / "index.html" if url.endswith("/") else site_dir / url.lstrip("/")
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        links = {urljoin(url, a.get("href", "")) for a in soup.select(f'a[hreflang="{other}"]')}
        good += counterpart in links
    return f"{good} of {len(urls)}"


def hook_context_names(project: Path, loaded: dict) -> list[str]:
    """Names the project's templates read that only hooks/ put into the context (Zensical has no hooks): those the
    hooks set (context["..."]) and the keys of the generated pages' views (alumni_stories/site/pages.py)."""
    from alumni_stories.content.model import DEFAULT_LANGUAGE
    from alumni_stories.site import pages

    given = set()
    for hook in (project / "hooks").glob("*.py"):
        given |= set(re.findall(r"context(?:\[|\.setdefault\()[\"'](\w+)", hook.read_text(encoding="utf-8")))
    for page in pages.plan_all(loaded["site"]):
        given |= set(pages.view(loaded["site"], page, DEFAULT_LANGUAGE))
    return sorted(given & template_names(project / "overrides"))


def template_names(overrides: Path) -> set[str]:
    import jinja2
    from jinja2 import meta

    env = jinja2.Environment()
    names: set[str] = set()
    for template in overrides.rglob("*.html"):
        tree = env.parse(template.read_text(encoding="utf-8"))
        for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):  # only names are wanted here
            (env.filters if isinstance(node, jinja2.nodes.Filter) else env.tests).setdefault(node.name, lambda *a, **k: a)
        names |= meta.find_undeclared_variables(tree)
    return names


def compare(reference: Path, trial: Path, out: Path, story_slug: str | None) -> dict:
    ref_facts, ref_urls = site_facts(reference)
    new_facts, new_urls = site_facts(trial)
    samples = [*SAMPLE_PAGES, *([f"stories/{story_slug}/"] if story_slug else [])]
    texts = []
    out.mkdir(parents=True, exist_ok=True)
    for language_prefix in ("", "ja/"):
        for sample in samples:
            url = language_prefix + sample
            a = main_text(reference / url / "index.html").splitlines()
            b = main_text(trial / url / "index.html").splitlines()
            diff = list(difflib.unified_diff(a, b, "mkdocs", "zensical", lineterm="", n=0))
            (out / ((language_prefix + sample.replace(story_slug or "-", "first-story")).strip("/").replace("/", "_")
                    or "home")).with_suffix(".diff").write_text(
                "\n".join(diff) + "\n", encoding="utf-8")
            label = "/" + (url.replace(story_slug, "<first story>") if story_slug else url)  # names no one
            texts.append({"url": label, "mkdocs_lines": len(a), "zensical_lines": len(b),
                          "removed": sum(1 for d in diff if d.startswith("-") and not d.startswith("---")),
                          "added": sum(1 for d in diff if d.startswith("+") and not d.startswith("+++")),
                          # character by character, spaces and line ends left out (Japanese has no words)
                          "similarity": round(difflib.SequenceMatcher(None, "".join("".join(a).split()),
                                                                      "".join("".join(b).split()),
                                                                      autojunk=False).ratio(), 3)})
    return {"mkdocs": ref_facts, "zensical": new_facts,
            "only_mkdocs": sorted(ref_urls - new_urls), "only_zensical": sorted(new_urls - ref_urls),
            "common": len(ref_urls & new_urls), "texts": texts, "diffs": str(out)}


def overrides_used(trial: Path, story_slug: str | None) -> dict:
    """Did the project's templates (overrides/) run? Marks only they print, on a story page and every page."""
    page = trial / "stories" / (story_slug or "-") / "index.html"
    html = page.read_text(encoding="utf-8") if page.is_file() else ""
    return {"story page exists": page.is_file(), "story header (overrides/story.html)": 'class="story-name"' in html,
            "site footer (overrides/partials/site_footer.html)": "site-footer" in html,
            "skip link (overrides/main.html)": "quality-skip" in html,
            "Pagefind body marks": "data-pagefind-body" in html}


# --- report -----------------------------------------------------------------------------------------------

def markdown_report(result: dict) -> str:
    lines = [f"# Zensical trial, {result['date']}", "", f"Zensical {result['versions']}; project at {result['commit']}.", ""]
    for run in result["runs"]:
        engine = run["engine"]
        lines += [f"## {run['name']}", "", f"- engine: `{engine['command']}` exit {engine['exit']}, "
                  f"{engine['wall_s']} s wall, {engine['cpu_s']} s CPU; {engine['warnings']} lines mention a warning, "
                  f"{engine['errors']} an error (log: {engine['log']})"]
        if engine["exit"]:
            lines += ["", "```", *engine["last_lines"], "```"]
        if run.get("outputs"):
            total = run["pages_s"] + engine["wall_s"] + sum(step["s"] for step in run["outputs"])
            lines.append(f"- pages written before the engine: {run['generated_files']} files "
                         f"({run['kinds']}), {run['pages_s']} s; whole trial (pages + engine + outputs) "
                         f"{round(total, 1)} s wall, {run.get('cpu_s')} s CPU")
        for step in run.get("outputs", []):
            lines.append(f"- {step['step']}: {'ran' if step['ok'] else 'BROKE'} ({step['s']} s): {step['detail']}")
        if "compare" in run:
            c = run["compare"]
            lines += [f"- HTML pages, en/ja: mkdocs {c['mkdocs']['pages']['en']}/{c['mkdocs']['pages']['ja']}, "
                      f"zensical {c['zensical']['pages']['en']}/{c['zensical']['pages']['ja']}; "
                      f"{c['common']} URLs in both, {len(c['only_mkdocs'])} only in mkdocs, "
                      f"{len(c['only_zensical'])} only in zensical",
                      f"- only in mkdocs: {', '.join(c['only_mkdocs'][:30]) or 'none'}",
                      f"- only in zensical: {', '.join(c['only_zensical'][:30]) or 'none'}",
                      f"- sitemap <loc> count: mkdocs {c['mkdocs']['sitemap']}, zensical {c['zensical']['sitemap']}",
                      f"- hreflang alternates of /: mkdocs {c['mkdocs']['alternate'].get('/')}, "
                      f"zensical {c['zensical']['alternate'].get('/')}",
                      f"- html lang of /ja/: mkdocs {c['mkdocs'].get('html_lang', {}).get('/ja/')}, "
                      f"zensical {c['zensical'].get('html_lang', {}).get('/ja/')}",
                      f"- language selector leads to the same page in the other language: "
                      f"mkdocs {c['mkdocs']['selector_to_counterpart']}, zensical {c['zensical']['selector_to_counterpart']}"
                      f"; hreflang links in sitemaps: mkdocs {c['mkdocs']['sitemap_alternates']}, "
                      f"zensical {c['zensical']['sitemap_alternates']}",
                      f"- Pagefind pages indexed: mkdocs {c['mkdocs']['pagefind']}, zensical {c['zensical']['pagefind']}; "
                      f"Zensical's own search files: {c['zensical']['zensical_search'] or 'none'}",
                      f"- files in the site: mkdocs {c['mkdocs']['files']}, zensical {c['zensical']['files']}",
                      f"- templates: {run['overrides']}", "",
                      "| page | mkdocs lines | zensical lines | lines removed | lines added | text similarity |", "|---|---|---|---|---|---|"]
            lines += [f"| {t['url']} | {t['mkdocs_lines']} | {t['zensical_lines']} | {t['removed']} | {t['added']} | "
                      f"{t['similarity']} |" for t in c["texts"]]
        lines.append("")
    ref = result.get("reference")
    if ref:
        lines += [f"Reference: `{ref['command']}` exit {ref['exit']}, {ref['wall_s']} s wall, {ref['cpu_s']} s CPU "
                  "(cold: no .cache/), same outputs included.", ""]
    lines += [f"Context names overrides/ read that only hooks/ provide ({len(result['hook_names'])}): "
              f"{', '.join(result['hook_names'])}.", "", f"Load average at the start: {result['load']}.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zensical-venv", type=Path, default=Path("/tmp/zvenv"),
                        help="virtual environment holding zensical (and zensical-i18n); default /tmp/zvenv")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ztrial"), help="folder for the copies (emptied)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to copy (default: this one)")
    parser.add_argument("--site-url", default="http://localhost:8000/", help="site_url for the outputs")
    parser.add_argument("--report", type=Path, help="also write the Markdown report here")
    parser.add_argument("--skip-reference", action="store_true",
                        help="do not build the mkdocs reference again (compare with <work>/mkdocs/site if it is there)")
    args = parser.parse_args(argv)

    venv = args.zensical_venv.resolve()
    if not (venv / "bin" / "zensical").exists():
        parser.error(f"no zensical in {venv}: create it as the --help text says")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    versions = subprocess.run([str(venv / "bin" / "pip"), "list", "--format=freeze"], capture_output=True,
                              text=True).stdout
    versions = ", ".join(line for line in versions.splitlines() if "zensical" in line.lower())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.project, capture_output=True,
                            text=True).stdout.strip() or "?"
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "versions": versions, "commit": commit,
              "runs": [], "load": [round(x, 1) for x in os.getloadavg()]}

    reference_site = work / "mkdocs" / "site"
    if not args.skip_reference:
        reference = copy_project(args.project, work / "mkdocs")
        result["reference"] = build_reference(reference, work / "mkdocs.log")
        reference_site = reference / "site"
        print(f"reference: {result['reference']}", flush=True)

    for name, without_overrides in (("Zensical with overrides/ (custom_dir) as it is", False),
                                    ("Zensical with its own theme (custom_dir and `template:` removed)", True)):
        folder = work / ("zensical-own-theme" if without_overrides else "zensical-overrides")
        root = copy_project(args.project, folder)
        started = time.perf_counter()
        usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        loaded = write_pages(root, with_template=not without_overrides)
        result["hook_names"] = hook_context_names(args.project, loaded)
        run = {"name": name, "pages_s": round(time.perf_counter() - started, 2), "kinds": loaded["kinds"],
               "generated_files": len(loaded["files"])}
        run["engine"] = run_engine(root, venv, folder.with_suffix(".log"), without_overrides)
        print(f"{name}: {run['engine']}", flush=True)
        if (root / "site").is_dir():
            run["outputs"] = run_outputs(root, loaded, args.site_url)
            slug = loaded["site"].stories[0].slug if loaded["site"].stories else None
            run["overrides"] = overrides_used(root / "site", slug)
            run["cpu_s"] = round(sum(end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime for start, end in
                                     zip(usage, (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))), 1)
            if reference_site is not None and reference_site.is_dir():
                run["compare"] = compare(reference_site, root / "site", folder.with_suffix(".diffs"), slug)
        result["runs"].append(run)

    (work / "report.json").write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    report = markdown_report(result)
    (work / "report.md").write_text(report, encoding="utf-8")
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
