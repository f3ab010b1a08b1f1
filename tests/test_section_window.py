"""The section view in the real window: the Section toolbar's plane buttons and slider, dragging the cut's
frame in the view, the X key and "Face the cut", the press-line cut following the hip hook, lesson
steps with a section and the window's export of a cut. Needs Xvfb."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from anatomy_viewer.core.scene.section import Section
from anatomy_viewer.render.overlays.tool_pick import display_of

pytestmark = pytest.mark.gui


@pytest.fixture
def section(main_window):
    return main_window.section


def _faces_shown(window) -> list[str]:
    view = window.scene.section
    return sorted(i for i, actor in view._face_actors.items() if actor.GetVisibility())


def _widget_pos(window, point) -> QPoint:
    """Where a 3D point is in the 3D view's widget coordinates."""
    dx, dy = display_of(window.view.renderer, point)
    widget = window.view.interactor
    ratio = widget.devicePixelRatioF()
    return QPoint(round(dx / ratio), round(widget.height() - dy / ratio))


def test_plane_buttons_and_the_slider_move_the_cut(section, main_window):
    section.panel.plane_buttons["axial"].click()
    view = main_window.scene.section
    start = section.session.section.position_mm
    assert view.plane.origin[2] == start and view.caption.GetVisibility()
    assert {"psoas_major_right", "iliacus_left"} <= set(_faces_shown(main_window))
    slider = section.panel.slider
    slider.setSliderDown(True)  # what a mouse press on the handle does
    slider.setSliderPosition(round(start) + 40)
    assert section.session.moving and view.plane.origin[2] == round(start) + 40
    assert _faces_shown(main_window) == []  # while it moves: GPU clipping only
    assert main_window.scene.lod.interacting  # and the decimated copies, as when turning the view
    assert section.panel.position.value() == round(start) + 40
    slider.setSliderDown(False)  # the release
    assert not section.session.moving and not main_window.scene.lod.interacting
    assert _faces_shown(main_window)  # the cut faces, at rest
    assert f"Z = {round(start) + 40} mm" in view.caption.GetInput()
    low, high = section.session.ranges_mm["axial"]
    assert (slider.minimum(), slider.maximum()) == (
        np.floor(low),
        np.ceil(high),
    )  # the meshes' span
    section.panel.position.setValue(round(start))  # typed in the mm box: cut at once
    assert view.plane.origin[2] == round(start) and _faces_shown(main_window)
    section.panel.plane_buttons["off"].click()
    assert view.plane is None and _faces_shown(main_window) == []
    assert not view.caption.GetVisibility() and not slider.isEnabled()


def test_dragging_the_frame_moves_the_cut_without_turning_the_camera(section, main_window, qtbot):
    section.choose("axial")
    main_window.show_view("anterior")  # the cut seen edge-on: its frame is a line across the view
    main_window.view.render()
    view = main_window.scene.section
    assert view.handle.GetVisibility()
    start = section.session.section.position_mm
    corners = view.frame_corners()
    front = (corners[0] + corners[1]) / 2  # the middle of the frame's edge nearest the camera
    camera = main_window.scene.camera_pose()
    widget = main_window.view.interactor
    press = _widget_pos(main_window, front)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=press)
    assert section.drag.dragging_now
    above = _widget_pos(main_window, front + [0, 0, 30.0])
    qtbot.mouseMove(widget, pos=QPoint(press.x(), (press.y() + above.y()) // 2))
    qtbot.mouseMove(widget, pos=above)
    assert section.session.moving and _faces_shown(main_window) == []
    # Within the rounding of the mouse to whole pixels, a pixel or two at this view's scale.
    low_px, high_px = (display_of(main_window.view.renderer, front + [0, 0, z]) for z in (0, 30.0))
    mm_per_px = 30.0 / abs(high_px[1] - low_px[1])
    assert section.session.section.position_mm == pytest.approx(start + 30.0, abs=2.5 * mm_per_px)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=above)
    assert not section.drag.dragging_now and not section.session.moving
    assert _faces_shown(main_window)
    pose = main_window.scene.camera_pose()
    assert np.allclose(pose.position, camera.position) and np.allclose(pose.up, camera.up)
    # A press away from the frame is left to the camera.
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert not section.drag.dragging_now
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_x_turns_the_cut_on_and_off_and_face_the_cut_looks_at_it(section, main_window, qtbot):
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_X)
    assert section.session.plane == "axial" and section.plane_actions[1].isChecked()
    section.face_action.trigger()
    main_window.lessons.glide.finish()
    pose = main_window.scene.camera_pose()
    looking = np.subtract(pose.focal_point, pose.position)
    assert looking[2] < 0 and np.allclose(looking[:2], 0, atol=1e-6)  # straight down on the cut
    assert pose.focal_point[2] == pytest.approx(section.session.section.position_mm)
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_X)
    assert section.session.section is None and section.plane_actions[0].isChecked()


def test_the_press_line_cut_follows_the_hook(section, main_window, qtbot):
    tool = main_window.tool
    section.panel.plane_buttons["press-line"].click()
    assert tool.session.visible  # the cut needs a placement: the hook is shown at its example spot
    view = main_window.scene.section
    assert np.allclose(view.plane.origin, tool.session.placement.tip)
    assert "iliacus_right" in _faces_shown(main_window)  # pivot 0 from there meets the iliacus
    assert "through the press line (right side, pivot +0°)" in view.caption.GetInput()
    assert not view.handle.GetVisibility() and not section.panel.slider.isEnabled()
    tool.session.move_by(5.0, 0.0)
    assert np.allclose(view.plane.origin, tool.session.placement.tip)  # at once, on the GPU
    assert _faces_shown(main_window) == []
    qtbot.waitUntil(lambda: bool(_faces_shown(main_window)), timeout=3000)  # once it rests


CUT_LESSON = """
id = "cut_lesson_test"
title = "Cuts"
summary = "Steps with and without a section."
audience = "Tests"
sources = ["BodyParts3D"]

[[steps]]
title = "At the ASIS"
text = "An axial cut at the level of the measured right ASIS."
section = { plane = "axial", landmark = "asis_right" }

[[steps]]
title = "Whole again"
text = "No cut."
"""


def test_lesson_steps_set_and_clear_the_section(section, main_window, tmp_path):
    path = tmp_path / "cuts.toml"
    path.write_text(CUT_LESSON, encoding="utf-8")
    assert main_window.lessons.open_file(path)
    asis = main_window.placement_checker().landmarks["asis_right"]
    assert section.session.section == Section("axial", float(asis[2]))
    assert section.plane_actions[1].isChecked() and _faces_shown(main_window)
    main_window.lessons.next_step()
    assert section.session.section is None and main_window.scene.section.plane is None


def test_the_window_export_fills_the_cut_and_hides_the_frame(section, main_window, tmp_path):
    from anatomy_viewer.render.pictures.export import ExportOptions, export_image

    section.choose("coronal")
    slider = section.panel.slider
    slider.setSliderDown(True)
    slider.setSliderPosition(slider.value() - 20)  # still held: no cut faces on screen
    view = main_window.scene.section
    seen = []
    window = main_window.view.render_window
    tag = window.AddObserver(
        "StartEvent",
        lambda *_: seen.append((view.handle.GetVisibility(), _faces_shown(main_window))),
    )
    image = export_image(main_window.scene, tmp_path / "cut.png", ExportOptions((640, 480)))
    window.RemoveObserver(tag)
    handle_shown, faces = seen[0]
    assert not handle_shown and faces  # the export: cut faces filled, no drag frame
    assert view.handle.GetVisibility() and _faces_shown(main_window) == []  # the screen: as it was
    slider.setSliderDown(False)
    assert image.shape == (480, 640, 3) and (tmp_path / "cut.png").stat().st_size > 0


def test_the_lesson_editor_captures_the_cut_from_the_view(section, main_window):
    from anatomy_viewer.core.lessons.model import SectionSpec
    from anatomy_viewer.qt.lessons.new_lesson_dialog import NewLesson

    editor = main_window.lesson_editor
    editor.ask_unsaved = lambda _parent, _name: "discard"  # a test never waits on a dialog
    editor.ask_new = lambda _parent: NewLesson("Cuts", "Sections from the view.", "My class")
    asis = main_window.placement_checker().landmarks["asis_right"]
    section.choose("axial")
    section.session.move_to(float(asis[2]) + 12.0, moving=False)
    index = editor.add_step()
    step = editor.draft.steps[index].step
    # Written from the measured landmark nearest on the cut's axis, never as typed numbers.
    assert step.section.plane == "axial" and step.section.landmark is not None
    assert step.scene_state(
        main_window.catalogue, main_window.placement_checker().landmarks
    ).section
    assert step.section.section(main_window.placement_checker().landmarks).position_mm == (
        pytest.approx(float(asis[2]) + 12.0, abs=0.1)
    )
    section.choose("press-line")
    index = editor.add_step()
    assert editor.draft.steps[index].step.section == SectionSpec("press-line")
    assert editor.draft.steps[index].step.tool is not None  # the cut's line comes with the step
