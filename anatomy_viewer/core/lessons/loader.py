"""Reading lesson files: untrusted data, so bounded, parsed as plain TOML and nothing else.

    file --size check--> bytes --UTF-8--> text --tomllib--> dict --schema--> Lesson

No code runs, nothing else is read (no includes; no string in a lesson is ever used as a path), and
every failure (size, encoding, syntax, content) ends in a ``LessonError`` listing all problems.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..anatomy.catalogue import Catalogue, load_catalogue
from ..errors import UserError
from ..resources import lessons_dir
from .model import Lesson
from .problems import LessonError, LineIndex, Problem, ProblemLog, did_you_mean, quote
from .schema import lesson_from_data

# A lesson of eight steps is about 10 kB. 2 MiB leaves ample room and keeps parsing of a hostile or
# mistaken file (a mesh renamed .toml, say) fast and small in memory.
MAX_LESSON_BYTES = 2 * 1024 * 1024
LESSON_SUFFIX = ".toml"

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


def parse_lesson(data: bytes, catalogue: Catalogue, name: str = "<lesson>") -> Lesson:
    """The lesson in ``data`` (the bytes of a TOML file); ``name`` is the file named in messages."""
    if len(data) > MAX_LESSON_BYTES:
        raise LessonError([_too_big(name, len(data))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LessonError(
            [Problem(name, "is not UTF-8 text (a binary file?)", line=line)]
        ) from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError([_syntax_problem(name, str(exc), text)]) from None
    except RecursionError:
        raise LessonError(
            [Problem(name, "TOML syntax error: lists or tables nested too deeply")]
        ) from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise LessonError([Problem(name, f"TOML value cannot be read: {exc}")]) from None
    steps = parsed.get("steps")
    log = ProblemLog(name, LineIndex(text, len(steps) if isinstance(steps, list) else 0))
    lesson = lesson_from_data(parsed, catalogue, log)
    if lesson is None:
        raise log.error()
    return lesson


def load_lesson(path: Path | str, catalogue: Catalogue) -> Lesson:
    """Read and check one lesson file. Raises ``LessonError`` (a ``UserError``) listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise LessonError([Problem(name, "is a folder, not a lesson file")])
        size = path.stat().st_size
        if size > MAX_LESSON_BYTES:
            raise LessonError([_too_big(name, size)])  # before reading a byte of it
        with path.open("rb") as stream:
            data = stream.read(MAX_LESSON_BYTES + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise LessonError([Problem(name, "no such file")]) from None
    except OSError as exc:
        raise LessonError([Problem(name, f"cannot be read ({exc.strerror or exc})")]) from None
    return dataclasses.replace(parse_lesson(data, catalogue, name), path=path)


def lesson_files(folder: Path) -> list[Path]:
    """The lesson files in ``folder`` (``*.toml``, not its sub-folders), by file name."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == LESSON_SUFFIX and p.is_file())
    except OSError as exc:
        raise UserError(f"{folder}: cannot list the folder ({exc.strerror or exc})") from None


def discover_lessons(
    folder: Path | None = None, catalogue: Catalogue | None = None
) -> list[Lesson]:
    """Every lesson in ``folder`` (default: the shipped lessons), ordered by file name.

    All files are checked before anything is raised, so one ``LessonError`` lists every problem in
    the folder, including two files that share an id.
    """
    folder = Path(folder) if folder is not None else lessons_dir()
    if not folder.is_dir():
        raise UserError(f"{folder}: no such lesson folder")
    catalogue = catalogue if catalogue is not None else load_catalogue()
    lessons, problems = load_folder(folder, catalogue, {})
    if problems:
        raise LessonError(problems)
    return lessons


def load_folder(
    folder: Path, catalogue: Catalogue, taken: dict[str, Path]
) -> tuple[list[Lesson], list[Problem]]:
    """The lessons of ``folder`` that load, and the problems of those that do not. ``taken``: id ->
    the file that has it (filled in): a lesson reusing an id is a problem, not a lesson."""
    lessons: list[Lesson] = []
    problems: list[Problem] = []
    for path in lesson_files(folder):
        try:
            lesson = load_lesson(path, catalogue)
        except LessonError as exc:
            problems.extend(exc.problems)
            continue
        if lesson.id in taken:
            message = f"id {quote(lesson.id)} is already used by {taken[lesson.id]}"
            problems.append(Problem(str(path), message))
            continue
        taken[lesson.id] = path
        lessons.append(lesson)
    return lessons, problems


def find_lesson(
    lesson_id: str, folder: Path | None = None, catalogue: Catalogue | None = None
) -> Lesson:
    """The lesson with this id, or a ``UserError`` naming the ids there are."""
    lessons = discover_lessons(folder, catalogue)
    for lesson in lessons:
        if lesson.id == lesson_id:
            return lesson
    ids = [lesson.id for lesson in lessons]
    hint = did_you_mean(lesson_id, ids) or f" (lessons: {', '.join(ids) or 'none'})"
    raise UserError(f"no lesson with id {quote(lesson_id)}{hint}")


def _too_big(name: str, size: int) -> Problem:
    return Problem(
        name,
        f"is {size:,} bytes; lesson files are limited to {MAX_LESSON_BYTES:,} bytes "
        f"({MAX_LESSON_BYTES / 2**20:g} MiB): "
        "is it really a lesson?",
    )


def _syntax_problem(name: str, message: str, text: str) -> Problem:
    line = None
    position = _POSITION.search(message)
    if position:
        line = int(position.group(1))
        message = _POSITION.sub(f" (column {position.group(2)})", message)
    elif _END.search(message):
        line = text.count("\n") + 1
        message = _END.sub(" (at the end of the file)", message)
    return Problem(name, f"TOML syntax error: {message}", line=line)
