"""The overlays an off-screen picture of a ``SceneState`` needs: the step's labels, zones, the tool,
the section (last: a press-line section cuts along the tool's press line), and the director that
applies a state with them and frames its named view on what it is about.

Handouts and ``screenshot --lesson`` show the same overlays as the window, laid out by the same
label board. Measuring landmarks, the wall and the zones takes a few seconds, so it happens once,
and only when a state asks for zones, the tool or a landmark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...core.anatomy.meshes import SurfaceMesh
from ...core.scene.scene_state import SceneState
from ...core.vocabulary import LANDMARK_IDS
from ..anatomy.scene import AnatomyScene
from ..framing import StepFraming
from ..overlays.labels import StructureLabels
from ..scene_apply import SceneDirector


def offscreen_overlays(
    scene: AnatomyScene,
    meshes: Mapping[str, SurfaceMesh],
    states: Sequence[SceneState],
    checker=None,
) -> list:
    """Overlays (``apply(state)``, no render) for these states, built once for all of them.
    ``checker``: a placement checker already measured (the window's), else measured here if needed."""
    return offscreen_director(scene, meshes, states, checker).overlays


def offscreen_director(
    scene: AnatomyScene,
    meshes: Mapping[str, SurfaceMesh],
    states: Sequence[SceneState],
    checker=None,
) -> SceneDirector:
    """A director with the overlays these states need and the framing of their named views:
    ``director.apply(state, render=False)`` sets up one picture."""
    wants_zones = any(state.zones for state in states)
    wants_tool = any(state.tool is not None for state in states)
    wants_landmarks = any(i in LANDMARK_IDS for state in states for i in state.labels)
    if checker is None and (wants_zones or wants_tool):
        from ...core.placement.checker import PlacementChecker

        checker = PlacementChecker.for_teaching_scene(scene.catalogue, meshes)
    landmarks = checker.landmarks if checker is not None else None
    if landmarks is None and wants_landmarks:
        from ...core.anatomy.landmarks import compute_landmarks

        landmarks = compute_landmarks(meshes)
    director = SceneDirector(scene)
    labels = StructureLabels(scene, landmarks=landmarks)
    director.add_overlay(labels)
    if wants_zones:
        from ..overlays.zones_layer import ZonesLayer

        director.add_overlay(ZonesLayer(scene.plotter, checker, theme=scene.theme, layers=()))
    if wants_tool:
        from ..overlays.tool_layer import ToolLayer

        director.add_overlay(ToolLayer(scene, checker))
    if any(state.section is not None for state in states):
        from ..overlays.section_layer import SectionLayer

        director.add_overlay(SectionLayer(scene, checker))
    director.framing = StepFraming(
        scene,
        (lambda: checker) if checker is not None else None,
        labels.landmark_points if landmarks is not None else None,
    )
    return director
