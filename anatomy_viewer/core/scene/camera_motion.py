"""How the camera moves, as pure pose arithmetic: the glide from one lesson step's view to the next
(the window's glide and the exported videos share it) and the turntable's turn around the scene.

    glide:     pose A --ease_in_out_cubic(t)--> interpolate(A, B, eased t) --> pose B
    turntable: pose --orbit(pose, angle_deg) about the body's superior axis through the focal point
"""

from __future__ import annotations

import numpy as np

from .views import CameraPose

GLIDE_MS = 400  # under half a second: long enough to follow, short enough not to wait for
# A turntable turns about the body's long axis (+Z is superior in the meshes' frame), as a body
# standing on a turntable would: the views of a lesson keep their height above the floor.
SUPERIOR_AXIS = (0.0, 0.0, 1.0)


def ease_in_out_cubic(t: float) -> float:
    """Slow start, slow end: the glide's pace (the same curve as Qt's ``QEasingCurve.InOutCubic``,
    which the window's animation uses; a test keeps the two equal)."""
    t = min(1.0, max(0.0, float(t)))
    if t < 0.5:
        return 4.0 * t**3
    return 1.0 - (2.0 - 2.0 * t) ** 3 / 2.0


def interpolate(start: CameraPose, end: CameraPose, t: float) -> CameraPose:
    """Blend two poses: focal point in a straight line, viewing direction and distance separately,
    so the camera swings around the anatomy instead of cutting through it."""
    f0, f1 = np.asarray(start.focal_point), np.asarray(end.focal_point)
    d0 = np.subtract(start.position, f0)
    d1 = np.subtract(end.position, f1)
    r0, r1 = np.linalg.norm(d0), np.linalg.norm(d1)
    direction = (1 - t) * d0 / r0 + t * d1 / r1
    if np.linalg.norm(direction) < 1e-6:  # opposite directions: swing through the up vector
        direction = np.asarray(start.up, float)
    direction /= np.linalg.norm(direction)
    focal = (1 - t) * f0 + t * f1
    up = (1 - t) * np.asarray(start.up) + t * np.asarray(end.up)
    up = up / (np.linalg.norm(up) or 1.0)
    position = focal + direction * ((1 - t) * r0 + t * r1)
    return CameraPose(tuple(position), tuple(focal), tuple(up))


def orbit(
    pose: CameraPose, angle_deg: float, axis: tuple[float, float, float] = SUPERIOR_AXIS
) -> CameraPose:
    """The camera carried ``angle_deg`` around ``axis`` through its focal point (counter-clockwise
    seen from the axis' tip: from above, the camera moves from the body's front toward its left)."""
    k = np.asarray(axis, float)
    k /= np.linalg.norm(k)
    angle = np.radians(angle_deg)

    def turned(v: np.ndarray) -> np.ndarray:  # Rodrigues' rotation formula
        return (
            v * np.cos(angle) + np.cross(k, v) * np.sin(angle) + k * (k @ v) * (1 - np.cos(angle))
        )

    focal = np.asarray(pose.focal_point, float)
    position = focal + turned(np.subtract(pose.position, focal))
    up = turned(np.asarray(pose.up, float))
    return CameraPose(tuple(position.tolist()), pose.focal_point, tuple(up.tolist()))
