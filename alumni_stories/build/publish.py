"""Publish: a failed build never leaves a half-written site.

A build that is swapped in whole (`Command.publishes`) writes into a temporary sibling of the site folder
(site.tmp-<pid>/); the finished tree replaces the site folder only when every language was built without
error. On any failure (a template error, a strict-mode warning, Ctrl-C) the temporary folder is deleted and
the last good site stays exactly as it was. A build killed outright leaves only site.tmp-<pid>/, removed by
the next build. The swap waits for the engine's very end: a strict build counts its warnings and stops after
the last event that writes files, and only the engine's error event says so.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


class Swap:
    """The temporary folder of one build and the folder it replaces."""

    def __init__(self):
        self.final: Path | None = None
        self.temp: Path | None = None
        self._engine = None
        self._complete = False
        self._failed = False
        self._unchanged = False

    def begin(self, engine) -> None:
        """Redirect the build into the temporary folder, once (every language pass configures again)."""
        if self.temp is not None:
            return
        final = Path(engine.site_dir).resolve()
        temp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
        remove_leftovers(final, engine.log)
        shutil.rmtree(temp, ignore_errors=True)
        self.final, self.temp, self._engine = final, temp, engine
        engine.redirect_site_dir(temp)
        engine.log.info(f"Building into {temp.name}/; it replaces {final.name}/ only if the whole build succeeds")

    def complete(self) -> None:
        if self.temp is not None:
            self._complete = True

    def unchanged(self) -> None:
        """The build found the site folder as this build would write it: it stays; nothing is swapped in."""
        if self.temp is not None:
            self._unchanged = True

    def failed(self) -> None:
        if self.temp is not None:
            self._failed = True
            shutil.rmtree(self.temp, ignore_errors=True)

    def finish(self, log) -> None:
        temp, final = self.temp, self.final
        if temp is None:
            return
        if self._engine is not None:
            self._engine.redirect_site_dir(final)
        if self._complete and not self._failed and temp.is_dir():
            swap_into_place(temp, final)
            log.info(f"Site written to {final}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
            log.info(f"Nothing changed since the last build: {final.name}/ is left as it was"
                     if self._unchanged and not self._failed else
                     f"The build did not finish; {final.name}/ was left as it was")
        self.__init__()


def swap_into_place(temp: Path, final: Path) -> None:
    """Two renames on one file system: readers see the old site or the new one, never a mixture."""
    old = final.with_name(f"{final.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.rename(final, old)
    os.rename(temp, final)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(final: Path, log) -> None:
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
