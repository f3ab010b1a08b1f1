"""Zones in the window: the Zones group, the zones overlay (built on first use), and the verdict under
the mouse on the body wall, in the status bar.

    ZonesPanel --set_zone_layers--> ViewerState --changed("zones")--> ZonesLayer.set_layers -> render
    lesson step (SceneDirector overlay) --apply(state)--> ViewerState.set_zone_layers
    mouse over the wall --pick--> PlacementChecker.verdict_at --> status bar
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from vtkmodules.vtkRenderingCore import vtkCellPicker

from ...core.scene.scene_state import SceneState
from .zones_panel import ZonesPanel

HOVER_INTERVAL_MS = 60  # at most ~16 verdicts a second while the mouse moves: cheap, still live


class ZonesController(QObject):
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

    # --- overlay protocol (lesson steps) ----------------------------------------------------------
    def apply(self, state: SceneState) -> None:
        self.state.set_zone_layers(state.zones)

    # --- model -> overlay -----------------------------------------------------------------------
    def _on_changed(self, aspects: frozenset[str]) -> None:
        if "zones" not in aspects:
            return
        layers = self.state.zone_layers
        if layers and self.layer is None:
            self._build()
        if self.layer is not None:
            self.layer.set_layers(layers)
            if self.window.scene.auto_render:
                self.window.scene.request_render()

    def _build(self) -> None:
        from ...render.overlays.zones_layer import ZonesLayer

        checker = self.window.placement_checker()
        self.window.statusBar().showMessage("Classifying the body wall into zones…")
        self.layer = ZonesLayer(self.window.view, checker, theme=self.window.scene.theme, layers=())
        self.window.statusBar().clearMessage()
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
        widget = self.window.view.interactor
        ratio = widget.devicePixelRatioF()
        x, y = position.x() * ratio, (widget.height() - position.y()) * ratio
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
