"""Problems found in content, reported to people who edit it, not to developers."""
from __future__ import annotations

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
        return f"{where}{field}: {self.message} -> {self.fix}"


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content; nothing was published:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
