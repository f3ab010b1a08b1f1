"""The press line: from the tool tip on the wall into the body, along the direction the pivot sets.

    tip (on the wall) + pivot_deg --> direction (horizontal) --> first psoas/iliacus of that side, or a
    bone in the way, or nothing within the reach (press_reach_mm) --> segment tip..stop --> clearance
    to every artery, vein and derived nerve path (exact to about 1 mm; a clearance above
    CLEARANCE_HORIZON_MM only means "farther than that": vessel parts beyond it are left out)

Pivot: degrees about the body's superior (+Z) axis; 0 = straight posterior (+Y), positive = toward
lateral (into the iliac fossa; lateral is -X on the right side, +X on the left), negative = medial.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..anatomy.landmarks import Landmarks, require
from ..anatomy.meshes import SurfaceMesh
from ..anatomy.nerves import densify, femoral_nerve_path
from ..anatomy.wall_thickness import DEFAULT_WALL_MM
from ..vocabulary import SIDES
from .fast_geometry import SlabRayCaster, SurfaceSamples, sample_surface

TARGET_MUSCLES = ("psoas_major", "iliacus")  # + _right / _left: what the tool is for (DOMAIN.md)
BONES = (
    "hip_bone_right",
    "hip_bone_left",
    "sacrum",
    "vertebra_l1",
    "vertebra_l2",
    "vertebra_l3",
    "vertebra_l4",
    "vertebra_l5",
    "femur_right",
    "femur_left",
)
# How far the press line reaches behind the wall's inner face (the anchors): long enough to reach the
# lumbar spine from anywhere on the derived wall (it lies under 10 cm behind the skin of a 10 mm wall),
# so a line that meets nothing has truly passed beside the pelvis and spine, not stopped short. A
# thicker wall adds its extra thickness to the reach.
REACH_BEHIND_WALL_MM = 140.0
# Vessel parts farther than this in height from the wall's height range are left out: a horizontal
# press line cannot come nearer to them than that, so clearances up to it stay exact.
CLEARANCE_HORIZON_MM = 150.0


def press_reach_mm(wall_mm: float) -> float:
    """How far a press line from the skin of a ``wall_mm`` thick wall goes before it gives up."""
    return float(wall_mm) + REACH_BEHIND_WALL_MM


def _crop(mesh: SurfaceMesh, z_low: float, z_high: float) -> SurfaceMesh:
    """The triangles of ``mesh`` within CLEARANCE_HORIZON_MM of the wall's height range."""
    z = mesh.points[mesh.faces][:, :, 2]
    keep = (z.max(axis=1) >= z_low - CLEARANCE_HORIZON_MM) & (
        z.min(axis=1) <= z_high + CLEARANCE_HORIZON_MM
    )
    return SurfaceMesh(mesh.points, mesh.faces[keep], mesh.normals)


def is_artery(structure_id: str) -> bool:
    return "artery" in structure_id or structure_id == "aorta"


def is_vein(structure_id: str) -> bool:
    return "vein" in structure_id or "vena_cava" in structure_id


def press_direction(pivot_deg: float, lateral_sign: float) -> np.ndarray:
    """Unit direction of the press: +Y turned toward lateral (``lateral_sign`` = sign of X) by pivot."""
    angle = np.radians(pivot_deg)
    return np.array([lateral_sign * np.sin(angle), np.cos(angle), 0.0])


@dataclass(frozen=True)
class PressLine:
    side: str
    pivot_deg: float
    tip: np.ndarray  # (3,) on the wall
    direction: np.ndarray  # (3,) unit, horizontal
    end: np.ndarray  # where the line stops: the target's surface, a bone, or the reach limit
    target: str | None  # psoas_major_<side> / iliacus_<side>, or None
    depth_mm: float | None  # tip to target surface
    blocked_by: str | None  # the bone met before any target muscle
    stop_mm: float  # tip to where the line stops (target, bone, or the reach)
    clearances_mm: dict[str, float] = field(default_factory=dict)  # vessel id -> mm (segment)
    nerve_clearances_mm: dict[str, float] = field(default_factory=dict)  # derived nerve id -> mm


class PressLineCaster:
    """Set up once from the meshes; casts press lines for either side in well under a millisecond."""

    def __init__(
        self, meshes: Mapping[str, SurfaceMesh], landmarks: Landmarks, z_low: float, z_high: float
    ):
        targets = [f"{m}_{s}" for m in TARGET_MUSCLES for s in SIDES]
        require(meshes, (*targets, *BONES))
        self.landmarks = landmarks
        self.z_low, self.z_high = float(z_low), float(z_high)
        self.caster = SlabRayCaster([(i, meshes[i]) for i in (*targets, *BONES)], z_low, z_high)
        # A side's press line can reach that side's psoas and iliacus, and any bone.
        self.reachable = {
            side: self.caster.mask([*(f"{m}_{side}" for m in TARGET_MUSCLES), *BONES])
            for side in SIDES
        }
        self.vessel_ids = tuple(i for i in meshes if is_artery(i) or is_vein(i))
        self.nerve_paths = {
            f"femoral_nerve_{side}": femoral_nerve_path(
                meshes[f"psoas_major_{side}"], meshes[f"iliacus_{side}"], z_low, z_high
            )
            for side in SIDES
        }
        self.nerve_ids = tuple(i for i, p in self.nerve_paths.items() if len(p))
        self.samples = SurfaceSamples(
            {i: sample_surface(_crop(meshes[i], z_low, z_high)) for i in self.vessel_ids}
            | {i: densify(self.nerve_paths[i]) for i in self.nerve_ids}
        )

    def direction(self, side: str, pivot_deg: float) -> np.ndarray:
        return press_direction(pivot_deg, self.landmarks.lateral_sign(side))

    def _stop(self, side: str, tips: np.ndarray, direction: np.ndarray, reach_mm: float):
        distance, owners = self.caster.cast(tips, direction, reach_mm, self.reachable[side])
        reach = np.where(np.isfinite(distance), distance, reach_mm)
        ends = tips + reach[:, None] * direction
        targets = [o if o is not None and o not in BONES else None for o in owners]
        blocked = [o if o in BONES else None for o in owners]
        return ends, distance, targets, blocked

    def cast(
        self, side: str, tip: np.ndarray, pivot_deg: float = 0.0, reach_mm: float | None = None
    ) -> PressLine:
        """One press line with its clearance to every vessel and derived nerve path; ``reach_mm``:
        see ``press_reach_mm`` (default: the reach from the default wall)."""
        reach_mm = press_reach_mm(DEFAULT_WALL_MM) if reach_mm is None else float(reach_mm)
        direction = self.direction(side, pivot_deg)
        tip = np.asarray(tip, float)
        ends, distance, targets, blocked = self._stop(side, tip[None, :], direction, reach_mm)
        end = ends[0]
        found = self.samples.distances_to_segment(tip, end)
        clearances = {i: found[i] for i in self.vessel_ids}
        nerves = {i: found[i] for i in self.nerve_ids}
        return PressLine(
            side,
            float(pivot_deg),
            tip,
            direction,
            end,
            targets[0],
            float(distance[0]) if targets[0] else None,
            blocked[0],
            float(min(distance[0], reach_mm)),
            clearances,
            nerves,
        )

    def nearest_point(self, structure: str, tip: np.ndarray, end: np.ndarray) -> np.ndarray:
        """The point of a vessel or derived nerve nearest to the press line tip..end."""
        return self.samples.nearest_sample(
            structure, np.asarray(tip, float), np.asarray(end, float)
        )

    def cast_row(
        self, side: str, tips: np.ndarray, pivot_deg: float, within_mm: float, reach_mm: float
    ):
        """Many press lines from tips at one height (a zone-map row).

        Returns (targets, blocked_by, near) where ``near[structure id]`` is an array of segment
        distances, inf where the structure is not within ``within_mm``.
        """
        direction = self.direction(side, pivot_deg)
        ends, _, targets, blocked = self._stop(side, tips, direction, reach_mm)
        return targets, blocked, self.samples.near_segments(tips, ends, within_mm)
