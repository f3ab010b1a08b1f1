"""Presenter mode: F5 starts it, clicker keys step the lesson, B / . blank the screen, Esc leaves and
puts the window back. Needs Xvfb."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from anatomy_viewer.render.theme import DESK, PROJECTOR

pytestmark = pytest.mark.gui


def _focus_view(window, qtbot):
    window.activateWindow()
    window.view.interactor.setFocus()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def _key(qtbot, window, key):
    qtbot.keyClick(QApplication.focusWidget() or window, key)


@pytest.fixture
def presenting(main_window, qtbot):
    main_window.open_lesson_by_id(main_window.lessons.lessons[0].id)
    _focus_view(main_window, qtbot)
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_F5)
    presenter = main_window.presenter
    assert presenter.presenting
    yield main_window, presenter
    presenter.stop()


def test_f5_hides_panels_and_uses_the_projector_theme(presenting):
    window, presenter = presenting
    assert window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not window.panel_dock.isVisible() and not window.lessons.dock.isVisible()
    assert window.scene.theme is PROJECTOR
    assert presenter.caption.isVisible()
    assert window.lessons.player.step.title in presenter.caption.text()


def test_clicker_keys_step_forward_and_back(presenting, qtbot):
    window, _ = presenting
    player = window.lessons.player
    for key, expected in (
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_Right, 2),
        (Qt.Key.Key_Space, 3),
        (Qt.Key.Key_PageUp, 2),
        (Qt.Key.Key_Left, 1),
        (Qt.Key.Key_End, player.count - 1),
        (Qt.Key.Key_Home, 0),
    ):
        _key(qtbot, window, key)
        assert player.index == expected, key


def test_blank_toggles_and_holds_the_step(presenting, qtbot):
    window, presenter = presenting
    _key(qtbot, window, Qt.Key.Key_B)
    assert presenter.blanked and presenter.blank_screen is not None
    _key(qtbot, window, Qt.Key.Key_PageDown)
    assert window.lessons.player.index == 0  # no stepping while the screen is black
    _key(qtbot, window, Qt.Key.Key_Period)
    assert not presenter.blanked and presenter.blank_screen is None


def test_escape_leaves_and_restores_the_window(presenting, qtbot):
    window, presenter = presenting
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert not presenter.presenting
    assert not window.isFullScreen()
    assert window.menuBar().isVisible() and window.panel_dock.isVisible()
    assert window.scene.theme is DESK


def test_presenter_view_shows_notes_and_next_title(main_window, qtbot):
    from anatomy_viewer.qt.present.presenter import PresenterController

    main_window.open_lesson_by_id(main_window.lessons.lessons[0].id)
    controller = PresenterController(main_window, presenter_view=True)
    controller.start()
    try:
        view = controller.presenter_view
        assert view is not None and view.isVisible()
        lesson = main_window.lessons.player.lesson
        assert lesson.steps[1].title in view.next_title.text()
        assert lesson.steps[0].title in view.current.text()
        controller.next()
        assert lesson.steps[2].title in view.next_title.text()
        assert view.notes.toPlainText().strip()
    finally:
        controller.stop()


def test_without_a_lesson_keys_switch_views(main_window, qtbot):
    _focus_view(main_window, qtbot)
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_F5)
    presenter = main_window.presenter
    assert presenter.presenting and not presenter.caption.isVisible()
    _key(qtbot, main_window, Qt.Key.Key_3)
    assert main_window.current_view == "left"
    _key(qtbot, main_window, Qt.Key.Key_Escape)
    assert not presenter.presenting
