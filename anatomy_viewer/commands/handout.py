"""``anatomy-viewer handout``: a lesson as a printable PDF (title page, one page per step, sources)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import UserError
from ._common import add_wall_mm, load_for_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lesson", metavar="ID", required=True, help="the lesson to print")
    parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    parser.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)"
    )
    parser.add_argument("--notes", action="store_true", help="add the presenter notes to each step")
    add_wall_mm(parser, "every step that names none")


def run(args: argparse.Namespace) -> int:
    from ..core.anatomy.catalogue import load_catalogue
    from ..core.lessons import find_lesson
    from ..core.safe_write import check_writable

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UserError(f"{output}: the file name must end in .pdf")
    check_writable(output)  # before the images, which take a few seconds each
    catalogue = load_catalogue()
    lesson = find_lesson(args.lesson, catalogue=catalogue)

    from ..qt.export.handout import HandoutOptions, handout_images, write_handout

    core = {s.id for s in catalogue if s.group == "core"}
    catalogue, loaded = load_for_command(args, sorted(core | lesson.visible_ids(catalogue)))

    def progress(done: int, total: int) -> None:
        print(f"\rrendering step {done}/{total}", end="", file=sys.stderr, flush=True)

    options = HandoutOptions(paper=args.paper, notes=args.notes)
    images = handout_images(
        lesson, catalogue, loaded.meshes, options, progress=progress, wall_mm=args.wall_mm
    )
    print(file=sys.stderr)
    pages = write_handout(output, lesson, images, catalogue, options)
    print(f"wrote {output} ({pages} pages, {args.paper}, lesson {lesson.id})")
    return 0
