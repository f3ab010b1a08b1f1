"""The placement checker: one set-up object from the core meshes, then fast checks of a tool placement.

    PlacementChecker.from_meshes(meshes)   landmarks -> derived wall -> press-line caster -> zone rules
        .check(side, x_mm, z_mm, pivot_deg)  -> Placement (verdict, reasons with plain words, target)
        .verdict_at(x_mm, z_mm)              -> Placement or None (for hover; side from the midline)
        .zone_map(pivot_deg)                 -> ZoneMap (cached per pivot)
        .with_wall(wall_mm)                  -> the same checker on a thicker or thinner wall (cached;
                                                landmarks, caster and rules shared, the wall moved)
        .path(placement)                     -> PressPath: the layers the press line passes

Messages trace to DOMAIN.md: the pulse rule, the nerve-pain rule, the hip crease, the midline.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..anatomy.body_wall import BodyWall
from ..anatomy.catalogue import Catalogue
from ..anatomy.landmarks import Landmarks, compute_landmarks
from ..anatomy.meshes import SurfaceMesh
from ..anatomy.nerves import LFCN_RANGE_CM
from ..anatomy.wall_thickness import resolve_wall_mm
from ..errors import UserError
from ..vocabulary import SIDES
from .press_line import PressLine, PressLineCaster, is_artery, press_reach_mm
from .press_path import PathCaster, PressPath, nearest_vessel, press_path
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
    wall_mm: float  # the body wall thickness this placement assumes (wall_thickness.py)

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "side": self.side,
            "pivot_deg": self.pivot_deg,
            "wall_mm": round(self.wall_mm, 1),
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

    def __init__(self, meshes: Mapping[str, SurfaceMesh], wall_mm: float | None = None):
        self.landmarks: Landmarks = compute_landmarks(meshes)
        self.wall = BodyWall.from_meshes(meshes, self.landmarks, resolve_wall_mm(wall_mm))
        outline = self.wall.outline
        self.caster = PressLineCaster(meshes, self.landmarks, outline.bottom_z.min(), outline.z_top)
        self.rules = ZoneRules(meshes, self.landmarks)
        self._zone_maps: dict[float, ZoneMap] = {}
        # Shared by every thickness of this checker (with_wall copies keep the same dict).
        self._shared: dict = {"meshes": dict(meshes), "path_caster": None, "walls": {}}
        self._shared["walls"][self.wall.wall_mm] = self

    @classmethod
    def from_meshes(
        cls, meshes: Mapping[str, SurfaceMesh], wall_mm: float | None = None
    ) -> PlacementChecker:
        return cls(meshes, wall_mm)

    @classmethod
    def for_teaching_scene(
        cls, catalogue: Catalogue, meshes: Mapping[str, SurfaceMesh], wall_mm: float | None = None
    ) -> PlacementChecker:
        """Measured on the teaching scene's structures only, whatever else is loaded."""
        return cls(
            {
                i: m
                for i, m in meshes.items()
                if i in catalogue and catalogue[i].group == MEASURED_GROUP
            },
            wall_mm,
        )

    # --- the wall thickness -------------------------------------------------------------------
    @property
    def wall_mm(self) -> float:
        return self.wall.wall_mm

    def with_wall(self, wall_mm: float | None) -> PlacementChecker:
        """This checker on a body wall ``wall_mm`` thick (None: the default). Landmarks, the press
        line's geometry and the zone rules do not depend on it and are shared; the wall moves
        forward (wall_thickness.py), and the zone maps are cached per thickness. UserError when
        outside the sane range."""
        key = round(resolve_wall_mm(wall_mm), 1)
        walls = self._shared["walls"]
        if key not in walls:
            other = copy.copy(self)
            other.wall = self.wall.thickened(key)
            other._zone_maps = {}
            walls[key] = other
        return walls[key]

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
        press = self.caster.cast(side, tip, pivot_deg, press_reach_mm(self.wall.wall_mm))
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
            dict(press.clearances_mm), press, self.wall.wall_mm,
        )  # fmt: skip

    def verdict_at(self, x_mm: float, z_mm: float, pivot_deg: float = 0.0) -> Placement | None:
        """For hover: the check at (X, Z) on whichever side of the midline it lies; None off the wall."""
        if not bool(self.wall.contains(x_mm, z_mm)):
            return None
        return self.check(self.side_at(x_mm, z_mm), x_mm, z_mm, pivot_deg)

    def cached_zone_map(self, pivot_deg: float = 0.0) -> ZoneMap | None:
        """The zone map if it has been made already (making one takes about half a second)."""
        return self._zone_maps.get(round(float(pivot_deg), 3))

    def zone_map(self, pivot_deg: float = 0.0) -> ZoneMap:
        """Every cell of the wall classified with the press at ``pivot_deg`` (cached; safe to call
        from a worker thread: it only reads what the checker measured)."""
        key = round(float(pivot_deg), 3)
        if key not in self._zone_maps:
            self._zone_maps[key] = build_zone_map(self.wall, self.caster, self.rules, key)
        return self._zone_maps[key]

    def path(self, placement: Placement) -> PressPath:
        """The layers ``placement``'s press line passes, and its nearest vessel (press_path.py).
        The crossings are found on every mesh this checker measures (set up on first use)."""
        shared = self._shared
        last = shared.get("last_path")
        if last is not None and last[0] is placement:
            # The same placement asked again: the view's depth diagram and the panel's both draw
            # each placement of a drag (1 ms each time).
            return last[1]
        if shared["path_caster"] is None:
            outline = self.wall.outline
            shared["path_caster"] = PathCaster(
                self.caster, shared["meshes"], outline.bottom_z.min(), outline.z_top
            )
        press = placement.press_line
        vessel = nearest_vessel(press)
        if vessel is not None and not math.isfinite(press.clearances_mm[vessel]):
            vessel = None  # every vessel farther than the clearance horizon
        points = (
            {}
            if vessel is None
            else {vessel: self.caster.nearest_point(vessel, press.tip, press.end)}
        )
        wall = self.with_wall(placement.wall_mm).wall
        path = press_path(press, wall, shared["path_caster"].crossings(press), points)
        shared["last_path"] = (placement, path)
        return path

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
