"""The main window: the 3D view in the middle, the structure panel docked at the side, menus, a
toolbar of standard views and a status bar.

The window composes parts and wires them; each part lives in its own module:

    ViewerState (core)  <-  StructurePanel (qt)      AnatomyScene (render) on a QtInteractor
          \\__________________ changed ____________________/
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QToolBar, QWidget

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.mesh_sources import MeshFolder
from ...core.anatomy.meshes import SurfaceMesh, load_structures
from ...core.scene.viewer_state import ViewerState
from ...core.scene.views import VIEW_NAMES, CameraPose
from ...render.anatomy.picking import StructurePicker
from ...render.anatomy.scene import AnatomyScene
from ..export.actions import install_export_actions
from ..export.video_actions import install_video_export
from ..export.web_export import install_web_export
from ..lessons.controller import LessonController
from ..lessons.editor import install_lesson_editor
from ..present.presenter import install_presenter
from ..section.controller import install_section
from ..structures.panel import StructurePanel
from ..structures.zones_controller import ZonesController
from ..tool.controller import ToolController
from .about_dialog import show_about
from .click_to_select import ClickToSelect
from .first_frame import FirstShownFrame
from .gui_thread_gc import gui_thread_collector
from .interactor import QtInteractor
from .later_structures import LaterStructures
from .measure import install_measure
from .native_view_surface import ViewFrames
from .room import first_start_geometry, install_room
from .text_medium import follow_screen_density

DEFAULT_VIEW = "anterior"


def app_settings() -> QSettings:
    return QSettings("anatomy-viewer", "anatomy-viewer")


class MainWindow(QMainWindow):
    def __init__(
        self,
        catalogue: Catalogue,
        meshes: dict[str, SurfaceMesh],
        settings: QSettings | None = None,
        notices: list[str] | tuple[str, ...] = (),
        parent: QWidget | None = None,
        mesh_folder: MeshFolder | None = None,
    ) -> None:
        """``meshes``: what the first frame shows. With ``mesh_folder``, the catalogue's other
        structures found there are listed at once and loaded after the first frame."""
        super().__init__(parent)
        # Threads load structures and decimated copies beside the GUI: cycles of VTK objects must
        # not be collected on them (gui_thread_gc.py). Released in closeEvent.
        gui_thread_collector().hold()
        self.setWindowTitle("anatomy-viewer: hip hook and iliopsoas")
        self.catalogue = catalogue
        self.meshes = meshes
        self._checker = None
        self.settings = settings if settings is not None else app_settings()
        unloaded = [] if mesh_folder is None else [s for s in catalogue if s.id not in meshes]
        later = [s.id for s in unloaded if mesh_folder.file(s).is_file()]
        absent = [s.id for s in unloaded if s.id not in later]
        if absent:  # as loading them at start would have said
            notices = [*notices, f"missing mesh files for: {', '.join(absent)}"]
        self.later = LaterStructures(
            later, lambda ids: load_structures(catalogue, mesh_folder, ids), self
        )
        self.later.arrived.connect(self._add_structures)
        self.state = ViewerState(
            catalogue, available=[i for i in catalogue.ids if i in meshes or i in later]
        )
        self.current_view = DEFAULT_VIEW

        self.view = QtInteractor(self, auto_update=False)
        # FXAA: cheap on the view's real GL context; smooths silhouettes. Set on the renderer
        # directly: pyvista's enable_anti_aliasing first probes for EGL with a throwaway window
        # (an eighth of a second at start-up), which does not apply to a Qt view.
        self.view.renderer.SetUseFXAA(True)
        # FXAA alone: pyvista's default 4x multisampling on top of it made every frame at rest
        # 2.5 times as expensive in software GL (180 -> 72 ms at 494x790). The window's exports
        # are smoothed by the same FXAA.
        self.view.render_window.SetMultiSamples(0)
        self.setCentralWidget(self.view.interactor)
        # A frame shown is a frame drawn once, and (software GL on X11) shown on its own surface.
        self.frames = ViewFrames(self.view)
        self.scene = AnatomyScene(self.view, catalogue, meshes, self.state)
        self.frames.moving_resolution = self.scene.lod.resolution  # stretched as they are shown
        # Frames of an orbit, a glide or a hook's move are shown and never read back.
        self.frames.moving = lambda: self.scene.lod.interacting or self.scene.backdrop.active
        # No frame of the anatomy before the window is on screen; work that would compete with
        # the first one the user sees waits for it.
        self.first_frame = FirstShownFrame(
            self.view.renderer, self.view.render_window, self.view.interactor.update, self
        )
        self.first_frame.shown.connect(self._after_first_frame)
        # Changes arriving in one event-loop turn (a lesson step, zones, the tool) share one render.
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self.view.render)
        self.scene.request_render = self._render_timer.start
        self.picker = StructurePicker(self.scene)
        self.click_to_select = ClickToSelect(self.view.interactor, self.picker, self.state.select)

        self.panel = StructurePanel(self.state)
        self.panel_dock = QDockWidget("Structures", self)
        self.panel_dock.setObjectName("structures-dock")
        self.panel_dock.setWidget(self.panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.panel_dock)

        self.selection_label = QLabel()
        self.statusBar().addPermanentWidget(self.selection_label)
        self.state.changed.connect(self._on_state_changed)

        self._build_actions()
        self.lessons = LessonController(self)
        self.zones = ZonesController(self)
        self.tool = ToolController(self)  # the "Hip hook" dock, practice mode, lesson steps' tool
        self.exports = install_export_actions(self)  # File > Export image / handout
        self.video_export = install_video_export(self)  # File > Export video
        self.web_export = install_web_export(self)  # File > Export lesson as web page
        self.presenter = install_presenter(self)  # View > Present (F5)
        self.section = install_section(self)  # View > Section, the Section toolbar (X)
        self.measure = install_measure(self)  # View > Measure a distance (M), Esc clears
        self.lesson_editor = install_lesson_editor(self)  # Lesson > New / Edit lesson, My lessons
        self.room = install_room(self)  # the panels as tabs, View > Panels (Ctrl+B), the start card
        self.text_medium = follow_screen_density(self)  # labels at the screen's density
        self.setAcceptDrops(True)  # drop a lesson file on the window to open it
        self._restore_settings()
        for line in notices:
            self.statusBar().showMessage(line, 15000)

    # --- actions and menus ----------------------------------------------------------------------
    def _action(
        self, text: str, slot, shortcut: str | QKeySequence | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden (presenting)
        return action

    def _build_actions(self) -> None:
        self.view_actions: dict[str, QAction] = {}
        for number, name in enumerate(VIEW_NAMES, start=1):
            self.view_actions[name] = self._action(
                name.capitalize(),
                lambda _=False, n=name: self.show_view(n),
                str(number),
                f"{name.capitalize()} view (key {number})",
            )
        self.reset_action = self._action(
            "&Reset view", self.reset_view, "R", "Back to the anterior view"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action(
            "&About anatomy-viewer", lambda: show_about(self, self.catalogue)
        )
        self.fullscreen_action = self._action(
            "&Full screen", self._toggle_full_screen, QKeySequence.StandardKey.FullScreen
        )

        menus = self.menuBar()
        self.file_menu = menus.addMenu("&File")
        self.file_menu.addAction(self.quit_action)
        self.view_menu = menus.addMenu("&View")
        for action in self.view_actions.values():
            self.view_menu.addAction(action)
        self.view_menu.addAction(self.reset_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.fullscreen_action)
        self.help_menu = menus.addMenu("&Help")
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar("Views", self)
        self.toolbar.setObjectName("views-toolbar")
        for action in self.view_actions.values():
            self.toolbar.addAction(action)
        self.toolbar.addAction(self.reset_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # --- views ----------------------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        self.current_view = name
        self.scene.view(name)
        self.statusBar().showMessage(f"{name.capitalize()} view", 3000)

    def reset_view(self) -> None:
        self.show_view(DEFAULT_VIEW)

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # --- structures loaded after the first frame -------------------------------------------------
    def _after_first_frame(self) -> None:
        self.later.start()  # the other structures, on a background thread
        self.scene.lod.prepare()  # the decimated copies for turning the view, likewise

    def ensure_loaded(self, ids) -> None:
        """Make sure these structures are in the scene now (a lesson step, a handout needs them)."""
        result = self.later.take(ids)
        if result is not None:
            self._add_structures(result)

    def _add_structures(self, result) -> None:
        self.meshes.update(result.meshes)
        self.scene.add_structures(result.meshes)
        notices = result.notices()  # unreadable files, custom (re-posed) meshes
        if notices:
            self.statusBar().showMessage("; ".join(notices), 15000)

    # --- lessons --------------------------------------------------------------------------------
    def placement_checker(self):
        """Landmarks, the derived body wall and the zone rules, measured on the meshes once, when
        first needed (about a second): zones, the tool and lessons with a tool share it."""
        if self._checker is None:
            from PySide6.QtGui import QGuiApplication

            from ...core.placement.checker import PlacementChecker

            self.statusBar().showMessage("Measuring landmarks and zones on the meshes…")
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._checker = PlacementChecker.for_teaching_scene(self.catalogue, self.meshes)
            finally:
                QGuiApplication.restoreOverrideCursor()
                self.statusBar().clearMessage()
        return self._checker

    def landmarks_for(self, lesson):
        """The measured landmarks, when a lesson places the tool or a section relative to one."""
        if any(step.needs_landmarks for step in lesson.steps):
            return self.placement_checker().landmarks
        return None

    def open_lesson_by_id(self, lesson_id: str) -> None:
        self.lessons.open_by_id(lesson_id)

    def dragEnterEvent(self, event) -> None:
        if any(url.toLocalFile().endswith(".toml") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".toml"):
                self.lessons.open_file(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    # --- model -> status bar --------------------------------------------------------------------
    def _on_state_changed(self, aspects: frozenset[str]) -> None:
        if "selection" in aspects:
            selected = self.state.selected
            if selected:
                structure = self.catalogue[selected]
                self.selection_label.setText(f"{structure.name}  ·  {structure.fma}")
            else:
                self.selection_label.setText("")

    # --- settings -------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.setGeometry(first_start_geometry(self.screen()))
        self.room.restore(self.settings)  # the panels' layout; the start card at a first start
        camera = self.settings.value("view/camera")
        name = self.settings.value("view/name", DEFAULT_VIEW)
        self.current_view = name if name in VIEW_NAMES else DEFAULT_VIEW
        self._saved_pose = _pose_from_setting(camera)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_camera_placed", False):
            # Only now does the view know its size, which the named views need to fit the anatomy.
            # No render here: the paint when the window is exposed draws it (first_frame.py).
            self._camera_placed = True
            self.room.on_first_show()  # the panels' default widths need the window's size
            self.first_frame.begin(self.windowHandle())
            if self._saved_pose is not None:
                self.scene.set_camera(self._saved_pose, render=False)
            else:
                self.scene.view(self.current_view, render=False)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.room.save(self.settings)
        self.settings.setValue("view/name", self.current_view)
        pose = self.scene.camera_pose()
        self.settings.setValue("view/camera", [*pose.position, *pose.focal_point, *pose.up])
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        self.later.close()  # structures still arriving are not added to a closed view
        self.tool.close()  # its timers stop and its actors go back to the scene before the view closes
        self.scene.lod.close()  # the decimation worker stops after the mesh it is on
        self.scene.backdrop.close()  # its picture's GL memory, while the view's context lives
        self.frames.close()
        self.view.close()
        super().closeEvent(event)
        if not getattr(self, "_released_gc", False):  # close() may come more than once
            self._released_gc = True
            gui_thread_collector().release()


def _pose_from_setting(value) -> CameraPose | None:
    try:
        numbers = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    if len(numbers) != 9:
        return None
    return CameraPose(tuple(numbers[0:3]), tuple(numbers[3:6]), tuple(numbers[6:9]))
