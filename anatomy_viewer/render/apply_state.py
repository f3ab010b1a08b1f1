"""A ``SceneState`` (a lesson step, a CLI request) applied to an ``AnatomyScene`` in one batch.

    SceneState --visibility, opacity, highlight--> ViewerState.batch() --> AnatomyScene.sync()
               --camera (named view or pose)-----> AnatomyScene camera

A state is complete, so applying it never depends on what was shown before. This module covers the
anatomy and the camera; layers that draw zones, labels or the tool apply their own fields of the
same ``SceneState`` after it (``state.zones``, ``state.labels``, ``state.tool``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..core.anatomy.catalogue import Catalogue
from ..core.anatomy.meshes import SurfaceMesh
from ..core.lessons import Step
from ..core.scene.scene_state import SceneState
from ..core.scene.viewer_state import HIDDEN_AT_START_GROUPS, ViewerState
from .anatomy.scene import AnatomyScene

FULLY_OPAQUE = 1.0


def default_visible(viewer: ViewerState) -> frozenset[str]:
    """What the app shows at start-up: a state with ``visible=None`` means this."""
    catalogue = viewer.catalogue
    return frozenset(
        i for i in viewer.available if catalogue[i].group not in HIDDEN_AT_START_GROUPS
    )


def apply_scene_state(scene: AnatomyScene, state: SceneState, render: bool = True) -> None:
    viewer = scene.state
    visible = default_visible(viewer) if state.visible is None else frozenset(state.visible)
    auto_render, scene.auto_render = scene.auto_render, False
    try:
        with viewer.batch():
            viewer.set_visible(set(viewer.available) - visible, False)
            viewer.set_visible(visible, True)
            viewer.set_opacities(
                {i: float(state.opacity.get(i, FULLY_OPAQUE)) for i in viewer.available}
            )
            viewer.set_highlighted(state.highlight)
            viewer.set_wall_mm(state.wall_mm)  # None: the viewer's chosen thickness
            viewer.select(None)
    finally:
        scene.auto_render = auto_render
    if isinstance(state.camera, str):
        scene.view(state.camera, render=False)
    else:
        scene.set_camera(state.camera, render=False)
    if render:
        scene.plotter.render()


def lesson_landmarks(
    steps: Iterable[Step], meshes: Mapping[str, SurfaceMesh]
) -> Mapping[str, Sequence[float]] | None:
    """The measured landmarks when a step places the tool or its section relative to one, else None
    (measuring takes a moment and needs the bones)."""
    if not any(step.needs_landmarks for step in steps):
        return None
    from ..core.anatomy.landmarks import compute_landmarks

    return compute_landmarks(meshes).points


def step_scene_state(
    step: Step, catalogue: Catalogue, meshes: Mapping[str, SurfaceMesh]
) -> SceneState:
    """The complete scene of one lesson step, measuring landmarks on ``meshes`` if it needs them."""
    return step.scene_state(catalogue, lesson_landmarks([step], meshes))
