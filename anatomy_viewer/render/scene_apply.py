"""A ``SceneState`` applied to the anatomy *and its overlays* (labels, zones, the tool): one render.

    SceneState --> apply_scene_state (apply_state.py: visibility, opacity, highlight, camera)
               --> overlay.apply(state) for each overlay (labels, zones, tool, then the section:
                   a press-line cut follows the tool), in place, no render
               --> one render

The section (``state.section``) is applied by the window's Section control (qt/section) or, off
screen, by render/overlays/section_layer.py, both through the scene's SectionView.

Overlays are objects with ``apply(state: SceneState) -> None`` that change their actors in place and
never render themselves. With ``framing`` (render/framing.py), a named camera is framed on what the
state is about (its highlighted and labelled structures, landmarks and the tool).
"""

from __future__ import annotations

from typing import Protocol

from ..core.scene.scene_state import SceneState
from ..core.scene.views import CameraPose, camera_for_view
from .anatomy.scene import AnatomyScene
from .apply_state import apply_scene_state


class Overlay(Protocol):
    def apply(self, state: SceneState) -> None: ...


class SceneDirector:
    def __init__(self, scene: AnatomyScene) -> None:
        self.scene = scene
        self.overlays: list[Overlay] = []
        self.current: SceneState | None = None
        self.framing = None  # render.framing.StepFraming: named cameras framed on the subject

    def add_overlay(self, overlay: Overlay) -> None:
        self.overlays.append(overlay)
        if self.current is not None:
            overlay.apply(self.current)

    def target_pose(self, camera: str | CameraPose, state: SceneState | None = None) -> CameraPose:
        """Where the camera of a state ends up (for gliding there instead of jumping); with the
        state, a named view is framed on what it is about."""
        if isinstance(camera, CameraPose):
            return camera
        width, height = self.scene.plotter.window_size
        aspect = width / height if width > 0 and height > 0 else 4 / 3
        if state is not None and self.framing is not None:
            framed = self.framing.pose(state, aspect)
            if framed is not None:
                return framed
        return camera_for_view(camera, self.scene.focus_bounds, aspect=aspect)

    def apply(self, state: SceneState, move_camera: bool = True, render: bool = True) -> None:
        """Show exactly ``state``; nothing of the previous state survives, so stepping back restores."""
        camera = state.camera if move_camera else self.scene.camera_pose()
        if move_camera and isinstance(camera, str) and self.framing is not None:
            camera = self.target_pose(camera, state)
        auto_render, self.scene.auto_render = self.scene.auto_render, False
        try:
            apply_scene_state(self.scene, _with_camera(state, camera), render=False)
            for overlay in self.overlays:
                overlay.apply(state)
        finally:
            self.scene.auto_render = auto_render
        self.current = state
        if render:
            self.scene.request_render()


def _with_camera(state: SceneState, camera: str | CameraPose) -> SceneState:
    from dataclasses import replace

    return state if camera is state.camera else replace(state, camera=camera)
