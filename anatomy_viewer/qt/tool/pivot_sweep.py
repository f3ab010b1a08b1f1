"""The pivot animation: the play/pause sweep between the psoas and iliacus aims, and a lesson step's
one-way turn (``pivot_to_deg``). The angle follows the clock, so a slow frame drops, never drags.

    play / lesson step --start(from, to, bounce)--> QTimer (~30/s) --set_pivot(angle)--> ToolSession
                                                   --arc (from, to) for the arrow--> the controller
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

from ...core.tool.session import SWEEP_DEG_PER_S, SWEEP_FROM_DEG, SWEEP_TO_DEG

SWEEP_FRAME_MS = 33  # ~30 updates a second at most; fewer when the render is slower


class PivotSweep(QObject):
    def __init__(
        self, set_pivot: Callable[[float], None], playing: Callable[[bool], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.set_pivot = set_pivot
        self.playing = playing
        self.arc: tuple[float, float] | None = None  # (from, to) of the current run
        self._run: tuple[float, float, bool] | None = None  # (from, to, bounce)
        self._clock = QElapsedTimer()
        self.timer = QTimer(self, interval=SWEEP_FRAME_MS)
        self.timer.timeout.connect(self._frame)

    @property
    def running(self) -> bool:
        return self._run is not None

    def play_from(self, pivot_deg: float) -> None:
        """The back-and-forth sweep, starting where the pivot is, first toward the iliacus."""
        start = min(SWEEP_TO_DEG, max(SWEEP_FROM_DEG, pivot_deg))
        self.start(start, SWEEP_TO_DEG if start < SWEEP_TO_DEG else SWEEP_FROM_DEG, bounce=True)

    def start(self, start_deg: float, end_deg: float, bounce: bool) -> None:
        self._run = (float(start_deg), float(end_deg), bounce)
        self.arc = (float(start_deg), float(end_deg))
        self._clock.start()
        self.timer.start()
        self.playing(bounce)

    def stop(self) -> None:
        self.timer.stop()
        self._run = None
        self.playing(False)

    def _frame(self) -> None:
        if self._run is None:
            return
        start, end, bounce = self._run
        travelled = SWEEP_DEG_PER_S * self._clock.elapsed() / 1000.0
        if travelled < abs(end - start):
            self.set_pivot(start + (1.0 if end >= start else -1.0) * travelled)
            return
        if not bounce:
            self.set_pivot(end)  # while still running: the last frame keeps this run's arc
            self.stop()
            return
        # Turn round at the end and sweep the whole range back.
        back = SWEEP_FROM_DEG if end >= start else SWEEP_TO_DEG
        self._run = (end, back, True)
        self.arc = (end, back)
        self._clock.start()
        self.set_pivot(end)
