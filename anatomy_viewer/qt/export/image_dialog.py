"""File > Export image: a dialog taking and returning plain values (no scene, no rendering here).

ask_image_export(parent, window_size, path, ...) -> ImageExportChoice | None
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
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

from ...render.pictures.export import FORMATS, MAX_SIZE, MIN_SIZE
from .dialog_parts import file_row, save_cancel_buttons

# (label, size); None = the size of the 3D view as it is now.
SIZE_PRESETS: tuple[tuple[str, tuple[int, int] | None], ...] = (
    ("Window", None),
    ("1920 × 1080 (Full HD)", (1920, 1080)),
    ("3840 × 2160 (4K)", (3840, 2160)),
    ("Custom", None),
)
WINDOW = 0
CUSTOM = len(SIZE_PRESETS) - 1
FILE_FILTER = "PNG image (*.png);;JPEG image (*.jpg *.jpeg)"


@dataclass(frozen=True)
class ImageExportChoice:
    path: Path
    size: tuple[int, int]
    transparent: bool
    caption: str


class ExportImageDialog(QDialog):
    def __init__(
        self,
        window_size: tuple[int, int],
        path: Path,
        transparent: bool = False,
        caption: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export image")
        self.window_size = window_size
        self.preset = QComboBox()
        for index, (label, _size) in enumerate(SIZE_PRESETS):
            self.preset.addItem(self._window_label() if index == WINDOW else label)
        self.width_box = _spin(MIN_SIZE[0], MAX_SIZE[0], window_size[0], "Width in pixels")
        self.height_box = _spin(MIN_SIZE[1], MAX_SIZE[1], window_size[1], "Height in pixels")
        custom = QHBoxLayout()
        custom.addWidget(self.width_box)
        custom.addWidget(QLabel("×"))
        custom.addWidget(self.height_box)
        custom.addWidget(QLabel("pixels"))
        self.transparent_box = QCheckBox("Transparent background (PNG only)")
        self.transparent_box.setChecked(transparent)
        self.caption_edit = QLineEdit(caption, placeholderText="Optional text across the top")
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setAccessibleName("File to write")
        path_row = file_row(self.path_edit, self._browse)
        note = QLabel(
            "Labels, lines and the caption scale with the size; the camera stays as shown."
        )
        note.setWordWrap(True)
        buttons = save_cancel_buttons(self)

        form = QFormLayout(self)
        form.addRow("Size", self.preset)
        form.addRow("", custom)
        form.addRow("", self.transparent_box)
        form.addRow("Caption", self.caption_edit)
        form.addRow("File", path_row)
        form.addRow(note)
        form.addRow(buttons)
        self.preset.currentIndexChanged.connect(self._sync)
        self.path_edit.textChanged.connect(self._sync)
        self._sync()

    def _window_label(self) -> str:
        width, height = self.window_size
        return f"Window ({width} × {height})"

    # --- values ---------------------------------------------------------------------------------
    def pixel_size(self) -> tuple[int, int]:
        index = self.preset.currentIndex()
        if index == CUSTOM:
            return self.width_box.value(), self.height_box.value()
        return SIZE_PRESETS[index][1] or self.window_size

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choice(self) -> ImageExportChoice:
        return ImageExportChoice(
            self.path(),
            self.pixel_size(),
            self.transparent_box.isChecked() and self.transparent_box.isEnabled(),
            self.caption_edit.text().strip(),
        )

    # --- behaviour ------------------------------------------------------------------------------
    def _sync(self) -> None:
        custom = self.preset.currentIndex() == CUSTOM
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        jpeg = FORMATS.get(self.path().suffix.lower()) == "JPEG"
        self.transparent_box.setEnabled(not jpeg)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export image",
            str(self.path()),
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,  # accept() asks, for typed names too
        )
        if chosen:
            self.path_edit.setText(chosen)

    def accept(self) -> None:
        path = self.path()
        if path.suffix.lower() not in FORMATS:
            QMessageBox.warning(self, "Export image", "The file name must end in .png or .jpg.")
            return
        if path.exists() and not confirm_overwrite(self, path):
            return
        super().accept()


def confirm_overwrite(parent: QWidget, path: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        "Replace file?",
        f"{path.name} already exists in {path.parent}. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    box = QSpinBox(minimum=low, maximum=high, value=min(max(value, low), high))
    box.setAccessibleName(name)
    return box


def ask_image_export(
    parent: QWidget | None,
    window_size: tuple[int, int],
    path: Path,
    transparent: bool = False,
    caption: str = "",
) -> ImageExportChoice | None:
    dialog = ExportImageDialog(window_size, path, transparent, caption, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
