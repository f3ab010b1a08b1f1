"""Zones in the window: the Zones group, the zones overlay (built on first use), and the verdict under
the mouse on the body wall, in the status bar.

    ZonesPanel --set_zone_layers--> ViewerState --changed("zones")--> ZonesLayer.set_layers -> render
    Body wall control / lesson step --> ViewerState --changed("wall")--> ZonesLayer.use_wall
        (provisional: the zones drawn on the new wall at once) -> render; a worker thread makes
        that thickness's zone map --queued--> ZonesLayer.verify() -> render only if they differ
    lesson step (SceneDirector overlay) --apply(state)--> ViewerState.set_zone_layers
    mouse over the wall --pick--> PlacementChecker.verdict_at --> status bar
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from vtkmodules.vtkRenderingCore import vtkCellPicker

from ...core.scene.scene_state import SceneState
from ..window.view_pixels import display_xy
from .zones_panel import ZonesPanel

HOVER_INTERVAL_MS = 60  # at most ~16 verdicts a second while the mouse moves: cheap, still live


class ZonesController(QObject):
    # Emitted from the zone-map thread: Qt queues it to this object's (the GUI) thread.
    _zone_map_made = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.layer = None
        self.panel = ZonesPanel(self.state)
        window.panel.layout().addWidget(self.panel)
        self.state.changed.connect(self._on_changed)
        window.lessons.director.add_overlay(self)

        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._picker.PickFromListOn()
        self._hover_at: QPointF | None = None
        self._hover_timer = QTimer(self, singleShot=True, interval=HOVER_INTERVAL_MS)
        self._hover_timer.timeout.connect(self._show_verdict_under_mouse)
        window.view.interactor.setMouseTracking(True)
        window.view.interactor.installEventFilter(self)
        self._zone_map_made.connect(self._verify)

    # --- overlay protocol (lesson steps) ----------------------------------------------------------
    def apply(self, state: SceneState) -> None:
        self.state.set_zone_layers(state.zones)

    # --- model -> overlay -----------------------------------------------------------------------
    def _on_changed(self, aspects: frozenset[str]) -> None:
        if "zones" not in aspects and "wall" not in aspects:
            return
        layers = self.state.zone_layers
        if layers and self.layer is None:
            self._build()
        if self.layer is not None:
            if "wall" in aspects and self.layer.use_wall(self.state.wall_mm, provisional=True):
                self._pick_the_wall()
                if self.layer.provisional:
                    self._make_zone_map(self.layer.checker)
            self.layer.set_layers(layers)
            if self.window.scene.auto_render:
                self.window.scene.request_render()

    def _busy(self, work):
        """Run ``work`` with a wait cursor and a word in the status bar (a zone map not measured
        yet for this thickness takes about half a second)."""
        from PySide6.QtGui import QGuiApplication

        self.window.statusBar().showMessage("Classifying the body wall into zones…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return work()
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.window.statusBar().clearMessage()

    def _build(self) -> None:
        from ...render.overlays.zones_layer import ZonesLayer

        checker = self.window.placement_checker().with_wall(self.state.wall_mm)
        self.layer = self._busy(
            lambda: ZonesLayer(self.window.view, checker, theme=self.window.scene.theme, layers=())
        )
        self._pick_the_wall()

    def _make_zone_map(self, checker) -> None:
        """The zone map of this thickness on a worker thread (numpy on what the checker measured;
        no Qt or VTK object is touched off the GUI thread)."""

        pivot_deg = self.layer.pivot_deg

        def run() -> None:
            checker.zone_map(pivot_deg)
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._zone_map_made.emit(checker)

        threading.Thread(target=run, name="zone-map", daemon=True).start()

    def _verify(self, checker) -> None:
        if self.layer is None or self.layer.checker is not checker:
            return  # the thickness changed again: that one's own thread verifies it
        if self.layer.verify():
            self._pick_the_wall()
            self.window.statusBar().showMessage("Zones classified again on the new body wall", 4000)
            if self.window.scene.auto_render:
                self.window.scene.request_render()

    def _pick_the_wall(self) -> None:
        self._picker.InitializePickList()
        for actor in self.layer.actors["wall"]:
            if actor.IsA("vtkActor"):
                self._picker.AddPickList(actor)

    # --- hover -> status bar --------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QEvent.Type.MouseMove
            and self.layer is not None
            and "wall" in self.layer.shown
        ):
            self._hover_at = event.position()
            if not self._hover_timer.isActive():
                self._hover_timer.start()
        return False

    def verdict_at_pixel(self, position: QPointF):
        """The placement verdict where the wall is under this widget position (None off the wall)."""
        x, y = display_xy(self.window.view.interactor, position)
        if not self._picker.Pick(x, y, 0, self.window.view.renderer):
            return None
        return self.layer.verdict_at(self._picker.GetPickPosition())

    def _show_verdict_under_mouse(self) -> None:
        if self._hover_at is None or self.layer is None:
            return
        placement = self.verdict_at_pixel(self._hover_at)
        if placement is None:
            return
        reason = placement.reasons[0] if placement.reasons else None
        words = reason.message if reason is not None else ""
        x, _, z = placement.tip
        self.window.statusBar().showMessage(
            f"{placement.verdict.upper()} here ({placement.side}, X {x:.0f} Z {z:.0f} mm): {words}",
            8000,
        )
