"""The hip hook panel: show / practice toggles, the pivot slider with play/pause, the live readout,
the practice challenge and the hold timer. A view of ``ToolSession`` (and of the challenge the
controller hands it); the controller wires the buttons that start things.

    slider --session.set_pivot()--> ToolSession --changed--> refresh(): readout, slider, toggles
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.wall_thickness import wall_words
from ...core.placement.checker import plain_name
from ...core.tool.hold import HoldCountdown
from ...core.tool.practice import Challenge, TaskResult
from ...core.tool.readout import pivot_words, readout
from ...core.tool.session import SWEEP_FROM_DEG, SWEEP_TO_DEG, ToolSession
from ...render.overlays.tool_layer import VERDICT_COLOURS, VERDICT_TEXT
from .hold_timer import HoldTimerWidget

ADVICE_CHARS = 400  # the checker's words are a sentence or two; never let one fill the panel


class ToolPanel(QScrollArea):
    def __init__(
        self, session: ToolSession, countdown: HoldCountdown, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)

        self.show_tool = QCheckBox("Show the hip hook (T)")
        self.practice = QCheckBox("Practice: drag the tip (P)")
        self.practice.setToolTip(
            "Drag or click on the body wall to place the tip; arrow keys move it 5 mm; [ and ] pivot"
        )
        self.side = QComboBox()
        self.side.addItems(["right", "left"])
        self.side.setAccessibleName("Side")
        self.side.setToolTip("Put the tip on the example spot just inside this side's ASIS")
        # Two rows: in one the three made the panel wider than the side column (qt/window/room.py).
        show_row = QHBoxLayout()
        show_row.addWidget(self.show_tool)
        show_row.addStretch(1)
        show_row.addWidget(QLabel("Side"))
        show_row.addWidget(self.side)
        toggles = QVBoxLayout()
        toggles.addLayout(show_row)
        toggles.addWidget(self.practice)

        self.headline = QLabel()
        self.headline.setAccessibleName("Verdict")
        self.headline.setWordWrap(True)
        self.headline.setMargin(6)
        self.details = QLabel(wordWrap=True)
        self.details.setAccessibleName("Readout")
        self.advice = QLabel(wordWrap=True)
        self.advice.setAccessibleName("Reasons")

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(SWEEP_FROM_DEG), round(SWEEP_TO_DEG))
        self.slider.setAccessibleName("Pivot")
        self.slider.setToolTip(
            "Pivot: left = tip toward the midline (psoas), right = toward the hip bone (iliacus)"
        )
        self.play = QPushButton("▶ Sweep")
        self.play.setToolTip("Play or pause the pivot sweep (S)")
        self.pivot_label = QLabel()
        ends = QHBoxLayout()
        ends.addWidget(QLabel("◀ medial: psoas"))
        ends.addStretch(1)
        ends.addWidget(QLabel("lateral: iliacus ▶"))
        pivot_row = QHBoxLayout()
        pivot_row.addWidget(self.slider, 1)
        pivot_row.addWidget(self.play)
        pivot_box = QGroupBox("Pivot")
        pivot_layout = QVBoxLayout(pivot_box)
        pivot_layout.addLayout(pivot_row)
        pivot_layout.addLayout(ends)
        pivot_layout.addWidget(self.pivot_label)

        self.challenge_box = QGroupBox("Challenge")
        self.start_challenge = QPushButton("Start a challenge")
        self.submit = QPushButton("Check this placement (Enter)")
        self.task = QLabel(wordWrap=True)
        self.task.setAccessibleName("Task")
        self.feedback = QLabel(wordWrap=True)
        self.feedback.setAccessibleName("Feedback")
        self.score = QLabel()
        challenge_layout = QVBoxLayout(self.challenge_box)
        challenge_layout.addWidget(self.task)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_challenge)
        buttons.addWidget(self.submit)
        challenge_layout.addLayout(buttons)
        challenge_layout.addWidget(self.feedback)
        challenge_layout.addWidget(self.score)

        hold_box = QGroupBox("Hold")
        self.hold = HoldTimerWidget(countdown)
        QVBoxLayout(hold_box).addWidget(self.hold)

        layout = QVBoxLayout(body)
        self._body_layout = layout
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(toggles)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.advice)
        layout.addWidget(pivot_box)
        layout.addWidget(self.challenge_box)
        layout.addWidget(hold_box)
        layout.addStretch(1)

        self.show_tool.toggled.connect(session.set_visible)
        self.practice.toggled.connect(session.set_practice)
        self.slider.valueChanged.connect(lambda value: session.set_pivot(float(value)))
        self.side.activated.connect(lambda _i: self._choose_side(self.side.currentText()))
        session.changed.connect(lambda _aspects: self.refresh())
        self.show_challenge(None)
        self.refresh()

    def add_below_readout(self, *widgets: QWidget) -> None:
        """Sections of their own (the depth diagram, the body wall control) under the readout."""
        at = self._body_layout.indexOf(self.advice) + 1
        for offset, widget in enumerate(widgets):
            self._body_layout.insertWidget(at + offset, widget)

    # --- model -> widgets ---------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        for box, value in ((self.show_tool, session.visible), (self.practice, session.practice)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.side.setCurrentText(session.side)
        self.slider.blockSignals(True)
        self.slider.setValue(round(session.pivot_deg))
        self.slider.blockSignals(False)
        self.pivot_label.setText(pivot_words(session.pivot_deg))
        self.submit.setEnabled(session.placement is not None)
        placement = session.placement if session.visible else None
        if placement is None:
            self.headline.setText("The hip hook is not shown")
            self._set_headline_style("")
            self.details.setText("Tick “Show the hip hook” or open a lesson step with the tool.")
            self.advice.setText("")
            return
        value = readout(placement)
        self.headline.setText(value.headline)
        self._set_headline_style(
            f"background: {VERDICT_COLOURS[value.verdict]}; color: {VERDICT_TEXT[value.verdict]}; "
            "font-weight: 600; font-size: 11pt; border-radius: 3px;"
        )
        vessel = (
            f"nearest vessel: {plain_name(value.nearest_vessel)}, {value.nearest_vessel_mm:.0f} mm"
            if value.nearest_vessel
            else "no vessel near"
        )
        depth = "" if value.depth_mm is None else f"depth {value.depth_mm:.0f} mm · "
        wall = wall_words(value.wall_mm)
        self.details.setText(f"{value.side} side · {depth}{wall} · {vessel}")
        self.advice.setText(value.advice[:ADVICE_CHARS])

    def _set_headline_style(self, sheet: str) -> None:
        # Only when the verdict changes: a new style sheet re-polishes the label and lays the panel
        # out again, work a drag would otherwise repeat at every move.
        if sheet != self.headline.styleSheet():
            self.headline.setStyleSheet(sheet)

    def _choose_side(self, side: str) -> None:
        self.session.place_default(side)
        self.session.set_visible(True)

    def show_challenge(self, challenge: Challenge | None, result: TaskResult | None = None) -> None:
        if challenge is None:
            self.task.setText("Five placements to find, each scored by the placement checker.")
            self.feedback.setText("")
            self.score.setText("")
            self.submit.setVisible(False)
            return
        self.submit.setVisible(not challenge.done)
        if challenge.done:
            self.task.setText(challenge.summary())
        else:
            self.task.setText(
                f"<b>Task {challenge.index + 1} / {len(challenge.tasks)}:</b> {challenge.current.prompt}"
            )
        if result is not None:
            colour = "#1b7f3b" if result.correct else "#b3261e"
            # Said of the task just judged: the line above already shows the next one.
            judged = f"Task {challenge.index}: {result.feedback}"
            self.feedback.setText(f"<span style='color:{colour}'>{judged}</span>")
        else:
            self.feedback.setText("")
        self.score.setText(f"Score: {challenge.score} / {challenge.index} so far")

    def set_playing(self, playing: bool) -> None:
        self.play.setText("⏸ Pause" if playing else "▶ Sweep")
