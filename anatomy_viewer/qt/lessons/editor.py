"""Instructors make their own lessons in the window: the "Lesson editor" dock and its actions.

    Lesson > New lesson… / Edit lesson  --> LessonDraft (core; a shipped lesson: a copy in My lessons)
    Add / Update step from the view     --> window_scene (the view) --capture--> draft.add_step / update
    panel (steps, forms)                --> draft edits          draft --changed--> panel, player
    the lesson player plays the draft: the Lesson dock shows its words, F5 presents it, File > Export
    handout prints it; choosing a step (here, in the Lesson dock, or presenting) shows its scene
    Save / Save as / Export --> draft.save (checked as lessons check does; atomic) --> the picker
    Import lesson…          --> checked, copied into My lessons --> the picker
    closing the window / another lesson with unsaved changes --> ask: save, discard or cancel

Typing a step's words never moves the view: only a change of the scene (capture, undo, another step)
applies it, so an instructor can turn the view, retitle the step and then update it from the view.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from ...core.errors import UserError
from ...core.lessons import LessonError
from ...core.lessons.draft import LessonDraft
from ...core.lessons.library import (
    SHIPPED,
    import_lesson_file,
    origin_of,
    user_lessons_dir,
    write_lesson_file,
)
from ...core.lessons.writer import lesson_to_toml
from .editor_panel import LessonEditorPanel
from .new_lesson_dialog import NewLesson, ask_new_lesson
from .unsaved_dialog import CANCEL, SAVE, ask_unsaved
from .window_scene import capture_window

LESSON_FILTER = "Lessons (*.toml)"


def _scene_key(step) -> object:
    """What of a step the view shows (its words left out): a change here re-applies the scene."""
    if step is None:
        return None
    return dataclasses.replace(step, number=0, title="", text="", notes="", quiz=None)


class LessonEditor(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.lessons = window.lessons
        self.catalogue = window.catalogue
        self.draft: LessonDraft | None = None
        self._player = None  # the lesson player showing the draft
        self._shown = None  # (step index, its scene) last applied to the view
        # Dialogs, replaceable (tests answer them without a modal loop).
        self.ask_unsaved = ask_unsaved
        self.ask_new = ask_new_lesson
        self.ask_save_path = self._ask_save_path
        self.ask_open_path = self._ask_open_path

        self._build_actions()
        self.panel = LessonEditorPanel(
            self.catalogue,
            [
                self.add_action, self.update_action, None,
                self.duplicate_action, self.delete_action, self.up_action, self.down_action, None,
                self.undo_action, self.redo_action, self.save_action,
            ],
        )  # fmt: skip
        self.dock = QDockWidget("Lesson editor", window)
        self.dock.setObjectName("lesson-editor-dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(self.lessons.dock, self.dock)
        self.dock.hide()
        self.lessons.dock.raise_()
        self.dock_action = self.dock.toggleViewAction()
        self.dock_action.setText("Lesson &editor panel")
        self.menu.addAction(self.dock_action)
        self.panel.step_chosen.connect(lambda _row: self._sync())
        self.panel.steps.delete_requested.connect(self.delete_step)
        self.panel.steps.duplicate_requested.connect(self.duplicate_step)
        window.installEventFilter(self)  # the window closing: unsaved changes are asked about
        self._update_actions()

    # --- actions ---------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").replace("…", ""))
        action.setToolTip(action.statusTip())
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a(
            "&New lesson…",
            self.new_lesson,
            "Ctrl+Shift+N",
            "Start a lesson of your own, in My lessons",
        )
        self.edit_action = a(
            "&Edit lesson",
            self.edit_lesson,
            "Ctrl+E",
            "Edit the open lesson (a shipped one: a copy in My lessons)",
        )
        self.save_action = a(
            "&Save lesson",
            self.save,
            QKeySequence.StandardKey.Save,
            "Save the lesson being edited (checked as lessons check does)",
        )
        self.save_as_action = a(
            "Save lesson &as…",
            self.save_as,
            None,
            "Save the lesson being edited in a file of your choice",
        )
        self.import_action = a(
            "&Import lesson…",
            self.import_lesson,
            None,
            "Copy a lesson file into My lessons, after checking it",
        )
        self.export_action = a(
            "E&xport lesson…", self.export_lesson, None, "Write a copy of a lesson file to share it"
        )
        self.add_action = a(
            "&Add step from the view",
            self.add_step,
            "Ctrl+Shift+A",
            "A new step showing what the 3D view shows now (camera, structures, "
            "zones, the hip hook)",
        )
        self.update_action = a(
            "&Update step from the view",
            self.update_step,
            "Ctrl+Shift+U",
            "The current step shows what the 3D view shows now (its words stay)",
        )
        self.duplicate_action = a(
            "Duplicate",
            self.duplicate_step,
            None,
            "Duplicate the current step (Ctrl+D in the step list)",
        )
        self.delete_action = a(
            "Delete", self.delete_step, None, "Delete the current step (Delete in the step list)"
        )
        self.up_action = a(
            "▲",
            lambda: self.move_step(-1),
            None,
            "Move the step up (Alt+Up in the step list, or drag it)",
        )
        self.down_action = a(
            "▼",
            lambda: self.move_step(1),
            None,
            "Move the step down (Alt+Down in the step list, or drag it)",
        )
        self.undo_action = a("Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = a("Redo", self.redo, QKeySequence.StandardKey.Redo)
        self.close_action = a("&Close the editor", self.close_editor, None)
        menu = self.lessons.lesson_menu
        menu.addSeparator()
        for action in (self.new_action, self.edit_action, self.save_action, self.save_as_action,
                       self.import_action, self.export_action):  # fmt: skip
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.add_action, self.update_action, self.undo_action, self.redo_action,
                       self.close_action):  # fmt: skip
            menu.addAction(action)
        self.menu = menu

    def _update_actions(self) -> None:
        draft = self.draft
        editing = draft is not None
        has_step = editing and draft.current >= 0
        for action in (self.save_action, self.save_as_action, self.add_action, self.close_action):
            action.setEnabled(editing)
        for action in (self.update_action, self.duplicate_action, self.delete_action):
            action.setEnabled(has_step)
        self.up_action.setEnabled(has_step and draft.current > 0)
        self.down_action.setEnabled(has_step and draft.current < len(draft.steps) - 1)
        self.undo_action.setEnabled(editing and draft.history.can_undo)
        self.redo_action.setEnabled(editing and draft.history.can_redo)
        for action, word, label in (
            (self.undo_action, "Undo", draft.history.undo_label if editing else ""),
            (self.redo_action, "Redo", draft.history.redo_label if editing else ""),
        ):
            action.setText(f"{word} {label}".strip())  # the menu says what it undoes
            action.setIconText(word)  # the panel's button stays short
            action.setToolTip(action.text())
        self.export_action.setEnabled(editing or self.lessons.player is not None)

    # --- which lesson is edited ------------------------------------------------------------------
    def _taken_ids(self) -> set[str]:
        return {lesson.id for lesson in self.lessons.lessons}

    def new_lesson(self, values: NewLesson | None = None) -> LessonDraft | None:
        if not self._may_discard():
            return None
        values = values or self.ask_new(self.window)
        if values is None:
            return None
        draft = LessonDraft.new(
            self.catalogue, values.title, values.summary, values.audience, self._taken_ids()
        )
        self._set_draft(draft)
        self.window.statusBar().showMessage(
            "New lesson: set up the view, then Add step from the view (Ctrl+Shift+A)", 10000
        )
        return draft

    def edit_lesson(self) -> LessonDraft | None:
        """The open lesson: a file of the user's is edited where it is; a shipped one is copied."""
        player = self.lessons.player
        if player is None:
            return self.new_lesson()
        if self.draft is not None and player is self._player:
            self._show_dock()
            return self.draft
        if not self._may_discard():
            return None
        lesson = player.lesson
        text = None
        if lesson.path is not None:
            try:
                text = lesson.path.read_text(encoding="utf-8-sig")
            except OSError:
                text = None
        shipped = origin_of(lesson.path) == SHIPPED
        if shipped:
            draft = LessonDraft.copy_of(lesson, self.catalogue, text, self._taken_ids())
        else:
            draft = LessonDraft.from_lesson(lesson, self.catalogue, text, self._taken_ids())
        draft.select(player.index)
        self._set_draft(draft)
        if shipped:
            self.window.statusBar().showMessage(
                f"The shipped lessons are read-only: editing a copy, {draft.name}, in My lessons",
                10000,
            )
        return draft

    def _set_draft(self, draft: LessonDraft | None) -> None:
        if self.draft is not None:
            self.draft.changed.disconnect(self._on_draft_changed)
        self.draft = draft
        self._shown = None
        self.panel.set_draft(draft)
        if draft is not None:
            draft.changed.connect(self._on_draft_changed)
            self._show_dock()
            self._sync()
        self._update_actions()

    def _show_dock(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def close_editor(self) -> bool:
        if not self._may_discard():
            return False
        self._set_draft(None)
        self.dock.hide()
        return True

    # --- the draft in the lesson player -----------------------------------------------------------
    def _on_draft_changed(self) -> None:
        self._sync()
        self._update_actions()

    def _sync(self) -> None:
        """Show the draft in the lesson player; apply the current step's scene only when it changed
        (another step, a capture, an undo), never for a change of words."""
        draft = self.draft
        if draft is None:
            return
        lesson = draft.lesson()
        shown = (draft.current, _scene_key(draft.current_step))
        player = self.lessons.player
        ours = player is not None and player is self._player
        if ours and player.lesson == lesson and draft.current >= 0:
            if player.index != draft.current:
                self._shown = shown
                player.go_to(draft.current)  # the lesson controller applies its scene
            return
        apply = not ours or shown != self._shown
        self._shown = shown
        self.lessons.show_edited(lesson, draft.current, apply)
        self._follow(self.lessons.player)

    def _follow(self, player) -> None:
        if self._player is not None and self._player is not player:
            self._player.changed.disconnect(self._on_player_step)
        if player is not None and player is not self._player:
            player.changed.connect(self._on_player_step)
        self._player = player

    def _on_player_step(self, index: int) -> None:
        """Stepped in the Lesson dock or while presenting: the editor follows."""
        draft = self.draft
        if draft is not None and self.lessons.player is self._player and index != draft.current:
            self._shown = (index, _scene_key(draft.steps[index].step))
            draft.select(index)

    # --- steps from the view ---------------------------------------------------------------------
    def _capture(self, keep_tool=None, keep_section=None):
        try:
            return capture_window(self.window, keep_tool, keep_section)
        except UserError as exc:
            self._warn("Step not captured", str(exc))
            return None

    def add_step(self) -> int | None:
        if self.draft is None and self.new_lesson() is None:
            return None
        captured = self._capture()
        if captured is None:
            return None
        index = self.draft.add_step(captured)
        self.panel.step_form.title.setFocus()
        self.panel.step_form.title.selectAll()  # type the step's title straight away
        return index

    def update_step(self) -> None:
        draft = self.draft
        if draft is None or draft.current_step is None:
            return
        step = draft.current_step
        captured = self._capture(keep_tool=step.tool, keep_section=step.section)
        if captured is not None:
            draft.update_scene(draft.current, captured)

    def duplicate_step(self) -> None:
        if self.draft is not None and self.draft.current >= 0:
            self.draft.duplicate(self.draft.current)

    def delete_step(self) -> None:
        if self.draft is not None and self.draft.current >= 0:
            self.draft.delete(self.draft.current)

    def move_step(self, by: int) -> None:
        if self.draft is not None and self.draft.current >= 0:
            self.draft.move(self.draft.current, self.draft.current + by)

    def undo(self) -> None:
        if self.draft is not None:
            self.draft.undo()

    def redo(self) -> None:
        if self.draft is not None:
            self.draft.redo()

    # --- files -----------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.draft is None:
            return False
        return self._save(None)

    def save_as(self) -> bool:
        if self.draft is None:
            return False
        path = self.ask_save_path("Save lesson as", self.draft.default_path())
        return path is not None and self._save(path)

    def _save(self, path: Path | None) -> bool:
        try:
            written = self.draft.save(path)
        except UserError as exc:
            self._warn("Lesson not saved", self._problem_words(exc))
            return False
        self.lessons.load_library()
        self.window.statusBar().showMessage(f"Saved {written}", 8000)
        self.panel.refresh()
        self._update_actions()
        return True

    def export_lesson(self) -> bool:
        """The lesson being edited, or the open one: a copy of its file somewhere else."""
        draft = self.draft
        player = self.lessons.player
        if draft is None and player is None:
            return False
        name = draft.info.id if draft is not None else player.lesson.id
        path = self.ask_save_path("Export lesson", Path.home() / f"{name}.toml")
        if path is None:
            return False
        try:
            if draft is not None:
                draft.export(path)
            elif player.lesson.path is not None:  # the file as its author wrote it
                write_lesson_file(path, player.lesson.path.read_text(encoding="utf-8-sig"))
            else:
                write_lesson_file(path, lesson_to_toml(player.lesson))
        except OSError as exc:
            self._warn("Lesson not exported", f"cannot read {player.lesson.path}: {exc}")
            return False
        except UserError as exc:
            self._warn("Lesson not exported", self._problem_words(exc))
            return False
        self.window.statusBar().showMessage(f"Exported {path}", 8000)
        return True

    def import_lesson(self, path: Path | None = None) -> Path | None:
        path = path or self.ask_open_path("Import lesson")
        if path is None:
            return None
        try:
            target = import_lesson_file(path, self.catalogue, self._taken_ids())
        except UserError as exc:
            self._warn("Lesson not imported", self._problem_words(exc))
            return None
        self.lessons.load_library()
        self.window.statusBar().showMessage(f"Imported into My lessons: {target.name}", 8000)
        return target

    @staticmethod
    def _problem_words(error: UserError) -> str:
        problems = getattr(error, "problems", None)
        if isinstance(error, LessonError) and problems:
            lines = [str(p) for p in problems]
            return "\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else "")
        return str(error)

    def _ask_save_path(self, title: str, suggested: Path) -> Path | None:
        folder = suggested.parent
        if not folder.is_dir():
            folder = user_lessons_dir() if user_lessons_dir().is_dir() else Path.home()
        path, _ = QFileDialog.getSaveFileName(
            self.window, title, str(folder / suggested.name), LESSON_FILTER
        )
        if not path:
            return None
        return Path(path) if path.endswith(".toml") else Path(f"{path}.toml")

    def _ask_open_path(self, title: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.window, title, str(Path.home()), LESSON_FILTER)
        return Path(path) if path else None

    def _warn(self, title: str, words: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, words, parent=self.window)
        box.open()  # window-modal without blocking the event loop
        self.message_box = box

    # --- unsaved changes -------------------------------------------------------------------------
    def _may_discard(self) -> bool:
        """True when the draft may go: saved, or the user chose to save (and it saved) or discard."""
        if self.draft is None or not self.draft.dirty:
            return True
        answer = self.ask_unsaved(self.window, self.draft.info.title or self.draft.name)
        if answer == CANCEL:
            return False
        if answer == SAVE:
            return self.save()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self.window and event.type() == QEvent.Type.Close
        if closing and not self._may_discard():
            event.ignore()
            return True
        return False


def install_lesson_editor(window) -> LessonEditor:
    """Lesson > New lesson / Edit lesson and the "Lesson editor" dock (one call from the window)."""
    return LessonEditor(window)
