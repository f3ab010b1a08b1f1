"""Zones: the fast geometry on synthetic meshes with known answers, the derived wall and the zone map
on the real meshes, and the render layer's switching."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.placement.fast_geometry import (
    SAMPLE_SPACING_MM,
    SlabRayCaster,
    SurfaceSamples,
    sample_surface,
)
from anatomy_viewer.core.placement.press_line import press_direction
from anatomy_viewer.core.placement.zones import HIP_CREASE_MARGIN_MM, MIDLINE_HALF_WIDTH_MM
from anatomy_viewer.core.vocabulary import CAUTION_CODES, DANGER_CODES, ZONE_CODES

SAMPLING_ERROR_MM = SAMPLE_SPACING_MM / np.sqrt(3) + 0.05


def as_surface(mesh: trimesh.Trimesh) -> SurfaceMesh:
    return SurfaceMesh(
        np.asarray(mesh.vertices, float), np.asarray(mesh.faces), mesh.vertex_normals
    )


def pelvis_box() -> SurfaceMesh:
    """A box "pelvis": X -50..50, Y -150..-50 (front face at Y = -150), Z 800..900."""
    box = trimesh.creation.box(extents=(100, 100, 100))
    box.apply_translation((0, -100, 850))
    return as_surface(box)


def artery_cylinder(x=0.0, y=0.0, radius=5.0) -> SurfaceMesh:
    """An upright cylinder "artery" of ``radius`` around (x, y), Z 0..100."""
    tube = trimesh.creation.cylinder(radius=radius, height=100, sections=64)
    tube.apply_translation((x, y, 50))
    return as_surface(tube)


# --- synthetic geometry ----------------------------------------------------------------------


def test_ray_hits_the_front_of_the_box_pelvis():
    caster = SlabRayCaster([("pelvis", pelvis_box())], 780, 920)
    origins = np.array([[0.0, -200.0, 850.0], [30.0, -200.0, 850.0], [80.0, -200.0, 850.0]])
    distance, owners = caster.cast(origins, np.array([0.0, 1.0, 0.0]), 150)
    assert distance[:2] == pytest.approx([50.0, 50.0])
    assert owners == ["pelvis", "pelvis", None]  # the third ray passes beside the box
    assert np.isinf(distance[2])


def test_ray_respects_reach_height_and_mask():
    caster = SlabRayCaster([("pelvis", pelvis_box())], 780, 920)
    ahead = np.array([[0.0, -200.0, 850.0]])
    straight = np.array([0.0, 1.0, 0.0])
    assert np.isinf(caster.cast(ahead, straight, 40)[0][0])  # the box is 50 mm away
    assert np.isinf(caster.cast(ahead + [0, 0, 70], straight, 150)[0][0])  # above the box
    assert np.isinf(caster.cast(ahead, straight, 150, caster.mask([]))[0][0])
    slanted = np.array([np.sin(np.radians(30)), np.cos(np.radians(30)), 0.0])
    assert caster.cast(ahead, slanted, 150)[0][0] == pytest.approx(50 / np.cos(np.radians(30)))


def test_segment_clearance_to_a_cylinder_artery():
    samples = SurfaceSamples({"artery": sample_surface(artery_cylinder(radius=5.0))})
    start, end = np.array([20.0, -50.0, 50.0]), np.array([20.0, 50.0, 50.0])
    assert samples.distances_to_segment(start, end)["artery"] == pytest.approx(
        15.0, abs=SAMPLING_ERROR_MM
    )
    short = np.array([20.0, -20.0, 50.0])  # stops before passing the artery: nearest is its end
    expected = np.hypot(20, 20) - 5
    assert samples.distances_to_segment(start, short)["artery"] == pytest.approx(
        expected, abs=SAMPLING_ERROR_MM
    )
    through = samples.distances_to_segment(
        np.array([0.0, -50.0, 50.0]), np.array([0.0, 50.0, 50.0])
    )
    assert through["artery"] < SAMPLING_ERROR_MM


def test_batched_clearances_match_single_ones():
    samples = SurfaceSamples(
        {
            "artery": sample_surface(artery_cylinder()),
            "vein": sample_surface(artery_cylinder(-12, 0, 6)),
        }
    )
    starts = np.c_[np.arange(-40.0, 41.0, 4.0), np.full(21, -60.0), np.full(21, 40.0)]
    ends = starts + [0.0, 90.0, 0.0]
    batch = samples.near_segments(starts, ends, within=10.0)
    for k in range(len(starts)):
        single = samples.distances_to_segment(starts[k], ends[k])
        for name in ("artery", "vein"):
            expected = single[name] if single[name] < 10.0 else np.inf
            assert batch[name][k] == pytest.approx(expected, abs=1e-9)


def test_surface_samples_cover_long_thin_triangles():
    points = np.array([[0.0, 0.0, 0.0], [80.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    mesh = SurfaceMesh(points, np.array([[0, 1, 2]]), np.zeros((3, 3)))
    samples = sample_surface(mesh)
    rng = np.random.default_rng(1)
    a, b = rng.random((2, 500))
    flip = a + b > 1
    a[flip], b[flip] = 1 - a[flip], 1 - b[flip]
    probes = points[0] + a[:, None] * (points[1] - points[0]) + b[:, None] * (points[2] - points[0])
    gaps = np.linalg.norm(probes[:, None] - samples[None], axis=2).min(axis=1)
    assert gaps.max() <= SAMPLE_SPACING_MM / np.sqrt(3) + 1e-9


@pytest.mark.parametrize(("lateral_sign", "pivot", "expected"), [
    (-1, 0, (0, 1, 0)), (-1, 90, (-1, 0, 0)), (1, 90, (1, 0, 0)), (-1, -90, (1, 0, 0)),
])  # fmt: skip
def test_pivot_turns_the_press_toward_lateral(lateral_sign, pivot, expected):
    assert np.allclose(press_direction(pivot, lateral_sign), expected, atol=1e-12)


# --- the real meshes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


@pytest.fixture(scope="module")
def zones(checker):
    return checker.zone_map()


def test_wall_lies_in_front_of_the_landmarks_and_says_when_off(checker):
    marks, wall = checker.landmarks, checker.wall
    for landmark in ("asis_right", "asis_left", "mid_inguinal_right", "umbilicus_level"):
        x, y, z = marks[landmark]
        assert wall.wall_point(x, z)[1] < y  # anterior (-Y) of the bone or linea alba under it
    assert np.allclose(wall.wall_point(-60.0, 900.0)[[0, 2]], [-60.0, 900.0])
    for x, z in ((-400.0, 900.0), (0.0, 2000.0), (0.0, 600.0), (float("nan"), 900.0)):
        with pytest.raises(UserError, match="point off the wall"):
            wall.wall_point(x, z)
    assert wall.label == "schematic body wall (derived)"


def test_wall_reaches_past_both_asis_and_below_the_ligaments(checker):
    marks, wall = checker.landmarks, checker.wall
    for side, sign in (("right", -1), ("left", 1)):
        asis = marks[f"asis_{side}"]
        assert wall.contains(asis[0] + sign * 20, asis[2])
        mid = marks[f"mid_inguinal_{side}"]
        below = mid[2] - checker.rules.height_above_ligament(side, mid[0], mid[2]) - 20
        assert wall.contains(mid[0], below)
    assert wall.contains(0.0, marks["umbilicus_level"][2])


def test_external_iliac_artery_runs_medial_to_the_psoas_lateral_edge(core_meshes, checker):
    for side, sign in (("right", -1), ("left", 1)):
        artery = core_meshes[f"external_iliac_artery_{side}"].points
        psoas = core_meshes[f"psoas_major_{side}"].points
        for z in np.linspace(artery[:, 2].min() + 10, artery[:, 2].max() - 10, 5):
            a = artery[np.abs(artery[:, 2] - z) < 3]
            p = psoas[np.abs(psoas[:, 2] - z) < 3]
            assert a[:, 0].mean() * sign < (p[:, 0] * sign).max(), (side, z)


def test_zone_map_uses_the_vocabulary(zones):
    assert set(zones.flags) == set(ZONE_CODES)
    shown = {ZONE_CODES[c] for c in np.unique(zones.code) if c >= 0}
    assert {"safe", "hip_crease", "midline", "artery", "nerve"} <= shown
    assert zones.pivot_deg == 0.0


def test_safe_zone_lies_between_asis_and_midline_above_the_ligament(checker, zones):
    marks, rules = checker.landmarks, checker.rules
    rows, cols = np.nonzero(zones.cells("safe"))
    x, z = zones.xs[cols], zones.zs[rows]
    offset = rules.midline_offset_mm(x, z)
    for side in ("right", "left"):
        mine = offset * marks.lateral_sign(side) > 0
        asis = marks[f"asis_{side}"]
        assert mine.sum() * zones.step_mm**2 > 1500  # at least 15 cm2 on each side
        assert (np.abs(offset[mine]) < abs(rules.midline_offset_mm(asis[0], asis[2]))).all()
        assert (np.abs(offset[mine]) > MIDLINE_HALF_WIDTH_MM).all()
        above = rules.height_above_ligament(side, x[mine], z[mine])
        assert (np.nan_to_num(above, nan=np.inf) > HIP_CREASE_MARGIN_MM).all()
        # Just inside (medial to) the ASIS, the tip is on the safe zone or within 1.5 cm of it.
        inside = np.array([asis[0] - marks.lateral_sign(side) * 15, asis[2] + 15])
        gaps = np.hypot(x[mine] - inside[0], z[mine] - inside[1])
        assert gaps.min() <= 15


def test_danger_where_anatomy_says_never(checker, zones, core_meshes):
    marks = checker.landmarks
    umbilicus = marks["umbilicus_level"]
    assert zones.code_at(umbilicus[0], umbilicus[2]) == "midline"
    for side in ("right", "left"):
        mid = marks[f"mid_inguinal_{side}"]
        below = mid[2] - checker.rules.height_above_ligament(side, mid[0], mid[2]) - 10
        assert zones.code_at(mid[0], below) in DANGER_CODES
        artery = core_meshes[f"external_iliac_artery_{side}"].points
        z = mid[2]  # above the ligament there, and the artery runs beneath
        x = artery[np.abs(artery[:, 2] - z) < 3][:, 0].mean()
        assert zones.flags["artery"][
            np.argmin(np.abs(zones.zs - z)), np.argmin(np.abs(zones.xs - x))
        ]


def test_zone_map_agrees_with_the_checker(checker, zones):
    rng = np.random.default_rng(3)
    rows, cols = np.nonzero(zones.code >= 0)
    for k in rng.choice(len(rows), 40, replace=False):
        x, z = zones.xs[cols[k]], zones.zs[rows[k]]
        found = {r.code for r in checker.verdict_at(x, z).reasons}
        assert ZONE_CODES[zones.code[rows[k], cols[k]]] in found
        assert found == {c for c in ZONE_CODES if zones.flags[c][rows[k], cols[k]]}


def test_moving_all_meshes_moves_every_zone(core_meshes, checker, zones):
    shift = np.array([12.5, -7.25, 30.0])
    moved = PlacementChecker.from_meshes({i: m.translated(shift) for i, m in core_meshes.items()})
    moved_zones = moved.zone_map()
    assert np.allclose(moved_zones.xs, zones.xs + shift[0]) and np.allclose(
        moved_zones.zs, zones.zs + shift[2]
    )
    assert (moved_zones.code == zones.code).mean() > 0.995
    tip = checker.wall.wall_point(-90.0, 920.0)
    assert np.allclose(
        moved.wall.wall_point(-90.0 + shift[0], 920.0 + shift[2]), tip + shift, atol=0.05
    )


def test_left_and_right_zones_mirror_each_other(checker, zones):
    mid_x = float(checker.landmarks.midsagittal.point[0])
    for code in ("safe", "hip_crease", "artery", "nerve"):
        cells = zones.cells(code)
        right = (cells & (zones.xs < mid_x)[None, :]).sum()
        left = (cells & (zones.xs > mid_x)[None, :]).sum()
        assert abs(right - left) <= 0.25 * max(right, left), code
        r, lt = zones.centroid(code, "right", mid_x), zones.centroid(code, "left", mid_x)
        assert abs((r[0] - mid_x) + (lt[0] - mid_x)) < 10 and abs(r[1] - lt[1]) < 10, code


# --- the render layer --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def layer(checker):
    import pyvista as pv

    from anatomy_viewer.render.overlays.zones_layer import ZonesLayer

    plotter = pv.Plotter(off_screen=True, window_size=[400, 300])
    yield ZonesLayer(plotter, checker)
    plotter.close()


def visible(layer, name: str) -> bool:
    return all(actor.GetVisibility() for actor in layer.actors[name]) and bool(layer.actors[name])


def test_layer_switches_visibility_in_place_without_rendering(layer):
    plotter = layer.plotter
    before = {name: [id(a) for a in actors] for name, actors in layer.actors.items()}
    renders = []
    tag = plotter.render_window.AddObserver("EndEvent", lambda *_: renders.append(1))
    layer.set_layers({"danger", "legend"})
    assert all(visible(layer, c) for c in DANGER_CODES if layer.actors[c])
    assert not any(visible(layer, c) for c in (*CAUTION_CODES, "safe", "wall", "landmarks"))
    layer.set_layers({"wall", "safe", "landmarks", "nerve"})
    assert visible(layer, "wall") and visible(layer, "safe") and visible(layer, "nerve")
    assert (
        not visible(layer, "bone")
        and not visible(layer, "hip_crease")
        and not visible(layer, "legend")
    )
    plotter.render_window.RemoveObserver(tag)
    assert renders == []
    assert {name: [id(a) for a in actors] for name, actors in layer.actors.items()} == before
    with pytest.raises(ValueError, match="unknown zone layers"):
        layer.set_layers({"sparkles"})


def test_layer_follows_a_scene_state_and_answers_hover(layer, checker):
    from anatomy_viewer.core.scene.scene_state import SceneState

    layer.apply(SceneState(zones=frozenset({"caution"})))
    assert visible(layer, "nerve") and not visible(layer, "safe")
    layer.apply(SceneState())
    assert not any(visible(layer, name) for name in layer.actors)
    asis = checker.landmarks["asis_right"]
    picked = checker.wall.wall_point(asis[0] + 20, asis[2] + 20)
    assert layer.verdict_at(picked).side == "right"
    assert layer.verdict_at((500.0, 0.0, 0.0)) is None
