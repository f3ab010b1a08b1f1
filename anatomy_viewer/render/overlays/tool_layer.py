"""The tool overlay: the hip hook on the derived wall, its press line into the body, the muscle it
reaches highlighted, an arc arrow for the pivot, the readout in the view's corner and the press
line's depth diagram (depth_overlay.py).

    Placement (core) --show()--> hook pose (user matrix), press line + hit points, arc points,
                                 target actor's colour, readout text, depth diagram
                                 (in place, no render; the wall follows the placement's thickness)
    SceneState.tool --apply()--> checker.check --> show()                    (overlay protocol)

Every actor is added once (in ``__init__``); updates change matrices, points, colours and visibility
only, so dragging never stutters from re-adding actors. The wall is the zones layer's when that is
shown ("zones-wall"), else this layer draws a translucent one of its own, labelled as schematic.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkFiltersCore import vtkTubeFilter
from vtkmodules.vtkRenderingCore import vtkTextActor

from ...core.anatomy.body_wall import wall_label
from ...core.placement.checker import Placement, PlacementChecker
from ...core.scene.scene_state import SceneState, ToolPlacement
from ...core.tool.geometry import (
    HookShape,
    handle_direction,
    hook_mesh,
    pivot_arc,
    tool_pose,
    transform,
)
from ...core.tool.readout import lines, readout
from ..anatomy.scene import HIGHLIGHT_AMBIENT, HIGHLIGHT_MIX, AnatomyScene
from .depth_overlay import DepthOverlay
from .fonts import use_font
from .label_board import WALL_WORDS, BoardLabel, BoardView, FixedText, TextPanel
from .zones_layer import (
    CAUTION_COLOUR,
    DANGER_COLOUR,
    SAFE_COLOUR,
    WALL_COLOUR,
    WALL_LABEL_STYLE,
    WALL_OPACITY,
)

VERDICT_COLOURS = {"safe": SAFE_COLOUR, "caution": CAUTION_COLOUR, "danger": DANGER_COLOUR}
# Dark text on amber, white on green and red (the Hip hook panel's verdict): each pair passes
# contrast on screen and on paper. The view's readout is black on white in a border of the colour.
VERDICT_TEXT = {"safe": "#ffffff", "caution": "#1a1a1a", "danger": "#ffffff"}
HOOK_COLOUR = "#3d8fd1"  # a blue no anatomy uses, so the tool never reads as tissue
ARC_COLOUR = "#2f6fb5"
# Tubes, not GL lines: they keep their thickness in exports of any size and shade like the anatomy.
PRESS_LINE_RADIUS_MM = 1.6
ARC_TUBE_RADIUS_MM = 1.2
HIT_RADIUS_MM = 4.0
# The pivot arc runs inside the body around the tip, about half-way to the muscles (40-75 mm deep
# in these meshes), so it reads as "where the tip turns" without hiding the target.
ARC_RADIUS_MM = 32.0
ARC_POINTS = 40
ARROW_LENGTH_MM = 9.0
READOUT_LINE_SPACING = 1.3
ZONES_WALL_ACTOR = (
    "zones-wall"  # render/overlays/zones_layer.py's wall: drawn there when it is shown
)


def _rgb(colour: str) -> tuple[float, float, float]:
    return pv.Color(colour).float_rgb


def _tube(line: pv.PolyData, radius_mm: float) -> vtkTubeFilter:
    """A tube around ``line`` that follows it: changing the line's points re-runs the filter at the
    next render, so the actor is never re-added."""
    tube = vtkTubeFilter()
    tube.SetInputData(line)
    tube.SetRadius(radius_mm)
    tube.SetNumberOfSides(14)
    tube.CappingOn()
    return tube


class ToolLayer:
    def __init__(
        self, scene: AnatomyScene, checker: PlacementChecker, shape: HookShape | None = None
    ) -> None:
        shape = shape or HookShape()
        self.scene = scene
        self.plotter = scene.plotter
        self.checker = checker
        self.placement: Placement | None = None
        self._arc_deg: tuple[float, float] | None = None
        self._target: str | None = None
        # While True (a drag of the tip), a change of the reached muscle waits to tint it: see
        # ``hold_tint``.
        self._tint_held = False
        self._zones_wall_stamp: int | None = None  # see _zones_wall
        self._zones_wall_actor = None
        self._tint_waiting: tuple[str | None] | None = None  # (the muscle to tint,) once it changes
        add = dict(reset_camera=False, render=False)
        points, faces = hook_mesh(shape)
        self._hook_points = points
        self.hook = self.plotter.add_mesh(
            pv.PolyData.from_regular_faces(points, faces), color=HOOK_COLOUR, smooth_shading=True,
            specular=0.4, specular_power=25, name="tool-hook", pickable=True, **add,
        )  # fmt: skip
        self._line = pv.PolyData(np.array([[0.0, 0, 0], [0, 0, 1]]), lines=[2, 0, 1])
        self.press_line = self.plotter.add_mesh(
            _tube(self._line, PRESS_LINE_RADIUS_MM), color=SAFE_COLOUR, name="tool-press-line",
            pickable=False, **add,
        )  # fmt: skip
        self.hit = self.plotter.add_mesh(
            pv.Sphere(radius=HIT_RADIUS_MM),
            color=SAFE_COLOUR,
            name="tool-hit",
            pickable=False,
            **add,
        )
        self._arc = pv.PolyData(
            np.zeros((ARC_POINTS, 3)), lines=np.r_[ARC_POINTS, np.arange(ARC_POINTS)]
        )
        self.arc = self.plotter.add_mesh(
            self._arc, color=ARC_COLOUR, line_width=3, render_lines_as_tubes=True, name="tool-arc",
            pickable=False, **add,
        )  # fmt: skip
        cone = pv.Cone(center=(0, 0, -ARROW_LENGTH_MM / 2), direction=(0, 0, 1), height=ARROW_LENGTH_MM,
                       radius=ARROW_LENGTH_MM * 0.45, resolution=20)  # fmt: skip
        self.arrow = self.plotter.add_mesh(
            cone, color=ARC_COLOUR, name="tool-arc-arrow", pickable=False, **add
        )
        self.readout = self._add_readout()
        scene.board.occluders.append(self.occluding_points)
        self.wall = self._add_wall()
        self.depth = DepthOverlay(self.plotter)
        scene.board.add_fixed(self.depth)  # under the readout; the labels keep clear of it
        self.depth_shown = True  # the depth diagram in the view (and so in the window's exports)
        self.actors = [
            self.hook, self.press_line, self.hit, self.arc, self.arrow, self.readout_panel.actor,
            self.readout, *self.depth.actors,
        ]  # fmt: skip
        self.scene.state.changed.connect(self._on_viewer_changed)
        self.show(None)

    # --- building (once) ----------------------------------------------------------------------
    def _add_readout(self) -> vtkTextActor:
        # Black on white in a border of the verdict's colour: the verdict reads at a glance, the
        # words on any background and in greyscale print. The panel is added first: drawn under.
        self.readout_panel = TextPanel(self.plotter.renderer)
        actor = vtkTextActor()
        actor.GetTextProperty().SetColor(0.0, 0.0, 0.0)
        # Room between the lines: they read apart on a projector, and OCR takes them apart too.
        actor.GetTextProperty().SetLineSpacing(READOUT_LINE_SPACING)
        self.plotter.add_actor(actor, name="tool-readout", pickable=False, render=False)
        # Top right, sized for the medium; the labels keep clear of it (label_board.py).
        self.readout_box = FixedText(
            actor, "readout", (1.0, 0.0), ("right", "top"), order=10, panel=self.readout_panel
        )
        self.readout_box.backdrop = self.scene.backdrop  # live while the hook moves
        self.scene.board.add_fixed(self.readout_box)
        return actor

    def _add_wall(self):
        wall = self.checker.wall
        self._wall_built_mm = wall.wall_mm
        gx, gz = np.meshgrid(wall.xs, wall.zs)
        inside = wall.contains(gx, gz)
        n = len(wall.xs)
        rows, cols = np.nonzero(
            inside[:-1, :-1] & inside[1:, :-1] & inside[:-1, 1:] & inside[1:, 1:]
        )
        a = rows * n + cols
        quads = np.c_[np.full(len(a), 4), a, a + 1, a + n + 1, a + n].ravel()
        mesh = pv.PolyData(np.c_[gx.ravel(), wall.y.ravel(), gz.ravel()], quads).clean()
        actor = self.plotter.add_mesh(
            mesh, color=WALL_COLOUR, opacity=WALL_OPACITY, smooth_shading=True, name="tool-wall",
            pickable=False, reset_camera=False, render=False,
        )  # fmt: skip
        top = wall.outline.z_top - 10.0
        x = wall.outline.x_min + 0.15 * (wall.outline.x_max - wall.outline.x_min)
        self._wall_anchor = (float(x), float(wall.height_mm(x, top)), float(top))
        self.scene.board.add_source(self)
        return actor

    def occluding_points(self) -> np.ndarray:
        """The hook's surface where it is drawn (label_board.py: no leader ends behind it)."""
        if not self.hook.GetVisibility():
            return np.empty((0, 3))
        return transform(self._hook_points, np.asarray(self.hook.user_matrix))

    def board_labels(self, view: BoardView):
        """The schematic wall's label while this layer draws its own wall (label_board.py), where
        the wall stands now (``use_wall`` moves it with the skin)."""
        if self.wall.GetVisibility():
            x, y, z = self._wall_anchor
            y += float(self.wall.GetPosition()[1])
            words = wall_label(self.checker.wall_mm)
            yield BoardLabel("wall", words, WALL_WORDS, (x, y, z), style=WALL_LABEL_STYLE)

    # --- updating (in place) ------------------------------------------------------------------
    def use_wall(self, wall_mm: float | None) -> None:
        """This layer's own wall (and later checks) ``wall_mm`` thick: the same surface moved along
        Y (wall_thickness.py), so the actor is moved, not built again."""
        checker = self.checker.with_wall(wall_mm)
        if checker is self.checker:
            return
        self.checker = checker
        self.wall.SetPosition(0.0, -(checker.wall_mm - self._wall_built_mm), 0.0)

    def placement_for(self, tool: ToolPlacement | None) -> Placement | None:
        if tool is None:
            return None
        return self.checker.check(tool.side, tool.at[0], tool.at[1], tool.pivot_deg)

    def apply(self, state: SceneState) -> None:
        """Overlay protocol (render/scene_apply.py): the state's tool and its press line on the
        state's wall, no render. A still of an animated pivot (``pivot_to_deg``) shows the tool
        where the pivot ends, with an arc from where it started."""
        self.use_wall(state.wall_mm)
        tool = state.tool
        if tool is None or tool.pivot_to_deg is None:
            self.show(self.placement_for(tool))
        else:
            self.show(self.placement_for(tool.settled()), (tool.pivot_deg, tool.pivot_to_deg))

    def show(self, placement: Placement | None, arc_deg: tuple[float, float] | None = None) -> None:
        """Draw ``placement`` (None hides the tool); ``arc_deg``: the pivot's (from, to), arrow at "to"."""
        self.placement = placement
        self._arc_deg = arc_deg
        visible = placement is not None
        if visible:
            self.use_wall(placement.wall_mm)
        for actor in self.actors:
            actor.SetVisibility(visible)
        self._show_wall(visible)
        if not visible:
            self.depth.hide()
            self._emphasise(None)
            return
        lateral = self.checker.landmarks.lateral_sign(placement.side)
        press = placement.press_line
        self.hook.user_matrix = tool_pose(
            press.tip, press.direction, handle_direction(press.direction, lateral)
        )
        colour = _rgb(VERDICT_COLOURS[placement.verdict])
        self._line.points = np.array([press.tip, press.end])
        self.press_line.GetProperty().SetColor(colour)
        self.hit.SetVisibility(press.target is not None or press.blocked_by is not None)
        self.hit.SetPosition(*press.end)
        self.hit.GetProperty().SetColor(colour)
        self._show_arc(press.tip, lateral, arc_deg)
        self._show_readout(placement)
        if self.depth_shown:
            self.depth.show(
                self.checker.path(placement), self._colour_of, self.scene.theme,
                VERDICT_COLOURS[placement.verdict],
            )  # fmt: skip
        else:
            self.depth.hide()
        if self._tint_held:
            self._tint_waiting = (press.target,)
        else:
            self._emphasise(press.target)

    def hold_tint(self, held: bool) -> None:
        """While ``held``, the muscle the press line reaches keeps the tint it had (the readout and
        the press line's colour still follow the tip at once); let go, it follows (no render).

        For a drag: re-tinting a muscle changes the anatomy's picture, which is otherwise reused
        while only the hook moves (still_backdrop.py), and drawing the anatomy again costs several
        frames of the hook's (seen here: 0.2 s each at 1238x900 in software GL, seven times in a
        loop round the example spot). The tint catches up when the tip rests or is let go.
        """
        self._tint_held = bool(held)
        if held:
            return
        waiting, self._tint_waiting = self._tint_waiting, None
        if waiting is not None and self.placement is not None:
            self._emphasise(waiting[0])

    def show_depth(self, shown: bool) -> None:
        """The depth diagram in the view on or off (the Hip hook panel has its own); no render."""
        self.depth_shown = shown
        self.show(self.placement, self._arc_deg)

    def _colour_of(self, structure_id: str) -> str:
        catalogue = self.scene.catalogue
        return catalogue[structure_id].colour if structure_id in catalogue else "#9aa4b2"

    def _show_arc(
        self, tip: np.ndarray, lateral: float, arc_deg: tuple[float, float] | None
    ) -> None:
        shown = arc_deg is not None and abs(arc_deg[1] - arc_deg[0]) > 1.0
        self.arc.SetVisibility(shown)
        self.arrow.SetVisibility(shown)
        if not shown:
            return
        points = pivot_arc(tip, lateral, arc_deg[0], arc_deg[1], ARC_RADIUS_MM, ARC_POINTS)
        self._arc.points = points  # the arrowhead's point sits on the arc's end
        tangent = points[-1] - points[-2]
        self.arrow.user_matrix = tool_pose(
            points[-1], tangent, [0.0, 0.0, 1.0]
        )  # tangent: horizontal

    def _show_readout(self, placement: Placement) -> None:
        value = readout(placement)
        self.readout.SetInput("\n".join(lines(value)))
        self.readout_box.bold = value.verdict == "danger"
        use_font(self.readout.GetTextProperty(), self.readout_box.bold)
        self.readout_panel.border = VERDICT_COLOURS[value.verdict]
        if self.readout_box.panel.rect is not None:  # placed by the board at least once
            self.readout_box.refresh(self.plotter.renderer)

    def _show_wall(self, tool_visible: bool) -> None:
        # Overlays apply in the order they were added and the zones layer comes first (window and
        # off-screen alike), so its wall's visibility is already this state's.
        zones_wall = self._zones_wall()
        deferred = zones_wall is not None and bool(zones_wall.GetVisibility())
        own = tool_visible and not deferred
        self.wall.SetVisibility(own)

    def _zones_wall(self):
        """The zones layer's wall actor, or None. Looked up by name only when the renderer's props
        have changed since the last look: a look-up walks every actor's name (2 ms, at each
        placement of a drag)."""
        stamp = self.plotter.renderer.GetViewProps().GetMTime()
        if stamp != self._zones_wall_stamp:
            self._zones_wall_stamp = stamp
            self._zones_wall_actor = self.plotter.actors.get(ZONES_WALL_ACTOR)
        return self._zones_wall_actor

    # --- the target muscle --------------------------------------------------------------------
    def _emphasise(self, target: str | None) -> None:
        """Tint the reached muscle like a highlight; the scene's own sync restores the others."""
        previous, self._target = self._target, target
        if previous is not None and previous != target:
            self.scene.sync()
        actor = self.scene.actors.get(target) if target else None
        if actor is None:
            return
        base = np.asarray(_rgb(self.scene.catalogue[target].colour))
        glow = np.asarray(_rgb(self.scene.theme.highlight))
        prop = actor.GetProperty()
        prop.SetColor(*(base * (1 - HIGHLIGHT_MIX) + glow * HIGHLIGHT_MIX))
        prop.SetAmbient(HIGHLIGHT_AMBIENT)

    def _on_viewer_changed(self, _aspects) -> None:
        # The scene's sync and the zones (connected first) have just run: tint the target again and
        # show this layer's wall only if the zones layer's is hidden.
        if self.placement is None:
            return
        self._show_wall(True)
        if self._target is not None:
            self._emphasise(self._target)
        if self.scene.auto_render:
            self.scene.request_render()

    @property
    def target(self) -> str | None:
        return self._target
