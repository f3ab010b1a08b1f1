"""``anatomy-viewer screenshot``: render a view or a lesson step to an image file, headless.

    arguments --scene_state_from_args--> SceneState --apply--> off-screen scene --export--> PNG / JPEG

Every option that changes what is shown is applied to the ``SceneState`` in ``scene_state_from_args``
(one place to add more, such as a tool placement).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import UserError
from ..core.scene_state import SceneState
from ..core.views import VIEW_NAMES
from ._common import load_for_command, parse_size

DEFAULT_SIZE = (1600, 1200)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--view", choices=VIEW_NAMES, default=None,
        help="camera view (default: anterior, or the lesson step's own camera)",
    )
    parser.add_argument(
        "--size", type=parse_size, default=DEFAULT_SIZE, metavar="WxH",
        help="image size in pixels, up to 7680x4320 (default 1600x1200)",
    )
    parser.add_argument("--lesson", metavar="ID", help="show a step of this lesson (see `lessons list`)")
    parser.add_argument(
        "--step", type=int, metavar="N", help="step number of --lesson, counting from 1 (default 1)"
    )
    parser.add_argument(
        "--transparent", action="store_true", help="transparent background (PNG only)"
    )
    parser.add_argument("--caption", metavar="TEXT", default="", help="a caption across the top")
    parser.add_argument("-o", "--output", required=True, type=Path, help="PNG or JPEG file to write")


def scene_state_from_args(args: argparse.Namespace, catalogue) -> tuple[SceneState, str]:
    """What to show, and a few words saying what it is (for the confirmation line)."""
    if args.step is not None and not args.lesson:
        raise UserError("--step needs --lesson ID")
    if args.lesson:
        from ..core.lessons import find_lesson

        lesson = find_lesson(args.lesson, catalogue=catalogue)
        number = 1 if args.step is None else args.step
        if not 1 <= number <= len(lesson.steps):
            raise UserError(
                f"lesson {lesson.id} has steps 1..{len(lesson.steps)}, not {number}"
            )
        step = lesson.steps[number - 1]
        state = SceneState(camera=step.camera, visible=step.visible_ids(catalogue))
        described = f"lesson {lesson.id} step {number}"
        args.lesson_step = step  # its full scene needs the meshes (landmarks); see run()
    else:
        state = SceneState()
        described = ""
        args.lesson_step = None
    if args.view is not None:
        state = _replace(state, camera=args.view)
    name = state.camera if isinstance(state.camera, str) else "lesson camera"
    return state, ", ".join(part for part in (described, f"{name} view") if part)


def _replace(state: SceneState, **changes) -> SceneState:
    import dataclasses

    return dataclasses.replace(state, **changes)


def run(args: argparse.Namespace) -> int:
    from ..core.safe_write import check_writable
    from ..render.export import ExportOptions, image_format

    output: Path = args.output
    image_format(output, transparent=args.transparent)
    check_writable(output)
    options = ExportOptions(tuple(args.size), transparent=args.transparent, caption=args.caption)

    from ..core.catalogue import load_catalogue

    state, described = scene_state_from_args(args, load_catalogue())
    core = [s.id for s in load_catalogue() if s.group == "core"]
    wanted = sorted(set(core) | set(state.visible or ()))
    catalogue, loaded = load_for_command(args, wanted)
    if args.lesson_step is not None:
        from ..render.apply_state import step_scene_state

        full = step_scene_state(args.lesson_step, catalogue, loaded.meshes)
        state = _replace(full, camera=state.camera)

    from ..render.apply_state import apply_scene_state
    from ..render.export import export_image
    from ..render.offscreen import offscreen_scene

    scene = offscreen_scene(catalogue, loaded.meshes, options.size)
    try:
        apply_scene_state(scene, state, render=False)
        export_image(scene, output, options)
    finally:
        scene.plotter.close()
    width, height = options.size
    print(f"wrote {output} ({width}x{height}, {described})")
    return 0
