"""The lesson player's model: which step is showing and what the learner answered. A Qt widget views it.

LessonPlayer.next()/previous()/go_to() --changed(index)--> widget + render adapter
                                                           (apply player.scene_state())
"""

from __future__ import annotations

from ..anatomy.catalogue import Catalogue
from ..events import Signal
from ..scene.scene_state import SceneState
from .model import ChoiceQuiz, Landmarks, Lesson, PlaceQuiz, Step
from .quiz import PlacementCheck, QuizResult, judge_choice, judge_place


class LessonPlayer:
    """``changed`` emits the new step index; ``answered`` emits (index, QuizResult)."""

    def __init__(
        self,
        lesson: Lesson,
        catalogue: Catalogue,
        landmarks: Landmarks | None = None,
        start: int = 0,
    ) -> None:
        self.lesson = lesson
        self.catalogue = catalogue
        self.landmarks = landmarks
        self.changed = Signal()
        self.answered = Signal()
        self.answers: dict[int, QuizResult] = {}
        self._check_index(start)
        self._index = start

    # --- where we are ---------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step:
        return self.lesson.steps[self._index]

    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def at_start(self) -> bool:
        return self._index == 0

    @property
    def at_end(self) -> bool:
        return self._index == self.count - 1

    def scene_state(self) -> SceneState:
        """The complete scene of the current step (raises ``LessonError`` if a landmark is needed and
        the player was given none)."""
        return self.step.scene_state(self.catalogue, self.landmarks)

    # --- moving ---------------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        self._check_index(index)
        if index != self._index:
            self._index = index
            self.changed.emit(index)

    def next(self) -> bool:
        """Move one step on; False (and no signal) at the last step."""
        if self.at_end:
            return False
        self.go_to(self._index + 1)
        return True

    def previous(self) -> bool:
        if self.at_start:
            return False
        self.go_to(self._index - 1)
        return True

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.count:
            raise IndexError(f"step index {index} is outside 0..{self.count - 1}")

    # --- quizzes --------------------------------------------------------------------------------
    def answer_choice(self, chosen: int | str) -> QuizResult:
        quiz = self.step.quiz
        if not isinstance(quiz, ChoiceQuiz):
            raise ValueError(f"step {self.step.number} has no multiple-choice quiz")
        return self._record(judge_choice(quiz, chosen))

    def answer_place(
        self, x_mm: float, z_mm: float, pivot_deg: float, check: PlacementCheck
    ) -> QuizResult:
        quiz = self.step.quiz
        if not isinstance(quiz, PlaceQuiz):
            raise ValueError(f"step {self.step.number} has no place-the-tip quiz")
        return self._record(judge_place(quiz, x_mm, z_mm, pivot_deg, check))

    def _record(self, result: QuizResult) -> QuizResult:
        self.answers[self._index] = result
        self.answered.emit(self._index, result)
        return result
