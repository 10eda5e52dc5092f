"""Atomic builds: a failed `mkdocs build` never leaves a half-written site.

`mkdocs build` writes into a temporary sibling of the site folder (site.tmp-<pid>/) and the finished
tree replaces the site folder only when every language was built without error. On any failure (a
template error, a strict-mode warning, Ctrl-C) the temporary folder is deleted and the last good site
stays exactly as it was. A build killed outright leaves only site.tmp-<pid>/, removed by the next build.

`mkdocs serve` builds into a temporary folder of its own, so it is left alone; so is `--dirty`, which
must reuse the existing site.

The swap happens in on_shutdown, not on_post_build: in strict mode MkDocs counts warnings and aborts
*after* on_post_build, and only on_build_error tells us about that.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from hooks._support import all_languages_built, build_state

log = get_plugin_logger(__name__)

_build: dict = {}


def _reset(enabled: bool = False) -> None:
    _build.clear()
    _build.update(enabled=enabled, config=None, final=None, temp=None, complete=False, failed=False)


_reset()


def on_startup(command, dirty):
    _reset(enabled=command == "build" and not dirty)


# Before every other on_config, so every hook and plugin (mkdocs-static-i18n computes each language's
# folder from site_dir) sees the temporary folder. mkdocs-static-i18n runs on_config again for each
# language pass on the same config: the folder is redirected once.
@event_priority(100)
def on_config(config):
    if not _build["enabled"] or _build["temp"] is not None:
        return config
    final = Path(config.site_dir).resolve()
    temp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    _remove_leftovers(final)
    shutil.rmtree(temp, ignore_errors=True)
    _build.update(config=config, final=final, temp=temp)
    build_state(config)["final_site_dir"] = final  # hooks/incremental.py reuses unchanged pages from there
    config.site_dir = str(temp)
    log.info(f"Building into {temp.name}/; it replaces {final.name}/ only if the whole build succeeds")
    return config


# The last on_post_build: feeds and indexes written by other hooks (priorities down to -120) are in.
@event_priority(-120)
def on_post_build(config):
    if _build["temp"] is not None and all_languages_built(config):
        _build["complete"] = True


def on_build_error(error):
    if _build["temp"] is not None:
        _build["failed"] = True
        shutil.rmtree(_build["temp"], ignore_errors=True)


def on_shutdown():
    temp, final = _build["temp"], _build["final"]
    if temp is None:
        return
    if _build["config"] is not None:
        _build["config"].site_dir = str(final)
    if _build["complete"] and not _build["failed"] and temp.is_dir():
        _swap_into_place(temp, final)
        log.info(f"Site written to {final}")
    else:
        shutil.rmtree(temp, ignore_errors=True)
        log.info(f"The build did not finish; {final.name}/ was left as it was")
    _reset()


def _swap_into_place(temp: Path, final: Path) -> None:
    """Two renames on one file system: readers see the old site or the new one, never a mixture."""
    old = final.with_name(f"{final.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.rename(final, old)
    os.rename(temp, final)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(final: Path) -> None:
    """Folders of earlier builds that were killed before they could clean up after themselves. A build
    killed between the two renames of the swap left the last good site as site.old-<pid>: put it back."""
    for kind in ("old", "tmp"):
        for path in sorted(final.parent.glob(f"{final.name}.{kind}-*")):
            pid = path.name.rsplit("-", 1)[1]
            if not (pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)) and path.is_dir()):
                continue
            if kind == "old" and not final.exists():
                os.rename(path, final)
                log.warning(f"Restored {final.name}/ from {path.name}/, left by an interrupted build")
            else:
                shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
