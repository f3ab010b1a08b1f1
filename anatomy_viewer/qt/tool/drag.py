"""Practice mode's mouse: press on the body wall (or on the hook) and drag to move the tool tip.

A Qt event filter on the 3D view, like click_to_select.py. While practice mode is on, a left press
that lands on the wall or the hook is consumed, and so are the moves and the release that follow:
the camera does not turn while the tip is dragged. Any other press (off the wall) still orbits.
Installed after the other filters, so it sees the events first (Qt calls the newest filter first).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt

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
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            if not self.active():
                return False
            x, y = display_xy(self.widget, event.position())
            point = self.wall_at(x, y)
            if point is None and not self.on_tool(x, y):
                return False  # off the wall: the camera turns as usual
            self.dragging_now = True
            self.dragging(True)
            if point is not None:
                self.place(point)
            return True
        if not self.dragging_now:
            return False
        if kind == QEvent.Type.MouseMove:
            point = self.wall_at(*display_xy(self.widget, event.position()))
            if point is not None:  # off the wall's edge: the tip waits at the last spot
                self.place(point)
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.dragging_now = False
            self.dragging(False)
            return True
        return False
