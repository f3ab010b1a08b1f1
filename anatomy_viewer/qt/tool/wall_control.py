"""The Body wall control: how thick the skin and fat in front of the pelvis are (a preset from the
published ranges, or any millimetre value in the sane range). A view of ``ViewerState``'s wall
thickness; the wall, the zones, the depths and the readout follow it.

    preset box / mm box --choose_wall_mm--> ViewerState --changed("wall")--> refresh()
    a lesson step that names a thickness --set_wall_mm--> shown here, marked as the step's

Also a Tool > Body wall menu with the presets (``menu_actions``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.wall_thickness import PRESETS, WALL_MM_RANGE, preset_of
from ...core.scene.viewer_state import ViewerState

CUSTOM = "custom"
# Typing or holding an arrow in the mm box changes the value many times a second: the thickness is
# taken once the value has rested this long (the zone map is rebuilt once per thickness).
SETTLE_MS = 250


class WallControl(QGroupBox):
    def __init__(self, state: ViewerState, parent: QWidget | None = None) -> None:
        super().__init__("Body wall (schematic)", parent)
        self.state = state
        self.preset = QComboBox()
        self.preset.setAccessibleName("Body wall preset")
        for preset in PRESETS:
            self.preset.addItem(f"{preset.label} ({preset.wall_mm:g} mm)", preset.name)
        self.preset.addItem(CUSTOM, CUSTOM)
        self.mm = QDoubleSpinBox()
        self.mm.setAccessibleName("Body wall thickness")
        self.mm.setRange(*WALL_MM_RANGE)
        self.mm.setDecimals(0)
        self.mm.setSingleStep(1.0)
        self.mm.setSuffix(" mm")
        self.mm.setKeyboardTracking(False)  # a typed "3" on the way to "37" is not a thickness
        self.mm.setToolTip(
            "Skin and fat in front of the linea alba, the inguinal ligaments and the bony points: "
            "the meshes have none, so the wall is built this far in front of them"
        )
        self.source = QLabel(wordWrap=True)
        self.source.setAccessibleName("Body wall source")
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.preset, 1)
        row.addWidget(self.mm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.source)

        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(lambda: self.state.choose_wall_mm(self.mm.value()))
        self.preset.activated.connect(self._preset_chosen)
        self.mm.valueChanged.connect(lambda _value: self._settle.start())
        state.changed.connect(lambda aspects: "wall" in aspects and self.refresh())
        self.menu_actions = self._build_actions()
        self.refresh()

    def _build_actions(self) -> list[QAction]:
        group = QActionGroup(self)
        actions = []
        for preset in PRESETS:
            action = QAction(f"{preset.label.capitalize()} ({preset.wall_mm:g} mm)", self)
            action.setCheckable(True)
            action.setStatusTip(f"Body wall {preset.wall_mm:g} mm: {preset.source}")
            action.triggered.connect(
                lambda _=False, mm=preset.wall_mm: self.state.choose_wall_mm(mm)
            )
            group.addAction(action)
            actions.append(action)
        return actions

    def _preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        preset = next((p for p in PRESETS if p.name == name), None)
        if preset is not None:
            self._settle.stop()
            self.state.choose_wall_mm(preset.wall_mm)
        else:
            self.mm.setFocus()

    # --- model -> widgets ---------------------------------------------------------------------
    def refresh(self) -> None:
        wall_mm = self.state.wall_mm
        preset = preset_of(wall_mm)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(
            self.preset.findData(preset.name if preset is not None else CUSTOM)
        )
        self.preset.blockSignals(False)
        if not self._settle.isActive():
            self.mm.blockSignals(True)
            self.mm.setValue(wall_mm)
            self.mm.blockSignals(False)
        for action, each in zip(self.menu_actions, PRESETS, strict=True):
            action.setChecked(preset is each)
        if preset is not None:
            words = f"{preset.label}: {preset.source}."
        else:
            low, high = PRESETS[0].wall_mm, PRESETS[-1].wall_mm
            words = f"Published group means: about {low:g}-{high:g} mm (Cheng 2024; Abbas)."
        if wall_mm != self.state.chosen_wall_mm:
            words += " Set by this lesson step."
        self.source.setText(words)
