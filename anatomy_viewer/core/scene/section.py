"""The section view: a cutting plane through the anatomy, as a value and as geometry.

    "axial:900" --Section.parse--> Section("axial", 900.0)          (plane kind, position in mm)
    Section (+ the press line's tip and direction, for "press-line") --cut_plane--> CutPlane
    CutPlane: origin and unit normal; the half the normal points into is cut away, and the camera
              that faces the cut (``facing_camera``) looks from there

Positions are millimetres along the plane's body axis (BodyParts3D frame): axial = Z (+ superior),
sagittal = X (+ the body's left), coronal = Y (+ posterior). The "press-line" plane holds the press line
and the body's superior axis: a vertical cut along the line the tip presses, showing each layer it
passes. Every picture of a section says which one it is (``Section.caption``): a cut must never be
read for the whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import UserError
from .views import CameraPose, camera_along

PLANES = ("axial", "sagittal", "coronal", "press-line")
AXIS_OF = {"axial": 2, "sagittal": 0, "coronal": 1}  # the body axis each flat plane is moved along
AXIS_LETTERS = "XYZ"
# The half cut away, and so where the camera facing the cut looks from: the part above an axial cut
# (looking down on the pelvis, like the superior view), the body's left of a sagittal one (like the
# left view), the part in front of a coronal one (like the anterior view, the window's first view).
# A press-line cut removes the part lateral of the line, so the muscles, vessels and spine medial of
# it stay in view behind the cut.
REMOVED_TOWARD = {
    "axial": (0.0, 0.0, 1.0),
    "sagittal": (1.0, 0.0, 0.0),
    "coronal": (0.0, -1.0, 0.0),
}
# A press-line cut keeps only a slab this thick on its medial side: the vessels that matter beside a
# press line lie 1-2 cm from it (DOMAIN.md), and with the whole medial half kept, vessels and muscles
# far behind the plane were drawn over the line in a still picture and read as if the line crossed
# them. 30 mm keeps everything within 3 cm of the line's plane in view.
PRESS_LINE_SLAB_MM = 30.0
REMOVED_WORDS = {
    "axial": "the part above removed",
    "sagittal": "the body's left of it removed",
    "coronal": "the part in front removed",
    "press-line": f"shown: a {PRESS_LINE_SLAB_MM:.0f} mm slab medial of it",
}
# The screen's up when facing the cut: anterior at the top when looking down (as the superior view).
FACING_UP = {"axial": (0.0, -1.0, 0.0)}
SUPERIOR = np.array([0.0, 0.0, 1.0])
ANTERIOR = np.array([0.0, -1.0, 0.0])
# A camera facing a press-line cut frames the line with this much around it: the layers it passes
# and the nearest vessels (1-2 cm away at the riskiest placements, DOMAIN.md), not the whole pelvis.
PRESS_LINE_FRAME_MM = 80.0
PLANE_WORDS = {
    "axial": "axial",
    "sagittal": "sagittal",
    "coronal": "coronal",
    "press-line": "through the press line",
}


@dataclass(frozen=True)
class Section:
    """Which cut: ``plane`` (one of ``PLANES``) and, except for "press-line", its position in mm."""

    plane: str
    position_mm: float | None = None

    def __post_init__(self) -> None:
        if self.plane not in PLANES:
            raise ValueError(f"unknown section plane {self.plane!r}")
        if (self.plane == "press-line") != (self.position_mm is None):
            raise ValueError(f"{self.plane} section: position_mm {self.position_mm!r}")
        if self.position_mm is not None and not math.isfinite(self.position_mm):
            raise ValueError("section position must be finite")

    @property
    def axis(self) -> int | None:
        """0, 1, 2 for X, Y, Z; None for the press-line plane."""
        return AXIS_OF.get(self.plane)

    @classmethod
    def parse(cls, text: str) -> Section:
        """``axial:900`` -> axial at Z = 900 mm; ``press-line`` -> through the press line."""
        plane, colon, number = text.strip().partition(":")
        if plane not in PLANES:
            raise UserError(
                f"section must look like axial:900 (PLANE:MM, PLANE one of {', '.join(PLANES[:3])}) "
                f"or press-line, not {text!r}"
            )
        if plane == "press-line":
            if colon:
                raise UserError("a press-line section has no position: write just press-line")
            return cls(plane)
        try:
            position = float(number)
        except ValueError:
            raise UserError(f"section {text!r}: the position must be a number of mm") from None
        if not math.isfinite(position):
            raise UserError(f"section {text!r}: the position must be a finite number of mm")
        return cls(plane, position)

    def text(self) -> str:
        """The form ``parse`` reads: ``axial:900``, ``press-line``."""
        return self.plane if self.position_mm is None else f"{self.plane}:{self.position_mm:g}"

    def caption(self, side: str | None = None, pivot_deg: float | None = None) -> str:
        """What every picture of this section says, in two short lines (they fit beside the
        attribution in a narrow view): "Section: axial at Z = 900 mm" / "the part above removed".
        ``side`` and ``pivot_deg``: the tool's, for a press-line section."""
        if self.position_mm is None:
            tool = f" ({side} side, pivot {pivot_deg:+.0f}°)" if side is not None else ""
            where = f"through the press line{tool}"
        else:
            where = f"{self.plane} at {AXIS_LETTERS[self.axis]} = {self.position_mm:.0f} mm"
        return f"Section: {where}\n{REMOVED_WORDS[self.plane]}"


@dataclass(frozen=True)
class CutPlane:
    """A plane in the body frame; ``normal`` (unit) points into the half that is cut away.
    ``slab_mm``: also cut away what lies farther than this behind the plane (None: nothing)."""

    origin: tuple[float, float, float]
    normal: tuple[float, float, float]
    slab_mm: float | None = None

    def signed_distance_mm(self, points) -> np.ndarray:
        """Positive in the half cut away, negative in the half kept."""
        return (np.asarray(points, float) - np.asarray(self.origin)) @ np.asarray(self.normal)


def cut_plane(
    section: Section,
    press_tip=None,
    press_direction=None,
    lateral_sign: float | None = None,
    centre=(0.0, 0.0, 0.0),
) -> CutPlane:
    """The plane of ``section``. A flat plane passes through ``centre`` in its other two axes (only
    its own axis matters for the cut); a press-line plane needs the line's tip and direction and
    the side's lateral sign (+1 where lateral is +X)."""
    if section.plane == "press-line":
        if press_tip is None or press_direction is None or lateral_sign is None:
            raise UserError("a press-line section needs a tool placement")
        return press_line_plane(press_tip, press_direction, lateral_sign)
    origin = np.asarray(centre, float).copy()
    origin[section.axis] = section.position_mm
    return CutPlane(tuple(origin.tolist()), REMOVED_TOWARD[section.plane])


def press_line_plane(tip, direction, lateral_sign: float) -> CutPlane:
    """The vertical plane holding the press line (tip + t * direction) and the superior axis,
    its normal toward lateral: the part lateral of the line is cut away, and all but a slab of
    ``PRESS_LINE_SLAB_MM`` on its medial side."""
    direction = np.asarray(direction, float)
    normal = np.cross(direction, SUPERIOR)
    length = np.linalg.norm(normal)
    if length < 1e-9:
        raise UserError("the press line is vertical: no press-line section can be drawn")
    normal /= length
    sideways = normal[0] * lateral_sign
    # A press turned a full 90 degrees runs lateral itself: then the front half goes.
    if sideways < 0 or (abs(sideways) < 1e-9 and normal @ ANTERIOR < 0):
        normal = -normal
    return CutPlane(
        tuple(np.asarray(tip, float).tolist()), tuple(normal.tolist()), PRESS_LINE_SLAB_MM
    )


def position_range_mm(plane: str, bounds) -> tuple[float, float]:
    """Where a flat ``plane`` can cut something: the span of ``bounds`` (min xyz, max xyz) on its axis."""
    low, high = (np.asarray(b, float) for b in bounds)
    axis = AXIS_OF[plane]
    return float(low[axis]), float(high[axis])


def check_position(section: Section, bounds) -> None:
    """A UserError when a flat section lies outside ``bounds`` (it would cut nothing)."""
    if section.position_mm is None:
        return
    low, high = position_range_mm(section.plane, bounds)
    if not low <= section.position_mm <= high:
        letter = AXIS_LETTERS[section.axis]
        raise UserError(
            f"section {section.text()}: {letter} = {section.position_mm:g} mm cuts nothing; "
            f"the anatomy spans {letter} {low:.0f}..{high:.0f} mm"
        )


def facing_camera(section: Section, plane: CutPlane, bounds, aspect: float = 4 / 3) -> CameraPose:
    """A camera on the cut-away side looking straight at the cut, framing ``bounds`` around the
    point of the plane nearest their centre."""
    low, high = (np.asarray(b, float) for b in bounds)
    normal = np.asarray(plane.normal)
    centre = (low + high) / 2
    on_plane = centre - plane.signed_distance_mm(centre) * normal
    up = FACING_UP.get(section.plane, tuple(SUPERIOR))
    return camera_along(normal, up, (low, high), aspect=aspect, centre=on_plane)


def press_line_frame(tip, end) -> tuple[np.ndarray, np.ndarray]:
    """The box a camera facing a press-line cut frames: the line and ``PRESS_LINE_FRAME_MM`` around."""
    points = np.array([tip, end], float)
    return points.min(axis=0) - PRESS_LINE_FRAME_MM, points.max(axis=0) + PRESS_LINE_FRAME_MM
