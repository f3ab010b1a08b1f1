"""What can be wrong with a lesson file, said so an author can find and fix it.

A ``Problem`` names the file, the line when it can be found, the step (number and title) and the field.
``ProblemLog`` collects every problem of one file (validation never stops at the first one);
``LessonError`` carries them all and reads as one line for the CLI.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import UserError

# A hostile file could list thousands of bad ids; past this many the rest are only counted.
MAX_PROBLEMS_PER_FILE = 100
# Values quoted in messages are cut to this many characters so a message stays one readable line.
QUOTE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    field: str = ""
    step: int | None = None  # 1-based, as the author counts
    step_title: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where] if where else []
        if self.step is not None:
            parts.append(
                f"step {self.step}" + (f" {quote(self.step_title)}" if self.step_title else "")
            )
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + ": " + self.message


class LessonError(UserError):
    """A lesson file cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "invalid lesson"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first + suffix)


def quote(value: object) -> str:
    """``"text"`` for messages, shortened and with control characters made visible."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 3] + "..."
    return f'"{text}"'


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` when a candidate is close to ``word``, else an empty string."""
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return f" (did you mean {quote(lowered[word.lower()])}?)"
    close = difflib.get_close_matches(word[:QUOTE_CHARS], candidates, n=1, cutoff=0.6)
    return f" (did you mean {quote(close[0])}?)" if close else ""


class ProblemLog:
    """Every problem found in one file, with the step being checked as context."""

    def __init__(self, file: str, lines: LineIndex | None = None) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        self.dropped = 0
        self.step: int | None = None
        self.step_title: str | None = None

    def add(self, field: str, message: str, line: int | None = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            self.dropped += 1
            return
        if line is None and self.lines is not None:
            line = self.lines.line_of(self.step, field)
        if not field.isprintable() or len(field) > 2 * QUOTE_CHARS:  # keys come from the file
            field = quote(field)[1:-1]
        self.problems.append(Problem(self.file, message, field, self.step, self.step_title, line))

    def error(self) -> LessonError:
        problems = list(self.problems)
        if self.dropped:
            problems.append(Problem(self.file, f"{self.dropped} more problems not shown"))
        return LessonError(problems)


class LineIndex:
    """Finds the line of a field in the lesson's text, so messages can say ``file:42``.

    TOML parsers forget positions; a plain scan of ``[[steps]]`` headers and ``key =`` lines is enough
    for the files authors write. When the scan cannot be sure (steps written inline), it says nothing.
    """

    def __init__(self, text: str, step_count: int) -> None:
        self._lines = text.splitlines()
        headers = [i for i, line in enumerate(self._lines) if _is_steps_header(line)]
        self._starts = headers if len(headers) == step_count else None
        self._top_end = headers[0] if headers else len(self._lines)

    def line_of(self, step: int | None, field: str) -> int | None:
        if step is None:
            begin, end, fallback = 0, self._top_end, None
        elif self._starts is None:
            return None
        else:
            begin = self._starts[step - 1]
            end = self._starts[step] if step < len(self._starts) else len(self._lines)
            fallback = begin + 1
        found = fallback
        for depth, key in enumerate(re.sub(r"\[\d+\]|\s.*", "", field).split(".")):
            line = self._find(key, begin, end, table_header=depth == 0)
            if line is None:
                break
            found, begin = line + 1, line + 1
        return found

    def _find(self, key: str, begin: int, end: int, table_header: bool) -> int | None:
        for number in range(begin, end):
            compact = re.sub(r"\s", "", self._lines[number])
            if (
                compact.startswith(f"{key}=")
                or table_header
                and compact.startswith(f"[steps.{key}]")
            ):
                return number
        return None


def _is_steps_header(line: str) -> bool:
    return line.strip().replace(" ", "").startswith("[[steps]]")
