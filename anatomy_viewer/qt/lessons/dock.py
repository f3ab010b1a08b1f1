"""The lesson player's panel: lesson picker, step list, step text, quiz, Previous / Next, "3 / 8".

A view of the core ``LessonPlayer``: it shows ``player.step`` and calls ``player.next()`` etc.; the
window listens to the same player and applies each step's scene. The panel keeps no state of its own
beyond which player it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.lessons import (
    ChoiceQuiz,
    Lesson,
    LessonPlayer,
    PlaceQuiz,
    QuizResult,
    markdown_to_html,
)


class LessonDock(QWidget):
    lesson_chosen = Signal(str)  # a lesson id from the picker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player: LessonPlayer | None = None
        self.check_placement: Callable[[], QuizResult | None] | None = None

        self.picker = QComboBox()
        self.picker.setAccessibleName("Lesson")
        self.picker.setPlaceholderText("Choose a lesson…")
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.text = QTextBrowser(openExternalLinks=True)
        self.text.setAccessibleName("Step text")
        self.quiz_box = QGroupBox("Quiz")
        self.quiz_question = QLabel(wordWrap=True)
        self.quiz_choices = QVBoxLayout()
        self.quiz_group = QButtonGroup(self)
        self.quiz_check = QPushButton("Check answer")
        self.quiz_result = QLabel(wordWrap=True)
        self.quiz_result.setTextFormat(Qt.TextFormat.RichText)
        quiz_layout = QVBoxLayout(self.quiz_box)
        quiz_layout.addWidget(self.quiz_question)
        quiz_layout.addLayout(self.quiz_choices)
        quiz_layout.addWidget(self.quiz_check)
        quiz_layout.addWidget(self.quiz_result)

        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setToolTip("Previous step (PageUp, Left)")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip("Next step (PageDown, Right)")
        self.progress = QLabel()
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setAccessibleName("Progress")
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.progress, 1)
        navigation.addWidget(self.next_button)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.title)
        lower_layout.addWidget(self.text, 1)
        lower_layout.addWidget(self.quiz_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.steps)
        splitter.addWidget(lower)
        splitter.setSizes([140, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.picker)
        layout.addWidget(splitter, 1)
        layout.addLayout(navigation)

        self.picker.activated.connect(lambda i: self.lesson_chosen.emit(self.picker.itemData(i)))
        self.steps.currentRowChanged.connect(self._on_row)
        self.previous_button.clicked.connect(lambda: self.player and self.player.previous())
        self.next_button.clicked.connect(lambda: self.player and self.player.next())
        self.quiz_check.clicked.connect(self._check_quiz)
        self.refresh()

    # --- lessons offered ------------------------------------------------------------------------
    def set_lessons(self, lessons: list[Lesson], origins: dict[str, str] | None = None) -> None:
        """``origins``: lesson id -> "shipped" or "mine"; with lessons of the user's own, the
        picker shows them under a "My lessons" heading below the shipped ones."""
        origins = origins or {}
        self.picker.clear()
        grouped = any(origins.get(lesson.id) == "mine" for lesson in lessons)
        heading = None
        for lesson in lessons:
            origin = origins.get(lesson.id, "shipped")
            if grouped and origin != heading:
                heading = origin
                self._add_heading("My lessons" if origin == "mine" else "Shipped lessons")
            self.picker.addItem(lesson.title, lesson.id)
            self.picker.setItemData(
                self.picker.count() - 1, lesson.summary, Qt.ItemDataRole.ToolTipRole
            )

    def _add_heading(self, text: str) -> None:
        self.picker.addItem(text)
        item = self.picker.model().item(self.picker.count() - 1)
        item.setEnabled(False)  # a heading, not a choice
        font = item.font()
        font.setBold(True)
        item.setFont(font)

    def set_player(self, player: LessonPlayer | None) -> None:
        if self.player is not None:
            self.player.changed.disconnect(self._on_step_changed)
            self.player.answered.disconnect(self._on_answered)
        self.player = player
        self.steps.blockSignals(True)
        self.steps.clear()
        if player is not None:
            player.changed.connect(self._on_step_changed)
            player.answered.connect(self._on_answered)
            for step in player.lesson.steps:
                self.steps.addItem(f"{step.number}. {step.title}")
            index = self.picker.findData(player.lesson.id)
            if index >= 0:
                self.picker.setCurrentIndex(index)
        self.steps.blockSignals(False)
        self.refresh()

    # --- model -> widget ------------------------------------------------------------------------
    def _on_step_changed(self, _index: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        player = self.player
        has = player is not None
        for widget in (self.previous_button, self.next_button, self.steps, self.text):
            widget.setEnabled(has)
        if not has:
            self.title.setText("No lesson open")
            self.text.setHtml(
                "<p>Choose a lesson above, or open a lesson file (File ▸ Open lesson…).</p>"
            )
            self.progress.setText("")
            self.quiz_box.hide()
            return
        step = player.step
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(player.index)
        self.steps.blockSignals(False)
        self.title.setText(step.title)
        self.text.setHtml(markdown_to_html(step.text))
        self.progress.setText(f"{player.index + 1} / {player.count}")
        self.previous_button.setEnabled(not player.at_start)
        self.next_button.setEnabled(not player.at_end)
        self._show_quiz(step.quiz, player.answers.get(player.index))

    def _show_quiz(self, quiz, result: QuizResult | None) -> None:
        while self.quiz_choices.count():
            widget = self.quiz_choices.takeAt(0).widget()
            self.quiz_group.removeButton(widget)
            widget.deleteLater()
        if quiz is None:
            self.quiz_box.hide()
            return
        self.quiz_box.show()
        self.quiz_question.setText(markdown_to_html(quiz.question))
        if isinstance(quiz, ChoiceQuiz):
            for index, choice in enumerate(quiz.choices):
                button = QRadioButton(choice)
                self.quiz_group.addButton(button, index)
                self.quiz_choices.addWidget(button)
            self.quiz_check.setText("Check answer")
        elif isinstance(quiz, PlaceQuiz):
            self.quiz_check.setText(f"Check my tip placement ({quiz.side} side)")
        self._show_result(result)

    def _show_result(self, result: QuizResult | None) -> None:
        if result is None:
            self.quiz_result.setText("")
            return
        verdict = (
            "<b style='color:#1b7f3b'>✓ Right.</b>"
            if result.correct
            else "<b style='color:#b3261e'>✗ Not quite.</b>"
        )
        self.quiz_result.setText(f"{verdict} {markdown_to_html(result.explanation)}")

    # --- widget -> model ------------------------------------------------------------------------
    def _on_row(self, row: int) -> None:
        if self.player is not None and row >= 0:
            self.player.go_to(row)

    def _check_quiz(self) -> None:
        if self.player is None:
            return
        quiz = self.player.step.quiz
        if isinstance(quiz, ChoiceQuiz):
            chosen = self.quiz_group.checkedId()
            if chosen < 0:
                self.quiz_result.setText("Choose an answer first.")
                return
            self.player.answer_choice(chosen)
        elif isinstance(quiz, PlaceQuiz) and (
            self.check_placement is None or self.check_placement() is None
        ):
            self.quiz_result.setText(
                "Place the hip hook's tip in the 3D view first (Tool ▸ Practice mode), then check."
            )

    def _on_answered(self, index: int, result: QuizResult) -> None:
        if self.player is not None and index == self.player.index:
            self._show_result(result)
