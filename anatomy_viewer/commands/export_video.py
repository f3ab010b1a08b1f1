"""``anatomy-viewer export-video``: a lesson (or one step of it) or a turntable as an MP4 or a GIF,
headless.

    --lesson ID [--step N]      the steps: the glide between them, a pivoting step's turn, holds
    --turntable                 one turn around the scene (a step's, or --view / --tool's)
      --> render/pictures/video.py (one off-screen plotter) --> out.mp4 / out.gif, written atomically

Bad input (an unknown lesson, a step out of range, a file name that is not .mp4 or .gif, a size past
4K) ends in one line before any mesh is loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from ..core.errors import UserError
from ..core.safe_write import check_writable
from ..core.scene.scene_state import SceneState, ToolPlacement
from ..core.scene.views import VIEW_NAMES
from ._common import add_wall_mm, load_for_command, parse_size

DEFAULT_SIZE = (1280, 720)  # render/pictures/video_file.DEFAULT_VIDEO_SIZE, kept here for --help


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lesson", metavar="ID", help="the lesson to film (all its steps)")
    parser.add_argument(
        "--step", type=int, metavar="N", help="only this step of --lesson, counting from 1"
    )
    parser.add_argument(
        "--turntable",
        action="store_true",
        help="one turn around the scene: the --step (default 1) of --lesson, or the anatomy "
        "as --view and --tool set it",
    )
    parser.add_argument(
        "--view",
        choices=VIEW_NAMES,
        default=None,
        help="camera view of a turntable or a single step (default: the step's own, or anterior)",
    )
    parser.add_argument(
        "--tool",
        metavar="SIDE:X:Z:PIVOT",
        help="draw the hip hook (as in `screenshot --tool`), in a turntable or a single step",
    )
    parser.add_argument(
        "--size",
        type=parse_size,
        default=DEFAULT_SIZE,
        metavar="WxH",
        help="video size in pixels, up to 3840x2160 (default 1280x720; even numbers for MP4)",
    )
    parser.add_argument(
        "--caption", metavar="TEXT", default="", help="one caption across the top of every frame"
    )
    parser.add_argument(
        "--no-titles", action="store_true", help="leave the step titles off the frames"
    )
    add_wall_mm(parser, "the wall, the zones and the tool (a step that names its own keeps it)")
    parser.add_argument("-o", "--output", required=True, type=Path, help=".mp4 or .gif to write")


def _check_arguments(args: argparse.Namespace) -> None:
    from ..render.pictures.video import check_video_request

    check_video_request(args.output, tuple(args.size))
    if args.step is not None and not args.lesson:
        raise UserError("--step needs --lesson ID")
    if not args.lesson and not args.turntable:
        raise UserError("export-video needs --lesson ID, or --turntable")
    whole_lesson = args.lesson and args.step is None and not args.turntable
    if whole_lesson and (args.view or args.tool):
        raise UserError("--view and --tool apply to --turntable or a single --step, not a lesson")
    if args.tool:
        ToolPlacement.parse(args.tool)  # a typo fails now, not after loading the meshes
    check_writable(args.output)


def run(args: argparse.Namespace) -> int:
    from ..core.anatomy.catalogue import load_catalogue

    _check_arguments(args)
    catalogue = load_catalogue()
    steps = []
    if args.lesson:
        from ..core.lessons import find_lesson

        lesson = find_lesson(args.lesson, catalogue=catalogue)
        if args.step is not None and not 1 <= args.step <= len(lesson.steps):
            raise UserError(f"lesson {lesson.id} has steps 1..{len(lesson.steps)}, not {args.step}")
        if args.step is not None or args.turntable:
            steps = [lesson.steps[(args.step or 1) - 1]]
        else:
            steps = list(lesson.steps)
    wanted = {s.id for s in catalogue if s.group == "core"}
    for step in steps:
        wanted |= step.visible_ids(catalogue)
    catalogue, loaded = load_for_command(args, sorted(wanted))

    def edit(state: SceneState) -> SceneState:
        if args.view is not None:
            state = dataclasses.replace(state, camera=args.view)
        if args.tool:
            state = dataclasses.replace(state, tool=ToolPlacement.parse(args.tool))
        return state

    from ..core.scene.video_timeline import VideoStep
    from ..render.pictures.video import lesson_video, states_video, with_wall
    from .progress_bar import ProgressBar

    size = tuple(args.size)
    bar = ProgressBar(f"drawing {args.output.name}")
    try:
        if steps:
            summary = lesson_video(
                args.output, steps, catalogue, loaded.meshes, size, titles=not args.no_titles,
                caption=args.caption, turntable=args.turntable, progress=bar, edit=edit,
                wall_mm=args.wall_mm,
            )  # fmt: skip
        else:  # a turntable of the anatomy alone
            state = with_wall(edit(SceneState()), args.wall_mm)
            summary = states_video(
                args.output, [VideoStep(state, args.caption)], catalogue, loaded.meshes, size,
                turntable=True, progress=bar,
            )  # fmt: skip
    finally:
        bar.close()
    what = "turntable" if args.turntable else "lesson"
    if args.lesson:
        what += f" {args.lesson}" + (f" step {args.step}" if args.step is not None else "")
    megabytes = summary.bytes / 1e6
    print(
        f"wrote {args.output} ({size[0]}x{size[1]}, {summary.frames} frames at {summary.fps} fps, "
        f"{summary.seconds:.1f} s, {megabytes:.1f} MB, {what})"
    )
    return 0
