"""Which point of the derived body wall is under a pixel of the 3D view, and the reverse.

    display pixel --renderer (near and far clipping planes)--> mouse ray --clipped to the wall's box-->
        core.tool_geometry.first_wall_crossing --> (x, y, z) on the wall, or None

The wall is a height field, so the ray meets exactly the surface the checker puts the tip on, whether
or not a wall actor is drawn (the zones layer's, this layer's, or none) and whatever is in front.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkPropPicker, vtkRenderer

from ...core.anatomy.body_wall import BodyWall
from ...core.tool.geometry import first_wall_crossing


def _display_to_world(renderer: vtkRenderer, x: float, y: float, depth: float) -> np.ndarray:
    renderer.SetDisplayPoint(x, y, depth)
    renderer.DisplayToWorld()
    point = np.array(renderer.GetWorldPoint(), float)
    return point[:3] / point[3]


def pixel_ray(renderer: vtkRenderer, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
    """The ray under display pixel (x, y) (VTK's origin: bottom left), near plane to far plane."""
    return _display_to_world(renderer, x, y, 0.0), _display_to_world(renderer, x, y, 1.0)


def display_of(renderer: vtkRenderer, point) -> tuple[float, float]:
    """Display pixel (x, y) of a world point (VTK's origin: bottom left)."""
    renderer.SetWorldPoint(*np.asarray(point, float), 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    return float(x), float(y)


def _clip_to_box(start, end, low, high) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment start..end inside the box (slab method), or None if it misses it."""
    direction = end - start
    t0, t1 = 0.0, 1.0
    for axis in range(3):
        if abs(direction[axis]) < 1e-12:
            if not low[axis] <= start[axis] <= high[axis]:
                return None
            continue
        a = (low[axis] - start[axis]) / direction[axis]
        b = (high[axis] - start[axis]) / direction[axis]
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 > t1:
            return None
    return start + t0 * direction, start + t1 * direction


def wall_under_pixel(
    renderer: vtkRenderer, wall: BodyWall, x: float, y: float
) -> np.ndarray | None:
    near, far = pixel_ray(renderer, x, y)
    outline = wall.outline
    margin = 1.0  # so a ray grazing the wall's highest or lowest point is not clipped away
    low = np.array([outline.x_min, wall.y.min() - margin, outline.bottom_z.min()])
    high = np.array([outline.x_max, wall.y.max() + margin, outline.z_top])
    clipped = _clip_to_box(near, far, low, high)
    if clipped is None:
        return None
    return first_wall_crossing(wall.height_mm, wall.contains, *clipped, step_mm=1.0)


class ActorPicker:
    """Is one given actor (the hook) under a pixel? VTK's prop picker, limited to that actor."""

    def __init__(self, renderer: vtkRenderer, actor) -> None:
        self.renderer = renderer
        self.picker = vtkPropPicker()
        self.picker.PickFromListOn()
        self.picker.AddPickList(actor)

    def hit(self, x: float, y: float) -> bool:
        return bool(self.picker.Pick(x, y, 0, self.renderer))
