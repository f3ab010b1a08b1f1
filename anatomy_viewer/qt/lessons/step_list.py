"""The lesson editor's list of steps: numbered titles, a warning mark on a step with problems, and
reordering by drag and drop or by keys (Alt+Up / Alt+Down; Delete; Ctrl+D duplicates).

A view: it shows the rows it is given and reports what the user asked for (``moved(from, to)``,
``chosen(row)``, ``delete_requested``, ``duplicate_requested``); the draft does the work and the
list is filled again from it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QWidget

MOVE_UP_KEYS = ("Alt+Up", "Ctrl+Shift+Up")
MOVE_DOWN_KEYS = ("Alt+Down", "Ctrl+Shift+Down")


class StepList(QListWidget):
    chosen = Signal(int)
    moved = Signal(int, int)  # from row, to row (0-based, in the list after the move)
    delete_requested = Signal()
    duplicate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Steps of the lesson being edited")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip(
            "Drag a step, or Alt+Up / Alt+Down, to reorder; Delete removes it; Ctrl+D duplicates"
        )
        self._filling = False
        self.model().rowsMoved.connect(self._on_rows_moved)
        self.currentRowChanged.connect(self._on_row)
        self._warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # --- model -> rows -----------------------------------------------------------------------------
    def fill(self, titles: Sequence[str], problems: Sequence[Sequence[str]], current: int) -> None:
        """One row per step: ``titles[i]``, and ``problems[i]`` (messages) as a mark and tooltip."""
        self._filling = True
        try:
            if self.count() != len(titles):
                self.clear()
                for _ in titles:
                    self.addItem(QListWidgetItem())
            for row, (title, messages) in enumerate(zip(titles, problems, strict=True)):
                item = self.item(row)
                item.setText(f"{row + 1}. {title or '(no title)'}")
                item.setIcon(self._warning if messages else QIcon())
                item.setToolTip("\n".join(messages) if messages else "")
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "; ".join(messages))
            self.setCurrentRow(current)
        finally:
            self._filling = False

    # --- rows -> requests --------------------------------------------------------------------------
    def _on_row(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.chosen.emit(row)

    def _on_rows_moved(self, _parent, start: int, _end: int, _dest: QModelIndex, row: int) -> None:
        if self._filling:
            return
        to = row if row < start else row - 1  # Qt counts the destination before the row leaves
        if to != start:
            self.moved.emit(start, to)

    def dropEvent(self, event) -> None:
        """A step dropped between two others: the draft moves it (Qt's own move of the row would
        leave the list and the draft to disagree until the next refresh)."""
        row = self.currentRow()
        if row < 0:
            event.ignore()
            return
        point = event.position().toPoint()
        target = self.indexAt(point)
        if not target.isValid():
            position = self.count()  # below the last step
        else:
            rect = self.visualRect(target)
            position = target.row() + (1 if point.y() > rect.center().y() else 0)
        to = position if position <= row else position - 1
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if to != row:
            self.moved.emit(row, to)

    def keyPressEvent(self, event) -> None:
        row = self.currentRow()
        combo = QKeySequence(event.keyCombination()).toString()
        if combo in MOVE_UP_KEYS and row > 0:
            self.moved.emit(row, row - 1)
        elif combo in MOVE_DOWN_KEYS and 0 <= row < self.count() - 1:
            self.moved.emit(row, row + 1)
        elif event.key() == Qt.Key.Key_Delete and row >= 0:
            self.delete_requested.emit()
        elif combo == "Ctrl+D" and row >= 0:
            self.duplicate_requested.emit()
        else:
            super().keyPressEvent(event)
