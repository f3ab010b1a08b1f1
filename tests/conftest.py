"""Shared fixtures. Real meshes come from $ANATOMY_VIEWER_MESH_DIR (CI points it at ../shared/bp3d)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from anatomy_viewer.core.anatomy.catalogue import load_catalogue
from anatomy_viewer.core.anatomy.mesh_sources import MESH_DIR_ENV, resolve_mesh_folder
from anatomy_viewer.core.anatomy.meshes import load_structures

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_dirs(tmp_path_factory):
    """Tests never touch the real user cache or settings."""
    cache = tmp_path_factory.mktemp("user-cache")
    os.environ["ANATOMY_VIEWER_CACHE_DIR"] = str(cache)
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data"))
    yield


@pytest.fixture(autouse=True)
def _my_lessons(tmp_path_factory, monkeypatch):
    """Each test gets its own My lessons folder (not created yet), never the user's."""
    from anatomy_viewer.core.lessons.library import USER_LESSONS_ENV

    monkeypatch.setenv(USER_LESSONS_ENV, str(tmp_path_factory.mktemp("my") / "lessons"))


@pytest.fixture(scope="session")
def mesh_dir() -> Path:
    value = os.environ.get(MESH_DIR_ENV)
    if not value:
        message = f"${MESH_DIR_ENV} is not set: point it at a folder of BodyParts3D meshes"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the real-mesh tests, never skip them
        pytest.skip(message)
    return Path(value)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def loaded(mesh_dir, catalogue):
    """Every structure in the catalogue, loaded once per test session."""
    result = load_structures(catalogue, resolve_mesh_folder(mesh_dir))
    assert not result.errors and not result.missing, result.notices()
    return result


@pytest.fixture(scope="session")
def core_meshes(loaded, catalogue):
    """The teaching scene: the "core" structures only."""
    return {i: m for i, m in loaded.meshes.items() if catalogue[i].group == "core"}


# --- a local mesh server for the downloader (never the internet) ------------------------------
@pytest.fixture
def small(catalogue):
    """A handful of structures: quick to serve and download."""
    from mesh_server import small_catalogue

    return small_catalogue(catalogue)


@pytest.fixture
def served(small, mesh_dir, tmp_path) -> Path:
    from mesh_server import copy_meshes

    return copy_meshes(small, mesh_dir, tmp_path / "served")


@pytest.fixture
def server(served):
    from mesh_server import MeshServer

    with MeshServer(served) as running:
        yield running


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def main_window(qtbot, catalogue, core_meshes, settings_file):
    """A real main window on the core anatomy, shown under Xvfb; closed and checked afterwards."""
    from PySide6.QtCore import QSettings

    from anatomy_viewer.qt.window.main_window import MainWindow

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, core_meshes, settings=settings)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    # Shortcuts need an active window; Xvfb has no window manager to activate it for us.
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.close()
    # A QtInteractor left open leaks its render window and VTK objects into later tests.
    assert window.view._closed, "the 3D view was not closed with its window"


# --- the lesson web pages (export-web --all), exported once per session ------------------------
@pytest.fixture(scope="session")
def web_pages(mesh_dir, tmp_path_factory) -> Path:
    """Every shipped lesson as a web page plus index.html, through the command line."""
    from anatomy_viewer.cli import main

    folder = tmp_path_factory.mktemp("web") / "lessons"
    assert main(["export-web", "--all", "-o", str(folder), "--mesh-dir", str(mesh_dir)]) == 0
    return folder
