"""The press line's depth diagram in the 3D view (and so in every export): a bar from the tip on the
skin down to where the line stops, one coloured band per layer it passes, each labelled with its
depths, the nearest vessel beside it, and the wall thickness it assumes in the title.

    PressPath (core) --show(path, colours, theme)--> bands, labels, marks (in place, no render) | hide()
    the window's size or DPI changed (an export, a resize) --StartEvent--> laid out again

Placed in normalised viewport coordinates on the right of the view, below the readout (the label
board's ``fit`` moves its top under the readout as the medium sizes it, and the labels and the legend
keep clear of its box); its width follows the text (sized from the fonts at the window's size and
DPI), so exports of any size keep the layout. Every actor is added once and then only changed (a
drag never re-adds).
The words and the layout come from core/tool/path_words.py, as the Hip hook panel's diagram does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkTextActor

from ...core.pictures.label_layout import Rect
from ...core.placement.press_path import PressPath
from ...core.tool.path_words import diagram_rows, title, vessel_lines, vessel_too_close
from ..theme import DESK, Theme
from .shapes_2d import place, polygon_actor, rectangle

BOX_RIGHT = 0.985  # shares of the view: right of the view, under the readout, over the attribution
BOX_TOP, BOX_BOTTOM = 0.58, 0.16
# Its rows at least this share of the medium's legend size (core/pictures/text_sizes.py): at 11 pt a
# 1280x720 export's rows were 7 px high, below what anyone reads on a slide.
ROW_LEGEND_SHARE = 0.7
MIN_BOX_SHARE = 0.3  # of the view's height: a readout taller than that leaves the diagram this much
BOX_OPACITY = 0.82
TITLE_PT, ROW_PT, VESSEL_PT = 12, 11, 11  # the readout's text is 13 pt
LINE_SPACING = 1.3  # a text line's height over its font size
CHAR_WIDTH = 0.5  # a character's mean width over the font size (VTK's sans font), to size the box
# Distances across the box, in row-font heights: so they scale with the text in every export.
PAD = 0.8
BAR_FROM_LEFT = 1.8  # room for the vessel's mark left of the bar
BAR_WIDTH = 1.1
LABEL_GAP = 0.8  # between the bar and the labels
STUB = 1.4  # the target's colour shown this far past the stop, below the bar
MARK = 0.75  # the marks' half size
MAX_ROWS = 12  # more layers than this along one line would not be legible anyway
SPACE_COLOUR = "#6b7280"
WALL_COLOUR = "#e9c9b1"  # render/overlays/zones_layer.py's wall
FAR_VESSEL_COLOUR = "#9aa4b2"  # a vessel beyond its rule's margin: no warning colour
VESSEL_WARNING = "#d7191c"
REFERENCE_HEIGHT_PX = (
    1080  # as render/pictures/export.py: an off-screen scene's text is sized for it
)


def _diamond(x: float, y: float, half_x: float, half_y: float):
    return ((x, y - half_y), (x + half_x, y), (x, y + half_y), (x - half_x, y))


def _text(plotter: pv.Plotter, name: str, points: int, bold: bool = False) -> vtkTextActor:
    actor = vtkTextActor()
    prop = actor.GetTextProperty()
    prop.SetFontSize(points)
    prop.SetBold(bold)
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToCentered()
    actor.SetTextScaleModeToNone()
    actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    plotter.add_actor(actor, name=name, pickable=False, render=False)
    return actor


def _rgb(colour: str) -> tuple[float, float, float]:
    return pv.Color(colour).float_rgb


class DepthOverlay:
    order = 15  # fitted by the label board after the readout (10): it stands under it

    def __init__(self, plotter: pv.Plotter) -> None:
        self.plotter = plotter
        self.scale = 1.0  # the fonts' sizes over TITLE_PT, ROW_PT, VESSEL_PT (for the medium)
        self.top = BOX_TOP  # the box's top (share of the view's height from its bottom)
        self.rect_shares = (0.0, BOX_BOTTOM, BOX_RIGHT, BOX_TOP)  # x0, y0, x1, y1 as laid out
        self.path: PressPath | None = None
        self._style: tuple | None = None  # (colour_of, theme, stop colour) of the path shown
        self._laid_out_for: tuple | None = None
        self.box, self._box = polygon_actor(plotter, "depth-box", 4)
        self.box.GetProperty().SetOpacity(BOX_OPACITY)
        self.title = _text(plotter, "depth-title", TITLE_PT, bold=True)
        self.title.GetTextProperty().SetVerticalJustificationToTop()
        self.bands = [polygon_actor(plotter, f"depth-band-{i}", 4) for i in range(MAX_ROWS)]
        self.labels = [_text(plotter, f"depth-label-{i}", ROW_PT) for i in range(MAX_ROWS)]
        self.stub, self._stub = polygon_actor(plotter, "depth-stub", 4)
        self.stop, self._stop = polygon_actor(plotter, "depth-stop", 4)
        self.vessel, self._vessel = polygon_actor(plotter, "depth-vessel", 4)
        self.vessel_text = _text(plotter, "depth-vessel-text", VESSEL_PT)
        self.vessel_text.GetTextProperty().SetVerticalJustificationToBottom()
        window = plotter.render_window
        if window is not None:  # an export resizes the window and scales the DPI: lay out again
            window.AddObserver("StartEvent", self._on_render)
        self.hide()

    @property
    def actors(self) -> list:
        return [
            self.box, self.title, *(band for band, _ in self.bands), *self.labels, self.stub,
            self.stop, self.vessel, self.vessel_text,
        ]  # fmt: skip

    def hide(self) -> None:
        self.path = None
        for actor in self.actors:
            actor.SetVisibility(False)

    def show(
        self,
        path: PressPath,
        colour_of: Callable[[str], str],
        theme: Theme = DESK,
        stop_colour: str = "#1a9850",
    ) -> None:
        """Draw ``path``; ``colour_of(structure id)`` gives a structure's colour (the catalogue's),
        ``stop_colour`` the mark where the line stops (the verdict's colour)."""
        self.path = path
        self._style = (colour_of, theme, stop_colour)
        self._layout()

    # --- layout ---------------------------------------------------------------------------------
    def fit(self, view) -> list[Rect]:
        """The label board's fixed-box protocol (label_board.py): the top under what stands in the
        view's upper right (the readout, sized for the medium); the box, for the labels to avoid."""
        height = max(1, view.height)
        right = [r[3] for r in view.obstacles if r[2] > 0.5 * view.width and r[1] < 0.5 * height]
        top = BOX_TOP
        if right:
            top = min(BOX_TOP, 1 - (max(right) + 0.3 * view.sizes.label_px) / height)
        top = max(top, BOX_BOTTOM + MIN_BOX_SHARE)
        row_px = ROW_PT * self.plotter.render_window.GetDPI() / 72
        scale = max(1.0, ROW_LEGEND_SHARE * view.sizes.legend_px / row_px)
        if self.path is None:
            self.top, self.scale = top, scale
            return []
        if (top, scale) != (self.top, self.scale) or self._laid_out_for != self._frame():
            self.top, self.scale = top, scale
            self._layout()
        x0, y0, x1, y1 = self.rect_shares
        return [(x0 * view.width, (1 - y1) * height, x1 * view.width, (1 - y0) * height)]

    def _on_render(self, _window, _event) -> None:
        if self.path is not None and self._laid_out_for != self._frame():
            self._layout()

    def _frame(self) -> tuple:
        window = self.plotter.render_window
        width, height = window.GetSize()
        return int(width), int(height), int(window.GetDPI())

    def _font_px(self, points: float) -> float:
        """A font's height in pixels now: VTK sizes fonts in points at the window's DPI, which an
        export scales with its height (render/pictures/export.py)."""
        return points * self.scale * self.plotter.render_window.GetDPI() / 72

    def _layout(self) -> None:
        path, (colour_of, theme, stop_colour) = self.path, self._style
        width, height, _ = frame = self._frame()
        self._laid_out_for = frame
        width, height = max(1, width), max(1, height)
        for actor, points in ((self.title, TITLE_PT), (self.vessel_text, VESSEL_PT),
                              *((label, ROW_PT) for label in self.labels)):  # fmt: skip
            actor.GetTextProperty().SetFontSize(round(points * self.scale))
        text_rgb = _rgb(theme.text)
        f = self._font_px(ROW_PT)  # the unit of every distance across the box
        title_lines = title(path).split(" · ", 1)
        vessel_rows = vessel_lines(path)
        place_rows = diagram_rows(path, 0.0)  # the words; their places follow below
        texts = [f"{r.row.depths}  {r.row.label}" for r in place_rows][:MAX_ROWS]
        text_px = max(
            max((len(t) for t in texts), default=0) * CHAR_WIDTH * f,
            max(len(t) for t in title_lines) * CHAR_WIDTH * self._font_px(TITLE_PT)
            - (BAR_FROM_LEFT + BAR_WIDTH + LABEL_GAP) * f,
            max(len(t) for t in vessel_rows) * CHAR_WIDTH * self._font_px(VESSEL_PT)
            - (BAR_FROM_LEFT + BAR_WIDTH + LABEL_GAP) * f,
        )
        box_px = (BAR_FROM_LEFT + BAR_WIDTH + LABEL_GAP + PAD) * f + text_px
        x1 = BOX_RIGHT
        x0 = max(0.01, x1 - box_px / width)
        y0, y1 = BOX_BOTTOM, self.top
        self.rect_shares = (x0, y0, x1, y1)
        place(self._box, rectangle(x0, y0, x1, y1))
        self.box.GetProperty().SetColor(_rgb(theme.background_bottom))
        self.title.SetInput("\n".join(title_lines))
        self.title.GetTextProperty().SetColor(text_rgb)
        self.title.GetPositionCoordinate().SetValue(x0 + PAD * f / width, y1 - PAD * f / height)
        title_px = 2 * LINE_SPACING * self._font_px(TITLE_PT)
        vessel_px = 2 * LINE_SPACING * self._font_px(VESSEL_PT)
        top = y1 - (PAD * f + title_px + 1.2 * f) / height
        bottom = y0 + (PAD * f + vessel_px + (STUB + 0.8) * f) / height
        span = max(top - bottom, 1e-3)
        bar_left = x0 + BAR_FROM_LEFT * f / width
        bar_right = bar_left + BAR_WIDTH * f / width
        label_x = bar_right + LABEL_GAP * f / width
        rows = diagram_rows(path, LINE_SPACING * f / (span * height))[:MAX_ROWS]
        for i, ((band, points), label) in enumerate(zip(self.bands, self.labels, strict=True)):
            if i >= len(rows):
                band.SetVisibility(False)
                label.SetVisibility(False)
                continue
            spot = rows[i]
            row = spot.row
            label.SetInput(texts[i])
            label.GetTextProperty().SetColor(text_rgb)
            label.GetPositionCoordinate().SetValue(label_x, top - spot.label_at * span)
            label.SetVisibility(True)
            if row.to_mm is None:  # the stop: a mark, not a band
                band.SetVisibility(False)
                continue
            band.GetProperty().SetColor(_rgb(self._band_colour(row, colour_of)))
            place(
                points,
                rectangle(bar_left, top - spot.bottom * span, bar_right, top - spot.top * span),
            )
            band.SetVisibility(True)
        end = path.end
        middle = (bar_left + bar_right) / 2
        stub_colour = colour_of(end.structure) if end.structure else SPACE_COLOUR
        self.stub.GetProperty().SetColor(_rgb(stub_colour))
        place(self._stub, rectangle(bar_left, bottom - STUB * f / height, bar_right, bottom))
        self.stop.GetProperty().SetColor(_rgb(stop_colour))
        place(self._stop, _diamond(middle, bottom, MARK * f / width, MARK * f / height))
        vessel = path.nearest_vessel
        warn = vessel_too_close(path)
        self.vessel.SetVisibility(vessel is not None)
        if vessel is not None:
            along = float(np.clip(vessel.depth_mm / max(end.depth_mm, 1e-6), 0, 1))
            self.vessel.GetProperty().SetColor(_rgb(VESSEL_WARNING if warn else FAR_VESSEL_COLOUR))
            # Left of the bar at the depth where it passes nearest; the words give the clearance.
            place(
                self._vessel,
                _diamond(
                    x0 + 0.9 * f / width,
                    top - along * span,
                    0.6 * MARK * f / width,
                    0.6 * MARK * f / height,
                ),
            )
        self.vessel_text.SetInput("\n".join(vessel_rows))
        self.vessel_text.GetPositionCoordinate().SetValue(
            x0 + PAD * f / width, y0 + PAD * f / height
        )
        prop = self.vessel_text.GetTextProperty()
        prop.SetColor(_rgb(VESSEL_WARNING) if warn else text_rgb)
        prop.SetBold(warn)
        for actor in (self.box, self.title, self.stub, self.stop, self.vessel_text):
            actor.SetVisibility(True)

    @staticmethod
    def _band_colour(row, colour_of: Callable[[str], str]) -> str:
        if row.kind == "wall":
            return WALL_COLOUR
        if row.kind == "space" or row.structure is None:
            return SPACE_COLOUR
        return colour_of(row.structure)
