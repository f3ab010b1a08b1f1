"""The press line's path through the layers: from the tip on the skin to where the line stops, each
layer it passes with its depth, and the nearest vessel with its clearance.

    PressLine + BodyWall --wall layer: tip .. where the line crosses the wall's inner face
    PressLine + every surface crossing of the line (PathCaster) --> meshes passed, entry .. exit
    gaps between them --> "space": no structure of the meshes there (they have no abdominal muscles
                          or organs)
    the line's stop --> the target muscle's surface (its depth is the checker's target_depth_mm),
                        or the bone that blocks it, or the end of the reach
    nearest artery or vein --> its clearance and the depth along the line where it passes nearest

Depths are millimetres along the press line from the tip, so a pivoted line crosses the wall over a
little more than its thickness. A pure function of the checker's results: nothing here is Qt or VTK.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ..anatomy.body_wall import BodyWall
from ..anatomy.meshes import SurfaceMesh
from .fast_geometry import SlabRayCaster
from .press_line import BONES, PressLine, PressLineCaster, is_artery, is_vein

# Layers or gaps shorter than this along the line are a mesh's edge grazed, or two meshes touching:
# not worth a row of their own (and depths stay strictly increasing when rounded to 0.1 mm).
MIN_LAYER_MM = 0.5
WALL_STEP_MM = 0.5  # the line is followed in steps of this to find the wall's inner face
PAINT_STEP_MM = 0.1  # resolution at which the layers are told apart along the line
# Two crossings of one surface this close are one crossing counted twice (a shared triangle edge).
SAME_CROSSING_MM = 1e-3
KINDS = ("wall", "space", "muscle", "ligament", "vessel", "bone", "target", "end")


@dataclass(frozen=True)
class PathLayer:
    """One layer of the path. ``kind``: one of KINDS. ``to_mm`` is None for the last entry (the
    target's surface, the blocking bone or the end of the reach), which is a point, not a span."""

    kind: str
    structure: str | None
    depth_mm: float  # where the line enters it, from the tip
    to_mm: float | None  # where it leaves it

    @property
    def thickness_mm(self) -> float | None:
        return None if self.to_mm is None else self.to_mm - self.depth_mm


@dataclass(frozen=True)
class PathVessel:
    structure: str
    clearance_mm: float  # from the press line (the checker's figure)
    depth_mm: float  # along the line, where it passes nearest


@dataclass(frozen=True)
class PressPath:
    wall_mm: float  # the wall thickness the path assumes
    pivot_deg: float
    layers: tuple[PathLayer, ...]  # depths strictly increasing; the last one is where it stops
    nearest_vessel: PathVessel | None

    @property
    def end(self) -> PathLayer:
        return self.layers[-1]

    @property
    def target(self) -> str | None:
        return self.end.structure if self.end.kind == "target" else None

    def to_json(self) -> list[dict]:
        return [
            {
                "kind": layer.kind,
                "structure": layer.structure,
                "depth_mm": round(layer.depth_mm, 1),
                "to_mm": None if layer.to_mm is None else round(layer.to_mm, 1),
            }
            for layer in self.layers
        ]


def kind_of(structure_id: str) -> str:
    if structure_id in BONES or structure_id.startswith(("hip_bone", "vertebra", "femur")):
        return "bone"
    if is_artery(structure_id) or is_vein(structure_id):
        return "vessel"
    if "ligament" in structure_id or structure_id == "linea_alba":
        return "ligament"
    return "muscle"


def wall_exit_mm(press: PressLine, wall: BodyWall) -> float:
    """Depth along the line where it crosses the wall's inner face (``wall_mm`` behind the skin)."""
    # The line runs posterior (+Y) at cos(pivot) per mm, so it is through the wall after about
    # wall_mm / cos(pivot); the search covers a wall that thickens under a slanted line too.
    slant = max(float(press.direction[1]), 0.05)
    limit = min(press.stop_mm, 3.0 * wall.wall_mm / slant + 20.0)
    t = np.arange(0.0, limit + WALL_STEP_MM, WALL_STEP_MM)
    points = press.tip + t[:, None] * press.direction
    gap = points[:, 1] - wall.inner_height_mm(points[:, 0], points[:, 2])  # < 0: still in the wall
    through = np.flatnonzero(gap >= 0)
    if not len(through):
        return min(limit, press.stop_mm)
    k = int(through[0])
    if k == 0:
        return 0.0
    f = gap[k - 1] / (gap[k - 1] - gap[k])
    return float(min(t[k - 1] + f * (t[k] - t[k - 1]), press.stop_mm))


def _spans(crossings: Iterable[tuple[float, str]], stop_mm: float) -> list[PathLayer]:
    """Entry .. exit spans of each surface the line passes, from its crossings (nearest first): a
    ray from outside a closed surface enters and leaves it by turns."""
    by_owner: dict[str, list[float]] = {}
    for t, owner in crossings:
        seen = by_owner.setdefault(owner, [])
        if not seen or t - seen[-1] > SAME_CROSSING_MM:
            seen.append(t)
    spans = []
    for owner, ts in by_owner.items():
        for i in range(0, len(ts), 2):
            exit_mm = ts[i + 1] if i + 1 < len(ts) else stop_mm  # still inside where it stops
            spans.append(PathLayer(kind_of(owner), owner, ts[i], min(exit_mm, stop_mm)))
    return sorted(spans, key=lambda layer: layer.depth_mm)


def _runs(spans: list[PathLayer], stop_mm: float) -> list[PathLayer]:
    """The line from 0 to ``stop_mm`` cut into runs: each millimetre belongs to the layer entered
    last among those it lies in (a vessel inside a muscle, a mesh overlapping the wall), or to no
    mesh ("space"). Runs shorter than MIN_LAYER_MM join the run before them."""
    t = np.arange(0.0, stop_mm, PAINT_STEP_MM) + PAINT_STEP_MM / 2
    owner = np.full(len(t), -1)
    for k, span in enumerate(spans):  # by entry depth: later entries paint over earlier ones
        owner[(t >= span.depth_mm) & (t < span.to_mm)] = k
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(t) else np.zeros(0, int)
    runs: list[PathLayer] = []
    for i, first in enumerate(starts):
        begin = 0.0 if i == 0 else float(first * PAINT_STEP_MM)
        finish = stop_mm if i + 1 == len(starts) else float(starts[i + 1] * PAINT_STEP_MM)
        k = owner[first]
        kind, structure = ("space", None) if k < 0 else (spans[k].kind, spans[k].structure)
        if runs and (
            finish - begin < MIN_LAYER_MM
            or (runs[-1].kind, runs[-1].structure) == (kind, structure)
        ):
            last = runs.pop()
            runs.append(PathLayer(last.kind, last.structure, last.depth_mm, finish))
        else:
            runs.append(PathLayer(kind, structure, begin, finish))
    return runs


def press_path(
    press: PressLine,
    wall: BodyWall,
    crossings: Iterable[tuple[float, str]],
    vessel_point: Mapping[str, np.ndarray] | None = None,
) -> PressPath:
    """The path of ``press`` (cast on ``wall``). ``crossings``: every surface crossing of the line
    before it stops, nearest first (``PathCaster.crossings``). ``vessel_point``: the nearest vessel's
    point nearest to the line, {structure id: (3,)} (one entry; empty or None: no vessel)."""
    stop = float(press.stop_mm)
    spans = [PathLayer("wall", None, 0.0, wall_exit_mm(press, wall)), *_spans(crossings, stop)]
    layers = _runs(sorted(spans, key=lambda layer: layer.depth_mm), stop)
    if press.target is not None:
        final = PathLayer("target", press.target, stop, None)
    elif press.blocked_by is not None:
        final = PathLayer("bone", press.blocked_by, stop, None)
    else:
        final = PathLayer("end", None, stop, None)
    nearest = None
    for structure, point in (vessel_point or {}).items():
        along = float(np.clip((np.asarray(point) - press.tip) @ press.direction, 0.0, stop))
        nearest = PathVessel(structure, float(press.clearances_mm[structure]), along)
    return PressPath(wall.wall_mm, press.pivot_deg, (*layers, final), nearest)


def nearest_vessel(press: PressLine) -> str | None:
    """The artery or vein nearest to the press line (as the readout names it)."""
    vessels = {k: v for k, v in press.clearances_mm.items() if is_artery(k) or is_vein(k)}
    return min(vessels, key=vessels.get) if vessels else None


class PathCaster:
    """The crossings of one press line with every mesh the checker measures. The press-line caster
    already holds the targets and bones; this adds the rest (vessels, ligaments, other muscles)."""

    def __init__(
        self,
        press_caster: PressLineCaster,
        meshes: Mapping[str, SurfaceMesh],
        z_low: float,
        z_high: float,
    ) -> None:
        self.press_caster = press_caster
        held = set(press_caster.caster.names)
        others = [(i, m) for i, m in meshes.items() if i not in held]
        self.others = SlabRayCaster(others, z_low, z_high) if others else None

    def crossings(self, press: PressLine) -> list[tuple[float, str]]:
        """Surface crossings before the line's stop (the stop's own surface left out), nearest first."""
        reach = press.stop_mm - MIN_LAYER_MM / 10
        caster = self.press_caster
        # Of the targets and bones, the line can pass only what stops no line from this side: the
        # other side's psoas and iliacus.
        found = caster.caster.hits(press.tip, press.direction, reach, ~caster.reachable[press.side])
        if self.others is not None:
            found += self.others.hits(press.tip, press.direction, reach)
        return sorted(found)
