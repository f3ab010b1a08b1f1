"""The section view on the anatomy: the cut on the GPU, the cut faces filled, the caption.

    show(CutPlane, caption, capped=False)  while the plane moves: every structure's mapper (full and
                                           decimated) clips at one shared vtkPlane; nothing else is
                                           computed, so moving costs no more than an ordinary frame
    show(CutPlane, caption, capped=True)   at rest and in exports: also each cut structure's cut face
                                           (core/anatomy/cut_outlines.py -> cut_faces.py), drawn with
                                           its structure's own property: its colour, opacity and
                                           highlight follow the structure's, and so does visibility
    show(None)                             the whole anatomy again

The caption ("Section: axial at Z = 900 mm" / "the part above removed") stands in the lower left of
the view and so in every export, sized for the medium and kept clear of by the labels (one of the
label board's fixed texts, render/overlays/label_board.py). The handle (a frame around the cut, for
dragging it in the window) is drawn only on screen: ``still()`` hides it and settles the cut faces
for an export. The anatomy is cut, and with it the derived body wall and the zones drawn on it (its
cut edge shows how deep the muscles lie); the hip hook, its press line and the labels stay whole:
they are what the cut is looked at with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonDataModel import vtkPlane, vtkPlaneCollection
from vtkmodules.vtkFiltersCore import vtkTubeFilter
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTextActor

from ...core.anatomy.cut_outlines import cut_outlines
from ...core.scene.section import CutPlane
from ..overlays.label_board import FixedText
from .cut_faces import cut_face, polylines

# Lower left (shares of the view from its top left), under the hold countdown; the readout is upper
# right, the attribution lower right, the legend wherever it hides the least anatomy. Its size is the
# legend's for the medium: the words that say what the picture shows.
CAPTION_AT = (0.0, 1.0)
CAPTION_ROLE = "legend"
CAPTION_ORDER = 3  # before the legend, which keeps clear of it
CAPTION_BOX_OPACITY = 0.75
# Overlays drawn on the body, cut with it (render/overlays: the tool layer's wall, the zones layer's
# wall, patches and pins). The tool itself, its press line and every label stay whole.
BODY_OVERLAYS = ("tool-wall",)
BODY_OVERLAY_PREFIX = "zones-"
# Each cut face is outlined, so neighbours of a similar colour (psoas beside iliacus) stay apart.
OUTLINE_COLOUR = "#1e1e1e"
OUTLINE_WIDTH_PX = 1.5
OUTLINE_LIFT_MM = 0.2  # drawn this far on the viewer's side of the cut face, never hidden in it
HANDLE_COLOUR = "#f2c14e"  # a yellow no structure uses: it reads as a control, not as tissue
HANDLE_RADIUS_MM = 1.5
HANDLE_MARGIN_MM = 15.0  # the frame stands this far outside the anatomy, where it can be grabbed


class SectionView:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.plane: CutPlane | None = None
        self.capped = False
        self.cut_faces: dict[str, pv.PolyData] = {}  # structure id -> its filled cut (at rest)
        self._loops: dict[str, tuple[np.ndarray, ...]] = {}  # structure id -> its cut's outlines
        self.dropped: dict[str, int] = {}  # structure id -> outline chains that could not be closed
        self._cut_for: CutPlane | None = None  # the plane the cut faces were made for
        self._vtk_plane = vtkPlane()
        self._far_plane = vtkPlane()  # the back of a slab (a press-line cut)
        self._planes = vtkPlaneCollection()
        self._clipping_set = False
        self._face_actors: dict[str, vtkActor] = {}
        self.handle_wanted = False  # the window asks for the frame; off-screen pictures never do
        self._hidden_for_still = False
        self.caption = self._add_caption()
        self.outlines = self._add_outlines()
        self.handle, self._handle_line = self._add_handle()
        scene.state.changed.connect(self._on_viewer_changed)

    @property
    def active(self) -> bool:
        return self.plane is not None

    @property
    def shows_inside(self) -> bool:
        """The inside of the cut structures can be seen: no cut faces yet (the plane is moving), or
        some cut could not be closed. Otherwise every cut is closed and back faces stay hidden."""
        return self.plane is not None and (not self.capped or bool(self.dropped))

    # --- building (once) ----------------------------------------------------------------------
    def _add_caption(self) -> vtkTextActor:
        actor = vtkTextActor()
        actor.GetTextProperty().SetBackgroundOpacity(CAPTION_BOX_OPACITY)
        actor.SetVisibility(False)
        self.scene.plotter.add_actor(actor, name="section-caption", pickable=False, render=False)
        placed = FixedText(actor, CAPTION_ROLE, CAPTION_AT, ("left", "bottom"), order=CAPTION_ORDER)
        self.scene.board.add_fixed(placed)
        return actor

    def _add_outlines(self) -> vtkActor:
        mapper = vtkPolyDataMapper()
        mapper.SetScalarVisibility(False)
        actor = vtkActor()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.SetColor(pv.Color(OUTLINE_COLOUR).float_rgb)
        prop.SetLineWidth(OUTLINE_WIDTH_PX)
        prop.SetLighting(False)
        actor.SetVisibility(False)
        self.scene.plotter.add_actor(actor, name="section-outlines", pickable=False, render=False)
        return actor

    def _add_handle(self) -> tuple[vtkActor, pv.PolyData]:
        line = pv.PolyData(np.zeros((4, 3)), lines=[5, 0, 1, 2, 3, 0])
        tube = vtkTubeFilter()
        tube.SetInputData(line)
        tube.SetRadius(HANDLE_RADIUS_MM)
        tube.SetNumberOfSides(10)
        mapper = vtkPolyDataMapper()
        mapper.SetInputConnection(tube.GetOutputPort())
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(pv.Color(HANDLE_COLOUR).float_rgb)
        actor.GetProperty().SetAmbient(0.4)
        actor.SetVisibility(False)
        self.scene.plotter.add_actor(actor, name="section-handle", pickable=True, render=False)
        return actor, line

    # --- showing (in place, no render) --------------------------------------------------------
    def show(self, plane: CutPlane | None, caption: str = "", capped: bool = True) -> None:
        """Cut at ``plane`` (None: no cut). ``capped``: fill the cut faces (at rest); False while
        the plane moves."""
        was_inside = self.shows_inside
        self.plane, self.capped = plane, bool(capped)
        self._planes.RemoveAllItems()
        if plane is not None:
            self._attach_clipping()
            origin, normal = np.asarray(plane.origin), np.asarray(plane.normal)
            # VTK keeps the half its plane's normal points into: the opposite of the cut-away half.
            self._vtk_plane.SetOrigin(*origin)
            self._vtk_plane.SetNormal(*(-normal))
            self._planes.AddItem(self._vtk_plane)
            if plane.slab_mm is not None:
                self._far_plane.SetOrigin(*(origin - normal * plane.slab_mm))
                self._far_plane.SetNormal(*normal)
                self._planes.AddItem(self._far_plane)
        # Mappers watch the collection, not the plane in it: a move must count as a change for
        # whatever compares redraw times (the reused still picture during a tool move).
        self._planes.Modified()
        self.caption.SetInput(caption)
        self.caption.SetVisibility(plane is not None and bool(caption))
        self.restyle()
        if plane is not None and capped and plane != self._cut_for:
            self._make_cut_faces()
        self._show_cut_faces()
        self._show_handle()
        if was_inside != self.shows_inside:
            self.scene.cull_back_faces()

    def settle(self) -> None:
        """The cut faces drawn, as at rest (an export, the release of a drag)."""
        if self.plane is not None and not self.capped:
            self.show(self.plane, self.caption.GetInput() or "", capped=True)

    @contextmanager
    def still(self) -> Iterator[None]:
        """For an export: the cut faces drawn and the handle hidden; restored afterwards."""
        capped = self.capped
        self.settle()
        self._hidden_for_still = True
        self._show_handle()
        try:
            yield
        finally:
            self._hidden_for_still = False
            self._show_handle()
            if not capped and self.plane is not None:
                self.show(self.plane, self.caption.GetInput() or "", capped=False)

    def set_handle(self, wanted: bool) -> None:
        self.handle_wanted = bool(wanted)
        self._show_handle()

    def add(self, structure_ids) -> None:
        """Structures that joined the scene: cut like the rest from the next frame on."""
        if self._clipping_set:
            self._clipping_set = False
            self._attach_clipping()
        if self.plane is not None and self.capped:
            self._make_cut_faces()
            self._show_cut_faces()
        self._show_handle()

    # --- the parts ----------------------------------------------------------------------------
    def _attach_clipping(self) -> None:
        if not self._clipping_set:
            for mapper in self.scene.lod.mappers():
                mapper.SetClippingPlanes(self._planes)
            self._clipping_set = True
        # The derived body wall and what is drawn on it are cut with the anatomy: the wall's cut edge
        # shows how deep the muscles lie under it. Those layers are built when first shown, so they
        # are looked for at every show (a few dozen names).
        for name, actor in self.scene.plotter.actors.items():
            if name in BODY_OVERLAYS or name.startswith(BODY_OVERLAY_PREFIX):
                mapper = actor.GetMapper() if actor.IsA("vtkActor") else None
                if mapper is not None and mapper.GetClippingPlanes() is not self._planes:
                    mapper.SetClippingPlanes(self._planes)

    def _make_cut_faces(self) -> None:
        plane = self.plane
        self.cut_faces, self.dropped, self._loops = {}, {}, {}
        for structure_id, mesh in self.scene.meshes.items():
            outlines = cut_outlines(mesh, plane.origin, plane.normal)
            if outlines.dropped:
                self.dropped[structure_id] = outlines.dropped
            if outlines:
                face = cut_face(outlines, plane.normal)
                if face.n_cells:
                    self.cut_faces[structure_id] = face
                    self._loops[structure_id] = outlines.loops
        self._cut_for = plane
        for structure_id, face in self.cut_faces.items():
            actor = self._face_actors.get(structure_id)
            if actor is None:
                actor = self._add_face_actor(structure_id)
            actor.GetMapper().SetInputData(face)

    def _add_face_actor(self, structure_id: str) -> vtkActor:
        mapper = vtkPolyDataMapper()
        mapper.SetScalarVisibility(False)
        actor = vtkActor()
        actor.SetMapper(mapper)
        # The structure's own property: its colour, opacity and highlight, whatever sets them.
        actor.SetProperty(self.scene.actors[structure_id].GetProperty())
        self.scene.plotter.add_actor(
            actor, name=f"cut-face-{structure_id}", pickable=True, render=False,
            reset_camera=False,
        )  # fmt: skip
        self.scene.register_part(actor, structure_id)  # a click on a cut face selects its structure
        self._face_actors[structure_id] = actor
        return actor

    def _show_cut_faces(self) -> None:
        shown = self.plane is not None and self.capped
        outlined = []
        for structure_id, actor in self._face_actors.items():
            structure = self.scene.actors[structure_id]
            visible = shown and structure_id in self.cut_faces and bool(structure.GetVisibility())
            actor.SetVisibility(visible)
            if visible:
                outlined.extend(self._loops[structure_id])
        self.outlines.SetVisibility(bool(outlined))
        if outlined:
            lift = np.asarray(self.plane.normal) * OUTLINE_LIFT_MM
            self.outlines.GetMapper().SetInputData(polylines(outlined, lift))

    def _show_handle(self) -> None:
        visible = self.handle_wanted and self.plane is not None and not self._hidden_for_still
        self.handle.SetVisibility(visible)
        if visible:
            self._handle_line.points = self.frame_corners()

    def cut_bounds(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The box (min xyz, max xyz) around the cut faces shown, or None when none is shown."""
        shown = [
            self.cut_faces[i].points
            for i, actor in self._face_actors.items()
            if actor.GetVisibility() and i in self.cut_faces
        ]
        if not shown:
            return None
        points = np.concatenate(shown)
        return points.min(axis=0), points.max(axis=0)

    def frame_corners(self) -> np.ndarray:
        """The four corners of the handle: the plane across the pelvis and iliopsoas (the views'
        focus, so the frame stays in view when the camera faces the cut), with a margin."""
        low, high = (np.asarray(b, float) for b in self.scene.focus_bounds)
        low, high = low - HANDLE_MARGIN_MM, high + HANDLE_MARGIN_MM
        origin, normal = np.asarray(self.plane.origin), np.asarray(self.plane.normal)
        axis = int(np.argmax(np.abs(normal)))
        u, v = [a for a in range(3) if a != axis]
        corners = []
        for a, b in ((low[u], low[v]), (high[u], low[v]), (high[u], high[v]), (low[u], high[v])):
            point = origin.copy()
            point[u], point[v] = a, b
            point[axis] = origin[axis] - ((point - origin) @ normal) / normal[axis]  # on the plane
            corners.append(point)
        return np.array(corners)

    def restyle(self) -> None:
        """The caption in the scene's theme (the presenter's high contrast, print's white paper)."""
        theme = self.scene.theme
        text = self.caption.GetTextProperty()
        text.SetColor(pv.Color(theme.text).float_rgb)
        text.SetBackgroundColor(pv.Color(theme.background_bottom).float_rgb)

    # --- the viewer's changes -----------------------------------------------------------------
    def _on_viewer_changed(self, _aspects) -> None:
        # The scene's own sync (connected first) has set each structure's visibility.
        if self.plane is not None:
            self._show_cut_faces()
