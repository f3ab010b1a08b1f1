"""Undo and redo for the lesson editor: a stack of whole, immutable snapshots of the document.

    edit --record(snapshot, "Edit the title")--> [s0, s1, s2] ^index --undo()--> s1 --redo()--> s2

A lesson is a few kilobytes of frozen values, so each entry keeps the whole document instead of a
command that knows how to reverse itself: undoing can never go out of step with the edit, and every
edit (capture, reorder, typing) is undone the same way. Typing in one field makes one entry, not one
per key: an edit with the same ``merge_key`` as the entry on top replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ..events import Signal

T = TypeVar("T")
MAX_UNDO = 500  # a long editing session; beyond this the oldest edits are forgotten


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    label: str  # what undoing it undoes, in the user's words: "Delete step 3"
    merge_key: object = None


class UndoHistory(Generic[T]):
    """``changed`` emits after every record, undo, redo and clean mark."""

    def __init__(self, initial: T, limit: int = MAX_UNDO) -> None:
        self._entries: list[_Entry[T]] = [_Entry(initial, "")]
        self._index = 0
        self._clean: int | None = 0
        self._limit = limit
        self.changed = Signal()

    @property
    def value(self) -> T:
        return self._entries[self._index].value

    def record(self, value: T, label: str, merge_key: object = None) -> None:
        """``value`` is the document after an edit described by ``label``."""
        del self._entries[self._index + 1 :]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was undone and is now overwritten: unreachable
        top = self._entries[self._index]
        if merge_key is not None and top.merge_key == merge_key and self._clean != self._index:
            self._entries[self._index] = _Entry(value, label, merge_key)
        else:
            self._entries.append(_Entry(value, label, merge_key))
            self._index += 1
            if len(self._entries) > self._limit:
                del self._entries[0]
                self._index -= 1
                self._clean = None if self._clean in (None, 0) else self._clean - 1
        self.changed.emit()

    def break_merge(self) -> None:
        """The next edit starts an entry of its own (the user left the field, picked another step)."""
        top = self._entries[self._index]
        if top.merge_key is not None:
            self._entries[self._index] = _Entry(top.value, top.label, None)

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._entries) - 1

    @property
    def undo_label(self) -> str:
        return self._entries[self._index].label if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return self._entries[self._index + 1].label if self.can_redo else ""

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self.break_merge()
        self._index -= 1
        self.changed.emit()
        return True

    def redo(self) -> bool:
        if not self.can_redo:
            return False
        self._index += 1
        self.changed.emit()
        return True

    # --- saved or not -----------------------------------------------------------------------------
    @property
    def is_clean(self) -> bool:
        """The document is as it was last saved (or opened)."""
        return self._clean == self._index

    def mark_clean(self) -> None:
        self.break_merge()
        self._clean = self._index
        self.changed.emit()

    def mark_dirty(self) -> None:
        """Not saved anywhere yet (a copy of a shipped lesson, an imported draft)."""
        self._clean = None
        self.changed.emit()
