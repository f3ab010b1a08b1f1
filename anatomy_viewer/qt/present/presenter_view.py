"""The presenter view on the laptop screen while the 3D view is on the projector: the current step's
notes, the next step's title and the time since the presentation started.

A view: ``show_step`` receives plain values; the only state it keeps is the clock it displays.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

CLOCK_TICK_MS = 500  # twice a second, so the seconds never visibly skip


def elapsed_text(milliseconds: int) -> str:
    """``12:05`` under an hour, ``1:02:09`` after."""
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


class PresenterView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("anatomy-viewer: presenter view")
        self.clock = QLabel("00:00")
        self.clock.setAccessibleName("Elapsed time")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.6)
        big.setBold(True)
        self.clock.setFont(big)
        self.current = QLabel()
        self.current.setWordWrap(True)
        heading = QFont(self.font())
        heading.setPointSizeF(heading.pointSizeF() * 1.8)
        heading.setBold(True)
        self.current.setFont(heading)
        self.notes = QTextBrowser()
        self.notes.setAccessibleName("Presenter notes")
        notes_font = QFont(self.font())
        notes_font.setPointSizeF(notes_font.pointSizeF() * 1.5)
        self.notes.setFont(notes_font)
        self.next_title = QLabel()
        self.next_title.setWordWrap(True)
        self.next_title.setFont(notes_font)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.clock)
        layout.addWidget(self.current)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.next_title)
        layout.addWidget(self.status)

        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self, interval=CLOCK_TICK_MS)
        self._timer.timeout.connect(self._tick)

    # --- clock ----------------------------------------------------------------------------------
    def start_clock(self) -> None:
        self._elapsed.start()
        self._timer.start()
        self._tick()

    def stop_clock(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        if self._elapsed.isValid():
            self.clock.setText(elapsed_text(self._elapsed.elapsed()))

    # --- content --------------------------------------------------------------------------------
    def show_step(
        self,
        number: int,
        count: int,
        title: str,
        notes_html: str,
        next_title: str | None,
        blanked: bool = False,
    ) -> None:
        self.current.setText(f"{number} / {count}  ·  {html.escape(title)}")
        self.notes.setHtml(notes_html or "<p><i>No notes for this step.</i></p>")
        self.next_title.setText(
            f"Next: {html.escape(next_title)}" if next_title else "Next: end of the lesson"
        )
        self.set_blanked(blanked)

    def show_free(self, view_name: str, blanked: bool = False) -> None:
        """No lesson open: only the 3D view is presented."""
        self.current.setText(f"No lesson open  ·  {view_name} view")
        self.notes.setHtml(
            "<p>Keys: 1-6 standard views, R reset, Page Down / Page Up or arrows cycle the views, "
            "B or . blanks the screen, Esc ends the presentation.</p>"
        )
        self.next_title.setText("")
        self.set_blanked(blanked)

    def set_blanked(self, blanked: bool) -> None:
        self.status.setText("Screen blanked (B or . to show it again)" if blanked else "")
