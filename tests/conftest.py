"""Shared fixtures. Real meshes come from $ANATOMY_VIEWER_MESH_DIR (CI points it at ../shared/bp3d)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from anatomy_viewer.core.catalogue import load_catalogue
from anatomy_viewer.core.mesh_sources import MESH_DIR_ENV, resolve_mesh_folder
from anatomy_viewer.core.meshes import load_structures

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_dirs(tmp_path_factory):
    """Tests never touch the real user cache or settings."""
    cache = tmp_path_factory.mktemp("user-cache")
    os.environ["ANATOMY_VIEWER_CACHE_DIR"] = str(cache)
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    yield


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
