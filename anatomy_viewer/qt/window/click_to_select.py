"""A click (press and release without dragging) in the 3D view selects the structure under the cursor.

Done as a Qt event filter, not a VTK observer: VTK's interactor style swallows the button-release event
it uses to end a rotation. The filter only watches; dragging still orbits the camera.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF

from ...render.anatomy.picking import StructurePicker
from .view_pixels import display_xy

CLICK_TOLERANCE_PX = (
    4  # moved further than this between press and release: a drag (orbit), not a click
)


class ClickToSelect(QObject):
    def __init__(
        self, widget, picker: StructurePicker, on_pick: Callable[[str | None], None]
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.picker = picker
        self.on_pick = on_pick
        self.active: Callable[[], bool] = lambda: True  # False: clicks mean something else now
        self._pressed_at: QPointF | None = None
        widget.installEventFilter(self)

    def structure_at(self, position: QPointF) -> str | None:
        return self.picker.pick_at(*display_xy(self.widget, position))

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button().name == "LeftButton":
            self._pressed_at = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed_at is not None:
            moved = event.position() - self._pressed_at
            self._pressed_at = None
            clicked = abs(moved.x()) <= CLICK_TOLERANCE_PX and abs(moved.y()) <= CLICK_TOLERANCE_PX
            if clicked and self.active():
                self.on_pick(self.structure_at(event.position()))
        return False  # never consume: the 3D view still rotates
