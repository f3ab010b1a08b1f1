"""The start-up dialog that offers the mesh download, driven with qtbot against a local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from mesh_server import closed_port_url
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from anatomy_viewer.core.anatomy.mesh_sources import MeshFolder
from anatomy_viewer.qt.window.download_dialog import PROGRESS_STEPS, DownloadDialog, offer_download

pytestmark = pytest.mark.gui
WAIT_MS = 10_000
HELD_FILE = "FMA14765.stl"  # the first file of the small catalogue


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache" / "bp3d"


def make_dialog(qtbot, catalogue, cache: Path, base_url: str) -> DownloadDialog:
    dialog = DownloadDialog(
        catalogue, MeshFolder(cache, "user cache"), dest=cache, base_url=base_url
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_offer_names_size_and_licence(qtbot, small, cache):
    dialog = make_dialog(qtbot, small, cache, "http://127.0.0.1:9")
    assert "(46 MB, CC BY-SA 2.1 JP) are not on this computer" in dialog.message.text()
    buttons = (dialog.download_button, dialog.choose_button, dialog.quit_button)
    assert [b.text() for b in buttons] == ["Download", "Choose folder...", "Quit"]
    assert dialog.cancel_button.isHidden() and dialog.progress.isHidden()


def test_download_fills_the_folder_and_accepts(qtbot, small, server, cache):
    dialog = make_dialog(qtbot, small, cache, server.url)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert dialog.result_folder == cache
    assert sorted(p.name for p in cache.iterdir()) == sorted(s.file for s in small)
    assert dialog.progress.value() == PROGRESS_STEPS


def test_a_failure_shows_one_line_with_the_url_and_stays_open(qtbot, small, cache):
    url = closed_port_url()
    dialog = make_dialog(qtbot, small, cache, url)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.error.isHidden(), timeout=WAIT_MS)
    text = dialog.error.text()
    assert f"{url}/{HELD_FILE}" in text and "refused" in text.lower() and "\n" not in text
    assert dialog.isVisible() and dialog.result_folder is None
    assert dialog.download_button.text() == "Try again" and not dialog.download_button.isHidden()


def test_progress_shows_the_file_and_cancel_removes_the_partial_file(qtbot, small, server, cache):
    server.modes[HELD_FILE] = "hold"  # half the file, then wait until the test releases it
    dialog = make_dialog(qtbot, small, cache, server.url)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: HELD_FILE in dialog.current_file.text(), timeout=WAIT_MS)
    assert server.sent_half.wait(5)
    assert "(1 of 4)" in dialog.current_file.text()
    assert not dialog.cancel_button.isHidden() and dialog.download_button.isHidden()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    server.release.set()
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.error.isHidden(), timeout=WAIT_MS)
    assert "cancelled" in dialog.error.text()
    assert list(cache.glob("*")) == []  # neither the held file nor its .part
    assert dialog.isVisible() and not dialog.download_button.isHidden()


def test_closing_during_a_download_quits_cleanly(qtbot, small, server, cache):
    server.modes[HELD_FILE] = "hold"
    dialog = make_dialog(qtbot, small, cache, server.url)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert server.sent_half.wait(5)
    server.release.set()
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT_MS):
        dialog.reject()
    qtbot.wait(50)  # let any outcome signal queued by the stopped thread arrive
    assert dialog.result_folder is None and dialog.worker is None
    assert dialog.error.isHidden()  # the stopped thread's late outcome is ignored
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert list(cache.glob("*.part")) == []


def test_choosing_a_folder_with_the_meshes_accepts_it(qtbot, small, served, cache, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(served))
    dialog = make_dialog(qtbot, small, cache, "http://127.0.0.1:9")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.result_folder == served


def test_choosing_a_folder_without_them_explains(qtbot, small, tmp_path, cache, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialog = make_dialog(qtbot, small, cache, "http://127.0.0.1:9")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    # Three required files; the optional femoral artery may be absent.
    assert dialog.error.text().startswith(f"{tmp_path} lacks 3 of the needed mesh files")
    assert dialog.isVisible() and dialog.result_folder is None


def _click_in_modal(button_name: str) -> None:
    dialog = QApplication.activeModalWidget()
    if dialog is None:  # exec() has not shown it yet
        QTimer.singleShot(10, lambda: _click_in_modal(button_name))
        return
    getattr(dialog, button_name).click()


def test_offer_download_returns_none_on_quit(qtbot, small, cache):
    QTimer.singleShot(0, lambda: _click_in_modal("quit_button"))
    assert offer_download(None, small, MeshFolder(cache, "user cache"), dest=cache) is None


def test_offer_download_returns_the_cache_after_downloading(qtbot, small, server, cache):
    QTimer.singleShot(0, lambda: _click_in_modal("download_button"))
    folder = MeshFolder(cache, "user cache")
    assert offer_download(None, small, folder, dest=cache, base_url=server.url) == cache
    assert (cache / HELD_FILE).is_file()
