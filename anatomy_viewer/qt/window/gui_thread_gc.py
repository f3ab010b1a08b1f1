"""Python's cycle collector runs on the GUI thread only, while a window is open.

The collector runs on whichever thread happens to allocate when a generation fills up. Garbage
cycles can hold pyvista plotters and VTK objects (an export's off-screen scene, a closed window), so
their finalizers ran on whatever thread triggered the collection. That could be a thread loading
structures or decimated copies (``later_structures.py``, ``render/anatomy/lod.py``). Seen here, under the
test suite: the decimation thread, parsing a cached array's header, collected an old plotter. Its
``__del__`` waited for VTK's lock while holding Python's GIL, and the GUI thread held that lock,
rendering, and waited for the GIL. The window froze.

So while a window is open the automatic collector is off and a timer on the GUI thread does its job
with the same thresholds. Objects freed by reference counting are freed at once as ever; only
cycles wait, at most ``INTERVAL_MS``.

    a window opens (hold)      -> gc.disable(); every INTERVAL_MS on the GUI thread: what is due
    the last one closes (release) -> one full collection here, gc.enable()
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.holders = 0
        self.collections = 0
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def hold(self) -> None:
        """A window opened: from now on cycles are collected on this (the GUI) thread only."""
        self.holders += 1
        if self.holders == 1:
            gc.disable()
            self._timer.start()

    def release(self) -> None:
        """A window closed; after the last one, the automatic collector is back."""
        self.holders = max(0, self.holders - 1)
        if self.holders == 0 and self._timer.isActive():
            self._timer.stop()
            gc.collect()
            gc.enable()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold, as the automatic
        collector would have; the generation collected, or None."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                self.collections += 1
                return generation
        return None


_collector: GuiThreadGarbageCollector | None = None


def gui_thread_collector() -> GuiThreadGarbageCollector:
    """The one collector of this process (made on first use, on the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadGarbageCollector()
    return _collector
