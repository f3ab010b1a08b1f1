"""Meshes for the web page: the decimated copies the window turns the view with (``lod.py``),
quantised and packed as base64 typed arrays the page decodes without any library.

    SurfaceMesh --decimated_copies (cached; the first, LOD_KEEP_FRACTION)--> points, faces
        --points: uint16 per axis over the mesh's own box (origin + scale)--> base64
        --faces: uint16 indices when fewer than 65536 points, else uint32--> base64

Little-endian, as every browser's typed arrays are on the platforms the page targets. Normals are
not shipped: the page computes smooth ones from the triangles (the decimated copies' normals are
area-weighted point normals too, so the shading is the same).
"""

from __future__ import annotations

import base64

import numpy as np

from ...core.anatomy.mesh_cache import ArrayCache, processed_cache
from ...core.anatomy.meshes import SurfaceMesh
from ..anatomy.lod import decimated_copies

QUANT_LEVELS = 65535  # uint16: 0.007 mm steps over a 45 cm femur, far below what the eye sees
UINT16_INDEX_LIMIT = 65536


def b64(array: np.ndarray, dtype: str) -> str:
    """Little-endian bytes of ``array`` as ``dtype``, base64 (ASCII)."""
    little = np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<"))
    return base64.b64encode(little.tobytes()).decode("ascii")


def pack_arrays(points: np.ndarray, faces: np.ndarray) -> dict:
    """One triangle mesh as the page reads it (web/src/decode.js ``unpackMesh``)."""
    points = np.asarray(points, float)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = np.where(high > low, (high - low) / QUANT_LEVELS, 1.0)
    quantised = np.rint((points - low) / scale).astype(np.uint16)
    index_type = "uint16" if len(points) < UINT16_INDEX_LIMIT else "uint32"
    return {
        "origin": [round(float(v), 4) for v in low],
        "scale": [float(v) for v in scale],
        "count": len(points),
        "positions": b64(quantised, "uint16"),
        "index_type": index_type,
        "indices": b64(np.asarray(faces).reshape(-1), index_type),
    }


def web_mesh(mesh: SurfaceMesh, cache: ArrayCache | None | bool = True) -> SurfaceMesh:
    """The decimated copy the window draws while turning the view (made once, cached), or the mesh
    itself when it is small enough to be drawn in full anyway (lod.LOD_MIN_FACES)."""
    cache = processed_cache() if cache is True else (cache or None)
    copies = decimated_copies(mesh, cache)  # (moving, reduced): the page draws the first
    return copies[0] if copies else mesh


def pack_mesh(mesh: SurfaceMesh, cache: ArrayCache | None | bool = True) -> dict:
    light = web_mesh(mesh, cache)
    packed = pack_arrays(light.points, light.faces)
    packed["faces"] = int(light.n_faces)
    return packed
