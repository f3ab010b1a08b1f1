"""The lesson's own fields in the lesson editor: id, title, summary, audience and sources (one a
line), each with its problems under it.

A view of plain values: ``set_info(info, problems)``; each change emits ``edited({field: value})``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ...core.lessons import Problem
from ...core.lessons.draft import LessonInfo
from .problem_note import ProblemNote
from .quiz_editor import set_text
from .step_form import field_of

FIELDS = ("id", "title", "summary", "audience", "sources")


class LessonInfoForm(QWidget):
    edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self.id = QLineEdit(placeholderText="lowercase letters, digits, _ or -")
        self.id.setToolTip("Stable id: the file name in My lessons and anatomy-viewer --lesson ID")
        self.title = QLineEdit()
        self.summary = QPlainTextEdit(placeholderText="One paragraph, shown in the lesson list")
        self.summary.setFixedHeight(70)
        self.audience = QLineEdit()
        self.sources = QPlainTextEdit(
            placeholderText="One citation a line: every claim in the lesson traces to one"
        )
        self.sources.setFixedHeight(90)
        names = {"id": "Lesson id", "title": "Lesson title", "summary": "Lesson summary",
                 "audience": "Audience", "sources": "Sources"}  # fmt: skip
        self.notes_for = {key: ProblemNote() for key in FIELDS}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key in FIELDS:
            widget = getattr(self, key)
            widget.setAccessibleName(names[key])
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.notes_for[key])
            form.addRow(names[key].replace("Lesson ", "").capitalize(), box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        for key in ("id", "title", "audience"):
            getattr(self, key).textEdited.connect(lambda text, k=key: self._emit(**{k: text}))
        self.summary.textChanged.connect(lambda: self._emit(summary=self.summary.toPlainText()))
        self.sources.textChanged.connect(self._on_sources)

    def set_info(self, info: LessonInfo, problems: Sequence[Problem] = ()) -> None:
        self._showing = True
        try:
            for key in ("id", "title", "summary", "audience"):
                set_text(getattr(self, key), getattr(info, key))
            if self._sources() != info.sources:
                set_text(self.sources, "\n".join(info.sources))
            by_key: dict[str, list[str]] = {key: [] for key in FIELDS}
            for problem in problems:
                key = field_of(problem)
                if key in by_key:
                    by_key[key].append(f"{problem.field}: {problem.message}")
            for key, note in self.notes_for.items():
                note.show_problems(by_key[key])
        finally:
            self._showing = False

    def _sources(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.sources.toPlainText().splitlines() if line.strip()
        )

    def _on_sources(self) -> None:
        self._emit(sources=self._sources())

    def _emit(self, **changes) -> None:
        if not self._showing:
            self.edited.emit(changes)
