"""The section in the core: the value and its text form, the planes (flat and along the press line), the
outlines where a plane cuts a mesh (synthetic meshes), and the window's section session."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.anatomy.cut_outlines import CLOSE_GAP_MM, cut_outlines
from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.placement.press_line import press_direction
from anatomy_viewer.core.scene.section import (
    PRESS_LINE_SLAB_MM,
    Section,
    check_position,
    cut_plane,
    facing_camera,
    press_line_plane,
)
from anatomy_viewer.core.scene.section_session import SectionSession

BOUNDS = (np.array([-150.0, -210.0, 320.0]), np.array([150.0, -5.0, 1300.0]))


def box_mesh(low, high) -> SurfaceMesh:
    """A closed box of 12 triangles, wound outward."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    points = np.array(
        [[x, y, z] for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)], dtype=float
    )
    quads = [(0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (2, 6, 7, 3), (0, 4, 6, 2), (1, 3, 7, 5)]
    faces = np.array([t for a, b, c, d in quads for t in ((a, b, c), (a, c, d))], dtype=np.int64)
    return SurfaceMesh(points, faces, np.zeros_like(points))


# --- the value ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, plane, position",
    [("axial:900", "axial", 900.0), ("sagittal:-90.5", "sagittal", -90.5),
     ("coronal:-100", "coronal", -100.0), ("press-line", "press-line", None)],
)  # fmt: skip
def test_parse_and_text_round_trip(text, plane, position):
    section = Section.parse(text)
    assert (section.plane, section.position_mm) == (plane, position)
    assert Section.parse(section.text()) == section


@pytest.mark.parametrize(
    "text, words",
    [("axal:900", "PLANE:MM"), ("axial:abc", "must be a number"), ("axial:nan", "finite"),
     ("press-line:4", "no position"), ("", "PLANE:MM")],
)  # fmt: skip
def test_parse_errors_are_one_line_user_errors(text, words):
    with pytest.raises(UserError) as error:
        Section.parse(text)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_every_caption_says_which_cut_and_what_is_removed():
    assert (
        Section("axial", 902.4).caption() == "Section: axial at Z = 902 mm\nthe part above removed"
    )
    assert "sagittal at X = -90 mm" in Section("sagittal", -90).caption()
    assert "coronal at Y = -100 mm\nthe part in front removed" in Section("coronal", -100).caption()
    words = Section("press-line").caption("right", 25.0)
    assert words.startswith("Section: through the press line (right side, pivot +25°)")
    assert f"{PRESS_LINE_SLAB_MM:.0f} mm slab medial" in words


def test_a_section_that_cuts_nothing_is_refused():
    check_position(Section("axial", 900), BOUNDS)
    with pytest.raises(UserError, match="cuts nothing; the anatomy spans Z 320..1300 mm"):
        check_position(Section("axial", 2000), BOUNDS)


# --- planes --------------------------------------------------------------------------------------
def test_flat_planes_remove_the_side_the_camera_faces_from():
    axial = cut_plane(Section("axial", 900), centre=(1, 2, 3))
    assert axial.origin == (1, 2, 900) and axial.normal == (0, 0, 1)  # the part above goes
    assert cut_plane(Section("sagittal", -90)).normal == (1, 0, 0)  # the body's left goes
    assert cut_plane(Section("coronal", -100)).normal == (0, -1, 0)  # the part in front goes
    assert axial.signed_distance_mm([[0, 0, 910], [0, 0, 890]]).tolist() == [10, -10]


@pytest.mark.parametrize("side, lateral", [("right", -1.0), ("left", 1.0)])
@pytest.mark.parametrize("pivot", [-40.0, 0.0, 25.0, 90.0])
def test_press_line_plane_holds_the_line_and_the_superior_axis(side, lateral, pivot):
    tip = np.array([lateral * 90.0, -170.0, 917.0])
    direction = press_direction(pivot, lateral)
    plane = press_line_plane(tip, direction, lateral)
    normal = np.asarray(plane.normal)
    for point in (tip, tip + 60 * direction, tip + [0, 0, 100]):  # the line and the vertical
        assert abs(plane.signed_distance_mm(point)) < 1e-9
    assert normal @ [0, 0, 1] == pytest.approx(0.0)
    assert np.linalg.norm(normal) == pytest.approx(1.0)
    if abs(pivot) < 90:
        assert normal[0] * lateral > 0  # the part lateral of the line is cut away
    assert plane.slab_mm == PRESS_LINE_SLAB_MM


def test_press_line_section_needs_the_line():
    with pytest.raises(UserError, match="needs a tool placement"):
        cut_plane(Section("press-line"))


def test_facing_camera_looks_straight_at_the_cut_from_the_removed_side():
    section = Section("axial", 900)
    plane = cut_plane(section)
    pose = facing_camera(section, plane, BOUNDS)
    view = np.subtract(pose.focal_point, pose.position)
    assert pose.focal_point[2] == pytest.approx(900)  # on the plane
    assert pose.position[2] > 900 and np.allclose(view[:2], 0)  # above it, looking straight down
    assert pose.up == pytest.approx((0, -1, 0))  # the front of the body at the top, as "superior"


# --- outlines on synthetic meshes --------------------------------------------------------------
def test_a_box_cut_gives_its_rectangle():
    outlines = cut_outlines(box_mesh((-20, -10, -5), (20, 10, 5)), (0, 0, 1.5), (0, 0, 1))
    assert len(outlines.loops) == 1 and outlines.dropped == 0
    loop = outlines.loops[0]
    assert np.allclose(loop[:, 2], 1.5)
    on_side = np.isclose(np.abs(loop[:, 0]), 20) | np.isclose(np.abs(loop[:, 1]), 10)
    assert on_side.all()  # every point on the box's rectangle, and all of its corners reached
    assert np.allclose(loop[:, :2].min(axis=0), [-20, -10]) and np.allclose(
        loop[:, :2].max(axis=0), [20, 10]
    )


def test_a_mesh_on_one_side_is_not_cut():
    box = box_mesh((0, 0, 0), (1, 1, 1))
    assert not cut_outlines(box, (0, 0, 2), (0, 0, 1))
    assert not cut_outlines(box, (0, 0, -1), (0, 0, 1))
    # A plane through a face: the vertices on it count as the kept side, so nothing is cut.
    assert not cut_outlines(box, (0, 0, 1), (0, 0, 1))


def test_vertices_on_the_plane_still_close_the_loop():
    box = box_mesh((-1, -1, -1), (1, 1, 1))
    outlines = cut_outlines(box, (0, 0, 0), (1, 0, 0))  # through no vertex
    assert len(outlines.loops) == 1
    tilted = cut_outlines(box, (0, 0, 0), (1, 1, 0) / np.sqrt(2))  # through two edges' vertices
    assert len(tilted.loops) == 1 and tilted.dropped == 0


def _open_box(gap_mm: float) -> SurfaceMesh:
    """A box whose +X face is pulled apart along a vertical slit ``gap_mm`` wide (no face bridges it)."""
    box = box_mesh((-10, -10, -10), (10, 10, 10))
    faces = [f for f in box.faces.tolist() if not all(box.points[i][0] == 10 for i in f)]
    points = box.points.tolist()
    # The +X face, rebuilt as two strips either side of y = 0 with a gap between them.
    half = gap_mm / 2
    extra = [[10, -10, -10], [10, -half, -10], [10, -half, 10], [10, -10, 10],
             [10, half, -10], [10, 10, -10], [10, 10, 10], [10, half, 10]]  # fmt: skip
    base = len(points)
    points += extra
    corner = {tuple(p): i for i, p in enumerate(box.points.tolist())}
    strip = [corner[(10, -10, -10)], base + 1, base + 2, corner[(10, -10, 10)]]
    strip2 = [base + 4, corner[(10, 10, -10)], corner[(10, 10, 10)], base + 7]
    for a, b, c, d in (strip, strip2):
        faces += [[a, b, c], [a, c, d]]
    points = np.array(points, float)
    return SurfaceMesh(points, np.array(faces, np.int64), np.zeros_like(points))


def test_an_open_chain_is_closed_across_a_crack_and_dropped_across_a_hole():
    crack = cut_outlines(_open_box(0.0), (0, 0, 0), (0, 0, 1))
    assert len(crack.loops) == 1 and crack.dropped == 0
    hole = cut_outlines(_open_box(3 * CLOSE_GAP_MM), (0, 0, 0), (0, 0, 1))
    assert hole.loops == () and hole.dropped == 1


# --- the window's session ----------------------------------------------------------------------
def test_session_remembers_each_plane_and_clamps_to_the_anatomy():
    session = SectionSession()
    seen = []
    session.changed.connect(seen.append)
    session.set_bounds(
        BOUNDS, (np.array([-100.0, -150.0, 740.0]), np.array([100.0, -10.0, 1100.0]))
    )
    session.choose("axial")
    assert session.section == Section("axial", 920.0)  # through the middle of the focus box
    session.move_to(5000, moving=True)
    assert session.section.position_mm == 1300.0 and session.moving
    session.settle()
    assert not session.moving and seen[-1] == frozenset({"moving"})
    session.choose("sagittal")
    session.choose("axial")
    assert session.section.position_mm == 1300.0  # where it was left
    session.choose("press-line")
    session.move_to(10)  # a press-line cut has no position to move
    assert session.section == Section("press-line")
    session.apply(None)
    assert session.section is None and seen[-1] == frozenset({"section"})
