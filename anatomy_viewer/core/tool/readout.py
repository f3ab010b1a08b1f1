"""The pivot readout in words: what the tip presses on, how deep, the nearest vessel, the verdict.

    Placement (core/placement/checker.py) --readout()--> ToolReadout
    ToolReadout --lines()--> text for the panel and the view

One wording for the Qt panel, the text in the 3D view and off-screen images, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..anatomy.wall_thickness import DEFAULT_WALL_MM, wall_words
from ..placement.checker import Placement, plain_name
from ..placement.press_line import is_artery, is_vein

# Pivot angles closer to 0 than this read as "straight back": the slider's step is 1 degree.
STRAIGHT_BACK_DEG = 0.5
# One short line per reason code for the view's corner (the panel shows the checker's full words).
SHORT_WARNINGS = {
    "artery": "ARTERY under the press line: you would feel a pulse - move off it",
    "vein": "VEIN under the press line (no pulse to warn you): move off it",
    "hip_crease": "HIP CREASE: never press here",
    "midline": "MIDLINE: aorta and vena cava behind - never press here",
    "nerve": "NERVE nearby: go gently; stop at sharp or electric pain",
    "bone": "BONE first: slide the tip off the bony rim",
    "no_target": "NO TARGET: nothing to release here",
}


@dataclass(frozen=True)
class ToolReadout:
    verdict: str  # safe / caution / danger
    side: str
    pivot_deg: float
    target: str | None  # structure id the press line reaches, or None
    depth_mm: float | None
    nearest_vessel: str | None
    nearest_vessel_mm: float | None
    headline: str  # "SAFE: right iliacus, 46 mm deep"
    advice: str  # the checker's first reason, in plain words
    codes: tuple[str, ...] = ()  # the checker's reason codes, most serious first
    wall_mm: float = DEFAULT_WALL_MM  # the body wall thickness the depth assumes

    @property
    def artery_warning(self) -> bool:
        """The press line runs onto an artery: the pulse rule (DOMAIN.md)."""
        return "artery" in self.codes


def pivot_words(pivot_deg: float) -> str:
    """``-20`` -> ``pivot -20 deg: tip toward the midline (medial)``."""
    if abs(pivot_deg) < STRAIGHT_BACK_DEG:
        return "pivot 0 deg: pressing straight back"
    toward = "the hip bone (lateral)" if pivot_deg > 0 else "the midline (medial)"
    return f"pivot {pivot_deg:+.0f} deg: tip toward {toward}"


def readout(placement: Placement) -> ToolReadout:
    vessels = {k: v for k, v in placement.clearances_mm.items() if is_artery(k) or is_vein(k)}
    nearest = min(vessels, key=vessels.get) if vessels else None
    target = placement.target
    if target is not None:
        reached = f"{plain_name(target)}, {placement.target_depth_mm:.0f} mm deep"
    elif placement.press_line.blocked_by is not None:
        reached = f"bone first ({plain_name(placement.press_line.blocked_by)})"
    else:
        reached = "no hip flexor reached"
    advice = placement.reasons[0].message if placement.reasons else ""
    return ToolReadout(
        verdict=placement.verdict,
        side=placement.side,
        pivot_deg=placement.pivot_deg,
        target=target,
        depth_mm=placement.target_depth_mm,
        nearest_vessel=nearest,
        nearest_vessel_mm=None if nearest is None else float(vessels[nearest]),
        headline=f"{placement.verdict.upper()}: {reached}",
        advice=advice,
        codes=tuple(r.code for r in placement.reasons),
        wall_mm=placement.wall_mm,
    )


def wall_line(wall_mm: float) -> str:
    """``body wall 18 mm (lean), schematic``: which thickness a depth or a picture assumes."""
    return f"body {wall_words(wall_mm)}, schematic"


def lines(value: ToolReadout) -> list[str]:
    """Short lines for the view's corner: headline, vessel, pivot, the wall thickness the depth
    assumes, and the warning when there is one."""
    out = [value.headline]
    if value.nearest_vessel is not None:
        out.append(
            f"nearest vessel: {plain_name(value.nearest_vessel)} {value.nearest_vessel_mm:.0f} mm"
        )
    out.append(f"{value.side} side, {pivot_words(value.pivot_deg)}")
    out.append(wall_line(value.wall_mm))
    if value.verdict != "safe" and value.codes:
        out.append(SHORT_WARNINGS.get(value.codes[0], value.advice.split(";")[0]))
    return out
