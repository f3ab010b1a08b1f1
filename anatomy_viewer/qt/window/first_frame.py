"""The first frame the user sees, and no frame of the anatomy drawn before the window is on screen.

Qt paints the 3D view (a ``QOpenGLWidget``) once while the window is still being set up, at the
view's first resize inside ``show()``, before the window system has put the window on screen; it
paints again when the window is exposed. Only the second picture is ever seen, yet both were whole
frames of the anatomy (0.1-0.15 s each in software GL, measured under Xvfb). So, from the first
show until the window is exposed, the anatomy's renderer draws nothing; the expose paint draws the
first frame anyone sees, and ``shown`` follows once Qt has put it in the window.

    built               -> renderer.SetDraw(False) (the view's first paint comes inside show(),
                           before the window's own showEvent)
    first showEvent     -> watch the window for its Expose event
    Expose (on screen)  -> renderer.SetDraw(True), a paint is asked for
    that frame's end    -> next event-loop turn (the frame composed into the window) -> shown

Work that would compete with that frame for the CPU (loading the other structures, decimated
copies) starts from ``shown``. Were no expose event to come, the renderer draws again after
``FALLBACK_MS`` anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

FALLBACK_MS = 2000


class FirstShownFrame(QObject):
    shown = Signal()

    def __init__(self, renderer, render_window, request_paint: Callable[[], None], parent) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.render_window = render_window
        self.request_paint = request_paint
        self.done = False
        self._waiting = True  # renderer held back until the window is on screen
        self.renderer.SetDraw(False)
        self._end_tag: int | None = None
        self._fallback = QTimer(self, singleShot=True, interval=FALLBACK_MS)
        self._fallback.timeout.connect(self._release)

    def begin(self, window_handle) -> None:
        """Called at the window's first show, with its QWindow."""
        if not self._waiting:
            return
        if window_handle is None or window_handle.isExposed():
            self._release()
            return
        window_handle.installEventFilter(self)
        self._fallback.start()

    def eventFilter(self, watched, event) -> bool:
        # Before the window's own handling of the expose, which paints the view.
        if event.type() == QEvent.Type.Expose and self._waiting and watched.isExposed():
            watched.removeEventFilter(self)
            self._release()
        return False

    def _release(self) -> None:
        self._fallback.stop()
        if self._waiting:
            self._waiting = False
            self.renderer.SetDraw(True)
        if self._end_tag is None and not self.done:
            self._end_tag = self.render_window.AddObserver("EndEvent", self._frame_ended)
        self.request_paint()

    def _frame_ended(self, *_) -> None:
        self.render_window.RemoveObserver(self._end_tag)
        self.done = True
        QTimer.singleShot(0, self.shown.emit)  # after Qt has composed the frame into the window
