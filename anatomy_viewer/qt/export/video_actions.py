"""File > Export video…, wired to the main window: the dialog, a progress dialog with Cancel, and the
video written through render/pictures/video.py.

    action -> video_dialog.ask_video (plain values)
           -> a lesson or a step: drawn off screen at the video's size, as the command line does
              a turntable: the window's own view, turned once around, the camera put back after
           -> Cancel or any failure: no file (nor a partial one) is left; failures -> one message box

The window is used through a few attributes only: ``scene``, ``state``, ``catalogue``, ``meshes``,
``ensure_loaded(ids)``, ``settings``, ``file_menu``, ``quit_action``, ``statusBar()``, ``exports``
(its ``handout_action``, to sit beside it) and, when present, ``lessons`` (the lesson controller:
``lessons``, ``player``, ``glide``), ``tool`` (``stop_sweep()``) and ``placement_checker()``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from ...core.errors import UserError
from ...core.safe_write import check_writable
from .actions import FOLDER_SETTING, window_lessons
from .video_dialog import LESSON, STEP, TURNTABLE, VideoChoice, ask_video


class _CancelledError(Exception):
    """The user pressed Cancel while the video was being drawn."""


class VideoExport(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.progress: QProgressDialog | None = None
        self.action = QAction("Export &video…", window)
        self.action.setStatusTip("Film the lesson, a step or a turntable as an MP4 or GIF")
        self.action.triggered.connect(self.export_video)
        window.addAction(self.action)
        menu = window.file_menu
        actions = menu.actions()
        handout = getattr(getattr(window, "exports", None), "handout_action", None)
        after = actions.index(handout) + 1 if handout in actions else None
        before = (
            actions[after] if after is not None and after < len(actions) else window.quit_action
        )
        menu.insertAction(before, self.action)

    # --- helpers --------------------------------------------------------------------------------
    def _folder(self) -> Path:
        saved = self.window.settings.value(FOLDER_SETTING)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        movies = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
        return Path(movies) if movies and Path(movies).is_dir() else Path.home()

    def _player(self):
        return getattr(getattr(self.window, "lessons", None), "player", None)

    def _lessons(self) -> dict:
        return window_lessons(self.window)

    def _fail(self, error: UserError) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Video not exported", str(error), parent=self.window
        )
        box.open()  # window-modal without blocking the event loop
        self.message_box = box

    # --- the action -----------------------------------------------------------------------------
    def export_video(self) -> None:
        lessons = self._lessons()
        player = self._player()
        lesson_id = player.lesson.id if player is not None else None
        step = player.index + 1 if player is not None else None
        name = lesson_id or "anatomy-turntable"
        choice = ask_video(
            self.window,
            [(lesson.id, lesson.title, len(lesson.steps)) for lesson in lessons.values()],
            lesson_id,
            step,
            self._folder() / f"{name}.mp4",
        )
        if choice is not None:
            self.save_video(choice)

    def save_video(self, choice: VideoChoice) -> bool:
        """Export without asking (the dialog has asked); True when written, False when cancelled
        or failed (then a message box says why)."""
        window = self.window
        progress = QProgressDialog("Drawing the video…", "Cancel", 0, 1, window)
        progress.setWindowTitle("Export video")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self.progress = progress

        def advance(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)  # a modal dialog handles events here: Cancel gets through
            if progress.wasCanceled():
                raise _CancelledError

        try:
            summary = self._film(choice, advance)
        except _CancelledError:
            window.statusBar().showMessage("Video export cancelled", 5000)
            return False
        except UserError as error:
            self._fail(error)
            return False
        finally:
            progress.close()
            self.progress = None
        window.settings.setValue(FOLDER_SETTING, str(choice.path.parent))
        width, height = summary.size
        window.statusBar().showMessage(
            f"Saved {choice.path} ({width} × {height}, {summary.seconds:.1f} s, "
            f"{summary.bytes / 1e6:.1f} MB)",
            8000,
        )
        return True

    def _film(self, choice: VideoChoice, advance):
        from ...render.pictures.video import check_video_request

        window = self.window
        check_video_request(choice.path, choice.size)
        check_writable(choice.path)  # before the drawing, which takes a while
        glide = getattr(getattr(window, "lessons", None), "glide", None)
        if glide is not None:
            glide.finish()  # film where the camera is going, not a frame of the glide
        tool = getattr(window, "tool", None)
        if tool is not None:
            tool.stop_sweep()
        if choice.what == TURNTABLE:
            from ...render.pictures.video import view_turntable

            window.ensure_loaded(window.state.visible)
            # The frames are drawn in the view's own render window: no paint of the view at its
            # own size between them (each would cost as much as a frame); one when it is done.
            view = window.view.interactor
            view.setUpdatesEnabled(False)
            hints = _hold_hints_hidden(tool)
            try:
                return view_turntable(choice.path, window.scene, choice.size, progress=advance)
            finally:
                _shown_again(hints)
                view.setUpdatesEnabled(True)
                view.update()
        from ...render.pictures.video import lesson_video

        lesson = self._lessons().get(choice.lesson_id)
        if lesson is None:
            raise UserError(f"no lesson with id {choice.lesson_id!r}")
        if choice.what == STEP:
            if not 1 <= (choice.step or 0) <= len(lesson.steps):
                raise UserError(f"lesson {lesson.id} has steps 1..{len(lesson.steps)}")
            steps = [lesson.steps[choice.step - 1]]
        else:
            assert choice.what == LESSON
            steps = list(lesson.steps)
        needed = frozenset().union(*(step.visible_ids(window.catalogue) for step in steps))
        window.ensure_loaded(needed)
        checker = None
        if any(step.tool is not None or step.zones for step in steps):
            checker = window.placement_checker()  # measured once per window, shared
        return lesson_video(
            choice.path, steps, window.catalogue, window.meshes, choice.size,
            checker=checker, progress=advance,
            wall_mm=getattr(window.state, "chosen_wall_mm", None),  # the Body wall control's
        )  # fmt: skip


def _hold_hints_hidden(tool) -> list:
    """The hold countdown ("Hold 1:00 (H to start)") is the window's control, not part of the
    scene: a turntable for slides leaves it out. Returns the actors hidden, to show again."""
    overlay = getattr(tool, "hold_overlay", None)
    shown = [actor for actor in getattr(overlay, "actors", ()) if actor.GetVisibility()]
    for actor in shown:
        actor.SetVisibility(False)
    return shown


def _shown_again(actors: list) -> None:
    for actor in actors:
        actor.SetVisibility(True)


def install_video_export(window) -> VideoExport:
    """Add File > Export video… beside the other exports (one call from the main window)."""
    return VideoExport(window)
