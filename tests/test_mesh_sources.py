"""Where the meshes come from (--mesh-dir, then $ANATOMY_VIEWER_MESH_DIR, then the user cache), and
what `anatomy-viewer meshes status` says about each file."""

from __future__ import annotations

import pytest
from mesh_server import copy_meshes, small_catalogue

from anatomy_viewer.cli import main
from anatomy_viewer.core.anatomy.mesh_sources import (
    CACHE_DIR_ENV,
    FETCH_COMMAND,
    MESH_DIR_ENV,
    MeshFolder,
    file_status,
    mesh_cache_dir,
    require_files,
    resolve_mesh_folder,
)
from anatomy_viewer.core.errors import MeshesMissingError, UserError


def test_mesh_dir_option_beats_the_environment_which_beats_the_cache(tmp_path):
    option, env, cache = tmp_path / "option", tmp_path / "env", tmp_path / "cache"
    option.mkdir()
    env.mkdir()
    environ = {MESH_DIR_ENV: str(env), CACHE_DIR_ENV: str(cache)}
    assert resolve_mesh_folder(option, environ) == MeshFolder(option.resolve(), "--mesh-dir")
    from_env = resolve_mesh_folder(None, environ)
    assert from_env.path == env.resolve() and from_env.origin == f"${MESH_DIR_ENV}"
    from_cache = resolve_mesh_folder(None, {CACHE_DIR_ENV: str(cache)})
    assert from_cache.is_cache and from_cache.path == cache / "bp3d"
    assert not cache.exists()  # resolving has no side effects: the cache is made by a download


def test_a_missing_mesh_dir_is_a_user_error_naming_it(tmp_path):
    with pytest.raises(UserError, match=r"nowhere.*--mesh-dir"):
        resolve_mesh_folder(tmp_path / "nowhere", {})
    with pytest.raises(UserError, match=r"gone.*ANATOMY_VIEWER_MESH_DIR"):
        resolve_mesh_folder(None, {MESH_DIR_ENV: str(tmp_path / "gone")})


def test_the_cache_follows_the_cache_env_variable(tmp_path):
    assert mesh_cache_dir({CACHE_DIR_ENV: str(tmp_path)}) == tmp_path / "bp3d"


@pytest.fixture
def local_folder(catalogue, mesh_dir, tmp_path):
    """Three structures: one intact, one altered (a re-posed mesh), one deleted."""
    small = small_catalogue(catalogue, ids=("aorta", "linea_alba", "sacrum"))
    folder = copy_meshes(small, mesh_dir, tmp_path / "meshes")
    with (folder / "FMA11336.stl").open("ab") as handle:
        handle.write(b"\0")
    (folder / "FMA16202.stl").unlink()
    return small, MeshFolder(folder, "--mesh-dir")


def test_status_states_found_missing_and_hash_mismatch(local_folder):
    small, folder = local_folder
    states = {s.structure.id: s.state for s in file_status(small, folder)}
    assert states == {"aorta": "found", "linea_alba": "hash mismatch", "sacrum": "missing"}


def test_require_files_names_the_fetch_command_and_the_folder_option(local_folder):
    small, folder = local_folder
    require_files(small, folder, ["aorta", "linea_alba"])  # a changed file is still a file
    with pytest.raises(MeshesMissingError) as caught:
        require_files(small, folder, small.ids)
    message = str(caught.value)
    assert "FMA16202.stl" in message and FETCH_COMMAND in message and "--mesh-dir" in message
    assert "\n" not in message


def test_an_absent_optional_file_is_not_required(catalogue, tmp_path):
    optional = small_catalogue(catalogue, ids=("femoral_artery_right",))
    require_files(optional, MeshFolder(tmp_path, "--mesh-dir"), optional.ids)


def test_cli_status_lists_each_structure_with_a_summary(local_folder, monkeypatch, capsys):
    small, folder = local_folder
    monkeypatch.setattr("anatomy_viewer.commands.meshes.load_catalogue", lambda: small)
    assert main(["meshes", "status", "--mesh-dir", str(folder.path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"mesh folder: {folder.path} (--mesh-dir)"
    assert out[1].split()[:2] == ["found", "aorta"] and str(folder.path / "FMA3784.stl") in out[1]
    assert out[2].startswith("hash mismatch  linea_alba")
    assert out[3].split()[:2] == ["missing", "sacrum"]
    assert out[4] == "3 structures: 1 found, 1 missing, 1 hash mismatch"
    assert FETCH_COMMAND in out[5]


def test_cli_status_of_an_empty_cache_exits_0(catalogue, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(MESH_DIR_ENV, raising=False)
    assert main(["meshes", "status"]) == 0
    out = capsys.readouterr().out
    assert "(user cache)" in out and f"{len(catalogue)} structures: 0 found" in out
    assert not (tmp_path / "bp3d").exists()


def test_cli_status_with_a_missing_mesh_dir_is_one_line_exit_2(tmp_path, capsys):
    assert main(["meshes", "status", "--mesh-dir", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err and "Traceback" not in err
