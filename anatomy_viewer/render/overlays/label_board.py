"""Every word over the 3D view, laid out together at every frame: the render side of core/pictures.

    sources (the step's labels, the zones, the tool's wall) --board_labels(view)--> BoardLabel
                                                   (text, 3D anchor or a structure, priority, style)
    fixed boxes (attribution, readout, hold countdown, export caption, then the legend)
                 --fit(view)--> sized by the medium, placed, their rectangles become obstacles
    renderer StartEvent --> project the anchors, measure the texts, ScreenDepth (what anatomy the
        picture holds, and where each structure is in front) --core layout_labels--> boxes and
        leaders --> a few 2D actors and one text actor per label, changed in place

One board per plotter (``LabelBoard.of(plotter)``), so the window, presenter mode, exports, handouts
and ``screenshot`` draw the same layout. It runs as the anatomy's renderer starts a frame, so the
layout always matches the camera and the picture's size (an export re-lays out at its own size and
medium, ``medium_for``). While the hip hook moves over a reused picture of the anatomy
(still_backdrop.py) the labels hold still: nothing they depend on moves then.

Text sizes come from ``core.pictures.text_sizes`` for the board's medium: the window's (its screen's
pixels per inch), the presenter's, an export's or a handout's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkCoordinate,
    vtkPolyDataMapper2D,
    vtkTextActor,
    vtkTextProperty,
    vtkTextRenderer,
)

from ...core.pictures.label_layout import (
    LabelLayout,
    LabelRequest,
    LayoutRules,
    Rect,
    layout_labels,
    overlaps,
)
from ...core.pictures.screen_depth import ScreenDepth, surface_samples
from ...core.pictures.text_sizes import EXPORTING, WINDOW, Medium, TextSizes, text_sizes
from ..theme import DESK, Theme
from .fonts import use_font

# Priorities: the labels a step asks for come first; the Zones panel's landmark pins, then the
# schematic wall's label, then the zone words (the legend and the colours say the same) give way first.
ASKED = 30
LANDMARK_LAYER = 20
WALL_WORDS = 15
ZONE_WORDS = 10
# Structures this see-through or more do not hide what lies behind them (a label's leader may end
# on tissue seen through them).
OCCLUDING_OPACITY = 0.5
COVERING_OPACITY = 0.15  # fainter than this, a structure is not counted as anatomy the legend hides
# Regular weight: light text on a dark picture spreads (irradiation), and at these sizes (3 % of a
# projected picture's height) bold closes the counters of e, a, s; tesseract read 5 of 83 asked-for
# words fewer in bold at 1920x1080 (scripts/ocr_report.py), most of them white on the dark backdrop.
LABEL_BOLD = False
# Leaders stop this far (in label heights) short of their box: the box reads as a label on its
# own, not as part of a drawing (and OCR finds the text in it).
LEADER_GAP_EM = 0.25
# Leaders and anchor dots: a thin core inside a wider casing of the opposite tone, so they read
# over dark background, pale bone and red muscle alike; the core contrasts with the background.
LEADER_DARK = "#161616"
LEADER_LIGHT = "#fafafa"
DOT_SEGMENTS = 12
BOARD_ATTRIBUTE = "_anatomy_viewer_label_board"
FRAME_OBSERVER_PRIORITY = 1.0


@dataclass(frozen=True)
class LabelStyle:
    """A box with the text centred in it. ``fill`` None: the picture's own background behind the
    box (the theme's gradient at that height), so over empty background the words stand alone like
    a textbook's and over anatomy the box dims what it covers; ``text`` None: the theme's text
    colour. That is how the names a step asks for are drawn: light on the desk's and projector's
    dark backgrounds, black on paper. (White boxes with black text were tried first: on a dark
    picture every box read as a bright patch, and OCR missed a third of the words in them.)"""

    fill: str | None = None
    text: str | None = None
    frame: str | None = None  # a thin outline in this colour, or none
    fill_opacity: float = 0.85


ASKED_STYLE = LabelStyle()


@dataclass(frozen=True)
class BoardLabel:
    """What a source asks the board to draw. ``anchor``: a point in mm; or None with ``structure``:
    the board picks a point on that structure's surface the picture shows, each frame."""

    key: str
    text: str
    priority: int
    anchor: tuple[float, float, float] | None = None
    structure: str | None = None
    style: LabelStyle = ASKED_STYLE
    ring: bool = (
        False  # a hollow ring at the anchor (a landmark's pin shows through it), else a dot
    )


class BoardView:
    """One frame as the board sees it, handed to the sources and the fixed boxes."""

    def __init__(self, board: LabelBoard, renderer, medium: Medium) -> None:
        self.board = board
        self.renderer = renderer
        self.width, self.height = (int(v) for v in renderer.GetSize())
        self.sizes: TextSizes = text_sizes(medium, self.width, self.height)
        self.dpi = float(renderer.GetRenderWindow().GetDPI())
        camera = renderer.GetActiveCamera()
        self.camera_position = np.array(camera.GetPosition())
        self.view_direction = np.subtract(camera.GetFocalPoint(), camera.GetPosition())
        self.view_direction /= np.linalg.norm(self.view_direction)
        aspect = self.width / max(1, self.height)
        matrix = camera.GetCompositeProjectionTransformMatrix(aspect, -1, 1)
        self._matrix = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
        self.obstacles: list[Rect] = []
        self._depth: ScreenDepth | None = None

    def points(self, font_px: float) -> int:
        """VTK's font size (points at the window's DPI) for text ``font_px`` pixels in size."""
        return max(1, round(font_px * 72.0 / self.dpi))

    def project(self, points) -> tuple[np.ndarray, np.ndarray]:
        """(n, 2) pixels, origin top left, y down; and the depth in front of the camera (mm)."""
        points = np.asarray(points, float).reshape(-1, 3)
        m = self._matrix
        clip = points @ m[[0, 1, 3], :3].T + m[[0, 1, 3], 3]  # x, y and w of the clip space
        w = np.where(np.abs(clip[:, 2]) < 1e-12, 1e-12, clip[:, 2])
        xy = np.empty((len(points), 2))
        xy[:, 0] = (clip[:, 0] / w + 1) / 2 * self.width
        xy[:, 1] = (1 - clip[:, 1] / w) / 2 * self.height
        depth = points @ self.view_direction - self.camera_position @ self.view_direction
        return xy, depth

    @property
    def depth(self) -> ScreenDepth | None:
        """The shown anatomy on a coarse grid (None for a plotter without an AnatomyScene)."""
        if self._depth is None:
            self._depth = self.board._screen_depth(self)
        return self._depth

    def text_size(self, text: str, font_px: float, bold: bool = True) -> tuple[float, float]:
        return self.board._measure(text, self.points(font_px), bold, self.dpi)


class TextPanel:
    """A box behind a fixed text: a fill and a border, padded around the text (the readout's)."""

    def __init__(self, renderer, fill: str = "#ffffff", border: str = "#000000") -> None:
        self.actor, self._data = LabelBoard._actor2d(renderer, cell_colours=True)
        self.fill = fill
        self.border = border
        self.rect: Rect | None = None

    def place(
        self, text_rect: Rect | None, height: float, pad: float, border: float
    ) -> Rect | None:
        """Around ``text_rect`` (pixels, y down); returns the outer rectangle (None: hidden)."""
        if text_rect is None:
            _replace(self._data, np.empty((0, 2)), [], False)
            self.rect = None
            return None
        left, top, right, bottom = text_rect
        inner = (left - pad, top - pad, right + pad, bottom + pad)
        outer = (inner[0] - border, inner[1] - border, inner[2] + border, inner[3] + border)
        strips = [
            (outer[0], outer[1], outer[2], inner[1]), (outer[0], inner[3], outer[2], outer[3]),
            (outer[0], inner[1], inner[0], inner[3]), (inner[2], inner[1], outer[2], inner[3]),
        ]  # fmt: skip
        boxes = [inner, *strips]
        _replace(
            self._data, _corners(boxes, height), [np.arange(4) + 4 * i for i in range(5)], False
        )
        _colours(self._data, [(self.fill, 1.0)] + [(self.border, 1.0)] * 4)
        self.rect = outer
        return outer


class FixedText:
    """A text actor the board sizes by the medium and keeps in a corner: the attribution, the
    readout, the export caption. ``at``: (x, y) as shares of the picture from its top left corner,
    ``align``: where the text sits against that point ("right"/"left"/"centre", "top"/"bottom");
    ``panel``: a padded box drawn behind it."""

    def __init__(
        self,
        actor: vtkTextActor,
        role: str,
        at: tuple[float, float],
        align: tuple[str, str],
        order: int = 0,
        panel: TextPanel | None = None,
    ) -> None:
        self.actor = actor
        self.role = role
        self.at = at
        self.align = align
        self.order = order
        self.panel = panel
        self.bold = False  # the readout is bold when it warns
        self._pad = self._border = 0.0
        actor.SetTextScaleModeToNone()
        prop = actor.GetTextProperty()
        {"left": prop.SetJustificationToLeft, "right": prop.SetJustificationToRight,
         "centre": prop.SetJustificationToCentered}[align[0]]()  # fmt: skip
        {"top": prop.SetVerticalJustificationToTop,
         "bottom": prop.SetVerticalJustificationToBottom}[align[1]]()  # fmt: skip
        actor.GetPositionCoordinate().SetCoordinateSystemToDisplay()

    def fit(self, view: BoardView) -> list[Rect]:
        if not self.actor.GetVisibility() or not self.actor.GetInput():
            if self.panel is not None:
                self.panel.place(None, view.height, 0, 0)
            return []
        px = getattr(view.sizes, f"{self.role}_px")
        prop = self.actor.GetTextProperty()
        prop.SetFontSize(view.points(px))
        use_font(prop, self.bold)
        if self.panel is not None:
            self._pad, self._border = round(0.35 * px), max(2, round(0.2 * px))
        inset = self._pad + self._border
        edge = 0.5 * view.sizes.label_px + inset
        x = min(max(self.at[0] * view.width, edge), view.width - edge)
        y = min(max(self.at[1] * view.height, edge), view.height - edge)
        self.actor.SetPosition(x, view.height - y)
        rect = self.refresh(view.renderer)
        # Clear of the corner texts fitted before it (a video's or an export's caption across the
        # top, over the readout in a small picture): moved down (up, at the bottom) past them.
        gap = 0.3 * view.sizes.label_px
        for _ in range(len(view.obstacles)):
            hit = [o for o in view.obstacles if overlaps(rect, o)]
            if not hit:
                break
            if self.align[1] == "top":
                y += max(o[3] for o in hit) + gap - rect[1]
            else:
                y -= rect[3] - (min(o[1] for o in hit) - gap)
            self.actor.SetPosition(x, view.height - y)
            rect = self.refresh(view.renderer)
        return [rect]

    def live(self) -> bool:
        """Drawn over the reused picture while the hook moves (still_backdrop.py's live actors)."""
        backdrop = getattr(self, "backdrop", None)
        return backdrop is not None and self.actor in backdrop.live

    def refresh(self, renderer) -> Rect:
        """The text's rectangle (its panel's, with one) where it stands now, the panel redrawn:
        call after changing the text (the readout during a drag, when the board holds still)."""
        height = renderer.GetSize()[1]
        box = [0.0] * 4
        self.actor.GetBoundingBox(renderer, box)  # relative to the anchor, in VTK's y-up frame
        x, y_up = self.actor.GetPosition()
        rect = (x + box[0], height - (y_up + box[3]), x + box[1], height - (y_up + box[2]))
        if self.panel is not None:
            return self.panel.place(rect, height, self._pad, self._border)
        return rect


class LabelBoard:
    def __init__(self, plotter) -> None:
        self.plotter = plotter
        self.medium: Medium = EXPORTING if getattr(plotter, "off_screen", False) else WINDOW
        self.sources: list = []
        self.fixed: list = []
        self.scene = None  # the AnatomyScene, when the plotter has one (depth, structure anchors)
        self.frozen: Callable[[], bool] = lambda: False
        # Opaque things in front of the anatomy that are not structures (the hip hook): callables
        # giving their surface points in mm (none when hidden), so no leader ends behind them.
        self.occluders: list[Callable[[], np.ndarray]] = []
        self.layout: LabelLayout | None = None
        self.last_view: BoardView | None = None
        self.shown: dict[str, BoardLabel] = {}  # key -> label, as drawn in the last frame
        self._previous: dict[str, tuple[float, float]] = {}
        self._samples: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._measured: dict[tuple, tuple[float, float]] = {}
        self._texts: list[vtkTextActor] = []
        renderer = plotter.renderer
        self._leader_dark, self._leader_dark_data = self._actor2d(renderer, lines=True)
        self._leader_light, self._leader_light_data = self._actor2d(renderer, lines=True)
        self._dot_dark, self._dot_dark_data = self._actor2d(renderer)
        self._dot_light, self._dot_light_data = self._actor2d(renderer)
        self._boxes, self._boxes_data = self._actor2d(renderer, cell_colours=True)
        self._frames, self._frames_data = self._actor2d(renderer, lines=True, cell_colours=True)
        # The window's start of a frame, before any renderer draws, and before the reused-picture
        # check of still_backdrop.py (priority: higher runs first), so what this changes counts in it.
        window = plotter.render_window
        self._observers = [
            window.AddObserver("StartEvent", self._before_frame, FRAME_OBSERVER_PRIORITY),
            window.AddObserver("StartEvent", self._after_backdrop, -FRAME_OBSERVER_PRIORITY),
        ]

    @classmethod
    def of(cls, plotter) -> LabelBoard:
        """The plotter's board (made on first use)."""
        board = getattr(plotter, BOARD_ATTRIBUTE, None)
        if board is None:
            board = cls(plotter)
            setattr(plotter, BOARD_ATTRIBUTE, board)
        return board

    # --- what is drawn --------------------------------------------------------------------------
    def add_source(self, source) -> None:
        """``source.board_labels(view) -> Iterable[BoardLabel]``, asked at every frame."""
        self.sources.append(source)

    def add_fixed(self, box) -> None:
        """``box.fit(view) -> list[Rect]``: sizes and places itself; ``box.order`` sorts them."""
        self.fixed.append(box)
        self.fixed.sort(key=lambda b: getattr(b, "order", 0))

    def remove_fixed(self, box) -> None:
        if box in self.fixed:
            self.fixed.remove(box)

    @contextmanager
    def medium_for(self, medium: Medium | None) -> Iterator[None]:
        """Lay out for ``medium`` inside the block (an export: its own sizes), then as before."""
        if medium is None:
            yield
            return
        saved, self.medium = self.medium, medium
        try:
            yield
        finally:
            self.medium = saved

    # --- each frame -----------------------------------------------------------------------------
    def _before_frame(self, _window, _event) -> None:
        renderer = self.plotter.renderer
        width, height = renderer.GetSize()
        if width < 2 or height < 2:
            return
        if not self.frozen():
            self._lay_out(BoardView(self, renderer, self.medium))
            return
        # Only the hip hook moves (still_backdrop.py): its readout and the countdown are drawn live
        # and fitted; the labels and everything else hold still over the reused picture...
        view = BoardView(self, renderer, self.medium)
        for box in self.fixed:
            if getattr(box, "live", lambda: False)():
                box.fit(view)

    def _after_backdrop(self, _window, _event) -> None:
        """...unless this frame draws the anatomy again anyway (still_backdrop.py has decided by
        now): then everything is laid out, as in a frame at rest."""
        renderer = self.plotter.renderer
        width, height = renderer.GetSize()
        if self.frozen() and renderer.GetDraw() and width >= 2 and height >= 2:
            self._lay_out(BoardView(self, renderer, self.medium))

    def _lay_out(self, view: BoardView) -> None:
        for box in self.fixed:
            view.obstacles.extend(box.fit(view))
        labels: dict[str, BoardLabel] = {}
        for source in self.sources:
            for label in source.board_labels(view):
                kept = labels.get(label.key)
                if kept is None or label.priority > kept.priority:
                    labels[label.key] = label
        self.last_view = view
        if not labels:
            self._draw(view, [], LabelLayout((), ()))
            return
        requests, drawn = [], []
        pad = view.sizes.padding_px
        for label in labels.values():
            anchor = self._anchor_of(label, view)
            if anchor is None:
                continue
            w, h = view.text_size(label.text, view.sizes.label_px, LABEL_BOLD)
            requests.append(
                LabelRequest(
                    label.key,
                    anchor,
                    (w + 2 * pad, h + 2 * pad),
                    label.priority,
                    self._previous.get(label.key),
                )  # fmt: skip
            )
            drawn.append(label)
        depth = view.depth
        layout = layout_labels(
            requests,
            (view.width, view.height),
            view.obstacles,
            depth.occupancy() if depth is not None else None,
            LayoutRules.for_text(view.sizes.label_px),
        )
        missing = tuple(k for k in labels if k not in {r.key for r in requests})
        layout = LabelLayout(layout.placed, layout.gave_way + missing)
        self._draw(view, drawn, layout)

    def _anchor_of(self, label: BoardLabel, view: BoardView) -> tuple[float, float] | None:
        if label.anchor is not None:
            xy, depth = view.project(label.anchor)
            return None if depth[0] <= 0 else (float(xy[0, 0]), float(xy[0, 1]))
        if label.structure is None or self.scene is None:
            return None
        points, normals = self._samples_of(label.structure)
        xy, depth = view.project(points)
        inside = (
            (depth > 0)
            & (xy[:, 0] >= 0)
            & (xy[:, 0] < view.width)
            & (xy[:, 1] >= 0)
            & (xy[:, 1] < view.height)
        )
        facing = np.einsum("ij,ij->i", view.camera_position - points, normals) > 0
        grid = view.depth
        owner = list(self.scene.actors).index(label.structure)
        seen = grid.visible(xy, depth, owner) if grid is not None else np.ones(len(xy), bool)
        for chosen in (inside & facing & seen, inside & facing, inside):
            if chosen.any():
                candidates = xy[chosen]
                middle = np.median(candidates, axis=0)
                best = candidates[np.argmin(np.hypot(*(candidates - middle).T))]
                return float(best[0]), float(best[1])
        return None

    # --- the anatomy on screen ------------------------------------------------------------------
    def _samples_of(self, structure_id: str) -> tuple[np.ndarray, np.ndarray]:
        if structure_id not in self._samples:
            mesh = self.scene.mesh(structure_id)
            self._samples[structure_id] = surface_samples(mesh.points, mesh.faces, mesh.normals)
        return self._samples[structure_id]

    def _screen_depth(self, view: BoardView) -> ScreenDepth | None:
        scene = self.scene
        if scene is None:
            return None
        xys, depths, owners, hides = [], [], [], []
        for index, (structure_id, actor) in enumerate(scene.actors.items()):
            if not actor.GetVisibility():
                continue
            opacity = actor.GetProperty().GetOpacity()
            if opacity < COVERING_OPACITY:
                continue
            points, _ = self._samples_of(structure_id)
            xy, depth = view.project(points)
            xys.append(xy)
            depths.append(depth)
            owners.append(np.full(len(xy), index))
            hides.append(np.full(len(xy), opacity >= OCCLUDING_OPACITY))
        for occluder in self.occluders:
            points = occluder()
            if len(points):
                xy, depth = view.project(points)
                xys.append(xy)
                depths.append(depth)
                owners.append(np.full(len(xy), -2))
                hides.append(np.ones(len(xy), bool))
        if not xys:
            return ScreenDepth.from_samples(
                np.empty((0, 2)), np.empty(0), np.empty(0, int), np.empty(0, bool),
                (view.width, view.height),
            )  # fmt: skip
        return ScreenDepth.from_samples(
            np.concatenate(xys), np.concatenate(depths), np.concatenate(owners),
            np.concatenate(hides), (view.width, view.height),
        )  # fmt: skip

    def _measure(self, text: str, points: int, bold: bool, dpi: float) -> tuple[float, float]:
        key = (text, points, bold, dpi)
        if key not in self._measured:
            prop = vtkTextProperty()
            prop.SetFontSize(points)
            use_font(prop, bold)
            box = [0] * 4
            vtkTextRenderer.GetInstance().GetBoundingBox(prop, text, box, int(round(dpi)))
            self._measured[key] = (float(box[1] - box[0] + 1), float(box[3] - box[2] + 1))
        return self._measured[key]

    # --- drawing --------------------------------------------------------------------------------
    @staticmethod
    def _actor2d(renderer, lines: bool = False, cell_colours: bool = False):
        data = vtkPolyData()
        data.SetPoints(vtkPoints())
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(data)
        # Points in display pixels, said explicitly: still_backdrop.py then knows which rectangle
        # an actor covers (the readout's panel moves with the hook) instead of the whole window.
        coordinate = vtkCoordinate()
        coordinate.SetCoordinateSystemToDisplay()
        mapper.SetTransformCoordinate(coordinate)
        if cell_colours:
            mapper.SetColorModeToDirectScalars()
            mapper.SetScalarModeToUseCellData()
        else:
            mapper.ScalarVisibilityOff()
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        actor.PickableOff()
        renderer.AddViewProp(actor)
        return actor, data

    def _draw(self, view: BoardView, labels: list[BoardLabel], layout: LabelLayout) -> None:
        self.layout = layout
        by_key = {label.key: label for label in labels}
        placed = [p for p in layout.placed if p.key in by_key]
        self.shown = {p.key: by_key[p.key] for p in placed}
        self._previous = {p.key: p.offset for p in placed}
        sizes, h = view.sizes, view.height
        line = sizes.line_px
        theme = self.scene.theme if self.scene is not None else DESK
        dark_paper = np.mean(pv.Color(theme.background_bottom).float_rgb) < 0.5
        core, casing = (LEADER_LIGHT, LEADER_DARK) if dark_paper else (LEADER_DARK, LEADER_LIGHT)
        for actor, colour in ((self._leader_dark, casing), (self._dot_dark, casing),
                              (self._leader_light, core), (self._dot_light, core)):  # fmt: skip
            actor.GetProperty().SetColor(pv.Color(colour).float_rgb)
        dot = max(2.0, 0.2 * sizes.label_px)
        segments = [_short_of_box(p, LEADER_GAP_EM * sizes.label_px) for p in placed]
        segments = [seg for seg in segments if seg is not None]
        self._leader_dark.GetProperty().SetLineWidth(line + 2)
        self._leader_light.GetProperty().SetLineWidth(line)
        dots = [p.anchor for p in placed if not by_key[p.key].ring]
        _set_dots(self._dot_dark_data, dots, dot + 1.5, h)
        _set_dots(self._dot_light_data, dots, dot, h)
        rings = [p.anchor for p in placed if by_key[p.key].ring]
        _set_lines(self._leader_dark_data, segments, h, rings, 1.6 * dot)
        _set_lines(self._leader_light_data, segments, h, rings, 1.6 * dot)
        styles = [by_key[p.key].style for p in placed]
        boxes = [p.box for p in placed]
        fills = [(s.fill or _background_at((b[1] + b[3]) / 2 / h, theme), s.fill_opacity)
                 for s, b in zip(styles, boxes, strict=True)]  # fmt: skip
        _set_boxes(self._boxes_data, boxes, fills, h)
        framed = [(b, s.frame) for b, s in zip(boxes, styles, strict=True) if s.frame]
        _set_frames(self._frames_data, [b for b, _ in framed], [c for _, c in framed], h)
        self._frames.GetProperty().SetLineWidth(max(1.0, round(line)))
        while len(self._texts) < len(placed):
            actor = vtkTextActor()
            actor.SetTextScaleModeToNone()
            actor.GetTextProperty().SetJustificationToCentered()
            actor.GetTextProperty().SetVerticalJustificationToCentered()
            actor.GetPositionCoordinate().SetCoordinateSystemToDisplay()
            actor.PickableOff()
            view.renderer.AddViewProp(actor)
            self._texts.append(actor)
        points = view.points(sizes.label_px)
        for actor, p, style in zip(self._texts, placed, styles, strict=False):
            label = by_key[p.key]
            if actor.GetInput() != label.text:
                actor.SetInput(label.text)
            prop = actor.GetTextProperty()
            prop.SetFontSize(points)
            use_font(prop, LABEL_BOLD)
            prop.SetColor(pv.Color(style.text or theme.text).float_rgb)
            left, top, right, bottom = p.box
            actor.SetPosition((left + right) / 2, h - (top + bottom) / 2)
            actor.SetVisibility(True)
        for actor in self._texts[len(placed) :]:
            actor.SetVisibility(False)


def _background_at(share_down: float, theme: Theme) -> str:
    """The theme's background colour at this share of the picture's height from the top."""
    top = np.array(pv.Color(theme.background_top).float_rgb)
    bottom = np.array(pv.Color(theme.background_bottom).float_rgb)
    t = float(np.clip(share_down, 0.0, 1.0))
    return pv.Color(tuple(top * (1 - t) + bottom * t)).hex_rgb


def _short_of_box(placed, gap: float):
    """The leader from the anchor to ``gap`` pixels before the box (None when shorter than that)."""
    (ax, ay), (ex, ey) = placed.anchor, placed.leader_end
    length = placed.leader_length
    if length <= gap + 1.0:
        return None
    t = (length - gap) / length
    return ((ax, ay), (ax + t * (ex - ax), ay + t * (ey - ay)))


# --- polydata in display pixels (origin bottom left) ---------------------------------------------
def _replace(data: vtkPolyData, points: np.ndarray, cells: list[np.ndarray], lines: bool) -> None:
    vtk_points = vtkPoints()
    if len(points):
        vtk_points.SetData(
            numpy_to_vtk(np.c_[points, np.zeros(len(points))].astype(float), deep=True)
        )
    data.SetPoints(vtk_points)
    array = vtkCellArray()
    if cells:
        sizes = np.array([len(c) for c in cells])
        offsets = np.r_[0, np.cumsum(sizes)]
        array.SetData(
            numpy_to_vtkIdTypeArray(offsets.astype(np.int64), deep=True),
            numpy_to_vtkIdTypeArray(np.concatenate(cells).astype(np.int64), deep=True),
        )
    if lines:
        data.SetLines(array)
        data.SetPolys(vtkCellArray())
    else:
        data.SetPolys(array)
        data.SetLines(vtkCellArray())
    data.Modified()


def _set_lines(data: vtkPolyData, segments, height: float, rings=(), radius: float = 0.0) -> None:
    """Leader segments (from the anchor to the box) and closed rings around ring anchors."""
    points = [np.array([(x, height - y) for x, y in seg]) for seg in segments]
    angles = np.linspace(0, 2 * np.pi, 2 * DOT_SEGMENTS, endpoint=False)
    circle = np.c_[np.cos(angles), np.sin(angles)] * radius
    points += [circle + (x, height - y) for x, y in rings]
    cells, start = [], 0
    for part in points:
        n = len(part)
        cells.append(
            np.arange(start, start + n) if n == 2 else np.r_[np.arange(start, start + n), start]
        )
        start += n
    _replace(data, np.concatenate(points) if points else np.empty((0, 2)), cells, True)


def _set_dots(data: vtkPolyData, centres, radius: float, height: float) -> None:
    angles = np.linspace(0, 2 * np.pi, DOT_SEGMENTS, endpoint=False)
    ring = np.c_[np.cos(angles), np.sin(angles)] * radius
    points = np.array([ring + (x, height - y) for x, y in centres]).reshape(-1, 2)
    cells = [np.arange(DOT_SEGMENTS) + i * DOT_SEGMENTS for i in range(len(centres))]
    _replace(data, points, cells, False)


def _corners(boxes, height: float) -> np.ndarray:
    """Four corners per box (pixels, y down) in VTK's display frame (y up), counter-clockwise."""
    b = np.asarray(boxes, float).reshape(-1, 4)
    x0, y0, x1, y1 = b[:, 0], height - b[:, 3], b[:, 2], height - b[:, 1]
    return np.stack([np.c_[x0, y0], np.c_[x1, y0], np.c_[x1, y1], np.c_[x0, y1]], axis=1).reshape(
        -1, 2
    )


def _colours(data: vtkPolyData, colours: list[tuple[str, float]]) -> None:
    rgba = np.array([(*pv.Color(c).int_rgb, round(255 * a)) for c, a in colours], np.uint8).reshape(
        -1, 4
    )
    array = numpy_to_vtk(rgba, deep=True)
    array.SetName("colours")
    data.GetCellData().SetScalars(array)


def _set_boxes(data: vtkPolyData, boxes, fills, height: float) -> None:
    _replace(
        data, _corners(boxes, height), [np.arange(4) + 4 * i for i in range(len(boxes))], False
    )
    _colours(data, fills)


def _set_frames(data: vtkPolyData, boxes, colours, height: float) -> None:
    cells = [np.r_[np.arange(4), 0] + 4 * i for i in range(len(boxes))]
    _replace(data, _corners(boxes, height), cells, True)
    _colours(data, [(c, 1.0) for c in colours])


def boxes_of(board: LabelBoard) -> dict[str, Rect]:
    """Where each label was drawn in the last frame (pixels, origin top left): for tests and OCR."""
    if board.layout is None:
        return {}
    return {p.key: p.box for p in board.layout.placed if p.key in board.shown}


def labels_of(board: LabelBoard) -> Iterable[str]:
    return [label.text for label in board.shown.values()]
