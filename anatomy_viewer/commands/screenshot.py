"""``anatomy-viewer screenshot``: render a view or a lesson step to an image file, headless.

    arguments --scene_state_from_args--> SceneState --apply--> off-screen scene --export--> PNG/JPEG

Every option that changes what is shown is applied to the ``SceneState`` in
``scene_state_from_args``: the one place to add more, such as a tool placement.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..core.anatomy.catalogue import Catalogue, load_catalogue
from ..core.anatomy.meshes import SurfaceMesh
from ..core.errors import UserError
from ..core.lessons import Step
from ..core.safe_write import check_writable
from ..core.scene.scene_state import SceneState, ToolPlacement
from ..core.scene.section import Section, check_position
from ..core.scene.views import VIEW_NAMES
from ._common import add_wall_mm, load_for_command, parse_size

DEFAULT_SIZE = (1600, 1200)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--view",
        choices=VIEW_NAMES,
        default=None,
        help="camera view (default: anterior, or the lesson step's own camera)",
    )
    parser.add_argument(
        "--size",
        type=parse_size,
        default=DEFAULT_SIZE,
        metavar="WxH",
        help="image size in pixels, up to 7680x4320 (default 1600x1200)",
    )
    parser.add_argument("--lesson", metavar="ID", help="show a step of this lesson")
    parser.add_argument(
        "--step", type=int, metavar="N", help="step number of --lesson, counting from 1 (default 1)"
    )
    parser.add_argument(
        "--transparent", action="store_true", help="transparent background (PNG only)"
    )
    parser.add_argument("--caption", metavar="TEXT", default="", help="a caption across the top")
    parser.add_argument(
        "--tool",
        metavar="SIDE:X:Z:PIVOT",
        help="draw the hip hook with its tip on the body wall at X, Z mm, pivoted PIVOT degrees "
        "(e.g. right:-70:910:25), with its press line",
    )
    parser.add_argument(
        "--section",
        metavar="PLANE:MM",
        help="cut the anatomy: axial:Z, sagittal:X or coronal:Y in mm (e.g. axial:900), or "
        "press-line (the vertical plane of the press line; needs --tool); the cut faces are filled "
        "and captioned; without --view the camera faces the cut",
    )
    add_wall_mm(
        parser, "the wall, the zones and the tool (a lesson step that names its own keeps it)"
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PNG or JPEG to write")


def lesson_step(args: argparse.Namespace, catalogue: Catalogue) -> Step | None:
    """The step asked for with ``--lesson`` (and ``--step``), or None."""
    if args.step is not None and not args.lesson:
        raise UserError("--step needs --lesson ID")
    if not args.lesson:
        return None
    from ..core.lessons import find_lesson

    lesson = find_lesson(args.lesson, catalogue=catalogue)
    number = 1 if args.step is None else args.step
    if not 1 <= number <= len(lesson.steps):
        raise UserError(f"lesson {lesson.id} has steps 1..{len(lesson.steps)}, not {number}")
    return lesson.steps[number - 1]


def scene_state_from_args(
    args: argparse.Namespace,
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    step: Step | None = None,
) -> SceneState:
    """The complete scene to render: the lesson step's (or the default scene), then the options."""
    from ..render.apply_state import step_scene_state  # VTK loads only when a picture is made

    state = step_scene_state(step, catalogue, meshes) if step is not None else SceneState()
    if args.view is not None:
        state = dataclasses.replace(state, camera=args.view)
    if getattr(args, "tool", None):
        state = dataclasses.replace(state, tool=ToolPlacement.parse(args.tool))
    wall_mm = getattr(args, "wall_mm", None)
    if wall_mm is not None and state.wall_mm is None:  # as the window's Body wall control does
        state = dataclasses.replace(state, wall_mm=wall_mm)
    if getattr(args, "section", None):
        state = dataclasses.replace(state, section=Section.parse(args.section))
    if state.section is not None:
        _check_section(state, meshes)
    return state


def _check_section(state: SceneState, meshes: Mapping[str, SurfaceMesh]) -> None:
    """A section that cuts nothing, or a press-line section without a tool: one line, exit 2."""
    lows, highs = zip(*(mesh.bounds for mesh in meshes.values()), strict=True)
    check_position(state.section, (np.min(lows, axis=0), np.max(highs, axis=0)))
    if state.section.plane == "press-line" and state.tool is None:
        raise UserError("--section press-line needs a tool placement: add --tool SIDE:X:Z:PIVOT")


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    from ..render.pictures.export import ExportOptions, image_format

    image_format(output, transparent=args.transparent)
    check_writable(output)  # before loading and rendering, which take seconds
    if args.tool:
        ToolPlacement.parse(args.tool)  # a typo fails now, not after loading the meshes
    if args.section:
        Section.parse(args.section)
    options = ExportOptions(tuple(args.size), transparent=args.transparent, caption=args.caption)

    catalogue = load_catalogue()
    step = lesson_step(args, catalogue)
    wanted = {s.id for s in catalogue if s.group == "core"}
    if step is not None:
        wanted |= step.visible_ids(catalogue)
    catalogue, loaded = load_for_command(args, sorted(wanted))
    state = scene_state_from_args(args, catalogue, loaded.meshes, step)
    if args.wall_mm is not None and state.wall_mm != args.wall_mm:
        print(
            f"anatomy-viewer: note: step {step.number} sets its own body wall ({state.wall_mm:g} mm); "
            "--wall-mm applies to steps that name none",
            file=sys.stderr,
        )

    from ..render.pictures.export import export_image
    from ..render.pictures.offscreen import offscreen_scene
    from ..render.pictures.offscreen_overlays import offscreen_director

    scene = offscreen_scene(catalogue, loaded.meshes, options.size)
    try:
        # Labels, zones, the hook, and the named view framed on what the step is about. A tool
        # off the derived wall: a UserError, one line.
        director = offscreen_director(scene, loaded.meshes, [state])
        director.apply(state, render=False)
        if args.section and args.view is None:  # the last overlay is the section's
            pose = director.overlays[-1].facing_camera(options.size[0] / options.size[1])
            scene.set_camera(pose, render=False)
        export_image(scene, output, options)
    finally:
        scene.plotter.close()
    view = state.camera if isinstance(state.camera, str) else "lesson camera"
    if args.section and args.view is None:
        view = "facing the cut"
    what = f"lesson {args.lesson} step {step.number}, " if step is not None else ""
    cut = f", {state.section.text()} section" if state.section is not None else ""
    print(f"wrote {output} ({options.size[0]}x{options.size[1]}, {what}{view} view{cut})")
    return 0
