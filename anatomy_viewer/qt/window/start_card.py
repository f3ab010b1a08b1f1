"""The start card: what a newcomer's first start shows beside the 3D view. What the app is for in
two sentences, and three ways in, each a real button (Tab reaches them, Space or Enter presses them):
start lesson 1, show the zones, practise placing the tip. A view: it shows what it is given and
says what was chosen; the controller (start_controller.py) does it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# What the app is for, in the domain brief's words ("The technique", "Safety rules the tool must
# make visible"; /work/shared/DOMAIN.md).
HEADLINE = "Where a hip hook may go, and where it must not"
PURPOSE = (
    "Real 3D anatomy of the pelvis, the lumbar spine and the hip flexors. The tool's tip goes just "
    "inside the ASIS, the bony point at the front of the hip: never in the hip crease, never in the "
    "middle of the abdomen, and off at once if you feel a pulse under it."
)
ZONES_WORDS = (
    "Green: where the tip may go. "
    "Red, striped: the hip crease, the midline, the arteries and veins."
)
PRACTICE_WORDS = (
    "Drag the hook's tip over the body wall (or use the arrow keys): the readout says what it "
    "presses on and whether it is safe."
)
NOT_ADVICE = "For teaching only: this is not medical advice."
COME_BACK = "Help ▸ Start card brings this card back."


def _plain(markdown: str) -> str:
    """A lesson summary without its emphasis marks, on one line (a button's description)."""
    return " ".join(re.sub(r"\*\*|__|`", "", markdown).split())


class StartCard(QScrollArea):
    lesson_chosen = Signal()
    zones_chosen = Signal()
    practice_chosen = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)

        self.headline = QLabel(HEADLINE, wordWrap=True)
        self.headline.setStyleSheet("font-weight: 600; font-size: 14pt;")
        self.headline.setAccessibleName("What this app is for")
        self.purpose = QLabel(PURPOSE, wordWrap=True)
        self.lesson_button = QCommandLinkButton("Start lesson 1")
        self.lesson_button.setAccessibleName("Start lesson 1")
        self.zones_button = QCommandLinkButton("Show the safe and danger zones", ZONES_WORDS)
        self.practice_button = QCommandLinkButton("Practise placing the tip", PRACTICE_WORDS)
        self.not_advice = QLabel(NOT_ADVICE, wordWrap=True)
        self.not_advice.setStyleSheet("font-style: italic;")
        self.close_button = QPushButton("Close this card")
        self.close_button.setToolTip(COME_BACK)
        come_back = QLabel(COME_BACK, wordWrap=True)
        come_back.setStyleSheet("color: palette(mid);")
        closing = QHBoxLayout()
        closing.addWidget(come_back, 1)
        closing.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.headline)
        layout.addWidget(self.purpose)
        for button in (self.lesson_button, self.zones_button, self.practice_button):
            layout.addWidget(button)
        layout.addWidget(self.not_advice)
        layout.addStretch(1)
        layout.addLayout(closing)

        self.lesson_button.clicked.connect(self.lesson_chosen)
        self.zones_button.clicked.connect(self.zones_chosen)
        self.practice_button.clicked.connect(self.practice_chosen)
        self.close_button.clicked.connect(self.dismissed)
        self.set_first_lesson(None, "")

    def set_first_lesson(self, title: str | None, summary: str) -> None:
        """The first shipped lesson the card offers (None: no lesson could be loaded)."""
        self.lesson_button.setVisible(title is not None)
        if title is not None:
            self.lesson_button.setText(f"Start lesson 1: {title}")
            self.lesson_button.setDescription(_plain(summary))

    @property
    def buttons(self) -> list[QPushButton]:
        """The card's ways in, in Tab order."""
        return [
            b
            for b in (self.lesson_button, self.zones_button, self.practice_button)
            if not b.isHidden()
        ]
