"""Depth in the real window: the Hip hook panel's depth diagram against ``check-placement``, the Body
wall control (the wall, the zones, the tip and the readout follow it; a lesson step's own thickness),
and measuring a distance (M, clicks, Escape). Needs Xvfb."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from anatomy_viewer.cli import main
from anatomy_viewer.render.overlays.measure_layer import MEASURE_COLOUR
from anatomy_viewer.render.overlays.tool_pick import display_of

pytestmark = pytest.mark.gui


def cli_json(*args: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return json.loads(out.getvalue())


def _screen_pos(window, point) -> QPoint:
    dx, dy = display_of(window.view.renderer, np.asarray(point, float))
    widget = window.view.interactor
    ratio = widget.devicePixelRatioF()
    return QPoint(round(dx / ratio), round(widget.height() - dy / ratio))


def _activate(window, qtbot) -> None:
    # Window shortcuts fire only in the active window (Xvfb has no window manager).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_depth_diagram_of_the_lessons_safe_placement_matches_check_placement(main_window, mesh_dir):
    main_window.open_lesson_by_id("where_the_tip_goes")  # step 1: the safe spot, pivot 0
    tool = main_window.tool
    session, diagram = tool.session, tool.depth_diagram
    assert session.visible and session.placement.verdict == "safe"
    assert diagram.isVisible() and diagram.path is not None
    data = cli_json(
        "check-placement", "--mesh-dir", str(mesh_dir), "--side", session.side,
        "--at", str(session.x_mm), str(session.z_mm), "--pivot", str(session.pivot_deg), "--json",
    )  # fmt: skip
    assert diagram.path.to_json() == data["path"]
    assert data["path"][-1]["depth_mm"] == data["target_depth_mm"]
    assert diagram.path.nearest_vessel.structure == data["nearest_vessel"]["structure"]
    words = diagram.accessibleDescription()
    assert "body wall 18 mm (lean)" in words and "right iliacus (target)" in words
    overlay = tool.layer.depth  # the same diagram in the view (and in every export)
    assert overlay.path.to_json() == data["path"]
    assert overlay.title.GetVisibility() and "18 mm (lean)" in overlay.title.GetInput()


def test_body_wall_control_moves_the_wall_tip_and_zones(main_window, qtbot):
    main_window.open_lesson_by_id("where_the_tip_goes")
    tool, zones = main_window.tool, main_window.zones
    before = tool.session.placement
    control = tool.wall_control
    control.preset.setCurrentIndex(control.preset.findData("high-bmi"))
    control.preset.activated.emit(control.preset.currentIndex())
    assert main_window.state.wall_mm == 37.0 and control.mm.value() == 37.0
    after = tool.session.placement
    assert after.tip[1] == pytest.approx(before.tip[1] - 19.0)  # 18 -> 37 mm: 19 mm forward
    assert after.target_depth_mm == pytest.approx(before.target_depth_mm + 19.0, abs=1.0)
    assert "wall 37 mm (high BMI)" in tool.panel.details.text()
    assert "37 mm (high BMI)" in tool.layer.readout.GetInput()
    assert "Cheng 2024" in control.source.text()
    # The zones (shown by the step) moved with the skin at once, then were checked on a thread.
    layer = zones.layer
    assert layer.checker.wall_mm == 37.0
    assert main_window.view.actors["zones-wall"].GetPosition()[1] == pytest.approx(-19.0)
    qtbot.waitUntil(lambda: not layer.provisional, timeout=20000)
    assert main_window.view.actors["zones-wall"].GetPosition()[1] == pytest.approx(-19.0)
    hover = layer.verdict_at(after.tip)
    assert hover.tip[1] == pytest.approx(after.tip[1])
    # A custom value in the mm box, taken once it rests.
    control.mm.setValue(30.0)
    qtbot.waitUntil(lambda: main_window.state.wall_mm == 30.0, timeout=3000)
    assert control.preset.currentData() == "custom"
    assert "wall 30 mm" in tool.panel.details.text()


def test_tool_menu_presets_and_a_lessons_own_thickness(main_window, tmp_path):
    lean, average, high = main_window.tool.wall_control.menu_actions
    average.trigger()
    assert main_window.state.wall_mm == main_window.state.chosen_wall_mm == 26.0
    assert average.isChecked() and not lean.isChecked()
    lesson = tmp_path / "walls.toml"
    lesson.write_text(
        'id = "walls"\ntitle = "Walls"\nsummary = "s"\naudience = "a"\n'
        'sources = ["Cheng CW et al., AAGL 2024, abstract 12045"]\n'
        '[[steps]]\ntitle = "High BMI"\ntext = "t"\nwall_mm = "high-bmi"\n'
        '[steps.tool]\nside = "right"\nat = { landmark = "asis_right", medial_mm = 25, superior_mm = 15 }\n'
        '[[steps]]\ntitle = "Yours"\ntext = "t"\n',
        encoding="utf-8",
    )
    assert main_window.lessons.open_file(lesson)
    assert main_window.state.wall_mm == 37.0 and high.isChecked()
    assert main_window.tool.session.placement.wall_mm == 37.0
    assert "Set by this lesson step" in main_window.tool.wall_control.source.text()
    main_window.lessons.next_step()  # names no thickness: the chosen one again
    assert main_window.state.wall_mm == 26.0
    assert "Set by this lesson step" not in main_window.tool.wall_control.source.text()


@pytest.fixture
def anterior(main_window):
    main_window.show_view("anterior")
    main_window.view.render()
    return main_window


def test_measuring_asis_to_asis_gives_the_landmarks_distance(anterior, qtbot, mesh_dir):
    window = anterior
    _activate(window, qtbot)
    view = window.view.interactor
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert window.measure.tool.active and window.measure.action.isChecked()
    marks = window.placement_checker().landmarks
    for landmark in ("asis_right", "asis_left"):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_screen_pos(window, marks[landmark]))
    measurement = window.measure.tool.measurement
    assert measurement is not None
    assert (measurement.a.landmark, measurement.b.landmark) == ("asis_right", "asis_left")
    printed = cli_json("--mesh-dir", str(mesh_dir), "landmarks", "--json")
    expected = np.linalg.norm(np.subtract(printed["asis_left"], printed["asis_right"]))
    assert measurement.distance_mm == pytest.approx(expected, abs=0.2)  # the JSON rounds to 0.1
    assert window.measure.layer.shown
    assert window.measure.layer.label.GetVisibility()
    assert f"{expected:.0f} mm" in window.measure.layer._label_data["labels"][0]
    assert "right ASIS to left ASIS" in window.statusBar().currentMessage()
    assert window.state.selected is None  # the clicks picked points, they selected nothing


def _measure_pixels(image: np.ndarray) -> int:
    yellow = np.array([int(MEASURE_COLOUR[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image[..., :3].astype(int) - yellow).max(axis=-1) < 25).sum())


def test_a_measurement_on_a_structure_is_kept_in_exports_and_escape_clears_it(
    anterior, qtbot, tmp_path
):
    window = anterior
    _activate(window, qtbot)
    view = window.view.interactor
    window.measure.action.trigger()
    femur = window.scene.actors["femur_right"].GetCenter()
    psoas = window.scene.actors["psoas_major_left"].GetCenter()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_screen_pos(window, femur))
    assert window.measure.tool.first is not None and window.measure.layer.ends[0].GetVisibility()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_screen_pos(window, psoas))
    measurement = window.measure.tool.measurement
    assert measurement.a.what == "Right femur" and measurement.b.what == "Left psoas major"
    assert 100 < measurement.distance_mm < 400
    path = tmp_path / "measured.png"
    assert window.exports.save_image(path, (800, 600))
    from PIL import Image

    measured = _measure_pixels(np.asarray(Image.open(path)))
    assert measured > 60  # the line, its ends and the label's text
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.measure.tool.measurement is None and not window.measure.tool.active
    assert not window.measure.layer.shown and not window.measure.clear_action.isEnabled()
    assert window.exports.save_image(path, (800, 600))
    assert _measure_pixels(np.asarray(Image.open(path))) < measured / 5


def test_measuring_and_practice_mode_take_turns(anterior):
    window = anterior
    session = window.tool.session
    session.set_practice(True)
    window.measure.action.trigger()
    assert window.measure.tool.active and not session.practice
    session.set_practice(True)
    assert session.practice and not window.measure.tool.active
    assert window.measure.action in window.view_menu.actions()
