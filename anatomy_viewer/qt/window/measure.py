"""Measure mode in the window: View > Measure a distance (M), then click two points in the 3D view (on
a structure, a landmark or the body wall); the distance is drawn there and kept in exports. Escape
(or View > Clear the measurement) clears it and leaves measure mode.

    M / menu --MeasureTool.start--> click (press and release without dragging: a drag still turns
        the camera) --pick on the visible structures and walls, snap to a landmark near the click-->
        MeasureTool.pick --changed--> MeasureLayer.show, status bar, one render

One mouse mode at a time: measuring turns practice mode (dragging the tip) off, and practice mode
turns measuring off. Clicking a structure while measuring does not select it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from vtkmodules.vtkRenderingCore import vtkCellPicker

from ...core.scene.measurement import (
    MeasuredPoint,
    MeasureTool,
    landmark_words,
    snap_to_landmark,
)
from ...render.overlays.measure_layer import MeasureLayer
from .click_to_select import CLICK_TOLERANCE_PX
from .view_pixels import display_xy

WALL_ACTORS = ("zones-wall", "tool-wall")  # the body wall, as the zones or the tool layer draw it
PICK_TOLERANCE = 0.0005


class MeasureController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.tool = MeasureTool()
        self._layer: MeasureLayer | None = None  # its actors, added at the first measurement
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(PICK_TOLERANCE)
        self._picker.PickFromListOn()
        self._pressed_at: QPointF | None = None

        self.action = QAction("&Measure a distance", window)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_M))
        self.action.setCheckable(True)
        self.action.setStatusTip("Click two points in the 3D view to measure between them (M)")
        self.action.toggled.connect(lambda on: self.tool.start() if on else self.tool.stop())
        self.clear_action = QAction("&Clear the measurement", window)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_action.setStatusTip("Clear the measurement and stop measuring (Esc)")
        self.clear_action.triggered.connect(self.tool.clear)
        for action in (self.action, self.clear_action):
            window.addAction(action)  # the keys work with the menu bar hidden too
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)
        window.view_menu.addAction(self.clear_action)

        self.tool.changed.connect(self._on_changed)
        session = getattr(getattr(window, "tool", None), "session", None)
        if session is not None:
            session.changed.connect(self._on_tool_session)
        selector = getattr(window, "click_to_select", None)
        if selector is not None:  # a click while measuring picks a point, it does not select
            selector.active = lambda: not self.tool.active
        window.view.interactor.installEventFilter(self)
        self._on_changed()

    @property
    def layer(self) -> MeasureLayer:
        """The line, its ends and labels in the view. Made when first needed, not at the window's
        start (0.05 s before the first frame, issue 17)."""
        if self._layer is None:
            self._layer = MeasureLayer(self.window.view)
        return self._layer

    # --- model -> view --------------------------------------------------------------------------
    def _on_changed(self) -> None:
        tool = self.tool
        self.action.blockSignals(True)
        self.action.setChecked(tool.active)
        self.action.blockSignals(False)
        # Enabled only with something to clear: Escape stays free for dialogs and fields otherwise.
        self.clear_action.setEnabled(tool.has_something)
        if self._layer is not None or tool.has_something:
            self.layer.show(tool)
        if tool.active:
            session = getattr(getattr(self.window, "tool", None), "session", None)
            if session is not None and session.practice:
                session.set_practice(False)
        if tool.active:
            self.window.placement_checker()  # the landmarks to snap to, measured once
        bar = self.window.statusBar()
        if tool.measurement is not None:
            bar.showMessage(f"Measured {tool.measurement.words()}", 15000)
        elif tool.first is not None:
            bar.showMessage(f"From {tool.first.what}: click the second point (Esc to stop)")
        elif tool.active:
            bar.showMessage("Measure: click the first point on a structure, landmark or the wall")
        self.window.view.interactor.update()  # one frame soon, shared with anything else changing

    def _on_tool_session(self, aspects) -> None:
        if "practice" in aspects and self.window.tool.session.practice and self.tool.active:
            self.tool.stop()

    # --- clicks ---------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if not self.tool.active:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed_at = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed_at is not None:
            moved = event.position() - self._pressed_at
            self._pressed_at = None
            if abs(moved.x()) <= CLICK_TOLERANCE_PX and abs(moved.y()) <= CLICK_TOLERANCE_PX:
                point = self.point_at(event.position())
                if point is not None:
                    self.tool.pick(point)
        return False  # never consume: a drag still turns the camera

    def _display_xy(self, position: QPointF) -> tuple[float, float]:
        return display_xy(self.window.view.interactor, position)

    def point_at(self, position: QPointF) -> MeasuredPoint | None:
        """What is under this widget position: a landmark near it, else the surface there."""
        x, y = self._display_xy(position)
        renderer = self.window.view.renderer
        self._picker.InitializePickList()
        scene = self.window.scene
        for actor in scene.actors.values():
            if actor.GetVisibility():
                self._picker.AddPickList(actor)
        for name in WALL_ACTORS:
            actor = self.window.view.actors.get(name)
            if actor is not None and actor.GetVisibility():
                self._picker.AddPickList(actor)
        hit = self._picker.Pick(x, y, 0, renderer) and self._picker.GetActor() is not None
        picked = np.array(self._picker.GetPickPosition()) if hit else None
        landmark = self._landmark_near((x, y), picked)
        if landmark is not None:
            marks = self.window.placement_checker().landmarks
            return MeasuredPoint(tuple(float(v) for v in marks[landmark]), landmark_words(landmark),
                                 landmark)  # fmt: skip
        if picked is None:
            return None
        structure = scene.structure_of(self._picker.GetActor())
        what = scene.catalogue[structure].name if structure else "body wall"
        return MeasuredPoint(tuple(float(v) for v in picked), what)

    def _landmark_near(self, xy, picked) -> str | None:
        marks = self.window.placement_checker().landmarks
        renderer = self.window.view.renderer
        on_screen = {}
        for landmark, point in marks.points.items():
            renderer.SetWorldPoint(*point, 1.0)
            renderer.WorldToDisplay()
            on_screen[landmark] = renderer.GetDisplayPoint()
        camera = renderer.GetActiveCamera().GetPosition()
        return snap_to_landmark(xy, on_screen, picked, marks.points, camera)


def install_measure(window) -> MeasureController:
    """View > Measure a distance (M) and Clear the measurement (Esc) (one call from the main window)."""
    return MeasureController(window)
