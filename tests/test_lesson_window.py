"""Lessons in the window: every shipped lesson plays through, each step's scene is exact, going back
restores it, keys step, broken files explain themselves, an edited file reloads. Needs Xvfb."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtCore import Qt

from anatomy_viewer.core.lessons import discover_lessons
from anatomy_viewer.core.scene.views import VIEWS, CameraPose
from anatomy_viewer.core.vocabulary import LANDMARK_IDS

pytestmark = pytest.mark.gui

SHIPPED = [lesson.id for lesson in discover_lessons()]


def _visible(window) -> set[str]:
    return {i for i, actor in window.scene.actors.items() if actor.GetVisibility()}


def _direction(pose: CameraPose) -> np.ndarray:
    d = np.subtract(pose.position, pose.focal_point)
    return d / np.linalg.norm(d)


def _expected_direction(camera) -> np.ndarray:
    if isinstance(camera, str):
        d = np.asarray(VIEWS[camera]["direction"], float)
        return d / np.linalg.norm(d)
    return _direction(camera)


def test_five_lessons_are_offered(main_window):
    assert len(SHIPPED) == 5
    assert main_window.lessons.dock_widget.picker.count() == 5


@pytest.mark.parametrize("lesson_id", SHIPPED)
def test_every_step_of_every_lesson_sets_its_scene(main_window, lesson_id):
    controller = main_window.lessons
    main_window.open_lesson_by_id(lesson_id)
    player = controller.player
    available = set(main_window.scene.actors)
    for index in range(player.count):
        player.go_to(index)
        controller.glide.finish()
        state = player.scene_state()
        assert _visible(main_window) == set(state.visible) & available, f"step {index + 1}"
        for structure_id, opacity in state.opacity.items():
            if structure_id not in available:
                continue  # an "extra" structure this window was not given
            actual = main_window.scene.actors[structure_id].GetProperty().GetOpacity()
            assert actual == pytest.approx(opacity), f"step {index + 1}: {structure_id}"
        pose = main_window.scene.camera_pose()
        assert _direction(pose) @ _expected_direction(state.camera) > 0.995, f"step {index + 1}"
        assert controller.dock_widget.progress.text() == f"{index + 1} / {player.count}"
        assert controller.dock_widget.title.text() == player.step.title
        # Exactly what the step names, landmarks included, whatever zone layers are on.
        named = [i for i in state.labels if i in available or i in LANDMARK_IDS]
        assert main_window.lessons.labels.shown == tuple(named), f"step {index + 1}"


def test_going_back_restores_a_step_exactly(main_window):
    controller = main_window.lessons
    main_window.open_lesson_by_id(SHIPPED[0])
    controller.glide.finish()
    first = (_visible(main_window), main_window.scene.camera_pose())
    for _ in range(3):
        controller.next_step()
    controller.glide.finish()
    main_window.state.set_visible(["sacrum"], False)  # the student fiddles in between
    for _ in range(3):
        controller.previous_step()
    controller.glide.finish()
    assert _visible(main_window) == first[0]
    assert np.allclose(main_window.scene.camera_pose().position, first[1].position, atol=1e-6)


def test_keys_and_buttons_step(main_window, qtbot):
    controller = main_window.lessons
    main_window.open_lesson_by_id(SHIPPED[1])
    dock = controller.dock_widget
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_PageDown)
    assert controller.player.index == 1
    main_window.view.interactor.setFocus()
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_Right)
    assert controller.player.index == 2
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_Left)
    qtbot.keyClick(main_window.view.interactor, Qt.Key.Key_PageUp)
    assert controller.player.index == 0
    assert not dock.previous_button.isEnabled()
    qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    assert controller.player.index == 1


def test_camera_glides_rather_than_jumps(main_window, qtbot):
    controller = main_window.lessons
    main_window.open_lesson_by_id(SHIPPED[0])
    controller.glide.finish()
    main_window.show_view("posterior")
    controller.player.go_to(0) if controller.player.index else controller.next_step()
    assert controller.glide.animation.state() == controller.glide.animation.State.Running
    qtbot.waitUntil(
        lambda: controller.glide.animation.state() != controller.glide.animation.State.Running,
        timeout=3000,
    )


def test_a_step_s_first_frame_is_a_moving_one_and_its_last_is_at_rest(main_window, qtbot):
    """The step key's first frame comes quick (reduced, decimated), whatever draws it first: the
    step's changes or its glide; the frame the glide ends on is drawn whole."""
    controller, lod = main_window.lessons, main_window.scene.lod
    main_window.open_lesson_by_id("where_the_tip_goes")
    controller.glide.finish()
    qtbot.wait(50)
    moving = []
    window = main_window.view.render_window
    tag = window.AddObserver("EndEvent", lambda *_: moving.append(lod.interacting))
    qtbot.keyClick(main_window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(
        lambda: controller.glide.animation.state() != controller.glide.animation.State.Running,
        timeout=5000,
    )
    qtbot.waitUntil(lambda: not moving[-1], timeout=3000)
    window.RemoveObserver(tag)
    assert moving[0] is True and moving[-1] is False


def test_choice_quiz_checks_and_explains(main_window, qtbot):
    controller = main_window.lessons
    for lesson in controller.lessons:
        for index, step in enumerate(lesson.steps):
            if step.quiz is not None and hasattr(step.quiz, "choices"):
                main_window.open_lesson_by_id(lesson.id)
                controller.player.go_to(index)
                dock = controller.dock_widget
                wrong = (step.quiz.answer + 1) % len(step.quiz.choices)
                dock.quiz_group.button(wrong).setChecked(True)
                qtbot.mouseClick(dock.quiz_check, Qt.MouseButton.LeftButton)
                assert "Not quite" in dock.quiz_result.text()
                dock.quiz_group.button(step.quiz.answer).setChecked(True)
                qtbot.mouseClick(dock.quiz_check, Qt.MouseButton.LeftButton)
                assert "Right" in dock.quiz_result.text()
                return
    pytest.fail("no shipped lesson has a multiple-choice quiz")


def test_broken_lesson_file_explains_and_keeps_the_app(main_window, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "Broken"\n[[steps]]\ntitle = 3\n')
    assert not main_window.lessons.open_file(broken)
    box = main_window.lessons.problem_box
    assert "broken.toml" in box.text() and "title" in box.detailedText()
    box.close()


def test_open_file_and_reload_on_change_keeps_the_step(main_window, qtbot, tmp_path):
    source = main_window.lessons.lessons[0].path
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    controller = main_window.lessons
    assert controller.open_file(copy)
    controller.player.go_to(2)
    text = copy.read_text(encoding="utf-8")
    title = controller.player.lesson.steps[2].title
    copy.write_text(
        text.replace(f'title = "{title}"', 'title = "Edited by the instructor"', 1),
        encoding="utf-8",
    )
    qtbot.waitUntil(
        lambda: controller.player.step.title == "Edited by the instructor", timeout=5000
    )
    assert controller.player.index == 2
    assert controller.dock_widget.title.text() == "Edited by the instructor"
