"""``anatomy-viewer screenshot --section``: the cut changes the picture where the plane cuts and says so
in a caption; bad sections are one line on stderr and exit code 2, before any mesh is loaded where
the text alone tells."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.cli import main
from anatomy_viewer.core.anatomy.landmarks import compute_landmarks

SIZE = "480x360"


def _shot(tmp_path, name, *extra) -> np.ndarray:
    path = tmp_path / name
    assert main(["screenshot", "--size", SIZE, "-o", str(path), *extra]) == 0
    return np.asarray(Image.open(path).convert("RGB"), dtype=int)


@pytest.fixture(scope="module")
def asis(core_meshes):
    return compute_landmarks(core_meshes).points["asis_right"]


def test_an_axial_section_differs_where_the_plane_cuts(tmp_path, mesh_dir, asis, capsys):
    # Both from the front, so the pictures differ only by the cut: the anatomy above it is gone.
    plain = _shot(tmp_path, "plain.png", "--view", "anterior")
    level = f"axial:{asis[2]:.0f}"
    cut = _shot(tmp_path, "cut.png", "--view", "anterior", "--section", level)
    assert f"{level} section" in capsys.readouterr().out
    changed = np.any(np.abs(cut - plain) > 40, axis=2)
    upper = changed[: changed.shape[0] // 3]  # the lumbar spine and the upper psoas, cut away
    assert upper.mean() > 0.05
    background = cut[5, cut.shape[1] // 2]
    assert (
        np.abs(cut[: cut.shape[0] // 4] - background).max(axis=2).mean() < 25
    )  # nothing left there


def test_a_section_faces_the_cut_unless_a_view_is_given(tmp_path, mesh_dir, asis, capsys):
    cut = _shot(tmp_path, "facing.png", "--section", f"axial:{asis[2]:.0f}")
    assert "facing the cut view" in capsys.readouterr().out
    # Looking down on the cut pelvis: the filled cut faces of the muscles (psoas red, iliacus
    # orange-red) stand in the middle of the picture.
    r, g, b = (cut[..., i] for i in range(3))
    assert np.count_nonzero((r > 150) & (g < 110) & (b < 110)) > 1500


def test_a_press_line_section_follows_the_tool(tmp_path, mesh_dir, asis):
    tool = (
        f"right:{asis[0] + 25:.1f}:{asis[2] + 15:.1f}:25"  # lesson 4's spot, pivoted to the iliacus
    )
    whole = _shot(tmp_path, "whole.png", "--tool", tool, "--view", "right")
    cut = _shot(
        tmp_path, "layers.png", "--tool", tool, "--view", "right", "--section", "press-line"
    )
    assert np.any(np.abs(cut - whole) > 40, axis=2).mean() > 0.03


@pytest.mark.parametrize(
    "section, words",
    [("axal:900", "PLANE:MM"), ("axial:high", "must be a number"),
     ("axial:5000", "cuts nothing"), ("press-line", "needs a tool placement")],
)  # fmt: skip
def test_bad_sections_one_line_exit_2(tmp_path, mesh_dir, capsys, section, words):
    path = tmp_path / "bad.png"
    assert main(["screenshot", "--size", SIZE, "-o", str(path), "--section", section]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert words in err
    assert not path.exists()


def test_the_caption_reads_in_the_picture(tmp_path, mesh_dir):
    """Every picture of a section says which one it is: the caption must survive into the pixels."""
    import os
    import shutil
    import subprocess

    if shutil.which("tesseract") is None:
        if os.environ.get("CI"):
            pytest.fail("tesseract is needed to read the caption (apt-get install tesseract-ocr)")
        pytest.skip("tesseract is not installed")
    path = tmp_path / "cut.png"
    assert (
        main(["screenshot", "--size", "1600x1200", "-o", str(path), "--section", "axial:902"]) == 0
    )
    foot = tmp_path / "foot.png"
    picture = Image.open(path)
    picture.crop((0, picture.height * 9 // 10, picture.width, picture.height)).save(foot)
    words = subprocess.run(
        ["tesseract", str(foot), "stdout"], capture_output=True, text=True, check=True
    ).stdout
    assert "Section: axial at Z = 902 mm" in " ".join(words.split())
