"""Pins for landmarks: a small sphere on each, and for a pin that stands off every shown surface
(core/pictures/pins.py) a thin stalk straight back to the tissue behind it, ending in a flat foot.

    landmark ids + the shown structures --show()--> pins, stalks and feet (one actor each, changed
                                                    in place) and the labels' anchors for the board

Used by the step's labels (render/overlays/labels.py) and the Zones panel's landmark layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkPolyDataMapper

from ...core.pictures.pins import PinDepth, pin_depth

PIN_RADIUS_MM = 4.0
STALK_RADIUS_MM = 0.9
FOOT_RADIUS_MM = 3.2
FOOT_THICKNESS_MM = 0.8
STALK_COLOUR = "#8a8a8a"  # mid grey: reads on the dark desk background and on white paper


class LandmarkPins:
    def __init__(self, plotter, name: str, colour: str) -> None:
        self.plotter = plotter
        self.ids: tuple[str, ...] = ()
        self.depths: dict[str, PinDepth] = {}
        self._cache: dict[tuple, PinDepth] = {}
        self._pins = pv.PolyData()
        self._stalks = pv.PolyData()
        self.pins = _actor(plotter, self._pins, colour, f"{name}-pins")
        self.stalks = _actor(plotter, self._stalks, STALK_COLOUR, f"{name}-stalks")
        self.actors = [self.pins, self.stalks]
        self.show((), {})

    def show(self, ids: Iterable[str], points: Mapping[str, np.ndarray], scene=None) -> None:
        """Pin ``ids`` at ``points``; ``scene`` (an AnatomyScene): which structures are shown, so
        pins off all of them stand on a stalk (None: no stalks)."""
        ids = tuple(i for i in ids if i in points)
        shown = frozenset(scene.state.visible & set(scene.actors)) if scene is not None else None
        meshes: dict | None = None
        self.depths = {}
        for landmark in ids:
            if shown is None:
                continue
            key = (landmark, tuple(np.round(points[landmark], 3)), shown)
            if key not in self._cache:
                if meshes is None:
                    meshes = {i: scene.mesh(i) for i in shown}
                self._cache[key] = pin_depth(points[landmark], meshes)
            self.depths[landmark] = self._cache[key]
        self.ids = ids
        spheres = _pins_at([points[i] for i in ids])
        stalks = []
        for landmark in ids:
            depth = self.depths.get(landmark)
            if depth is None or depth.foot is None:
                continue
            start, foot = np.asarray(points[landmark]), depth.foot
            along = foot - start
            length = float(np.linalg.norm(along))
            if length <= PIN_RADIUS_MM:
                continue
            stalks.append(pv.Cylinder(center=(start + foot) / 2, direction=along, radius=STALK_RADIUS_MM,
                                      height=length, resolution=12))  # fmt: skip
            stalks.append(pv.Cylinder(center=foot - along / length * FOOT_THICKNESS_MM / 2,
                                      direction=along, radius=FOOT_RADIUS_MM,
                                      height=FOOT_THICKNESS_MM, resolution=20))  # fmt: skip
        self._pins.copy_from(spheres)
        self._pins.Modified()
        _assign(self._stalks, stalks)
        self.pins.SetVisibility(bool(ids))
        self.stalks.SetVisibility(bool(stalks))

    def set_visibility(self, visible: bool) -> None:
        self.pins.SetVisibility(visible and bool(self.ids))
        self.stalks.SetVisibility(visible and any(d.foot is not None for d in self.depths.values()))


_PIN: tuple[np.ndarray, np.ndarray] | None = None  # one pin's sphere at the origin: points, faces


def _pins_at(centers: list) -> pv.PolyData:
    """One sphere at each of ``centers``, in one mesh: the same sphere each time, its points
    shifted (making and merging a pv.Sphere per pin took 5 ms each, and a lesson step with
    landmarks has up to ten)."""
    global _PIN
    if _PIN is None:
        sphere = pv.Sphere(radius=PIN_RADIUS_MM)
        _PIN = (np.asarray(sphere.points), sphere.regular_faces)
    points, faces = _PIN
    if not centers:
        return pv.PolyData()
    shifted = [points + np.asarray(c, dtype=points.dtype) for c in centers]
    shifted_faces = [faces + k * len(points) for k in range(len(centers))]
    return pv.PolyData.from_regular_faces(np.concatenate(shifted), np.concatenate(shifted_faces))


def _actor(plotter, data: pv.PolyData, colour: str, name: str) -> pv.Actor:
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(data)
    mapper.ScalarVisibilityOff()
    actor = pv.Actor(mapper=mapper)
    actor.prop.color = colour
    actor.prop.interpolation = "phong"
    plotter.add_actor(actor, name=name, pickable=False, reset_camera=False, render=False)
    return actor


def _assign(target: pv.PolyData, parts: list[pv.PolyData]) -> None:
    """Replace ``target``'s geometry in place: its actor stays, only its data changes."""
    merged = pv.merge(parts) if parts else pv.PolyData()
    target.copy_from(merged)
    target.Modified()
