"""Dragging a section's frame in the view: is the mouse on the frame, and how far along the plane's
normal does a mouse move push the cut?

    press: near the frame's edges on the screen? -> the 3D point of the frame nearest the mouse
    move:  mouse offset (pixels) -> onto the normal's direction on the screen -> mm along the normal

Seen edge-on (an axial cut from the front), the normal runs across the screen and the cut follows the
mouse exactly. Seen face-on (looking straight at the cut) the normal points at the viewer; then moving
the mouse up brings the cut toward the viewer, at the scale of the plane's distance from the camera.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkRenderer

from ...core.scene.section import CutPlane
from ..overlays.tool_pick import display_of

PROBE_MM = 10.0  # a step along the normal, to see where the screen takes it
# Below this many pixels per mm the normal points (nearly) at the viewer: use the face-on rule.
FACE_ON_PX_PER_MM = 0.15
# A press this near the frame grabs it: seen edge-on in a small view the frame is a line a pixel or
# two thick, too thin to hit exactly.
GRAB_TOLERANCE_PX = 6.0


class FramePicker:
    """Is a display pixel on (or within ``GRAB_TOLERANCE_PX`` of) the frame, the section view's
    handle, and where on it? Measured on the frame's edges projected to the screen: no render."""

    def __init__(self, renderer: vtkRenderer, frame, corners) -> None:
        """``corners()``: the frame's four corners now (the frame follows the cut)."""
        self.renderer = renderer
        self.frame = frame
        self.corners = corners

    def pick(self, x: float, y: float) -> np.ndarray | None:
        """The 3D point of the frame nearest pixel (x, y) (VTK's origin: bottom left), or None."""
        if not self.frame.GetVisibility():
            return None
        corners = np.asarray(self.corners(), float)
        screen = np.array([display_of(self.renderer, c) for c in corners])
        best, best_gap = None, GRAB_TOLERANCE_PX
        mouse = np.array([x, y], float)
        for k in range(len(corners)):
            a, b = screen[k], screen[(k + 1) % len(corners)]
            span = b - a
            t = float(np.clip((mouse - a) @ span / max(span @ span, 1e-12), 0.0, 1.0))
            gap = float(np.linalg.norm(a + t * span - mouse))
            if gap <= best_gap:
                best_gap = gap
                best = corners[k] + t * (corners[(k + 1) % len(corners)] - corners[k])
        return best


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
