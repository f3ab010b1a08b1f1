"""Landmarks: known answers on tiny synthetic meshes, anatomical plausibility on the real meshes."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.anatomy import landmarks as lm
from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.vocabulary import LANDMARK_IDS

# --- synthetic meshes ------------------------------------------------------------------------


def box(low, high, step=2.0) -> SurfaceMesh:
    """A closed box surface sampled every ``step`` mm (points matter here, faces only loosely)."""
    low, high = np.asarray(low, float), np.asarray(high, float)
    axes = [np.arange(lo, hi + step / 2, step) for lo, hi in zip(low, high, strict=True)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    on_face = ((grid <= low + 1e-9) | (grid >= high - 1e-9)).any(axis=1)
    points = grid[on_face]
    faces = np.array([[0, 1, 2]])
    return SurfaceMesh(points, faces, np.zeros_like(points))


def sphere_points(centre, radius, n=2000) -> np.ndarray:
    rng = np.random.default_rng(0)
    v = rng.normal(size=(n, 3))
    return np.asarray(centre) + radius * v / np.linalg.norm(v, axis=1, keepdims=True)


def test_femoral_head_centre_of_a_ball_on_a_shaft():
    centre = np.array([-80.0, -90.0, 820.0])
    head = sphere_points(centre, 22.0)
    head = head[head[:, 2] > centre[2] - 15]  # the neck hides the underside
    shaft = box([-110, -100, 500], [-90, -80, 790]).points
    femur = SurfaceMesh(np.r_[head, shaft], np.array([[0, 1, 2]]), np.zeros((1, 3)))
    assert np.allclose(lm.femoral_head_centre(femur), centre, atol=0.5)


def test_asis_is_the_most_anterior_point_above_the_head():
    bone = box([-120, -150, 760], [-20, -30, 960]).points
    spine = np.array([[-115.0, -170.0, 900.0]])  # a bump forward, above the head
    pubis = np.array([[-20.0, -190.0, 800.0]])  # more anterior still, but below the head
    mesh = SurfaceMesh(np.r_[bone, spine, pubis], np.array([[0, 1, 2]]), np.zeros((1, 3)))
    head = np.array([-80.0, -90.0, 820.0])
    assert np.allclose(lm.asis(mesh, head), spine[0])
    assert np.allclose(lm.pubic_tubercle(mesh, head, medial_sign=1.0), pubis[0])


def test_symphysis_is_the_front_of_the_top_of_the_gap():
    right = box([-60, -140, 780], [-4, -110, 820])
    left = box([4, -140, 780], [60, -110, 820])
    found = lm.pubic_symphysis(right, left)
    assert abs(found[0]) < 1e-6
    assert found[2] > 820 - lm.SYMPHYSIS_TOP_MM
    assert found[1] < -140 + lm.PROMINENCE_TOLERANCE_MM + 1e-6


def test_umbilicus_level_is_midway_between_l3_and_l4_bodies():
    l3 = box([-20, -110, 990], [20, -40, 1020])  # body front at Y -110, lower endplate Z 990
    l4 = box([-20, -110, 950], [20, -40, 982])
    linea_alba = box([-5, -200, 800], [5, -190, 1100])
    point = lm.umbilicus_level(l3, l4, linea_alba, mid_x=0.0)
    assert point[2] == pytest.approx(986.0)
    assert point[1] == pytest.approx(-200.0)


def test_midsagittal_plane_of_mirrored_pairs():
    pairs = [(np.array([-x, y, z]) + [5, 0, 0], np.array([x, y, z]) + [5, 0, 0])
             for x, y, z in [(100, -150, 900), (20, -150, 800), (80, -90, 820)]]  # fmt: skip
    plane = lm.midsagittal_plane(pairs)
    assert np.allclose(plane.normal, [1, 0, 0])
    assert plane.signed_distance_mm([5.0, 0.0, 0.0]) == pytest.approx(0.0)


def test_missing_meshes_are_named():
    with pytest.raises(UserError, match="femur_left"):
        lm.compute_landmarks({"femur_right": box([0, 0, 0], [1, 1, 1])})


# --- the real meshes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def marks(core_meshes):
    return lm.compute_landmarks(core_meshes)


def test_every_landmark_id_has_a_point_and_a_definition(marks):
    assert tuple(marks.points) == LANDMARK_IDS
    assert set(lm.DEFINITIONS) == set(LANDMARK_IDS)
    assert all(np.isfinite(p).all() for p in marks.points.values())
    assert "estimate" in lm.DEFINITIONS["umbilicus_level"]


def test_asis_lie_about_23_cm_apart(marks):
    apart = np.linalg.norm(marks["asis_left"] - marks["asis_right"])
    assert 200 <= apart <= 270


def test_asis_and_pubic_tubercles_share_a_coronal_plane(marks):
    ys = [
        marks[i][1]
        for i in ("asis_right", "asis_left", "pubic_tubercle_right", "pubic_tubercle_left")
    ]
    assert max(ys) - min(ys) < 15


def test_bony_landmarks_are_where_anatomy_puts_them(marks):
    for side, sign in (("right", -1), ("left", 1)):  # +X is the body's left
        asis, head = marks[f"asis_{side}"], marks[f"femoral_head_{side}"]
        tubercle, trochanter = marks[f"pubic_tubercle_{side}"], marks[f"lesser_trochanter_{side}"]
        assert asis[0] * sign > head[0] * sign > tubercle[0] * sign > 0  # lateral to medial
        assert asis[2] > head[2] > tubercle[2]  # ASIS above the hip joint, tubercle below
        assert trochanter[2] < head[2] - 30 and trochanter[1] > head[1]  # below and behind
        assert marks[f"iliac_crest_{side}"][2] > asis[2]
        mid = marks[f"mid_inguinal_{side}"]
        assert np.allclose(mid, (asis + marks["pubic_symphysis"]) / 2)
    assert abs(marks.midsagittal.signed_distance_mm(marks["pubic_symphysis"])) < 5


def test_umbilicus_estimate_sits_at_the_l3_l4_disc(marks, loaded):
    disc = loaded.meshes["disc_l3_l4"].points  # the real disc, an "extra" mesh the core never uses
    assert disc[:, 2].min() <= marks["umbilicus_level"][2] <= disc[:, 2].max()


def test_moving_every_mesh_moves_every_landmark(core_meshes, marks):
    shift = np.array([12.5, -7.25, 30.0])
    moved = lm.compute_landmarks({i: m.translated(shift) for i, m in core_meshes.items()})
    for landmark_id in LANDMARK_IDS:
        assert np.allclose(moved[landmark_id], marks[landmark_id] + shift, atol=1e-6), landmark_id


def test_left_and_right_landmarks_mirror_each_other(marks):
    plane = marks.midsagittal
    for name in ("asis", "pubic_tubercle", "mid_inguinal", "femoral_head", "lesser_trochanter"):
        right, left = marks[f"{name}_right"], marks[f"{name}_left"]
        mirrored = right - 2 * plane.signed_distance_mm(right) * plane.normal
        assert np.linalg.norm(mirrored - left) < 10, name
