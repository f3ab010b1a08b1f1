"""File > Export lesson as web page: which lesson and where. Plain values in and out; the page is
written by render/web/export.py.

    ask_web_page(parent, lessons=[(id, title)], lesson_id, path) -> WebPageChoice | None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from .dialog_parts import file_row, save_cancel_buttons
from .image_dialog import confirm_overwrite

TITLE = "Export lesson as web page"
ABOUT = (
    "One HTML file with the 3D scene, the steps, the zones and the quizzes. It opens from disk in "
    "any current browser, on computers, tablets and phones, with no internet connection."
)


@dataclass(frozen=True)
class WebPageChoice:
    lesson_id: str
    path: Path


class WebPageDialog(QDialog):
    def __init__(
        self,
        lessons: Sequence[tuple[str, str]],
        lesson_id: str | None,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.lesson_box = QComboBox()
        for identifier, title in lessons:
            self.lesson_box.addItem(title, identifier)
        if lesson_id is not None and self.lesson_box.findData(lesson_id) >= 0:
            self.lesson_box.setCurrentIndex(self.lesson_box.findData(lesson_id))
        self.lesson_box.currentIndexChanged.connect(self._follow_lesson)
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setAccessibleName("HTML file to write")
        about = QLabel(ABOUT)
        about.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(about)
        form.addRow("Lesson", self.lesson_box)
        form.addRow("File", file_row(self.path_edit, self._browse))
        form.addRow(save_cancel_buttons(self))

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choice(self) -> WebPageChoice:
        return WebPageChoice(self.lesson_box.currentData(), self.path())

    def _follow_lesson(self) -> None:
        # The file name follows the lesson until the user picks a folder or name of their own.
        path = self.path()
        self.path_edit.setText(str(path.with_name(f"{self.lesson_box.currentData()}.html")))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            TITLE,
            str(self.path()),
            "Web page (*.html)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # accept() asks, for typed names too
        )
        if chosen:
            self.path_edit.setText(chosen if chosen.lower().endswith(".html") else chosen + ".html")

    def accept(self) -> None:
        path = self.path()
        if self.lesson_box.currentData() is None:
            QMessageBox.warning(self, TITLE, "There is no lesson to export.")
            return
        if path.suffix.lower() not in (".html", ".htm"):
            QMessageBox.warning(self, TITLE, "The file name must end in .html.")
            return
        if path.exists() and not confirm_overwrite(self, path):
            return
        super().accept()


def ask_web_page(
    parent: QWidget | None, lessons: Sequence[tuple[str, str]], lesson_id: str | None, path: Path
) -> WebPageChoice | None:
    dialog = WebPageDialog(lessons, lesson_id, path, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
