"""File > Export image… (Ctrl+Shift+S) and File > Export handout…, wired to the main window.

    action -> dialog (plain values)
           -> render/pictures/export.py, or render/pictures/lesson_images.py + qt/export/handout.py
           -> core.safe_write; any failure -> one message box, never a traceback

The window is used through a few attributes only: ``scene``, ``state``, ``catalogue``, ``meshes``,
``ensure_loaded(ids)``, ``settings``, ``file_menu``, ``quit_action``, ``statusBar()`` and, when
present, ``lessons`` (the lesson controller: ``lessons``, ``player``) and ``landmarks_for(lesson)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from ...core.errors import UserError
from ...render.pictures.export import ExportOptions, export_image
from .handout_dialog import ask_handout
from .image_dialog import ask_image_export

FOLDER_SETTING = "export/folder"


class _CancelledError(Exception):
    """The user pressed Cancel while the handout's images were being drawn."""


class ExportActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.image_action = QAction("Export &image…", window)
        self.image_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.image_action.setStatusTip("Save the 3D view as a PNG or JPEG, at any size")
        self.image_action.triggered.connect(self.export_image)
        self.handout_action = QAction("Export &handout…", window)
        self.handout_action.setStatusTip("Write a lesson as a printable PDF, one page per step")
        self.handout_action.triggered.connect(self.export_handout)
        for action in (self.image_action, self.handout_action):
            window.addAction(action)  # the shortcut works with the menu bar hidden too
            window.file_menu.insertAction(window.quit_action, action)
        window.file_menu.insertSeparator(window.quit_action)

    # --- helpers --------------------------------------------------------------------------------
    def _folder(self) -> Path:
        saved = self.window.settings.value(FOLDER_SETTING)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        return Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()

    def _remember(self, path: Path) -> None:
        self.window.settings.setValue(FOLDER_SETTING, str(path.parent))

    def _player(self):
        controller = getattr(self.window, "lessons", None)
        return getattr(controller, "player", None)

    def _fail(self, title: str, error: UserError) -> None:
        # open(), not exec(): the message is window-modal without blocking the event loop.
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(error), parent=self.window)
        box.open()
        self.message_box = box

    # --- image ----------------------------------------------------------------------------------
    def export_image(self) -> None:
        window = self.window
        width, height = window.scene.plotter.render_window.GetSize()
        player = self._player()
        caption = player.step.title if player is not None else ""
        name = f"{player.lesson.id}-step{player.index + 1}" if player else "anatomy-view"
        choice = ask_image_export(
            window, (width, height), self._folder() / f"{name}.png", False, caption
        )
        if choice is None:
            return
        self.save_image(choice.path, choice.size, choice.transparent, choice.caption)

    def save_image(
        self, path: Path, size: tuple[int, int], transparent: bool = False, caption: str = ""
    ) -> bool:
        """Export without asking (the dialog has asked); True when written."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.window.ensure_loaded(self.window.state.visible)  # ticked a moment after the start
        try:
            options = ExportOptions(size, transparent=transparent, caption=caption)
            export_image(self.window.scene, path, options)
        except UserError as error:
            QGuiApplication.restoreOverrideCursor()
            self._fail("Image not exported", error)
            return False
        QGuiApplication.restoreOverrideCursor()
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {path} ({size[0]} × {size[1]})", 8000)
        return True

    # --- handout --------------------------------------------------------------------------------
    def _lessons(self) -> dict:
        return window_lessons(self.window)

    def export_handout(self) -> None:
        lessons = self._lessons()
        if not lessons:
            QMessageBox.information(self.window, "Export handout", "No lesson is available.")
            return
        player = self._player()
        current = player.lesson.id if player is not None else next(iter(lessons))
        choice = ask_handout(
            self.window,
            [(lesson.id, lesson.title) for lesson in lessons.values()],
            current,
            self._folder() / f"{current}.pdf",
        )
        if choice is not None:
            self.save_handout(lessons[choice.lesson_id], choice.path, choice.paper, choice.notes)

    def save_handout(self, lesson, path: Path, paper: str = "a4", notes: bool = False) -> bool:
        from .handout import HandoutOptions, handout_images, write_handout

        window = self.window
        needed = lesson.visible_ids(window.catalogue)
        window.ensure_loaded(needed)  # structures the window has not loaded yet
        missing = sorted(needed - set(window.meshes))
        if missing:  # e.g. an optional file that failed to load: draw the rest, say what is absent
            window.statusBar().showMessage(
                f"Not in the handout's images: {', '.join(missing)}", 8000
            )
        progress = QProgressDialog("Drawing the steps…", "Cancel", 0, len(lesson.steps), window)
        progress.setWindowTitle("Export handout")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def advance(done: int, _total: int) -> None:
            progress.setValue(done)
            if progress.wasCanceled():
                raise _CancelledError

        try:
            landmarks_for = getattr(window, "landmarks_for", None)
            landmarks = landmarks_for(lesson) if landmarks_for is not None else None
            options = HandoutOptions(paper, notes)
            images = handout_images(
                lesson, window.catalogue, window.meshes, options, progress=advance,
                landmarks=landmarks,
                wall_mm=getattr(window.state, "chosen_wall_mm", None),  # the Body wall control's
            )  # fmt: skip
            pages = write_handout(path, lesson, images, window.catalogue, options)
        except _CancelledError:
            return False
        except UserError as error:
            self._fail("Handout not exported", error)
            return False
        finally:
            progress.close()
        self._remember(path)
        window.statusBar().showMessage(f"Saved {path} ({pages} pages)", 8000)
        return True


def window_lessons(window) -> dict:
    """id -> lesson: the shipped ones, and the one open in the window (also one opened from a file)."""
    controller = getattr(window, "lessons", None)
    lessons = {lesson.id: lesson for lesson in getattr(controller, "lessons", [])}
    player = getattr(controller, "player", None)
    if player is not None:
        lessons[player.lesson.id] = player.lesson
    return lessons


def install_export_actions(window) -> ExportActions:
    """Add the export actions to the window's File menu (one call from the main window)."""
    return ExportActions(window)
