"""Judging a learner's answer to a step's quiz.

A multiple-choice answer is judged here. A "place the tip" answer is judged by the placement checker,
passed in as a callable so this module does not depend on it::

    check(side, x_mm, z_mm, pivot_deg) -> answer

The checker's answer may be a string (a verdict such as "safe", a zone code, a structure id), a
collection of such strings, or an object whose ``verdict``, ``code``, ``codes``, ``reasons``,
``target`` or ``targets`` attributes hold them. The quiz is passed when its ``expect`` is among them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .model import ChoiceQuiz, PlaceQuiz

PlacementCheck = Callable[[str, float, float, float], Any]
ANSWER_ATTRIBUTES = ("verdict", "code", "codes", "reasons", "target", "targets")


@dataclass(frozen=True)
class QuizResult:
    correct: bool
    explanation: str  # the lesson's explanation, shown whatever the answer
    observed: tuple[str, ...] = ()  # what the checker said about a placement, for feedback


def judge_choice(quiz: ChoiceQuiz, chosen: int | str) -> QuizResult:
    """``chosen``: the index of the chosen entry or its text."""
    index = quiz.choices.index(chosen) if isinstance(chosen, str) else chosen
    if not 0 <= index < len(quiz.choices):
        raise IndexError(f"choice {index} is not one of the {len(quiz.choices)} choices")
    return QuizResult(index == quiz.answer, quiz.explanation, (quiz.choices[index],))


def judge_place(
    quiz: PlaceQuiz, x_mm: float, z_mm: float, pivot_deg: float, check: PlacementCheck
) -> QuizResult:
    """Ask ``check`` about the learner's tip on the quiz's side; correct when it says ``expect``."""
    observed = tuple(sorted(answer_words(check(quiz.side, x_mm, z_mm, pivot_deg))))
    return QuizResult(quiz.expect in observed, quiz.explanation, observed)


def answer_words(answer: Any) -> set[str]:
    """The strings in a placement checker's answer (see the module docstring)."""
    if answer is None:
        return set()
    if isinstance(answer, str):
        return {answer}
    if hasattr(answer, "value") and isinstance(answer.value, str):  # an Enum member
        return {answer.value, getattr(answer, "name", answer.value)}
    if isinstance(answer, dict):
        return set().union(*(answer_words(answer.get(key)) for key in ANSWER_ATTRIBUTES))
    if isinstance(answer, Iterable):
        return set().union(*(answer_words(item) for item in answer))
    found: set[str] = set()
    for name in ANSWER_ATTRIBUTES:
        found |= answer_words(getattr(answer, name, None))
    return found
