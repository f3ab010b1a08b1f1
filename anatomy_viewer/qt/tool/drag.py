"""Practice mode's mouse: press on the body wall (or on the hook) and drag to move the tool tip.

A Qt event filter on the 3D view, like click_to_select.py. While practice mode is on, a left press
that lands on the wall or the hook is consumed, and so are the moves and the release that follow:
the camera does not turn while the tip is dragged. Any other press (off the wall) still orbits.
Installed after the other filters, so it sees the events first (Qt calls the newest filter first).

Moves are coalesced: a move only notes where the pointer is, and the tip goes to the latest spot
once the events already waiting are handled (a zero-time timer, started by the first move since
the last placement and never restarted). A mouse sends a move every 8-10 ms, and placing the tip
(the placement check, the hook, the readout, the depth diagram) costs more than that on a slow
machine: placing it at every move kept the event loop busy with moves, and the frames that show
the tip fell to one every second or two. Now each frame shows the latest spot, and the tip never
lags behind the pointer by more than one placement. A press places at once; a release first
places the tip at the last spot moved to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from ..window.view_pixels import display_xy


class TipDrag(QObject):
    """``wall_at(x, y)`` and ``on_tool(x, y)`` take VTK display pixels (origin bottom left);
    ``place(point)`` gets the wall point; ``dragging(bool)`` is told when a drag starts and ends."""

    def __init__(
        self,
        widget,
        active: Callable[[], bool],
        wall_at: Callable[[float, float], object],
        on_tool: Callable[[float, float], bool],
        place: Callable[[object], None],
        dragging: Callable[[bool], None] = lambda _on: None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.active = active
        self.wall_at = wall_at
        self.on_tool = on_tool
        self.place = place
        self.dragging = dragging
        self.dragging_now = False
        # Display pixels of the last move not placed yet.
        self._latest: tuple[float, float] | None = None
        self._place_soon = QTimer(self, singleShot=True, interval=0)
        self._place_soon.timeout.connect(self.place_latest)
        widget.installEventFilter(self)

    def place_latest(self) -> None:
        """Place the tip at the last spot moved to, if not placed yet (off the wall's edge: the tip
        waits at the last spot on it)."""
        self._place_soon.stop()
        latest, self._latest = self._latest, None
        if latest is None:
            return
        point = self.wall_at(*latest)
        if point is not None:
            self.place(point)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            if not self.active():
                return False
            x, y = display_xy(self.widget, event.position())
            point = self.wall_at(x, y)
            if point is None and not self.on_tool(x, y):
                return False  # off the wall: the camera turns as usual
            self._latest = None
            self.dragging_now = True
            self.dragging(True)
            if point is not None:
                self.place(point)
            return True
        if not self.dragging_now:
            return False
        if kind == QEvent.Type.MouseMove:
            self._latest = display_xy(self.widget, event.position())
            if not self._place_soon.isActive():  # restarting it would put the placement off
                self._place_soon.start()  # for as long as moves keep coming
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.place_latest()
            self.dragging_now = False
            self.dragging(False)
            return True
        return False
