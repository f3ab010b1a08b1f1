"""Which structure is under a pixel of the 3D view (VTK's prop picker on the scene's actors)."""

from __future__ import annotations

from vtkmodules.vtkRenderingCore import vtkPropPicker

from .scene import AnatomyScene


class StructurePicker:
    def __init__(self, scene: AnatomyScene) -> None:
        self.scene = scene
        self._picker = vtkPropPicker()

    def pick_at(self, x: float, y: float) -> str | None:
        """The structure under display pixel (x, y) (VTK's origin: bottom left), or None."""
        # VTK picks by rendering the scene in selection passes: they must see every actor in place.
        self.scene.backdrop.end()
        if self._picker.Pick(x, y, 0, self.scene.plotter.renderer):
            return self.scene.structure_of(self._picker.GetActor())
        return None
