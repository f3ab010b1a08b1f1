"""The Zones group of the side panel: which zone layers the 3D view draws. A view of
``ViewerState.zone_layers``; it keeps no state of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from ...core.scene.viewer_state import ViewerState

# (layer id, what the checkbox says). Danger and caution switch every code of their kind.
TOGGLES = (
    ("landmarks", "Landmarks (ASIS, pubic tubercle, mid-inguinal point)"),
    ("wall", "Body wall (schematic, derived)"),
    ("safe", "Safe tool-tip zone (green)"),
    ("danger", "Danger zones (red, striped)"),
    ("caution", "Caution bands (amber)"),
    ("legend", "Legend"),
)
EVERYTHING = frozenset(layer for layer, _ in TOGGLES)


class ZonesPanel(QGroupBox):
    def __init__(self, state: ViewerState, parent: QWidget | None = None) -> None:
        super().__init__("Zones", parent)
        self.state = state
        self.setCheckable(False)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for layer, text in TOGGLES:
            box = QCheckBox(text)
            box.toggled.connect(lambda on, layer=layer: self._toggle(layer, on))
            layout.addWidget(box)
            self.boxes[layer] = box
        state.changed.connect(lambda aspects: "zones" in aspects and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        for layer, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(layer in self.state.zone_layers)
            box.blockSignals(False)

    def _toggle(self, layer: str, on: bool) -> None:
        layers = set(self.state.zone_layers)
        layers = layers | {layer} if on else layers - {layer}
        self.state.set_zone_layers(layers)
