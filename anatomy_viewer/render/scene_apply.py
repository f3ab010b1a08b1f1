"""Applying a complete ``SceneState`` (a lesson step, an export) to the 3D view: one batch, one render.

    SceneState --> SceneDirector.apply --> ViewerState (visibility, opacity, highlight)
                                       --> camera
                                       --> overlays (labels, zones, the tool): overlay.apply(state)

Overlays are objects with ``apply(state: SceneState) -> None`` that change their actors in place and
never render; the director renders once at the end.
"""

from __future__ import annotations

from typing import Protocol

from ..core.scene_state import SceneState
from ..core.views import CameraPose, camera_for_view
from .scene import AnatomyScene


class Overlay(Protocol):
    def apply(self, state: SceneState) -> None: ...


class SceneDirector:
    def __init__(self, scene: AnatomyScene, default_visible: frozenset[str] | None = None) -> None:
        self.scene = scene
        self.default_visible = (
            frozenset(default_visible) if default_visible is not None else frozenset(scene.state.visible)
        )
        self.overlays: list[Overlay] = []
        self.current: SceneState | None = None

    def add_overlay(self, overlay: Overlay) -> None:
        self.overlays.append(overlay)
        if self.current is not None:
            overlay.apply(self.current)

    def target_pose(self, camera: str | CameraPose) -> CameraPose:
        if isinstance(camera, CameraPose):
            return camera
        width, height = self.scene.plotter.window_size
        aspect = width / height if width > 0 and height > 0 else 4 / 3
        return camera_for_view(camera, self.scene.focus_bounds, aspect=aspect)

    def apply(self, state: SceneState, move_camera: bool = True, render: bool = True) -> None:
        """Show exactly ``state``: nothing from the previous state survives (so going back restores)."""
        viewer = self.scene.state
        self.scene.auto_render = False
        try:
            with viewer.batch():
                visible = state.visible if state.visible is not None else self.default_visible
                viewer.isolate(visible) if visible else viewer.set_visible(viewer.available, False)
                viewer.set_opacities({i: state.opacity.get(i, 1.0) for i in viewer.available})
                viewer.set_highlighted(state.highlight)
                viewer.select(None)
            if move_camera:
                self.scene.set_camera(self.target_pose(state.camera), render=False)
            for overlay in self.overlays:
                overlay.apply(state)
        finally:
            self.scene.auto_render = True
        self.current = state
        if render:
            self.scene.plotter.render()
