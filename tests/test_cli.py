"""The command line: --version, --help everywhere, headless screenshots, one-line errors with exit 2."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer import __version__
from anatomy_viewer.cli import build_parser, main


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "anatomy_viewer", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_a_named_command_gets_its_arguments():
    argv = ["screenshot", "-o", "x.png"]
    args = build_parser(argv).parse_args(argv)
    assert args.command == "screenshot" and args.output.name == "x.png" and callable(args.run)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_for_every_command(capsys):
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert "screenshot" in commands and "meshes" in commands
    for name in [None, *commands]:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"] if name else ["--help"])
        assert exit_info.value.code == 0
        assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["screenshot", "--view", "sideways", "-o", "x.png"],
        ["screenshot", "--size", "big", "-o", "x.png"],
        ["screenshot", "--size", "9000x9000", "-o", "x.png"],
        ["no-such-command"],
    ],
)
def test_bad_arguments_one_line_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err


def test_screenshot_to_unknown_suffix_or_folder(tmp_path, capsys, mesh_dir):
    assert main(["screenshot", "-o", str(tmp_path / "x.gif")]) == 2
    assert main(["screenshot", "-o", str(tmp_path / "nowhere" / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


def test_missing_meshes_say_how_to_get_them(tmp_path):
    result = run_cli("--mesh-dir", str(tmp_path), "screenshot", "-o", str(tmp_path / "a.png"))
    assert result.returncode == 2
    assert "anatomy-viewer meshes fetch" in result.stderr and "--mesh-dir" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_nonexistent_mesh_dir_is_one_line(tmp_path):
    result = run_cli(
        "screenshot", "--mesh-dir", str(tmp_path / "nope"), "-o", str(tmp_path / "a.png")
    )
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_headless_screenshot_writes_the_anatomy(tmp_path, mesh_dir):
    out = tmp_path / "anterior.png"
    env = {"DISPLAY": "", "ANATOMY_VIEWER_MESH_DIR": str(mesh_dir)}  # prove no X server is needed
    result = run_cli(
        "screenshot", "--view", "anterior", "--size", "640x480", "-o", str(out), env=env
    )
    assert result.returncode == 0, result.stderr
    image = np.asarray(Image.open(out).convert("RGB"), dtype=float)
    assert image.shape == (480, 640, 3)
    # Bone (ivory) and muscle (red) are on the picture, not just the background.
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    ivory = (r > 140) & (g > 130) & (b > 100) & (np.abs(r - g) < 40) & (r >= b)
    red = (
        (image[..., 0] > 110)
        & (image[..., 0] > 1.6 * image[..., 1])
        & (image[..., 0] > 1.6 * image[..., 2])
    )
    assert ivory.mean() > 0.03 and red.mean() > 0.03
