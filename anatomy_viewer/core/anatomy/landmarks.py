"""Bony and surface landmarks measured on the meshes (never typed in), and the midsagittal plane.

    hip bones + femora + L3/L4 + linea alba --> femoral head centres --> ASIS, pubic tubercles,
    symphysis, iliac crests, lesser trochanters --> mid-inguinal points, umbilicus level, midsagittal plane

Each landmark function's docstring opens with its one-line definition; ``DEFINITIONS`` collects them for
the CLI and the lessons. Frame: BodyParts3D millimetres, +X body's left, +Y posterior, +Z superior.
Only the body-frame axes are assumed, so moving every mesh by a vector moves every landmark by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import UserError
from ..vocabulary import LANDMARK_IDS, SIDES
from .meshes import SurfaceMesh

REQUIRED_MESHES = (
    "hip_bone_right",
    "hip_bone_left",
    "femur_right",
    "femur_left",
    "vertebra_l3",
    "vertebra_l4",
    "linea_alba",
)

# The ASIS lies well above the acetabulum; the pubic bone and the acetabular rim lie at or below the
# level of the femoral head centre. Searching above the head centre by this much keeps them out.
ASIS_ABOVE_HEAD_CENTRE_MM = 20.0
# A bony prominence is a rounded bump: average the surface points within this of its extreme.
PROMINENCE_TOLERANCE_MM = 2.0
# The femoral head: points this close to the topmost femur point seed a sphere fit (head radius is
# about 20-25 mm, so this takes the upper head and no trochanter).
HEAD_SEED_RADIUS_MM = 35.0
HEAD_SHELL_MM = 3.0  # refit on points within this of the fitted sphere, dropping the neck
# Shaft axis fitted on cross-sections from 300 to 130 mm below the head centre: below the
# trochanters, where the femoral shaft is a plain tube.
SHAFT_BAND_BELOW_HEAD_MM = (130.0, 300.0)
# The lesser trochanter is searched between the neck and the upper shaft.
LESSER_TROCHANTER_BAND_BELOW_HEAD_MM = (20.0, 120.0)
# The pubic symphysis: points of each hip bone within this of the narrowest gap between the two.
SYMPHYSIS_JOINT_MM = 4.0
SYMPHYSIS_REACH_MM = 30.0  # look at the innermost 3 cm of each hip bone (the pubic bodies)
SYMPHYSIS_TOP_MM = 6.0  # the superior border: the top this many mm of the joint surfaces
# A vertebral body is the anterior part of a vertebra: this fraction of its front-to-back depth.
VERTEBRAL_BODY_FRACTION = 0.35
SLICE_MM = 10.0


@dataclass(frozen=True)
class Plane:
    point: np.ndarray
    normal: np.ndarray  # unit; for the midsagittal plane it points to the body's left (+X)

    def signed_distance_mm(self, points) -> np.ndarray | float:
        return (np.asarray(points, float) - self.point) @ self.normal


@dataclass(frozen=True)
class Landmarks:
    points: Mapping[str, np.ndarray]  # landmark id -> (3,) mm
    midsagittal: Plane

    def __getitem__(self, landmark_id: str) -> np.ndarray:
        return self.points[landmark_id]

    def as_dict(self) -> dict[str, list[float]]:
        return {i: [round(float(v), 1) for v in self.points[i]] for i in LANDMARK_IDS}

    def lateral_sign(self, side: str) -> float:
        """+1 if lateral on ``side`` is +X (the left side), else -1."""
        return float(np.sign(self[f"asis_{side}"][0] - self.midsagittal.point[0]))


def _prominence(points: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Mean of the points whose score is within PROMINENCE_TOLERANCE_MM of the highest score."""
    return points[score >= score.max() - PROMINENCE_TOLERANCE_MM].mean(axis=0)


def _fit_sphere(points: np.ndarray) -> tuple[np.ndarray, float]:
    a = np.c_[2 * points, np.ones(len(points))]
    solution, *_ = np.linalg.lstsq(a, (points**2).sum(axis=1), rcond=None)
    centre = solution[:3]
    return centre, float(np.sqrt(solution[3] + centre @ centre))


def femoral_head_centre(femur: SurfaceMesh) -> np.ndarray:
    """Femoral head centre: the centre of the sphere best fitting the head of the femur."""
    p = femur.points
    top = p[p[:, 2].argmax()]
    centre, radius = _fit_sphere(p[np.linalg.norm(p - top, axis=1) < HEAD_SEED_RADIUS_MM])
    for _ in range(3):
        shell = np.abs(np.linalg.norm(p - centre, axis=1) - radius) < HEAD_SHELL_MM
        centre, radius = _fit_sphere(p[shell])
    return centre


def asis(hip_bone: SurfaceMesh, head_centre: np.ndarray) -> np.ndarray:
    """ASIS: the most anterior point of the ilium above the acetabulum."""
    p = hip_bone.points
    above = p[p[:, 2] > head_centre[2] + ASIS_ABOVE_HEAD_CENTRE_MM]
    return _prominence(above, -above[:, 1])


def pubic_tubercle(
    hip_bone: SurfaceMesh, head_centre: np.ndarray, medial_sign: float
) -> np.ndarray:
    """Pubic tubercle: the most anterior point of the pubic bone, below and medial to the hip joint."""
    p = hip_bone.points
    region = p[(p[:, 2] < head_centre[2]) & ((p[:, 0] - head_centre[0]) * medial_sign > 0)]
    return _prominence(region, -region[:, 1])


def pubic_symphysis(right: SurfaceMesh, left: SurfaceMesh) -> np.ndarray:
    """Pubic symphysis: the front of the upper border of the joint between the two pubic bones."""
    from scipy.spatial import cKDTree

    # Only the parts of each bone that reach across toward the other can form the joint.
    reach = SYMPHYSIS_REACH_MM
    a = right.points[right.points[:, 0] > left.points[:, 0].min() - reach]
    b = left.points[left.points[:, 0] < right.points[:, 0].max() + reach]
    gap_a, _ = cKDTree(b).query(a)
    gap_b, _ = cKDTree(a).query(b)
    gap = min(gap_a.min(), gap_b.min())
    joint = np.r_[a[gap_a < gap + SYMPHYSIS_JOINT_MM], b[gap_b < gap + SYMPHYSIS_JOINT_MM]]
    top = joint[joint[:, 2] > joint[:, 2].max() - SYMPHYSIS_TOP_MM]
    return _prominence(top, -top[:, 1])


def iliac_crest_highest(hip_bone: SurfaceMesh) -> np.ndarray:
    """Iliac crest highest point: the most superior point of the iliac crest."""
    return _prominence(hip_bone.points, hip_bone.points[:, 2])


def _slice_centres(points: np.ndarray, z_low: float, z_high: float) -> np.ndarray:
    edges = np.arange(z_low, z_high, SLICE_MM)
    centres = [points[(points[:, 2] >= z) & (points[:, 2] < z + SLICE_MM)] for z in edges]
    return np.array([c.mean(axis=0) for c in centres if len(c)])


def lesser_trochanter(
    femur: SurfaceMesh, head_centre: np.ndarray, medial_sign: float
) -> np.ndarray:
    """Lesser trochanter: the most posteromedial point of the femur below its neck (iliopsoas insertion)."""
    p = femur.points
    near, far = SHAFT_BAND_BELOW_HEAD_MM
    centres = _slice_centres(p, head_centre[2] - far, head_centre[2] - near)
    design = np.c_[centres[:, 2], np.ones(len(centres))]
    axis, *_ = np.linalg.lstsq(design, centres[:, :2], rcond=None)  # shaft X, Y as lines in Z
    top, bottom = LESSER_TROCHANTER_BAND_BELOW_HEAD_MM
    band = p[(p[:, 2] < head_centre[2] - top) & (p[:, 2] > head_centre[2] - bottom)]
    offset = band[:, :2] - np.c_[band[:, 2], np.ones(len(band))] @ axis
    posteromedial = offset[:, 0] * medial_sign + offset[:, 1]  # +Y is posterior
    return band[posteromedial.argmax()]


def umbilicus_level(
    l3: SurfaceMesh, l4: SurfaceMesh, linea_alba: SurfaceMesh, mid_x: float
) -> np.ndarray:
    """Umbilicus level (estimate): the linea alba's front at the L3/L4 disc, the usual adult level."""

    def body(points: np.ndarray) -> np.ndarray:
        front, back = points[:, 1].min(), points[:, 1].max()
        return points[points[:, 1] < front + VERTEBRAL_BODY_FRACTION * (back - front)]

    disc_z = (body(l3.points)[:, 2].min() + body(l4.points)[:, 2].max()) / 2
    la = linea_alba.points
    level = la[np.abs(la[:, 2] - disc_z) < SLICE_MM / 2]
    if not len(level):
        raise UserError("the linea alba mesh does not reach the L3/L4 disc level")
    return np.array([mid_x, level[:, 1].min(), disc_z])


def mid_inguinal_point(asis_point: np.ndarray, symphysis: np.ndarray) -> np.ndarray:
    """Mid-inguinal point: midway between the ASIS and the pubic symphysis."""
    return (asis_point + symphysis) / 2


def midsagittal_plane(pairs: list[tuple[np.ndarray, np.ndarray]]) -> Plane:
    """Midsagittal plane: the plane of symmetry of paired right/left landmarks."""
    across = sum(left - right for right, left in pairs)
    normal = across / np.linalg.norm(across)
    point = np.mean([(right + left) / 2 for right, left in pairs], axis=0)
    return Plane(point, normal)


DEFINITIONS: dict[str, str] = {
    f"{name}{suffix}": (function.__doc__ or "").split("\n")[0]
    for name, function, suffixes in (
        ("asis", asis, ("_right", "_left")),
        ("pubic_tubercle", pubic_tubercle, ("_right", "_left")),
        ("pubic_symphysis", pubic_symphysis, ("",)),
        ("mid_inguinal", mid_inguinal_point, ("_right", "_left")),
        ("iliac_crest", iliac_crest_highest, ("_right", "_left")),
        ("femoral_head", femoral_head_centre, ("_right", "_left")),
        ("lesser_trochanter", lesser_trochanter, ("_right", "_left")),
        ("umbilicus_level", umbilicus_level, ("",)),
    )
    for suffix in suffixes
}


def require(meshes: Mapping[str, SurfaceMesh], ids) -> None:
    missing = [i for i in ids if i not in meshes]
    if missing:
        raise UserError(f"missing meshes needed for landmarks and zones: {', '.join(missing)}")


def compute_landmarks(meshes: Mapping[str, SurfaceMesh]) -> Landmarks:
    """Measure every landmark in ``LANDMARK_IDS`` and the midsagittal plane on the meshes."""
    require(meshes, REQUIRED_MESHES)
    heads = {s: femoral_head_centre(meshes[f"femur_{s}"]) for s in SIDES}
    found: dict[str, np.ndarray] = {}
    for side, other in (("right", "left"), ("left", "right")):
        medial_sign = float(np.sign(heads[other][0] - heads[side][0]))
        bone = meshes[f"hip_bone_{side}"]
        found[f"femoral_head_{side}"] = heads[side]
        found[f"asis_{side}"] = asis(bone, heads[side])
        found[f"pubic_tubercle_{side}"] = pubic_tubercle(bone, heads[side], medial_sign)
        found[f"iliac_crest_{side}"] = iliac_crest_highest(bone)
        found[f"lesser_trochanter_{side}"] = lesser_trochanter(
            meshes[f"femur_{side}"], heads[side], medial_sign
        )
    symphysis = pubic_symphysis(meshes["hip_bone_right"], meshes["hip_bone_left"])
    found["pubic_symphysis"] = symphysis
    for side in SIDES:
        found[f"mid_inguinal_{side}"] = mid_inguinal_point(found[f"asis_{side}"], symphysis)
    paired = ("asis", "pubic_tubercle", "iliac_crest", "femoral_head", "lesser_trochanter")
    plane = midsagittal_plane([(found[f"{n}_right"], found[f"{n}_left"]) for n in paired])
    found["umbilicus_level"] = umbilicus_level(
        meshes["vertebra_l3"], meshes["vertebra_l4"], meshes["linea_alba"], float(plane.point[0])
    )
    return Landmarks({i: found[i] for i in LANDMARK_IDS}, plane)
