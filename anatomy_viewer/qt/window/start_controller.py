"""The start card in the window: the first tab of the panel column at a newcomer's first start, what
its buttons do, and remembering that the user has started.

    first start (START_DONE_KEY unset) -> the card's tab shown and raised, its first button focused
    card: lesson 1 / the zones / practise   -> done remembered; the lesson opens (and the card gives
                                               its place to the Lesson tab), the zones show, or
                                               practice mode starts
    any lesson opened (picker, File, --lesson, a dropped file) -> done remembered, the card closes
    the card's Close button or its tab's close button -> done remembered
    Help > Start card -> the card back, whatever was remembered
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from .start_card import StartCard

START_DONE_KEY = "start/done"
# What "Show the zones" turns on: the safe zone and every danger zone on the (see-through, derived)
# body wall, the landmarks they are measured from, and the legend; as lesson 3's first step does,
# with the danger zones added. The wall also gives the verdict under the mouse in the status bar.
START_ZONES = frozenset({"wall", "landmarks", "safe", "danger", "legend"})
START_ZONES_VIEW = "anterior"  # the zones lie on the front of the body
START_PRACTICE_SIDE = "right"  # the side the Hip hook panel starts on


class StartDock(QDockWidget):
    """The card's dock: closing it (its tab's close button) is a dismissal; hiding it is not."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Start", parent)
        self.setObjectName("start-dock")
        self.shown_by_default = True  # View > Panels > Reset shows it until the user has started
        self.in_panels_menu = False  # Help > Start card is its entry

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()


class StartCardController(QObject):
    def __init__(self, window, room) -> None:
        super().__init__(window)
        self.window = window
        self.room = room
        self._done_before_presenting = False
        self.card = StartCard()
        self.dock = StartDock(window)
        self.dock.setWidget(self.card)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        lessons = window.lessons.lessons
        if lessons:
            self.card.set_first_lesson(lessons[0].title, lessons[0].summary)

        self.card.lesson_chosen.connect(self.start_lesson)
        self.card.zones_chosen.connect(self.show_zones)
        self.card.practice_chosen.connect(self.practise)
        self.card.dismissed.connect(self.dismiss)
        self.dock.closed.connect(self._remember_done)
        window.lessons.opened.connect(self._on_lesson_opened)

        self.action = QAction("&Start card", window)
        self.action.setStatusTip("What this app is for, and three ways to start")
        self.action.triggered.connect(self.show_card)
        help_menu = window.help_menu
        first = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertAction(first, self.action)

    # --- remembered -------------------------------------------------------------------------------
    @property
    def settings(self) -> QSettings:
        return self.window.settings

    @property
    def done(self) -> bool:
        return _true(self.settings.value(START_DONE_KEY, False))

    def _remember_done(self) -> None:
        if not self.done:
            self.settings.setValue(START_DONE_KEY, True)
        self.dock.shown_by_default = False

    def apply_remembered(self) -> None:
        """After the layout is restored: the card at a first start, never once the user started."""
        done = self.done
        self.dock.shown_by_default = not done
        if done:
            self.dock.hide()
        elif not self.room.collapsed:  # a column the user collapsed stays so
            self.dock.show()
            self.dock.raise_()
            buttons = self.card.buttons
            if buttons:
                buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the card's buttons -------------------------------------------------------------------------
    def start_lesson(self) -> None:
        lessons = self.window.lessons.lessons
        if lessons:
            self._remember_done()
            self.window.lessons.open_lesson(lessons[0])  # the card closes as the lesson opens

    def show_zones(self) -> None:
        self._remember_done()
        self.window.show_view(START_ZONES_VIEW)
        self.window.state.set_zone_layers(set(self.window.state.zone_layers) | START_ZONES)
        self.window.statusBar().showMessage(
            "Zones shown: move the mouse over the body wall for the verdict there; "
            "Structures ▸ Zones turns them on and off",
            10000,
        )

    def practise(self) -> None:
        self._remember_done()
        tool = self.window.tool
        session = tool.session
        if not session.placed:
            session.place_default(START_PRACTICE_SIDE)
        session.set_visible(True)
        session.set_practice(True)  # focuses the 3D view, for the arrow keys
        self.room.reveal(tool.dock)
        self.window.statusBar().showMessage(
            "Practice: drag the tip over the body wall; arrow keys move it 5 mm, [ and ] pivot",
            10000,
        )

    def dismiss(self) -> None:
        self._remember_done()
        self.dock.hide()

    def show_card(self) -> None:
        """Help > Start card: back as the first tab, whatever was remembered."""
        self.room.reveal(self.dock)
        buttons = self.card.buttons
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def before_presenting(self) -> None:
        self._done_before_presenting = self.done

    def after_presenting(self) -> None:
        """Leaving presenter mode puts the panels back as they were before it: not the card, if
        the user started (a lesson opened) while presenting."""
        if self.done and not self._done_before_presenting and not self.dock.isHidden():
            self.dock.hide()
            if self.window.lessons.player is not None:
                self.window.lessons.dock.raise_()

    def _on_lesson_opened(self, _lesson) -> None:
        self._remember_done()
        self.dock.hide()


def _true(value) -> bool:
    """QSettings' INI files give booleans back as the strings "true" / "false"."""
    return value is True or str(value).lower() == "true"
