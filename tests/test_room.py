"""The 3D view's room in the window: its share of the width at first start, the panels as one tabbed
column, collapsing them by key and menu, the layout remembered (and an older one not restored), the
start card, and presenter mode with nothing but the view. Real windows under Xvfb (1920x1080)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QWidget

from anatomy_viewer.qt.window.room import (
    COLUMN_AREA,
    FIRST_START_SCREEN_SHARE,
    LAYOUT_VERSION,
    MIN_RESTORED_VIEW_SHARE,
    VIEW_SHARE,
)
from anatomy_viewer.qt.window.start_controller import START_DONE_KEY

pytestmark = pytest.mark.gui


@pytest.fixture
def open_window(qtbot, catalogue, core_meshes, settings_file):
    """Build, show and (at the end) close main windows on one settings file: a start, a restart."""
    from anatomy_viewer.qt.window.main_window import MainWindow

    windows = []

    def start(size: tuple[int, int] | None = None) -> MainWindow:
        if windows and windows[-1].isVisible():
            windows[-1].close()
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        window = MainWindow(catalogue, core_meshes, settings=settings)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # no window manager under Xvfb to do it: shortcuts need it
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()
        assert window.view._closed, "the 3D view was not closed with its window"


def _share(window) -> float:
    return window.view.interactor.width() / window.width()


def _front_tab(window) -> str:
    """The title of the panel in front (the others are tabs behind it)."""
    front = [d for d in window.room.shown_panels() if not d.visibleRegion().isEmpty()]
    assert len(front) == 1, "the panels are not one column of tabs"
    return front[0].windowTitle()


def _ctrl_b(qtbot, window) -> None:
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)


# --- the view's share ---------------------------------------------------------------------------
def test_first_start_at_full_hd_gives_the_view_its_share(open_window):
    window = open_window()
    screen = window.screen().availableGeometry()
    assert (screen.width(), screen.height()) == (1920, 1080)  # pytest-xvfb's screen (pyproject)
    assert window.width() >= 0.85 * screen.width()
    share = _share(window)
    assert share >= 0.60
    assert share == pytest.approx(VIEW_SHARE, abs=0.02)
    panels = window.room.panels()
    assert {d.objectName() for d in panels} >= {
        "start-dock",
        "lesson-dock",
        "tool-dock",
        "structures-dock",
    }
    assert all(window.dockWidgetArea(d) == COLUMN_AREA and not d.isFloating() for d in panels)
    assert _front_tab(window) == "Start"


def test_a_1280x800_window_gives_the_view_half_or_more(open_window):
    window = open_window((1280, 800))
    assert window.width() == 1280
    # The tabbed column is no taller than its tallest panel: the first-start window fits a
    # 1280x800 screen (FIRST_START_SCREEN_SHARE of it), status bar included.
    assert window.minimumSize().height() <= 800 * FIRST_START_SCREEN_SHARE
    assert _share(window) >= 0.5
    # Every panel fits the column: none scrolls sideways, the structure panel's longest line shows.
    # A panel not shown yet (the lesson editor until a lesson is edited) gets the column's width.
    column = max(d.width() for d in window.room.shown_panels())
    for dock in window.room.panels():
        body = dock.widget()
        body = body.widget() if isinstance(body, QScrollArea) else body  # a scroll area's content
        assert body.minimumSizeHint().width() <= column, dock.objectName()


# --- collapsing ---------------------------------------------------------------------------------
def test_ctrl_b_collapses_the_panels_and_brings_them_back(open_window, qtbot):
    window = open_window((1280, 800))
    window.lessons.open_by_id(window.lessons.lessons[0].id)
    shown = {d.objectName() for d in window.room.shown_panels()}
    assert "lesson-dock" in shown
    _ctrl_b(qtbot, window)
    assert window.room.collapsed and not window.room.panels_action.isChecked()
    qtbot.waitUntil(lambda: window.view.interactor.width() == window.width(), timeout=3000)
    _ctrl_b(qtbot, window)
    assert {d.objectName() for d in window.room.shown_panels()} == shown
    qtbot.waitUntil(lambda: _share(window) < 0.8, timeout=3000)
    assert _share(window) >= 0.5


def test_the_view_menu_collapses_and_lists_every_panel(open_window, qtbot):
    window = open_window()
    room = window.room
    assert room.menu.menuAction() in window.view_menu.actions()
    entries = room.menu.actions()
    assert room.panels_action in entries and room.reset_action in entries
    for dock in (window.lessons.dock, window.tool.dock, window.panel_dock):
        assert dock.toggleViewAction() in entries
    room.panels_action.trigger()
    assert room.collapsed
    room.panels_action.trigger()
    assert not room.collapsed
    # One panel closed from the menu; the column's check follows what is shown.
    window.tool.dock.toggleViewAction().trigger()
    assert window.tool.dock.isHidden() and room.panels_action.isChecked()


def test_a_panel_shown_while_collapsed_brings_the_column_back(open_window, qtbot):
    window = open_window()
    window.room.start.dismiss()
    _ctrl_b(qtbot, window)
    assert window.room.collapsed
    window.lessons.open_by_id(window.lessons.lessons[1].id)  # File > Open, a dropped file...
    shown = {d.objectName() for d in window.room.shown_panels()}
    assert shown == {"lesson-dock", "tool-dock", "structures-dock"}
    assert _front_tab(window) == "Lesson"


def test_reset_puts_a_floating_panel_back_in_the_column(open_window):
    window = open_window()
    window.panel_dock.setFloating(True)
    window.removeDockWidget(window.tool.dock)
    window.room.reset_action.trigger()
    for dock in (window.panel_dock, window.tool.dock, window.lessons.dock):
        assert not dock.isFloating() and not dock.isHidden()
        assert window.dockWidgetArea(dock) == COLUMN_AREA
    assert _share(window) == pytest.approx(VIEW_SHARE, abs=0.02)


# --- remembered ---------------------------------------------------------------------------------
def test_the_layout_is_remembered_across_a_restart(open_window, qtbot):
    window = open_window((1400, 900))
    window.resizeDocks([window.room.start.dock], [500], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.room.start.dock.width() == 500, timeout=3000)
    view_width = window.view.interactor.width()
    again = open_window()  # closes the first one, which saves
    assert again.width() == 1400
    assert again.room.start.dock.width() == 500  # the front tab: the column's width
    assert again.view.interactor.width() == view_width
    shown = {d.objectName() for d in again.room.shown_panels()}
    _ctrl_b(qtbot, again)
    third = open_window()
    assert third.room.collapsed
    qtbot.waitUntil(lambda: third.view.interactor.width() == third.width(), timeout=3000)
    _ctrl_b(qtbot, third)  # what the collapse hid comes back, not just some default
    assert {d.objectName() for d in third.room.shown_panels()} == shown


def test_a_layout_from_an_older_version_is_not_restored(open_window, settings_file, qtbot):
    # What the window saved before the panels were tabbed: the structure panel on the left, the
    # lesson and hip hook on the right, the view a third of the window; version 0.
    old = QMainWindow()
    qtbot.addWidget(old)
    old.setCentralWidget(QWidget())
    for name, area in (
        ("structures-dock", Qt.DockWidgetArea.LeftDockWidgetArea),
        ("lesson-dock", Qt.DockWidgetArea.RightDockWidgetArea),
        ("tool-dock", Qt.DockWidgetArea.RightDockWidgetArea),
    ):
        dock = QDockWidget(name, old)
        dock.setObjectName(name)
        old.addDockWidget(area, dock)
    old.resize(1280, 860)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("window/state", old.saveState())  # version 0
    settings.setValue("window/geometry", old.saveGeometry())
    settings.sync()
    window = open_window()
    assert window.dockWidgetArea(window.panel_dock) == COLUMN_AREA
    assert _share(window) == pytest.approx(VIEW_SHARE, abs=0.02)
    assert LAYOUT_VERSION > 0


def test_a_broken_saved_layout_gives_the_default(open_window, settings_file):
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("window/state", b"not a layout")
    settings.setValue("window/collapsed-panels", 42)
    settings.sync()
    window = open_window()
    assert not window.room.collapsed
    assert _share(window) == pytest.approx(VIEW_SHARE, abs=0.02)


def test_a_remembered_layout_never_starts_the_view_squeezed(open_window, qtbot):
    window = open_window((1280, 800))
    window.resizeDocks([window.lessons.dock], [1000], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: _share(window) < MIN_RESTORED_VIEW_SHARE, timeout=3000)
    again = open_window()
    assert _share(again) == pytest.approx(VIEW_SHARE, abs=0.02)


# --- the start card -----------------------------------------------------------------------------
def test_the_start_card_offers_lesson_one_and_the_keyboard_reaches_it(open_window, qtbot):
    window = open_window()
    card = window.room.start.card
    first = window.lessons.lessons[0]
    assert first.title in card.lesson_button.text()
    assert [b.text() for b in card.buttons[1:]] == [
        "Show the safe and danger zones",
        "Practise placing the tip",
    ]
    qtbot.waitUntil(lambda: card.lesson_button.hasFocus(), timeout=3000)
    qtbot.keyClick(card.lesson_button, Qt.Key.Key_Tab)
    assert card.zones_button.hasFocus()
    qtbot.keyClick(card.zones_button, Qt.Key.Key_Backtab)
    qtbot.keyClick(card.lesson_button, Qt.Key.Key_Space)
    player = window.lessons.player
    assert player is not None and player.lesson.id == first.id and player.index == 0
    assert window.room.start.dock.isHidden()  # the card gives its place to the lesson
    assert _front_tab(window) == "Lesson"
    assert window.settings.value(START_DONE_KEY) in (True, "true")


def test_show_the_zones_shows_them(open_window, qtbot):
    window = open_window()
    window.show_view("left")
    qtbot.mouseClick(window.room.start.card.zones_button, Qt.MouseButton.LeftButton)
    assert {"safe", "danger", "landmarks"} <= window.state.zone_layers
    layer = window.zones.layer
    assert layer is not None and {"safe", "hip_crease", "midline", "artery"} <= layer.shown
    assert all(a.GetVisibility() for a in layer.actors["safe"])
    assert window.current_view == "anterior"
    assert not window.room.start.dock.isHidden()  # lesson 1 is still one click away


def test_practise_placing_the_tip_starts_practice(open_window, qtbot):
    window = open_window()
    qtbot.mouseClick(window.room.start.card.practice_button, Qt.MouseButton.LeftButton)
    session = window.tool.session
    assert session.practice and session.visible and session.placement is not None
    assert session.placement.verdict == "safe"  # the example spot just inside the ASIS
    assert _front_tab(window) == "Hip hook"
    assert window.view.interactor.hasFocus()  # the arrow keys move the tip at once
    assert all(a.isEnabled() for a in window.tool.arrow_actions)


def test_a_dismissed_card_stays_away_and_help_brings_it_back(open_window, qtbot):
    window = open_window()
    qtbot.mouseClick(window.room.start.card.close_button, Qt.MouseButton.LeftButton)
    assert window.room.start.dock.isHidden()
    again = open_window()
    assert again.room.start.dock.isHidden()
    assert _front_tab(again) == "Lesson"
    help_entries = again.help_menu.actions()
    assert again.room.start.action in help_entries
    again.room.start.action.trigger()
    assert not again.room.start.dock.isHidden() and _front_tab(again) == "Start"


def test_the_card_is_not_shown_again_once_the_user_has_started(open_window):
    window = open_window()
    window.lessons.open_by_id(window.lessons.lessons[2].id)  # the picker, not the card
    assert window.room.start.dock.isHidden()
    again = open_window()
    assert again.room.start.dock.isHidden()


def test_closing_the_cards_tab_dismisses_it(open_window):
    window = open_window()
    window.room.start.dock.close()  # the tab's close button
    assert window.settings.value(START_DONE_KEY) in (True, "true")


# --- presenter mode -----------------------------------------------------------------------------
def test_presenting_gives_the_view_the_whole_screen(open_window, qtbot):
    window = open_window()  # a first start: the start card is up
    window.view.interactor.setFocus()
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_F5)
    presenter = window.presenter
    assert presenter.presenting
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.view.interactor.width() == screen.width(), timeout=3000)
    assert window.view.interactor.height() == screen.height()  # no lesson: no caption band
    assert all(d.isHidden() for d in window.room.panels())
    _ctrl_b(qtbot, window)  # the panels' key does nothing while presenting
    assert all(d.isHidden() for d in window.room.panels())
    window.lessons.open_by_id(window.lessons.lessons[0].id)  # e.g. a lesson file reloaded
    assert all(d.isHidden() for d in window.room.panels())
    presenter.handle_key(Qt.Key.Key_Escape)
    assert not presenter.presenting
    assert not window.lessons.dock.isHidden() and window.room.panels_action.isEnabled()
    # The user started while presenting: the card does not come back with the other panels.
    assert window.room.start.dock.isHidden() and _front_tab(window) == "Lesson"
