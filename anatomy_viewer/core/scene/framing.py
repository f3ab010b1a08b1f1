"""Framing: the camera that shows a set of points from a named direction, filling the picture.

A lesson step is about a few things: the structures it highlights and labels, the landmarks it
names, the hip hook. ``frame_points`` finds the camera on the named view's direction that fits all
of them into a picture of the given aspect ratio, with a margin, under perspective (each point's
own depth counts, so an oblique view is not framed by a loose bounding box):

    points (mm) + view name + aspect --frame_points--> CameraPose (centred, as close as they fit)

Explicit lesson cameras are not framed: they win.
"""

from __future__ import annotations

import math

import numpy as np

from .views import VIEW_ANGLE_DEG, CameraPose, view_axes

# The share of the picture's height or width the framed points may span: the rest is margin, room
# for the labels placed around their anchors and for the readout and the legend in the corners.
FILL = 0.74
# A step about one small thing (a single landmark) still shows its surroundings: at least this much
# of the body across, about half the width of the pelvis.
MIN_SPAN_MM = 150.0
REFINE_STEPS = 4


def frame_points(
    points,
    view: str,
    aspect: float,
    fill: float = FILL,
    min_span_mm: float = MIN_SPAN_MM,
    view_angle_deg: float = VIEW_ANGLE_DEG,
) -> CameraPose:
    """The camera looking along the named ``view`` that fits ``points`` (n, 3) in the picture."""
    direction, up, right = view_axes(view)
    points = np.asarray(points, float).reshape(-1, 3)
    if not len(points):
        raise ValueError("nothing to frame")
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    points = _at_least(points, centre, right, up, min_span_mm)
    tan_h = math.tan(math.radians(view_angle_deg / 2)) * fill
    tan_w = tan_h * max(aspect, 1e-6)
    distance = 0.0
    for _ in range(REFINE_STEPS):
        rel = points - centre
        x, y, z = rel @ right, rel @ up, rel @ direction  # z: toward the camera
        # Each point at depth z seen from distance D spans |x| / (D - z) of the half-width's tangent.
        distance = float(max(np.max(z + np.abs(x) / tan_w), np.max(z + np.abs(y) / tan_h)))
        u, v = x / (distance - z), y / (distance - z)
        # Centre the projected extremes: shift the focal point by their midpoint, at the focal depth.
        centre = centre + right * ((u.max() + u.min()) / 2 * distance)
        centre = centre + up * ((v.max() + v.min()) / 2 * distance)
    position = centre + direction * distance
    return CameraPose(tuple(position.tolist()), tuple(centre.tolist()), tuple(up.tolist()))


def _at_least(points, centre, right, up, span_mm: float) -> np.ndarray:
    """The points, plus two cross-shaped pairs around the centre if they span less than ``span_mm``
    across or up the picture."""
    rel = points - centre
    extra = []
    for axis in (right, up):
        extent = np.ptp(rel @ axis)
        if extent < span_mm:
            extra += [centre + axis * span_mm / 2, centre - axis * span_mm / 2]
    return np.vstack([points, *extra]) if extra else points
