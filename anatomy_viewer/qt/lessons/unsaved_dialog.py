"""The question before unsaved changes to a lesson would be lost (closing the editor or the window,
starting or opening another lesson). Plain values out:

    ask_unsaved(parent, lesson_name) -> "save" | "discard" | "cancel"
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget | None, lesson_name: str) -> str:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"The lesson “{lesson_name}” has changes that are not saved.",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("Save them before going on?")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL
