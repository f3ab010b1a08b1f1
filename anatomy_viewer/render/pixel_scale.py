"""What VTK sizes in pixels, scaled together: text (through the window's DPI), line widths, point
sizes and 2D actors placed in pixels.

A picture drawn at another size than the view's keeps its proportions only if these follow: an
export at 4K scales them up (pictures/export.py), a frame drawn at reduced resolution while the
view moves scales them down (anatomy/moving_resolution.py). Nothing else in VTK scales them.

Only properties that draw something in pixels are touched: a surface's line width is left alone,
since changing a property makes its mapper rebuild its buffers (a whole mesh for nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from vtkmodules.vtkRenderingCore import VTK_DISPLAY, VTK_VIEWPORT, vtkRenderer, vtkRenderWindow

# 2D actors placed in these are placed in pixels and must move with the scale.
PIXEL_COORDINATES = (VTK_DISPLAY, VTK_VIEWPORT)
_SURFACE = 2  # VTK_SURFACE: a surface representation draws no lines or points of its own

Restore = list[tuple[Callable[..., None], tuple]]  # (setter, its previous arguments)
# Whether an actor's mapper draws lines or points, by mapper, while the mapper is unchanged (a new
# input bumps its modification time): asking its data each frame costs a wrapper object per actor.
_drawn_in_pixels: dict[int, tuple[int, bool]] = {}


def window_renderers(window: vtkRenderWindow) -> list[vtkRenderer]:
    collection = window.GetRenderers()
    return [collection.GetItemAsObject(i) for i in range(collection.GetNumberOfItems())]


def scale_pixels(window: vtkRenderWindow, renderers: list[vtkRenderer], scale: float) -> Restore:
    """Scale what is sized in pixels by ``scale``; returns what ``restore_pixels`` puts back."""
    restore: Restore = [(window.SetDPI, (window.GetDPI(),))]
    window.SetDPI(max(1, round(window.GetDPI() * scale)))
    for renderer in renderers:
        props = renderer.GetViewProps()
        props.InitTraversal()
        for _ in range(props.GetNumberOfItems()):
            prop = props.GetNextProp()
            if prop.IsA("vtkActor"):
                surface = prop.GetProperty()
                if _draws_pixels(prop, surface):
                    restore.append((surface.SetLineWidth, (surface.GetLineWidth(),)))
                    restore.append((surface.SetPointSize, (surface.GetPointSize(),)))
                    surface.SetLineWidth(surface.GetLineWidth() * scale)
                    surface.SetPointSize(surface.GetPointSize() * scale)
            elif prop.IsA("vtkActor2D"):
                coordinate = prop.GetPositionCoordinate()
                if coordinate.GetCoordinateSystem() in PIXEL_COORDINATES:
                    x, y, z = coordinate.GetValue()
                    restore.append((coordinate.SetValue, (x, y, z)))
                    coordinate.SetValue(x * scale, y * scale, z)
    return restore


def restore_pixels(restore: Restore) -> None:
    for setter, arguments in reversed(restore):
        setter(*arguments)


@contextmanager
def scaled_pixels(
    window: vtkRenderWindow, renderers: list[vtkRenderer], scale: float
) -> Iterator[None]:
    restore = scale_pixels(window, renderers, scale)
    try:
        yield
    finally:
        restore_pixels(restore)


def _draws_pixels(actor, surface) -> bool:
    """Lines, points or edges: drawn in pixel widths. A plain surface draws none."""
    if surface.GetRepresentation() != _SURFACE or surface.GetEdgeVisibility():
        return True
    if surface.GetVertexVisibility() if hasattr(surface, "GetVertexVisibility") else False:
        return True
    mapper = actor.GetMapper()
    if mapper is None:
        return True
    key, stamp = id(mapper), mapper.GetMTime()
    known = _drawn_in_pixels.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    # The data given to the mapper (pyvista feeds its mappers through a trivial algorithm, whose
    # output is empty until the first render: unknown, so scaled, and asked again next time).
    data = mapper.GetInputDataObject(0, 0) if mapper.GetNumberOfInputPorts() else None
    if data is None or not data.IsA("vtkPolyData") or data.GetNumberOfCells() == 0:
        return True
    answer = data.GetNumberOfLines() > 0 or data.GetNumberOfVerts() > 0
    if len(_drawn_in_pixels) > 4096:  # mappers come and go (labels, zones): never grow unbounded
        _drawn_in_pixels.clear()
    _drawn_in_pixels[key] = (stamp, answer)
    return answer
