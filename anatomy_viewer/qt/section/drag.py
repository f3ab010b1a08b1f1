"""Dragging the section's frame in the 3D view: press on the yellow frame and drag to move the cut.

A Qt event filter on the 3D view, like the tool's TipDrag. A left press on the frame is consumed, and
so are the moves and the release that follow (the camera does not turn meanwhile); any other press
orbits as usual. Installed after the other filters, so it sees the events first.

    press on the frame --> anchor (3D point), start pixel, start position
    move  --render.anatomy.section_drag.shift_mm--> SectionSession.move_to(start + shift, moving)
    release --> SectionSession.settle(): the cut faces are drawn
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from ...core.scene.section_session import SectionSession
from ...render.anatomy.section_drag import FramePicker, shift_mm
from ..window.view_pixels import display_xy


class PlaneDrag(QObject):
    def __init__(self, widget, renderer, view, session: SectionSession) -> None:
        """``view``: the scene's SectionView (its frame, its corners, the plane shown now)."""
        super().__init__(widget)
        self.widget = widget
        self.renderer = renderer
        self.picker = FramePicker(renderer, view.handle, view.frame_corners)
        self.session = session
        self.plane = lambda: view.plane
        self.dragging_now = False
        self._start: tuple[tuple[float, float], object, float] | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            section = self.session.section
            if section is None or section.position_mm is None or self.plane() is None:
                return False
            xy = display_xy(self.widget, event.position())
            anchor = self.picker.pick(*xy)
            if anchor is None:
                return False  # off the frame: the camera turns as usual
            self._start = (xy, anchor, section.position_mm)
            self.dragging_now = True
            return True
        if not self.dragging_now:
            return False
        if kind == QEvent.Type.MouseMove:
            start_xy, anchor, start_mm = self._start
            moved = shift_mm(
                self.renderer,
                self.plane(),
                anchor,
                start_xy,
                display_xy(self.widget, event.position()),
            )
            # The normal points into the cut-away half; positions count along the body axis.
            sign = float(self.plane().normal[self.session.section.axis])
            self.session.move_to(start_mm + sign * moved, moving=True)
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.dragging_now = False
            self._start = None
            self.session.settle()
            return True
        return False
