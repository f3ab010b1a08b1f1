"""The press line's path through the layers: every surface crossing of a ray on synthetic meshes, the
layers made of them with known answers, and on the real meshes the lesson's safe placement as
``check-placement`` reports it (depths increasing, ending at the target's depth)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from anatomy_viewer.cli import main
from anatomy_viewer.core.anatomy.body_wall import BodyWall, WallOutline
from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.placement.fast_geometry import SlabRayCaster
from anatomy_viewer.core.placement.press_line import PressLine
from anatomy_viewer.core.placement.press_path import press_path, wall_exit_mm
from anatomy_viewer.core.tool.path_words import diagram_rows, rows, text_lines, vessel_too_close


def box(lo, hi) -> SurfaceMesh:
    """A closed axis-aligned box (12 triangles), outward normals."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    corners = np.array(
        [[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    )
    faces = np.array([
        [0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
        [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3],
    ])  # fmt: skip
    return SurfaceMesh(corners, faces, np.zeros_like(corners))


def test_every_crossing_of_a_ray_nearest_first():
    caster = SlabRayCaster(
        [("front", box([-10, 20, -10], [10, 30, 10])), ("back", box([-10, 50, -10], [10, 55, 10]))],
        -20, 20,
    )  # fmt: skip
    hits = caster.hits(np.array([0.0, 0.0, 0.5]), np.array([0.0, 1.0, 0.0]), 100.0)
    assert [owner for _, owner in hits] == ["front", "front", "back", "back"]
    assert [t for t, _ in hits] == pytest.approx([20, 30, 50, 55])
    assert caster.hits(np.array([0.0, 0.0, 0.5]), np.array([0.0, 1.0, 0.0]), 40.0)[-1][0] == 30


def flat_wall(wall_mm: float) -> BodyWall:
    """Skin at Y = -wall_mm everywhere on a 200 x 200 mm patch: the inner face at Y = 0."""
    xs = np.arange(-100.0, 100.1, 2.5)
    zs = np.arange(-100.0, 100.1, 2.5)
    outline = WallOutline(
        -100.0, 100.0, 100.0, np.array([-100.0, 100.0]), np.array([-100.0, -100.0])
    )
    return BodyWall(outline, xs, zs, np.full((len(zs), len(xs)), -wall_mm), wall_mm)


def press(tip, stop_mm, target="iliacus_right", blocked_by=None, pivot_deg=0.0, clearances=None):
    angle = np.radians(pivot_deg)
    direction = np.array([-np.sin(angle), np.cos(angle), 0.0])  # the right side: lateral is -X
    tip = np.asarray(tip, float)
    return PressLine("right", pivot_deg, tip, direction, tip + stop_mm * direction,
                     target, stop_mm if target else None, blocked_by, stop_mm,
                     clearances or {})  # fmt: skip


def test_path_layers_with_known_depths():
    wall = flat_wall(18.0)
    line = press([0.0, -18.0, 0.0], 60.0, clearances={"external_iliac_artery_right": 12.0})
    crossings = [(30.0, "quadratus_lumborum_right"), (40.0, "quadratus_lumborum_right"),
                 (45.0, "external_iliac_artery_right"), (48.0, "external_iliac_artery_right")]  # fmt: skip
    vessel_at = {"external_iliac_artery_right": np.array([12.0, 28.0, 0.0])}  # beside, 46 mm deep
    path = press_path(line, wall, crossings, vessel_at)
    got = [(layer.kind, layer.structure) for layer in path.layers]
    spans = [
        (layer.depth_mm, -1.0 if layer.to_mm is None else layer.to_mm) for layer in path.layers
    ]
    expected = [
        ("wall", None, 0.0, 18.0),
        ("space", None, 18.0, 30.0),
        ("muscle", "quadratus_lumborum_right", 30.0, 40.0),
        ("space", None, 40.0, 45.0),
        ("vessel", "external_iliac_artery_right", 45.0, 48.0),
        ("space", None, 48.0, 60.0),
        ("target", "iliacus_right", 60.0, -1.0),
    ]  # fmt: skip
    assert got == [(kind, structure) for kind, structure, _, _ in expected]
    for (start, end), (_, _, want_start, want_end) in zip(spans, expected, strict=True):
        assert start == pytest.approx(want_start, abs=0.11) and end == pytest.approx(
            want_end, abs=0.11
        )
    assert path.target == "iliacus_right" and path.wall_mm == 18.0
    assert path.nearest_vessel.clearance_mm == 12.0
    assert path.nearest_vessel.depth_mm == pytest.approx(46.0)
    assert not vessel_too_close(path)  # 12 mm: outside the 10 mm vessel rule
    assert rows(path)[0].depths == "0-18 mm" and rows(path)[-1].label == "right iliacus (target)"


def test_a_slanted_line_crosses_more_wall_and_a_blocked_one_ends_on_bone():
    wall = flat_wall(20.0)
    line = press([0.0, -20.0, 0.0], 40.0, target=None, blocked_by="hip_bone_right", pivot_deg=30.0)
    assert wall_exit_mm(line, wall) == pytest.approx(20.0 / np.cos(np.radians(30.0)), abs=0.1)
    path = press_path(line, wall, [], {})
    assert [layer.kind for layer in path.layers] == ["wall", "space", "bone"]
    assert path.end.structure == "hip_bone_right" and path.nearest_vessel is None
    assert rows(path)[-1].label == "right hip bone: bone first"


def test_slivers_join_their_neighbours_and_labels_never_overlap():
    wall = flat_wall(10.0)
    line = press([0.0, -10.0, 0.0], 50.0)
    crossings = [(10.2, "linea_alba"), (12.0, "linea_alba"), (30.0, "psoas_major_left"),
                 (30.3, "psoas_major_left")]  # fmt: skip
    path = press_path(line, wall, crossings, {})
    depths = [layer.depth_mm for layer in path.layers]
    assert all(b > a for a, b in zip(depths, depths[1:], strict=False))
    assert [layer.kind for layer in path.layers] == ["wall", "ligament", "space", "target"]
    placed = diagram_rows(path, label_gap=0.2)
    centres = [row.label_at for row in placed]
    assert all(b - a >= 0.2 - 1e-9 for a, b in zip(centres, centres[1:], strict=False))


# --- the real meshes ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


def _safe_spot(checker):
    """The lessons' example: 25 mm medial and 15 mm superior of the measured right ASIS."""
    asis = checker.landmarks["asis_right"]
    return asis[0] + 25.0, asis[2] + 15.0


def test_a_placement_asked_again_gets_its_path_without_casting_again(checker):
    x, z = _safe_spot(checker)
    first = checker.check("right", x, z, 0.0)
    path = checker.path(first)
    assert checker.path(first) is path
    other = checker.check("right", x, z, -20.0)  # another placement: its own path
    assert checker.path(other) is not path and checker.path(other).target == other.target
    again = checker.check("right", x, z, 0.0)  # equal to the first, a new object: cast again
    assert checker.path(again) == path


@pytest.mark.parametrize("pivot", [-20.0, 0.0, 25.0])
def test_path_of_the_lessons_placements_ends_on_the_target(checker, pivot):
    x, z = _safe_spot(checker)
    placement = checker.check("right", x, z, pivot)
    path = checker.path(placement)
    depths = [layer.depth_mm for layer in path.layers]
    assert depths[0] == 0.0 and all(b > a for a, b in zip(depths, depths[1:], strict=False))
    assert path.end.kind == "target" and path.target == placement.target
    assert path.end.depth_mm == pytest.approx(placement.target_depth_mm)
    assert path.layers[0].kind == "wall"
    assert path.layers[0].to_mm >= placement.wall_mm - 1.0  # through the whole wall, or more
    nearest = min(placement.clearances_mm.values())
    assert path.nearest_vessel.clearance_mm == pytest.approx(nearest)
    assert 0.0 <= path.nearest_vessel.depth_mm <= path.end.depth_mm


def test_check_placement_json_has_the_path(mesh_dir, checker, capsys):
    x, z = _safe_spot(checker)
    code = main(["check-placement", "--mesh-dir", str(mesh_dir), "--side", "right",
                 "--at", str(x), str(z), "--json", "--wall-mm", "average"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["verdict"] == "safe" and data["wall_mm"] == 26.0
    path = data["path"]
    depths = [layer["depth_mm"] for layer in path]
    assert all(b > a for a, b in zip(depths, depths[1:], strict=False))
    assert path[0]["kind"] == "wall" and path[0]["to_mm"] == pytest.approx(26.0, abs=0.5)
    assert path[-1] == {"kind": "target", "structure": data["target"],
                        "depth_mm": data["target_depth_mm"], "to_mm": None}  # fmt: skip
    vessel = data["nearest_vessel"]
    assert vessel["clearance_mm"] == min(data["clearances_mm"].values())
    # The same placement on the default wall: 8 mm shallower, pressing straight back.
    lean = checker.check("right", x, z, 0.0)
    assert data["target_depth_mm"] == pytest.approx(lean.target_depth_mm + 8.0, abs=1.0)


def test_check_placement_text_shows_the_path_and_the_wall(mesh_dir, checker, capsys):
    x, z = _safe_spot(checker)
    assert main(["check-placement", "--mesh-dir", str(mesh_dir), "--side", "right",
                 "--at", str(x), str(z), "--wall-mm", "37"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "wall 37 mm (high BMI)" in out and "path of the press line" in out
    placement = checker.with_wall(37.0).check("right", x, z, 0.0)
    for line in text_lines(checker.with_wall(37.0).path(placement)):
        assert line in out


@pytest.mark.parametrize("value", ["3", "100", "thick"])
def test_bad_wall_thickness_is_one_line_and_exit_2(mesh_dir, capsys, value):
    with pytest.raises(SystemExit) as stop:
        main(["check-placement", "--mesh-dir", str(mesh_dir), "--side", "right",
              "--at", "-90", "920", "--wall-mm", value])  # fmt: skip
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "body wall thickness" in err
