"""A complete description of what the 3D view shows at one moment (a lesson step, an export).

Lessons produce ``SceneState``s; the render adapter applies one in a single batch. A state is complete:
applying it never depends on what was shown before, so stepping back restores a step exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import UserError
from .section import Section
from .views import CameraPose


@dataclass(frozen=True)
class ToolPlacement:
    """Where the hip hook is: its tip on the derived body wall at (X, Z) mm, pressing at ``pivot_deg``.

    Pivot: degrees about the body's superior axis; 0 = straight posterior, positive = toward lateral
    (into the iliac fossa), negative = toward medial.
    """

    side: str
    at: tuple[float, float]
    pivot_deg: float = 0.0
    pivot_to_deg: float | None = None  # a lesson may animate the pivot to this angle

    def settled(self) -> ToolPlacement:
        """Where an animated pivot ends: what a still picture (handout, screenshot) shows."""
        if self.pivot_to_deg is None:
            return self
        return ToolPlacement(self.side, self.at, self.pivot_to_deg)

    @classmethod
    def parse(cls, text: str) -> ToolPlacement:
        """``right:-70:910:25`` -> side right, tip at X=-70, Z=910, pivot 25 degrees."""
        parts = text.split(":")
        if len(parts) not in (3, 4) or parts[0] not in ("left", "right"):
            raise UserError(
                f"tool placement must look like right:-70:910:25 (SIDE:X:Z:PIVOT), not {text!r}"
            )
        try:
            numbers = [float(p) for p in parts[1:]]
        except ValueError:
            raise UserError(f"tool placement {text!r}: X, Z and PIVOT must be numbers") from None
        pivot = numbers[2] if len(numbers) == 3 else 0.0
        return cls(parts[0], (numbers[0], numbers[1]), pivot)


@dataclass(frozen=True)
class SceneState:
    camera: str | CameraPose = "anterior"
    visible: frozenset[str] | None = None  # None: the app's default visibility
    opacity: Mapping[str, float] = field(default_factory=dict)  # id -> 0..1; others fully opaque
    highlight: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()  # landmark or structure ids to label in the view
    zones: frozenset[str] = frozenset()  # zone layers (core.vocabulary.ZONE_LAYERS) to show
    tool: ToolPlacement | None = None
    # Body wall thickness in mm (core/anatomy/wall_thickness.py). None: the viewer's own setting
    # (the window's Body wall control, ``--wall-mm``), else the default.
    wall_mm: float | None = None
    section: Section | None = None  # a cutting plane (section.py); None: the whole anatomy


def settled(state: SceneState) -> SceneState:
    """The state as a still picture shows it: an animated pivot at its end angle."""
    if state.tool is None or state.tool.pivot_to_deg is None:
        return state
    from dataclasses import replace

    return replace(state, tool=state.tool.settled())
