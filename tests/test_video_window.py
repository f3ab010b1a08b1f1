"""File > Export video in the window: the menu entry beside the other exports, the dialog's values,
a turntable of the view as it is (camera put back), a lesson step, and Cancel in the progress
dialog (no file left behind)."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import QTimer

from anatomy_viewer.core.scene import video_timeline
from anatomy_viewer.qt.export.video_dialog import (
    CUSTOM,
    LESSON,
    STEP,
    TURNTABLE,
    ExportVideoDialog,
    VideoChoice,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def short_turn(monkeypatch):
    monkeypatch.setattr(video_timeline, "TURNTABLE_S", 0.4)  # 10 frames


def test_menu_entry_sits_with_the_exports(main_window):
    actions = main_window.file_menu.actions()
    video = main_window.video_export.action
    assert video.text() == "Export &video…"
    handout = actions.index(main_window.exports.handout_action)
    assert handout < actions.index(video) < actions.index(main_window.quit_action)
    between = actions[handout + 1 : actions.index(video)]
    assert all(a.text().startswith("Export") for a in between)  # with the exports, not after Quit


def test_dialog_values_and_checks(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox

    lessons = [("the_pivot", "The pivot", 5), ("other", "Other", 2)]
    dialog = ExportVideoDialog(lessons, "the_pivot", 4, tmp_path / "the_pivot.mp4")
    qtbot.addWidget(dialog)
    assert dialog.choice() == VideoChoice(
        LESSON, "the_pivot", None, (1280, 720), tmp_path / "the_pivot.mp4"
    )
    dialog.what_box.setCurrentIndex(dialog.what_box.findData(STEP))
    assert dialog.step_box.isEnabled() and dialog.choice().step == 4
    dialog.lesson_box.setCurrentIndex(1)
    assert dialog.step_box.maximum() == 2 and dialog.choice().step == 2
    dialog.preset.setCurrentIndex(2)
    assert dialog.pixel_size() == (3840, 2160)
    dialog.preset.setCurrentIndex(CUSTOM)
    dialog.width_box.setValue(99999)
    assert dialog.pixel_size() == (3840, 720)  # no larger than 4K
    dialog.what_box.setCurrentIndex(dialog.what_box.findData(TURNTABLE))
    assert not dialog.lesson_box.isEnabled() and dialog.choice().lesson_id is None
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog.width_box.setValue(641)
    dialog.accept()  # odd width for an MP4
    dialog.path_edit.setText(str(tmp_path / "x.avi"))
    dialog.accept()
    assert warned == [
        "An MP4's width and height must be even numbers.",
        "The file name must end in .mp4 or .gif.",
    ]
    assert dialog.result() != QDialog.DialogCode.Accepted
    # With no lesson at all, only the turntable is offered.
    alone = ExportVideoDialog([], None, None, tmp_path / "t.gif")
    qtbot.addWidget(alone)
    assert alone.what_box.count() == 1 and alone.what() == TURNTABLE


def test_turntable_of_the_view_and_the_camera_comes_back(main_window, tmp_path, short_turn):
    main_window.show_view("oblique")
    before = main_window.scene.camera_pose()
    path = tmp_path / "turn.gif"
    assert main_window.video_export.save_video(VideoChoice(TURNTABLE, None, None, (160, 90), path))
    frames = iio.imread(path, index=None)
    assert frames.shape == (10, 90, 160, 3)
    assert all(np.any(a != b) for a, b in zip(frames[:-1], frames[1:], strict=True))
    assert main_window.scene.camera_pose() == before
    assert main_window.statusBar().currentMessage().startswith(f"Saved {path} (160 × 90, 0.4 s")
    assert main_window.video_export.progress is None  # the progress dialog is gone


def test_a_lesson_step_from_the_window(main_window, tmp_path):
    path = tmp_path / "step5.mp4"
    choice = VideoChoice(STEP, "the_pivot", 5, (160, 90), path)
    assert main_window.video_export.save_video(choice)
    meta = iio.immeta(path, plugin="FFMPEG")
    assert tuple(meta["size"]) == (160, 90) and meta["duration"] > 3


def test_cancel_in_the_progress_dialog_leaves_no_file(main_window, qtbot, tmp_path, short_turn):
    exporter = main_window.video_export
    watcher = QTimer(interval=0)

    def press_cancel_after_three_pictures() -> None:
        progress = exporter.progress
        if progress is not None and progress.value() >= 3:
            progress.cancel()  # what the Cancel button does
            watcher.stop()

    watcher.timeout.connect(press_cancel_after_three_pictures)
    watcher.start()
    path = tmp_path / "cancelled.mp4"
    assert not exporter.save_video(VideoChoice(TURNTABLE, None, None, (160, 90), path))
    watcher.stop()
    assert list(tmp_path.iterdir()) == []
    assert main_window.statusBar().currentMessage() == "Video export cancelled"


def test_a_failure_is_one_message(main_window, tmp_path):
    path = tmp_path / "missing" / "x.mp4"
    assert not main_window.video_export.save_video(
        VideoChoice(TURNTABLE, None, None, (160, 90), path)
    )
    box = main_window.video_export.message_box
    assert box.isVisible() and box.text() == f"cannot write {path}: the folder does not exist"
    box.close()
