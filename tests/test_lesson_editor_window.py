"""The lesson editor in the window, driven as an instructor drives it: views, visibility, the hip hook,
zones, words and a quiz; saved, checked, opened again step by step; undo, redo, reorder; shipped
lessons read-only; unsaved changes asked about. My lessons is a temporary folder. Needs Xvfb."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from anatomy_viewer.cli import main
from anatomy_viewer.core.anatomy.wall_thickness import PRESETS
from anatomy_viewer.core.lessons import ChoiceQuiz, load_lesson
from anatomy_viewer.core.lessons.library import user_lessons_dir
from anatomy_viewer.core.scene.views import CameraPose
from anatomy_viewer.qt.lessons.new_lesson_dialog import NewLesson, NewLessonDialog
from anatomy_viewer.qt.lessons.window_scene import window_scene

pytestmark = pytest.mark.gui

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(main_window):
    editor = main_window.lesson_editor
    editor.ask_unsaved = lambda _parent, _name: "discard"  # a test never waits on a dialog
    editor.ask_new = lambda _parent: NewLesson("Hip flexors, my way", "Three views.", "My class")
    return editor


def _visible(window) -> set[str]:
    return {i for i, actor in window.scene.actors.items() if actor.GetVisibility()}


def _key(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.interactor, key, modifiers)


def _capture_with_keys(editor, qtbot) -> dict:
    """Ctrl+Shift+A in the 3D view, after noting what the window shows."""
    window = editor.window
    shown = window_scene(window)
    before = len(editor.draft.steps) if editor.draft else 0
    window.view.interactor.setFocus()
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_A, CTRL_SHIFT)
    assert len(editor.draft.steps) == before + 1
    return {"scene": shown, "pose": window.scene.camera_pose()}


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def test_an_instructor_builds_saves_and_reopens_a_three_step_lesson(editor, qtbot, capsys):
    window = editor.window
    form = editor.panel.step_form
    captured = []

    # Step 1: the oblique view (key 6), without the sacrum, the right psoas selected.
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_6)
    window.panel.items["sacrum"].setCheckState(0, Qt.CheckState.Unchecked)
    window.panel.tree.setCurrentItem(window.panel.items["psoas_major_right"])  # selects it
    editor.new_action.trigger()
    captured.append(_capture_with_keys(editor, qtbot))
    _type(qtbot, form.title, "The psoas from the front")
    _type(qtbot, form.text, "The **psoas major** runs from the lumbar spine to the femur.")
    assert 'font-weight:700;">psoas major</span>' in form.preview.toHtml()  # bold

    # Step 2: the hip hook (T), moved by keys in practice mode, pivoted, with zones and a hold.
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_1)
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_T)
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_P)
    window.view.interactor.setFocus()
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_BracketRight):
        qtbot.keyClick(window.view.interactor, key)
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_P)  # practice off: arrows step lessons again
    window.zones.panel.boxes["safe"].setChecked(True)
    window.zones.panel.boxes["danger"].setChecked(True)
    high_bmi, lean = (
        window.tool.wall_control.menu_actions[2],
        window.tool.wall_control.menu_actions[0],
    )
    high_bmi.trigger()  # Tool > Body wall > High BMI
    captured.append(_capture_with_keys(editor, qtbot))
    _type(qtbot, form.title, "Tip just inside the ASIS")
    _type(qtbot, form.text, "Place the tip *just inside* the bony point.")
    form.hold_on.setChecked(True)
    form.hold.setValue(45)

    # Step 3: a view turned by hand, no tool, the lean wall again, a multiple-choice quiz.
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_T)
    lean.trigger()
    camera = window.scene.plotter.camera
    camera.Azimuth(35)
    camera.Elevation(10)
    window.scene.plotter.render()
    captured.append(_capture_with_keys(editor, qtbot))
    _type(qtbot, form.title, "Where does it insert?")
    quiz = form.quiz
    quiz.kind.setCurrentIndex(quiz.kind.findData("choice"))
    _type(qtbot, quiz.question, "Where do psoas and iliacus insert?")
    _type(qtbot, quiz.choices, "The lesser trochanter\nThe ASIS\nThe pubic tubercle")
    quiz.answer.setCurrentIndex(0)
    quiz.answer.activated.emit(0)
    _type(qtbot, quiz.explanation, "Both insert on the lesser trochanter.")

    draft = editor.draft
    assert draft.problems() == ()
    steps = [d.step for d in draft.steps]
    assert [s.title for s in steps] == [
        "The psoas from the front",
        "Tip just inside the ASIS",
        "Where does it insert?",
    ]
    assert steps[0].camera == "oblique" and steps[1].camera == "anterior"
    assert isinstance(steps[2].camera, CameraPose)
    assert steps[0].hide == ("sacrum",) and "psoas_major_right" in steps[0].highlight
    assert steps[1].tool is not None and steps[1].tool.at.landmark == "asis_right"
    assert steps[1].tool.pivot_deg == 5.0 and steps[1].hold_s == 45.0
    assert steps[1].zones == ("danger", "safe") and steps[2].tool is None
    # The body wall: the viewer's own setting when left alone, else the thickness drawn.
    assert [s.wall_mm for s in steps] == [None, PRESETS[2].wall_mm, PRESETS[0].wall_mm]
    assert steps[2].quiz == ChoiceQuiz(
        "Where do psoas and iliacus insert?",
        ("The lesser trochanter", "The ASIS", "The pubic tubercle"),
        0,
        "Both insert on the lesser trochanter.",
    )

    # Save (Ctrl+S): a tidy file in My lessons that passes lessons check.
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    path = user_lessons_dir() / "hip_flexors_my_way.toml"
    assert path.is_file() and not draft.dirty
    text = path.read_text(encoding="utf-8")
    assert "measured landmark nearest the tip" in text and "Captured from the view" in text
    assert f"wall_mm = {PRESETS[2].wall_mm:g}" in text
    assert main(["lessons", "check", str(path)]) == 0
    assert ": ok (3 steps)" in capsys.readouterr().out

    # Opened again: every step's scene is the one captured.
    landmarks = window.placement_checker().landmarks
    reloaded = load_lesson(path, window.catalogue)
    available = set(window.state.available)
    for number, (saved, step, shown) in enumerate(
        zip(reloaded.steps, steps, captured, strict=True), start=1
    ):
        state = saved.scene_state(window.catalogue, landmarks)
        assert state == step.scene_state(window.catalogue, landmarks), f"step {number}"
        scene = shown["scene"]
        assert state.visible & available == scene.visible, f"step {number}"
        assert state.highlight & available == scene.highlight & scene.visible
        assert state.zones == scene.zones
        assert state.wall_mm == scene.wall_mm
        if scene.tool is None:
            assert state.tool is None
        else:
            assert state.tool.side == scene.tool.side
            assert math.dist(state.tool.at, scene.tool.at) < 0.1
            assert state.tool.pivot_deg == scene.tool.pivot_deg
        if isinstance(state.camera, CameraPose):
            assert math.dist(state.camera.position, shown["pose"].position) < 0.1

    # It is in the picker, under My lessons, and plays with the scenes captured.
    dock = window.lessons.dock_widget
    assert dock.picker.findText("My lessons") >= 0
    assert window.lessons.origins["hip_flexors_my_way"] == "mine"
    editor.close_editor()
    window.open_lesson_by_id("hip_flexors_my_way")
    player = window.lessons.player
    for index in range(3):
        player.go_to(index)
        window.lessons.glide.finish()
        assert _visible(window) == set(captured[index]["scene"].visible) & set(window.scene.actors)
    assert window.tool.session.visible is False  # step 3 has no tool
    player.go_to(1)
    assert window.tool.session.visible and window.tool.countdown.duration_s == 45.0
    assert window.state.wall_mm == PRESETS[2].wall_mm


def test_undo_redo_and_reorder_by_keys_and_drag(editor, qtbot):
    window = editor.window
    editor.new_lesson()
    for key, title in ((Qt.Key.Key_1, "Front"), (Qt.Key.Key_3, "Left"), (Qt.Key.Key_5, "Top")):
        qtbot.keyClick(window.view.interactor, key)
        editor.add_step()
        _type(qtbot, editor.panel.step_form.title, title)
    draft = editor.draft
    titles = lambda: [d.step.title for d in draft.steps]  # noqa: E731
    rows = lambda: [editor.panel.steps.item(r).text() for r in range(3)]  # noqa: E731
    assert titles() == ["Front", "Left", "Top"]

    steps = editor.panel.steps
    steps.setFocus()
    steps.setCurrentRow(0)
    qtbot.keyClick(steps, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert titles() == ["Left", "Front", "Top"] and draft.current == 1
    assert rows() == ["1. Left", "2. Front", "3. Top"]
    # Dragging "Top" onto the upper half of the first row drops it before that row.
    steps.setCurrentRow(2)
    first = steps.visualItemRect(steps.item(0))
    mime = steps.model().mimeData([steps.model().index(2, 0)])
    drop = QDropEvent(
        QPointF(first.center().x(), first.top() + 2), Qt.DropAction.MoveAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    steps.dropEvent(drop)  # what Qt calls at the end of a drag (a real drag runs its own loop)
    assert titles() == ["Top", "Left", "Front"]
    assert rows() == ["1. Top", "2. Left", "3. Front"] and draft.current == 0

    editor.undo_action.trigger()
    assert titles() == ["Left", "Front", "Top"]
    editor.undo_action.trigger()
    assert titles() == ["Front", "Left", "Top"]
    assert "Edit the title of step 3" in editor.undo_action.text()
    editor.undo_action.trigger()  # the whole title typed, in one go
    assert titles() == ["Front", "Left", "New step"]
    assert editor.panel.step_form.title.text() == "New step"
    for _ in range(3):
        editor.redo_action.trigger()
    assert titles() == ["Top", "Left", "Front"] and not editor.redo_action.isEnabled()

    steps.setFocus()
    steps.setCurrentRow(1)
    qtbot.keyClick(steps, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert titles() == ["Top", "Left", "Left", "Front"]
    qtbot.keyClick(steps, Qt.Key.Key_Delete)
    assert titles() == ["Top", "Left", "Front"]
    assert draft.current == 2  # the step after the deleted one
    # Choosing a step shows its scene: "Left" puts the camera on the body's left (+X).
    steps.setCurrentRow(1)
    window.lessons.glide.finish()
    pose = window.scene.camera_pose()
    direction = [p - f for p, f in zip(pose.position, pose.focal_point, strict=True)]
    assert direction[0] > 0 and abs(direction[0]) > 5 * abs(direction[1])
    assert window.lessons.dock_widget.title.text() == "Left"  # the Lesson dock plays the draft


def test_editing_a_step_problems_the_view_and_presenting(editor, qtbot):
    window = editor.window
    editor.new_lesson()
    editor.add_step()
    form = editor.panel.step_form

    # Typing never moves the view; Update step from the view takes the view and keeps the words.
    camera = window.scene.plotter.camera
    camera.Azimuth(40)
    window.scene.plotter.render()
    turned = window.scene.camera_pose()
    _type(qtbot, form.title, "Turned")
    _type(qtbot, form.notes, "Say why.")
    assert window.scene.camera_pose() == turned
    assert editor.draft.current_step.camera == "anterior"
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_U, CTRL_SHIFT)
    step = editor.draft.current_step
    assert isinstance(step.camera, CameraPose) and step.title == "Turned"
    assert math.dist(step.camera.position, turned.position) < 0.1

    # Problems: beside the step, under the field, and listed as lessons check words them.
    _type(qtbot, form.title, "x")
    qtbot.keyClick(form.title, Qt.Key.Key_Backspace)  # an empty title
    form.hold_on.setEnabled(True)
    form.hold_on.setChecked(True)  # a hold without the hip hook
    item = editor.panel.steps.item(0)
    assert "title: must not be empty" in item.toolTip()
    assert not item.icon().isNull()
    assert form.notes_for["title"].isVisible()
    assert "must not be empty" in form.notes_for["title"].text()
    assert "needs a tool placement" in form.notes_for["hold_s"].text()
    listed = [editor.panel.problems.item(r).text() for r in range(editor.panel.problems.count())]
    assert listed == [str(p) for p in editor.draft.problems()]
    assert any(
        line.startswith("unsaved lesson:") and ": step 1: title: must not be empty" in line
        for line in listed
    )
    assert not editor.save()  # refused, and said why
    editor.message_box.close()
    editor.undo()
    editor.undo()
    assert editor.draft.problems() == () and not editor.panel.problems.isVisible()

    # F5 presents the lesson being edited; the editor follows the presentation.
    editor.add_step()
    main_window = window
    main_window.presenter.start()
    try:
        assert "2 / 2" in main_window.presenter.caption.text()
        main_window.presenter.handle_key(Qt.Key.Key_Home)  # a clicker's first-slide key
        assert "Turned" in main_window.presenter.caption.text()
        assert editor.draft.current == 0
    finally:
        main_window.presenter.stop()


def test_shipped_lessons_are_copied_and_lesson_files_imported_and_exported(
    editor, main_window, tmp_path
):
    shipped = main_window.lessons.lessons[3]
    original = shipped.path.read_bytes()
    main_window.open_lesson_by_id(shipped.id)
    main_window.lessons.player.go_to(2)
    editor.edit_action.trigger()
    draft = editor.draft
    assert draft.info.id == f"{shipped.id}_copy" and draft.dirty and draft.current == 2
    assert "read-only" in main_window.statusBar().currentMessage()
    assert "read-only" in editor.panel.header.text()
    assert editor.save()
    assert (user_lessons_dir() / f"{shipped.id}_copy.toml").is_file()
    assert shipped.path.read_bytes() == original
    assert main_window.lessons.origins[f"{shipped.id}_copy"] == "mine"
    picker = main_window.lessons.dock_widget.picker
    assert picker.findText("Shipped lessons") < picker.findText("My lessons")

    target = editor.import_lesson(main_window.lessons.lessons[0].path)
    assert target.parent == user_lessons_dir()
    assert main_window.lessons.origins[target.stem] == "mine"
    draft.edit_step(0, title="Changed")
    out = tmp_path / "shared" / "for a colleague.toml"
    out.parent.mkdir()
    editor.ask_save_path = lambda _title, _suggested: out
    assert editor.export_lesson()
    assert main(["lessons", "check", str(out)]) == 0
    assert editor.draft.dirty  # exported, not saved


def test_unsaved_changes_are_asked_about_on_close(editor, main_window, qtbot):
    asked = []
    editor.ask_unsaved = lambda _parent, name: asked.append(name) or "cancel"
    editor.new_lesson()
    editor.add_step()
    assert not main_window.close()
    assert main_window.isVisible() and asked == ["Hip flexors, my way"]
    editor.ask_unsaved = lambda _parent, name: "save"
    assert main_window.close()
    assert (user_lessons_dir() / "hip_flexors_my_way.toml").is_file()


def test_new_lesson_dialog_needs_a_title(qtbot):
    dialog = NewLessonDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.title, "  Finding the safe zone ")
    assert ok.isEnabled()
    assert dialog.values().title == "Finding the safe zone"
