"""The label layout (core/pictures/label_layout.py) on synthetic rectangles: inside the picture, no
overlaps with each other or the obstacles, leaders clear of every box, priorities, steadiness; the
legend's panel; text sizes by medium; framing; the screen depth grid; pins off the surface."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from anatomy_viewer.core.pictures.label_layout import (
    LabelRequest,
    LayoutRules,
    Occupancy,
    inside,
    layout_labels,
    overlaps,
    place_panel,
)

PICTURE = (1280.0, 720.0)
RULES = LayoutRules.for_text(20.0)


_T = np.linspace(0, 1, 200)[1:-1, None]


def _segment_enters(a, b, rect) -> bool:
    """Sampled check that the segment a -> b passes through the inside of ``rect``."""
    xy = np.asarray(a) + _T * (np.asarray(b) - np.asarray(a))
    return bool(
        (
            (xy[:, 0] > rect[0] + 0.5)
            & (xy[:, 0] < rect[2] - 0.5)
            & (xy[:, 1] > rect[1] + 0.5)
            & (xy[:, 1] < rect[3] - 0.5)
        ).any()
    )


requests_strategy = st.lists(
    st.tuples(
        st.floats(20, 1260), st.floats(20, 700),  # anchor
        st.floats(40, 360), st.floats(18, 40),  # box size
        st.integers(0, 3),  # priority
    ),
    min_size=1,
    max_size=14,
)  # fmt: skip
obstacles_strategy = st.lists(
    st.tuples(st.floats(0, 1200), st.floats(0, 650), st.floats(30, 400), st.floats(20, 200)),
    max_size=4,
)


def _requests(raw) -> list[LabelRequest]:
    return [LabelRequest(f"l{k}", (x, y), (w, h), p) for k, (x, y, w, h, p) in enumerate(raw)]


def _obstacles(raw) -> list[tuple[float, float, float, float]]:
    return [(x, y, min(x + w, PICTURE[0]), min(y + h, PICTURE[1])) for x, y, w, h in raw]


@settings(max_examples=80, deadline=None)
@given(requests_strategy, obstacles_strategy)
def test_placed_labels_keep_every_hard_rule(raw, raw_obstacles):
    requests, obstacles = _requests(raw), _obstacles(raw_obstacles)
    layout = layout_labels(requests, PICTURE, obstacles, rules=RULES)
    keys = [p.key for p in layout.placed] + list(layout.gave_way)
    assert sorted(keys) == sorted(r.key for r in requests)  # each label: placed or gave way, once
    frame = (RULES.edge_px, RULES.edge_px, PICTURE[0] - RULES.edge_px, PICTURE[1] - RULES.edge_px)
    diagonal = math.hypot(*PICTURE)
    for i, label in enumerate(layout.placed):
        request = next(r for r in requests if r.key == label.key)
        box = label.box
        assert inside(box, frame)
        assert box[2] - box[0] == pytest.approx(request.size[0])
        assert box[3] - box[1] == pytest.approx(request.size[1])
        assert label.anchor == pytest.approx(request.anchor)
        assert not (box[0] < request.anchor[0] < box[2] and box[1] < request.anchor[1] < box[3])
        assert label.leader_length <= RULES.max_leader * diagonal + 1e-6
        for obstacle in obstacles:
            assert not overlaps(box, obstacle)
            assert not _segment_enters(label.anchor, label.leader_end, obstacle)
        for other in layout.placed[i + 1 :]:
            assert not overlaps(box, other.box)
            assert not _segment_enters(label.anchor, label.leader_end, other.box)
            assert not _segment_enters(other.anchor, other.leader_end, box)


# Found by hypothesis: the top label moved off a lower one's anchor and took its peer's room.
CROWDED_CORNER = [(20.0, 20.0, 40.0, 18.0, 0)] * 8 + [
    (1096.0, 20.0, 40.0, 18.0, 0), (1194.0, 22.0, 60.0, 24.0, 1), (1201.0, 20.0, 53.0, 22.0, 1),
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(requests_strategy, obstacles_strategy)
@example(CROWDED_CORNER, [])
def test_lower_priorities_never_push_out_higher_ones(raw, raw_obstacles):
    """Dropping every label below a priority changes nothing of those at or above it: which are
    placed, and where. A label never gives way to a less important one, nor moves for one."""
    requests, obstacles = _requests(raw), _obstacles(raw_obstacles)
    full = layout_labels(requests, PICTURE, obstacles, rules=RULES)
    for floor in {r.priority for r in requests}:
        kept = {r.key for r in requests if r.priority >= floor}
        part = layout_labels(
            [r for r in requests if r.key in kept], PICTURE, obstacles, rules=RULES
        )
        assert {p.key for p in part.placed} == {p.key for p in full.placed if p.key in kept}
        assert set(part.placed) == {p for p in full.placed if p.key in kept}
    # Placed in priority order: every label that gave way was tried after all higher ones.
    order = [p.key for p in full.placed]
    priority = {r.key: r.priority for r in requests}
    assert [priority[k] for k in order] == sorted((priority[k] for k in order), reverse=True)


def test_when_room_runs_out_the_zone_words_give_way_first():
    # A narrow strip: room for one label beside the anchor, an obstacle everywhere else.
    anchor = (640.0, 360.0)
    obstacles = [(0, 0, 1280, 330), (0, 392, 1280, 720), (0, 330, 500, 392)]
    asked = LabelRequest("asked", anchor, (300, 28), priority=30)
    word = LabelRequest("zone word", anchor, (300, 28), priority=10)
    layout = layout_labels([word, asked], PICTURE, obstacles, rules=RULES)
    assert [p.key for p in layout.placed] == ["asked"] and layout.gave_way == ("zone word",)


def test_anchors_outside_the_picture_give_way_and_the_layout_is_deterministic():
    requests = [
        LabelRequest("off", (-40.0, 300.0), (120, 24)),
        LabelRequest("a", (600.0, 300.0), (160, 24)),
        LabelRequest("b", (620.0, 310.0), (160, 24)),
    ]
    first = layout_labels(requests, PICTURE, rules=RULES)
    assert "off" in first.gave_way
    assert first == layout_labels(requests, PICTURE, rules=RULES)


def test_labels_stay_clear_of_other_anchors_and_leaders_do_not_cross():
    anchors = [(500.0 + 30 * k, 360.0 + 8 * k) for k in range(6)]
    requests = [LabelRequest(f"l{k}", a, (150, 24)) for k, a in enumerate(anchors)]
    layout = layout_labels(requests, PICTURE, rules=RULES)
    assert not layout.gave_way
    for label in layout.placed:
        for k, anchor in enumerate(anchors):
            if label.key != f"l{k}":
                box = label.box
                assert not (box[0] <= anchor[0] <= box[2] and box[1] <= anchor[1] <= box[3])
    from anatomy_viewer.core.pictures.label_layout import _segments_cross

    a = np.array([p.anchor for p in layout.placed])
    b = np.array([p.leader_end for p in layout.placed])
    assert not _segments_cross(a, b, a, b).any()


def test_labels_move_off_the_anatomy_when_they_can():
    cells = np.zeros((36, 64))
    cells[:, :40] = 1.0  # anatomy over the left 5/8 of the picture
    occupancy = Occupancy(cells, *PICTURE)
    layout = layout_labels([LabelRequest("l", (760.0, 360.0), (200, 26))], PICTURE, (), occupancy,
                           RULES)  # fmt: skip
    box = layout.placed[0].box
    assert box[0] > 760  # beside the anchor, on the empty side
    assert occupancy.share(np.array([box]))[0] < 0.15  # cells are counted whole


def test_a_previous_offset_keeps_the_label_where_it_was():
    crowd = [LabelRequest("l", (640.0, 360.0), (180, 26))]
    free = layout_labels(crowd, PICTURE, rules=RULES).placed[0]
    left = (-6.0, 0.0)  # as if it had been left of its anchor in the last frame
    held = layout_labels([LabelRequest("l", (640.0, 360.0), (180, 26), previous=left)], PICTURE,
                         rules=RULES).placed[0]  # fmt: skip
    assert held.box[2] <= 640 and free.offset != held.offset


def test_the_panel_goes_clear_of_obstacles_over_the_least_anatomy():
    cells = np.zeros((36, 64))
    cells[:18, :] = 1.0  # anatomy in the top half
    readout = (900.0, 0.0, 1280.0, 120.0)
    rect = place_panel((300, 100), PICTURE, [readout], Occupancy(cells, *PICTURE))
    assert rect[1] >= 360  # the bottom half
    assert not overlaps(rect, readout) and inside(rect, (0, 0, *PICTURE))
    # Everything taken: the least overlap, still inside the picture.
    crowded = place_panel((300, 100), PICTURE, [(0, 0, 1280, 720)])
    assert inside(crowded, (0, 0, *PICTURE))


# --- text sizes by medium ------------------------------------------------------------------------
def test_text_sizes_follow_the_medium():
    from anatomy_viewer.core.pictures.text_sizes import (
        EXPORTING,
        PRESENTING,
        Medium,
        handout,
        text_sizes,
    )

    small, large = text_sizes(EXPORTING, 1280, 720), text_sizes(EXPORTING, 7680, 4320)
    for field in ("label_px", "readout_px", "legend_px", "caption_px", "attribution_px"):
        assert getattr(large, field) / 4320 == pytest.approx(getattr(small, field) / 720, rel=0.03)
    presenter = text_sizes(PRESENTING, 1920, 1080)
    assert presenter.label_px >= 0.03 * 1080 and presenter.readout_px >= 0.03 * 1080
    printed = text_sizes(handout(220), 1500, 1300)
    assert printed.label_px * 72 / 220 >= 8.0  # points on paper
    dense = text_sizes(Medium("window", 192), 1000, 700)
    assert dense.label_px == pytest.approx(
        2 * text_sizes(Medium("window", 96), 1000, 700).label_px, rel=0.01
    )
    with pytest.raises(ValueError):
        Medium("billboard")


# --- framing -------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["anterior", "oblique", "right", "superior"])
@pytest.mark.parametrize("aspect", [16 / 9, 1.0, 0.8])
def test_framing_fills_the_picture_from_the_named_direction(view, aspect):
    from anatomy_viewer.core.scene.framing import FILL, frame_points
    from anatomy_viewer.core.scene.views import VIEW_ANGLE_DEG, VIEWS

    rng = np.random.default_rng(3)
    points = rng.normal(size=(400, 3)) * [60, 30, 120] + [-80, -50, 950]
    pose = frame_points(points, view, aspect)
    direction = np.subtract(pose.position, pose.focal_point)
    expected = np.asarray(VIEWS[view]["direction"], float)
    assert direction / np.linalg.norm(direction) @ (expected / np.linalg.norm(expected)) > 0.9999
    # Project like a perspective camera: every point inside the fill box, one touching it.
    up = np.asarray(pose.up)
    back = direction / np.linalg.norm(direction)
    right = np.cross(up, back)
    rel = points - np.asarray(pose.position)
    depth = -(rel @ back)
    tan_h = math.tan(math.radians(VIEW_ANGLE_DEG / 2))
    u = (rel @ right) / depth / (tan_h * aspect)
    v = (rel @ up) / depth / tan_h
    assert np.abs(u).max() <= FILL + 1e-6 and np.abs(v).max() <= FILL + 1e-6
    assert max(np.abs(u).max(), np.abs(v).max()) > FILL - 0.01
    assert abs(u.max() + u.min()) < 0.02 and abs(v.max() + v.min()) < 0.02  # centred


def test_framing_a_single_point_shows_its_surroundings():
    from anatomy_viewer.core.scene.framing import MIN_SPAN_MM, frame_points

    pose = frame_points([[0.0, 0.0, 900.0]], "anterior", 16 / 9)
    assert pose.distance() > MIN_SPAN_MM  # not zoomed into a millimetre


# --- the screen depth grid and pins --------------------------------------------------------------
def _plane(y: float, size: float = 100.0, n: int = 21):
    """A square in the x-z plane at depth ``y`` (facing -y), as points, faces and normals."""
    xs, zs = np.meshgrid(np.linspace(-size / 2, size / 2, n), np.linspace(-size / 2, size / 2, n))
    points = np.c_[xs.ravel(), np.full(n * n, y), zs.ravel()]
    i = np.arange(n - 1)
    a = (i[:, None] * n + i[None, :]).ravel()
    faces = np.r_[np.c_[a, a + 1, a + n], np.c_[a + 1, a + n + 1, a + n]]
    normals = np.tile([0.0, -1.0, 0.0], (len(points), 1))
    return points, faces, normals


def test_screen_depth_tells_the_front_structure_and_the_covered_cells():
    from anatomy_viewer.core.pictures.screen_depth import ScreenDepth, surface_samples

    front = surface_samples(*_plane(0.0))[0]
    back = surface_samples(*_plane(40.0, size=150.0))[0]
    points = np.r_[front, back]

    def project(p):  # an orthographic camera looking along +y, 2 px per mm, picture 400 x 400
        return np.c_[200 + 2 * p[:, 0], 200 - 2 * p[:, 2]], p[:, 1] + 500

    xy, depth = project(points)
    owner = np.r_[np.zeros(len(front), int), np.ones(len(back), int)]
    grid = ScreenDepth.from_samples(xy, depth, owner, np.ones(len(points), bool), (400, 400), 40)
    back_xy, back_depth = project(back)
    hidden = (np.abs(back[:, 0]) < 45) & (np.abs(back[:, 2]) < 45)
    seen = grid.visible(back_xy, back_depth, owner=1)
    assert not seen[hidden].any() and seen[~hidden & (np.abs(back[:, 0]) > 60)].all()
    assert grid.visible(*project(front), owner=0).all()
    occupancy = grid.occupancy()
    assert occupancy.share(np.array([[150, 150, 250, 250]]))[0] == 1.0
    assert occupancy.share(np.array([[0, 0, 30, 30]]))[0] == 0.0


def test_a_pin_off_the_surface_stands_on_a_stalk_to_the_tissue_behind():
    from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
    from anatomy_viewer.core.pictures.pins import FLOATING_MM, pin_depth

    wall = SurfaceMesh(*_plane(30.0))  # a surface 30 mm behind the origin (+y is posterior)
    meshes = {"wall": wall}
    floating = pin_depth([5.0, 0.0, 5.0], meshes)
    assert floating.floating and floating.behind == "wall"
    assert floating.foot == pytest.approx([5.0, 30.0, 5.0])
    on_it = pin_depth([5.0, 30.0 - FLOATING_MM / 2, 5.0], meshes)
    assert not on_it.floating and on_it.foot is None
    beside = pin_depth([500.0, 0.0, 0.0], meshes)  # nothing behind it: no stalk
    assert beside.floating and beside.foot is None
    behind = pin_depth([5.0, 60.0, 5.0], meshes)  # behind the outward-facing surface: inside
    assert not behind.floating


def test_the_nearest_surface_decides_whichever_order_the_meshes_come_in():
    from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
    from anatomy_viewer.core.pictures.pins import pin_depth

    near, far = SurfaceMesh(*_plane(10.0)), SurfaceMesh(*_plane(80.0))
    for meshes in ({"far": far, "near": near}, {"near": near, "far": far}):
        depth = pin_depth([0.0, 0.0, 0.0], meshes)
        assert depth.distance_mm == pytest.approx(10.0)
        assert depth.behind == "near" and depth.foot == pytest.approx([0.0, 10.0, 0.0])


def test_face_boxes_hold_each_face_s_corners():
    from anatomy_viewer.core.anatomy.meshes import SurfaceMesh

    rng = np.random.default_rng(3)
    points = rng.normal(size=(200, 3)) * 50
    faces = rng.integers(0, 200, size=(300, 3))
    lows, highs = SurfaceMesh(points, faces, points / 50).face_boxes
    corners = points[faces]
    assert np.array_equal(lows, corners.min(axis=1)) and np.array_equal(highs, corners.max(axis=1))


def test_pins_are_one_sphere_at_each_landmark():
    import pyvista as pv

    from anatomy_viewer.render.overlays.landmark_pins import PIN_RADIUS_MM, _pins_at

    centres = [[0.0, 0.0, 0.0], [40.0, -5.0, 12.0]]
    pins = _pins_at(centres)
    one = pv.Sphere(radius=PIN_RADIUS_MM)
    assert pins.n_points == 2 * one.n_points and pins.n_cells == 2 * one.n_cells
    second = pins.extract_cells(range(one.n_cells, 2 * one.n_cells))
    assert np.allclose(second.center, centres[1], atol=1e-4)
    assert np.allclose(np.ptp(np.asarray(second.points), axis=0), 2 * PIN_RADIUS_MM, atol=0.1)
    assert _pins_at([]).n_points == 0
