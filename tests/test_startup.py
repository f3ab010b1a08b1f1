"""Start-up smoke test in a subprocess: the real command opens the window on the real anatomy and quits."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def test_app_starts_shows_first_frame_and_quits(mesh_dir, tmp_path):
    env = {**os.environ, "ANATOMY_VIEWER_MESH_DIR": str(mesh_dir), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "anatomy_viewer", "--quit-after-ms", "300"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "first frame shown" in result.stdout
    assert "Traceback" not in result.stderr
