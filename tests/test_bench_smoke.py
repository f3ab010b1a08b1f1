"""``scripts/bench.py --quick --json`` runs end to end and ends with the JSON the issue asks for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


@pytest.mark.slow
def test_quick_bench_prints_valid_json(mesh_dir):
    env = {**os.environ, "ANATOMY_VIEWER_MESH_DIR": str(mesh_dir)}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("first_frame_s", "orbit_frame_ms"):
        assert set(report[key]) == {"app", "baseline"}
        assert all(isinstance(v, float) and v > 0 for v in report[key].values())
    assert set(report["placement_check_ms"]) == {"median", "p95"}
    for key in ("step_switch_ms", "export_4k_s", "peak_rss_mb"):
        assert isinstance(report[key], float) and report[key] > 0
    if shutil.which("xvfb-run") or os.environ.get("DISPLAY"):  # the window's figures (issue 17)
        for key in ("window_orbit_frame_ms", "window_rest_frame_ms", "drag_updates_per_s"):
            assert set(report[key]) == {"app", "baseline"}, key
            assert all(isinstance(v, float) and v > 0 for v in report[key].values()), key
        assert report["step_first_frame_ms"] > 0
        window = report["details"]["window"]
        assert window["view_size"][0] >= 0.6 * window["window"][0] - 40  # the default share
    assert "app/base" in done.stdout  # the table came first


def test_bench_refuses_without_meshes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ANATOMY_VIEWER_MESH_DIR"}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--mesh-dir", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "--mesh-dir" in done.stderr
