"""Starting the GUI: the Qt application, finding and loading the meshes, then the main window."""

from __future__ import annotations

import sys

from ...core.anatomy.catalogue import load_catalogue
from ...core.anatomy.mesh_sources import require_files, resolve_mesh_folder
from ...core.anatomy.meshes import load_structures
from ...core.errors import MeshesMissingError, UserError


def make_application():
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Fractional scale factors (125 %, 150 %) are passed through, not rounded: sharp text.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
        app.setApplicationName("anatomy-viewer")
        app.setOrganizationName("anatomy-viewer")
        app.setApplicationDisplayName("anatomy-viewer")
    return app


def run_app(
    mesh_dir: str | None = None, lesson: str | None = None, quit_after_ms: int | None = None
) -> int:
    # pyvista's plotting (and the matplotlib it pulls in) before PySide6: once PySide6 is imported,
    # its import hook (shibokensupport's __feature__ check) reads the source of every module
    # imported after it, some 600 of them here: 0.15 s of the start (scripts/bench.py, issue 17).
    # The render package before that: matplotlib's pyplot and Agg canvas then wait for a first
    # use (0.4 s; render/matplotlib_on_first_use.py).
    from ... import render  # noqa: F401

    # isort: split
    import pyvista.plotting  # noqa: F401
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from .main_window import MainWindow

    catalogue = load_catalogue()
    folder = resolve_mesh_folder(mesh_dir)
    app = make_application()
    core_ids = [s.id for s in catalogue if s.group == "core"]
    try:
        require_files(catalogue, folder, core_ids)
    except MeshesMissingError as missing:
        try:
            from .download_dialog import offer_download
        except ImportError:  # pragma: no cover - the dialog ships with the app
            raise missing from None
        chosen = offer_download(None, catalogue, folder)
        if chosen is None:
            return 2
        folder = resolve_mesh_folder(chosen) if chosen != folder.path else folder
        require_files(catalogue, folder, core_ids)

    # No splash screen: with the processed-mesh cache, loading takes a fraction of a second. Only
    # what the first frame shows loads now; the window loads the rest after its first frame.
    loaded = load_structures(catalogue, folder, core_ids)
    if not loaded.meshes:
        raise UserError(f"no mesh could be loaded from {folder.path}")
    window = MainWindow(catalogue, loaded.meshes, notices=loaded.notices(), mesh_folder=folder)
    if lesson:
        open_lesson = getattr(window, "open_lesson_by_id", None)
        if open_lesson is None:
            raise UserError("lessons are not available in this build")
        open_lesson(lesson)
    if quit_after_ms is not None:  # the start-up smoke test and the benchmark

        def first_frame() -> None:
            print("first frame shown", flush=True)
            QTimer.singleShot(quit_after_ms, window.close)

        window.first_frame.shown.connect(first_frame)
    window.show()
    if loaded.errors:
        QMessageBox.warning(
            window, "Some meshes could not be loaded", "\n".join(loaded.errors.values())
        )
    return app.exec()
