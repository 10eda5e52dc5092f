"""Problems found in content, reported to people who edit it, not to developers."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where, which field, what is wrong, what to do."""

    file: str
    field: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return one_line(f"{where}{field}: {self.message} -> {self.fix}")


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` on one line, every control character written as an escape ('\\n', '\\x1b'): a value quoted in a
    message (a file name, a field's text) can neither break the report into lines nor start one, so it cannot
    pass for a CI runner's command (GitHub Actions runs lines such as '::error' or '::stop-commands::')."""
    return _INVISIBLE.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(), f"\\x{ord(m.group()):02x}")
                          if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def no_commands(text: str) -> str:
    """`text` with no line that starts with '::' (after spaces): such a line is a workflow command for GitHub
    Actions, which runs the check in CI. The colons are kept readable, one space apart."""
    return "\n".join(": :" + line.lstrip()[2:] if line.lstrip().startswith("::") else line
                     for line in text.split("\n"))


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content; nothing was published:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


_roots: dict = {}


def _resolved_root(base):
    """`base` resolved, once per folder: every file the build writes asks (thousands per build)."""
    from pathlib import Path

    key = str(base)
    if key not in _roots or not _roots[key].is_dir():
        _roots[key] = Path(base).resolve()
    return _roots[key]


def path_inside(base, relative: str):
    """base/relative, refused (ContentError) if it would land outside `base`: every file the build writes goes
    through this, so no slug or path in the content can place a file outside the site folder."""
    from pathlib import Path, PurePosixPath

    root = _resolved_root(base)
    parts = PurePosixPath(str(relative).replace("\\", "/")).parts
    target = (root / str(relative)).resolve()
    if ".." in parts or PurePosixPath(str(relative)).is_absolute() or not target.is_relative_to(root):
        raise ContentError([Problem(str(relative), "", f"the build refused to write {relative}: the path leaves "
                                    "the site folder", "check the slugs and paths in stories/ and data/ (they "
                                    "may hold only lowercase letters, digits and hyphens)")])
    return target
