"""Name labels for structures a lesson step asks for (``labels = ["iliacus_right"]``).

Landmark labels (ASIS, pubic tubercle...) are drawn by the zones layer, which knows the landmarks.
"""

from __future__ import annotations

import numpy as np

from ...core.scene.scene_state import SceneState
from ..anatomy.scene import AnatomyScene

LABEL_NAME = "structure-labels"


class StructureLabels:
    def __init__(self, scene: AnatomyScene, font_size: int = 14) -> None:
        self.scene = scene
        self.font_size = font_size
        self.shown: tuple[str, ...] = ()

    def anchor(self, structure_id: str) -> np.ndarray:
        """A point on the structure's surface near its middle: the label's leader ends on tissue."""
        points = np.asarray(
            self.scene.actors[structure_id].GetMapper().GetInput().GetPoints().GetData()
        )
        centre = points.mean(axis=0)
        return points[np.argmin(np.linalg.norm(points - centre, axis=1))]

    def apply(self, state: SceneState) -> None:
        wanted = tuple(i for i in state.labels if i in self.scene.actors)
        if wanted == self.shown:
            return
        self.scene.plotter.remove_actor(LABEL_NAME, render=False)
        self.shown = wanted
        if not wanted:
            return
        self.scene.plotter.add_point_labels(
            np.array([self.anchor(i) for i in wanted]),
            [self.scene.catalogue[i].name for i in wanted],
            name=LABEL_NAME,
            font_size=self.font_size,
            point_size=8,
            point_color=self.scene.theme.text,
            text_color="#111111",
            shape_color="#fafafa",
            shape_opacity=0.85,
            always_visible=True,
            render=False,
            reset_camera=False,
        )
