"""Level of detail: decimated copies while the view moves, the full meshes at rest and in exports."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import pyvista as pv

from anatomy_viewer.core.anatomy.mesh_cache import ArrayCache
from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.render.anatomy import lod as lod_module
from anatomy_viewer.render.anatomy.lod import (
    LOD_KEEP_FRACTION,
    LOD_MIN_FACES,
    REDUCED_KEEP_FRACTION,
    decimate,
    decimated_copies,
)
from anatomy_viewer.render.pictures.offscreen import offscreen_scene

IDS = ("psoas_major_right", "iliacus_right", "hip_bone_right", "external_iliac_artery_right")
SIZE = (320, 240)


def _sphere(resolution: int = 80) -> SurfaceMesh:
    sphere = pv.Sphere(radius=20, theta_resolution=resolution, phi_resolution=resolution)
    faces = sphere.regular_faces.astype(np.int64)
    points = np.asarray(sphere.points, dtype=np.float64)
    return SurfaceMesh(points, faces, lod_module.vertex_normals(points, faces))


def test_decimate_keeps_about_the_fraction_and_outward_normals():
    sphere = _sphere()
    copy = decimate(sphere)
    assert copy is not None
    assert copy.n_faces == pytest.approx(LOD_KEEP_FRACTION * sphere.n_faces, rel=0.1)
    outward = np.einsum("ij,ij->i", copy.normals, copy.points)
    assert (outward > 0).all() and np.allclose(np.linalg.norm(copy.normals, axis=1), 1)
    radii = np.linalg.norm(copy.points, axis=1)
    assert radii.min() > 19 and radii.max() < 21  # the shape survives


def test_copies_are_cached_and_small_meshes_get_none(tmp_path, monkeypatch):
    cache = ArrayCache(tmp_path)
    sphere = _sphere()
    first = decimated_copies(sphere, cache)
    monkeypatch.setattr(
        lod_module, "decimate", lambda *_: pytest.fail("should come from the cache")
    )
    second = decimated_copies(sphere, cache)
    for made, cached in zip(first, second, strict=True):
        assert np.array_equal(made.points, cached.points)
        assert np.array_equal(made.faces, cached.faces)
    assert decimated_copies(_sphere(resolution=20), cache) is None  # < LOD_MIN_FACES triangles
    assert _sphere(resolution=20).n_faces < LOD_MIN_FACES


def test_the_copy_for_reduced_frames_is_coarser_still():
    sphere = _sphere()
    moving, reduced = lod_module.decimate_levels(sphere)
    assert moving.n_faces == pytest.approx(LOD_KEEP_FRACTION * sphere.n_faces, rel=0.1)
    assert reduced.n_faces == pytest.approx(REDUCED_KEEP_FRACTION * sphere.n_faces, rel=0.15)
    radii = np.linalg.norm(reduced.points, axis=1)
    assert radii.min() > 18.5 and radii.max() < 21.5  # still the sphere


def test_decimation_never_runs_on_a_thread_of_the_app(tmp_path, monkeypatch, catalogue):
    """VTK objects made on a second thread deadlock with the main thread's rendering, so cache
    misses are decimated in a child process (where this test's spy does not reach)."""
    threads = []
    real = lod_module.vtkQuadricDecimation

    def spy():
        threads.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(lod_module, "vtkQuadricDecimation", spy)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    sphere = _sphere()
    actor = plotter.add_mesh(pv.PolyData.from_regular_faces(sphere.points, sphere.faces))
    levels = lod_module.LevelOfDetail(
        plotter, {"ball": actor}, {"ball": sphere}, ArrayCache(tmp_path)
    )
    levels.prepare(wait=True)
    assert levels.ready and threads == []
    levels.set_interacting(True)
    assert actor.GetMapper().GetInput().GetNumberOfCells() < sphere.n_faces
    levels.close()
    plotter.close()


@pytest.fixture
def scene(loaded, catalogue):
    meshes = {i: loaded.meshes[i] for i in IDS}
    scene = offscreen_scene(catalogue, meshes, SIZE)
    scene.view("anterior", render=False)
    scene.plotter.screenshot(return_img=True)  # the first frame, as an export would make it
    scene.lod.prepare(wait=True)
    yield scene
    scene.lod.close()
    scene.plotter.close()


def _shown_cells(scene) -> dict[str, int]:
    return {i: a.GetMapper().GetInput().GetNumberOfCells() for i, a in scene.actors.items()}


def _frame(scene) -> np.ndarray:
    scene.plotter.render_window.Render()
    return scene.plotter.screenshot(return_img=True)


def test_interaction_swaps_to_decimated_copies_and_back(scene, loaded):
    full = {i: loaded.meshes[i].n_faces for i in IDS}
    window = scene.plotter.render_window
    style = scene.plotter.iren.interactor.GetInteractorStyle()
    samples = window.GetMultiSamples()
    actors_before = scene.plotter.renderer.GetActors().GetNumberOfItems()
    assert _shown_cells(scene) == full

    style.StartRotate()  # what a mouse press does: the window is asked for interactive frame rates
    window.Render()
    moving = _shown_cells(scene)
    assert scene.lod.interacting and window.GetMultiSamples() == 0
    assert moving["psoas_major_right"] < 0.3 * full["psoas_major_right"]
    assert moving["hip_bone_right"] < 0.3 * full["hip_bone_right"]
    assert moving["external_iliac_artery_right"] == full["external_iliac_artery_right"]
    assert scene.plotter.renderer.GetActors().GetNumberOfItems() == actors_before

    style.EndRotate()  # the release: still rate again
    window.Render()
    assert not scene.lod.interacting and _shown_cells(scene) == full
    assert window.GetMultiSamples() == samples
    assert scene.plotter.renderer.GetActors().GetNumberOfItems() == actors_before


def test_rest_image_is_identical_with_and_without_lod(scene):
    before = _frame(scene)
    scene.lod.set_interacting(True)
    moving = _frame(scene)
    scene.lod.set_interacting(False)
    after = _frame(scene)
    scene.lod.enabled = False
    without = _frame(scene)
    assert np.array_equal(before, after) and np.array_equal(before, without)
    assert not np.array_equal(before, moving)  # the moving frame really is the cheaper one


def test_visibility_opacity_and_highlight_apply_to_the_decimated_copy(scene):
    scene.lod.set_interacting(True)
    psoas = scene.actors["psoas_major_right"]
    shown = _frame(scene)
    scene.state.set_opacity("psoas_major_right", 0.3)
    scene.state.set_highlighted({"psoas_major_right"})
    assert psoas.GetMapper() is not scene.lod._full["psoas_major_right"]
    assert psoas.GetProperty().GetOpacity() == pytest.approx(0.3)
    highlighted = _frame(scene)
    scene.state.set_visible({"psoas_major_right"}, False)
    assert not psoas.GetVisibility()
    hidden = _frame(scene)
    assert not np.array_equal(shown, highlighted) and not np.array_equal(highlighted, hidden)
    scene.lod.set_interacting(False)


def test_exports_render_full_detail(scene, loaded):
    from anatomy_viewer.render.pictures.export import ExportOptions, render_image

    window = scene.plotter.render_window
    style = scene.plotter.iren.interactor.GetInteractorStyle()
    style.StartRotate()  # a drag that has ended before the export
    window.Render()
    style.EndRotate()
    drawn: list[dict[str, int]] = []
    tag = window.AddObserver("EndEvent", lambda *_: drawn.append(_shown_cells(scene)))
    rest = render_image(scene, ExportOptions(size=SIZE))
    window.RemoveObserver(tag)
    assert drawn and all(cells == {i: loaded.meshes[i].n_faces for i in IDS} for cells in drawn)
    scene.lod.enabled = False
    assert np.array_equal(rest, render_image(scene, ExportOptions(size=SIZE)))


def test_a_tool_move_redraws_the_anatomy_from_the_decimated_copies(scene, loaded):
    """While only the hip hook moves (still_backdrop.py), the anatomy's rare redraws use the 20 %
    copies at full resolution with the window's anti-aliasing; the move's end brings every full mesh
    back, and an export during a move is whole."""
    from anatomy_viewer.render.pictures.export import ExportOptions, render_image

    full = {i: loaded.meshes[i].n_faces for i in IDS}
    window = scene.plotter.render_window
    samples = window.GetMultiSamples()
    rest = _frame(scene)
    scene.backdrop.begin([])
    moving = _shown_cells(scene)
    assert scene.lod.tool_moving and moving["hip_bone_right"] < 0.3 * full["hip_bone_right"]
    assert moving["external_iliac_artery_right"] == full["external_iliac_artery_right"]
    assert window.GetMultiSamples() == samples and not scene.lod.resolution.reduces()
    drawn: list[dict[str, int]] = []
    tag = window.AddObserver("EndEvent", lambda *_: drawn.append(_shown_cells(scene)))
    render_image(scene, ExportOptions(size=SIZE))
    window.RemoveObserver(tag)
    assert drawn and all(cells == full for cells in drawn)
    scene.backdrop.end()
    assert not scene.lod.tool_moving and _shown_cells(scene) == full
    assert np.array_equal(_frame(scene), rest)
