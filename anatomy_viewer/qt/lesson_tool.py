"""The hip hook of lesson steps that place one: an overlay of the lesson director, built with the
window's shared placement checker the first time a step shows the tool."""

from __future__ import annotations

from ..core.scene_state import SceneState


class LessonTool:
    def __init__(self, window) -> None:
        self.window = window
        self.layer = None

    def apply(self, state: SceneState) -> None:
        if state.tool is None and self.layer is None:
            return  # nothing to hide, nothing to measure
        if self.layer is None:
            from ..render.tool_layer import ToolLayer

            self.layer = ToolLayer(self.window.scene, self.window.placement_checker())
        self.layer.apply(state)
