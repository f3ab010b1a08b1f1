"""The cut faces of a section: each structure's outlines on the plane, filled with triangles.

    core CutOutlines (closed loops on the plane) --one polyline each--> vtkContourTriangulator
        --> triangles (a loop inside another is a hole: the marrow of a bone, the lumen of a vessel)
        --> point normals all along the plane's normal, toward the viewer on the cut-away side

vtkContourTriangulator finds which loops are holes by nesting, so the loops' direction does not
matter. Pure geometry (no actors): the section view draws what this returns.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData

from ...core.anatomy.cut_outlines import CutOutlines


def cut_face(outlines: CutOutlines, normal) -> pv.PolyData:
    """The filled cut (triangles, with normals); empty when there are no outlines."""
    if not outlines.loops:
        return pv.PolyData()
    # Here, not at import: the scene is built at start-up and most sessions never cut (10 ms).
    from vtkmodules.vtkFiltersGeneral import vtkContourTriangulator

    triangulator = vtkContourTriangulator()
    triangulator.SetInputData(polylines(outlines.loops))
    triangulator.TriangulationErrorDisplayOff()  # a loop that cannot be filled is left open
    triangulator.Update()
    face = pv.wrap(_copy(triangulator.GetOutput()))
    if not face.n_points:
        return face
    normal = np.asarray(normal, float)
    # The triangles wind as their loop ran; all must face the viewer on the cut-away side, or VTK's
    # two-sided lighting shades the reversed ones as seen from behind (dark).
    triangles = face.regular_faces
    corners = face.points[triangles]
    facing = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]) @ normal
    if (facing <= 0).any():
        triangles = np.where((facing < 0)[:, None], triangles[:, ::-1], triangles)
        # Slivers of no area (three points in a line along an outline) draw nothing: dropped.
        face = pv.PolyData.from_regular_faces(face.points, triangles[facing != 0])
    face.point_data["Normals"] = np.tile(normal, (face.n_points, 1))
    face.point_data.active_normals_name = "Normals"
    return face


def polylines(loops, offset=(0.0, 0.0, 0.0)) -> pv.PolyData:
    """One closed polyline through each loop's points (its ids, then the first again), moved by
    ``offset``."""
    sizes = [len(loop) for loop in loops]
    starts = np.cumsum([0, *sizes[:-1]])
    cells = np.concatenate(
        [np.r_[n + 1, np.arange(a, a + n), a] for a, n in zip(starts, sizes, strict=True)]
    )
    return pv.PolyData(np.concatenate(loops) + np.asarray(offset, float), lines=cells)


def _copy(output: vtkPolyData) -> vtkPolyData:
    """The filter's output kept apart from the filter (so it can go, and its pipeline with it)."""
    result = vtkPolyData()
    result.SetPoints(output.GetPoints())
    polys = vtkCellArray()
    polys.DeepCopy(output.GetPolys())
    result.SetPolys(polys)
    return result


def area_mm2(face: pv.PolyData) -> float:
    """The filled area, in mm²."""
    if face.n_cells == 0:
        return 0.0
    return float(face.compute_cell_sizes(length=False, volume=False)["Area"].sum())
