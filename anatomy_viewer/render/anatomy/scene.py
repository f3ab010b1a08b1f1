"""The anatomy on a PyVista plotter: the one place that touches the plotter for structures.

    ViewerState.changed --(aspects)--> AnatomyScene.sync() --> actor properties --> one render

An actor is added once per structure; afterwards only its properties change (visibility, opacity,
colour for the highlight), so nothing stutters from re-adding actors. While the view is being turned,
large structures draw decimated copies (``lod.py``); at rest and in exports, the full meshes. While
only the hip hook moves, the rest is drawn once and that picture reused (``still_backdrop.py``).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkPolyDataMapper, vtkTextActor

from ... import ATTRIBUTION_SHORT
from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.scene.viewer_state import ViewerState
from ...core.scene.views import CameraPose, camera_for_view
from ..overlays.label_board import FixedText, LabelBoard
from ..theme import DESK, SPECULAR, Theme
from .lod import LevelOfDetail
from .meshes import to_polydata
from .section_view import SectionView
from .still_backdrop import StillBackdrop

HIGHLIGHT_MIX = 0.6  # how far a highlighted structure's colour moves toward the theme's highlight
# Highlighted parts also glow a little (ambient light) so they stand out from neighbours of a similar
# red, e.g. a selected psoas beside the orange iliacus.
HIGHLIGHT_AMBIENT = 0.35
# Standard views frame the pelvis and the iliopsoas (what every lesson is about), not the whole
# length of the femora and the aorta.
FOCUS_STRUCTURES = (
    "hip_bone_right",
    "hip_bone_left",
    "sacrum",
    "vertebra_l1",
    "vertebra_l5",
    "psoas_major_right",
    "psoas_major_left",
    "iliacus_right",
    "iliacus_left",
)


def _mix(colour_a: str, colour_b: str, amount: float) -> tuple[float, float, float]:
    a = np.asarray(pv.Color(colour_a).float_rgb)
    b = np.asarray(pv.Color(colour_b).float_rgb)
    return tuple((a * (1 - amount) + b * amount).tolist())


class AnatomyScene:
    def __init__(
        self,
        plotter: pv.Plotter,
        catalogue: Catalogue,
        meshes: dict[str, SurfaceMesh],
        state: ViewerState,
        theme: Theme = DESK,
    ) -> None:
        self.plotter = plotter
        self.catalogue = catalogue
        self.state = state
        self.theme = theme
        self.actors: dict[str, pv.Actor] = {}
        self._ids_by_actor: dict[int, str] = {}
        self.auto_render = True
        # The last named view applied and its pose: while the camera stays there, the view is that
        # named view, whatever the window's size has become since (the lesson editor asks).
        self.named_view: tuple[str, CameraPose] | None = None
        # How a change asks for a frame. Off-screen: render now. The window replaces it with a
        # coalescing request, so several changes in one event-loop turn cost one render.
        self.request_render = plotter.render
        for structure_id, mesh in meshes.items():
            self._add_actor(structure_id, mesh)
        self.lod = LevelOfDetail(plotter, self.actors, meshes)
        # Frames in which only the hip hook moves reuse one picture of the rest (still_backdrop.py);
        # when the rest must be drawn again during the move, it is drawn from the decimated copies.
        self.backdrop = StillBackdrop(plotter, on_move=self.lod.set_tool_moving)
        self._meshes = dict(meshes)
        self._measure_bounds()
        # Every word over the view (labels, readout, legend, this attribution) is sized and placed
        # by one board, at each frame, for the medium the picture is seen on (label_board.py).
        self.board = LabelBoard.of(plotter)
        self.board.scene = self
        self.board.frozen = lambda: self.backdrop.active
        self.attribution = vtkTextActor()
        self.attribution.SetInput(ATTRIBUTION_SHORT)
        self.attribution.PickableOff()
        # No render: built before the first frame, asking for one here would be a second.
        plotter.add_actor(self.attribution, name="attribution", pickable=False, render=False)
        self.board.add_fixed(
            FixedText(self.attribution, "attribution", (1.0, 1.0), ("right", "bottom"))
        )
        state.changed.connect(self._on_changed)
        # A cutting plane through the anatomy (section_view.py); none until one is asked for.
        self.section = SectionView(self)
        self.apply_theme(theme)

    def _add_actor(self, structure_id: str, mesh: SurfaceMesh) -> None:
        structure = self.catalogue[structure_id]
        # What add_mesh(color=, smooth_shading=True, specular=) builds, at a fraction of its cost:
        # no argument parsing, no smooth-shading pipeline stage (the normals are already there),
        # VTK's plain polygon mapper (no colour map set up for scalars never shown). The image is
        # pixel-identical.
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(to_polydata(mesh))
        mapper.SetScalarVisibility(False)
        prop = pv.Property(
            self.plotter.theme,
            color=structure.colour,
            interpolation="phong",
            specular=SPECULAR[structure.system],
            specular_power=20,
        )
        actor = pv.Actor(mapper=mapper, prop=prop)
        # Names are unique here: skip pyvista's search for an actor of the same name, which walks
        # every actor added so far (quadratic, 16 ms for the 50 structures).
        self.plotter.add_actor(
            actor,
            reset_camera=False,
            name=structure_id,
            pickable=True,
            render=False,
            remove_existing_actor=False,
        )
        self.actors[structure_id] = actor
        self._ids_by_actor[id(actor)] = structure_id

    def add_structures(self, meshes: dict[str, SurfaceMesh]) -> None:
        """Structures loaded after the first frame join the scene as the state says they should
        look (shown or hidden, opacity, highlight), with their decimated copies made later."""
        new = {i: m for i, m in meshes.items() if i not in self.actors}
        if not new:
            return
        for structure_id, mesh in new.items():
            self._add_actor(structure_id, mesh)
        self._meshes.update(new)
        self._measure_bounds()
        self.lod.add({i: self.actors[i] for i in new}, new)
        self.section.add(new)
        self.sync()
        if self.auto_render and self.state.visible & new.keys():
            self.request_render()

    def _measure_bounds(self) -> None:
        self._bounds = self._union_bounds(self._meshes)
        focus = {i: self._meshes[i] for i in FOCUS_STRUCTURES if i in self._meshes}
        self.focus_bounds = self._union_bounds(focus) if focus else self._bounds

    # --- state -> actors ------------------------------------------------------------------------
    def _on_changed(self, aspects: frozenset[str]) -> None:
        self.sync()
        if self.auto_render:
            self.request_render()

    def sync(self) -> None:
        emphasised = set(self.state.highlighted)
        if self.state.selected:
            emphasised.add(self.state.selected)
        for structure_id, actor in self.actors.items():
            colour = self.catalogue[structure_id].colour
            actor.SetVisibility(structure_id in self.state.visible)
            prop = actor.GetProperty()
            opacity = self.state.opacity.get(structure_id, 1.0)
            prop.SetOpacity(opacity)
            # The meshes are closed and face outward, so an opaque one never shows a back face:
            # skipping them halves the software rasteriser's work at rest, pixel for pixel the same
            # picture (checked in 5 views, all 50 structures). Translucent ones show their far side,
            # and so do cut ones (cull_back_faces).
            self.cull_back_faces(prop)
            if structure_id in emphasised:
                prop.SetColor(_mix(colour, self.theme.highlight, HIGHLIGHT_MIX))
                prop.SetAmbient(HIGHLIGHT_AMBIENT)
            else:
                prop.SetColor(pv.Color(colour).float_rgb)
                prop.SetAmbient(0.0)

    def cull_back_faces(self, prop=None) -> None:
        """Skip the back faces of opaque structures, unless a section shows their inside (while it
        moves, before the cut faces close it, or where a cut face could not be closed). For one
        structure's property, or for all."""
        props = [prop] if prop is not None else [a.GetProperty() for a in self.actors.values()]
        inside = self.section.shows_inside
        for each in props:
            each.SetBackfaceCulling(each.GetOpacity() >= 1.0 and not inside)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plotter.set_background(theme.background_bottom, top=theme.background_top)
        text = self.attribution.GetTextProperty()
        text.SetColor(pv.Color(theme.attribution).float_rgb)
        # A soft backing in the background colour keeps the attribution legible where it overlaps bone.
        text.SetBackgroundColor(pv.Color(theme.background_bottom).float_rgb)
        text.SetBackgroundOpacity(0.6)
        self.section.restyle()
        self.sync()

    # --- lookups --------------------------------------------------------------------------------
    def structure_of(self, actor) -> str | None:
        return self._ids_by_actor.get(id(actor)) if actor is not None else None

    def register_part(self, actor, structure_id: str) -> None:
        """Another actor that draws part of a structure (its cut face): picking it picks that."""
        self._ids_by_actor[id(actor)] = structure_id

    @property
    def meshes(self) -> dict[str, SurfaceMesh]:
        return self._meshes

    @staticmethod
    def _union_bounds(meshes: dict[str, SurfaceMesh]) -> tuple[np.ndarray, np.ndarray]:
        lows, highs = zip(*(m.bounds for m in meshes.values()), strict=True)
        return np.min(lows, axis=0), np.max(highs, axis=0)

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        return self._bounds

    def mesh(self, structure_id: str) -> SurfaceMesh:
        """The full mesh of a structure in the scene (labels and framing measure on it)."""
        return self._meshes[structure_id]

    # --- camera ---------------------------------------------------------------------------------
    def camera_pose(self) -> CameraPose:
        camera = self.plotter.camera
        return CameraPose(tuple(camera.position), tuple(camera.focal_point), tuple(camera.up))

    def set_camera(self, pose: CameraPose, render: bool = True) -> None:
        # Not ``plotter.camera``: read first on a shown window, it renders twice (default position,
        # then reset) before the pose below is even set: two wasted full frames at start-up.
        camera = self.plotter.renderer.camera
        camera.is_set = True
        camera.position = pose.position
        camera.focal_point = pose.focal_point
        camera.up = pose.up
        self.plotter.renderer.ResetCameraClippingRange()
        if render:
            self.plotter.render()

    def view(self, name: str, render: bool = True) -> CameraPose:
        width, height = self.plotter.window_size
        # A widget not yet shown reports 0 x 0; fit for a typical 4:3 view until it has a size.
        aspect = width / height if width > 0 and height > 0 else 4 / 3
        pose = camera_for_view(name, self.focus_bounds, aspect=aspect)
        self.set_camera(pose, render=render)
        self.named_view = (name, pose)
        return pose
