"""The overlays an off-screen picture of a ``SceneState`` needs: structure labels, zones, the tool,
the section (last: a press-line section cuts along the tool's press line).

Handouts and ``screenshot --lesson`` show the same overlays as the window. Measuring landmarks, the
wall and the zones takes a few seconds, so it happens once, and only when a state asks for zones or
the tool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...core.anatomy.meshes import SurfaceMesh
from ...core.scene.scene_state import SceneState
from ..anatomy.scene import AnatomyScene
from ..overlays.labels import StructureLabels


def offscreen_overlays(
    scene: AnatomyScene,
    meshes: Mapping[str, SurfaceMesh],
    states: Sequence[SceneState],
    checker=None,
) -> list:
    """Overlays (``apply(state)``, no render) for these states, built once for all of them.
    ``checker``: a placement checker already measured (the window's), else measured here if needed."""
    overlays: list = [StructureLabels(scene)]
    wants_zones = any(state.zones for state in states)
    wants_tool = any(state.tool is not None for state in states)
    if not (wants_zones or wants_tool):
        return _with_section(overlays, scene, states, checker)
    if checker is None:
        from ...core.placement.checker import PlacementChecker

        checker = PlacementChecker.for_teaching_scene(scene.catalogue, meshes)
    if wants_zones:
        from ..overlays.zones_layer import ZonesLayer

        overlays.append(ZonesLayer(scene.plotter, checker, theme=scene.theme, layers=()))
    if wants_tool:
        from ..overlays.tool_layer import ToolLayer

        overlays.append(ToolLayer(scene, checker))
    return _with_section(overlays, scene, states, checker)


def _with_section(overlays: list, scene: AnatomyScene, states, checker) -> list:
    if any(state.section is not None for state in states):
        from ..overlays.section_layer import SectionLayer

        overlays.append(SectionLayer(scene, checker))
    return overlays
