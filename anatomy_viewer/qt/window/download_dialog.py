"""The dialog shown at start-up when the meshes are missing: download them, or choose a folder.

::

    offer_download(parent, catalogue, folder) -> Path | None
        Download         -> FetchThread runs core.anatomy.fetch.fetch_meshes (pooch) into the cache
                            (progress bar, current file, Cancel) -> accept, the cache folder
        Choose folder... -> a folder that holds the required files  -> accept, that folder
        Quit / close     -> None

The download runs in a QThread; ``fetch_meshes`` reports through Qt signals (queued to the GUI
thread) and stops at the next chunk when Cancel sets its event. A failure shows one line naming
the URL and the reason, and the dialog stays open to try again or choose a folder.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.fetch import (
    FULL_SET_BYTES,
    FetchCancelledError,
    FetchProgress,
    fetch_meshes,
    resolve_base_url,
)
from ...core.anatomy.mesh_sources import MeshFolder, mesh_cache_dir
from ...core.errors import UserError

PROGRESS_STEPS = 1000  # QProgressBar takes ints: per-mille is smooth enough for 50 files
EMIT_EVERY_S = 0.1  # progress updates per second to the GUI: 10 look smooth
ERROR_STYLE = "color: #b00020;"  # dark red: readable on light and on most dark themes


class FetchThread(QThread):
    """Runs ``fetch_meshes`` off the GUI thread; every outcome ends in exactly one signal."""

    progressed = Signal(object)  # FetchProgress
    succeeded = Signal(object)  # FetchSummary, required files all there (warnings possible)
    failed = Signal(str)  # one line naming the URL and the reason
    cancelled = Signal()

    def __init__(
        self,
        catalogue: Catalogue,
        dest: Path,
        base_url: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue, self.dest, self.base_url = catalogue, dest, base_url
        self.cancel_event = threading.Event()
        self._last_file: str | None = None
        self._last_emit_s = 0.0

    def _throttled_progress(self, progress: FetchProgress) -> None:
        # A chunk is 64 KiB: ~750 reports per full download. The bar needs a few per second, and
        # each emit costs a queued event (and PySide6 6.12.0 on CPython 3.11 leaks a reference to
        # True per emit), so only a new file, a finished file or a 0.1 s step is sent.
        now = time.monotonic()
        finished = progress.file_done_bytes == progress.file_total_bytes
        if progress.file != self._last_file or finished or now - self._last_emit_s >= EMIT_EVERY_S:
            self._last_file, self._last_emit_s = progress.file, now
            self.progressed.emit(progress)

    def run(self) -> None:
        try:
            summary = fetch_meshes(
                self.catalogue,
                self.dest,
                base_url=self.base_url,
                on_progress=self._throttled_progress,
                cancel=self.cancel_event,
            )
        except FetchCancelledError:
            self.cancelled.emit()
        except UserError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a worker thread must never die with a traceback
            self.failed.emit(f"the download stopped unexpectedly ({type(exc).__name__}: {exc})")
        else:
            if summary.ok:
                self.succeeded.emit(summary)
            else:
                self.failed.emit(summary.error_line())


class DownloadDialog(QDialog):
    """Offer to download the missing meshes, or to choose a folder that has them."""

    def __init__(
        self,
        catalogue: Catalogue,
        folder: MeshFolder,
        *,
        required_ids: Iterable[str] | None = None,
        dest: Path | None = None,
        base_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.folder = folder
        # The start-up needs the teaching ("core") structures; extras may be absent.
        self.required_ids = tuple(
            required_ids
            if required_ids is not None
            else (s.id for s in catalogue if s.group == "core")
        )
        self.dest = Path(dest) if dest is not None else mesh_cache_dir()
        self.base_url = base_url
        self.result_folder: Path | None = None
        self.warnings: list[str] = []
        self.worker: FetchThread | None = None
        self.setWindowTitle("BodyParts3D meshes needed")
        self._build()
        self._set_busy(False)

    def _build(self) -> None:
        size_mb = FULL_SET_BYTES / 1e6
        self.message = QLabel(
            f"The BodyParts3D meshes ({size_mb:.0f} MB, {self.catalogue.licence}) are not on this "
            "computer. Download them now, or choose a folder that has them?"
        )
        self.message.setWordWrap(True)
        self.where = QLabel(
            f"Looked in {self.folder.path} ({self.folder.origin}). Downloads go to {self.dest}.\n"
            f"{self.catalogue.attribution}."
        )
        self.where.setWordWrap(True)
        self.where.setEnabled(False)  # greyed: secondary information
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.current_file = QLabel()

        self.download_button = QPushButton("Download")
        self.download_button.setDefault(True)
        self.choose_button = QPushButton("Choose folder...")
        self.quit_button = QPushButton("Quit")
        self.cancel_button = QPushButton("Cancel")
        self.download_button.clicked.connect(self.start_download)
        self.choose_button.clicked.connect(lambda: self.choose_folder())
        self.quit_button.clicked.connect(self.reject)
        self.cancel_button.clicked.connect(self.cancel_download)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.download_button, self.choose_button, self.quit_button):
            buttons.addWidget(button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (self.message, self.where, self.error, self.progress, self.current_file):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.download_button, self.choose_button, self.quit_button):
            button.setVisible(not busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.current_file.setVisible(busy)
        self.adjustSize()  # word-wrapped labels appear and vanish: let the dialog grow to fit

    def show_error(self, line: str) -> None:
        self.error.setText(line)
        self.error.show()
        self.adjustSize()

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def start_download(self) -> None:
        if self.busy:
            return
        try:
            base_url = resolve_base_url(self.base_url)
        except UserError as exc:
            self.show_error(str(exc))
            return
        self.error.hide()
        self.progress.setValue(0)
        self.current_file.setText("Connecting...")
        self._set_busy(True)
        self.worker = FetchThread(self.catalogue, self.dest, base_url, self)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.start()

    def cancel_download(self) -> None:
        if self.worker is not None:
            self.worker.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.current_file.setText("Cancelling...")

    def _on_progress(self, progress: FetchProgress) -> None:
        if self.worker is None or self.worker.cancel_event.is_set():
            return
        self.progress.setValue(round(progress.fraction * PROGRESS_STEPS))
        self.current_file.setText(
            f"{progress.file} ({progress.index} of {progress.count}), "
            f"{progress.done_bytes / 1e6:.1f} MB received"
        )

    def _on_succeeded(self, summary) -> None:
        if self.worker is None:  # queued from a download the dialog already stopped
            return
        self._finish_thread()
        self.warnings = list(summary.warnings)
        self.result_folder = self.dest
        self.progress.setValue(PROGRESS_STEPS)
        self.accept()

    def _on_failed(self, line: str) -> None:
        if self.worker is None:  # queued from a download the dialog already stopped
            return
        self._finish_thread()
        self._set_busy(False)
        self.download_button.setText("Try again")
        self.show_error(line)

    def _on_cancelled(self) -> None:
        if self.worker is None:  # queued from a download the dialog already stopped
            return
        self._finish_thread()
        self._set_busy(False)
        self.show_error("Download cancelled; the files already downloaded are kept.")

    def _finish_thread(self) -> None:
        if self.worker is not None:
            self.worker.wait()  # the outcome signal is the thread's last act: this returns at once
            self.worker.deleteLater()
            self.worker = None

    def choose_folder(self, path: str | Path | None = None) -> None:
        """Use a folder of FMA<ID>.stl/.obj files; ``path`` None asks with a folder dialog."""
        if path is None:
            path = QFileDialog.getExistingDirectory(
                self, "Folder with the BodyParts3D meshes", str(Path.home())
            )
            if not path:
                return
        folder = Path(path)
        absent = [
            self.catalogue[i].file
            for i in self.required_ids
            if not self.catalogue[i].optional and not (folder / self.catalogue[i].file).is_file()
        ]
        if absent:
            more = f" and {len(absent) - 3} more" if len(absent) > 3 else ""
            listed = ", ".join(absent[:3]) + more
            self.show_error(f"{folder} lacks {len(absent)} of the needed mesh files: {listed}")
            return
        self.result_folder = folder
        self.accept()

    def reject(self) -> None:
        # Closing the window or Escape while downloading: stop the download, then quit.
        if self.worker is not None:
            self.worker.cancel_event.set()
            self._finish_thread()  # waits at most one socket timeout (fetch.TIMEOUT_S)
        self.result_folder = None
        super().reject()


def offer_download(
    parent: QWidget | None,
    catalogue: Catalogue,
    folder: MeshFolder,
    *,
    required_ids: Iterable[str] | None = None,
    dest: Path | None = None,
    base_url: str | None = None,
) -> Path | None:
    """Ask; return the folder to load the meshes from (cache or chosen), or None on Quit."""
    dialog = DownloadDialog(
        catalogue, folder, required_ids=required_ids, dest=dest, base_url=base_url, parent=parent
    )
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.result_folder if accepted else None
    finally:
        dialog.deleteLater()
