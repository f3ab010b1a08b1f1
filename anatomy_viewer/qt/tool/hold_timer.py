"""The hold timer: a big countdown ring with Start/Pause and Reset, a view of core ``HoldCountdown``.

Start (or key H) --> countdown.start() --> QTimer ticks elapsed seconds --> countdown.tick()
countdown.changed --> ring repaints (green while holding, grey when ready, full green when done)
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ...core.tool.hold import HOLD_MAX_S, HOLD_MIN_S, LESSON_HOLD_RANGE_S, HoldCountdown

TICK_MS = 100  # smooth enough for the ring; the text changes once a second
RING_SIZE_PX = 104
RING_WIDTH_PX = 11
RUNNING_COLOUR = QColor("#1a9850")
TRACK_COLOUR = QColor(128, 128, 128, 90)
DONE_COLOUR = QColor("#2f6fb5")


class HoldRing(QWidget):
    """The ring shrinks clockwise as the hold runs down; the time stands in its middle."""

    def __init__(self, countdown: HoldCountdown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.countdown = countdown
        self.setMinimumSize(RING_SIZE_PX, RING_SIZE_PX)
        self.setAccessibleName("Hold countdown")
        countdown.changed.connect(self.update)

    def paintEvent(self, _event) -> None:
        countdown = self.countdown
        side = min(self.width(), self.height()) - RING_WIDTH_PX
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(TRACK_COLOUR, RING_WIDTH_PX))
        painter.drawEllipse(rect)
        colour = DONE_COLOUR if countdown.finished else RUNNING_COLOUR
        if not countdown.running and not countdown.finished:
            colour = QColor(colour)
            colour.setAlpha(140)
        pen = QPen(colour, RING_WIDTH_PX)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        fraction = 1.0 if countdown.finished else countdown.fraction_left
        painter.drawArc(rect, 90 * 16, -round(fraction * 360 * 16))  # from 12 o'clock, clockwise
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().windowText().color())
        text = "done" if countdown.finished else countdown.text()
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


class HoldTimerWidget(QWidget):
    finished = Signal()

    def __init__(self, countdown: HoldCountdown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.countdown = countdown
        self.ring = HoldRing(countdown)
        self.start_button = QPushButton("Start hold")
        self.start_button.setToolTip("Start or pause the hold countdown (H)")
        self.reset_button = QPushButton("Reset")
        self.duration = QSpinBox()
        self.duration.setRange(int(LESSON_HOLD_RANGE_S[0]), int(LESSON_HOLD_RANGE_S[1]))
        self.duration.setSuffix(" s")
        self.duration.setAccessibleName("Hold length")
        self.duration.setToolTip(
            f"Hold sustained pressure {HOLD_MIN_S:.0f}-{HOLD_MAX_S:.0f} s per spot"
        )
        self.hint = QLabel(
            f"Hold {HOLD_MIN_S:.0f}-{HOLD_MAX_S:.0f} s; let the muscle relax into it."
        )
        self.hint.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.duration)
        buttons.addWidget(self.hint)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ring)
        layout.addLayout(buttons, 1)

        self._clock = QElapsedTimer()
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.start_button.clicked.connect(countdown.toggle)
        self.reset_button.clicked.connect(lambda: countdown.reset())
        self.duration.valueChanged.connect(lambda value: countdown.reset(float(value)))
        countdown.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        countdown = self.countdown
        self.start_button.setText("Pause hold" if countdown.running else "Start hold")
        self.duration.blockSignals(True)
        self.duration.setValue(round(countdown.duration_s))
        self.duration.blockSignals(False)
        if countdown.running and not self.timer.isActive():
            self._clock.start()
            self.timer.start()
        elif not countdown.running and self.timer.isActive():
            self.timer.stop()
            if countdown.finished:
                self.finished.emit()

    def _tick(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self.countdown.tick(elapsed)
