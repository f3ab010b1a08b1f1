"""Dragging a section's frame in the view: is the mouse on the frame, and how far along the plane's
normal does a mouse move push the cut?

    press: the frame under the pixel? (VTK's prop picker, the frame only) -> the picked 3D point
    move:  mouse offset (pixels) -> onto the normal's direction on the screen -> mm along the normal

Seen edge-on (an axial cut from the front), the normal runs across the screen and the cut follows the
mouse exactly. Seen face-on (looking straight at the cut) the normal points at the viewer; then moving
the mouse up brings the cut toward the viewer, at the scale of the plane's distance from the camera.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkPropPicker, vtkRenderer

from ...core.scene.section import CutPlane
from ..overlays.tool_pick import display_of

PROBE_MM = 10.0  # a step along the normal, to see where the screen takes it
# Below this many pixels per mm the normal points (nearly) at the viewer: use the face-on rule.
FACE_ON_PX_PER_MM = 0.15


class FramePicker:
    """The frame (the section view's handle) under a display pixel, and where on it."""

    def __init__(self, renderer: vtkRenderer, frame) -> None:
        self.renderer = renderer
        self.picker = vtkPropPicker()
        self.picker.PickFromListOn()
        self.picker.AddPickList(frame)
        self.frame = frame

    def pick(self, x: float, y: float) -> np.ndarray | None:
        """The 3D point of the frame under pixel (x, y) (VTK's origin: bottom left), or None."""
        if not self.frame.GetVisibility() or not self.picker.Pick(x, y, 0, self.renderer):
            return None
        return np.array(self.picker.GetPickPosition(), float)


def shift_mm(renderer: vtkRenderer, plane: CutPlane, anchor, start_xy, now_xy) -> float:
    """How far (mm, along ``plane.normal``) a drag from ``start_xy`` to ``now_xy`` (display pixels)
    moves a cut grabbed at ``anchor``."""
    anchor = np.asarray(anchor, float)
    normal = np.asarray(plane.normal, float)
    moved = np.subtract(now_xy, start_xy, dtype=float)
    base = np.array(display_of(renderer, anchor))
    along = (np.array(display_of(renderer, anchor + normal * PROBE_MM)) - base) / PROBE_MM
    pixels_per_mm = float(np.linalg.norm(along))
    if pixels_per_mm >= FACE_ON_PX_PER_MM:
        return float(moved @ along) / pixels_per_mm**2
    # Face-on: a screen-parallel step of PROBE_MM at the anchor's depth tells the scale.
    camera = renderer.GetActiveCamera()
    up = np.asarray(camera.GetViewUp(), float)
    scale = np.linalg.norm(np.array(display_of(renderer, anchor + up * PROBE_MM)) - base)
    toward_viewer = 1.0 if (np.asarray(camera.GetPosition()) - anchor) @ normal >= 0 else -1.0
    return toward_viewer * float(moved[1]) * PROBE_MM / max(scale, 1e-6)
