"""Measuring a distance in the 3D view: two picked points (on a structure, a landmark or the body
wall) and the straight-line distance between them in millimetres. The model the window's measure
mode and the measurement overlay are views of; no Qt, no VTK.

    Measure mode on (M) --start()--> click --pick(point)--> first end --pick(point)--> Measurement
    a third click starts a new one; Escape --clear()--> nothing measured, measure mode off

A click near a landmark's place on screen snaps to the landmark itself (``snap_to_landmark``), so
the ASIS-to-ASIS distance is the one measured on the meshes, not the spot the mouse happened to hit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..events import Signal

# A click this close (device pixels) to where a landmark is drawn on screen means that landmark.
SNAP_PX = 12.0
# ... unless the surface under the click is farther than this from it and in front of it: then the
# landmark is hidden behind what was clicked (the other side's ASIS seen through the pelvis).
SNAP_HIDDEN_MM = 15.0


@dataclass(frozen=True)
class MeasuredPoint:
    point: tuple[float, float, float]  # mm, body frame
    what: str  # in words: "right ASIS", "Right iliacus", "body wall"
    landmark: str | None = None  # the landmark id when the click snapped to one


@dataclass(frozen=True)
class Measurement:
    a: MeasuredPoint
    b: MeasuredPoint

    @property
    def distance_mm(self) -> float:
        return float(np.linalg.norm(np.subtract(self.b.point, self.a.point)))

    @property
    def midpoint(self) -> np.ndarray:
        return (np.asarray(self.a.point) + np.asarray(self.b.point)) / 2

    def label(self) -> str:
        return f"{self.distance_mm:.0f} mm"

    def words(self) -> str:
        return f"{self.distance_mm:.1f} mm from {self.a.what} to {self.b.what} (straight line)"


class MeasureTool:
    """``changed`` emits after every change (no arguments)."""

    def __init__(self) -> None:
        self.changed = Signal()
        self.active = False  # measure mode: clicks pick points
        self.first: MeasuredPoint | None = None  # the first end, while the second is awaited
        self.measurement: Measurement | None = None

    @property
    def has_something(self) -> bool:
        return self.active or self.first is not None or self.measurement is not None

    def start(self) -> None:
        if not self.active:
            self.active = True
            self.changed.emit()

    def stop(self) -> None:
        """Measure mode off; what was measured stays drawn."""
        if self.active or self.first is not None:
            self.active = False
            self.first = None
            self.changed.emit()

    def pick(self, point: MeasuredPoint) -> None:
        if not self.active:
            return
        if self.first is None:
            self.first, self.measurement = point, None
        else:
            self.measurement, self.first = Measurement(self.first, point), None
        self.changed.emit()

    def clear(self) -> None:
        """Nothing measured and measure mode off (Escape)."""
        if self.has_something:
            self.active, self.first, self.measurement = False, None, None
            self.changed.emit()


def snap_to_landmark(
    click_px: Sequence[float],
    on_screen: Mapping[str, tuple[float, float, float]],
    picked: Sequence[float] | None,
    landmarks: Mapping[str, Sequence[float]],
    camera_position: Sequence[float],
) -> str | None:
    """The landmark a click means, or None. ``on_screen``: landmark id -> (x, y, depth 0..1) where it
    is drawn; ``picked``: the surface point under the click (None: nothing there)."""
    best, best_px = None, SNAP_PX
    for landmark, (x, y, depth) in on_screen.items():
        if not 0.0 <= depth <= 1.0:  # behind the camera
            continue
        gap = float(np.hypot(x - click_px[0], y - click_px[1]))
        if gap <= best_px:
            best, best_px = landmark, gap
    if best is None or picked is None:
        return best
    mark, hit = np.asarray(landmarks[best], float), np.asarray(picked, float)
    if np.linalg.norm(mark - hit) <= SNAP_HIDDEN_MM:
        return best
    eye = np.asarray(camera_position, float)
    in_front = np.linalg.norm(mark - eye) <= np.linalg.norm(hit - eye)
    return best if in_front else None


LANDMARK_WORDS = {
    "asis": "ASIS",
    "pubic_tubercle": "pubic tubercle",
    "pubic_symphysis": "pubic symphysis",
    "mid_inguinal": "mid-inguinal point",
    "iliac_crest": "iliac crest top",
    "femoral_head": "femoral head",
    "lesser_trochanter": "lesser trochanter",
    "umbilicus_level": "umbilicus level (estimate)",
}


def landmark_words(landmark: str) -> str:
    """``asis_right`` -> ``right ASIS``."""
    base, _, side = landmark.rpartition("_")
    if side not in ("right", "left"):
        return LANDMARK_WORDS.get(landmark, landmark.replace("_", " "))
    return f"{side} {LANDMARK_WORDS.get(base, base.replace('_', ' '))}"
