"""The lesson editor's panel: which lesson and where it is saved, the editor's buttons, the steps (drag
or Alt+Up / Alt+Down to reorder), the current step's form, the lesson's own fields, and every problem
``lessons check`` would report, each next to its step and field.

A view of the core ``LessonDraft``: it shows the draft and turns the user's edits into draft edits
(``edit_step``, ``set_info``, ``move``...); the draft records them and says it ``changed``, and the
panel shows it again. Capturing the view, saving and the lesson player are the controller's.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.catalogue import Catalogue
from ...core.lessons.draft import LessonDraft
from ...core.lessons.library import ORIGIN_WORDS, origin_of
from .lesson_form import LessonInfoForm
from .step_form import StepForm
from .step_list import StepList

STEP_TAB, LESSON_TAB = 0, 1


class LessonEditorPanel(QWidget):
    step_chosen = Signal(int)  # the user picked a step (the controller shows its scene)

    def __init__(
        self, catalogue: Catalogue, actions: Sequence[QAction | None], parent: QWidget | None = None
    ) -> None:
        """``actions``: the editor's actions for the panel's tool bars (None: start a new row)."""
        super().__init__(parent)
        self.draft: LessonDraft | None = None
        self._form_of: tuple[int, int] | None = None  # (draft, step) the form shows
        self.header = QLabel(wordWrap=True)
        self.header.setAccessibleName("Lesson being edited")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.bars = [QToolBar()]
        for action in actions:
            if action is None:
                self.bars.append(QToolBar())
            else:
                self.bars[-1].addAction(action)
        for bar in self.bars:
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.steps = StepList()
        self.step_form = StepForm(catalogue)
        self.info_form = LessonInfoForm()
        scroll, info_scroll = QScrollArea(), QScrollArea()
        for area, form in ((scroll, self.step_form), (info_scroll, self.info_form)):
            area.setWidgetResizable(True)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fit the dock
            area.setWidget(form)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Step")
        self.tabs.addTab(info_scroll, "Lesson")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems, as lessons check reports them")
        self.problems.setToolTip("Click a problem to go to its step and field")
        self.problems_title = QLabel()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.steps)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.problems)  # hidden without problems: the form takes the room
        splitter.setSizes([150, 460, 90])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        for bar in self.bars:
            layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems_title)

        self.steps.chosen.connect(self._on_chosen)
        self.steps.moved.connect(lambda a, b: self.draft and self.draft.move(a, b))
        self.step_form.edited.connect(self._on_step_edited)
        self.info_form.edited.connect(lambda changes: self.draft and self.draft.set_info(**changes))
        self.problems.itemActivated.connect(self._go_to_problem)
        self.problems.itemClicked.connect(self._go_to_problem)
        self.set_draft(None)

    # --- the draft shown -------------------------------------------------------------------------
    def set_draft(self, draft: LessonDraft | None) -> None:
        if self.draft is not None:
            self.draft.changed.disconnect(self.refresh)
        self.draft = draft
        if draft is not None:
            draft.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        draft = self.draft
        self.setEnabled(draft is not None)
        if draft is None:
            self.header.setText("No lesson in the editor: Lesson ▸ New lesson… or Edit lesson")
            self.steps.fill([], [], -1)
            self.step_form.set_step(None)
            self.problems.clear()
            self.problems_title.setText("")
            return
        problems = draft.problems()
        self.header.setText(self._header_words(draft))
        self.steps.fill(
            [d.step.title for d in draft.steps],
            [[_words(p) for p in draft.problems_of_step(i)] for i in range(len(draft.steps))],
            draft.current,
        )
        self.step_form.set_step(draft.current_step, draft.problems_of_step(draft.current))
        if self._form_of != (id(draft), draft.current):  # another step: its form from the top
            self._form_of = (id(draft), draft.current)
            self.tabs.widget(STEP_TAB).verticalScrollBar().setValue(0)
        self.info_form.set_info(draft.info, [p for p in problems if p.step is None])
        self.problems.clear()
        for problem in problems:
            self.problems.addItem(str(problem))
            self.problems.item(self.problems.count() - 1).setData(
                Qt.ItemDataRole.UserRole, (problem.step, problem.field)
            )
        self.problems_title.setText(
            f"<b>{len(problems)} problem{'s' if len(problems) != 1 else ''}</b> (as lessons check "
            "reports them; click one to go there)"
            if problems
            else "No problems: ready to save."
        )
        self.problems.setVisible(bool(problems))

    @staticmethod
    def _header_words(draft: LessonDraft) -> str:
        import html

        origin = origin_of(draft.path, draft.user_dir)
        if draft.path is None:
            where = f"not saved yet: Save puts it in My lessons as {draft.default_path().name}"
        elif origin is None:
            where = f"{draft.name} in {draft.path.parent}"
        else:
            where = f"{draft.name} in {ORIGIN_WORDS[origin]}"
        star = " • <i>unsaved changes</i>" if draft.dirty and draft.path is not None else ""
        if draft.copied_from:
            copied = html.escape(draft.copied_from)
            star += f"<br><small>A copy of “{copied}”: shipped lessons are read-only.</small>"
        return (
            f"<b>{html.escape(draft.info.title or draft.info.id)}</b><br>"
            f"<small>{html.escape(where)}{star}</small>"
        )

    # --- edits -----------------------------------------------------------------------------------
    def _on_chosen(self, row: int) -> None:
        if self.draft is not None:
            self.draft.select(row)
            self.step_chosen.emit(row)

    def _on_step_edited(self, changes: dict) -> None:
        if self.draft is not None and self.draft.current >= 0:
            self.draft.edit_step(self.draft.current, **changes)

    def _go_to_problem(self, item) -> None:
        step, _field = item.data(Qt.ItemDataRole.UserRole)
        if step is None:
            self.tabs.setCurrentIndex(LESSON_TAB)
            return
        self.tabs.setCurrentIndex(STEP_TAB)
        if self.draft is not None and step - 1 != self.draft.current:
            self.draft.select(step - 1)
            self.step_chosen.emit(step - 1)


def _words(problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message
