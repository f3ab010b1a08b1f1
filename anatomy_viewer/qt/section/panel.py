"""The Section control: the plane buttons (Off, Axial, Sagittal, Coronal, Press line), a slider and a
mm box for the position, and "Face the cut". A view of ``SectionSession``, small enough for a toolbar.

    plane buttons (the View > Section actions) --> controller --> SectionSession.choose
    slider drag --move_to(mm, moving=True)--> ... release --settle()--> cut faces drawn
    slider keys, mm box --move_to(mm, moving=False)
    SectionSession.changed --> refresh(): range, value, axis letter, enabled
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QSpinBox, QToolButton, QWidget

from ...core.scene.section import AXIS_LETTERS, AXIS_OF
from ...core.scene.section_session import SectionSession

SLIDER_WIDTH_PX = 150  # with the views toolbar, the row still fits a 1280 px window
SPIN_ARROWS_PX = 36
PAGE_STEP_MM = 10  # PageUp / PageDown on the slider: a centimetre


class SectionPanel(QWidget):
    def __init__(
        self,
        session: SectionSession,
        plane_actions: list[QAction],
        face_action: QAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Section:"))
        self.plane_buttons: dict[str, QToolButton] = {}
        for action in plane_actions:
            button = QToolButton()
            button.setDefaultAction(action)
            layout.addWidget(button)
            self.plane_buttons[action.data() or "off"] = button
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Section position")
        self.slider.setMinimumWidth(SLIDER_WIDTH_PX)
        self.slider.setPageStep(PAGE_STEP_MM)
        self.position = QSpinBox()
        self.position.setAccessibleName("Section position in mm")
        self.position.setSuffix(" mm")
        self.position.setKeyboardTracking(False)  # typing 905 is not a cut at 9, then 90
        # The longest value it shows, and room for its arrows.
        text_px = self.position.fontMetrics().horizontalAdvance("Z = 1303 mm")
        self.position.setMinimumWidth(text_px + SPIN_ARROWS_PX)
        self.face = QToolButton()
        self.face.setDefaultAction(face_action)
        layout.addWidget(self.slider)
        layout.addWidget(self.position)
        layout.addWidget(self.face)

        self.slider.sliderMoved.connect(lambda mm: session.move_to(mm, moving=True))
        self.slider.sliderReleased.connect(session.settle)
        # Keys and clicks on the groove move it without a drag: the cut faces follow at once.
        self.slider.valueChanged.connect(self._slider_changed)
        self.position.valueChanged.connect(lambda mm: session.move_to(mm, moving=False))
        session.changed.connect(lambda _aspects: self.refresh())
        self.refresh()

    def _slider_changed(self, mm: int) -> None:
        if not self.slider.isSliderDown():
            self.session.move_to(mm, moving=False)

    # --- model -> widgets ---------------------------------------------------------------------
    def refresh(self) -> None:
        section = self.session.section
        flat = section is not None and section.position_mm is not None
        for widget in (self.slider, self.position):
            widget.setEnabled(flat)
            widget.blockSignals(True)
        try:
            self.position.setSpecialValueText("")
            if flat:
                low, high = self.session.ranges_mm.get(section.plane, (-1000.0, 2000.0))
                low_mm, high_mm = math.floor(low), math.ceil(high)
                self.slider.setRange(low_mm, high_mm)
                self.position.setRange(low_mm, high_mm)
                value = round(section.position_mm)
                self.slider.setValue(value)
                self.position.setValue(value)
                letter = AXIS_LETTERS[AXIS_OF[section.plane]]
                self.position.setPrefix(f"{letter} = ")
                self.slider.setToolTip(f"Move the cut along {letter} (or drag its yellow frame)")
            else:
                self.position.setPrefix("")
                # The box shows a dash, not a stale position: nothing here is set in mm.
                self.position.setSpecialValueText("—")
                self.position.setValue(self.position.minimum())
                tip = "The press-line cut follows the hip hook" if section else "No section"
                self.slider.setToolTip(tip)
        finally:
            for widget in (self.slider, self.position):
                widget.blockSignals(False)
