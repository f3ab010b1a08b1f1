"""The main window: panel <-> 3D view <-> status bar, standard views, settings. Needs Xvfb (pytest-xvfb)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from anatomy_viewer.core.scene.views import VIEW_NAMES, VIEWS

pytestmark = pytest.mark.gui


def _view_direction(window) -> np.ndarray:
    camera = window.view.camera
    direction = np.subtract(camera.position, camera.focal_point)
    return direction / np.linalg.norm(direction)


def test_unchecking_a_structure_hides_its_actor(main_window, qtbot):
    item = main_window.panel.items["iliacus_right"]
    assert main_window.scene.actors["iliacus_right"].GetVisibility()
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert not main_window.scene.actors["iliacus_right"].GetVisibility()
    assert "iliacus_right" not in main_window.state.visible
    item.setCheckState(0, Qt.CheckState.Checked)
    assert main_window.scene.actors["iliacus_right"].GetVisibility()


def test_group_checkbox_hides_a_whole_system(main_window):
    arteries = main_window.panel.items["aorta"].parent()
    while arteries.parent() is not None:
        arteries = arteries.parent()
    arteries.setCheckState(0, Qt.CheckState.Unchecked)
    assert not any(
        main_window.scene.actors[i].GetVisibility()
        for i in main_window.catalogue.select(["artery"])
        if i in main_window.scene.actors
    )


def test_opacity_slider_changes_the_selected_structure(main_window):
    main_window.panel.tree.setCurrentItem(main_window.panel.items["psoas_major_left"])
    main_window.panel.opacity.setValue(30)
    assert main_window.scene.actors["psoas_major_left"].GetProperty().GetOpacity() == pytest.approx(
        0.3
    )
    assert main_window.scene.actors[
        "psoas_major_right"
    ].GetProperty().GetOpacity() == pytest.approx(1.0)


def test_isolate_and_show_all(main_window, qtbot):
    main_window.panel.tree.setCurrentItem(main_window.panel.items["sacrum"])
    qtbot.mouseClick(main_window.panel.isolate_button, Qt.MouseButton.LeftButton)
    visible = [i for i, a in main_window.scene.actors.items() if a.GetVisibility()]
    assert visible == ["sacrum"]
    qtbot.mouseClick(main_window.panel.show_all_button, Qt.MouseButton.LeftButton)
    assert all(a.GetVisibility() for a in main_window.scene.actors.values())


def test_search_filters_the_tree(main_window, qtbot):
    qtbot.keyClicks(main_window.panel.search, "psoas")
    assert not main_window.panel.items["psoas_major_right"].isHidden()
    assert main_window.panel.items["sacrum"].isHidden()
    main_window.panel.search.clear()
    assert not main_window.panel.items["sacrum"].isHidden()


def _screen_point_of(window, structure_id: str) -> QPoint:
    """Widget coordinates of a point on the structure's surface nearest the camera's view ray."""
    renderer = window.view.renderer
    mesh = window.scene.actors[structure_id].GetMapper().GetInput()
    centre = np.asarray(mesh.center)
    renderer.SetWorldPoint(*centre, 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    ratio = window.view.interactor.devicePixelRatioF()
    height = window.view.interactor.height()
    return QPoint(round(x / ratio), round(height - y / ratio))


def test_clicking_a_structure_selects_it_everywhere(main_window, qtbot):
    main_window.show_view("anterior")
    point = _screen_point_of(main_window, "iliacus_left")
    qtbot.mouseClick(main_window.view.interactor, Qt.MouseButton.LeftButton, pos=point)
    assert main_window.state.selected == "iliacus_left"
    assert main_window.panel.tree.currentItem() is main_window.panel.items["iliacus_left"]
    assert "FMA22323" in main_window.selection_label.text()
    assert "Left iliacus" in main_window.selection_label.text()


def test_selecting_in_the_panel_highlights_in_the_view(main_window):
    before = main_window.scene.actors["psoas_major_right"].GetProperty().GetColor()
    main_window.panel.tree.setCurrentItem(main_window.panel.items["psoas_major_right"])
    after = main_window.scene.actors["psoas_major_right"].GetProperty().GetColor()
    assert before != after
    assert "Right psoas major" in main_window.selection_label.text()


@pytest.mark.parametrize(("key", "name"), list(zip("123456", VIEW_NAMES, strict=True)))
def test_view_keys_move_the_camera(main_window, qtbot, key, name):
    main_window.view.interactor.setFocus()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=2000)
    qtbot.keyClick(main_window.view.interactor, key)
    expected = np.asarray(VIEWS[name]["direction"], float)
    assert _view_direction(main_window) @ (expected / np.linalg.norm(expected)) > 0.999


def test_reset_key_returns_to_anterior(main_window, qtbot):
    qtbot.keyClick(main_window.view.interactor, "3")
    qtbot.keyClick(main_window.view.interactor, "r")
    assert _view_direction(main_window) @ np.array([0, -1, 0]) > 0.999


def test_geometry_and_view_are_remembered(
    qtbot, catalogue, core_meshes, settings_file, main_window
):
    main_window.show_view("left")
    main_window.resize(900, 650)
    main_window.close()
    from anatomy_viewer.qt.window.main_window import MainWindow

    again = MainWindow(
        catalogue, core_meshes, settings=QSettings(str(settings_file), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().width() == 900
    assert _view_direction(again) @ np.array([1, 0, 0]) > 0.999
    assert again.current_view == "left"
    again.close()


def test_attribution_is_in_the_view_and_about(main_window):
    assert "BodyParts3D" in main_window.scene.attribution.GetInput()
    from anatomy_viewer.qt.window.about_dialog import about_text

    text = about_text(main_window.catalogue)
    assert "BodyParts3D" in text and "0.1.0" in text


def test_shortcuts_exist(main_window):
    shortcuts = {a.shortcut().toString() for a in main_window.actions()}
    assert {"1", "2", "3", "4", "5", "6", "R", "Ctrl+Q"} <= shortcuts
    assert QApplication.instance().applicationName()
