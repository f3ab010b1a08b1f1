"""The zone map as the web page judges "place the tip" with it: every wall cell's codes and target.

    PlacementChecker.zone_map(pivot) --code (first code), flags (every code)--> uint8 bitmask per cell
    press lines from each cell (the caster's cast_row, as build_zone_map) --> the muscle reached

A learner's click on the page's wall is looked up in this grid (web/src/zonemap.js). The words the
page then judges with are the ones ``core.lessons.quiz.judge_place`` takes from the checker: the
verdict, every reason code that applies, and the target muscle. The wall heights at the cells'
corners let the page draw the wall and the zone patches exactly where the window draws them.
"""

from __future__ import annotations

import numpy as np

from ...core.placement.checker import PlacementChecker, plain_name
from ...core.placement.press_line import TARGET_MUSCLES, press_reach_mm
from ...core.placement.zones import MIDLINE_HALF_WIDTH_MM, ZoneMap
from ...core.vocabulary import SIDES, ZONE_CODES
from ..overlays.zones_layer import CODE_WORDS, _label_points
from .mesh_pack import b64

NO_TARGET = 0  # index 0 of ``targets``: the press line reaches no hip flexor


def target_ids() -> list[str | None]:
    return [None, *(f"{muscle}_{side}" for muscle in TARGET_MUSCLES for side in SIDES)]


def target_grid(checker: PlacementChecker, zones: ZoneMap) -> np.ndarray:
    """Per cell, the index in ``target_ids()`` of the muscle the press line from it reaches. Each
    cell is cast for the side of the midline it lies on, as ``build_zone_map`` classifies it."""
    targets = target_ids()
    grid = np.zeros(zones.code.shape, np.uint8)
    rules, wall = checker.rules, checker.wall
    reach_mm = press_reach_mm(wall.wall_mm)  # as build_zone_map casts
    for row, z in enumerate(zones.zs):
        for side in SIDES:
            offset = rules.midline_offset_mm(zones.xs, z) * rules.landmarks.lateral_sign(side)
            on_side = offset > 0 if side == "left" else offset >= 0
            cols = np.flatnonzero((zones.code[row] >= 0) & on_side)
            if not len(cols):
                continue
            x = zones.xs[cols]
            tips = np.c_[x, wall.height_mm(x, np.full(len(x), z)), np.full(len(x), z)]
            reached, _, _ = checker.caster.cast_row(side, tips, zones.pivot_deg, 0.0, reach_mm)
            grid[row, cols] = [targets.index(t) for t in reached]
    return grid


def flag_bits(zones: ZoneMap) -> np.ndarray:
    """Bit ``i`` set where ``ZONE_CODES[i]`` applies to the cell."""
    bits = np.zeros(zones.code.shape, np.uint8)
    for index, code in enumerate(ZONE_CODES):
        bits |= zones.flags[code].astype(np.uint8) << index
    return bits


def corner_heights(checker: PlacementChecker, zones: ZoneMap) -> np.ndarray:
    """Wall Y at the corners of the cells, (len(zs) + 1, len(xs) + 1), as the zones layer's quads."""
    half = zones.step_mm / 2
    corner_x = np.r_[zones.xs - half, zones.xs[-1] + half]
    corner_z = np.r_[zones.zs - half, zones.zs[-1] + half]
    gx, gz = np.meshgrid(corner_x, corner_z)
    return checker.wall.height_mm(gx, gz)


def zone_grid_data(checker: PlacementChecker, pivot_deg: float = 0.0) -> dict:
    """The page's zone map: grid geometry, codes, bits, targets, wall heights, patch label points."""
    zones = checker.zone_map(pivot_deg)
    rows, cols = zones.code.shape
    label_points = {}
    for code in ZONE_CODES:
        mask = zones.cells(code)
        if mask.any():
            points = _label_points(zones, mask, checker)  # where the window labels each patch
            label_points[code] = np.round(points, 1).tolist()
    return {
        "x0": float(zones.xs[0]),
        "z0": float(zones.zs[0]),
        "step_mm": float(zones.step_mm),
        "columns": int(cols),
        "rows": int(rows),
        "pivot_deg": float(zones.pivot_deg),
        "codes": list(ZONE_CODES),
        "code": b64(zones.code, "int8"),  # first code by priority, -1 off the wall
        "bits": b64(flag_bits(zones), "uint8"),
        "targets": target_ids(),
        "target_words": {t: plain_name(t) for t in target_ids() if t},  # as the readout names them
        "target": b64(target_grid(checker, zones), "uint8"),
        "corner_y": b64(corner_heights(checker, zones), "float32"),
        "words": dict(CODE_WORDS),
        "label_points": label_points,
        "midline": midline_data(checker),
    }


def midline_data(checker: PlacementChecker) -> dict:
    """The midsagittal plane and the sides' lateral signs: the checker's wrong-half test."""
    plane = checker.landmarks.midsagittal
    return {
        "point": [round(float(v), 3) for v in plane.point],
        "normal": [round(float(v), 6) for v in plane.normal],
        "lateral_sign": {side: checker.landmarks.lateral_sign(side) for side in SIDES},
        "half_width_mm": MIDLINE_HALF_WIDTH_MM,
    }
