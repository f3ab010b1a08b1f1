"""What the viewer shows: visibility, opacity, selection, highlight. Widgets and the 3D view are views of it.

Every change emits ``changed`` once with the set of aspects that changed ({"visibility", "opacity",
"selection", "highlight", "zones", "wall"}), so the render adapter can apply a whole batch and render
once.

The body wall thickness: ``chosen_wall_mm`` is the user's choice (the Body wall control), ``wall_mm``
what is drawn: a lesson step that names a thickness shows it, a step that does not shows the choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import contextmanager

from ..anatomy.catalogue import Catalogue
from ..anatomy.wall_thickness import DEFAULT_WALL_MM, check_wall_mm
from ..events import Signal

DEFAULT_OPACITY = 1.0
# Hidden by default: they sit in front of or around the iliopsoas and would hide it in the first view.
HIDDEN_AT_START_GROUPS = ("extra",)


class ViewerState:
    def __init__(self, catalogue: Catalogue, available: Iterable[str] | None = None) -> None:
        self.catalogue = catalogue
        self.available: tuple[str, ...] = (
            tuple(available) if available is not None else catalogue.ids
        )
        self.visible: set[str] = {
            i for i in self.available if catalogue[i].group not in HIDDEN_AT_START_GROUPS
        }
        self.opacity: dict[str, float] = {i: DEFAULT_OPACITY for i in self.available}
        self.selected: str | None = None
        self.highlighted: frozenset[str] = frozenset()
        self.zone_layers: frozenset[str] = frozenset()  # core.vocabulary.ZONE_LAYERS shown
        self.chosen_wall_mm = DEFAULT_WALL_MM
        self.wall_mm = DEFAULT_WALL_MM
        self.changed = Signal()
        self._pending: set[str] | None = None

    # --- batching -------------------------------------------------------------------------------
    @contextmanager
    def batch(self):
        """Group several changes into one ``changed`` emission (one render)."""
        outer = self._pending is not None
        if not outer:
            self._pending = set()
        try:
            yield self
        finally:
            if not outer:
                pending, self._pending = self._pending, None
                if pending:
                    self.changed.emit(frozenset(pending))

    def _notify(self, aspect: str) -> None:
        if self._pending is not None:
            self._pending.add(aspect)
        else:
            self.changed.emit(frozenset({aspect}))

    # --- changes --------------------------------------------------------------------------------
    def set_visible(self, ids: Iterable[str], visible: bool) -> None:
        ids = set(ids) & set(self.available)
        before = set(self.visible)
        self.visible = self.visible | ids if visible else self.visible - ids
        if self.visible != before:
            self._notify("visibility")

    def isolate(self, ids: Iterable[str]) -> None:
        ids = set(ids) & set(self.available)
        if ids and ids != self.visible:
            self.visible = ids
            self._notify("visibility")

    def show_all(self) -> None:
        self.set_visible(self.available, True)

    def set_opacity(self, structure_id: str, opacity: float) -> None:
        opacity = min(1.0, max(0.0, float(opacity)))
        if structure_id in self.opacity and self.opacity[structure_id] != opacity:
            self.opacity[structure_id] = opacity
            self._notify("opacity")

    def set_opacities(self, opacities: Mapping[str, float]) -> None:
        with self.batch():
            for structure_id, opacity in opacities.items():
                self.set_opacity(structure_id, opacity)

    def select(self, structure_id: str | None) -> None:
        if structure_id is not None and structure_id not in self.available:
            structure_id = None
        if structure_id != self.selected:
            self.selected = structure_id
            self._notify("selection")

    def set_highlighted(self, ids: Iterable[str]) -> None:
        ids = frozenset(ids) & frozenset(self.available)
        if ids != self.highlighted:
            self.highlighted = ids
            self._notify("highlight")

    def set_zone_layers(self, layers: Iterable[str]) -> None:
        layers = frozenset(layers)
        if layers != self.zone_layers:
            self.zone_layers = layers
            self._notify("zones")

    def set_wall_mm(self, wall_mm: float | None) -> None:
        """Draw the wall this thick (a lesson step's); None: the chosen thickness."""
        wall_mm = self.chosen_wall_mm if wall_mm is None else check_wall_mm(wall_mm)
        if wall_mm != self.wall_mm:
            self.wall_mm = wall_mm
            self._notify("wall")

    def choose_wall_mm(self, wall_mm: float) -> None:
        """The user's choice: drawn now, and for every step that names no thickness."""
        self.chosen_wall_mm = check_wall_mm(wall_mm)
        self.set_wall_mm(self.chosen_wall_mm)
