"""Structures the first frame does not show load after it: listed at once, drawn when they arrive,
and loaded on the spot when a lesson or a handout needs them first. Needs Xvfb (pytest-xvfb)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings, Qt

from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.anatomy.meshes import LoadResult, load_structures
from anatomy_viewer.qt.window.later_structures import LaterStructures

pytestmark = pytest.mark.gui


@pytest.fixture
def first_start(qtbot, catalogue, mesh_dir, settings_file):
    """The window as ``anatomy-viewer`` builds it: the core loaded, the rest left to load later.
    Not shown yet, so a test can act before the first frame."""
    from anatomy_viewer.qt.window.main_window import MainWindow

    folder = resolve_mesh_folder(mesh_dir)
    core = [s.id for s in catalogue if s.group == "core"]
    loaded = load_structures(catalogue, folder, core)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, loaded.meshes, settings=settings, mesh_folder=folder)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    yield window
    window.close()
    assert window.view._closed


def _extras(catalogue) -> set[str]:
    return {s.id for s in catalogue if s.group == "extra"}


def test_the_rest_is_listed_at_once_and_drawn_after_the_first_frame(first_start, catalogue, qtbot):
    extras = _extras(catalogue)
    assert extras and extras <= set(first_start.panel.items)  # in the panel from the start
    assert not extras & set(first_start.scene.actors)  # but not loaded before the first frame
    with qtbot.waitSignal(first_start.later.arrived, timeout=30000):
        first_start.show()
    assert extras <= set(first_start.scene.actors) and extras <= set(first_start.meshes)
    assert not any(first_start.scene.actors[i].GetVisibility() for i in extras)  # hidden at start
    assert first_start.later.waiting == []


def test_ticked_before_it_arrived_it_shows_when_it_arrives(first_start, qtbot):
    first_start.panel.items["disc_l4_l5"].setCheckState(0, Qt.CheckState.Checked)
    assert "disc_l4_l5" not in first_start.scene.actors
    with qtbot.waitSignal(first_start.later.arrived, timeout=30000):
        first_start.show()
    assert first_start.scene.actors["disc_l4_l5"].GetVisibility()


def test_a_lesson_opened_at_start_loads_what_it_shows_first(first_start, catalogue):
    first_start.open_lesson_by_id("meet_the_iliopsoas")  # step 2 shows the discs and T12
    discs = set(catalogue.select(["disc"]))
    assert discs <= set(first_start.scene.actors)  # loaded on the spot, before any frame
    first_start.lessons.next_step()
    assert all(first_start.scene.actors[i].GetVisibility() for i in discs)
    assert "sartorius_right" in first_start.later.waiting  # the rest still waits for the thread


def test_a_folder_without_the_rest_says_so(qtbot, catalogue, mesh_dir, tmp_path, settings_file):
    from anatomy_viewer.qt.window.main_window import MainWindow

    core = [s for s in catalogue if s.group == "core"]
    for structure in core:  # a folder with the core files only
        (tmp_path / structure.file).symlink_to(mesh_dir / structure.file)
    folder = resolve_mesh_folder(tmp_path)
    loaded = load_structures(catalogue, folder, [s.id for s in core])
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, loaded.meshes, settings=settings, mesh_folder=folder)
    qtbot.addWidget(window)
    message = window.statusBar().currentMessage()
    assert message.startswith("missing mesh files for:") and "sartorius_right" in message
    assert "sartorius_right" not in window.panel.items and window.later.waiting == []
    window.close()


# --- the loader on its own ---------------------------------------------------------------------
def _slow_load(gate: threading.Event, calls: list[list[str]]):
    def load(ids: list[str]) -> LoadResult:
        calls.append(list(ids))
        gate.wait(10)
        return LoadResult(meshes={i: object() for i in ids})

    return load


def test_take_while_loading_waits_and_delivers_once(qtbot):
    gate, calls = threading.Event(), []
    later = LaterStructures(["a", "b"], _slow_load(gate, calls))
    arrived = []
    later.arrived.connect(arrived.append)
    later.start()
    threading.Timer(0.2, gate.set).start()
    result = later.take(["b"])
    assert set(result.meshes) == {"a", "b"} and calls == [["a", "b"]]
    qtbot.wait(100)  # the thread's queued delivery comes and finds nothing left
    assert arrived == [] and later.waiting == [] and later.take(["a"]) is None


def test_take_before_the_start_loads_only_what_is_asked(qtbot):
    gate, calls = threading.Event(), []
    gate.set()
    later = LaterStructures(["a", "b", "c"], _slow_load(gate, calls))
    assert set(later.take(["b", "zzz"]).meshes) == {"b"}
    with qtbot.waitSignal(later.arrived, timeout=5000) as signal:
        later.start()
    assert set(signal.args[0].meshes) == {"a", "c"} and calls == [["b"], ["a", "c"]]


def test_a_closed_window_gets_nothing(qtbot):
    gate, calls = threading.Event(), []
    later = LaterStructures(["a"], _slow_load(gate, calls))
    arrived = []
    later.arrived.connect(arrived.append)
    later.start()
    later.close()
    gate.set()
    qtbot.wait(200)
    assert arrived == []


def test_a_failing_load_is_reported_not_lost(qtbot):
    def broken(ids):
        raise OSError("disk gone")

    later = LaterStructures(["a"], broken)
    with qtbot.waitSignal(later.arrived, timeout=5000) as signal:
        later.start()
    assert "disk gone" in signal.args[0].errors["a"]
