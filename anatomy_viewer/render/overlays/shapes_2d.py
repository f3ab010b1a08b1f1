"""Flat shapes drawn over the 3D view (bars, bands, marks), placed in normalised viewport coordinates
so that exports of any size keep them where they are. Shared by the hold countdown and the depth
diagram."""

from __future__ import annotations

from collections.abc import Iterable

import pyvista as pv
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D


def polygon_actor(plotter: pv.Plotter, name: str, corners: int) -> tuple[vtkActor2D, vtkPoints]:
    """A filled polygon of ``corners`` points added to ``plotter`` (no render); move it with
    ``place(points, ...)``."""
    points = vtkPoints()
    points.SetNumberOfPoints(corners)
    cells = vtkCellArray()
    cells.InsertNextCell(corners, list(range(corners)))
    data = vtkPolyData()
    data.SetPoints(points)
    data.SetPolys(cells)
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToNormalizedViewport()
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(data)
    mapper.SetTransformCoordinate(coordinate)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    plotter.add_actor(actor, name=name, pickable=False, render=False)
    return actor, points


def place(points: vtkPoints, xy: Iterable[tuple[float, float]]) -> None:
    for i, (x, y) in enumerate(xy):
        points.SetPoint(i, float(x), float(y), 0.0)
    points.Modified()


def rectangle(x0: float, y0: float, x1: float, y1: float) -> tuple:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
