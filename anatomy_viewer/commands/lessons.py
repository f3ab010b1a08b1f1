"""``anatomy-viewer lessons list|check``: the lessons there are (shipped and My lessons, with where each
comes from), and checking lesson files as one writes them.

``list`` names the problems of files in My lessons on stderr and lists the other lessons. ``check``
prints every problem of every file, one per line (``file:line: step N "title": field: message``),
and exits 0 when all files are valid, 2 otherwise. Neither action needs the meshes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.anatomy.catalogue import load_catalogue
from ..core.lessons import LessonError, discover_lessons, lesson_files, load_lesson
from ..core.lessons.library import ORIGIN_WORDS, LessonEntry, lesson_library, user_lessons_dir

EXIT_PROBLEMS = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="list the lessons: id, steps, where it comes from (shipped or mine), title"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    listing.add_argument(
        "--folder",
        type=Path,
        metavar="DIR",
        help="only the lessons in this folder (default: shipped + My lessons)",
    )
    check = actions.add_parser(
        "check",
        help="check lesson files (a folder means every .toml file in it); exit 2 on problems",
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    return _check(args.files)


def _list(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.folder is not None:
        entries = [LessonEntry(s, "folder") for s in discover_lessons(args.folder, catalogue)]
    else:
        entries, problems = lesson_library(catalogue)
        if problems:
            print(
                f"anatomy-viewer: warning: {len(problems)} problem(s) in My lessons "
                f"({user_lessons_dir()}); those files are not listed: run "
                f"anatomy-viewer lessons check {user_lessons_dir()}",
                file=sys.stderr,
            )
    if args.json:
        rows = [
            {
                "id": e.lesson.id,
                "title": e.lesson.title,
                "steps": len(e.lesson.steps),
                "origin": e.origin,
                "path": str(e.lesson.path),
            }
            for e in entries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max((len(e.lesson.id) for e in entries), default=2)
    origin_width = max((len(ORIGIN_WORDS.get(e.origin, e.origin)) for e in entries), default=0)
    for e in entries:
        origin = ORIGIN_WORDS.get(e.origin, e.origin)
        print(
            f"{e.lesson.id:{width}}  {len(e.lesson.steps):2} steps  {origin:{origin_width}}  "
            f"{e.lesson.title}"
        )
    return 0


def _check(paths: list[Path]) -> int:
    catalogue = load_catalogue()
    files: list[Path] = []
    for path in paths:
        files.extend(lesson_files(path) if path.is_dir() else [path])
    failed = 0
    for path in files:
        try:
            lesson = load_lesson(path, catalogue)
        except LessonError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
        else:
            print(f"{path}: ok ({len(lesson.steps)} steps)")
    if not files:
        print("anatomy-viewer: error: no lesson files (*.toml) to check", file=sys.stderr)
        return EXIT_PROBLEMS
    if failed:
        print(
            f"anatomy-viewer: {failed} of {len(files)} lesson files have problems", file=sys.stderr
        )
        return EXIT_PROBLEMS
    return 0
