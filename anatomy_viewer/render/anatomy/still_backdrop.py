"""Frames in which only the hip hook moves: everything else is drawn once and its picture reused.

While the tip is dragged, nudged with the keys or pivoted by the sweep, the camera and the anatomy
stand still; only the hook, its press line, the arc and the readout change. Drawing 440,000
triangles again for each of those frames is what made dragging stutter in software GL. So, for the
length of such a "tool move":

    begin(live actors) --> the live actors move to a second renderer on layer 1 (same camera, same
                           lights, depth kept), the anatomy stays on layer 0
    each frame:  window StartEvent: has anything on layer 0 changed (camera, size, an actor, its
                 colour: the target muscle's tint when the press line reaches another muscle)?
                   yes -> layer 0 draws, and its colour and depth are copied aside, at layer 1's
                          start, into a framebuffer object of the window's size
                   no  -> layer 0 is skipped; the framebuffer still holds the last frame, so only
                          the rectangles the live actors covered then or cover now are copied back
                          from it
                 layer 1 draws the live actors, depth-tested against the anatomy's depth
    end()      --> the live actors go back to layer 0; the next frame is an ordinary full frame

``on_move(True/False)`` is told when a move begins and ends: the scene then draws the anatomy's
rare redraws during a move from its decimated copies (lod.py's set_tool_moving).

The copies are framebuffer blits inside GL: reading the picture into numpy arrays and writing
rectangles back with glDrawPixels cost 7 ms of a 33 ms hook frame at 1238x900 in software GL (the
rectangles cover about 290,000 pixels: the hook, the readout, the depth diagram), and a full-window
read at each capture.

A still image therefore never comes from this module: every rest frame and every export is drawn
whole, as before. During a move the picture differs only where a live actor is seen through a
translucent surface (the schematic wall): there it is drawn in front of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from vtkmodules.vtkCommonCore import vtkObject
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkCoordinate,
    vtkProp,
    vtkProp3D,
    vtkRenderer,
    vtkTextActor,
)

from .framebuffer_copies import (
    COLOR_BUFFER_BIT,
    DEPTH_BUFFER_BIT,
    NEAREST,
    ScratchFramebuffer,
    blit,
    blits,
)

# The live actors' renderer: above the anatomy's (layer 0), so it draws second.
LIVE_LAYER = 1
# Pixels added around each live actor's rectangle: line and text edges, the readout's backing box.
RECT_MARGIN_PX = 4


Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in display pixels (origin bottom left), inclusive


class StillBackdrop:
    def __init__(self, plotter, on_move: Callable[[bool], None] | None = None) -> None:
        self.plotter = plotter
        self.on_move = on_move
        self.live: list[vtkProp] = []
        self.enabled = True  # False: every frame drawn whole (the benchmark's baseline)
        self.frames_reused = 0  # frames drawn from the captured picture (for the benchmark, tests)
        self.frames_captured = 0
        self._live_renderer: vtkRenderer | None = None
        self._picture = ScratchFramebuffer(depth=True)  # the anatomy's colour and depth
        self._drawn: dict[int, Rect] = {}  # where each live actor was drawn in the last frame
        self._signature: tuple | None = None
        self._capture = False
        self._observers: list[tuple[vtkObject, int]] = []

    @property
    def active(self) -> bool:
        return self._live_renderer is not None

    def begin(self, live: Iterable[vtkProp]) -> None:
        """From the next frame on, draw the anatomy once and then only ``live`` (no render here)."""
        if self.active or not self.enabled:
            return
        window = self.plotter.render_window
        if window is None:  # closed
            return
        anatomy = self.plotter.renderer
        renderer = vtkRenderer()
        renderer.SetLayer(LIVE_LAYER)
        renderer.SetInteractive(False)  # the mouse turns the anatomy renderer's camera (the same)
        renderer.SetActiveCamera(anatomy.GetActiveCamera())
        renderer.SetViewport(anatomy.GetViewport())
        renderer.AutomaticLightCreationOff()
        lights = anatomy.GetLights()
        lights.InitTraversal()
        for _ in range(lights.GetNumberOfItems()):
            renderer.AddLight(lights.GetNextItem())  # camera lights: they follow the shared camera
        # Keep the anatomy's colour and its depth, so the anatomy hides what lies behind it.
        renderer.SetErase(False)
        renderer.SetPreserveDepthBuffer(True)
        self.live = [prop for prop in live if anatomy.HasViewProp(prop)]
        for prop in self.live:
            anatomy.RemoveViewProp(prop)
            renderer.AddViewProp(prop)
        window.SetNumberOfLayers(max(window.GetNumberOfLayers(), LIVE_LAYER + 1))
        window.AddRenderer(renderer)
        self._live_renderer = renderer
        self._signature = None  # the first frame captures
        if self.on_move is not None:
            self.on_move(True)
        self._observers = [
            (window, window.AddObserver("StartEvent", self._before_frame)),
            (renderer, renderer.AddObserver("StartEvent", self._before_live)),
        ]

    def end(self) -> None:
        """Back to ordinary frames: the live actors return to the anatomy's renderer (no render)."""
        if not self.active:
            return
        for subject, tag in self._observers:
            subject.RemoveObserver(tag)
        self._observers = []
        renderer, self._live_renderer = self._live_renderer, None
        anatomy = self.plotter.renderer
        for prop in self.live:
            renderer.RemoveViewProp(prop)
            anatomy.AddViewProp(prop)
        self.live = []
        self._drawn = {}
        anatomy.SetDraw(True)
        window = self.plotter.render_window
        if window is not None:
            window.RemoveRenderer(renderer)
        self._signature = None
        if self.on_move is not None:
            self.on_move(False)

    # --- each frame -----------------------------------------------------------------------------
    def _layer0_signature(self) -> tuple:
        """Changes whenever the anatomy's picture would: the camera, the size, the background and
        every prop's redraw time (VTK bumps it on any change of visibility, colour, mapper, data)."""
        anatomy = self.plotter.renderer
        props = anatomy.GetViewProps()
        props.InitTraversal()
        times = tuple(props.GetNextProp().GetRedrawMTime() for _ in range(props.GetNumberOfItems()))
        camera = anatomy.GetActiveCamera()
        return (
            camera.GetMTime(),
            tuple(self.plotter.render_window.GetSize()),
            anatomy.GetBackground(),
            anatomy.GetBackground2(),
            times,
        )

    def _before_frame(self, _window, _event) -> None:
        signature = self._layer0_signature()
        self._capture = signature != self._signature
        self._signature = signature
        self.plotter.renderer.SetDraw(self._capture)

    def _before_live(self, renderer, _event) -> None:
        window = self.plotter.render_window
        width, height = window.GetSize()
        now = {id(p): r for p in self.live if (r := self._rect_of(p, renderer, width, height))}
        if self._capture:
            picture = self._picture.of_size(window, width, height)
            self._copy(
                window, window.GetRenderFramebuffer(), picture, [(0, 0, width - 1, height - 1)]
            )
            # Drawing touches the props (VTK's render passes set keys on each): what counts as a
            # change from here on is measured after this drawing, not before it.
            self._signature = self._layer0_signature()
            self.frames_captured += 1
        else:
            rects = _merged([*self._drawn.values(), *now.values()])
            self._copy(window, self._picture.framebuffer, window.GetRenderFramebuffer(), rects)
            self.frames_reused += 1
        self._drawn = now

    @staticmethod
    def _copy(window, source, target, rects: list[Rect]) -> None:
        """Colour and depth of ``rects`` (inclusive display pixels) from ``source`` to ``target``."""
        with blits(window) as state:
            for x0, y0, x1, y1 in rects:
                rect = (x0, y0, x1 + 1, y1 + 1)
                blit(
                    state, source, target, rect, rect, COLOR_BUFFER_BIT | DEPTH_BUFFER_BIT, NEAREST
                )

    def close(self) -> None:
        """The window is closing: the picture's GL memory is freed in the window's own context."""
        self.end()
        self._picture.release(self.plotter.render_window)

    @staticmethod
    def _rect_of(prop: vtkProp, renderer: vtkRenderer, width: int, height: int):
        """The display rectangle ``prop`` draws into (the whole window when that cannot be told),
        or None when it is hidden."""
        if not prop.GetVisibility():
            return None
        whole = (0, 0, width - 1, height - 1)
        if isinstance(prop, vtkProp3D):
            x0, x1, y0, y1, z0, z1 = prop.GetBounds()
            points = []
            for corner in ((x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)):
                renderer.SetWorldPoint(*corner, 1.0)
                renderer.WorldToDisplay()
                x, y, depth = renderer.GetDisplayPoint()
                if not 0.0 <= depth <= 1.0:  # behind the camera or past the far plane
                    return whole
                points.append((x, y))
        elif isinstance(prop, vtkTextActor):
            box = [0.0] * 4
            prop.GetBoundingBox(renderer, box)  # relative to the anchor, justification applied
            x, y = prop.GetPositionCoordinate().GetComputedDoubleDisplayValue(renderer)
            points = [(x + box[0], y + box[2]), (x + box[1], y + box[3])]
        elif isinstance(prop, vtkActor2D) and prop.GetMapper() is not None:
            mapper = prop.GetMapper()
            system = mapper.GetTransformCoordinate()
            if system is None or mapper.GetInput() is None:
                return whole
            x0, x1, y0, y1, _, _ = mapper.GetInput().GetBounds()
            corner = vtkCoordinate()
            corner.SetCoordinateSystem(system.GetCoordinateSystem())
            points = []
            for x, y in ((x0, y0), (x1, y1)):
                corner.SetValue(x, y, 0.0)
                points.append(corner.GetComputedDoubleDisplayValue(renderer))
        else:
            return whole
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        rect = (
            max(0, int(np.floor(min(xs))) - RECT_MARGIN_PX),
            max(0, int(np.floor(min(ys))) - RECT_MARGIN_PX),
            min(width - 1, int(np.ceil(max(xs))) + RECT_MARGIN_PX),
            min(height - 1, int(np.ceil(max(ys))) + RECT_MARGIN_PX),
        )
        return rect if rect[0] <= rect[2] and rect[1] <= rect[3] else None


def _merged(rects: list[Rect]) -> list[Rect]:
    """Overlapping rectangles joined (one write each instead of several over the same pixels)."""
    out: list[Rect] = []
    for rect in rects:
        while True:
            hit = next((o for o in out if _overlap(o, rect)), None)
            if hit is None:
                break
            out.remove(hit)
            rect = (
                min(hit[0], rect[0]),
                min(hit[1], rect[1]),
                max(hit[2], rect[2]),
                max(hit[3], rect[3]),
            )
        out.append(rect)
    return out


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
