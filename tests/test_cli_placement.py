"""``anatomy-viewer landmarks`` and ``check-placement``: output formats and the exit-2 cases."""

from __future__ import annotations

import json

import numpy as np
import pytest

from anatomy_viewer.cli import main
from anatomy_viewer.core.vocabulary import LANDMARK_IDS, VERDICTS


@pytest.fixture(scope="module")
def marks(mesh_dir):
    """The landmarks as the CLI prints them (used to place the tip relative to the ASIS)."""
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--mesh-dir", str(mesh_dir), "landmarks", "--json"]) == 0
    return json.loads(out.getvalue())


def test_landmarks_json(marks):
    assert list(marks) == list(LANDMARK_IDS)
    assert all(len(v) == 3 for v in marks.values())
    apart = np.linalg.norm(np.subtract(marks["asis_left"], marks["asis_right"]))
    assert 200 <= apart <= 270


def test_landmarks_table(mesh_dir, capsys):
    assert main(["landmarks", "--mesh-dir", str(mesh_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["landmark", "X", "Y", "Z"]
    assert "asis_right" in out and "most anterior point of the ilium" in out
    assert "estimate" in out


def test_check_placement_json(mesh_dir, marks, capsys):
    x, z = marks["asis_right"][0] + 20, marks["asis_right"][2] + 20
    code = main(["check-placement", "--mesh-dir", str(mesh_dir), "--side", "right",
                 "--at", str(x), str(z), "--pivot", "10", "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["verdict"] in VERDICTS
    assert {"verdict", "reasons", "target", "target_depth_mm", "tip", "clearances_mm"} <= set(data)
    assert data["tip"][0] == pytest.approx(x, abs=0.05) and data["tip"][2] == pytest.approx(
        z, abs=0.05
    )
    assert data["pivot_deg"] == 10.0


def test_check_placement_text_on_the_midline(mesh_dir, marks, capsys):
    umbilicus = marks["umbilicus_level"]
    args = ["check-placement", "--side", "left", "--at", str(umbilicus[0]), str(umbilicus[2])]
    assert main(["--mesh-dir", str(mesh_dir), *args]) == 0
    out = capsys.readouterr().out
    assert out.startswith("verdict: DANGER")
    assert "linea alba" in out and "schematic body wall (derived)" in out


@pytest.mark.parametrize("args", [
    ["--side", "middle", "--at", "-90", "920"],
    ["--side", "right", "--at", "-90", "high"],
    ["--side", "right", "--at", "-90"],
    ["--side", "right", "--at", "-90", "920", "--pivot", "steep"],
])  # fmt: skip
def test_bad_arguments_end_in_one_line_and_exit_2(mesh_dir, capsys, args):
    with pytest.raises(SystemExit) as stop:
        main(["check-placement", "--mesh-dir", str(mesh_dir), *args])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error" in err


@pytest.mark.parametrize(("args", "words"), [
    (["--side", "right", "--at", "-500", "900"], "point off the wall"),
    (["--side", "right", "--at", "-90", "920", "--pivot", "120"], "pivot"),
])  # fmt: skip
def test_placements_the_checker_refuses_exit_2(mesh_dir, capsys, args, words):
    assert main(["check-placement", "--mesh-dir", str(mesh_dir), *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and words in captured.err


@pytest.mark.parametrize(
    "command", [["landmarks"], ["check-placement", "--side", "right", "--at", "-90", "920"]]
)
def test_missing_meshes_exit_2(tmp_path, capsys, command):
    assert main(["--mesh-dir", str(tmp_path), *command]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error" in err
