"""A step's quiz in the lesson editor: none, multiple choice (answers one a line, the right one picked
from them) or "place the tip" (which side, and what the placement checker must say).

A view of plain values: ``set_quiz(quiz)`` shows one; every change the user makes emits
``edited(quiz_or_None)`` with the whole new quiz, and the draft records it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.lessons import ChoiceQuiz, PlaceQuiz
from ...core.vocabulary import SIDES
from .problem_note import ProblemNote

KINDS = (("", "No quiz"), ("choice", "Multiple choice"), ("place", "Place the tip"))


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Only when it differs: setting the same text would move the cursor of someone typing."""
    current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    if current != text:
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)


class QuizEditor(QGroupBox):
    edited = Signal(object)  # ChoiceQuiz | PlaceQuiz | None

    def __init__(
        self, expectations: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        """``expectations``: (value, words) a "place the tip" quiz may expect: verdicts, zone
        codes, the muscles a tip may press on."""
        super().__init__("Quiz", parent)
        self._showing = False
        self.kind = QComboBox()
        self.kind.setAccessibleName("Quiz kind")
        for value, words in KINDS:
            self.kind.addItem(words, value)
        self.question = QLineEdit(placeholderText="The question (Markdown subset)")
        self.question.setAccessibleName("Quiz question")
        self.explanation = QLineEdit(placeholderText="Shown after the answer, right or wrong")
        self.explanation.setAccessibleName("Quiz explanation")

        self.choices = QPlainTextEdit(placeholderText="One answer a line (2 to 8)")
        self.choices.setAccessibleName("Quiz answers")
        self.choices.setFixedHeight(90)
        self.answer = QComboBox()
        self.answer.setAccessibleName("Right answer")
        choice_page = QWidget()
        choice_form = QFormLayout(choice_page)
        choice_form.setContentsMargins(0, 0, 0, 0)
        choice_form.addRow("Answers", self.choices)
        choice_form.addRow("Right answer", self.answer)

        self.side = QComboBox()
        self.side.setAccessibleName("Side the learner places the tool on")
        for side in SIDES:
            self.side.addItem(f"{side} side", side)
        self.expect = QComboBox()
        self.expect.setAccessibleName("What the placement checker must say")
        for value, words in expectations:
            self.expect.addItem(words, value)
        place_page = QWidget()
        place_form = QFormLayout(place_page)
        place_form.setContentsMargins(0, 0, 0, 0)
        place_form.addRow("Side", self.side)
        place_form.addRow("Checker must say", self.expect)

        for combo in (self.answer, self.expect):  # long answers must not widen the narrow dock
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())
        self.pages.addWidget(choice_page)
        self.pages.addWidget(place_page)
        self.common = QWidget()
        common = QFormLayout(self.common)
        common.setContentsMargins(0, 0, 0, 0)
        common.addRow("Question", self.question)
        common.addRow("Explanation", self.explanation)
        self.problems = ProblemNote()
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.common)
        layout.addWidget(self.pages)
        layout.addWidget(self.problems)

        self.kind.currentIndexChanged.connect(self._changed)
        for line in (self.question, self.explanation):
            line.textEdited.connect(self._changed)
        self.choices.textChanged.connect(self._on_choices)
        self.answer.activated.connect(self._changed)
        self.side.activated.connect(self._changed)
        self.expect.activated.connect(self._changed)
        self.set_quiz(None)

    # --- model -> widgets ------------------------------------------------------------------------
    def set_quiz(self, quiz: ChoiceQuiz | PlaceQuiz | None) -> None:
        self._showing = True
        try:
            kind = "choice" if isinstance(quiz, ChoiceQuiz) else "place" if quiz else ""
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.pages.setCurrentIndex(self.kind.currentIndex())
            self.common.setVisible(quiz is not None)
            set_text(self.question, quiz.question if quiz else "")
            set_text(self.explanation, quiz.explanation if quiz else "")
            if isinstance(quiz, ChoiceQuiz):
                set_text(self.choices, "\n".join(quiz.choices))
                self._fill_answers(quiz.choices, quiz.answer)
            elif isinstance(quiz, PlaceQuiz):
                self.side.setCurrentIndex(max(0, self.side.findData(quiz.side)))
                self.expect.setCurrentIndex(max(0, self.expect.findData(quiz.expect)))
        finally:
            self._showing = False

    def _fill_answers(self, choices: Sequence[str], answer: int) -> None:
        self.answer.blockSignals(True)
        self.answer.clear()
        for choice in choices:
            self.answer.addItem(choice)
        self.answer.setCurrentIndex(answer if 0 <= answer < len(choices) else -1)
        self.answer.blockSignals(False)

    # --- widgets -> model ------------------------------------------------------------------------
    def quiz(self) -> ChoiceQuiz | PlaceQuiz | None:
        kind = self.kind.currentData()
        question, explanation = self.question.text(), self.explanation.text()
        if kind == "choice":
            choices = tuple(
                line for line in self.choices.toPlainText().splitlines() if line.strip()
            )
            return ChoiceQuiz(question, choices, self.answer.currentIndex(), explanation)
        if kind == "place":
            return PlaceQuiz(
                question, self.side.currentData(), self.expect.currentData(), explanation
            )
        return None

    def _on_choices(self) -> None:
        if self._showing:
            return
        chosen = self.answer.currentText()
        choices = [line for line in self.choices.toPlainText().splitlines() if line.strip()]
        # The right answer follows its text; while that very line is retyped, its place.
        kept = min(self.answer.currentIndex(), len(choices) - 1)
        self._fill_answers(choices, choices.index(chosen) if chosen in choices else max(kept, 0))
        self._changed()

    def _changed(self, *_args) -> None:
        if self._showing:
            return
        self.pages.setCurrentIndex(self.kind.currentIndex())
        self.common.setVisible(self.kind.currentData() != "")
        self.edited.emit(self.quiz())
