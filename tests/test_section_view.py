"""The section view on the render side: filled cut faces with the analytic areas (synthetic meshes), the
cut of the real meshes at the ASIS level, the GPU clipping in the picture, and what follows the
structures (visibility, colour, decimated copies)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from anatomy_viewer.core.anatomy.cut_outlines import cut_outlines
from anatomy_viewer.core.anatomy.landmarks import compute_landmarks
from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.scene.section import Section, cut_plane
from anatomy_viewer.render.anatomy.cut_faces import area_mm2, cut_face
from anatomy_viewer.render.pictures.export import ExportOptions, render_image
from anatomy_viewer.render.pictures.offscreen import offscreen_scene

SIZE = (320, 240)
IN_THE_CUT = ("psoas_major_right", "psoas_major_left", "iliacus_right", "iliacus_left")


def surface(poly: pv.PolyData) -> SurfaceMesh:
    poly = poly.triangulate().clean()
    points = np.asarray(poly.points, float)
    return SurfaceMesh(points, poly.regular_faces.astype(np.int64), np.zeros_like(points))


def _cut(mesh: SurfaceMesh, origin, normal) -> pv.PolyData:
    return cut_face(cut_outlines(mesh, origin, normal), normal)


# --- areas of synthetic cuts -------------------------------------------------------------------
def test_a_box_cut_has_the_area_of_its_rectangle():
    box = surface(pv.Box(bounds=(-20, 20, -10, 10, -5, 5), level=2))
    assert area_mm2(_cut(box, (0, 0, 1.0), (0, 0, 1))) == pytest.approx(40 * 20, rel=1e-9)
    assert area_mm2(_cut(box, (3.3, 0, 0), (1, 0, 0))) == pytest.approx(20 * 10, rel=1e-9)


def test_a_sphere_cut_has_the_area_of_its_circle():
    radius, height = 30.0, 10.0
    sphere = surface(pv.Sphere(radius=radius, theta_resolution=240, phi_resolution=240))
    expected = np.pi * (radius**2 - height**2)
    assert area_mm2(_cut(sphere, (0, 0, height), (0, 0, 1))) == pytest.approx(expected, rel=2e-3)


def test_a_ring_cut_leaves_its_hole_open():
    """A torus cut through its equator: an annulus, 4 pi R r, not the full disc."""
    ring = surface(pv.ParametricTorus(ringradius=30, crosssectionradius=10, u_res=200, v_res=100))
    face = _cut(ring, (0, 0, 0), (0, 0, 1))
    assert area_mm2(face) == pytest.approx(4 * np.pi * 30 * 10, rel=2e-3)
    corners = face.points[face.regular_faces]
    facing = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]) @ [0, 0, 1]
    assert (facing > 0).all()  # every triangle faces the viewer on the cut-away side
    assert np.allclose(face.point_data["Normals"], [0, 0, 1])


# --- the real meshes -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(catalogue, core_meshes):
    scene = offscreen_scene(catalogue, core_meshes, SIZE)
    yield scene
    scene.plotter.close()


@pytest.fixture(scope="module")
def asis_level(core_meshes) -> float:
    points = compute_landmarks(core_meshes).points
    return float((points["asis_right"][2] + points["asis_left"][2]) / 2)


def _picture(scene) -> np.ndarray:
    return render_image(scene, ExportOptions(SIZE)).astype(int)


def test_axial_cut_at_the_asis_shows_both_psoas_and_both_iliacus(scene, asis_level):
    section = Section("axial", asis_level)
    scene.section.show(cut_plane(section), section.caption())
    try:
        faces = scene.section.cut_faces
        for structure_id in IN_THE_CUT:
            assert area_mm2(faces[structure_id]) > 300, structure_id  # a muscle's cut, not a sliver
            assert np.allclose(faces[structure_id].points[:, 2], asis_level)
        assert {"hip_bone_right", "hip_bone_left", "sacrum"} <= faces.keys()
        assert scene.section.dropped == {}  # the core meshes are closed at this level
        assert "femur_right" not in faces  # wholly below the ASIS
    finally:
        scene.section.show(None)


def test_the_cut_clips_the_picture_and_going_back_restores_it(scene, asis_level):
    scene.view("anterior", render=False)
    plain = _picture(scene)
    scene.section.show(cut_plane(Section("axial", asis_level)), "Section: a test")
    cut = _picture(scene)
    scene.section.show(None)
    again = _picture(scene)
    assert np.array_equal(again, plain)  # nothing of the cut is left behind
    changed = np.any(np.abs(cut - plain) > 40, axis=2)
    rows = np.nonzero(changed.any(axis=1))[0]
    # Above the cut (the lumbar spine, the upper psoas) the anatomy is gone: background now.
    top = slice(0, SIZE[1] // 3)
    assert changed[top].mean() > 0.05
    assert np.abs(cut[top] - plain[top]).sum() > 0
    assert len(rows) > 10


def test_cut_faces_follow_their_structure(scene, asis_level):
    view = scene.section
    view.show(cut_plane(Section("axial", asis_level)), "Section: a test")
    try:
        face = view._face_actors["psoas_major_right"]
        structure = scene.actors["psoas_major_right"]
        assert face.GetProperty() is structure.GetProperty()  # colour, opacity, highlight alike
        assert face.GetVisibility()
        scene.state.set_visible({"psoas_major_right"}, False)
        assert not face.GetVisibility()
        scene.state.set_visible({"psoas_major_right"}, True)
        assert face.GetVisibility()
        assert scene.structure_of(face) == "psoas_major_right"  # a click on it selects the muscle
        assert (
            structure.GetProperty().GetBackfaceCulling()
        )  # every cut closed: the inside is hidden
        for mapper in scene.lod.mappers():  # full meshes and decimated copies cut alike
            assert mapper.GetClippingPlanes().GetNumberOfItems() == 1
        view.show(cut_plane(Section("axial", asis_level)), "moving", capped=False)
        assert not face.GetVisibility()  # while the plane moves: GPU clipping only
        assert not structure.GetProperty().GetBackfaceCulling()  # the inside shows through the cut
        view.settle()
        assert face.GetVisibility() and structure.GetProperty().GetBackfaceCulling()
    finally:
        view.show(None)
    assert structure.GetProperty().GetBackfaceCulling()
    assert not face.GetVisibility() and not view.caption.GetVisibility()


def test_a_video_turns_a_press_line_cut_with_the_tool(scene, core_meshes):
    """A pivoting step's frames: the hook turns, and the cut along its press line turns with it."""
    from dataclasses import replace

    from anatomy_viewer.core.scene.scene_state import SceneState, ToolPlacement
    from anatomy_viewer.core.scene.video_timeline import Shot
    from anatomy_viewer.render.pictures.offscreen_overlays import offscreen_overlays
    from anatomy_viewer.render.pictures.video import ShotPainter

    asis = compute_landmarks(core_meshes).points["asis_right"]
    tool = ToolPlacement("right", (float(asis[0]) + 25.0, float(asis[2]) + 15.0), -20.0)
    state = SceneState(tool=tool, section=Section("press-line"))
    overlays = offscreen_overlays(scene, core_meshes, [state])
    painter = ShotPainter(scene, SIZE, overlays)
    pose = scene.camera_pose()
    normals = []
    try:
        for pivot in (-20.0, 25.0):
            turned = replace(state, tool=replace(tool, pivot_deg=pivot))
            painter.paint(Shot(turned, pose))
            normals.append(np.asarray(scene.section.plane.normal))
            assert scene.section.cut_faces  # each frame with its cut faces filled
    finally:
        scene.section.show(None)
        for overlay in overlays:
            overlay.apply(SceneState())
    angle = np.degrees(np.arccos(np.clip(normals[0] @ normals[1], -1, 1)))
    assert angle == pytest.approx(45.0, abs=0.5)  # the pivot's 45 degrees


def test_the_caption_is_one_of_the_boxes_the_labels_keep_clear_of(
    catalogue, core_meshes, asis_level
):
    """A section's caption takes part in the label layout: sized for the picture like the legend,
    inside it, and no label of the step over it (labels lower left, where the caption stands)."""
    from anatomy_viewer.core.pictures.label_layout import inside, overlaps
    from anatomy_viewer.core.scene.scene_state import SceneState
    from anatomy_viewer.render.overlays.label_board import boxes_of
    from anatomy_viewer.render.pictures.offscreen_overlays import offscreen_director

    size = (960, 540)
    labels = ("femur_right", "femur_left", "hip_bone_right", "vertebra_l5")
    state = SceneState(
        section=Section("axial", asis_level), labels=labels, highlight=frozenset(labels[:1])
    )
    scene = offscreen_scene(catalogue, core_meshes, size)
    try:
        offscreen_director(scene, core_meshes, [state]).apply(state, render=False)
        render_image(scene, ExportOptions(size))
        board = scene.board
        view = board.last_view  # as laid out for the export, at its size
        assert scene.section.caption.GetVisibility()
        # The caption's box: the fixed box in the lower left corner (the attribution is lower right).
        (rect,) = [o for o in view.obstacles if o[0] < 0.1 * size[0] and o[3] > 0.9 * size[1]]
        assert inside(rect, (0, 0, *size))
        assert rect[3] - rect[1] >= 2 * 0.9 * view.sizes.legend_px  # two lines at the legend's size
        placed = boxes_of(board)
        assert {f"structure:{i}" for i in labels} <= placed.keys(), board.layout.gave_way
        assert not any(overlaps(rect, label) for label in placed.values())
    finally:
        scene.plotter.close()
