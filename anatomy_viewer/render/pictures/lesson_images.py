"""One image per lesson step, off screen: the pictures of a handout.

Lesson --Step.scene_state (landmarks measured once if a step needs them)--> SceneState
       --offscreen_director (labels, zones, the hook; each named view framed on its step)-->
       one off-screen scene (PRINT theme: white paper), resized per step --> RGB arrays
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.lessons import Lesson
from ...core.lessons.model import Landmarks
from ...core.pictures.text_sizes import EXPORTING, Medium
from ...core.scene.scene_state import settled
from ..apply_state import lesson_landmarks
from ..theme import PRINT, Theme
from .export import ExportOptions, render_image
from .offscreen import offscreen_scene
from .offscreen_overlays import offscreen_director

# 5:4 fills a printed page above the step's text; 1500 px is about 220 dpi across the text width of
# an A4 or Letter page. (Handouts ask for each page's own size: qt/export/handout.py.)
STEP_IMAGE_SIZE = (1500, 1200)

Progress = Callable[[int, int], None]  # (steps done, steps in all)


def lesson_images(
    lesson: Lesson,
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    size: tuple[int, int] | Sequence[tuple[int, int]] = STEP_IMAGE_SIZE,
    theme: Theme = PRINT,
    progress: Progress | None = None,
    landmarks: Landmarks | None = None,
    medium: Medium = EXPORTING,
    wall_mm: float | None = None,
) -> list[np.ndarray]:
    """``size``: one (width, height) for every step, or one per step; ``landmarks``: already
    measured ones, else they are measured here if a step needs them; ``medium``: how large the
    pictures' words are (a handout's: printed points); ``wall_mm``: the body wall thickness of the
    steps that name none (the window's choice, ``--wall-mm``); None: the default."""
    if landmarks is None:
        landmarks = lesson_landmarks(lesson.steps, meshes)
    sizes = [size] * len(lesson.steps) if isinstance(size[0], int) else list(size)
    if len(sizes) != len(lesson.steps):
        raise ValueError(f"{len(sizes)} sizes for {len(lesson.steps)} steps")
    # A still picture of a step that animates the pivot shows where the pivot ends.
    states = [settled(step.scene_state(catalogue, landmarks)) for step in lesson.steps]
    if wall_mm is not None:
        states = [s if s.wall_mm is not None else replace(s, wall_mm=wall_mm) for s in states]
    scene = offscreen_scene(catalogue, dict(meshes), sizes[0], theme=theme)
    images: list[np.ndarray] = []
    try:
        director = offscreen_director(scene, meshes, states)  # labels, zones, the hook
        for done, (state, picture_size) in enumerate(zip(states, sizes, strict=True)):
            scene.plotter.window_size = list(picture_size)  # framing fits this picture's aspect
            director.apply(state, render=False)
            images.append(render_image(scene, ExportOptions(tuple(picture_size), medium=medium)))
            if progress is not None:
                progress(done + 1, len(states))
    finally:
        scene.plotter.close()
    return images
