"""What the window shows now, as one ``SceneState``: the one place the lesson editor reads the view.

    camera pose (the glide finished), ViewerState (visible, opacity, highlight + the selection,
    zones, the body wall's thickness), the lesson step's labels + the selection, the hip hook
        --> SceneState --core.lessons.capture--> the scene fields of a step

Fields this module does not read from the window are those of the scene last applied (a lesson
step): a scene setting added to ``SceneState`` is carried over from the step the instructor started
from until a line here reads it from the window itself.
"""

from __future__ import annotations

import dataclasses

from ...core.anatomy.wall_thickness import DEFAULT_WALL_MM
from ...core.lessons.capture import CapturedScene, capture_scene
from ...core.lessons.model import SectionSpec, ToolSpec
from ...core.scene.scene_state import SceneState
from ...core.scene.views import VIEW_NAMES, CameraPose


def named_poses(window) -> list[tuple[str, CameraPose]]:
    """Where each named view would put the camera now (it fits the anatomy to the view's size), and
    where the last named view applied put it (the view may have been resized since)."""
    director = window.lessons.director
    poses = [(name, director.target_pose(name)) for name in VIEW_NAMES]
    if window.scene.named_view is not None:
        poses.insert(0, window.scene.named_view)
    return poses


def window_scene(window) -> SceneState:
    window.lessons.glide.finish()  # the pose the camera is going to, not one on the way
    base = window.lessons.director.current or SceneState()
    state = window.state
    selected = (state.selected,) if state.selected else ()
    tool_controller = window.tool
    session = tool_controller.session
    tool = session.tool_placement() if session.visible and session.placed else None
    animating = tool is not None and base.tool is not None and tool_controller.sweep.running
    if animating and tuple(base.tool.at) == tuple(tool.at):
        tool = base.tool  # a step's pivot animation under way: the step's tool is what shows
    return dataclasses.replace(
        base,
        camera=window.scene.camera_pose(),
        visible=frozenset(state.visible),
        opacity=dict(state.opacity),
        highlight=frozenset(state.highlighted) | frozenset(selected),
        labels=tuple(dict.fromkeys((*base.labels, *selected))),
        zones=frozenset(state.zone_layers),
        tool=tool,
        wall_mm=_wall_mm(state.wall_mm, base.wall_mm),
        section=window.section.session.section,  # the Section control's cut (View > Section)
    )


def _wall_mm(shown_mm: float, step_mm: float | None) -> float | None:
    """The wall drawn now, for the step; None (the viewer's own setting, which a student may change)
    when it is the app's default and the step shown did not ask for it."""
    return None if shown_mm == DEFAULT_WALL_MM and step_mm is None else shown_mm


def capture_window(
    window, keep_tool: ToolSpec | None = None, keep_section: SectionSpec | None = None
) -> CapturedScene:
    """The window's scene as the scene fields of a step (tool and section relative to the nearest
    landmark)."""
    scene = window_scene(window)
    flat_cut = scene.section is not None and scene.section.position_mm is not None
    landmarks = window.placement_checker().landmarks if scene.tool or flat_cut else None
    return capture_scene(
        scene,
        window.catalogue,
        available=window.state.available,
        landmarks=landmarks,
        named_poses=named_poses(window),
        keep_tool=keep_tool,
        keep_section=keep_section,
    )
