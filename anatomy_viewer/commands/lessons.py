"""``anatomy-viewer lessons list|check``: the shipped lessons, and checking lesson files as one writes them.

``check`` prints every problem of every file, one per line (``file:line: step N "title": field:
message``), and exits 0 when all files are valid, 2 otherwise. Neither action needs the meshes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.anatomy.catalogue import load_catalogue
from ..core.lessons import LessonError, discover_lessons, lesson_files, load_lesson

EXIT_PROBLEMS = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the lessons: id, title, number of steps, file")
    listing.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    listing.add_argument(
        "--folder", type=Path, metavar="DIR", help="a folder of lessons (default: the shipped ones)"
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
    lessons = discover_lessons(args.folder, load_catalogue())
    if args.json:
        rows = [
            {"id": s.id, "title": s.title, "steps": len(s.steps), "path": str(s.path)}
            for s in lessons
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max((len(lesson.id) for lesson in lessons), default=2)
    for lesson in lessons:
        print(f"{lesson.id:{width}}  {len(lesson.steps):2} steps  {lesson.title}")
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
