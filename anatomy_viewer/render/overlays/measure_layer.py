"""The measurement in the 3D view: a line between the two picked points with a ball at each end, the
distance in mm at its middle and what each end is on (a landmark, a structure, the body wall); while
the second end is awaited, the first end alone.

    MeasureTool (core) --show(tool)--> tube + end balls + label (in place, no render) | hidden

The line is a tube (it keeps its thickness in exports of any size and shades like the anatomy) and,
drawn over everything, a thin copy of it, so the line still shows where bone hides it. The label is
always visible. Every actor is added once; a new measurement only moves them. Exports keep it: it is
part of the scene (File > Export image).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkStringArray
from vtkmodules.vtkFiltersCore import vtkTubeFilter
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D

from ...core.scene.measurement import MeasureTool

MEASURE_COLOUR = "#ffd21f"  # a yellow nothing else in the view uses: reads on bone, muscle and wall
LABEL_SHAPE = "#1f2329"
TUBE_RADIUS_MM = 1.0
END_RADIUS_MM = 2.5
ON_TOP_WIDTH_PX = 1.5
ON_TOP_OPACITY = 0.6


def _labelled_points(count: int) -> pv.PolyData:
    """Points with a "labels" text array: pyvista labels this data set in place, so a new
    measurement only changes its points and words."""
    data = pv.PolyData(np.zeros((count, 3)))
    words = vtkStringArray()
    words.SetName("labels")
    for _ in range(count):
        words.InsertNextValue("")
    data.GetPointData().AddArray(words)
    return data


def _set_labels(data: pv.PolyData, points: np.ndarray, texts: list[str]) -> None:
    data.points = points
    words = data.GetPointData().GetAbstractArray("labels")
    for i, text in enumerate(texts):
        words.SetValue(i, text)
    data.Modified()


class MeasureLayer:
    def __init__(self, plotter: pv.Plotter) -> None:
        self.plotter = plotter
        add = dict(reset_camera=False, render=False, pickable=False)
        self._line = pv.PolyData(np.array([[0.0, 0, 0], [0, 0, 1]]), lines=[2, 0, 1])
        tube = vtkTubeFilter()
        tube.SetInputData(self._line)
        tube.SetRadius(TUBE_RADIUS_MM)
        tube.SetNumberOfSides(12)
        tube.CappingOn()
        self.tube = plotter.add_mesh(tube, color=MEASURE_COLOUR, name="measure-line", **add)
        self.ends = [
            plotter.add_mesh(
                pv.Sphere(radius=END_RADIUS_MM),
                color=MEASURE_COLOUR,
                name=f"measure-end-{i}",
                **add,
            )  # fmt: skip
            for i in range(2)
        ]
        self.on_top = self._add_on_top_line()
        self._label_data = _labelled_points(1)
        self.label = plotter.add_point_labels(
            self._label_data, "labels", font_size=14, bold=True, text_color=MEASURE_COLOUR,
            shape_color=LABEL_SHAPE, shape_opacity=0.85, show_points=False, always_visible=True,
            name="measure-label", reset_camera=False, render=False,
        )  # fmt: skip
        self._end_data = _labelled_points(2)
        self.end_labels = plotter.add_point_labels(
            self._end_data, "labels", font_size=11, text_color="#f2f2f2", shape_color=LABEL_SHAPE,
            shape_opacity=0.7, show_points=False, always_visible=True, name="measure-end-labels",
            reset_camera=False, render=False,
        )  # fmt: skip
        self.actors = [self.tube, *self.ends, self.on_top, self.label, self.end_labels]
        self.hide()

    def _add_on_top_line(self) -> vtkActor2D:
        """The same segment mapped in 2D from world coordinates: drawn after, and over, the 3D scene."""
        coordinate = vtkCoordinate()
        coordinate.SetCoordinateSystemToWorld()
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(self._line)
        mapper.SetTransformCoordinate(coordinate)
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.SetColor(pv.Color(MEASURE_COLOUR).float_rgb)
        prop.SetLineWidth(ON_TOP_WIDTH_PX)
        prop.SetOpacity(ON_TOP_OPACITY)
        self.plotter.add_actor(actor, name="measure-line-on-top", pickable=False, render=False)
        return actor

    def hide(self) -> None:
        for actor in self.actors:
            actor.SetVisibility(False)

    def show(self, tool: MeasureTool) -> None:
        """Draw what ``tool`` holds: a measurement, or the first end awaiting the second."""
        measurement = tool.measurement
        if measurement is None and tool.first is None:
            self.hide()
            return
        if measurement is None:
            self.hide()
            self.ends[0].SetPosition(*tool.first.point)
            self.ends[0].SetVisibility(True)
            return
        a, b = np.asarray(measurement.a.point), np.asarray(measurement.b.point)
        self._line.points = np.array([a, b])
        self._line.Modified()
        self.ends[0].SetPosition(*a)
        self.ends[1].SetPosition(*b)
        _set_labels(self._label_data, measurement.midpoint[None, :], [measurement.label()])
        _set_labels(self._end_data, np.array([a, b]), [measurement.a.what, measurement.b.what])
        for actor in self.actors:
            actor.SetVisibility(True)

    @property
    def shown(self) -> bool:
        return bool(self.tube.GetVisibility())
