"""The hip hook in the window: where its tip is, how it is pivoted, whether it shows, practice mode,
and the placement checker's verdict for it. Qt widgets and the render layer are views of it.

    lesson step / drag / keys / slider --place, move_by, set_pivot--> ToolSession
        --checker.check--> placement --changed(aspects)--> panel, tool layer, one render
    body wall thickness (ViewerState.wall_mm) --set_wall_mm--> the same tip checked again on the
        thicker or thinner wall (it moves forward or back with the skin)

The checker is made on first use (measuring landmarks takes a moment), by the factory given.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UserError
from ..events import Signal
from ..placement.checker import PIVOT_LIMIT_DEG, Placement, PlacementChecker
from ..scene.scene_state import ToolPlacement

# The sweep of the pivot slider and its animation: past the psoas aim toward the midline, so that
# over-turning onto the external iliac artery (along the psoas' medial border) is seen, and well into
# the iliac fossa on the lateral side. With the lessons' example tip the checker finds the psoas
# around -20 deg, the artery at -35 deg and the iliacus from 0 deg on (issue 4, measured).
SWEEP_FROM_DEG = -40.0
SWEEP_TO_DEG = 30.0
# The pivot's pace, in the window's animation and in exported videos alike: the whole sweep (70 deg)
# in 3.5 s, slow enough to read the readout on the way.
SWEEP_DEG_PER_S = 20.0
# The lessons' teaching example (lessons 3 and 4): 25 mm medial and 15 mm superior of the measured
# ASIS, "just inside the bony point" and above the inguinal ligament. Where the tool first appears.
DEFAULT_MEDIAL_MM = 25.0
DEFAULT_SUPERIOR_MM = 15.0
ARROW_STEP_MM = 5.0  # one arrow key press moves the tip this far (issue 4)
PIVOT_STEP_DEG = 5.0  # one [ or ] press turns the tip this far

ASPECTS = ("placement", "visible", "practice")


class ToolSession:
    """``changed`` emits a frozenset of ``ASPECTS``."""

    def __init__(self, checker_factory: Callable[[], PlacementChecker]) -> None:
        self._factory = checker_factory
        self._checker: PlacementChecker | None = None
        self.changed = Signal()
        self.side = "right"
        self.x_mm: float | None = None
        self.z_mm: float | None = None
        self.pivot_deg = 0.0
        self.visible = False
        self.practice = False
        self.placement: Placement | None = None
        self.wall_mm: float | None = None  # body wall thickness; None: the default

    @property
    def checker(self) -> PlacementChecker:
        """The checker on the current wall thickness."""
        if self._checker is None:
            self._checker = self._factory()
        return self._checker.with_wall(self.wall_mm)

    def set_wall_mm(self, wall_mm: float | None) -> None:
        """Another body wall thickness: the tip stays at its (X, Z) on the skin and is checked again."""
        if wall_mm == self.wall_mm:
            return
        self.wall_mm = wall_mm
        if self.placed:
            self.place(self.x_mm, self.z_mm, self.side, self.pivot_deg)

    @property
    def placed(self) -> bool:
        return self.x_mm is not None

    def tool_placement(self) -> ToolPlacement | None:
        if not self.placed:
            return None
        return ToolPlacement(self.side, (self.x_mm, self.z_mm), self.pivot_deg)

    # --- moving the tool ----------------------------------------------------------------------
    def place(
        self, x_mm: float, z_mm: float, side: str | None = None, pivot_deg: float | None = None
    ) -> bool:
        """Put the tip at (X, Z) on the wall; False (and nothing changes) off the wall.

        ``side``: None takes the side of the midline the tip is on (a student dragging across it).
        """
        checker = self.checker
        if not bool(checker.wall.contains(x_mm, z_mm)):
            return False
        side = side or checker.side_at(x_mm, z_mm)
        pivot = self.pivot_deg if pivot_deg is None else _clamp_pivot(pivot_deg)
        try:
            placement = checker.check(side, x_mm, z_mm, pivot)
        except UserError:
            placement = checker.check(checker.side_at(x_mm, z_mm), x_mm, z_mm, pivot)
        self.side, self.x_mm, self.z_mm, self.pivot_deg = (
            placement.side,
            float(x_mm),
            float(z_mm),
            pivot,
        )
        self.placement = placement
        self.changed.emit(frozenset({"placement"}))
        return True

    def place_default(self, side: str = "right") -> None:
        """The lessons' example spot just inside the measured ASIS of ``side``."""
        asis = self.checker.landmarks[f"asis_{side}"]
        medial = 1.0 if side == "right" else -1.0  # the right side lies at -X: medial is +X
        self.place(asis[0] + medial * DEFAULT_MEDIAL_MM, asis[2] + DEFAULT_SUPERIOR_MM, side, 0.0)

    def apply(self, tool: ToolPlacement) -> None:
        """A lesson step's (or the command line's) placement, shown."""
        if not self.place(tool.at[0], tool.at[1], tool.side, tool.pivot_deg):
            raise UserError(
                f"the tool at X={tool.at[0]:g}, Z={tool.at[1]:g} mm is off the derived body wall"
            )
        self.set_visible(True)

    def move_by(self, dx_mm: float, dz_mm: float) -> bool:
        if not self.placed:
            self.place_default()
            return True
        return self.place(self.x_mm + dx_mm, self.z_mm + dz_mm)

    def set_pivot(self, pivot_deg: float) -> None:
        if not self.placed:
            self.place_default()
        pivot = _clamp_pivot(pivot_deg)
        if pivot != self.pivot_deg or self.placement is None:
            self.place(self.x_mm, self.z_mm, self.side, pivot)

    def turn_by(self, step_deg: float) -> None:
        self.set_pivot(self.pivot_deg + step_deg)

    # --- showing ------------------------------------------------------------------------------
    def set_visible(self, visible: bool) -> None:
        if visible and not self.placed:
            self.place_default()
        if not visible and self.practice:  # no practising with a hidden tool
            self.practice = False
            self.changed.emit(frozenset({"practice"}))
        if visible != self.visible:
            self.visible = visible
            self.changed.emit(frozenset({"visible"}))

    def set_practice(self, on: bool) -> None:
        if on:
            self.set_visible(True)
        if on != self.practice:
            self.practice = on
            self.changed.emit(frozenset({"practice"}))


def _clamp_pivot(pivot_deg: float) -> float:
    return float(min(PIVOT_LIMIT_DEG, max(-PIVOT_LIMIT_DEG, float(pivot_deg))))
