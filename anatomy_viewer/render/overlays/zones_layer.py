"""The zones overlay: derived wall, zone patches, landmark pins and a legend, as PyVista actors.

    PlacementChecker (core) --zone_map(pivot)--> patches on the wall, one actor per zone code
                            --landmarks-------> pins (landmark_pins.py)
    set_layers(ids) / apply(state) --> actor visibility only (added once, never re-added, no render)
    LabelBoard, each frame <--board_labels()-- the zone words, the wall's and the pins' labels of
                                               the shown layers (they give way before a step's own)
    Legend (legend.py) <--layers-- one line per shown layer, placed by the board
    use_wall(mm) / apply(state.wall_mm) --> another wall thickness: the wall and its patches and
        labels moved with the skin (the wall only moves forward or back, wall_thickness.py), in
        place, when the new thickness's zone map has the same zones (ZoneMap.same_zones, the rule at
        pivot 0); else built again. ``provisional=True``: moved at once, the new zone map left to
        verify() (the window makes it on a worker thread: half a second)

Danger patches are red *and* striped *and* labelled in words, so they read in greyscale print and
for colour-blind viewers; caution is amber with light dots, safe is plain green. The wall is labelled
as schematic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pyvista as pv

from ...core.anatomy.body_wall import wall_label
from ...core.placement.checker import Placement, PlacementChecker
from ...core.placement.zones import ZoneMap
from ...core.scene.scene_state import SceneState
from ...core.vocabulary import CAUTION_CODES, DANGER_CODES, ZONE_CODES, ZONE_LAYERS, landmark_label
from ..theme import DESK, Theme
from .label_board import (
    LANDMARK_LAYER,
    WALL_WORDS,
    ZONE_WORDS,
    BoardLabel,
    BoardView,
    LabelBoard,
    LabelStyle,
)
from .landmark_pins import LandmarkPins
from .legend import Legend

SAFE_COLOUR = "#1a9850"  # green, darker than the red so the two differ in greyscale too
DANGER_COLOUR = "#d7191c"
DANGER_STRIPE_LIGHT = "#fbd3d3"
CAUTION_COLOUR = "#f5a300"  # amber
CAUTION_DOT_LIGHT = "#fff1cc"
WALL_COLOUR = "#e9c9b1"
WALL_OPACITY = 0.3  # see-through: the anatomy under the wall stays readable
ZONE_OPACITY = 0.6  # the bones and vessels under a zone still show through it
ZONE_LIFT_MM = 1.0  # patches sit this far in front of the wall, so they never flicker into it
STRIPE_PERIOD_MM = 8.0  # one red + one light stripe, in body millimetres (same on screen and paper)
MIN_LABELLED_CELLS = (
    25  # smaller patches (< 4 cm2) get no text label of their own (the legend names them)
)
# The Zones panel's landmark layer pins these (both sides): the points the zones are measured from.
PINNED_LANDMARKS = ("asis", "pubic_tubercle", "mid_inguinal", "pubic_symphysis", "umbilicus_level")
WALL_LABEL_STYLE = LabelStyle(fill="#6b5a4e", text="#ffffff")
CODE_WORDS = {
    "safe": "SAFE tool-tip zone",
    "hip_crease": "DANGER: hip crease",
    "midline": "DANGER: midline",
    "artery": "DANGER: artery",
    "vein": "DANGER: vein",
    "nerve": "CAUTION: nerve",
    "bone": "CAUTION: bone",
    "no_target": "CAUTION: no target",
}
DEFAULT_LAYERS = frozenset({"wall", "landmarks", "legend", "danger", "caution", "safe"})
# Dark text on amber, white on green and red (as the readout): legible on screen and on paper.
WORD_TEXT = {"safe": "#ffffff", "danger": "#ffffff", "caution": "#1a1a1a"}


def _texture(pattern: np.ndarray, colour: str, light: str) -> pv.Texture:
    image = np.where(
        pattern[..., None],
        np.array(pv.Color(colour).int_rgb, np.uint8),
        np.array(pv.Color(light).int_rgb, np.uint8),
    ).astype(np.uint8)
    texture = pv.Texture(image)
    texture.repeat = True
    texture.interpolate = True
    return texture


def stripe_texture() -> pv.Texture:
    """Diagonal red/light stripes: a hatch that survives greyscale printing."""
    i, j = np.meshgrid(np.arange(32), np.arange(32))
    return _texture((i + j) % 32 < 16, DANGER_COLOUR, DANGER_STRIPE_LIGHT)


def dot_texture() -> pv.Texture:
    """Amber with light dots: tells caution from the plain green safe zone in greyscale too."""
    i, j = np.meshgrid(np.arange(32), np.arange(32))
    dots = (i - 16) ** 2 + (j - 16) ** 2 < 36
    return _texture(~dots, CAUTION_COLOUR, CAUTION_DOT_LIGHT)


def _cells_mesh(zones: ZoneMap, mask: np.ndarray, checker: PlacementChecker) -> pv.PolyData:
    """Quads over the wall for the grid cells in ``mask``, with (X, Z) texture coordinates."""
    half = zones.step_mm / 2
    corner_x = np.r_[zones.xs - half, zones.xs[-1] + half]
    corner_z = np.r_[zones.zs - half, zones.zs[-1] + half]
    gx, gz = np.meshgrid(corner_x, corner_z)
    gy = checker.wall.height_mm(gx, gz) - ZONE_LIFT_MM
    points = np.c_[gx.ravel(), gy.ravel(), gz.ravel()]
    n = len(corner_x)
    rows, cols = np.nonzero(mask)
    a = rows * n + cols
    quads = np.c_[np.full(len(a), 4), a, a + 1, a + n + 1, a + n].ravel()
    mesh = pv.PolyData(points, quads).clean()
    mesh.active_texture_coordinates = mesh.points[:, [0, 2]] / STRIPE_PERIOD_MM
    return mesh


def _label_points(zones: ZoneMap, mask: np.ndarray, checker: PlacementChecker) -> np.ndarray:
    """One point per sizeable connected patch: its cell nearest the patch's centre."""
    from scipy import ndimage

    labelled, count = ndimage.label(mask)
    out = []
    for k in range(1, count + 1):
        rows, cols = np.nonzero(labelled == k)
        if len(rows) < MIN_LABELLED_CELLS:
            continue
        centre = np.array([rows.mean(), cols.mean()])
        best = np.argmin((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2)
        x, z = zones.xs[cols[best]], zones.zs[rows[best]]
        out.append([x, float(checker.wall.height_mm(x, z)) - 2 * ZONE_LIFT_MM, z])
    return np.array(out).reshape(-1, 3)


class ZonesLayer:
    """Adds every zone actor once; ``set_layers`` / ``apply`` only switch visibility."""

    def __init__(
        self,
        plotter: pv.Plotter,
        checker: PlacementChecker,
        theme: Theme = DESK,
        pivot_deg: float = 0.0,
        layers: Iterable[str] = DEFAULT_LAYERS,
    ) -> None:
        self.plotter = plotter
        self.checker = checker
        self.theme = theme
        self.pivot_deg = float(pivot_deg)
        self.board = LabelBoard.of(plotter)
        self.actors: dict[str, list] = {
            layer: [] for layer in ("wall", "landmarks", "legend", *ZONE_CODES)
        }
        self.words: dict[str, list[BoardLabel]] = {layer: [] for layer in self.actors}
        self.shown: frozenset[str] = frozenset()
        self._requested: frozenset[str] = frozenset()
        self.provisional = False  # zones of another thickness drawn until verify()
        self._shift_mm = 0.0  # how far the wall's actors and words stand from where they were built
        self._build_on_wall()
        self._add_landmarks(theme)  # on the bones: they stay whatever the wall's thickness
        self._add_legend(theme)
        self.board.add_source(self)
        self.set_layers(layers)

    def _build_on_wall(self, zones: ZoneMap | None = None) -> None:
        """The wall, its zone patches and their words, on the checker's wall."""
        self.zones = zones if zones is not None else self.checker.zone_map(self.pivot_deg)
        self._built_wall_mm = self.checker.wall_mm
        self._shift_mm = 0.0
        for layer in ("wall", *ZONE_CODES):
            self.actors[layer], self.words[layer] = [], []
        self._add_wall(self.theme)
        self._add_zones(self.theme)

    def use_wall(self, wall_mm: float | None, provisional: bool = False) -> bool:
        """Draw the zones on a wall ``wall_mm`` thick (None: the default); True if it changed.
        The actors are built again (names kept, so a pick list or the tool layer finds them).
        ``provisional``: if that thickness has no zone map yet, draw the current zones on the new
        wall now and leave the new map to ``verify``."""
        checker = self.checker.with_wall(wall_mm)
        if checker is self.checker:
            return False
        zones = checker.cached_zone_map(self.pivot_deg)
        if zones is None and not provisional:
            zones = checker.zone_map(self.pivot_deg)
        self.checker = checker
        self.provisional = zones is None
        if zones is None or zones.same_zones(self.zones):
            self.zones = zones or self.zones
            self._move_with_the_wall()
        else:
            self._rebuild(zones)
        return True

    def verify(self) -> bool:
        """After a provisional change: the wall's own zone map; True if the zones had to change."""
        if not self.provisional:
            return False
        self.provisional = False
        zones = self.checker.zone_map(self.pivot_deg)
        if zones.same_zones(self.zones):
            self.zones = zones
            return False
        self._rebuild(zones)
        return True

    def _move_with_the_wall(self) -> None:
        """The actors built on one thickness shown on this one: the same surface, moved along Y;
        the board's words move with it (``board_labels``), the wall's names its thickness."""
        self._shift_mm = -(self.checker.wall_mm - self._built_wall_mm)  # thicker: forward (-Y)
        for layer in ("wall", *ZONE_CODES):
            for actor in self.actors[layer]:
                actor.SetPosition(0.0, self._shift_mm, 0.0)
        self.words["wall"] = [
            dataclasses.replace(label, text=wall_label(self.checker.wall_mm))
            for label in self.words["wall"]
        ]
        self.legend.wall_text = wall_label(self.checker.wall_mm)

    def _rebuild(self, zones: ZoneMap | None) -> None:
        for layer in ("wall", *ZONE_CODES):
            for actor in self.actors[layer]:
                self.plotter.remove_actor(actor, render=False)
        self._build_on_wall(zones)
        self.legend.wall_text = wall_label(self.checker.wall_mm)
        self.set_layers(self._requested)

    # --- building (once) ----------------------------------------------------------------------
    def _add(self, layer: str, actor) -> None:
        self.actors[layer].append(actor)

    def _labels(self, layer: str, points, texts, style: LabelStyle, priority: int) -> None:
        for k, (point, text) in enumerate(zip(points, texts, strict=True)):
            anchor = tuple(float(v) for v in point)
            self.words[layer].append(
                BoardLabel(f"zones:{layer}:{k}", text, priority, anchor, style=style)
            )

    def _add_wall(self, theme: Theme) -> None:
        wall = self.checker.wall
        inside = wall.contains(*np.meshgrid(self.zones.xs, self.zones.zs))
        mesh = _cells_mesh(self.zones, inside, self.checker).translate((0, ZONE_LIFT_MM, 0))
        actor = self.plotter.add_mesh(
            mesh, color=WALL_COLOUR, opacity=WALL_OPACITY, smooth_shading=True, name="zones-wall",
            pickable=True, reset_camera=False, render=False,
        )  # fmt: skip
        self._add("wall", actor)
        top = wall.outline.z_top - self.zones.step_mm
        x = wall.outline.x_min + 0.15 * (wall.outline.x_max - wall.outline.x_min)
        anchor = (float(x), float(wall.height_mm(x, top)), float(top))
        self.words["wall"].append(
            BoardLabel("wall", wall_label(wall.wall_mm), WALL_WORDS, anchor, style=WALL_LABEL_STYLE)
        )

    def _add_zones(self, theme: Theme) -> None:
        stripes, dots = stripe_texture(), dot_texture()
        for code in ZONE_CODES:
            mask = self.zones.cells(code)
            if not mask.any():
                continue
            mesh = _cells_mesh(self.zones, mask, self.checker)
            style = {
                "opacity": ZONE_OPACITY,
                "reset_camera": False,
                "render": False,
                "pickable": False,
            }
            if code == "safe":
                colour = SAFE_COLOUR
                actor = self.plotter.add_mesh(mesh, color=colour, name=f"zones-{code}", **style)
            else:
                danger = code in DANGER_CODES
                colour = DANGER_COLOUR if danger else CAUTION_COLOUR
                texture = stripes if danger else dots
                actor = self.plotter.add_mesh(mesh, texture=texture, name=f"zones-{code}", **style)
            self._add(code, actor)
            points = _label_points(self.zones, mask, self.checker)
            kind = "safe" if code == "safe" else ("danger" if code in DANGER_CODES else "caution")
            style = LabelStyle(fill=colour, text=WORD_TEXT[kind])
            self._labels(code, points, [CODE_WORDS[code]] * len(points), style, ZONE_WORDS)

    def _add_landmarks(self, theme: Theme) -> None:
        marks = self.checker.landmarks
        self.pinned = [
            i
            for i in marks.points
            if i.removesuffix("_right").removesuffix("_left") in PINNED_LANDMARKS
        ]
        self.pins = LandmarkPins(self.plotter, "zones-landmark", theme.highlight)
        self.actors["landmarks"].extend(self.pins.actors)
        for i in self.pinned:
            anchor = tuple(float(v) for v in marks[i])
            label = BoardLabel(
                f"landmark:{i}", landmark_label(i), LANDMARK_LAYER, anchor, ring=True
            )
            self.words["landmarks"].append(label)

    def _add_legend(self, theme: Theme) -> None:
        colours = {"safe": SAFE_COLOUR, "danger": DANGER_COLOUR, "caution": CAUTION_COLOUR,
                   "wall": WALL_COLOUR}  # fmt: skip
        self.legend = Legend(self.plotter, colours, theme)
        self.legend.wall_text = wall_label(self.checker.wall_mm)
        self.actors["legend"].extend(self.legend.actors)

    # --- switching (in place) -----------------------------------------------------------------
    def set_layers(self, layers: Iterable[str]) -> None:
        """Show exactly these ``ZONE_LAYERS`` ids; "danger"/"caution" stand for all their codes."""
        wanted = set(layers)
        requested = frozenset(wanted)
        unknown = wanted - set(ZONE_LAYERS)
        if unknown:
            raise ValueError(f"unknown zone layers: {', '.join(sorted(unknown))}")
        if "danger" in wanted:
            wanted |= set(DANGER_CODES)
        if "caution" in wanted:
            wanted |= set(CAUTION_CODES)
        for layer, actors in self.actors.items():
            for actor in actors:
                actor.SetVisibility(layer in wanted)
        self.shown = frozenset(wanted & set(self.actors))
        if "landmarks" in self.shown:
            marks = self.checker.landmarks
            self.pins.show(self.pinned, {i: marks[i] for i in self.pinned}, self.board.scene)
        else:
            self.pins.set_visibility(False)
        self.legend.layers = self.shown
        self._requested = requested

    def board_labels(self, view: BoardView):
        """The words of the shown layers, for the board (which draws them when there is room)."""
        moved = {"wall", *ZONE_CODES}
        for layer in self.shown:
            if layer in moved and self._shift_mm:
                for label in self.words[layer]:
                    x, y, z = label.anchor
                    yield dataclasses.replace(label, anchor=(x, y + self._shift_mm, z))
            else:
                yield from self.words[layer]

    def apply(self, state: SceneState) -> None:
        """Overlay protocol (render/scene_apply.py): the step's wall thickness and zone layers, no
        render."""
        self.use_wall(state.wall_mm)
        self.set_layers(state.zones)

    def verdict_at(self, point) -> Placement | None:
        """For hover: the checker's verdict where a picked 3D point lies on the wall (None off it)."""
        return self.checker.verdict_at(float(point[0]), float(point[2]))
