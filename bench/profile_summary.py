"""Where a build's time goes: a cProfile output summarised by phase and by package, for the report.

Two views, because cProfile offers two kinds of time:
- phases: cumulative time of the functions that ARE a phase (reading content, converting Markdown,
  rendering templates, ...). Phases nest, so they do not add up to the total.
- packages: each function's own time (tottime), summed per package; these add up to the total.
"""
from __future__ import annotations

import pstats
import re

# (label, file path ending, function name): the entry point of each phase of a build.
PHASES = [
    ("whole build (mkdocs.commands.build.build, both languages)", "mkdocs/commands/build.py", "build"),
    ("load and validate stories/ and data/ (alumni_stories.load_site)", "alumni_stories/site.py", "load_site"),
    ("read pages, convert Markdown (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("  of which Python-Markdown convert", "markdown/core.py", "convert"),
    ("render and write pages (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("  of which template rendering (Jinja2 Template.render)", "jinja2/environment.py", "render"),
    ("  of which page_context events (all plugins and hooks)", "mkdocs/plugins.py", "on_page_context"),
    ("    project adapter on_page_context (hooks/adapter.py)", "hooks/adapter.py", "on_page_context"),
    ("    search plugin on_page_context (Material search)", "material/plugins/search/plugin.py", "on_page_context"),
    ("    i18n plugin on_page_context (language selector)", "mkdocs_static_i18n/plugin.py", "on_page_context"),
    ("  of which writing files", "mkdocs/utils/__init__.py", "write_file"),
    ("files events (project hooks and i18n plugin)", "mkdocs/plugins.py", "on_files"),
    ("  of which i18n reconfigure_files (alternates)", "mkdocs_static_i18n/reconfigure.py", "reconfigure_files"),
    ("nav events", "mkdocs/plugins.py", "on_nav"),
    ("theme templates: sitemap.xml, 404.html (_build_theme_template)", "mkdocs/commands/build.py",
     "_build_theme_template"),
    ("i18n search index merge and de-duplication", "mkdocs_static_i18n/reconfigure.py", "reconfigure_search_index"),
    ("Jinja2 template compilation", "jinja2/environment.py", "compile"),
    ("copy theme assets (copy_static_files)", "mkdocs/structure/files.py", "copy_static_files"),
]

# (label, regular expression on the file path): first match wins.
PACKAGES = [
    ("project hooks (hooks/)", r"/hooks/[^/]+\.py$"),
    ("domain core (alumni_stories/)", r"/alumni_stories/"),
    ("project templates (overrides/*.html)", r"/overrides/.*\.html$"),
    ("Material templates (*.html)", r"/material/templates/.*\.html$"),
    ("Material search plugin", r"/material/plugins/search/"),
    ("Material (other Python)", r"/material/"),
    ("Jinja2 (template engine runtime)", r"/jinja2/"),
    ("MarkupSafe (escaping)", r"/markupsafe/"),
    ("Python-Markdown and pymdown-extensions", r"/(markdown|pymdownx)/"),
    ("mkdocs-static-i18n plugin (incl. its sitemap template)", r"/mkdocs_static_i18n/"),
    ("MkDocs core", r"/mkdocs/"),
    ("PyYAML", r"/yaml/"),
    ("jsonschema / referencing", r"/(jsonschema|referencing|rpds|jsonschema_specifications)/"),
    ("Babel (dates, numbers)", r"/babel/"),
    ("Python start-up and imports", r"<frozen (importlib|zipimport)"),
    ("Python standard library (os.walk, pathlib, html.parser, ...)", r"/lib/python3\.\d+/(?!site-packages)|^<frozen "),
    ("built-in functions called by built-ins", r"^<"),
]


def _stats(path):
    return pstats.Stats(str(path)).stats  # {(file, line, func): (cc, nc, tottime, cumtime, callers)}


def phases(path) -> tuple[float, list[tuple[str, float, int]]]:
    """(total seconds, [(phase, cumulative seconds, calls)]); a phase missing from the profile is left out."""
    stats = _stats(path)
    total = max(cum for (_cc, _nc, _tt, cum, _callers) in stats.values())
    found = []
    for label, file_end, function in PHASES:
        matches = [(value[3], value[1]) for (file, _line, func), value in stats.items()
                   if func == function and file.replace("\\", "/").endswith(file_end)]
        if matches:
            # a recursive function (build() calls build() for the second language) appears once, with its
            # outermost cumulative time; several same-named functions in one file are summed
            found.append((label, sum(m[0] for m in matches), sum(m[1] for m in matches)))
    return total, found


def packages(path) -> list[tuple[str, float]]:
    """[(package, own seconds)], largest first. A built-in function's time (str.join, compile, stat...)
    goes to the package that called it, in proportion to its calls' time."""
    totals: dict[str, float] = {}
    for (file, _line, func), (_cc, _nc, tottime, _cum, callers) in _stats(path).items():
        if file == "~" and callers:
            for (caller_file, _l, caller_func), caller_stats in callers.items():
                label = _package(caller_file, caller_func)
                totals[label] = totals.get(label, 0.0) + caller_stats[2]
            continue
        label = _package(file, func)
        totals[label] = totals.get(label, 0.0) + tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def _package(file: str, func: str) -> str:
    where = file.replace("\\", "/") if file != "~" else func
    for label, pattern in PACKAGES:
        if re.search(pattern, where):
            return label
    return "other"


def top_functions(path, count: int = 20, strip: tuple[str, ...] = ()) -> list[tuple[str, float, float, int]]:
    """[(function, cumulative s, own s, calls)] by cumulative time, skipping the start-up wrappers."""
    rows = []
    for (file, line, func), (_cc, nc, tottime, cum, _callers) in _stats(path).items():
        name = f"{_short(file, strip)}:{line}({func})" if file != "~" else func
        if re.search(r"click/|runpy|__main__\.py|builtins\.exec|<string>", name):
            continue
        rows.append((name, cum, tottime, nc))
    rows.sort(key=lambda row: -row[1])
    return rows[:count]


def _short(file: str, strip: tuple[str, ...]) -> str:
    file = file.replace("\\", "/")
    for prefix in strip:
        if prefix and file.startswith(prefix):
            return file[len(prefix):].lstrip("/")
    marker = "site-packages/"
    return file.split(marker, 1)[1] if marker in file else file
