"""A field's problems, as ``lessons check`` words them, shown right under the field in the editor.

A view of plain values: ``show_problems(messages)``; empty hides it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

PROBLEM_COLOUR = "#b3261e"  # the lesson dock's "not quite" red


class ProblemNote(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName("Problems")
        self.hide()

    def show_problems(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        if not messages:
            self.clear()
            self.hide()
            return
        lines = "<br>".join(f"⚠ {html.escape(m)}" for m in messages)
        self.setText(f"<span style='color:{PROBLEM_COLOUR}'>{lines}</span>")
        self.show()
