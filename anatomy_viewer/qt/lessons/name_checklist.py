"""A list of names to tick, for a step's labels and highlight in the lesson editor.

A view of plain values: ``set_names([(id, words)], checked)``; ticking emits ``changed(ids)``: the
ids still ticked in the order they were, then the newly ticked ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class NameChecklist(QListWidget):
    changed = Signal(tuple)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._order: tuple[str, ...] = ()
        self._options: tuple[tuple[str, str], ...] = ()
        self.itemChanged.connect(self._on_item)

    def set_names(self, options: Sequence[tuple[str, str]], checked: Iterable[str]) -> None:
        """The same options as before keep their rows and scroll position (a tick mark changed);
        new options are listed afresh, scrolled to the first one ticked."""
        self._order = tuple(checked)
        options = tuple(options)
        self.blockSignals(True)
        try:
            rebuilt = options != self._options
            if rebuilt:
                self._options = options
                self.clear()
                for name, words in options:
                    item = QListWidgetItem(words)
                    item.setData(Qt.ItemDataRole.UserRole, name)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    self.addItem(item)
            first = None
            for row in range(self.count()):
                item = self.item(row)
                ticked = item.data(Qt.ItemDataRole.UserRole) in self._order
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                first = first or (item if ticked else None)
            if rebuilt and first is not None:
                self.scrollToItem(first, QListWidget.ScrollHint.PositionAtTop)
        finally:
            self.blockSignals(False)

    def checked(self) -> tuple[str, ...]:
        ticked = {
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        }
        kept = [name for name in self._order if name in ticked]
        new = [
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).data(Qt.ItemDataRole.UserRole) in ticked - set(kept)
        ]
        return (*kept, *new)

    def set_checked(self, name: str, on: bool) -> None:
        """Tick or untick one name as the user would (emits ``changed``)."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _on_item(self, _item) -> None:
        self._order = self.checked()
        self.changed.emit(self._order)
