"""Core ``SurfaceMesh`` arrays -> ``pyvista.PolyData`` with point normals for smooth shading."""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ..core.meshes import SurfaceMesh


def to_polydata(mesh: SurfaceMesh) -> pv.PolyData:
    cells = np.hstack([np.full((len(mesh.faces), 1), 3, dtype=np.int64), mesh.faces]).ravel()
    poly = pv.PolyData(mesh.points, cells)
    poly.point_data["Normals"] = mesh.normals
    poly.point_data.active_normals_name = "Normals"
    return poly
