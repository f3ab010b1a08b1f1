"""The placement checker: one set-up object from the core meshes, then fast checks of a tool placement.

    PlacementChecker.from_meshes(meshes)   landmarks -> derived wall -> press-line caster -> zone rules
        .check(side, x_mm, z_mm, pivot_deg)  -> Placement (verdict, reasons with plain words, target)
        .verdict_at(x_mm, z_mm)              -> Placement or None (for hover; side from the midline)
        .zone_map(pivot_deg)                 -> ZoneMap (cached per pivot)

Messages trace to DOMAIN.md: the pulse rule, the nerve-pain rule, the hip crease, the midline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..anatomy.body_wall import BodyWall
from ..anatomy.catalogue import Catalogue
from ..anatomy.landmarks import Landmarks, compute_landmarks
from ..anatomy.meshes import SurfaceMesh
from ..anatomy.nerves import LFCN_RANGE_CM
from ..errors import UserError
from ..vocabulary import SIDES
from .press_line import PressLine, PressLineCaster, is_artery
from .zones import (
    MIDLINE_HALF_WIDTH_MM,
    ZoneMap,
    ZoneRules,
    build_zone_map,
    line_reasons,
    sort_reasons,
    verdict_of,
)

PIVOT_LIMIT_DEG = 90.0  # beyond a quarter turn the tip would point forward, out of the body
NERVE_PAIN_RULE = "sharp, radiating, burning or electric pain means a nerve is irritated: stop"
STRUCTURE_WORDS = {"aorta": "abdominal aorta", "femur": "thigh bone (femur)"}


def plain_name(structure_id: str) -> str:
    """``external_iliac_artery_right`` -> ``right external iliac artery``; ``vertebra_l5`` -> ``L5
    vertebra (the spine)``."""
    base, _, side = structure_id.rpartition("_")
    if side not in SIDES:
        base, side = structure_id, ""
    if base.startswith("vertebra_"):
        return f"{base.split('_')[1].upper()} vertebra (the spine)"
    return f"{side} {STRUCTURE_WORDS.get(base, base.replace('_', ' '))}".strip()


@dataclass(frozen=True)
class PlacementReason:
    code: str
    structure: str | None
    clearance_mm: float | None
    message: str


@dataclass(frozen=True)
class Placement:
    side: str
    pivot_deg: float
    tip: np.ndarray
    verdict: str  # vocabulary.VERDICTS
    reasons: tuple[PlacementReason, ...]
    target: str | None
    target_depth_mm: float | None
    clearances_mm: dict[str, float]
    press_line: PressLine

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "side": self.side,
            "pivot_deg": self.pivot_deg,
            "reasons": [
                {
                    "code": r.code,
                    "structure": r.structure,
                    "clearance_mm": r.clearance_mm,
                    "message": r.message,
                }
                for r in self.reasons
            ],  # fmt: skip
            "target": self.target,
            "target_depth_mm": None
            if self.target_depth_mm is None
            else round(self.target_depth_mm, 1),
            "tip": [round(float(v), 1) for v in self.tip],
            "clearances_mm": {k: round(v, 1) for k, v in self.clearances_mm.items()},
        }


# The wall, the press line and the zones are measured on the catalogue's "core" structures, the
# teaching scene, never on whatever else happens to be loaded: the window (which loads the nearby
# "extra" muscles after its first frame), the commands and the handouts then all measure the same
# body. Measured with the extras too, the derived wall moved by up to 8 mm in front of the thigh
# muscles (sartorius, rectus femoris, tensor fasciae latae).
MEASURED_GROUP = "core"


class PlacementChecker:
    """Landmarks, the derived wall, the press-line caster and the zone rules, built once."""

    def __init__(self, meshes: Mapping[str, SurfaceMesh]):
        self.landmarks: Landmarks = compute_landmarks(meshes)
        self.wall = BodyWall.from_meshes(meshes, self.landmarks)
        outline = self.wall.outline
        self.caster = PressLineCaster(meshes, self.landmarks, outline.bottom_z.min(), outline.z_top)
        self.rules = ZoneRules(meshes, self.landmarks)
        self._zone_maps: dict[float, ZoneMap] = {}

    @classmethod
    def from_meshes(cls, meshes: Mapping[str, SurfaceMesh]) -> PlacementChecker:
        return cls(meshes)

    @classmethod
    def for_teaching_scene(
        cls, catalogue: Catalogue, meshes: Mapping[str, SurfaceMesh]
    ) -> PlacementChecker:
        """Measured on the teaching scene's structures only, whatever else is loaded."""
        return cls(
            {
                i: m
                for i, m in meshes.items()
                if i in catalogue and catalogue[i].group == MEASURED_GROUP
            }
        )

    def side_at(self, x_mm: float, z_mm: float) -> str:
        offset = float(self.rules.midline_offset_mm(x_mm, z_mm))
        return "left" if offset * self.landmarks.lateral_sign("left") > 0 else "right"

    def check(self, side: str, x_mm: float, z_mm: float, pivot_deg: float = 0.0) -> Placement:
        """The verdict for the tip at (X, Z) on ``side`` pressing at ``pivot_deg``; bad input -> UserError."""
        if side not in SIDES:
            raise UserError(f"side must be right or left, not {side!r}")
        if not math.isfinite(float(pivot_deg)) or abs(float(pivot_deg)) > PIVOT_LIMIT_DEG:
            raise UserError(f"pivot must be between -90 and 90 degrees, not {pivot_deg}")
        tip = self.wall.wall_point(x_mm, z_mm)
        offset = float(self.rules.midline_offset_mm(x_mm, z_mm)) * self.landmarks.lateral_sign(side)
        if offset < -MIDLINE_HALF_WIDTH_MM:
            raise UserError(
                f"X={x_mm:g} lies on the body's {'left' if side == 'right' else 'right'} half "
                f"(+X is the body's left): use --side {'left' if side == 'right' else 'right'}"
            )
        press = self.caster.cast(side, tip, pivot_deg)
        reasons = self.rules.surface_reasons(side, x_mm, z_mm) + line_reasons(
            press.target,
            press.blocked_by,
            {**press.clearances_mm, **press.nerve_clearances_mm},
            press.stop_mm,
        )
        reasons = sort_reasons(reasons)
        verdict = verdict_of(reasons)
        worded = tuple(self._explain(r, press, side, x_mm) for r in reasons)
        if verdict == "safe":
            worded = (self._explain_safe(press),)
        return Placement(
            side, float(pivot_deg), tip, verdict, worded, press.target, press.depth_mm,
            dict(press.clearances_mm), press,
        )  # fmt: skip

    def verdict_at(self, x_mm: float, z_mm: float, pivot_deg: float = 0.0) -> Placement | None:
        """For hover: the check at (X, Z) on whichever side of the midline it lies; None off the wall."""
        if not bool(self.wall.contains(x_mm, z_mm)):
            return None
        return self.check(self.side_at(x_mm, z_mm), x_mm, z_mm, pivot_deg)

    def zone_map(self, pivot_deg: float = 0.0) -> ZoneMap:
        key = round(float(pivot_deg), 3)
        if key not in self._zone_maps:
            self._zone_maps[key] = build_zone_map(self.wall, self.caster, self.rules, key)
        return self._zone_maps[key]

    # --- plain words --------------------------------------------------------------------------
    def _away_from(self, structure: str, press: PressLine, side: str) -> str:
        """'laterally' or 'medially': away from where the structure lies relative to the tip."""
        point = self.caster.nearest_point(structure, press.tip, press.end)
        lateral = self.landmarks.lateral_sign(side)
        return "medially" if (point[0] - press.tip[0]) * lateral > 0 else "laterally"

    def _explain(self, reason, press: PressLine, side: str, x_mm: float) -> PlacementReason:
        code, structure, mm = reason.code, reason.structure, reason.clearance_mm
        name = plain_name(structure) if structure else ""
        if code == "artery":
            away = self._away_from(structure, press, side)
            text = (
                f"over the {name} ({mm:.0f} mm from the press line): you would feel a pulse here; "
                f"move {away}"
            )
        elif code == "vein":
            away = self._away_from(structure, press, side)
            text = (
                f"over the {name} ({mm:.0f} mm from the press line), which runs beside its artery; "
                f"a vein gives no pulse to warn you: move {away}"
            )
        elif code == "hip_crease":
            text = (
                "in the hip crease (at or below the inguinal ligament): the femoral artery, vein and "
                "nerve pass here; never press here, move up above the ligament"
            )
        elif code == "midline":
            text = (
                "on the centre line of the abdomen (linea alba): the abdominal aorta and inferior vena "
                "cava run behind it; never press here, move out toward the hip bone"
            )
        elif code == "nerve" and structure.startswith("femoral_nerve"):
            text = (
                f"over the groove between psoas and iliacus, where the {side} femoral nerve runs "
                f"(derived path, {mm:.0f} mm away): go gently; {NERVE_PAIN_RULE}"
            )
        elif code == "nerve":
            low, high = LFCN_RANGE_CM
            text = (
                f"where the {side} lateral femoral cutaneous nerve usually crosses the inguinal ligament "
                f"(2.1 +/- 1.3 cm medial to the ASIS, range {low}-{high} cm): a caution, not a no-go; "
                f"{NERVE_PAIN_RULE}"
            )
        elif code == "bone":
            text = self._bone_words(structure, name)
        else:  # no_target
            text = (
                "the press line reaches neither psoas nor iliacus: nothing to release here; move "
                "toward the spot just inside (medial to) the ASIS"
            )
        return PlacementReason(code, structure, mm, text)

    @staticmethod
    def _bone_words(structure: str, name: str) -> str:
        if structure.startswith("hip_bone"):
            move = "slide the tip just inside (medial to) the bony rim, off the bone"
        elif structure.startswith("femur"):
            move = "this is below the hip crease: move up above the inguinal ligament"
        else:
            move = "this is the spine: move out from the centre toward the hip bone"
        return f"the press line meets the {name} before any hip flexor: you would press on bone; {move}"

    @staticmethod
    def _explain_safe(press: PressLine) -> PlacementReason:
        arteries = {k: v for k, v in press.clearances_mm.items() if is_artery(k)}
        nearest = min(arteries.values()) if arteries else None
        text = (
            f"on the {plain_name(press.target)} at {press.depth_mm:.0f} mm: deep, dull, 'good' discomfort "
            f"is expected; hold 30-90 s; if you feel a pulse, move; {NERVE_PAIN_RULE}"
        )
        return PlacementReason(
            "safe", press.target, None if nearest is None else round(nearest, 1), text
        )
