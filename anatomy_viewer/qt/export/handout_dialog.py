"""File > Export handout: which lesson, which paper, with or without notes, and where. Plain values in
and out; the PDF is made by qt/export/handout.py.

    ask_handout(parent, lessons=[(id, title)], lesson_id, path, paper, notes) -> HandoutChoice | None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from .dialog_parts import file_row, save_cancel_buttons
from .image_dialog import confirm_overwrite

PAPER_LABELS = {"a4": "A4 (210 × 297 mm)", "letter": "US Letter (8.5 × 11 in)"}


@dataclass(frozen=True)
class HandoutChoice:
    lesson_id: str
    path: Path
    paper: str
    notes: bool


class HandoutDialog(QDialog):
    def __init__(
        self,
        lessons: Sequence[tuple[str, str]],
        lesson_id: str | None,
        path: Path,
        paper: str = "a4",
        notes: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export handout")
        self.lesson_box = QComboBox()
        for identifier, title in lessons:
            self.lesson_box.addItem(title, identifier)
        if lesson_id is not None and self.lesson_box.findData(lesson_id) >= 0:
            self.lesson_box.setCurrentIndex(self.lesson_box.findData(lesson_id))
        self.paper_box = QComboBox()
        for key, label in PAPER_LABELS.items():
            self.paper_box.addItem(label, key)
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(paper)))
        self.notes_box = QCheckBox("Add the presenter notes to each step")
        self.notes_box.setChecked(notes)
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setAccessibleName("PDF file to write")
        path_row = file_row(self.path_edit, self._browse)
        buttons = save_cancel_buttons(self)
        form = QFormLayout(self)
        form.addRow("Lesson", self.lesson_box)
        form.addRow("Paper", self.paper_box)
        form.addRow("", self.notes_box)
        form.addRow("File", path_row)
        form.addRow(buttons)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choice(self) -> HandoutChoice:
        return HandoutChoice(
            self.lesson_box.currentData(),
            self.path(),
            self.paper_box.currentData(),
            self.notes_box.isChecked(),
        )

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export handout",
            str(self.path()),
            "PDF document (*.pdf)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # accept() asks, for typed names too
        )
        if chosen:
            self.path_edit.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def accept(self) -> None:
        path = self.path()
        if self.lesson_box.currentData() is None:
            QMessageBox.warning(self, "Export handout", "There is no lesson to export.")
            return
        if path.suffix.lower() != ".pdf":
            QMessageBox.warning(self, "Export handout", "The file name must end in .pdf.")
            return
        if path.exists() and not confirm_overwrite(self, path):
            return
        super().accept()


def ask_handout(
    parent: QWidget | None,
    lessons: Sequence[tuple[str, str]],
    lesson_id: str | None,
    path: Path,
    paper: str = "a4",
    notes: bool = False,
) -> HandoutChoice | None:
    dialog = HandoutDialog(lessons, lesson_id, path, paper, notes, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
