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


def _subject_extent(window) -> float:
    """How much of the view the step's subject spans (the larger of width and height shares)."""
    import numpy as np
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    state = window.lessons.player.scene_state()
    points = window.lessons.director.framing.subject_points(state)
    renderer = window.view.renderer
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    xy = []
    for point in points[:: max(1, len(points) // 400)]:
        coordinate.SetValue(*point)
        xy.append(coordinate.GetComputedDoubleDisplayValue(renderer))
    xy = np.array(xy)
    width, height = renderer.GetSize()
    return max(np.ptp(xy[:, 0]) / width, np.ptp(xy[:, 1]) / height)


def test_presenting_frames_the_step_to_fill_the_screen_with_projector_type(presenting, qtbot):
    """Full screen, the step's subject is framed again for the wide view (the window framed it for
    its own shape), and the words are projector-sized: at least 3 % of the screen's height."""
    window, presenter = presenting
    screen_height = window.windowHandle().screen().geometry().height()
    qtbot.waitUntil(lambda: window.view.interactor.width() > 0.9 * window.width(), timeout=5000)
    qtbot.waitUntil(lambda: _subject_extent(window) > 0.65, timeout=5000)
    assert _subject_extent(window) < 0.8  # a margin is left, for the labels
    board = window.scene.board
    assert board.medium.kind == "presenter"
    window.view.render()
    sizes = board.last_view.sizes
    assert sizes.label_px >= 0.03 * screen_height and sizes.readout_px >= 0.03 * screen_height
    asked = {f"structure:{i}" for i in window.lessons.player.step.labels}
    assert asked <= set(board.shown), board.layout.gave_way
    presenter.stop()
    assert board.medium.kind == "window"
