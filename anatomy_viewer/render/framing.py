"""Which camera a step's picture gets: its named view, framed on what the step is about.

    SceneState (named camera, highlight, labels, tool)
      --subject_points--> the highlighted and labelled structures (their hull points), the named
                          landmarks, the hip hook and its press line (mm)
      --core.scene.framing.frame_points (the view's direction, the picture's aspect)--> CameraPose

Structures are framed where they lie in the region the app teaches (the pelvis, the lumbar spine
and the iliopsoas: the scene's focus structures, plus ``REGION_MARGIN_MM``): the femoral artery runs
on down the thigh and the aorta up into the chest, and a step about the hip crease or the midline
is not about the knee or the heart. A state about nothing in particular (no highlight, labels or
tool) keeps the named view's usual framing of the pelvis and iliopsoas; an explicit lesson camera
(a pose) is never reframed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ..core.scene.framing import frame_points
from ..core.scene.scene_state import SceneState, ToolPlacement
from ..core.scene.views import CameraPose
from ..core.vocabulary import LANDMARK_IDS
from .anatomy.scene import AnatomyScene

REGION_MARGIN_MM = 30.0


class StepFraming:
    def __init__(
        self,
        scene: AnatomyScene,
        checker: Callable[[], object] | None = None,
        landmarks: Callable[[], Mapping[str, np.ndarray]] | None = None,
    ) -> None:
        """``checker``: gives the placement checker (for the hook's pose); ``landmarks``: gives the
        measured landmark points. Both are asked only when a state needs them."""
        self.scene = scene
        self.checker = checker
        self.landmarks = landmarks
        self._hulls: dict[str, np.ndarray] = {}

    def pose(self, state: SceneState, aspect: float) -> CameraPose | None:
        """The framed camera of ``state``, or None when it has a pose of its own or nothing to frame."""
        if not isinstance(state.camera, str):
            return None
        points = self.subject_points(state)
        if not len(points):
            return None
        return frame_points(points, state.camera, aspect)

    def subject_points(self, state: SceneState) -> np.ndarray:
        scene = self.scene
        shown = (
            set(scene.actors) if state.visible is None else set(state.visible) & set(scene.actors)
        )
        structures = sorted((set(state.highlight) | set(state.labels)) & shown)
        parts = [self._hull(i) for i in structures]
        marks = [i for i in state.labels if i in LANDMARK_IDS]
        if marks and self.landmarks is not None:
            points = self.landmarks()
            parts.append(np.array([points[i] for i in marks], float))
        if state.tool is not None and self.checker is not None:
            parts.append(self._tool_points(state.tool))
        return np.vstack(parts) if parts else np.empty((0, 3))

    def _hull(self, structure_id: str) -> np.ndarray:
        """The hull corners of the structure's part inside the teaching region: the extremes of
        every view (under perspective too), in far fewer points."""
        if structure_id not in self._hulls:
            from scipy.spatial import ConvexHull, QhullError

            points = self.scene.mesh(structure_id).points
            low, high = (np.asarray(b, float) for b in self.scene.focus_bounds)
            inside = np.all(
                (points >= low - REGION_MARGIN_MM) & (points <= high + REGION_MARGIN_MM), axis=1
            )
            if inside.any():
                points = points[inside]
            try:
                self._hulls[structure_id] = points[ConvexHull(points).vertices]
            except (QhullError, ValueError):  # flat or too few points: all of them
                self._hulls[structure_id] = points
        return self._hulls[structure_id]

    def _tool_points(self, tool: ToolPlacement) -> np.ndarray:
        from ..core.errors import UserError
        from ..core.tool.geometry import handle_direction, hook_mesh, tool_pose, transform

        checker = self.checker()
        lateral = checker.landmarks.lateral_sign(tool.side)
        points, _ = hook_mesh()
        out = []
        for pivot in {
            tool.pivot_deg,
            tool.pivot_to_deg if tool.pivot_to_deg is not None else tool.pivot_deg,
        }:
            try:
                press = checker.check(tool.side, tool.at[0], tool.at[1], pivot).press_line
            except UserError:  # a tool off the wall: the tool layer says so; nothing to frame
                continue
            pose = tool_pose(press.tip, press.direction, handle_direction(press.direction, lateral))
            out += [transform(points, pose), np.array([press.tip, press.end])]
        return np.vstack(out) if out else np.empty((0, 3))
