"""``anatomy-viewer export-web``: a lesson as one self-contained HTML page (or ``--all`` lessons and
an index page) that opens from disk in any current browser, with no server and no network."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..core.errors import UserError
from ..core.safe_write import check_writable
from ._common import add_wall_mm, load_for_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--lesson", metavar="ID", help="the lesson to export: a shipped lesson's id or a .toml file"
    )
    which.add_argument(
        "--all", action="store_true", help="every shipped lesson, one page each, plus index.html"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="the .html file to write; with --all, a folder (made if missing)",
    )
    add_wall_mm(parser, "every step that names none")


def _lessons(args: argparse.Namespace, catalogue):
    from ..core.lessons import discover_lessons, find_lesson, load_lesson

    if args.all:
        return discover_lessons(catalogue=catalogue)
    if args.lesson.endswith(".toml"):
        path = Path(args.lesson)
        if not path.is_file():
            raise UserError(f"{path}: no such lesson file")
        return [load_lesson(path, catalogue)]
    return [find_lesson(args.lesson, catalogue=catalogue)]


def _targets(args: argparse.Namespace, lessons) -> tuple[list[Path], Path | None]:
    from ..render.web.export import INDEX_NAME, page_file_name

    output: Path = args.output
    if not args.all:
        if output.suffix.lower() not in (".html", ".htm"):
            raise UserError(f"{output}: the file name must end in .html")
        check_writable(output)
        return [output], None
    if output.exists() and not output.is_dir():
        raise UserError(f"{output}: with --all, -o must be a folder")
    if not output.exists():
        if not output.parent.is_dir():
            raise UserError(f"cannot make {output}: the folder {output.parent} does not exist")
        try:
            output.mkdir()
        except OSError as error:
            raise UserError(f"cannot make {output}: {error.strerror}") from None
    paths = [output / page_file_name(lesson) for lesson in lessons]
    for path in (*paths, output / INDEX_NAME):
        check_writable(path)
    return paths, output / INDEX_NAME


def run(args: argparse.Namespace) -> int:
    from ..core.anatomy.catalogue import load_catalogue

    started = time.perf_counter()
    catalogue = load_catalogue()
    lessons = _lessons(args, catalogue)
    paths, index = _targets(args, lessons)  # before loading and measuring, which take seconds

    from ..core.placement.checker import PlacementChecker
    from ..render.web.export import export_pages, needed_structures
    from ..render.web.page_data import PageOptions

    catalogue, loaded = load_for_command(args, sorted(needed_structures(lessons, catalogue)))
    print("measuring landmarks and zones on the meshes", file=sys.stderr)
    checker = PlacementChecker.for_teaching_scene(catalogue, loaded.meshes)

    def progress(done: int, total: int) -> None:
        print(f"\rwriting page {done}/{total}", end="", file=sys.stderr, flush=True)

    options = PageOptions(wall_mm=args.wall_mm)
    pages = export_pages(
        lessons, catalogue, loaded.meshes, checker, paths, index, options=options, progress=progress
    )
    print(file=sys.stderr)
    for page in pages:
        what = f"lesson {page.lesson_id}" if page.lesson_id else "index"
        print(f"wrote {page.path} ({page.bytes / 1e6:.1f} MB, {what}, {page.seconds:.1f} s)")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0
