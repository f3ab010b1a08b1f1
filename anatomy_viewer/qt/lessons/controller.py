"""Lessons in the window: opening them (picker, File > Open, drag-and-drop, --lesson), stepping
through them, applying each step's complete scene, and reloading a file an instructor is editing.

    LessonDock (view)  --player.next()-->  LessonPlayer (core)  --changed-->  LessonController
                                                                              -> SceneDirector.apply
                                                                              -> CameraGlide
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox

from ...core.errors import UserError
from ...core.lessons import Lesson, LessonError, LessonPlayer, load_lesson
from ...core.lessons.library import lesson_library
from ...render.framing import StepFraming
from ...render.overlays.labels import StructureLabels
from ...render.scene_apply import SceneDirector
from .camera_glide import CameraGlide
from .dock import LessonDock

# Editors save in bursts (truncate, write, rename); wait for the file to settle before re-reading.
RELOAD_DELAY_MS = 250


class LessonController(QObject):
    opened = Signal(object)  # the Lesson, opened or reloaded

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.catalogue = window.catalogue
        self.director = SceneDirector(window.scene)
        # The names a step asks for (``labels = [...]``), as its handout page and screenshot show them;
        # landmarks are the ones the placement checker measured (once, when a step first names one).
        self.labels = StructureLabels(
            window.scene, landmarks=lambda: window.placement_checker().landmarks
        )
        self.director.add_overlay(self.labels)
        # A step's named view frames what it is about (highlight, labels, the hook).
        self.director.framing = StepFraming(
            window.scene, window.placement_checker, self.labels.landmark_points
        )
        self.glide = CameraGlide(window.scene, self)
        self.player: LessonPlayer | None = None
        self.lessons: list[Lesson] = []  # shipped, then My lessons
        self.origins: dict[str, str] = {}  # lesson id -> "shipped" or "mine"

        self.dock_widget = LessonDock()
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lesson-dock")
        self.dock.setWidget(self.dock_widget)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock_widget.lesson_chosen.connect(self.open_by_id)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)

        self._build_actions()
        self.load_library()

    # --- actions --------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self.window
        self.open_action = QAction("&Open lesson…", window, shortcut=QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.ask_open_file)
        self.next_action = QAction("&Next step", window)
        self.next_action.setShortcuts([QKeySequence(Qt.Key.Key_PageDown)])
        self.next_action.triggered.connect(self.next_step)
        self.previous_action = QAction("&Previous step", window)
        self.previous_action.setShortcuts([QKeySequence(Qt.Key.Key_PageUp)])
        self.previous_action.triggered.connect(self.previous_step)
        for action in (self.open_action, self.next_action, self.previous_action):
            window.addAction(action)
        # Left / Right step through the lesson only where arrows mean nothing else: in the 3D view
        # and on the lesson panel (the structure tree and text fields keep their arrow keys).
        for widget in (window.view.interactor, self.dock_widget):
            for key, slot in (
                (Qt.Key.Key_Right, self.next_step),
                (Qt.Key.Key_Left, self.previous_step),
            ):
                arrow = QAction(widget)
                arrow.setShortcut(QKeySequence(key))
                arrow.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                arrow.triggered.connect(slot)
                widget.addAction(arrow)
        window.file_menu.insertAction(window.file_menu.actions()[0], self.open_action)
        menu = QMenu("&Lesson", window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), menu)
        menu.addAction(self.previous_action)
        menu.addAction(self.next_action)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())
        self.lesson_menu = menu

    def load_library(self) -> None:
        """The shipped lessons and My lessons, in the picker (again after a save or an import)."""
        try:
            entries, problems = lesson_library(self.catalogue)
        except UserError as exc:  # a broken lesson must not stop the app
            entries, problems = [], [exc]
        if problems:
            self.window.statusBar().showMessage(
                f"Some lessons could not be loaded: {problems[0]}"
                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                15000,
            )
        self.lessons = [entry.lesson for entry in entries]
        self.origins = {entry.lesson.id: entry.origin for entry in entries}
        self.dock_widget.set_lessons(self.lessons, self.origins)

    # --- opening --------------------------------------------------------------------------------
    def open_by_id(self, lesson_id: str) -> None:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                self.open_lesson(lesson)
                return
        raise UserError(
            f"no lesson with id {lesson_id!r} (lessons: {', '.join(lesson.id for lesson in self.lessons)})"
        )

    def ask_open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", "", "Lessons (*.toml)")
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        try:
            lesson = load_lesson(path, self.catalogue)
        except UserError as exc:
            self._show_problems(path, exc)
            return False
        self.open_lesson(lesson)
        return True

    def open_lesson(
        self, lesson: Lesson, start: int = 0, reveal: bool = True, quiet: bool = False
    ) -> None:
        """``reveal``: bring the Lesson panel to the front (not for a reload, nor while presenting:
        the audience sees the view and the caption only). ``quiet``: no word in the status bar
        either (the lesson editor showing its lesson, step after step)."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if lesson.path is not None:
            self.watcher.addPath(str(lesson.path))
        self.window.ensure_loaded(lesson.visible_ids(self.catalogue))  # before its first step
        self.player = LessonPlayer(lesson, self.catalogue, self.window.landmarks_for(lesson), start)
        self.player.changed.connect(self._on_step)
        self.dock_widget.set_player(self.player)
        presenting = getattr(getattr(self.window, "presenter", None), "presenting", False)
        if reveal and not presenting:
            self.dock.show()
            self.dock.raise_()
        self.opened.emit(lesson)
        self._on_step(self.player.index)
        if not quiet:
            self.window.statusBar().showMessage(f"Lesson: {lesson.title}", 5000)

    def show_edited(self, lesson: Lesson, index: int, apply_scene: bool) -> None:
        """The lesson editor's lesson, at step ``index``: its words at once, its scene only when
        ``apply_scene`` (typing a step's text must not move the view the instructor is setting up)."""
        if not lesson.steps:
            self.close_lesson()
            return
        index = max(0, min(index, len(lesson.steps) - 1))
        if apply_scene or self.player is None:
            self.open_lesson(
                lesson, start=index, reveal=False, quiet=True
            )  # the editor stays in front
            return
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.player = LessonPlayer(lesson, self.catalogue, self.player.landmarks, index)
        self.player.changed.connect(self._on_step)
        self.dock_widget.set_player(self.player)

    def close_lesson(self) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.player = None
        self.dock_widget.set_player(None)

    # --- stepping -------------------------------------------------------------------------------
    def next_step(self) -> None:
        if self.player is not None:
            self.player.next()

    def previous_step(self) -> None:
        if self.player is not None:
            self.player.previous()

    def _on_step(self, _index: int) -> None:
        try:
            state = self.player.scene_state()
        except UserError as exc:
            self.window.statusBar().showMessage(str(exc), 10000)
            return
        self.glide.finish()
        # The step's first frame is a moving one (reduced, decimated: 40-50 ms in software GL at
        # 1238x900 against 150-180 ms at rest), whichever draws it first: the step's changes or
        # the glide; the glide's last frame is drawn at rest.
        self.glide.begin()
        self.director.apply(state, move_camera=False)
        target = self.director.target_pose(state.camera, state)
        self.glide.glide_to(target)
        if isinstance(state.camera, str):
            self.window.scene.named_view = (state.camera, target)

    def reframe(self) -> None:
        """Frame the current step again for the view's present size (presenter mode's full screen)."""
        if self.player is None:
            return
        try:
            state = self.player.scene_state()
        except UserError:
            return
        self.glide.finish()
        target = self.director.target_pose(state.camera, state)
        self.window.scene.set_camera(target)
        if isinstance(state.camera, str):
            self.window.scene.named_view = (state.camera, target)

    # --- instructors editing ----------------------------------------------------------------------
    def _on_file_changed(self, _path: str) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        """Re-read the open lesson's file; keep the current step (or the last one if it shrank)."""
        if self.player is None or self.player.lesson.path is None:
            return
        path = self.player.lesson.path
        if str(path) not in self.watcher.files() and path.exists():
            self.watcher.addPath(str(path))  # replaced by rename: watch the new file
        try:
            lesson = load_lesson(path, self.catalogue)
        except UserError as exc:
            self.window.statusBar().showMessage(f"Lesson not reloaded: {exc}", 15000)
            return
        self.open_lesson(lesson, start=min(self.player.index, len(lesson.steps) - 1), reveal=False)
        self.window.statusBar().showMessage(f"Reloaded {path.name}", 4000)

    def _show_problems(self, path: Path, error: UserError) -> None:
        problems = getattr(error, "problems", None)
        lines = [str(p) for p in problems] if problems else [str(error)]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Lesson not opened",
            f"{path.name} has problems:",
            parent=self.window,
        )
        box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
        box.setDetailedText("\n".join(lines))
        box.open()
        self.problem_box = box  # kept for tests and so it is not garbage-collected while shown


__all__ = ["LessonController", "LessonError"]
