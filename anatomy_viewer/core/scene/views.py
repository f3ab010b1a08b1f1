"""Named camera views in the body frame (+X body's left, +Y posterior, +Z superior).

Views are plain data (like brainrender's camera presets): for each, the direction from the focal point to
the camera and the screen's up vector. ``camera_for_view`` fits the camera to the scene's bounds.
In the anterior view the body faces the viewer, so the body's left (+X) is on the screen's right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

VIEWS: dict[str, dict[str, tuple[float, float, float]]] = {
    "anterior": {"direction": (0.0, -1.0, 0.0), "up": (0.0, 0.0, 1.0)},
    "posterior": {"direction": (0.0, 1.0, 0.0), "up": (0.0, 0.0, 1.0)},
    "left": {"direction": (1.0, 0.0, 0.0), "up": (0.0, 0.0, 1.0)},
    "right": {"direction": (-1.0, 0.0, 0.0), "up": (0.0, 0.0, 1.0)},
    # From above, with the front of the body at the top of the screen.
    "superior": {"direction": (0.0, 0.0, 1.0), "up": (0.0, -1.0, 0.0)},
    # From the front, right and above: shows the right iliac fossa, where most examples sit.
    "oblique": {"direction": (-0.55, -1.0, 0.45), "up": (0.0, 0.0, 1.0)},
}
VIEW_NAMES = tuple(VIEWS)  # keys 1-6 follow this order
VIEW_ANGLE_DEG = 30.0  # VTK's default perspective angle


@dataclass(frozen=True)
class CameraPose:
    position: tuple[float, float, float]
    focal_point: tuple[float, float, float]
    up: tuple[float, float, float]

    def distance(self) -> float:
        return float(np.linalg.norm(np.subtract(self.position, self.focal_point)))


def view_axes(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit vectors of the named view: toward the camera, the screen's up and its right."""
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; choose from {', '.join(VIEW_NAMES)}")
    direction = np.asarray(VIEWS[name]["direction"], float)
    direction /= np.linalg.norm(direction)
    up = np.asarray(VIEWS[name]["up"], float)
    up = up - direction * (up @ direction)
    up /= np.linalg.norm(up)
    return direction, up, np.cross(up, direction)


def camera_for_view(
    name: str,
    bounds: tuple[np.ndarray, np.ndarray] | np.ndarray,
    aspect: float = 4 / 3,
    margin: float = 1.1,
) -> CameraPose:
    """A camera looking at the centre of ``bounds`` (min xyz, max xyz) from the named side.

    The distance fits the box's silhouette as seen from that side into a viewport of the given
    aspect (width / height), so the anatomy fills the view instead of a loose bounding sphere.
    """
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; choose from {', '.join(VIEW_NAMES)}")
    return camera_along(VIEWS[name]["direction"], VIEWS[name]["up"], bounds, aspect, margin)


def camera_along(
    direction,
    up,
    bounds: tuple[np.ndarray, np.ndarray] | np.ndarray,
    aspect: float = 4 / 3,
    margin: float = 1.1,
    centre=None,
) -> CameraPose:
    """A camera looking at ``centre`` (default: the centre of ``bounds``) from ``direction``, with
    ``up`` as the screen's up, fitted to the box as ``camera_for_view`` fits it."""
    low, high = (np.asarray(b, float) for b in bounds)
    centre = (low + high) / 2 if centre is None else np.asarray(centre, float)
    direction = np.asarray(direction, float)
    direction /= np.linalg.norm(direction)
    up = np.asarray(up, float)
    up = up - direction * (up @ direction)
    up /= np.linalg.norm(up)
    right = np.cross(up, direction)
    corners = (
        np.array(
            [
                [x, y, z]
                for x in (low[0], high[0])
                for y in (low[1], high[1])
                for z in (low[2], high[2])
            ]
        )
        - centre
    )
    half_height = np.abs(corners @ up).max()
    half_width = np.abs(corners @ right).max()
    depth = np.abs(corners @ direction).max()
    half = max(half_height, half_width / max(aspect, 1e-6))
    distance = margin * half / math.tan(math.radians(VIEW_ANGLE_DEG / 2)) + depth
    position = centre + direction * distance
    return CameraPose(tuple(position.tolist()), tuple(centre.tolist()), tuple(up.tolist()))
