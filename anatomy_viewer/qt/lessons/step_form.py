"""One step's words in the lesson editor: title, text (the Markdown subset, with a live preview),
presenter notes, hold time, the pivot's animation, which names are labelled, the quiz, and a summary
of the scene captured from the view. Each field's problems show right under it.

A view of plain values: ``set_step(step, problems)`` shows a step; each change the user makes emits
``edited({field: value})`` and the draft records it (one undo step per field while typing).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.wall_thickness import wall_words
from ...core.lessons import Problem, Step, markdown_to_html
from ...core.lessons.capture import compact_names
from ...core.lessons.model import LandmarkOffset
from ...core.lessons.schema import HOLD_RANGE_S, PIVOT_LIMIT_DEG
from ...core.lessons.writer import landmark_words
from ...core.vocabulary import LANDMARK_IDS, VERDICTS, ZONE_CODES
from .name_checklist import NameChecklist
from .problem_note import ProblemNote
from .quiz_editor import QuizEditor, set_text

# DOMAIN.md: hold 30-90 s per spot; a new hold starts in the middle of that range.
DEFAULT_HOLD_S = 60
# Problems of these fields show under the scene summary (they come from the captured view).
SCENE_FIELDS = ("camera", "show", "hide", "opacity", "zones", "")


def field_of(problem: Problem) -> str:
    """``quiz.choices[2]`` -> ``quiz``: the part of the form a problem belongs to."""
    return problem.field.split(".")[0].split("[")[0].split(" ")[0]


def place_expectations(catalogue: Catalogue) -> list[tuple[str, str]]:
    """What a "place the tip" quiz may expect, in words: verdicts, zone codes, the muscles."""
    words = [(v, f"verdict: {v}") for v in VERDICTS]
    words += [(c, f"zone: {c.replace('_', ' ')}") for c in ZONE_CODES if c not in VERDICTS]
    words += [(s.id, f"presses on: {s.name}") for s in catalogue if s.system == "muscle"]
    return words


class StepForm(QWidget):
    edited = Signal(dict)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.step: Step | None = None
        self._showing = False

        self.title = QLineEdit(placeholderText="What this step shows")
        self.title.setAccessibleName("Step title")
        self.text = QPlainTextEdit(
            placeholderText="What the learner reads: **bold**, *italic*, - lists"
        )
        self.text.setAccessibleName("Step text")
        self.text.setFixedHeight(110)
        self.preview = QTextBrowser(openExternalLinks=True)
        self.preview.setAccessibleName("Preview of the step text")
        self.preview.setFixedHeight(90)
        self.notes = QPlainTextEdit(
            placeholderText="Presenter notes: what to say, how positions were chosen"
        )
        self.notes.setAccessibleName("Presenter notes")
        self.notes.setFixedHeight(70)

        self.hold_on = QCheckBox("Hold timer")
        self.hold_on.setToolTip(
            "The technique holds 30-90 s per spot (needs the hip hook in the step)"
        )
        self.hold = QSpinBox(
            minimum=int(HOLD_RANGE_S[0]), maximum=int(HOLD_RANGE_S[1]), suffix=" s"
        )
        self.hold.setAccessibleName("Hold time in seconds")
        self.hold.setValue(DEFAULT_HOLD_S)
        self.pivot_on = QCheckBox("Animate the pivot to")
        self.pivot_on.setToolTip("The tip turns from the step's pivot to this angle when it shows")
        self.pivot_to = QDoubleSpinBox(
            minimum=-PIVOT_LIMIT_DEG, maximum=PIVOT_LIMIT_DEG, decimals=1, suffix="°", singleStep=5
        )
        self.pivot_to.setAccessibleName("Pivot animation end angle")
        timing = QVBoxLayout()
        for box, spin in ((self.hold_on, self.hold), (self.pivot_on, self.pivot_to)):
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(spin)
            row.addStretch(1)
            timing.addLayout(row)

        self.scene = QLabel(wordWrap=True)
        self.scene.setAccessibleName("Scene of this step")
        self.scene.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.highlight = NameChecklist("Highlighted structures")
        self.highlight.setToolTip("Structures drawn in the highlight colour (visible ones)")
        self.highlight.setFixedHeight(90)
        self.labels = NameChecklist("Labels")
        self.labels.setToolTip("Names shown in the view: the visible structures and the landmarks")
        self.labels.setFixedHeight(90)
        self.quiz = QuizEditor(place_expectations(catalogue))

        keys = ("title", "text", "notes", "hold_s", "tool", "highlight", "labels", "scene")
        self.notes_for = {key: ProblemNote() for key in keys}
        form = QFormLayout()
        # Labels above their fields: the dock is narrow, and the text boxes want its whole width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("Title", self._with_note(self.title, "title"))
        form.addRow("Text", self._with_note(self.text, "text"))
        form.addRow("Preview", self.preview)
        form.addRow("Notes", self._with_note(self.notes, "notes"))
        form.addRow("Hip hook", self._with_note(timing, "hold_s", "tool"))
        form.addRow("Scene", self._with_note(self.scene, "scene"))
        form.addRow("Highlight", self._with_note(self.highlight, "highlight"))
        form.addRow("Labels", self._with_note(self.labels, "labels"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.quiz)
        layout.addStretch(1)

        self.title.textEdited.connect(lambda text: self._emit(title=text))
        self.text.textChanged.connect(self._on_text)
        self.notes.textChanged.connect(lambda: self._emit(notes=self.notes.toPlainText()))
        self.hold_on.toggled.connect(self._on_hold)
        self.hold.valueChanged.connect(self._on_hold)
        self.pivot_on.toggled.connect(self._on_pivot)
        self.pivot_to.valueChanged.connect(self._on_pivot)
        self.highlight.changed.connect(self._on_highlight)
        self.labels.changed.connect(lambda names: self._emit(labels=names))
        self.quiz.edited.connect(lambda quiz: self._emit(quiz=quiz))
        self.set_step(None)

    def _with_note(self, widget_or_layout, *keys: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(widget_or_layout, QWidget):
            column.addWidget(widget_or_layout)
        else:
            column.addLayout(widget_or_layout)
        for key in keys:
            column.addWidget(self.notes_for[key])
        return box

    # --- model -> widgets ------------------------------------------------------------------------
    def set_step(self, step: Step | None, problems: Sequence[Problem] = ()) -> None:
        self._showing = True
        try:
            self.step = step
            self.setEnabled(step is not None)
            set_text(self.title, step.title if step else "")
            set_text(self.text, step.text if step else "")
            self.preview.setHtml(markdown_to_html(step.text) if step else "")
            set_text(self.notes, step.notes if step else "")
            has_tool = step is not None and step.tool is not None
            hold = step.hold_s if step else None
            self.hold_on.setChecked(hold is not None)
            self.hold_on.setEnabled(has_tool or hold is not None)
            if hold is not None:
                self.hold.setValue(round(hold))
            self.hold.setEnabled(hold is not None)
            pivot_to = step.tool.pivot_to_deg if has_tool else None
            self.pivot_on.setEnabled(has_tool)
            self.pivot_on.setChecked(pivot_to is not None)
            self.pivot_to.setEnabled(pivot_to is not None)
            if pivot_to is not None:
                self.pivot_to.setValue(pivot_to)
            self.scene.setText(self._scene_words(step) if step else "")
            self._fill_names(step)
            self.quiz.set_quiz(step.quiz if step else None)
            self.show_problems(problems)
        finally:
            self._showing = False

    def show_problems(self, problems: Sequence[Problem]) -> None:
        by_key: dict[str, list[str]] = {key: [] for key in self.notes_for}
        quiz: list[str] = []
        for problem in problems:
            key = field_of(problem)
            words = f"{problem.field}: {problem.message}" if problem.field else problem.message
            if key == "quiz":
                quiz.append(words)
            else:
                by_key["scene" if key in SCENE_FIELDS or key not in by_key else key].append(words)
        for key, note in self.notes_for.items():
            note.show_problems(by_key[key])
        self.quiz.problems.show_problems(quiz)

    def _scene_words(self, step: Step) -> str:
        camera = (
            step.camera if isinstance(step.camera, str) else "a view of its own (turned by hand)"
        )
        visible = step.visible_ids(self.catalogue)
        parts = [f"Camera: {camera}.", f"Shows {len(visible)} structures."]
        if step.zones:
            parts.append("Zones: " + ", ".join(z.replace("_", " ") for z in step.zones) + ".")
        if step.wall_mm is not None:
            parts.append(f"Body {wall_words(step.wall_mm)}.")
        tool = step.tool
        if tool is None:
            parts.append("No hip hook.")
        elif isinstance(tool.at, LandmarkOffset):
            at = tool.at
            parts.append(
                f"Hip hook ({tool.side} side): {at.medial_mm:g} mm medial, {at.superior_mm:g} mm "
                f"superior of the {landmark_words(at.landmark)}, pivot {tool.pivot_deg:g}°."
            )
        else:
            parts.append(
                f"Hip hook ({tool.side} side) at typed coordinates, pivot {tool.pivot_deg:g}°."
            )
        return " ".join(parts)

    def _name(self, name: str) -> str:
        return self.catalogue[name].name if name in self.catalogue else name

    def _fill_names(self, step: Step | None) -> None:
        if step is None:
            self.highlight.set_names([], ())
            self.labels.set_names([], ())
            return
        visible = step.visible_ids(self.catalogue)
        structures = [(s.id, s.name) for s in self.catalogue if s.id in visible]
        highlighted = [i for i in self.catalogue.select(step.highlight) if i in visible]
        self.highlight.set_names(structures, highlighted)
        landmarks = (
            (i, landmark_words(i)[:1].upper() + landmark_words(i)[1:]) for i in LANDMARK_IDS
        )
        options = [*structures, *landmarks]
        known = {name for name, _ in options}
        options += [(i, self._name(i)) for i in step.labels if i not in known]  # hidden since
        self.labels.set_names(options, step.labels)

    # --- widgets -> model ------------------------------------------------------------------------
    def _emit(self, **changes) -> None:
        if not self._showing and self.step is not None:
            self.edited.emit(changes)

    def _on_text(self) -> None:
        text = self.text.toPlainText()
        self.preview.setHtml(markdown_to_html(text))
        self._emit(text=text)

    def _on_hold(self, *_args) -> None:
        self.hold.setEnabled(self.hold_on.isChecked())
        self._emit(hold_s=float(self.hold.value()) if self.hold_on.isChecked() else None)

    def _on_pivot(self, *_args) -> None:
        self.pivot_to.setEnabled(self.pivot_on.isChecked())
        if self.step is None or self.step.tool is None:
            return
        value = float(self.pivot_to.value()) if self.pivot_on.isChecked() else None
        self._emit(tool=dataclasses.replace(self.step.tool, pivot_to_deg=value))

    def _on_highlight(self, names: tuple[str, ...]) -> None:
        if self.step is None:
            return
        visible = self.step.visible_ids(self.catalogue)
        chosen = set(names)
        self._emit(highlight=compact_names(chosen, visible - chosen, self.catalogue))
