"""Click-to-select in the 3D view: a click (press and release without dragging) picks the structure.

Dragging still rotates the camera: the picker only listens and never consumes the events.
"""

from __future__ import annotations

from collections.abc import Callable

import vtk

from .scene import AnatomyScene

CLICK_TOLERANCE_PX = 4  # a press-release that moved further than this was a drag (orbit), not a click


class ClickPicker:
    def __init__(self, scene: AnatomyScene, on_pick: Callable[[str | None], None]) -> None:
        self.scene = scene
        self.on_pick = on_pick
        self._picker = vtk.vtkPropPicker()
        self._pressed_at: tuple[int, int] | None = None
        interactor = scene.plotter.iren.interactor
        interactor.AddObserver("LeftButtonPressEvent", self._on_press, 10.0)
        interactor.AddObserver("LeftButtonReleaseEvent", self._on_release, 10.0)

    def _on_press(self, interactor, _event) -> None:
        self._pressed_at = interactor.GetEventPosition()

    def _on_release(self, interactor, _event) -> None:
        if self._pressed_at is None:
            return
        x, y = interactor.GetEventPosition()
        x0, y0 = self._pressed_at
        self._pressed_at = None
        if abs(x - x0) <= CLICK_TOLERANCE_PX and abs(y - y0) <= CLICK_TOLERANCE_PX:
            self.on_pick(self.pick_at(x, y))

    def pick_at(self, x: int, y: int) -> str | None:
        """The structure under display pixel (x, y) (VTK's origin: bottom left), or None."""
        if self._picker.Pick(x, y, 0, self.scene.plotter.renderer):
            return self.scene.structure_of(self._picker.GetActor())
        return None
