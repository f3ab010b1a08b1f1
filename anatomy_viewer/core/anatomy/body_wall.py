"""The derived (schematic) anterior abdominal wall on which the tool tip sits.

BodyParts3D has no skin and no rectus abdominis, so the wall is derived from what it has:

    linea alba front + inguinal ligament fronts + ASIS + pubic tubercles + symphysis
        --(moved forward by the wall thickness, wall_thickness.py)--> anchors
        --> smooth thin-plate height field Y = f(X, Z)
        --> pushed forward wherever a mesh would poke through it --> grid (WALL_GRID_MM)

It spans the lower abdomen from lateral of both ASIS, from below the inguinal ligaments (so the hip
crease is on it) to a little above the umbilicus level. It is schematic and must be labelled so.

Every step above is unchanged by moving all anchors and the poke limits the same distance along Y
(the thin-plate fit reproduces constants exactly), so a thicker wall is the same surface moved
forward: ``thickened`` does that without fitting again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import UserError
from ..vocabulary import SIDES
from .landmarks import Landmarks, require
from .meshes import SurfaceMesh
from .wall_thickness import DEFAULT_WALL_MM, check_wall_mm, thickness_words

WALL_LABEL = "schematic body wall (derived)"


def wall_label(wall_mm: float) -> str:
    """``schematic body wall (derived), 18 mm (lean)``: the wall's label in every picture."""
    return f"{WALL_LABEL}, {thickness_words(wall_mm)}"


REQUIRED_MESHES = ("linea_alba", "inguinal_ligament_right", "inguinal_ligament_left")

# Extent of the wall. Lateral: far enough past the ASIS to show the bone caution over it.
WALL_LATERAL_OF_ASIS_MM = 30.0
# Down: below the ASIS-pubic tubercle line, so the hip crease and the top of the femoral triangle
# (where the femoral pulse is felt) are on the wall.
WALL_BELOW_LIGAMENT_MM = 40.0
# Up: a little above the estimated umbilicus level, which bounds the lower-abdomen teaching area
# (psoas palpation starts halfway between umbilicus and ASIS; DOMAIN.md, Muscolino 2019).
WALL_ABOVE_UMBILICUS_MM = 20.0
WALL_GRID_MM = 2.5  # grid step of the stored height field; bilinear in between
ANCHOR_STEP_MM = 10.0  # spacing of anchors sampled along the linea alba and the ligaments
# Thin-plate smoothing: the wall follows the anchors to within a few mm, never ripples between them.
WALL_SMOOTHING = 50.0
PUSH_OUT_ROUNDS = 3  # refits that push the wall in front of any mesh that pokes through it
# Smaller pokes are only the smoothing's give around the anchors: the final clamp takes them out.
POKE_TOLERANCE_MM = 1.0


def _front_profile(points: np.ndarray, axis_point, axis_dir, step: float) -> np.ndarray:
    """The most anterior point of each ``step``-long piece of a structure along ``axis_dir``."""
    along = (points - axis_point) @ axis_dir
    fronts = []
    for start in np.arange(along.min(), along.max(), step):
        piece = points[(along >= start) & (along < start + step)]
        if len(piece):
            fronts.append(piece[piece[:, 1].argmin()])
    return np.array(fronts)


@dataclass(frozen=True)
class WallOutline:
    """Where the wall is, in the coronal (X, Z) plane: a band between two edges."""

    x_min: float
    x_max: float
    z_top: float
    bottom_x: np.ndarray  # bottom edge as a polyline, X increasing
    bottom_z: np.ndarray

    def bottom_at(self, x):
        return np.interp(x, self.bottom_x, self.bottom_z)

    def contains(self, x, z):
        x, z = np.asarray(x, float), np.asarray(z, float)
        inside = (x >= self.x_min) & (x <= self.x_max) & (z <= self.z_top)
        return inside & (z >= self.bottom_at(x))


def wall_outline(landmarks: Landmarks) -> WallOutline:
    right, left = landmarks["asis_right"], landmarks["asis_left"]
    tubercle_r, tubercle_l = landmarks["pubic_tubercle_right"], landmarks["pubic_tubercle_left"]
    x_min = min(right[0], left[0]) - WALL_LATERAL_OF_ASIS_MM
    x_max = max(right[0], left[0]) + WALL_LATERAL_OF_ASIS_MM
    corners = np.array([right, tubercle_r, tubercle_l, left])
    corners = corners[np.argsort(corners[:, 0])]
    bottom_x = np.r_[x_min, corners[:, 0], x_max]
    bottom_z = np.r_[corners[0, 2], corners[:, 2], corners[-1, 2]] - WALL_BELOW_LIGAMENT_MM
    z_top = landmarks["umbilicus_level"][2] + WALL_ABOVE_UMBILICUS_MM
    return WallOutline(float(x_min), float(x_max), float(z_top), bottom_x, bottom_z)


def wall_anchors(
    meshes: Mapping[str, SurfaceMesh],
    landmarks: Landmarks,
    z_top: float,
    wall_mm: float = DEFAULT_WALL_MM,
) -> np.ndarray:
    """Front points of the linea alba, both inguinal ligaments, both ASIS and both pubic tubercles,
    moved ``wall_mm`` forward (anterior, -Y): where the skin over them is.

    The symphysis is left out: the linea alba ends on it and its front already stands for it.
    """
    la = meshes["linea_alba"].points
    la = la[la[:, 2] <= z_top + ANCHOR_STEP_MM]
    parts = [_front_profile(la, la[0], np.array([0.0, 0.0, 1.0]), ANCHOR_STEP_MM)]
    for side in SIDES:
        a, b = landmarks[f"asis_{side}"], landmarks[f"pubic_tubercle_{side}"]
        direction = (b - a) / np.linalg.norm(b - a)
        ligament = meshes[f"inguinal_ligament_{side}"].points
        parts.append(_front_profile(ligament, a, direction, ANCHOR_STEP_MM))
        parts.append(np.array([a, b]))
    anchors = np.concatenate(parts)
    anchors[:, 1] -= wall_mm
    return anchors


def _front_envelope(meshes, xs, zs) -> np.ndarray:
    """Most anterior Y of any mesh vertex per grid cell (+inf where no mesh is behind the cell)."""
    envelope = np.full((len(zs), len(xs)), np.inf)
    for mesh in meshes.values():
        p = mesh.points
        col = np.round((p[:, 0] - xs[0]) / WALL_GRID_MM).astype(int)
        row = np.round((p[:, 2] - zs[0]) / WALL_GRID_MM).astype(int)
        ok = (col >= 0) & (col < len(xs)) & (row >= 0) & (row < len(zs))
        np.minimum.at(envelope, (row[ok], col[ok]), p[ok, 1])
    return envelope


class BodyWall:
    """Height field Y = f(X, Z) of the derived wall (the skin), ``wall_mm`` in front of the anchors;
    ``wall_point`` puts a tip on it."""

    label = WALL_LABEL

    def __init__(
        self,
        outline: WallOutline,
        xs: np.ndarray,
        zs: np.ndarray,
        y: np.ndarray,
        wall_mm: float = DEFAULT_WALL_MM,
    ):
        self.outline = outline
        self.xs, self.zs, self.y = xs, zs, y  # y[row (z), column (x)]
        self.wall_mm = float(wall_mm)

    @classmethod
    def from_meshes(
        cls,
        meshes: Mapping[str, SurfaceMesh],
        landmarks: Landmarks,
        wall_mm: float = DEFAULT_WALL_MM,
    ) -> BodyWall:
        from scipy.interpolate import RBFInterpolator

        wall_mm = check_wall_mm(wall_mm)
        require(meshes, REQUIRED_MESHES)
        outline = wall_outline(landmarks)
        pad = 2 * WALL_GRID_MM
        xs = np.arange(outline.x_min - pad, outline.x_max + pad + WALL_GRID_MM, WALL_GRID_MM)
        z_low = outline.bottom_z.min() - pad
        zs = np.arange(z_low, outline.z_top + pad + WALL_GRID_MM, WALL_GRID_MM)
        gx, gz = np.meshgrid(xs, zs)
        cells = np.c_[gx.ravel(), gz.ravel()]
        anchors = wall_anchors(meshes, landmarks, outline.z_top, wall_mm)
        limit = _front_envelope(meshes, xs, zs).ravel() - wall_mm
        inside = outline.contains(cells[:, 0], cells[:, 1])
        for _ in range(PUSH_OUT_ROUNDS):
            fit = RBFInterpolator(
                anchors[:, [0, 2]],
                anchors[:, 1],
                kernel="thin_plate_spline",
                smoothing=WALL_SMOOTHING,
            )
            y = fit(cells)
            poking = inside & (y > limit + POKE_TOLERANCE_MM)
            if not poking.any():
                break
            # Anchor the wall at the poking mesh's front, a little in front of it so the refit holds.
            extra = np.c_[cells[poking, 0], limit[poking] - 1.0, cells[poking, 1]]
            anchors = np.concatenate([anchors, extra[:: max(1, len(extra) // 200)]])
        y = np.minimum(y, limit)  # whatever the smooth fit still misses: never inside a mesh
        return cls(outline, xs, zs, y.reshape(gz.shape), wall_mm)

    def thickened(self, wall_mm: float) -> BodyWall:
        """The same wall ``wall_mm`` thick: moved forward (or back) by the difference. Exactly what
        ``from_meshes`` with that thickness gives (see the module docstring), in microseconds."""
        wall_mm = check_wall_mm(wall_mm)
        if wall_mm == self.wall_mm:
            return self
        return BodyWall(self.outline, self.xs, self.zs, self.y - (wall_mm - self.wall_mm), wall_mm)

    # --- lookups ------------------------------------------------------------------------------
    def contains(self, x_mm, z_mm):
        return self.outline.contains(x_mm, z_mm)

    def height_mm(self, x_mm, z_mm):
        """Wall Y at (X, Z), bilinear on the grid; no bounds check (see ``wall_point``)."""
        fx = (np.asarray(x_mm, float) - self.xs[0]) / WALL_GRID_MM
        fz = (np.asarray(z_mm, float) - self.zs[0]) / WALL_GRID_MM
        i = np.clip(np.floor(fx).astype(int), 0, len(self.xs) - 2)
        j = np.clip(np.floor(fz).astype(int), 0, len(self.zs) - 2)
        tx, tz = np.clip(fx - i, 0, 1), np.clip(fz - j, 0, 1)
        y = self.y
        return (y[j, i] * (1 - tx) + y[j, i + 1] * tx) * (1 - tz) + (
            y[j + 1, i] * (1 - tx) + y[j + 1, i + 1] * tx
        ) * tz

    def inner_height_mm(self, x_mm, z_mm):
        """Y of the wall's inner face at (X, Z): ``wall_mm`` behind the skin, where the anchors are."""
        return self.height_mm(x_mm, z_mm) + self.wall_mm

    def wall_point(self, x_mm: float, z_mm: float) -> np.ndarray:
        """The tip on the wall at (X, Z): (x, y, z) mm. Off the wall -> UserError."""
        x, z = float(x_mm), float(z_mm)
        if not (np.isfinite(x) and np.isfinite(z)) or not bool(self.contains(x, z)):
            raise UserError(
                f"point off the wall: X={x:g}, Z={z:g} mm is outside the derived body wall "
                f"(X {self.outline.x_min:.0f}..{self.outline.x_max:.0f}, "
                f"Z {self.outline.bottom_at(x):.0f}..{self.outline.z_top:.0f} at that X)"
            )
        return np.array([x, float(self.height_mm(x, z)), z])

    def normal_at(self, x_mm: float, z_mm: float) -> np.ndarray:
        """Outward (anterior-facing) unit normal of the wall at (X, Z)."""
        h = WALL_GRID_MM
        dy_dx = (self.height_mm(x_mm + h, z_mm) - self.height_mm(x_mm - h, z_mm)) / (2 * h)
        dy_dz = (self.height_mm(x_mm, z_mm + h) - self.height_mm(x_mm, z_mm - h)) / (2 * h)
        normal = np.array([dy_dx, -1.0, dy_dz])
        return normal / np.linalg.norm(normal)

    def sample(self, step_mm: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Grid of on-wall (X, Z) points every ``step_mm``, anchored to the wall's own grid origin."""
        xs = np.arange(self.outline.x_min, self.outline.x_max + 1e-6, step_mm)
        zs = np.arange(self.outline.bottom_z.min(), self.outline.z_top + 1e-6, step_mm)
        gx, gz = np.meshgrid(xs, zs)
        return xs, zs, self.contains(gx, gz)
