"""The lessons there are: the shipped ones (read-only) and the user's own ("My lessons").

    shipped lessons/ (read-only)  --+
                                    +--> lesson_library() --> [LessonEntry(lesson, origin)], problems
    My lessons: user data folder  --+        (a broken or clashing file of the user's is reported,
                                              never hides the other lessons)

My lessons is ``$ANATOMY_VIEWER_LESSONS_DIR`` when set (tests, portable installs), else the platform's
user data folder (platformdirs): ``~/.local/share/anatomy-viewer/lessons`` on Linux. Nothing creates it
until a lesson is saved there. A lesson saved there is ``<id>.toml``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..anatomy.catalogue import Catalogue
from ..errors import UserError
from ..resources import lessons_dir
from ..safe_write import reason, write_bytes
from .loader import LESSON_SUFFIX, load_folder, load_lesson
from .model import Lesson
from .problems import Problem
from .schema import ID_PATTERN

USER_LESSONS_ENV = "ANATOMY_VIEWER_LESSONS_DIR"
SHIPPED = "shipped"
MINE = "mine"
ORIGIN_WORDS = {SHIPPED: "shipped", MINE: "My lessons"}
MAX_ID_CHARS = 64


def user_lessons_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the user's own lessons live (not created here)."""
    if environ.get(USER_LESSONS_ENV):
        return Path(environ[USER_LESSONS_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("anatomy-viewer", appauthor=False)) / "lessons"


@dataclass(frozen=True)
class LessonEntry:
    lesson: Lesson
    origin: str  # SHIPPED or MINE

    @property
    def read_only(self) -> bool:
        return self.origin == SHIPPED


def lesson_library(
    catalogue: Catalogue, user_dir: Path | None = None, shipped_dir: Path | None = None
) -> tuple[list[LessonEntry], list[Problem]]:
    """Shipped lessons first (by file name), then the user's. A user file that does not load, or
    reuses an id already taken, is left out and reported; the rest are listed."""
    entries: list[LessonEntry] = []
    problems: list[Problem] = []
    taken: dict[str, Path] = {}
    for origin, folder in (
        (SHIPPED, shipped_dir or lessons_dir()),
        (MINE, user_dir or user_lessons_dir()),
    ):
        if not folder.is_dir():
            continue  # My lessons does not exist until the first save
        try:
            lessons, found = load_folder(folder, catalogue, taken)
        except UserError as exc:  # the folder cannot be listed
            problems.append(Problem(str(folder), str(exc)))
            continue
        entries += [LessonEntry(lesson, origin) for lesson in lessons]
        problems += found
    return entries, problems


def is_in(path: Path | None, folder: Path) -> bool:
    if path is None:
        return False
    try:
        return Path(path).resolve().parent == Path(folder).resolve()
    except OSError:
        return False


def origin_of(path: Path | None, user_dir: Path | None = None) -> str | None:
    """SHIPPED, MINE, or None (a file elsewhere, or no file)."""
    if is_in(path, lessons_dir()):
        return SHIPPED
    if is_in(path, user_dir or user_lessons_dir()):
        return MINE
    return None


# --- ids and file names ---------------------------------------------------------------------------
def id_from_title(title: str) -> str:
    """``"Psoas: a first look"`` -> ``psoas_a_first_look``: a valid lesson id in the title's words."""
    words = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return (words or "my_lesson")[:MAX_ID_CHARS].rstrip("_-") or "my_lesson"


def unique_id(wanted: str, taken: Collection[str]) -> str:
    """``wanted`` if free, else ``wanted_2``, ``wanted_3``..., cut to stay a valid id."""
    base = wanted if ID_PATTERN.fullmatch(wanted) else id_from_title(wanted)
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"_{number}"
        candidate = base[: MAX_ID_CHARS - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def user_lesson_path(lesson_id: str, user_dir: Path | None = None) -> Path:
    return (user_dir or user_lessons_dir()) / f"{lesson_id}{LESSON_SUFFIX}"


def write_lesson_file(path: Path, text: str) -> None:
    """Atomically (core/safe_write.py), creating My lessons on the first save."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot write {path}: {reason(error)}") from None
    write_bytes(path, text.encode("utf-8"))


def import_lesson_file(
    source: Path, catalogue: Catalogue, taken_ids: Collection[str], user_dir: Path | None = None
) -> Path:
    """Copy a lesson file into My lessons after checking it as ``lessons check`` does. A lesson whose
    id is taken gets a free one (``id_2``) and is written anew; else the file is copied as it is,
    comments and all. Returns the new file."""
    from .writer import lesson_to_toml, tool_comments_in

    source = Path(source)
    lesson = load_lesson(source, catalogue)  # raises LessonError listing every problem
    data = source.read_bytes()
    if lesson.id in taken_ids:
        new_id = unique_id(lesson.id, taken_ids)
        text = lesson_to_toml(
            replace(lesson, id=new_id), tool_comments_in(data.decode("utf-8-sig"))
        )
        data = text.encode("utf-8")
        lesson = replace(lesson, id=new_id)
    target = user_lesson_path(lesson.id, user_dir)
    if target.exists():
        raise UserError(f"not imported: {target} already exists")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot write {target}: {reason(error)}") from None
    write_bytes(target, data)
    return target
