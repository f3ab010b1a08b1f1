"""The labels a lesson step asks for (``labels = [...]``): exactly the structures and landmarks it
names, pins included, whatever zone layers are on, each with a leader to the tissue it names.

    SceneState.labels --apply()--> landmark pins (a stalk under those off every shown surface)
    LabelBoard, each frame --board_labels()--> one label per name, at the highest priority; for a
        structure the board picks a point of its surface the picture shows, for a landmark its pin

Landmarks come from the measured ones the caller has (the window's placement checker), or are
measured on the scene's meshes the first time a step names one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

from ...core.scene.scene_state import SceneState
from ...core.vocabulary import LANDMARK_IDS, landmark_label
from ..anatomy.scene import AnatomyScene
from .label_board import ASKED, BoardLabel, BoardView
from .landmark_pins import LandmarkPins

LABEL_NAME = "step-labels"

LandmarkSource = Mapping[str, np.ndarray] | Callable[[], object] | object | None


class StructureLabels:
    def __init__(
        self, scene: AnatomyScene, font_size: int | None = None, landmarks: LandmarkSource = None
    ) -> None:
        """``font_size`` is not used any more (sizes come from the board's medium); ``landmarks``:
        measured landmarks (a mapping, core Landmarks, or a callable returning either)."""
        self.scene = scene
        self._landmarks = landmarks
        self._points: Mapping[str, np.ndarray] | None = None
        self.shown: tuple[str, ...] = ()
        self.pins = LandmarkPins(scene.plotter, LABEL_NAME, scene.theme.highlight)
        scene.board.add_source(self)

    def landmark_points(self) -> Mapping[str, np.ndarray]:
        if self._points is None:
            source = self._landmarks
            if source is None:
                from ...core.anatomy.landmarks import compute_landmarks

                source = compute_landmarks({i: self.scene.mesh(i) for i in self.scene.actors})
            elif callable(source) and not isinstance(source, Mapping):
                source = source()
            self._points = dict(getattr(source, "points", source))
        return self._points

    def apply(self, state: SceneState) -> None:
        """Overlay protocol (render/scene_apply.py): what the state names, no render."""
        scene = self.scene
        visible = scene.state.visible
        named = [
            i for i in state.labels if (i in scene.actors and i in visible) or i in LANDMARK_IDS
        ]
        self.shown = tuple(dict.fromkeys(named))
        marks = [i for i in self.shown if i in LANDMARK_IDS]
        self.pins.pins.prop.color = scene.theme.highlight
        if marks:
            self.pins.show(marks, self.landmark_points(), scene)
        else:
            self.pins.show((), {})

    def subject_points(self, state: SceneState) -> np.ndarray:
        """The named landmarks, for framing (render/framing.py); structures are framed there."""
        marks = [i for i in state.labels if i in LANDMARK_IDS]
        if not marks:
            return np.empty((0, 3))
        points = self.landmark_points()
        return np.array([points[i] for i in marks], float)

    def board_labels(self, view: BoardView) -> Iterable[BoardLabel]:
        for name in self.shown:
            if name in LANDMARK_IDS:
                point = tuple(float(v) for v in self.landmark_points()[name])
                yield BoardLabel(
                    f"landmark:{name}", landmark_label(name), ASKED, anchor=point, ring=True
                )
            elif self.scene.actors[name].GetVisibility():
                text = self.scene.catalogue[name].name
                yield BoardLabel(f"structure:{name}", text, ASKED, structure=name)
