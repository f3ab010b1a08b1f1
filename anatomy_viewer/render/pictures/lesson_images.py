"""One image per lesson step, off screen: the pictures of a handout.

Lesson --Step.scene_state (landmarks measured once if a step needs them)--> SceneState
       --apply_scene_state--> one off-screen scene (PRINT theme: white paper) --> RGB arrays
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.lessons import Lesson
from ...core.lessons.model import Landmarks
from ...core.scene.scene_state import settled
from ..apply_state import apply_scene_state, lesson_landmarks
from ..theme import PRINT, Theme
from .export import ExportOptions, render_image
from .offscreen import offscreen_scene
from .offscreen_overlays import offscreen_overlays

# 5:4 fills a printed page above the step's text; 1500 px is about 220 dpi across the text width of
# an A4 or Letter page.
STEP_IMAGE_SIZE = (1500, 1200)

Progress = Callable[[int, int], None]  # (steps done, steps in all)


def lesson_images(
    lesson: Lesson,
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    size: tuple[int, int] = STEP_IMAGE_SIZE,
    theme: Theme = PRINT,
    progress: Progress | None = None,
    landmarks: Landmarks | None = None,
    wall_mm: float | None = None,
) -> list[np.ndarray]:
    """``landmarks``: already measured ones, else they are measured here if a step needs them.
    ``wall_mm``: the body wall thickness of the steps that name none (the window's choice,
    ``--wall-mm``); None: the default."""
    if landmarks is None:
        landmarks = lesson_landmarks(lesson.steps, meshes)
    # A still picture of a step that animates the pivot shows where the pivot ends.
    states = [settled(step.scene_state(catalogue, landmarks)) for step in lesson.steps]
    if wall_mm is not None:
        states = [s if s.wall_mm is not None else replace(s, wall_mm=wall_mm) for s in states]
    scene = offscreen_scene(catalogue, dict(meshes), size, theme=theme)
    images: list[np.ndarray] = []
    try:
        overlays = offscreen_overlays(scene, meshes, states)  # labels, zones, the hook
        for done, state in enumerate(states):
            apply_scene_state(scene, state, render=False)
            for overlay in overlays:
                overlay.apply(state)
            images.append(render_image(scene, ExportOptions(size)))
            if progress is not None:
                progress(done + 1, len(states))
    finally:
        scene.plotter.close()
    return images
