"""Landmark pins that stand off every surface the picture shows, and the stalk that says so.

Some landmarks are surface-anatomy points, not points on a mesh: the mid-inguinal point lies midway
between the ASIS and the pubic symphysis, in front of the bones; the umbilicus level lies on the
front of the linea alba, in front of everything else when that is hidden. Drawn as a plain pin, such
a point reads as lying on whatever tissue is behind it in the picture (in an oblique view the
umbilicus pin sat on the left iliac fossa). So a pin farther than ``FLOATING_MM`` from every shown
surface, and not inside one, stands on a stalk that runs straight back (posterior, +Y) to the
first shown tissue behind it: in the anterior view the stalk is seen end-on, in oblique and side
views it shows how far in front of that tissue the point lies.

    landmark point + the shown meshes --pin_depth--> PinDepth (floating?, the stalk's foot)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..anatomy.meshes import SurfaceMesh

FLOATING_MM = 5.0  # farther than this from every shown surface: the pin stands off the tissue
STALK_MAX_MM = (
    250.0  # no shown tissue within this behind the point: no stalk (nothing it stands on)
)
POSTERIOR = np.array([0.0, 1.0, 0.0])  # +Y is posterior in the body frame


@dataclass(frozen=True)
class PinDepth:
    floating: bool  # off every shown surface (and inside none)
    distance_mm: float  # to the nearest shown surface point (vertices; inf with nothing shown)
    foot: np.ndarray | None  # where a floating pin's stalk meets the tissue behind it
    behind: str | None  # the structure the stalk meets


def pin_depth(point, meshes: Mapping[str, SurfaceMesh]) -> PinDepth:
    """How the landmark at ``point`` sits among the shown ``meshes`` (structure id -> mesh)."""
    point = np.asarray(point, float)
    distance, inside = np.inf, False
    # Nearest box first: the closest surface is then usually found first, and every mesh whose box
    # lies farther than it is skipped without measuring its vertices.
    gap_to_box = {name: _box_gap(point, mesh) for name, mesh in meshes.items()}
    for name in sorted(meshes, key=gap_to_box.__getitem__):
        mesh = meshes[name]
        if gap_to_box[name] > distance:
            break
        gaps = np.linalg.norm(mesh.points - point, axis=1)
        k = int(gaps.argmin())
        if gaps[k] < distance:
            distance = float(gaps[k])
            # The nearest vertex's outward normal: a point behind it is inside the closed surface.
            inside = float((point - mesh.points[k]) @ mesh.normals[k]) < 0
    floating = distance > FLOATING_MM and not inside
    foot, behind = surface_behind(point, meshes) if floating else (None, None)
    return PinDepth(floating, distance, foot, behind)


def surface_behind(
    point, meshes: Mapping[str, SurfaceMesh], direction=POSTERIOR, max_mm: float = STALK_MAX_MM
) -> tuple[np.ndarray | None, str | None]:
    """The first point of the shown meshes on the ray from ``point`` along ``direction``."""
    point = np.asarray(point, float)
    direction = np.asarray(direction, float) / np.linalg.norm(direction)
    # Only rays along a body axis are cast (the stalk runs posterior): the two other axes bound
    # which triangles can be hit.
    axis = int(np.argmax(np.abs(direction)))
    across = [i for i in range(3) if i != axis]
    best_t, best_name = max_mm, None
    for name, mesh in meshes.items():
        low, high = mesh.bounds
        if np.any(point[across] < low[across]) or np.any(point[across] > high[across]):
            continue
        lows, highs = mesh.face_boxes
        near = np.all(
            [(lows[:, i] <= point[i]) & (highs[:, i] >= point[i]) for i in across], axis=0
        )
        t = _ray_triangles(point, direction, mesh.points[mesh.faces[near]])
        t = t[(t > 0) & (t < best_t)]
        if len(t):
            best_t, best_name = float(t.min()), name
    if best_name is None:
        return None, None
    return point + best_t * direction, best_name


def _box_gap(point: np.ndarray, mesh: SurfaceMesh) -> float:
    """How far ``point`` lies outside ``mesh``'s bounding box (0 inside it)."""
    low, high = mesh.bounds
    return float(np.linalg.norm(np.maximum(0, np.maximum(low - point, point - high))))


def _ray_triangles(origin: np.ndarray, direction: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Möller-Trumbore: the ray parameter of each triangle's hit (nan where it misses)."""
    if not len(tri):
        return np.empty(0)
    e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    p = np.cross(direction, e2)
    det = np.einsum("ij,ij->i", e1, p)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = origin - tri[:, 0]
    u = np.einsum("ij,ij->i", s, p) * inv
    q = np.cross(s, e1)
    v = (q @ direction) * inv
    t = np.einsum("ij,ij->i", e2, q) * inv
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1)
    return np.where(hit, t, np.nan)
