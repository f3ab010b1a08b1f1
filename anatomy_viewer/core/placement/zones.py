"""Where the tool tip may go: the zone rules, and the zone map made by sampling the wall with them.

    tip (X, Z) on the wall --surface rules--> hip_crease, midline, nerve (LFCN crossing band)
    press line from the tip --line rules--> artery, vein, nerve (femoral), bone, no_target
    none of them and the line reaches psoas or iliacus --> safe

The placement checker and the zone map use the same rules, so a zone on screen and a check at the
same point always agree. Every margin below is a named constant with its reason (sources: DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..anatomy.landmarks import Landmarks
from ..anatomy.meshes import SurfaceMesh
from ..anatomy.nerves import LFCN_BAND_ABOVE_LIGAMENT_MM, LFCN_MEDIAL_TO_ASIS_MEAN_MM, lfcn_band_mm
from ..vocabulary import CAUTION_CODES, DANGER_CODES, SIDES, ZONE_CODES
from .press_line import press_reach_mm

# A blunt tip is roughly 1-2 cm across and pushes the tissue around its line aside: a vessel within
# 1 cm of the press line is under the tip. (Issue 3 default; the pulse rule in DOMAIN.md.)
VESSEL_MARGIN_MM = 10.0
# The same footprint for the derived femoral nerve path (the groove between psoas and iliacus).
NERVE_MARGIN_MM = 10.0
# The hip crease is the fold at the inguinal ligament; keeping the tip's centre this far above the
# ligament's upper edge keeps the whole tip off it (half of a 2 cm tip).
HIP_CREASE_MARGIN_MM = 10.0
# The linea alba (about 1.5 cm wide on these meshes) plus a tip's width either side; the aorta and
# vena cava behind it lie within about 2 cm of the midline below the umbilicus on these meshes.
MIDLINE_HALF_WIDTH_MM = 25.0
ZONE_GRID_MM = 4.0  # zone map sampling step on the wall
LIGAMENT_EDGE_STEP_MM = 4.0  # the ligament's upper edge is traced in steps of this along X

# The danger vessels: aorta, common/external iliac and femoral arteries; vena cava and iliac
# veins. The internal iliac arteries dive into the true pelvis, out of the tool's way (still reported).
DANGER_ARTERY_PREFIXES = ("aorta", "common_iliac_artery", "external_iliac_artery", "femoral_artery")
DANGER_VEIN_PREFIXES = ("inferior_vena_cava", "common_iliac_vein", "external_iliac_vein",
                        "internal_iliac_vein")  # fmt: skip
PRIORITY = (*DANGER_CODES, *CAUTION_CODES, "safe")  # a zone-map cell shows its first code


@dataclass(frozen=True)
class Reason:
    """Why a zone code applies. ``clearance_mm`` is what the rule measured: artery, vein, femoral
    nerve: press line to the structure; hip_crease: height above the ligament's upper edge (negative
    below); midline: distance from the midsagittal plane; LFCN nerve: distance to its mean crossing
    point; bone: tip to the bone; safe: press line to the nearest artery; no_target: None."""

    code: str  # one of vocabulary.ZONE_CODES
    structure: str | None  # structure id (mesh or derived nerve, e.g. femoral_nerve_right)
    clearance_mm: float | None


def verdict_of(reasons: list[Reason]) -> str:
    codes = {r.code for r in reasons}
    if codes & set(DANGER_CODES):
        return "danger"
    if codes & set(CAUTION_CODES):
        return "caution"
    return "safe"


class ZoneRules:
    """The rules, measured once from the meshes: ligament edges, LFCN bands, the midline."""

    def __init__(self, meshes: Mapping[str, SurfaceMesh], landmarks: Landmarks):
        self.landmarks = landmarks
        self.ligament_edge = {s: self._upper_edge(meshes[f"inguinal_ligament_{s}"]) for s in SIDES}

    @staticmethod
    def _upper_edge(ligament: SurfaceMesh) -> tuple[np.ndarray, np.ndarray]:
        p = ligament.points
        key = np.floor((p[:, 0] - p[:, 0].min()) / LIGAMENT_EDGE_STEP_MM).astype(int)
        top = np.full(key.max() + 1, -np.inf)
        np.maximum.at(top, key, p[:, 2])
        xs = p[:, 0].min() + (np.arange(len(top)) + 0.5) * LIGAMENT_EDGE_STEP_MM
        keep = np.isfinite(top)
        return xs[keep], top[keep]

    def height_above_ligament(self, side: str, x, z):
        """Z above the ligament's upper edge (negative below); NaN lateral to the ligament's end.
        Medial to its pubic end the edge continues at the pubic tubercle's level (pubic crest)."""
        xs, top = self.ligament_edge[side]
        lateral = self.landmarks.lateral_sign(side)
        x = np.asarray(x, float)
        beyond = (x - xs[np.argmax(xs * lateral)]) * lateral > 0
        return np.where(beyond, np.nan, np.asarray(z, float) - np.interp(x, xs, top))

    def lfcn_position(self, side: str, x, z):
        """(distance medial to the ASIS along the ligament, distance to the mean crossing point)."""
        asis = self.landmarks[f"asis_{side}"][[0, 2]]
        tubercle = self.landmarks[f"pubic_tubercle_{side}"][[0, 2]]
        along = (tubercle - asis) / np.linalg.norm(tubercle - asis)
        rel = np.stack([np.asarray(x, float) - asis[0], np.asarray(z, float) - asis[1]], axis=-1)
        medial = rel @ along
        crossing_x = asis[0] + along[0] * LFCN_MEDIAL_TO_ASIS_MEAN_MM
        crossing_z = float(np.interp(crossing_x, *self.ligament_edge[side]))
        to_crossing = np.hypot(np.asarray(x) - crossing_x, np.asarray(z) - crossing_z)
        return medial, to_crossing

    def midline_offset_mm(self, x, z):
        """Signed distance from the midsagittal plane (+ toward the body's left), in the wall's
        coronal view (the plane is upright to within a fraction of a degree on these meshes)."""
        plane = self.landmarks.midsagittal
        return (np.asarray(x, float) - plane.point[0]) * plane.normal[0] + (
            np.asarray(z, float) - plane.point[2]
        ) * plane.normal[2]

    def surface_flags(self, side: str, x, z) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Rules that depend on the tip's place only: code -> (applies, clearance_mm)."""
        above = self.height_above_ligament(side, x, z)
        midline = np.abs(self.midline_offset_mm(x, z))
        medial, to_crossing = self.lfcn_position(side, x, z)
        low, high = lfcn_band_mm()
        in_band = (medial >= low) & (medial <= high) & ~(above > LFCN_BAND_ABOVE_LIGAMENT_MM)
        return {
            "hip_crease": (np.nan_to_num(above, nan=np.inf) <= HIP_CREASE_MARGIN_MM, above),
            "midline": (midline <= MIDLINE_HALF_WIDTH_MM, midline),
            "nerve": (in_band & ~np.isnan(above), to_crossing),
        }

    def surface_reasons(self, side: str, x: float, z: float) -> list[Reason]:
        flags = self.surface_flags(side, x, z)
        names = {
            "hip_crease": f"inguinal_ligament_{side}",
            "midline": "linea_alba",
            "nerve": f"lateral_femoral_cutaneous_nerve_{side}",
        }
        return [
            Reason(code, names[code], round(float(clearance), 1))
            for code, (applies, clearance) in flags.items()
            if bool(applies)
        ]


def is_danger_artery(structure_id: str) -> bool:
    return structure_id.startswith(DANGER_ARTERY_PREFIXES)


def is_danger_vein(structure_id: str) -> bool:
    return structure_id.startswith(DANGER_VEIN_PREFIXES)


def line_code(structure_id: str) -> tuple[str, float] | None:
    """The zone code a structure near the press line raises, with its margin (None: no rule)."""
    if is_danger_artery(structure_id):
        return "artery", VESSEL_MARGIN_MM
    if is_danger_vein(structure_id):
        return "vein", VESSEL_MARGIN_MM
    if structure_id.startswith("femoral_nerve"):
        return "nerve", NERVE_MARGIN_MM
    return None


def line_reasons(target, blocked_by, near: Mapping[str, float], stop_mm=None) -> list[Reason]:
    """Rules on the press line: ``near`` maps vessel and derived nerve ids to segment clearance;
    ``stop_mm`` is how far the line went before it stopped (for the bone reason)."""
    reasons = []
    for structure, clearance in sorted(near.items(), key=lambda item: item[1]):
        rule = line_code(structure)
        if rule is not None and clearance < rule[1]:
            reasons.append(Reason(rule[0], structure, round(clearance, 1)))
    if blocked_by is not None:
        reasons.append(Reason("bone", blocked_by, None if stop_mm is None else round(stop_mm, 1)))
    elif target is None:
        reasons.append(Reason("no_target", None, None))
    return reasons


def sort_reasons(reasons: list[Reason]) -> list[Reason]:
    return sorted(reasons, key=lambda r: PRIORITY.index(r.code))


@dataclass(frozen=True)
class ZoneMap:
    """Zones sampled on the wall every ``step_mm``: ``code`` holds each cell's first code by PRIORITY
    (index into vocabulary.ZONE_CODES, -1 off the wall); ``flags[code]`` every cell a code applies to."""

    xs: np.ndarray
    zs: np.ndarray
    step_mm: float
    pivot_deg: float
    code: np.ndarray  # (len(zs), len(xs)) int8
    flags: dict[str, np.ndarray]

    def cells(self, code: str) -> np.ndarray:
        return self.code == ZONE_CODES.index(code)

    def same_zones(self, other: ZoneMap) -> bool:
        """The same codes in the same cells (a map of a thicker wall usually is: at pivot 0 the
        press line from the skin moved forward is the same line, only longer in front)."""
        return (
            self.code.shape == other.code.shape
            and np.array_equal(self.code, other.code)
            and all(np.array_equal(self.flags[c], other.flags[c]) for c in self.flags)
        )

    def area_mm2(self, code: str) -> float:
        return float(self.cells(code).sum() * self.step_mm**2)

    def centroid(self, code: str, side: str | None = None, midline_x: float = 0.0) -> np.ndarray:
        """Mean (X, Z) of the cells showing ``code``; ``side`` keeps one half (about ``midline_x``)."""
        rows, cols = np.nonzero(self.cells(code))
        x, z = self.xs[cols], self.zs[rows]
        if side is not None:
            keep = (x < midline_x) if side == "right" else (x > midline_x)
            x, z = x[keep], z[keep]
        return np.array([x.mean(), z.mean()]) if len(x) else np.full(2, np.nan)

    def code_at(self, x_mm: float, z_mm: float) -> str | None:
        col = int(round((x_mm - self.xs[0]) / self.step_mm))
        row = int(round((z_mm - self.zs[0]) / self.step_mm))
        if not (0 <= row < len(self.zs) and 0 <= col < len(self.xs)) or self.code[row, col] < 0:
            return None
        return ZONE_CODES[self.code[row, col]]


def build_zone_map(wall, caster, rules: ZoneRules, pivot_deg: float = 0.0,
                   step_mm: float = ZONE_GRID_MM) -> ZoneMap:  # fmt: skip
    """Classify every ``step_mm`` grid point of the wall, both sides, with the press at ``pivot_deg``."""
    reach_mm = press_reach_mm(wall.wall_mm)
    xs, zs, on_wall = wall.sample(step_mm)
    code = np.full(on_wall.shape, -1, dtype=np.int8)
    flags = {c: np.zeros(on_wall.shape, bool) for c in ZONE_CODES}
    margin = max(VESSEL_MARGIN_MM, NERVE_MARGIN_MM)
    for row, z in enumerate(zs):
        for side in SIDES:
            offset = rules.midline_offset_mm(xs, z) * rules.landmarks.lateral_sign(side)
            cols = np.flatnonzero(on_wall[row] & (offset > 0 if side == "left" else offset >= 0))
            if not len(cols):
                continue
            x = xs[cols]
            tips = np.c_[x, wall.height_mm(x, np.full(len(x), z)), np.full(len(x), z)]
            targets, blocked, near = caster.cast_row(side, tips, pivot_deg, margin, reach_mm)
            found = {c: np.zeros(len(cols), bool) for c in ZONE_CODES}
            for c, (applies, _) in rules.surface_flags(side, x, np.full(len(x), z)).items():
                found[c] |= applies
            for structure, clearance in near.items():
                rule = line_code(structure)
                if rule is not None:
                    found[rule[0]] |= clearance < rule[1]
            is_blocked = np.array([b is not None for b in blocked])
            found["bone"] |= is_blocked
            found["no_target"] |= ~is_blocked & np.array([t is None for t in targets])
            found["safe"] = ~np.any([found[c] for c in ZONE_CODES if c != "safe"], axis=0)
            first = np.full(len(cols), -1, dtype=np.int8)
            for c in reversed(PRIORITY):
                flags[c][row, cols] = found[c]
                first[found[c]] = ZONE_CODES.index(c)
            code[row, cols] = first
    return ZoneMap(xs, zs, step_mm, float(pivot_deg), code, flags)
