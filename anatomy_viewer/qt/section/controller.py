"""The section view in the window: View > Section, the Section toolbar, the X key, dragging the cut's
frame, lesson steps with a section, and the press-line cut that follows the hip hook.

    actions / toolbar / X --choose--> SectionSession (core) --changed--> SectionView.show, one render
    slider or frame drag (moving) --> GPU clipping only, on the decimated meshes (as when turning the
                                      view) --> release: full meshes, cut faces filled
    lesson step (SceneDirector overlay) --apply(state)--> SectionSession.apply(state.section)
    the hip hook moves under a press-line cut --> the plane follows; the cut faces are filled once
                                                  the hook has rested for SETTLE_MS

Installed by the main window with one call: ``install_section(window)``. Uses the window's ``scene``,
``view``, ``tool`` (its session), ``lessons`` (the director, the camera glide), ``later``, ``view_menu``
and ``statusBar()``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QToolBar

from ...core.placement.checker import plain_name
from ...core.scene.scene_state import SceneState
from ...core.scene.section import facing_camera
from ...core.scene.section_session import SectionSession
from ...render.overlays.section_layer import frame_of, section_plane
from .drag import PlaneDrag
from .panel import SectionPanel

# After the hip hook's last move under a press-line cut, this long without another, the cut faces
# are filled: as the tool's own full frame comes back (qt/tool/controller.py LIVE_IDLE_MS).
SETTLE_MS = 300
PLANE_ACTIONS = (
    ("", "&Off", "Show the whole anatomy"),
    ("axial", "&Axial", "Cut across the body (a horizontal plane), looking down on the pelvis"),
    ("sagittal", "&Sagittal", "Cut from front to back (a vertical plane), as seen from the left"),
    ("coronal", "&Coronal", "Cut from side to side (a vertical plane), as seen from the front"),
    ("press-line", "&Press line", "Cut along the hip hook's press line: the layers the tip passes"),
)
DEFAULT_PLANE = "axial"


class SectionController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.scene = window.scene
        self.view = window.scene.section
        self.session = SectionSession()
        self.session.set_bounds(self.scene.bounds, self.scene.focus_bounds)
        self._last_plane = DEFAULT_PLANE
        self._tool_moving = False
        self._build_actions()
        self.panel = SectionPanel(self.session, self.plane_actions, self.face_action)
        self.toolbar = QToolBar("Section", window)
        self.toolbar.setObjectName("section-toolbar")
        self.toolbar.addWidget(self.panel)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.menu.addAction(self.toolbar.toggleViewAction())
        self.drag = PlaneDrag(window.view.interactor, window.view.renderer, self.view, self.session)
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(self._tool_rested)
        self.session.changed.connect(self._on_session)
        window.tool.session.changed.connect(self._on_tool)
        window.later.arrived.connect(self._on_more_structures)
        window.lessons.director.add_overlay(self)

    # --- actions --------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self.window
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.plane_actions: list[QAction] = []
        for plane, text, tip in PLANE_ACTIONS:
            action = QAction(text, window, checkable=True)
            action.setData(plane)
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, p=plane: self.choose(p or None))
            self.group.addAction(action)
            self.plane_actions.append(action)
        self.plane_actions[0].setChecked(True)
        self.toggle_action = QAction("Section on / off", window)
        self.toggle_action.setShortcut(QKeySequence("X"))
        self.toggle_action.setStatusTip("Cut the anatomy (X), or show it whole again")
        self.toggle_action.triggered.connect(self.toggle)
        self.face_action = QAction("Face the cut", window)
        self.face_action.setStatusTip("Turn the camera to look straight at the cut")
        self.face_action.setToolTip("Turn the camera to look straight at the cut")
        self.face_action.triggered.connect(self.face_the_cut)
        window.addAction(self.toggle_action)  # the key works with the menu bar hidden too
        self.menu = window.view_menu.addMenu("Sectio&n")
        for action in self.plane_actions:
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.toggle_action, self.face_action):
            self.menu.addAction(action)

    # --- what the user asks for -----------------------------------------------------------------
    def choose(self, plane: str | None) -> None:
        if plane == "press-line":
            self.window.tool.session.set_visible(True)  # the cut needs a placement to follow
        if plane is not None:
            self._last_plane = plane
        self.session.choose(plane)

    def toggle(self) -> None:
        self.choose(None if self.session.section is not None else self._last_plane)

    def face_the_cut(self) -> None:
        section, plane = self.session.section, self.view.plane
        if section is None or plane is None:
            return
        width, height = self.scene.plotter.window_size
        aspect = width / height if width > 0 and height > 0 else 4 / 3
        frame = frame_of(section, self.scene, self._placement())
        self.window.lessons.glide.glide_to(facing_camera(section, plane, frame, aspect))

    # --- overlay protocol (lesson steps) --------------------------------------------------------
    def apply(self, state: SceneState) -> None:
        """The step's section (or none), cut faces filled; no render of its own (the director's)."""
        self._settle_timer.stop()
        self._tool_moving = False
        self.session.apply(state.section)
        self._show()

    # --- model -> view --------------------------------------------------------------------------
    def _on_session(self, aspects: frozenset[str]) -> None:
        section = self.session.section
        key = section.plane if section is not None else ""
        for action in self.plane_actions:
            action.setChecked(action.data() == key)
        if "moving" in aspects:
            # Smooth while moving: the decimated copies, as when the view is turned.
            self.scene.lod.set_interacting(self.session.moving)
        self._show()

    def _on_tool(self, aspects: frozenset[str]) -> None:
        section = self.session.section
        if section is None or section.plane != "press-line" or "placement" not in aspects:
            return
        self._tool_moving = True
        self._settle_timer.start()
        self._show()

    def _tool_rested(self) -> None:
        self._tool_moving = False
        self._show()

    def _placement(self):
        section = self.session.section
        if section is None or section.plane != "press-line":
            return None
        return self.window.tool.session.placement

    def _show(self) -> None:
        if getattr(self.window.view, "_closed", False):  # a late timer after the window closed
            return
        section = self.session.section
        placement = self._placement()
        if section is None or (section.plane == "press-line" and placement is None):
            self.view.show(None)
            self.view.set_handle(False)
        else:
            lateral = None
            if placement is not None:
                lateral = self.window.tool.session.checker.landmarks.lateral_sign(placement.side)
            plane, caption = section_plane(section, self.scene, placement, lateral)
            at_rest = not (self.session.moving or self._tool_moving)
            self.view.show(plane, caption, capped=at_rest)
            self.view.set_handle(section.plane != "press-line")
            if at_rest and self.view.dropped:
                names = ", ".join(plain_name(i) for i in sorted(self.view.dropped))
                self.window.statusBar().showMessage(
                    f"Cut left open where the mesh is not closed: {names}", 8000
                )
        self.scene.request_render()

    def _on_more_structures(self, _result) -> None:
        # Connected after the window's own handler: the scene has them (and their bounds) now.
        self.session.set_bounds(self.scene.bounds, self.scene.focus_bounds)
        self.panel.refresh()


def install_section(window) -> SectionController:
    """View > Section, the Section toolbar and the X key on the main window."""
    return SectionController(window)
