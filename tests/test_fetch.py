"""Downloading the meshes (core/anatomy/fetch.py, `meshes fetch`) from a local server, never the web."""

from __future__ import annotations

import dataclasses
import errno
import io
import threading
from pathlib import Path

import pytest
from mesh_server import MeshServer, closed_port_url

from anatomy_viewer.cli import main
from anatomy_viewer.commands.meshes import TextProgress
from anatomy_viewer.core.anatomy.fetch import (
    BASE_URL_ENV,
    FetchCancelledError,
    FetchProgress,
    fetch_meshes,
    mesh_registry,
    resolve_base_url,
)
from anatomy_viewer.core.anatomy.mesh_sources import sha256_of
from anatomy_viewer.core.errors import UserError

REQUIRED_FILE = "FMA14765.stl"  # common_iliac_artery_right
OPTIONAL_FILE = "FMA70249.obj"  # femoral_artery_right: optional, mismatch non-fatal


def leftovers(folder: Path) -> list[str]:
    """Anything but mesh files: pooch's temporary files must never survive a failure."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix not in (".stl", ".obj"))


def test_http_download_matches_the_manifest(small, server, tmp_path):
    dest = tmp_path / "cache" / "bp3d"
    seen: list[FetchProgress] = []
    summary = fetch_meshes(small, dest, base_url=server.url, on_progress=seen.append)
    assert summary.ok and not summary.warnings
    assert summary.fetched == list(small.ids)
    for structure in small:
        assert sha256_of(dest / structure.file) == structure.sha256
    assert leftovers(dest) == []
    assert sorted({p.index for p in seen}) == [1, 2, 3, 4]
    assert all(p.file_total_bytes for p in seen)  # each report knows its file's size
    total = sum((dest / s.file).stat().st_size for s in small)
    assert seen[-1].done_bytes == total and seen[-1].fraction == 1.0


def test_file_urls_work_without_a_server(small, served, tmp_path):
    summary = fetch_meshes(small, tmp_path / "dest", base_url=served.as_uri())
    assert summary.fetched == list(small.ids) and summary.ok


def test_manifest_urls_are_used_without_a_base_url(small, served, server, tmp_path):
    pinned = dataclasses.replace(
        small,
        structures=tuple(dataclasses.replace(s, url=f"{served.as_uri()}/{s.file}") for s in small),
    )
    summary = fetch_meshes(pinned, tmp_path / "dest")
    assert summary.ok and len(summary.fetched) == len(small)
    assert server.requests == []


def test_altered_bytes_fail_and_leave_nothing(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "corrupt"
    dest = tmp_path / "dest"
    summary = fetch_meshes(small, dest, base_url=server.url, retries=0)
    assert not summary.ok
    (failure,) = summary.failed
    assert failure.file == REQUIRED_FILE and "SHA-256 mismatch" in failure.reason
    assert f"{server.url}/{REQUIRED_FILE}" in summary.error_line()
    assert not (dest / REQUIRED_FILE).exists() and leftovers(dest) == []
    assert len(summary.fetched) == len(small) - 1  # one bad file does not stop the others


def test_optional_obj_mismatch_is_kept_with_one_warning(small, server, tmp_path):
    server.modes[OPTIONAL_FILE] = "corrupt"
    dest = tmp_path / "dest"
    summary = fetch_meshes(small, dest, base_url=server.url)
    assert summary.ok and "femoral_artery_right" in summary.fetched
    (warning,) = summary.warnings
    assert OPTIONAL_FILE in warning and "\n" not in warning
    assert sha256_of(dest / OPTIONAL_FILE) != small["femoral_artery_right"].sha256
    server.requests.clear()
    again = fetch_meshes(small, dest, base_url=server.url)
    assert server.requests == [] and again.fetched == []  # the kept file is not fetched each run


def test_interrupted_transfer_fails_and_removes_the_part_file(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "truncate"
    dest = tmp_path / "dest"
    summary = fetch_meshes(small, dest, base_url=server.url, retries=0)
    (failure,) = summary.failed
    assert "transfer interrupted" in failure.reason and failure.url.endswith(REQUIRED_FILE)
    assert not (dest / REQUIRED_FILE).exists() and leftovers(dest) == []


def test_a_cut_transfer_is_tried_again_and_completes(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "truncate_once"
    dest = tmp_path / "dest"
    summary = fetch_meshes(small, dest, base_url=server.url, retries=1)
    assert summary.ok and summary.fetched == list(small.ids)
    assert server.requests.count(REQUIRED_FILE) == 2
    assert sha256_of(dest / REQUIRED_FILE) == small["common_iliac_artery_right"].sha256
    assert leftovers(dest) == []


def test_a_mismatch_is_tried_again_then_fails(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "corrupt"
    summary = fetch_meshes(small, tmp_path / "dest", base_url=server.url, retries=1)
    assert server.requests.count(REQUIRED_FILE) == 2
    assert "SHA-256 mismatch (got " in summary.error_line()


def test_the_registry_is_the_manifest(catalogue, tmp_path):
    registry = mesh_registry(catalogue, tmp_path)
    assert sorted(registry.registry) == sorted(s.file for s in catalogue)
    for structure in catalogue:
        known = registry.registry[structure.file]
        assert known == (None if structure.optional else f"sha256:{structure.sha256}")
        assert registry.get_url(structure.file) == structure.url
    assert registry.abspath == tmp_path
    mirror = mesh_registry(catalogue, tmp_path, "http://mirror.example/bp3d")
    assert mirror.get_url("FMA16586.stl") == "http://mirror.example/bp3d/FMA16586.stl"


def test_a_rerun_fetches_only_what_is_missing(small, server, tmp_path):
    dest = tmp_path / "dest"
    fetch_meshes(small, dest, base_url=server.url)
    (dest / REQUIRED_FILE).unlink()
    server.requests.clear()
    summary = fetch_meshes(small, dest, base_url=server.url)
    assert server.requests == [REQUIRED_FILE]
    assert summary.fetched == ["common_iliac_artery_right"] and len(summary.skipped) == 3


def test_a_rerun_replaces_a_damaged_required_file(small, server, tmp_path):
    dest = tmp_path / "dest"
    fetch_meshes(small, dest, base_url=server.url)
    (dest / REQUIRED_FILE).write_bytes(b"damaged")
    summary = fetch_meshes(small, dest, base_url=server.url)
    assert summary.fetched == ["common_iliac_artery_right"]
    assert sha256_of(dest / REQUIRED_FILE) == small["common_iliac_artery_right"].sha256


def test_server_down_names_the_url_and_creates_no_folder(small, tmp_path):
    url = closed_port_url()
    dest = tmp_path / "never" / "made"
    summary = fetch_meshes(small, dest, base_url=url)
    assert not summary.ok and summary.fetched == []
    line = summary.error_line()
    assert f"{url}/FMA14765.stl" in line and "refused" in line.lower() and "\n" not in line
    assert all("not tried" in f.reason for f in summary.failed[1:])  # no 30 s wait per file
    assert not (tmp_path / "never").exists()


def test_a_404_skips_that_file_only(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "missing"
    summary = fetch_meshes(small, tmp_path / "dest", base_url=server.url)
    (failure,) = summary.failed
    assert failure.reason.startswith("HTTP 404")
    assert len(summary.fetched) == len(small) - 1
    assert server.requests.count(REQUIRED_FILE) == 1  # a 404 is final: not tried again


def test_a_silent_server_times_out(small, server, tmp_path):
    server.modes[REQUIRED_FILE] = "silent"
    summary = fetch_meshes(small, tmp_path / "dest", base_url=server.url, timeout_s=0.3)
    assert "no answer within 0.3 s" in summary.failed[0].reason


def test_disk_full_stops_and_removes_the_part_file(small, server, tmp_path, monkeypatch):
    real_open = Path.open

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def open_on_a_full_disk(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        return FullDisk(handle) if self.parent == dest and "w" in mode else handle

    dest = tmp_path / "dest"
    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    summary = fetch_meshes(small, dest, base_url=server.url)
    assert "No space left on device" in summary.error_line()
    assert summary.fetched == [] and leftovers(dest) == []
    assert len(server.requests) == 1  # the run stops: the next files would hit the same wall


def test_cancel_keeps_verified_files_and_removes_the_part_file(small, server, tmp_path):
    cancel = threading.Event()

    def on_progress(progress: FetchProgress) -> None:
        if progress.index == 2 and progress.file_done_bytes > 0:
            cancel.set()

    dest = tmp_path / "dest"
    with pytest.raises(FetchCancelledError):
        fetch_meshes(small, dest, base_url=server.url, on_progress=on_progress, cancel=cancel)
    assert (dest / REQUIRED_FILE).is_file()
    assert not (dest / "FMA14766.stl").exists() and leftovers(dest) == []


def test_base_url_option_beats_the_environment():
    environ = {BASE_URL_ENV: "http://mirror.example/b/"}
    assert resolve_base_url("http://a.example/x/", environ) == "http://a.example/x"
    assert resolve_base_url(None, environ) == "http://mirror.example/b"
    assert resolve_base_url(None, {}) is None
    with pytest.raises(UserError, match="ftp://x"):
        resolve_base_url("ftp://x", {})


def test_progress_fraction_weights_files_equally():
    half_of_second = FetchProgress("b.stl", 2, 4, 50, 100, 0)
    assert half_of_second.fraction == pytest.approx(0.375)
    assert FetchProgress("b.stl", 2, 4, 50, None, 0).fraction == pytest.approx(0.25)


# --- the CLI -------------------------------------------------------------------------------------


@pytest.fixture
def small_cli(small, monkeypatch):
    monkeypatch.setattr("anatomy_viewer.commands.meshes.load_catalogue", lambda: small)
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    return small


def test_cli_fetch_exit_0_then_only_missing(small_cli, server, tmp_path, capsys):
    dest = tmp_path / "dest"
    assert main(["meshes", "fetch", "--base-url", server.url, "--dest", str(dest)]) == 0
    out, err = capsys.readouterr()
    assert f"4 downloaded, 0 already present, 0 failed: {dest}" in out
    assert err.count("downloading [") == 4  # not a TTY: one line per file
    assert "Downloading file" not in err  # pooch's own log lines would repeat each one
    assert "Traceback" not in err
    assert main(["meshes", "fetch", "--base-url", server.url, "--dest", str(dest)]) == 0
    assert "0 downloaded, 4 already present" in capsys.readouterr().out


def test_cli_fetch_reads_the_base_url_from_the_environment(
    small_cli, server, tmp_path, monkeypatch
):
    monkeypatch.setenv(BASE_URL_ENV, server.url)
    assert main(["meshes", "fetch", "--dest", str(tmp_path / "dest")]) == 0
    assert len(server.requests) == 4


def test_cli_fetch_offline_exit_2_one_line_naming_the_url(small_cli, tmp_path, capsys):
    url = closed_port_url()
    assert main(["meshes", "fetch", "--base-url", url, "--dest", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and f"{url}/FMA14765.stl" in errors[0]
    assert "Traceback" not in err


def test_cli_fetch_optional_failure_is_a_warning_and_exit_0(small_cli, server, tmp_path, capsys):
    server.modes[OPTIONAL_FILE] = "missing"
    assert main(["meshes", "fetch", "--base-url", server.url, "--dest", str(tmp_path / "d")]) == 0
    err = capsys.readouterr().err
    assert "warning: optional cannot download FMA70249.obj" in err and "HTTP 404" in err


def test_cli_fetch_rejects_a_bad_base_url(small_cli, tmp_path, capsys):
    assert main(["meshes", "fetch", "--base-url", "gopher://x", "--dest", str(tmp_path)]) == 2
    assert "must start with http://" in capsys.readouterr().err


def test_cli_fetch_defaults_to_the_user_cache(small_cli, server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANATOMY_VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ANATOMY_VIEWER_MESH_DIR", raising=False)
    assert main(["meshes", "fetch", "--base-url", server.url]) == 0
    assert (tmp_path / "cache" / "bp3d" / REQUIRED_FILE).is_file()
    assert "note:" not in capsys.readouterr().err  # the app reads the cache: nothing to point out


def test_text_progress_draws_one_live_line_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = TextProgress(stream)
    bar.update(FetchProgress("FMA14765.stl", 1, 2, 0, 100, 0))
    bar.update(FetchProgress("FMA14765.stl", 1, 2, 100, 100, 100))
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and "FMA14765.stl" in text
    assert "[############............]  50%" in text


def test_the_whole_manifest_downloads_from_a_local_mirror(catalogue, mesh_dir, tmp_path):
    # Serves the shared folder read-only: every manifest SHA-256 against the real bytes, over HTTP.
    with MeshServer(mesh_dir) as mirror:
        summary = fetch_meshes(catalogue, tmp_path / "all", base_url=mirror.url)
    assert summary.ok and not summary.warnings and len(summary.fetched) == 50
