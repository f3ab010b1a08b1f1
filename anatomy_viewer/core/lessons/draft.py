"""The lesson being edited: its steps and facts, every edit undoable, its problems, saving it.

    editor panel --add_step(captured) / edit_step / move / delete ...--> LessonDraft
        --record--> UndoHistory (whole snapshots)   --changed--> panel, lesson player, problems
    LessonDraft.text() --writer--> TOML --parse_lesson (the validator of ``lessons check``)--> problems
    LessonDraft.save() --refused while there are problems--> atomic write (core/safe_write.py)

Problems are found exactly as ``lessons check`` finds them, on the text that saving would write, so
their step numbers, fields and lines are the ones the saved file will have. The draft never writes a
shipped lesson: editing one starts from a copy in My lessons (``copy_of``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..anatomy.catalogue import Catalogue
from ..errors import UserError
from ..events import Signal
from ..resources import lessons_dir
from .capture import CapturedScene
from .library import (
    id_from_title,
    is_in,
    unique_id,
    user_lesson_path,
    user_lessons_dir,
    write_lesson_file,
)
from .loader import parse_lesson
from .model import Lesson, Step
from .problems import LessonError, Problem, quote
from .undo import UndoHistory
from .writer import lesson_to_toml, tool_comments_in

NEW_STEP_TITLE = "New step"
NEW_STEP_TEXT = "What the class should see here."
DEFAULT_AUDIENCE = "Students and instructors"
# Every lesson shows the meshes, so every lesson can cite them; the author adds the sources of
# what the steps claim (lessons/README.md: every claim traces to a source).
MESH_SOURCE = (
    "BodyParts3D, (c) The Database Center for Life Science, "
    "[CC BY-SA 2.1 JP](https://creativecommons.org/licenses/by-sa/2.1/jp/deed.en): the 3D anatomy"
)
UNSAVED_NAME = "unsaved lesson"
FIELD_WORDS = {
    "title": "title",
    "text": "text",
    "notes": "notes",
    "hold_s": "hold time",
    "quiz": "quiz",
    "labels": "labels",
    "tool": "tool",
    "summary": "summary",
    "audience": "audience",
    "sources": "sources",
    "id": "id",
}


@dataclass(frozen=True)
class LessonInfo:
    """The lesson's own fields (everything but its steps)."""

    id: str
    title: str
    summary: str
    audience: str = DEFAULT_AUDIENCE
    sources: tuple[str, ...] = (MESH_SOURCE,)


@dataclass(frozen=True)
class DraftStep:
    step: Step
    tool_note: str | None = None  # how the tip was placed: the comment written above its ``at``


@dataclass(frozen=True)
class Document:
    info: LessonInfo
    steps: tuple[DraftStep, ...]
    focus: int = -1  # the step the last edit was about: shown again when it is undone


class LessonDraft:
    """``changed`` emits after every edit, undo, redo, selection and save."""

    def __init__(
        self,
        catalogue: Catalogue,
        document: Document,
        path: Path | None = None,
        saved: bool = True,
        taken_ids: Collection[str] = (),
        user_dir: Path | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.path = Path(path) if path is not None else None
        self.user_dir = user_dir
        self.taken_ids = frozenset(taken_ids)  # ids of the other lessons: this one must differ
        self.history: UndoHistory[Document] = UndoHistory(document)
        if not saved:
            self.history.mark_dirty()
        self.current = 0 if document.steps else -1
        self.changed = Signal()
        self.history.changed.connect(self.changed.emit)
        self._checked: tuple[Document, tuple[Problem, ...]] | None = None
        self.copied_from: str | None = None  # the id of the shipped lesson this is a copy of

    # --- making one -----------------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        catalogue: Catalogue,
        title: str,
        summary: str = "",
        audience: str = DEFAULT_AUDIENCE,
        taken_ids: Collection[str] = (),
        user_dir: Path | None = None,
    ) -> LessonDraft:
        info = LessonInfo(unique_id(id_from_title(title), taken_ids), title, summary, audience)
        return cls(catalogue, Document(info, ()), None, False, taken_ids, user_dir)

    @classmethod
    def from_lesson(
        cls,
        lesson: Lesson,
        catalogue: Catalogue,
        text: str | None = None,
        taken_ids: Collection[str] = (),
        user_dir: Path | None = None,
    ) -> LessonDraft:
        """Edit ``lesson`` where it is (its file). ``text``: the file's text, for its tool comments."""
        if lesson.path is not None and is_in(lesson.path, lessons_dir()):
            raise UserError("the shipped lessons are read-only: edit a copy (copy_of)")
        info = LessonInfo(lesson.id, lesson.title, lesson.summary, lesson.audience, lesson.sources)
        document = _document(info, lesson, text)
        return cls(catalogue, document, lesson.path, True, set(taken_ids) - {lesson.id}, user_dir)

    @classmethod
    def copy_of(
        cls,
        lesson: Lesson,
        catalogue: Catalogue,
        text: str | None = None,
        taken_ids: Collection[str] = (),
        user_dir: Path | None = None,
    ) -> LessonDraft:
        """A copy to edit in My lessons, with an id and title of its own (not yet saved)."""
        taken = set(taken_ids) | {lesson.id}
        new_id = unique_id(f"{lesson.id}_copy", taken)
        info = LessonInfo(
            new_id, f"{lesson.title} (my copy)", lesson.summary, lesson.audience, lesson.sources
        )
        document = _document(info, lesson, text)
        path = user_lesson_path(new_id, user_dir)
        draft = cls(catalogue, document, path, False, taken, user_dir)
        draft.copied_from = lesson.id
        return draft

    # --- reading --------------------------------------------------------------------------------
    @property
    def document(self) -> Document:
        return self.history.value

    @property
    def info(self) -> LessonInfo:
        return self.document.info

    @property
    def steps(self) -> tuple[DraftStep, ...]:
        return self.document.steps

    @property
    def current_step(self) -> Step | None:
        return self.steps[self.current].step if 0 <= self.current < len(self.steps) else None

    @property
    def dirty(self) -> bool:
        return not self.history.is_clean

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else UNSAVED_NAME

    def lesson(self) -> Lesson:
        """The draft as a ``Lesson`` (steps numbered 1..n), checked or not."""
        info = self.info
        steps = tuple(
            dataclasses.replace(d.step, number=n) for n, d in enumerate(self.steps, start=1)
        )
        return Lesson(info.id, info.title, info.summary, info.audience, info.sources, steps)

    def text(self) -> str:
        notes = {n: d.tool_note for n, d in enumerate(self.steps, start=1) if d.tool_note}
        return lesson_to_toml(self.lesson(), notes)

    def problems(self) -> tuple[Problem, ...]:
        """What ``lessons check`` would report for the file saving would write, and an id already
        used by another lesson."""
        document = self.document
        if self._checked is not None and self._checked[0] is document:
            return self._checked[1]
        found: list[Problem] = []
        try:
            parse_lesson(self.text().encode("utf-8"), self.catalogue, self.name)
        except LessonError as exc:
            found.extend(exc.problems)
        except ValueError as exc:  # a value the writer cannot write (never from the editor's forms)
            found.append(Problem(self.name, str(exc)))
        if self.info.id in self.taken_ids:
            found.append(
                Problem(self.name, f"id {quote(self.info.id)} is used by another lesson", "id")
            )
        self._checked = (document, tuple(found))
        return self._checked[1]

    def problems_of_step(self, index: int) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems() if p.step == index + 1)

    # --- choosing the step shown ----------------------------------------------------------------
    def select(self, index: int) -> None:
        """Not an edit: nothing to undo."""
        index = max(-1, min(index, len(self.steps) - 1))
        if index != self.current:
            self.current = index
            self.history.break_merge()
            self.changed.emit()

    # --- edits ----------------------------------------------------------------------------------
    def _record(self, info: LessonInfo, steps, label: str, focus: int, merge_key=None) -> None:
        self.current = max(-1, min(focus, len(steps) - 1))
        self.history.record(Document(info, tuple(steps), self.current), label, merge_key)

    def set_info(self, **changes: Any) -> None:
        """``title="..."`` etc.; typing in one field is one undo step."""
        info = dataclasses.replace(self.info, **changes)
        if info != self.info:
            field = next(iter(changes))
            label = f"Edit the lesson's {FIELD_WORDS.get(field, field)}"
            self._record(info, self.steps, label, self.current, ("info", field))

    def add_step(
        self,
        captured: CapturedScene,
        title: str = NEW_STEP_TITLE,
        text: str = NEW_STEP_TEXT,
        at: int | None = None,
    ) -> int:
        """A step showing ``captured``, after the current step (or at ``at``); returns its index."""
        if at is not None:
            index = at
        elif self.current < 0:
            index = len(self.steps)
        else:
            index = self.current + 1
        steps = list(self.steps)
        steps.insert(
            index, DraftStep(captured.new_step(index + 1, title, text), captured.tool_note)
        )
        self._record(self.info, steps, f"Add step {index + 1}", index)
        return index

    def update_scene(self, index: int, captured: CapturedScene) -> None:
        """Step ``index`` shows ``captured`` now; its words, hold and quiz stay."""
        old = self.steps[index]
        step = captured.applied_to(old.step)
        if step.tool is None:
            note = None
        elif captured.tool_note is None and step.tool == old.step.tool:
            note = old.tool_note  # the tool was kept as written: so was the comment
        else:
            note = captured.tool_note
        draft_step = DraftStep(step, note)
        if draft_step == old:
            return
        steps = list(self.steps)
        steps[index] = draft_step
        self._record(self.info, steps, f"Update step {index + 1} from the view", index)

    def edit_step(self, index: int, **changes: Any) -> None:
        """``title=``, ``text=``, ``notes=``, ``hold_s=``, ``quiz=``, ``labels=``, ``tool=``..."""
        old = self.steps[index]
        step = dataclasses.replace(old.step, **changes)
        if step == old.step:
            return
        same_tip = step.tool is not None and old.step.tool is not None
        same_tip = same_tip and step.tool.at == old.step.tool.at  # a new pivot: the tip as before
        note = old.tool_note if same_tip else None
        steps = list(self.steps)
        steps[index] = DraftStep(step, note)
        field = next(iter(changes))
        words = FIELD_WORDS.get(field, field.replace("_", " "))
        key = ("step", index, field, _changed_part(getattr(old.step, field), changes[field]))
        self._record(self.info, steps, f"Edit the {words} of step {index + 1}", index, key)

    def duplicate(self, index: int) -> int:
        steps = list(self.steps)
        steps.insert(index + 1, steps[index])
        self._record(self.info, steps, f"Duplicate step {index + 1}", index + 1)
        return index + 1

    def delete(self, index: int) -> None:
        steps = list(self.steps)
        del steps[index]
        self._record(self.info, steps, f"Delete step {index + 1}", min(index, len(steps) - 1))

    def move(self, index: int, to: int) -> None:
        """Step ``index`` goes to position ``to`` (both 0-based, in the list as it is after the move)."""
        to = max(0, min(to, len(self.steps) - 1))
        if to == index:
            return
        steps = list(self.steps)
        steps.insert(to, steps.pop(index))
        self._record(self.info, steps, f"Move step {index + 1} to {to + 1}", to)

    # --- undo -----------------------------------------------------------------------------------
    def undo(self) -> bool:
        undone = self.document.focus
        if not self.history.undo():
            return False
        self.current = max(-1, min(undone, len(self.steps) - 1))
        self.changed.emit()
        return True

    def redo(self) -> bool:
        if not self.history.redo():
            return False
        self.current = max(-1, min(self.document.focus, len(self.steps) - 1))
        self.changed.emit()
        return True

    # --- saving ---------------------------------------------------------------------------------
    def default_path(self) -> Path:
        """Where Save writes: its file, or ``<id>.toml`` in My lessons."""
        folder = self.user_dir or user_lessons_dir()
        if self.path is None or is_in(self.path, folder):
            return user_lesson_path(self.info.id, folder)  # files in My lessons follow their id
        return self.path

    def save(self, path: Path | None = None) -> Path:
        """Write the lesson (``path``: Save as); refused while it has problems, never over a
        shipped lesson. A lesson in My lessons whose id changed moves to its new file name."""
        problems = self.problems()
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise UserError(f"not saved: {problems[0]}{more}")
        target = Path(path) if path is not None else self.default_path()
        if is_in(target, lessons_dir()):
            raise UserError(
                f"not saved: {target.name} is a shipped lesson (read-only); save in My lessons"
            )
        write_lesson_file(target, self.text())
        old = self.path
        renamed = path is None and old is not None and old != target and old.exists()
        if renamed and is_in(old, self.user_dir or user_lessons_dir()):
            old.unlink()  # it follows its new id; the new file was written first
        self.path = target
        self.history.mark_clean()
        return target

    def export(self, path: Path) -> Path:
        """A copy of the lesson file elsewhere; the draft keeps its own file and saved state."""
        problems = self.problems()
        if problems:
            raise UserError(f"not exported: {problems[0]}")
        write_lesson_file(Path(path), self.text())
        return Path(path)


def _changed_part(old: Any, new: Any) -> str:
    """Which part of a value an edit changed (a quiz's question, its explanation...), so typing in
    one part is one undo step and moving on to another part starts the next."""
    if type(old) is not type(new) or not dataclasses.is_dataclass(new):
        return "" if type(old) is type(new) else "kind"
    for f in dataclasses.fields(new):
        if getattr(old, f.name) != getattr(new, f.name):
            return f.name
    return ""


def _document(info: LessonInfo, lesson: Lesson, text: str | None) -> Document:
    """``lesson``'s steps under ``info``, each with the comment above its tool's ``at`` in ``text``."""
    notes = tool_comments_in(text) if text else {}
    return Document(info, tuple(DraftStep(s, notes.get(s.number)) for s in lesson.steps))
