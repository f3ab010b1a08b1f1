"""The press line's path (core/placement/press_path.py) as the rows of a depth diagram, in words.

    PressPath --rows()--> PathRow per layer: what it is, its depths, how to colour it
              --vessel_words()--> the nearest vessel and its clearance
              --title()--> "Press line depth · body wall 18 mm (lean), schematic"

One wording for the Hip hook panel's diagram (Qt), the diagram in the 3D view and in exports (VTK),
and the text output of ``check-placement``, so they never disagree. Depths are rounded as the readout
rounds them (whole millimetres).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..placement.checker import plain_name
from ..placement.press_path import PathLayer, PressPath
from ..placement.zones import line_code
from .readout import wall_line

# What the gaps are: the meshes have no abdominal wall muscles and no organs (DOMAIN.md lists what
# they hold), so the line crosses nothing there in the model. Said as a fact about the model.
SPACE_WORDS = "nothing in the meshes"
SPACE_NOTE = "the meshes have no abdominal muscles or organs"
WALL_WORDS = "body wall: skin and fat"


@dataclass(frozen=True)
class PathRow:
    kind: str  # PathLayer.kind
    structure: str | None
    label: str  # "right iliacus (target)"
    depths: str  # "0-18 mm" for a span, "67 mm" for the end
    depth_mm: float
    to_mm: float | None


def _mm(value: float) -> str:
    return f"{value:.0f}"


def label_of(layer: PathLayer) -> str:
    if layer.kind == "wall":
        return WALL_WORDS
    if layer.kind == "space":
        return SPACE_WORDS
    if layer.kind == "end":
        return "no hip flexor reached"
    name = plain_name(layer.structure)
    if layer.kind == "target":
        return f"{name} (target)"
    if layer.kind == "bone" and layer.to_mm is None:
        return f"{name}: bone first"
    return name


def rows(path: PressPath) -> list[PathRow]:
    out = []
    for layer in path.layers:
        if layer.to_mm is None:
            depths = f"{_mm(layer.depth_mm)} mm"
        else:
            depths = f"{_mm(layer.depth_mm)}-{_mm(layer.to_mm)} mm"
        out.append(
            PathRow(
                layer.kind, layer.structure, label_of(layer), depths, layer.depth_mm, layer.to_mm
            )
        )
    return out


def vessel_words(path: PressPath) -> str:
    vessel = path.nearest_vessel
    if vessel is None:
        return "no vessel near the press line"
    return (
        f"nearest vessel: {plain_name(vessel.structure)}, {vessel.clearance_mm:.0f} mm from the "
        f"line at {_mm(vessel.depth_mm)} mm deep"
    )


def vessel_lines(path: PressPath) -> list[str]:
    """The nearest vessel in two short lines (for a narrow diagram)."""
    vessel = path.nearest_vessel
    if vessel is None:
        return ["no vessel near the press line"]
    return [
        f"nearest vessel: {plain_name(vessel.structure)}",
        f"{vessel.clearance_mm:.0f} mm from the line, at {_mm(vessel.depth_mm)} mm deep",
    ]


def vessel_too_close(path: PressPath) -> bool:
    """Within the margin of the checker's vessel rules (zones.py): drawn as a warning."""
    vessel = path.nearest_vessel
    rule = None if vessel is None else line_code(vessel.structure)
    return rule is not None and vessel.clearance_mm < rule[1]


def title(path: PressPath) -> str:
    return f"Press line depth · {wall_line(path.wall_mm)}"


def text_lines(path: PressPath) -> list[str]:
    """The diagram as plain lines (``check-placement``'s text output)."""
    lines = [f"{row.depths:>12}  {row.label}" for row in rows(path)]
    return [*lines, f"{'':>12}  {vessel_words(path)}"]


@dataclass(frozen=True)
class DiagramRow:
    """Where a row goes in a depth diagram drawn along a bar from the tip (0) to the stop (1)."""

    row: PathRow
    top: float  # share of the bar where the layer begins
    bottom: float  # where it ends (equal to ``top`` for the stop, a point)
    label_at: float  # where its label's middle goes: spread so that no two labels overlap


def diagram_rows(path: PressPath, label_gap: float) -> list[DiagramRow]:
    """The rows on a bar of length 1, true to scale; labels at least ``label_gap`` apart (a share of
    the bar: a text line's height over the bar's), kept within -gap/2 .. 1 + gap/2."""
    stop = max(path.end.depth_mm, 1e-6)
    placed = []
    for row in rows(path):
        top = row.depth_mm / stop
        bottom = top if row.to_mm is None else row.to_mm / stop
        placed.append((row, top, bottom, (top + bottom) / 2))
    at = [p[3] for p in placed]
    for i in range(1, len(at)):  # push down what would overlap the label above it
        at[i] = max(at[i], at[i - 1] + label_gap)
    at[-1] = min(at[-1], 1.0 + label_gap / 2)
    for i in range(len(at) - 2, -1, -1):  # then pull up what now runs past the end
        at[i] = min(at[i], at[i + 1] - label_gap)
    return [
        DiagramRow(row, top, bottom, a) for (row, top, bottom, _), a in zip(placed, at, strict=True)
    ]


def vessel_mark(path: PressPath) -> tuple[float, float] | None:
    """(share of the bar along it, share of the bar beside it) where the nearest vessel is drawn:
    true to scale, so 46 mm beside a 67 mm line is drawn 0.69 of the bar's length beside it (at
    most 1)."""
    vessel = path.nearest_vessel
    if vessel is None:
        return None
    stop = max(path.end.depth_mm, 1e-6)
    return vessel.depth_mm / stop, min(1.0, vessel.clearance_mm / stop)
