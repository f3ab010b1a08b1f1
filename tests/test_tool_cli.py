"""``anatomy-viewer screenshot --tool SIDE:X:Z:PIVOT``: the hook and its press line in the image;
bad placements are one line on stderr and exit code 2."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.cli import main

SIZE = "480x360"


def _shot(tmp_path, name, *extra) -> np.ndarray:
    path = tmp_path / name
    assert main(["screenshot", "--size", SIZE, "-o", str(path), *extra]) == 0
    return np.asarray(Image.open(path).convert("RGB"), dtype=int)


def test_tool_is_drawn(tmp_path, mesh_dir, capsys):
    plain = _shot(tmp_path, "plain.png")
    hooked = _shot(tmp_path, "tool.png", "--tool", "right:-70:910:25")
    changed = np.any(np.abs(hooked - plain) > 30, axis=2)
    assert changed.mean() > 0.02  # the hook, its wall and the readout: a visible share of the image
    # The hook is blue (render/overlays/tool_layer.py HOOK_COLOUR #3d8fd1): strongly blue pixels appear.
    r, g, b = (hooked[..., i] for i in range(3))
    assert np.count_nonzero((b > 150) & (b > r + 60) & (g > 90)) > 500
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    "tool, words",
    [
        ("up:-70:910:25", "SIDE:X:Z:PIVOT"),
        ("right:a:910:25", "must be numbers"),
        ("right:-70:910:200", "pivot must be between"),
        ("right:-70:5000:0", "off the wall"),
    ],
)
def test_bad_tool_one_line_exit_2(tmp_path, mesh_dir, capsys, tool, words):
    path = tmp_path / "bad.png"
    assert main(["screenshot", "--size", SIZE, "-o", str(path), "--tool", tool]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert words in err
    assert not path.exists()
