"""Structures the first frame does not show, loaded after it: the window opens on the teaching scene
(the catalogue's "core" group) and then loads the rest (the discs and the nearby thigh muscles,
hidden at start) on a background thread.

    first frame --> LaterStructures.start() --thread: load(ids)--> arrived(LoadResult)
                       --queued to the GUI thread--> the window adds them to the scene
    a lesson or a handout needs some of them now --> take(ids): waits for the thread, or loads
                       just those on the spot (before the first frame: --lesson ID)

The thread reads files and numpy arrays only: no widget and no VTK object is made or freed off the
GUI thread (see render/anatomy/lod.py for the deadlock that rule avoids; gui_thread_gc.py keeps the cycle
collector, which may free VTK objects, off this thread too). Every structure is delivered
exactly once, by ``arrived`` or by ``take``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ...core.anatomy.meshes import LoadResult


class LaterStructures(QObject):
    arrived = Signal(object)  # LoadResult, on the GUI thread
    # Emitted from the loading thread: Qt queues it to this object's (the GUI) thread.
    _loaded = Signal()

    def __init__(
        self, ids: Iterable[str], load: Callable[[list[str]], LoadResult], parent=None
    ) -> None:
        super().__init__(parent)
        self.waiting: list[str] = list(ids)  # not delivered yet
        self._load = load
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._result: LoadResult | None = None  # the thread's, until delivered
        self._closed = False
        self._loaded.connect(self._deliver)

    def start(self) -> None:
        """Load everything still waiting on a background thread (once)."""
        with self._lock:
            if self._thread is not None or not self.waiting:
                return
            ids = list(self.waiting)
            # A daemon: it touches files and numpy only, so quitting mid-load loses nothing.
            self._thread = threading.Thread(
                target=self._run, args=(ids,), name="later-structures", daemon=True
            )
            self._thread.start()

    def _run(self, ids: list[str]) -> None:
        try:
            result = self._load(ids)
        except Exception as exc:  # noqa: BLE001 - never lose the thread's failure silently
            result = LoadResult(errors={i: f"{i}: could not be loaded ({exc})" for i in ids})
        with self._lock:
            self._result = result
            if self._closed:
                return
        # RuntimeError: the window quit, and Qt deleted this object, while the thread was still
        # loading (a quick quit on a slow start): nobody is left to deliver to, nothing is lost.
        with contextlib.suppress(RuntimeError):
            self._loaded.emit()

    def close(self) -> None:
        """The window is closing: what the thread still brings is dropped."""
        self._closed = True

    def _deliver(self) -> None:
        with self._lock:
            result, self._result = self._result, None
            if result is None or self._closed:  # delivered by take(), or nobody to take it
                return
            self.waiting = []
        self.arrived.emit(result)

    def take(self, ids: Iterable[str]) -> LoadResult | None:
        """Those of ``ids`` still waiting, loaded now (returned, not emitted); None if none wait.

        While the thread runs, this waits for it and returns everything it loaded."""
        asked = set(ids)
        wanted = [i for i in self.waiting if i in asked]
        if not wanted:
            return None
        thread = self._thread
        if thread is not None:
            thread.join()
            with self._lock:
                result, self._result = self._result, None
                self.waiting = []
            return result
        result = self._load(wanted)
        self.waiting = [i for i in self.waiting if i not in wanted]
        return result
