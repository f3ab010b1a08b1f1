"""The hip hook in the real window: pivot slider and sweep, practice drag and keys, the challenge, the
hold timer, lesson steps with a tool and "place the tip" quizzes. Needs Xvfb."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from anatomy_viewer.core.tool.practice import Challenge, Task
from anatomy_viewer.render.overlays.tool_pick import display_of
from anatomy_viewer.render.overlays.zones_layer import DANGER_COLOUR

pytestmark = pytest.mark.gui


@pytest.fixture
def tool(main_window):
    controller = main_window.tool
    controller.session.place_default("right")  # 25 mm medial, 15 mm superior of the right ASIS
    controller.session.set_visible(True)
    return controller


def _screen_pos(window, x_mm: float, z_mm: float) -> QPoint:
    """Where the wall point (X, Z) is in the 3D view's widget coordinates."""
    wall = window.tool.session.checker.wall
    dx, dy = display_of(window.view.renderer, wall.wall_point(x_mm, z_mm))
    widget = window.view.interactor
    ratio = widget.devicePixelRatioF()
    return QPoint(round(dx / ratio), round(widget.height() - dy / ratio))


def test_slider_switches_target_from_psoas_to_iliacus(tool):
    slider = tool.panel.slider
    slider.setValue(-20)
    assert tool.session.placement.target == "psoas_major_right"
    assert "psoas" in tool.panel.headline.text()
    assert tool.layer.target == "psoas_major_right"
    assert "psoas" in tool.layer.readout.GetInput()
    slider.setValue(10)
    assert tool.session.placement.target == "iliacus_right"
    assert "iliacus" in tool.panel.headline.text()
    assert tool.layer.target == "iliacus_right"
    assert "+10 deg" in tool.panel.pivot_label.text()
    assert "nearest vessel" in tool.panel.details.text()
    assert tool.layer.arc.GetVisibility()  # turned by hand: the arc shows which way


def test_over_turning_medially_turns_readout_and_line_red(tool):
    tool.panel.slider.setValue(-35)
    assert tool.panel.headline.text().startswith("DANGER")
    assert DANGER_COLOUR in tool.panel.headline.styleSheet()
    assert "ARTERY" in tool.layer.readout.GetInput()
    red = np.asarray(tool.layer.press_line.GetProperty().GetColor())
    assert red[0] > 0.7 and red[1] < 0.2
    tool.panel.slider.setValue(0)
    assert tool.panel.headline.text().startswith("SAFE")
    assert "ARTERY" not in tool.layer.readout.GetInput()


def test_sweep_plays_and_pauses(tool, qtbot):
    start = tool.session.pivot_deg
    tool.panel.play.click()
    qtbot.waitUntil(lambda: abs(tool.session.pivot_deg - start) >= 3, timeout=5000)
    assert "Pause" in tool.panel.play.text()
    tool.panel.play.click()
    assert not tool._sweep_timer.isActive()
    assert "Sweep" in tool.panel.play.text()


def test_practice_keys_move_and_pivot_the_tip(tool, main_window, qtbot):
    view = main_window.view.interactor
    tool.panel.practice.setChecked(True)
    assert tool.session.practice and view.hasFocus()
    x0, z0 = tool.session.x_mm, tool.session.z_mm
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tool.session.x_mm == pytest.approx(x0 + 5.0)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert tool.session.z_mm == pytest.approx(z0 + 5.0)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert tool.panel.headline.text().startswith("SAFE")
    for _ in range(7):  # 0 -> -35 deg: onto the external iliac artery
        qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    assert tool.session.pivot_deg == pytest.approx(-35.0)
    assert tool.panel.headline.text().startswith("DANGER")
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert tool.panel.headline.text().startswith("SAFE")
    tool.panel.practice.setChecked(False)
    x1 = tool.session.x_mm
    qtbot.keyClick(view, Qt.Key.Key_Right)  # practice off: the arrows are the lesson's again
    assert tool.session.x_mm == x1


def test_drag_on_the_wall_moves_the_tip_without_turning_the_camera(tool, main_window, qtbot):
    tool.panel.practice.setChecked(True)
    main_window.show_view("anterior")
    main_window.view.render()
    camera = main_window.scene.camera_pose()
    checker = tool.session.checker
    asis = checker.landmarks["asis_right"]
    start = (asis[0] + 25.0, asis[2] + 15.0)  # the safe example spot
    crease = checker.landmarks["mid_inguinal_right"]  # on the inguinal ligament: the hip crease
    end = (crease[0], crease[2] - 10.0)
    view = main_window.view.interactor
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *start))
    assert tool.session.x_mm == pytest.approx(start[0], abs=3.0)
    assert tool.panel.headline.text().startswith("SAFE")
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    qtbot.mouseMove(view, pos=_screen_pos(main_window, *middle))
    qtbot.mouseMove(view, pos=_screen_pos(main_window, *end))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *end))
    assert tool.session.x_mm == pytest.approx(end[0], abs=3.0)
    assert tool.session.z_mm == pytest.approx(end[1], abs=3.0)
    assert tool.panel.headline.text().startswith("DANGER")
    assert "hip crease" in tool.panel.advice.text()
    pose = main_window.scene.camera_pose()
    assert np.allclose(pose.position, camera.position) and np.allclose(pose.up, camera.up)
    assert not tool.drag.dragging_now


def test_a_drag_redraws_only_the_hook_until_the_release(tool, main_window, qtbot):
    tool.panel.practice.setChecked(True)
    main_window.show_view("anterior")
    main_window.view.render()
    backdrop = main_window.scene.backdrop
    asis = tool.session.checker.landmarks["asis_right"]
    view = main_window.view.interactor
    spot = (asis[0] + 25.0, asis[2] + 15.0)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *spot))
    for step in range(1, 5):
        reused = backdrop.frames_reused
        qtbot.mouseMove(view, pos=_screen_pos(main_window, spot[0] + 2.0 * step, spot[1]))
        qtbot.waitUntil(lambda r=reused: backdrop.frames_reused > r, timeout=3000)
    assert backdrop.active and not main_window.view.renderer.HasViewProp(tool.layer.hook)
    full_frames = []
    tag = main_window.view.render_window.AddObserver("EndEvent", lambda *_: full_frames.append(1))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *spot))
    assert not backdrop.active and main_window.view.renderer.HasViewProp(tool.layer.hook)
    qtbot.waitUntil(lambda: bool(full_frames), timeout=3000)  # the view drawn whole at once
    main_window.view.render_window.RemoveObserver(tag)


def _practice_drag_start(tool, main_window, qtbot):
    """Practice on, the anterior view drawn, the button pressed on the example spot (iliacus)."""
    tool.panel.practice.setChecked(True)
    main_window.show_view("anterior")
    main_window.view.render()
    asis = tool.session.checker.landmarks["asis_right"]
    spot = (asis[0] + 25.0, asis[2] + 15.0)
    view = main_window.view.interactor
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *spot))
    return view, asis


def _move_event(view, at: QPoint) -> QMouseEvent:
    point = QPointF(at)
    return QMouseEvent(QEvent.Type.MouseMove, point, view.mapToGlobal(point), Qt.MouseButton.NoButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip


def test_moves_waiting_together_place_the_tip_once_at_the_last(tool, main_window, qtbot):
    view, asis = _practice_drag_start(tool, main_window, qtbot)
    placed = []
    tool.session.changed.connect(lambda _aspects: placed.append(tool.session.x_mm))
    for step in range(1, 6):  # five moves handled before the event loop turns (a busy machine)
        at = _screen_pos(main_window, asis[0] + 25.0 + 3.0 * step, asis[2] + 15.0)
        QApplication.sendEvent(view, _move_event(view, at))
    assert placed == []  # the moves were only noted
    qtbot.waitUntil(lambda: bool(placed), timeout=3000)
    qtbot.wait(50)
    assert len(placed) == 1 and placed[0] == pytest.approx(asis[0] + 40.0, abs=3.0)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *asis[[0, 2]]))


def test_frames_keep_coming_while_moves_do(tool, main_window, qtbot):
    """Moves every millisecond for a while: the tip is seen moving during the stream, not only after
    it (each move used to place the tip at once, and the frames waited for the moves to stop)."""
    view, asis = _practice_drag_start(tool, main_window, qtbot)
    frames = []
    window = main_window.view.render_window
    tag = window.AddObserver("EndEvent", lambda *_: frames.append(tool.session.x_mm))
    sent, timer = [0], QTimer(interval=1)

    def move() -> None:
        sent[0] += 1
        offset = 10.0 * math.sin(sent[0] / 10.0)
        at = _screen_pos(main_window, asis[0] + 25.0 + offset, asis[2] + 15.0)
        QApplication.sendEvent(view, _move_event(view, at))
        if sent[0] >= 150:
            timer.stop()

    timer.timeout.connect(move)
    timer.start()
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=60000)
    window.RemoveObserver(tag)
    assert len(frames) >= 5  # drawn while the moves came
    assert len(set(np.round(frames, 1))) >= 3  # and each showed the tip somewhere new
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=_screen_pos(main_window, *asis[[0, 2]]))


def test_a_drag_into_another_muscle_tints_it_once_let_go(tool, main_window, qtbot):
    view, asis = _practice_drag_start(tool, main_window, qtbot)
    backdrop = main_window.scene.backdrop
    assert tool.layer.target == "iliacus_right"
    psoas_spot = _screen_pos(main_window, asis[0] + 55.0, asis[2] + 15.0)  # more medial: the psoas
    qtbot.mouseMove(view, pos=psoas_spot)
    qtbot.waitUntil(lambda: tool.session.placement.target == "psoas_major_right", timeout=3000)
    captured, reused = backdrop.frames_captured, backdrop.frames_reused
    qtbot.waitUntil(lambda: backdrop.frames_reused > reused, timeout=3000)
    assert "psoas" in tool.layer.readout.GetInput()  # the readout follows at once
    assert tool.layer.target == "iliacus_right"  # the tint waits: the anatomy's picture is reused
    assert backdrop.frames_captured == captured
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=psoas_spot)
    assert tool.layer.target == "psoas_major_right"


def test_a_drag_resting_on_another_muscle_tints_it(tool, main_window, qtbot):
    view, asis = _practice_drag_start(tool, main_window, qtbot)
    qtbot.mouseMove(view, pos=_screen_pos(main_window, asis[0] + 55.0, asis[2] + 15.0))
    qtbot.waitUntil(lambda: tool.layer.target == "psoas_major_right", timeout=3000)  # TINT_REST_MS
    assert tool.drag.dragging_now
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_key_moves_and_the_sweep_end_in_a_full_frame(tool, main_window, qtbot):
    backdrop = main_window.scene.backdrop
    tool.panel.practice.setChecked(True)
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_Right)
    assert backdrop.active
    qtbot.waitUntil(lambda: not backdrop.active, timeout=3000)
    tool.panel.play.click()
    qtbot.waitUntil(lambda: backdrop.frames_reused > 2, timeout=5000)
    tool.panel.play.click()
    qtbot.waitUntil(lambda: not backdrop.active, timeout=3000)


def test_press_off_the_wall_is_left_to_the_camera(tool, main_window, qtbot):
    tool.panel.practice.setChecked(True)
    main_window.show_view("anterior")
    main_window.view.render()
    x0 = tool.session.x_mm
    qtbot.mousePress(main_window.view.interactor, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert not tool.drag.dragging_now
    qtbot.mouseRelease(main_window.view.interactor, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert tool.session.x_mm == x0


def test_challenge_scores_a_good_and_a_bad_placement(tool):
    aim_psoas = Task("Aim at the right psoas", "right", "psoas_major")
    tool.start_challenge(Challenge((aim_psoas, aim_psoas)))
    assert "Task 1 / 2" in tool.panel.task.text()
    tool.session.set_pivot(-20.0)
    good = tool.submit()
    assert good.correct and good.feedback.startswith("Right")
    tool.session.set_pivot(-35.0)  # the psoas, but over the artery: not safe
    bad = tool.submit()
    assert not bad.correct and "DANGER" in bad.feedback
    assert tool.challenge.score == 1
    assert "Score 1 / 2" in tool.panel.task.text()
    assert "DANGER" in tool.panel.feedback.text()


def test_hold_countdown_starts_with_h(tool, main_window, qtbot):
    # H is a window shortcut: it fires only in the active window (Xvfb has no window manager).
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=3000)
    tool.panel.hold.duration.setValue(30)
    assert tool.countdown.duration_s == 30
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_H)
    assert tool.countdown.running
    assert tool.hold_overlay.visible
    tool.countdown.tick(12.0)
    assert tool.hold_overlay.text.GetInput() == "Hold 0:18"
    assert tool.panel.hold.start_button.text() == "Pause hold"
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_H)
    assert not tool.countdown.running


def test_a_running_hold_redraws_only_its_countdown(main_window, qtbot):
    tool, backdrop = main_window.tool, main_window.scene.backdrop
    assert tool.layer is None  # no hook shown: the hold alone
    tool.countdown.reset(30.0)
    tool.countdown.start()
    reused = backdrop.frames_reused
    qtbot.waitUntil(lambda: backdrop.frames_reused > reused + 2, timeout=5000)
    assert backdrop.live == list(tool.hold_overlay.actors)
    tool.session.set_visible(True)  # the hook appears mid-hold: it joins the live actors
    qtbot.waitUntil(lambda: tool.layer.hook in backdrop.live, timeout=3000)
    tool.countdown.pause()
    qtbot.waitUntil(lambda: not backdrop.active, timeout=3000)


def test_lesson_steps_show_the_tool_hold_and_pivot(main_window, qtbot):
    main_window.open_lesson_by_id("the_pivot")
    lessons, tool = main_window.lessons, main_window.tool
    assert tool.layer is None or not tool.layer.hook.GetVisibility()
    lessons.next_step()  # "Tip just inside the ASIS": pivot 0
    assert tool.layer.hook.GetVisibility()
    assert main_window.view.actors["tool-hook"] is tool.layer.hook
    assert tool.session.placement.target == "iliacus_right"
    assert not tool.hold_overlay.visible
    lessons.next_step()  # pressure to the psoas: pivot -20, hold 60 s ready
    assert tool.session.pivot_deg == -20.0
    assert tool.layer.target == "psoas_major_right"
    tip = np.asarray(tool.layer.hook.user_matrix)[:3, 3]
    assert np.allclose(tip, tool.session.placement.tip)
    assert tool.hold_overlay.visible and not tool.countdown.running
    assert tool.countdown.duration_s == 60
    lessons.next_step()  # the pivot: animates -20 -> 25 onto the iliacus
    qtbot.waitUntil(lambda: tool.session.pivot_deg == 25.0, timeout=8000)
    assert tool.layer.target == "iliacus_right"
    lessons.player.go_to(0)
    assert not tool.layer.hook.GetVisibility()


PLACE_LESSON = """
id = "place_quiz_test"
title = "Place quiz"
summary = "A place-the-tip quiz."
audience = "Tests"
sources = ["BodyParts3D"]

[[steps]]
title = "Your turn"
text = "Aim at the psoas."
camera = "anterior"

[steps.quiz]
kind = "place"
question = "Place the tip on the right side so that it presses on the psoas."
side = "right"
expect = "psoas_major_right"
explanation = "Just inside the ASIS, tip turned toward the midline."
"""


def test_place_quiz_is_judged_from_the_current_tool(main_window, tmp_path):
    path = tmp_path / "place.toml"
    path.write_text(PLACE_LESSON, encoding="utf-8")
    assert main_window.lessons.open_file(path)
    tool, dock = main_window.tool, main_window.lessons.dock_widget
    assert dock.check_placement() is None  # nothing placed yet
    tool.panel.practice.setChecked(True)  # the student takes the tool
    tool.session.set_pivot(10.0)  # the iliacus: wrong
    dock.quiz_check.click()
    assert main_window.lessons.player.answers[0].correct is False
    tool.session.set_pivot(-20.0)  # the psoas: right
    dock.quiz_check.click()
    assert main_window.lessons.player.answers[0].correct
    tool.session.place_default("left")  # the other side: told so, not judged
    result = dock.check_placement()
    assert not result.correct and "right side" in dock.quiz_result.text()


def test_tool_menu_follows_the_panel(main_window):
    tool = main_window.tool
    tool.practice_action.trigger()
    assert (
        tool.session.practice
        and tool.panel.practice.isChecked()
        and tool.panel.show_tool.isChecked()
    )
    tool.panel.practice.setChecked(False)
    assert not tool.practice_action.isChecked()
    tool.show_action.trigger()
    assert not tool.session.visible and not tool.layer.hook.GetVisibility()
