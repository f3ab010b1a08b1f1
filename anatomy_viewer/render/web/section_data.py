"""A lesson step's section on the web page: its cutting plane(s), each structure's filled cut and the
caption, all measured here; the page only clips and draws (web/src/section.js).

    step's Section (core: at the measured landmark's level + offset, or the typed position)
      --core.scene.section.cut_plane--> CutPlane (origin, unit normal toward the part cut away,
                                        the slab of a press-line cut)
      press-line: one CutPlane per tool keyframe, through that keyframe's press line (as a video's
                  frames turn the cut with the hook), so the cut follows an animated pivot
      --core cut_outlines + cut_faces.cut_face on the page's own decimated meshes--> caps
      --> {"plane", "cuts": [{"origin", "normal", "slab_mm", "caption", "caps", "open"}]}

The caps are cut from the same decimated meshes the page draws (mesh_pack.web_mesh), not from the
full ones the window cuts: the page's clipped surface ends exactly on each cap's outline, so no gap
opens between the drawn surface and its filled cut. Only the step's visible structures are cut.
Computing the caps here, rather than with a stencil trick in the browser, keeps them the app's own
(the same outlines, the same closing of the femoral arteries' cracks, which a stencil would draw as
streaks), testable in Python, and needs nothing of the browser's stencil buffer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ...core.anatomy.cut_outlines import cut_outlines
from ...core.anatomy.mesh_cache import ArrayCache
from ...core.anatomy.meshes import SurfaceMesh
from ...core.placement.checker import PlacementChecker
from ...core.scene.scene_state import ToolPlacement
from ...core.scene.section import CutPlane, Section, cut_plane, press_line_plane
from ..anatomy.cut_faces import cut_face
from .mesh_pack import pack_arrays, web_mesh

ORIGIN_DIGITS = 3  # mm: far below what a cut's position means
NORMAL_DIGITS = 6


def cap_of(mesh: SurfaceMesh, plane: CutPlane) -> tuple[dict | None, int]:
    """One structure's filled cut, packed as the page reads it: triangles over the outline points
    (``loops``: the sizes of the closed outlines, whose points come first, in order), and the
    number of outline chains that could not be closed (the app's ``dropped``)."""
    outlines = cut_outlines(mesh, plane.origin, plane.normal)
    if not outlines:
        return None, outlines.dropped
    face = cut_face(outlines, plane.normal)
    if not face.n_cells:
        return None, outlines.dropped
    loops = np.concatenate(outlines.loops)
    points, triangles = np.asarray(face.points), np.asarray(face.regular_faces)
    if len(points) < len(loops) or not np.allclose(points[: len(loops)], loops):
        # The triangulator renumbered the points: the outlines' own points go first, the face's after.
        points = np.concatenate([loops, points])
        triangles = triangles + len(loops)
    packed = pack_arrays(points, triangles)
    packed["loops"] = [len(loop) for loop in outlines.loops]
    return packed, outlines.dropped


def cut_data(
    plane: CutPlane,
    caption: str,
    meshes: Mapping[str, SurfaceMesh],
    visible: Sequence[str],
    cache: ArrayCache | None | bool = True,
) -> dict:
    """One cut: the plane (for the page's clipping planes), its caption and the caps of ``visible``."""
    caps, open_ids = [], []
    for structure_id in visible:
        cap, dropped = cap_of(web_mesh(meshes[structure_id], cache), plane)
        if dropped:
            open_ids.append(structure_id)  # its inside shows, as in the window
        if cap is not None:
            caps.append({"id": structure_id, "mesh": cap})
    return {
        "origin": [round(float(v), ORIGIN_DIGITS) for v in plane.origin],
        "normal": [round(float(v), NORMAL_DIGITS) for v in plane.normal],
        "slab_mm": plane.slab_mm,
        "caption": caption,
        "caps": caps,
        "open": open_ids,
    }


def section_data(
    section: Section,
    meshes: Mapping[str, SurfaceMesh],
    visible: Sequence[str],
    centre,
    tool: ToolPlacement | None = None,
    angles: Sequence[float] = (),
    checker: PlacementChecker | None = None,
    cache: ArrayCache | None | bool = True,
) -> dict:
    """The page data of a step's section. A flat cut: one cut through ``centre`` in its other axes
    (as the off-screen section layer puts it). A press-line cut: one per pivot angle of the step's
    tool keyframes (``angles``), each through the press line the ``checker`` (on the step's wall)
    casts there, with the caption naming that angle."""
    if section.plane != "press-line":
        plane = cut_plane(section, centre=centre)
        cuts = [cut_data(plane, section.caption(), meshes, visible, cache)]
    else:
        if tool is None or checker is None:
            raise ValueError("a press-line section needs the step's tool and the checker")
        lateral = checker.landmarks.lateral_sign(tool.side)
        cuts = []
        for angle in angles:
            press = checker.check(tool.side, tool.at[0], tool.at[1], angle).press_line
            plane = press_line_plane(press.tip, press.direction, lateral)
            caption = section.caption(tool.side, angle)
            cuts.append(cut_data(plane, caption, meshes, visible, cache))
    return {"plane": section.plane, "text": section.text(), "cuts": cuts}
