"""Fixed work of every build, done once: templates compiled once, and the theme listed without its icons.

Templates. MkDocs makes a new Jinja2 environment for every build, and mkdocs-static-i18n runs one build per
language, so each of the ~45 templates (Material's and overrides/) was parsed and compiled twice per
`mkdocs build`, and twice again on every `mkdocs serve` rebuild; and every new `mkdocs build` compiled them
all again (half a second of CPU, a third of a build with no stories). The compiled code is kept in memory
for the process and on disk in `.cache/templates/`, beside the other build caches. Jinja2 stores each
template's source checksum with its code and compiles a template again when its source changed, so an
edited template is seen at once (`mkdocs serve` too). What else decides the compiled code (the Jinja2,
Python and theme versions, the environment's options, its filters, tests and extensions, and the project's
own code, whose filters Jinja2 may call while compiling constant expressions) names the folder the code is
kept in: changing any of it starts an empty folder. `ALUMNI_STORIES_NO_CACHE=1` keeps the code in memory only.

The theme's files. MkDocs lists every file of the theme folders to find the static files it copies
(Material's CSS and JavaScript), then drops every path with a part that starts with a dot. Material's
`.icons/` holds 14,000 SVG files, walked and dropped in each language pass; its templates include the few
icons they use by name, which needs no listing. The listing skips dot folders and files, so MkDocs gets the
same list, only sooner.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger

from alumni_stories.site import template_cache

log = get_plugin_logger(__name__)

# Per load of this hook file (a new `mkdocs build`): what the process compiled; the disk folder outlives it.
_CACHE = template_cache.BytecodeCache()


# Last: the filters, tests and extensions the other hooks and plugins add are part of the folder's digest.
@event_priority(-100)
def on_env(env, config, files):
    # Templates are compiled lazily, when the first page is rendered, which comes after this event.
    config_file = getattr(config, "config_file_path", None)
    try:
        _CACHE.folder = template_cache.use_folder(Path(config_file).resolve().parent, env) if config_file else None
    except OSError as error:
        log.debug(f"template cache not on disk ({error}): templates are compiled in memory only")
        _CACHE.folder = None
    env.bytecode_cache = _CACHE
    return env


@event_priority(100)
def on_config(config):
    theme = config.theme
    if getattr(theme, "_lists_without_dot_folders", False):  # mkdocs-static-i18n runs on_config per language
        return config
    make_env = theme.get_env

    def get_env():
        env = make_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # what MkDocs makes; anything else is left alone
            env.loader = template_cache.ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env
    theme._lists_without_dot_folders = True
    return config
