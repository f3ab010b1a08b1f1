"""File > Export video: what to film (a whole lesson, one step, or a turntable of the view as it is),
at which size, and where. Plain values in and out; the video is made by qt/export/video_actions.py.

    ask_video(parent, lessons=[(id, title, steps)], lesson_id, step, path) -> VideoChoice | None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from ...render.pictures.video_file import (
    DEFAULT_VIDEO_SIZE,
    MAX_VIDEO_SIZE,
    MIN_VIDEO_SIZE,
    MP4_SIZE_STEP,
    VIDEO_FORMATS,
)
from .dialog_parts import file_row, save_cancel_buttons
from .image_dialog import confirm_overwrite

LESSON, STEP, TURNTABLE = "lesson", "step", "turntable"
WHAT_LABELS = {
    LESSON: "The whole lesson: every step, the glides between them",
    STEP: "One step of the lesson",
    TURNTABLE: "A turntable: one turn around the view as it is now",
}
SIZE_PRESETS: tuple[tuple[str, tuple[int, int] | None], ...] = (
    ("1280 × 720 (HD)", DEFAULT_VIDEO_SIZE),
    ("1920 × 1080 (Full HD)", (1920, 1080)),
    ("3840 × 2160 (4K)", MAX_VIDEO_SIZE),
    ("Custom", None),
)
CUSTOM = len(SIZE_PRESETS) - 1
FILE_FILTER = "MP4 video (*.mp4);;Animated GIF (*.gif)"


@dataclass(frozen=True)
class VideoChoice:
    what: str  # LESSON, STEP or TURNTABLE
    lesson_id: str | None
    step: int | None  # 1-based, with STEP
    size: tuple[int, int]
    path: Path


class ExportVideoDialog(QDialog):
    def __init__(
        self,
        lessons: Sequence[tuple[str, str, int]],
        lesson_id: str | None,
        step: int | None,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export video")
        self.steps_in = {identifier: count for identifier, _title, count in lessons}
        self.what_box = QComboBox()
        for key, label in WHAT_LABELS.items():
            if key == TURNTABLE or lessons:
                self.what_box.addItem(label, key)
        self.lesson_box = QComboBox()
        for identifier, title, _count in lessons:
            self.lesson_box.addItem(title, identifier)
        if lesson_id is not None and self.lesson_box.findData(lesson_id) >= 0:
            self.lesson_box.setCurrentIndex(self.lesson_box.findData(lesson_id))
        else:  # nothing open: the view as it is
            self.what_box.setCurrentIndex(self.what_box.findData(TURNTABLE))
        self.step_box = QSpinBox(minimum=1)
        self.step_box.setAccessibleName("Step number")
        self.preset = QComboBox()
        for label, _size in SIZE_PRESETS:
            self.preset.addItem(label)
        self.width_box = _spin(MIN_VIDEO_SIZE[0], MAX_VIDEO_SIZE[0], 1280, "Width in pixels")
        self.height_box = _spin(MIN_VIDEO_SIZE[1], MAX_VIDEO_SIZE[1], 720, "Height in pixels")
        custom = QHBoxLayout()
        custom.addWidget(self.width_box)
        custom.addWidget(QLabel("×"))
        custom.addWidget(self.height_box)
        custom.addWidget(QLabel("pixels"))
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setAccessibleName("Video file to write")
        note = QLabel(
            "MP4 (H.264) plays in slides, browsers and on phones. A GIF loops anywhere, but has "
            "256 colours and is larger."
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Film", self.what_box)
        form.addRow("Lesson", self.lesson_box)
        form.addRow("Step", self.step_box)
        form.addRow("Size", self.preset)
        form.addRow("", custom)
        form.addRow("File", file_row(self.path_edit, self._browse))
        form.addRow(note)
        form.addRow(save_cancel_buttons(self))
        self.what_box.currentIndexChanged.connect(self._sync)
        self.lesson_box.currentIndexChanged.connect(self._sync)
        self.preset.currentIndexChanged.connect(self._sync)
        self._sync()
        if step is not None:
            self.step_box.setValue(step)

    # --- values ---------------------------------------------------------------------------------
    def what(self) -> str:
        return self.what_box.currentData()

    def pixel_size(self) -> tuple[int, int]:
        index = self.preset.currentIndex()
        if index == CUSTOM:
            return self.width_box.value(), self.height_box.value()
        return SIZE_PRESETS[index][1]

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choice(self) -> VideoChoice:
        what = self.what()
        return VideoChoice(
            what,
            self.lesson_box.currentData() if what != TURNTABLE else None,
            self.step_box.value() if what == STEP else None,
            self.pixel_size(),
            self.path(),
        )

    # --- behaviour ------------------------------------------------------------------------------
    def _sync(self) -> None:
        what = self.what()
        self.lesson_box.setEnabled(what != TURNTABLE)
        self.step_box.setEnabled(what == STEP)
        self.step_box.setMaximum(max(1, self.steps_in.get(self.lesson_box.currentData(), 1)))
        custom = self.preset.currentIndex() == CUSTOM
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)

    def _browse(self) -> None:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            "Export video",
            str(self.path()),
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,  # accept() asks, for typed names too
        )
        if chosen:
            if Path(chosen).suffix.lower() not in VIDEO_FORMATS:
                chosen += ".gif" if "gif" in chosen_filter.lower() else ".mp4"
            self.path_edit.setText(chosen)

    def accept(self) -> None:
        path = self.path()
        width, height = self.pixel_size()
        if path.suffix.lower() not in VIDEO_FORMATS:
            QMessageBox.warning(self, "Export video", "The file name must end in .mp4 or .gif.")
            return
        mp4 = VIDEO_FORMATS[path.suffix.lower()] == "MP4"
        if mp4 and (width % MP4_SIZE_STEP or height % MP4_SIZE_STEP):
            QMessageBox.warning(
                self, "Export video", "An MP4's width and height must be even numbers."
            )
            return
        if path.exists() and not confirm_overwrite(self, path):
            return
        super().accept()


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    box = QSpinBox(minimum=low, maximum=high, value=min(max(value, low), high))
    box.setAccessibleName(name)
    return box


def ask_video(
    parent: QWidget | None,
    lessons: Sequence[tuple[str, str, int]],
    lesson_id: str | None,
    step: int | None,
    path: Path,
) -> VideoChoice | None:
    dialog = ExportVideoDialog(lessons, lesson_id, step, path, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
