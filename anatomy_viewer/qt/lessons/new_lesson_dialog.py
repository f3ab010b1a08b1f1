"""Lesson > New lesson…: the new lesson's title, summary and audience. Plain values in and out:

ask_new_lesson(parent) -> NewLesson(title, summary, audience) | None
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...core.lessons.draft import DEFAULT_AUDIENCE


@dataclass(frozen=True)
class NewLesson:
    title: str
    summary: str
    audience: str


class NewLessonDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New lesson")
        self.title = QLineEdit(placeholderText="e.g. Finding the safe zone")
        self.title.setAccessibleName("Lesson title")
        self.summary = QPlainTextEdit(placeholderText="One paragraph for the lesson list")
        self.summary.setAccessibleName("Lesson summary")
        self.summary.setFixedHeight(80)
        self.audience = QLineEdit(DEFAULT_AUDIENCE)
        self.audience.setAccessibleName("Audience")
        hint = QLabel(
            "Then set up the 3D view and press <b>Add step from the view</b> for each step. "
            "The lesson is saved in My lessons."
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title.textChanged.connect(self._update_ok)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Summary", self.summary)
        form.addRow("Audience", self.audience)
        form.addRow(hint)
        form.addRow(self.buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title.text().strip()))

    def values(self) -> NewLesson:
        return NewLesson(
            self.title.text().strip(),
            self.summary.toPlainText().strip(),
            self.audience.text().strip() or DEFAULT_AUDIENCE,
        )


def ask_new_lesson(parent: QWidget | None = None) -> NewLesson | None:
    dialog = NewLessonDialog(parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
