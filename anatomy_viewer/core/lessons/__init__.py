"""Lessons: step-by-step scenes with text, checked on load (format: lessons/README.md).

    lessons/*.toml --loader (bounded, TOML only)--> schema (every value checked) --> Lesson / Step
    Step.scene_state(catalogue, landmarks) --> SceneState (complete: stepping back restores it)
    LessonPlayer (current step, quiz answers) --changed--> Qt widget / render adapter
    SceneState --capture--> Step fields --LessonDraft (edits, undo)--> writer --> TOML (checked)

Modules: ``model`` (the values), ``schema`` (the format's rules), ``fields`` (value readers),
``problems`` (messages), ``loader`` (files), ``text`` (Markdown subset -> HTML), ``quiz``, ``player``;
for authors: ``writer`` (Lesson -> TOML), ``capture`` (a scene -> a step), ``draft`` (the lesson being
edited), ``undo`` (its history), ``library`` (shipped lessons and My lessons).
"""

from .loader import (
    MAX_LESSON_BYTES,
    discover_lessons,
    find_lesson,
    lesson_files,
    load_lesson,
    parse_lesson,
)
from .model import ChoiceQuiz, LandmarkOffset, Lesson, PlaceQuiz, SectionSpec, Step, ToolSpec
from .player import LessonPlayer
from .problems import LessonError, Problem
from .quiz import QuizResult, judge_choice, judge_place
from .text import markdown_to_html

__all__ = [
    "MAX_LESSON_BYTES",
    "ChoiceQuiz",
    "LandmarkOffset",
    "Lesson",
    "LessonError",
    "LessonPlayer",
    "PlaceQuiz",
    "Problem",
    "QuizResult",
    "SectionSpec",
    "Step",
    "ToolSpec",
    "discover_lessons",
    "find_lesson",
    "judge_choice",
    "judge_place",
    "lesson_files",
    "load_lesson",
    "markdown_to_html",
    "parse_lesson",
]
