"""The hold countdown in a corner of the 3D view: big time text over a bar that empties as it runs.

    HoldCountdown (core) --show(countdown)--> text + bar width (in place, no render) | hide()

In the view rather than only in a panel, so it reads across a room and in full-screen presenting.
Both actors are placed in normalised viewport coordinates, so exports of any size keep the layout;
the text's size is the label board's for the medium (label_board.py), and the labels keep clear of
the countdown.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkTextActor

from ...core.pictures.label_layout import Rect
from ...core.tool.hold import HoldCountdown
from .fonts import use_font
from .label_board import BoardView, LabelBoard
from .shapes_2d import place, polygon_actor, rectangle

CORNER = (0.015, 0.06)  # lower left: the readout is upper right, the attribution lower right
BAR_SIZE = (0.22, 0.022)  # width, height as shares of the view
RUNNING_COLOUR = "#1a9850"
READY_COLOUR = "#9aa4b2"
DONE_COLOUR = "#2f6fb5"
TRACK_COLOUR = "#3a3f47"


def _bar(plotter: pv.Plotter, colour: str, name: str) -> tuple[vtkActor2D, vtkPoints]:
    actor, points = polygon_actor(plotter, name, 4)
    actor.GetProperty().SetColor(pv.Color(colour).float_rgb)
    return actor, points


def _set_rect(points: vtkPoints, x0: float, y0: float, width: float, height: float) -> None:
    place(points, rectangle(x0, y0, x0 + width, y0 + height))


class HoldOverlay:
    def __init__(self, plotter: pv.Plotter) -> None:
        self.plotter = plotter
        self.track, track_points = _bar(plotter, TRACK_COLOUR, "hold-track")
        _set_rect(track_points, *CORNER, *BAR_SIZE)
        self.fill, self._fill_points = _bar(plotter, RUNNING_COLOUR, "hold-fill")
        self.text = vtkTextActor()
        prop = self.text.GetTextProperty()
        prop.SetBold(True)
        prop.SetShadow(True)
        prop.SetVerticalJustificationToBottom()
        self.text.SetTextScaleModeToNone()
        position = self.text.GetPositionCoordinate()
        position.SetCoordinateSystemToNormalizedViewport()
        position.SetValue(CORNER[0], CORNER[1] + BAR_SIZE[1] + 0.008)
        plotter.add_actor(self.text, name="hold-text", pickable=False, render=False)
        self.order = 20
        LabelBoard.of(plotter).add_fixed(self)
        self.hide()

    def live(self) -> bool:
        """Fitted while the hook moves too: the countdown is drawn live (still_backdrop.py)."""
        return True

    def fit(self, view: BoardView) -> list[Rect]:
        """The medium's countdown size; the corner it fills, for the labels to keep clear of."""
        prop = self.text.GetTextProperty()
        prop.SetFontSize(view.points(view.sizes.hold_px))
        use_font(prop, bold=True)
        if not self.visible:
            return []
        box = [0.0] * 4
        self.text.GetBoundingBox(view.renderer, box)
        left = CORNER[0] * view.width
        bottom = view.height * (1 - CORNER[1])
        text_bottom = view.height * (1 - CORNER[1] - BAR_SIZE[1] - 0.008)
        top = text_bottom - (box[3] - box[2])
        right = left + max(BAR_SIZE[0] * view.width, box[1] - box[0])
        return [(left, top, right, bottom)]

    def show(self, countdown: HoldCountdown) -> None:
        if countdown.finished:
            words, colour, fraction = "Hold done: release", DONE_COLOUR, 1.0
        elif countdown.running:
            words, colour, fraction = (
                f"Hold {countdown.text()}",
                RUNNING_COLOUR,
                countdown.fraction_left,
            )
        else:
            words, colour, fraction = (
                f"Hold {countdown.text()}  (H to start)",
                READY_COLOUR,
                countdown.fraction_left,
            )
        self.text.SetInput(words)
        rgb = pv.Color(colour).float_rgb
        self.text.GetTextProperty().SetColor(rgb)
        self.fill.GetProperty().SetColor(rgb)
        _set_rect(
            self._fill_points, *CORNER, BAR_SIZE[0] * float(np.clip(fraction, 0, 1)), BAR_SIZE[1]
        )
        for actor in self.actors:
            actor.SetVisibility(True)

    @property
    def actors(self) -> tuple:
        return (self.track, self.fill, self.text)

    def hide(self) -> None:
        for actor in self.actors:
            actor.SetVisibility(False)

    @property
    def visible(self) -> bool:
        return bool(self.text.GetVisibility())
