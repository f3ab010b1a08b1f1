"""The window's section: which plane cuts the anatomy, where, and whether it is being moved.
The Section control (panel, menu, the drag in the view) and the render layer are views of it.

    plane buttons / menu --choose(plane)--------------------------> SectionSession
    slider, drag in the view --move_to(mm, moving=True)-----------> (clamped to the anatomy's span)
    slider or drag released --settle()----------------------------> moving False: cut faces drawn
    lesson step --apply(section)----------------------------------> exactly the step's section
        --changed(aspects: "section", "moving")--> panel, section view, one render

Each flat plane remembers where it was last put, so switching planes and back keeps the cut. Ranges
come from the loaded meshes' bounds, never typed; a plane is first put through the middle of the
pelvis and iliopsoas (the views' focus).
"""

from __future__ import annotations

import numpy as np

from ..events import Signal
from .section import AXIS_OF, Section, position_range_mm

ASPECTS = ("section", "moving")


class SectionSession:
    """``changed`` emits a frozenset of ``ASPECTS``."""

    def __init__(self) -> None:
        self.changed = Signal()
        self.section: Section | None = None
        self.moving = False
        self.ranges_mm: dict[str, tuple[float, float]] = {}
        self._positions: dict[str, float] = {}  # where each flat plane was last put

    def set_bounds(self, bounds, focus_bounds=None) -> None:
        """The anatomy's box (min xyz, max xyz) and the box a plane first cuts through the middle of."""
        self.ranges_mm = {plane: position_range_mm(plane, bounds) for plane in AXIS_OF}
        low, high = (np.asarray(b, float) for b in (focus_bounds or bounds))
        for plane, axis in AXIS_OF.items():
            self._positions.setdefault(plane, float(round((low[axis] + high[axis]) / 2)))
        if self.section is not None and self.section.position_mm is not None:
            self._positions[self.section.plane] = self.section.position_mm

    @property
    def plane(self) -> str | None:
        return self.section.plane if self.section is not None else None

    def position_of(self, plane: str) -> float | None:
        return self._positions.get(plane)

    # --- changes ------------------------------------------------------------------------------
    def choose(self, plane: str | None) -> None:
        """Cut with ``plane`` at its last position (None: no cut)."""
        if plane is None:
            self._set(None)
        elif plane == "press-line":
            self._set(Section(plane))
        else:
            self._set(Section(plane, self._clamped(plane, self._positions.get(plane, 0.0))))

    def move_to(self, position_mm: float, moving: bool = True) -> None:
        """Move the current flat plane (clamped to the anatomy); ``moving``: the slider or the drag
        is still held, so the cut faces wait for ``settle()``."""
        if self.section is None or self.section.position_mm is None:
            return
        plane = self.section.plane
        self._set(Section(plane, self._clamped(plane, float(position_mm))), moving)

    def settle(self) -> None:
        if self.moving:
            self.moving = False
            self.changed.emit(frozenset({"moving"}))

    def apply(self, section: Section | None) -> None:
        """A lesson step's section, exactly (a step outside the anatomy's span is clamped)."""
        if section is not None and section.position_mm is not None:
            section = Section(section.plane, self._clamped(section.plane, section.position_mm))
        self._set(section)

    def _set(self, section: Section | None, moving: bool = False) -> None:
        aspects = set()
        if section != self.section:
            self.section = section
            aspects.add("section")
        if section is not None and section.position_mm is not None:
            self._positions[section.plane] = section.position_mm
        if moving != self.moving:
            self.moving = moving
            aspects.add("moving")
        if aspects:
            self.changed.emit(frozenset(aspects))

    def _clamped(self, plane: str, position_mm: float) -> float:
        low, high = self.ranges_mm.get(plane, (-np.inf, np.inf))
        return float(min(high, max(low, position_mm)))
