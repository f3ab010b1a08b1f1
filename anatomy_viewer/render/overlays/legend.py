"""The zones' legend: one line per layer the picture shows (and only those), sized like the other
words of the picture and put where it hides the least anatomy.

    ZonesLayer.set_layers --> Legend.layers
    LabelBoard, each frame, after the corner texts --fit(view)--> entries for the shown layers,
        measured at the medium's legend size --core place_panel (clear of the readout, caption,
        attribution, countdown; over the least anatomy)--> a box, colour swatches, one text a line
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkTextActor

from ...core.anatomy.body_wall import WALL_LABEL
from ...core.pictures.label_layout import Rect, place_panel
from ...core.vocabulary import CAUTION_CODES, DANGER_CODES
from ..theme import DESK, Theme
from .fonts import use_font
from .label_board import BoardView, LabelBoard, _colours, _corners, _replace

MAX_ENTRIES = 4  # safe, danger, caution, the wall
BOX_OPACITY = 0.85
TOOL_WALL_ACTOR = (
    "tool-wall"  # render/overlays/tool_layer.py's own wall, drawn when the zones' is not
)


def code_words(code: str) -> str:
    return code.replace("_", " ")


class Legend:
    order = 100  # placed after every corner text, so it keeps clear of them

    def __init__(self, plotter, colours: dict[str, str], theme: Theme = DESK) -> None:
        """``colours``: "safe", "danger", "caution", "wall" -> the colour its swatch shows."""
        self.plotter = plotter
        self.colours = colours
        self.theme = theme
        self.layers: frozenset[str] = frozenset()
        # The wall's words, with its thickness: the zones layer sets them for the wall it draws.
        self.wall_text = WALL_LABEL
        self.board = LabelBoard.of(plotter)
        renderer = plotter.renderer
        self.box, self._box_data = LabelBoard._actor2d(renderer, cell_colours=True)
        self.swatches, self._swatch_data = LabelBoard._actor2d(renderer, cell_colours=True)
        self.texts: list[vtkTextActor] = []
        for _ in range(MAX_ENTRIES):
            text = vtkTextActor()
            text.SetTextScaleModeToNone()
            text.GetTextProperty().SetVerticalJustificationToCentered()
            text.GetPositionCoordinate().SetCoordinateSystemToDisplay()
            text.PickableOff()
            renderer.AddViewProp(text)
            self.texts.append(text)
        self.actors = [self.box, self.swatches, *self.texts]
        self.rect: Rect | None = None
        self.entries: list[tuple[str, str]] = []
        self.board.add_fixed(self)

    def set_visibility(self, visible: bool) -> None:
        for actor in self.actors:
            actor.SetVisibility(visible)

    def entries_for(self, layers: frozenset[str], tool_wall: bool) -> list[tuple[str, str]]:
        """(text, colour) per line: only what the picture shows."""
        out = []
        zones = False
        if "safe" in layers:
            out.append(("SAFE tool-tip zone (green)", self.colours["safe"]))
            zones = True
        danger = [code_words(c) for c in DANGER_CODES if c in layers]
        if danger:
            out.append((f"DANGER (red, striped): {', '.join(danger)}", self.colours["danger"]))
            zones = True
        caution = [code_words(c) for c in CAUTION_CODES if c in layers]
        if caution:
            out.append((f"CAUTION (amber, dotted): {', '.join(caution)}", self.colours["caution"]))
            zones = True
        if "wall" in layers or tool_wall:
            out.append(
                (
                    f"{self.wall_text}, 0 deg press" if zones else self.wall_text,
                    self.colours["wall"],
                )
            )
        return out

    def fit(self, view: BoardView) -> list[Rect]:
        tool_wall = self.plotter.actors.get(TOOL_WALL_ACTOR)
        shows_tool_wall = tool_wall is not None and bool(tool_wall.GetVisibility())
        self.entries = (
            self.entries_for(self.layers, shows_tool_wall) if self.box.GetVisibility() else []
        )
        if not self.entries:
            self.rect = None
            for actor in self.actors:
                if actor is not self.box and actor is not self.swatches:
                    actor.SetInput("")
            _replace(self._box_data, np.empty((0, 2)), [], False)
            _replace(self._swatch_data, np.empty((0, 2)), [], False)
            return []
        theme = self.board.scene.theme if self.board.scene is not None else self.theme
        px = view.sizes.legend_px
        pad, swatch, line = 0.45 * px, 0.75 * px, 1.45 * px
        widths = [view.text_size(text, px, bold=False)[0] for text, _ in self.entries]
        size = (2 * pad + swatch + 0.5 * px + max(widths), 2 * pad + line * len(self.entries))
        depth = view.depth
        rect = place_panel(
            size, (view.width, view.height), view.obstacles,
            depth.occupancy() if depth is not None else None,
            edge_px=0.5 * view.sizes.label_px, gap_px=0.3 * view.sizes.label_px,
        )  # fmt: skip
        self.rect = rect
        left, top, right, bottom = rect
        h = view.height
        _replace(self._box_data, _corners([rect], h), [np.arange(4)], False)
        _colours(self._box_data, [(theme.background_bottom, BOX_OPACITY)])
        squares, colours = [], []
        points = view.points(px)
        for k, text_actor in enumerate(self.texts):
            if k >= len(self.entries):
                text_actor.SetInput("")
                continue
            text, colour = self.entries[k]
            middle = top + pad + line * (k + 0.5)
            squares.append(
                (left + pad, middle - swatch / 2, left + pad + swatch, middle + swatch / 2)
            )
            colours.append((colour, 1.0))
            text_actor.SetInput(text)
            prop = text_actor.GetTextProperty()
            prop.SetFontSize(points)
            use_font(prop)
            prop.SetColor(pv.Color(theme.text).float_rgb)
            text_actor.SetPosition(left + pad + swatch + 0.5 * px, h - middle)
        cells = [np.arange(4) + 4 * i for i in range(len(squares))]
        _replace(self._swatch_data, _corners(squares, h), cells, False)
        _colours(self._swatch_data, colours)
        return [rect]
