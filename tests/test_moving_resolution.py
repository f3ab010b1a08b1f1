"""Moving frames drawn at reduced resolution and stretched; frames at rest and exports at full
resolution, the same as if the view had never moved (off-screen, Mesa EGL)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from anatomy_viewer.render.anatomy import moving_resolution as moving
from anatomy_viewer.render.pictures.offscreen import offscreen_scene
from anatomy_viewer.render.pixel_scale import restore_pixels, scale_pixels

IDS = ("psoas_major_right", "iliacus_right", "hip_bone_right", "external_iliac_artery_right")
SIZE = (320, 240)
# Small enough that this small scene is drawn at about half size while moving.
TEST_BUDGET = 20_000


def _pixels(scene) -> np.ndarray:
    from anatomy_viewer.render.pictures.export import _read_pixels

    window = scene.plotter.render_window
    window.Render()
    return _read_pixels(window, rgba=False).astype(int)


@pytest.fixture
def scene(loaded, catalogue):
    scene = offscreen_scene(catalogue, {i: loaded.meshes[i] for i in IDS}, SIZE)
    scene.view("anterior", render=False)
    scene.lod.resolution.budget = TEST_BUDGET
    scene.lod.prepare(wait=True)
    yield scene
    scene.lod.close()
    scene.plotter.close()


def test_the_scale_keeps_a_moving_frame_within_its_pixel_budget():
    assert moving.moving_scale(640, 400, budget=300_000) == 1.0  # small views: full resolution
    scale = moving.moving_scale(1238, 902)
    assert round(1238 * scale) * round(902 * scale) == pytest.approx(
        moving.MOVING_PIXEL_BUDGET, 0.01
    )
    assert moving.moving_scale(7680, 4320) == moving.MIN_SCALE  # never a smear of a few pixels


def test_slow_moving_frames_shrink_the_budget_to_its_floor_and_quick_ones_grow_it_back():
    resolution = moving.MovingResolution(plotter=None)
    slow, quick = moving.MOVING_FRAME_TARGET_MS * 1.5, moving.MOVING_FRAME_TARGET_MS * 0.3
    for _ in range(moving.FRAMES_JUDGED - 1):
        resolution.adapt(slow)
    assert resolution.budget == moving.MOVING_PIXEL_BUDGET  # not judged yet
    resolution.adapt(slow)
    assert resolution.budget == round(moving.MOVING_PIXEL_BUDGET * moving.BUDGET_STEP)
    for _ in range(moving.FRAMES_JUDGED * 20):
        resolution.adapt(slow)
    assert resolution.budget == moving.MIN_MOVING_PIXEL_BUDGET
    one_slow = [quick] * (moving.FRAMES_JUDGED - 1) + [slow * 10]  # a hitch alone changes nothing
    for ms in one_slow * 20:
        resolution.adapt(ms)
    assert resolution.budget == moving.MOVING_PIXEL_BUDGET  # grown back, never past its ceiling


def test_a_budget_set_by_hand_is_kept_however_slow_the_frames():
    resolution = moving.MovingResolution(plotter=None)
    resolution.budget = TEST_BUDGET
    for _ in range(moving.FRAMES_JUDGED * 3):
        resolution.adapt(moving.MOVING_FRAME_TARGET_MS * 5)
    assert resolution.budget == TEST_BUDGET


def test_the_moving_frames_of_a_drag_are_timed(scene):
    resolution = scene.lod.resolution
    resolution.adapts = True
    timed = []
    resolution.adapt = timed.append
    scene.lod.set_interacting(True)
    for _ in range(3):
        _pixels(scene)
    scene.lod.set_interacting(False)
    _pixels(scene)  # at rest: not a moving frame
    assert len(timed) == 3 and all(ms > 0 for ms in timed)


def test_moving_frames_are_reduced_and_stretched_to_the_whole_view(scene):
    resolution, window = scene.lod.resolution, scene.plotter.render_window
    rest = _pixels(scene)
    scene.lod.set_interacting(True)
    frame = _pixels(scene)
    assert resolution.frames_reduced == 1
    width, height = resolution.last_size
    assert width < SIZE[0] * 0.6 and height < SIZE[1] * 0.6
    assert width * height <= TEST_BUDGET * 1.05
    # Stretched over the whole view, not left in a corner: the picture is where it is at rest.
    assert frame.shape == rest.shape
    assert np.corrcoef(frame.ravel(), rest.ravel())[0, 1] > 0.9
    assert np.abs(frame - rest).mean() < 12
    # Outside the frame nothing is left changed: viewports, the DPI.
    assert scene.plotter.renderer.GetViewport() == (0.0, 0.0, 1.0, 1.0)
    assert window.GetDPI() == 72
    scene.lod.set_interacting(False)


def test_the_rest_frame_after_moving_equals_one_never_moved(scene):
    resolution, window = scene.lod.resolution, scene.plotter.render_window
    never_moved = _pixels(scene)
    layers = window.GetRenderers().GetNumberOfItems()
    scene.lod.set_interacting(True)
    for _ in range(3):
        scene.plotter.camera.Azimuth(10)
        _pixels(scene)
    scene.plotter.camera.Azimuth(-30)
    scene.lod.set_interacting(False)
    after = _pixels(scene)
    assert resolution.frames_reduced == 3
    assert window.GetRenderers().GetNumberOfItems() == layers  # the stretch renderer has gone
    assert tuple(window.GetSize()) == SIZE
    assert np.abs(after - never_moved).max() <= 2  # the camera went round and back: float noise


def test_reduced_frames_draw_the_coarser_copies(scene, loaded):
    psoas = scene.actors["psoas_major_right"]
    scene.lod.set_interacting(True)
    reduced = psoas.GetMapper().GetInput().GetNumberOfCells()
    scene.lod.set_interacting(False)
    scene.lod.resolution.budget = SIZE[0] * SIZE[1]  # the view fits the budget: full resolution
    scene.lod.set_interacting(True)
    full_resolution = psoas.GetMapper().GetInput().GetNumberOfCells()
    _pixels(scene)
    assert scene.lod.resolution.frames_reduced == 0
    scene.lod.set_interacting(False)
    assert reduced < full_resolution < loaded.meshes["psoas_major_right"].n_faces


def test_no_reduced_frame_without_the_interaction_or_with_it_disabled(scene):
    scene.lod.set_interacting(True)
    scene.lod.resolution.enabled = False
    _pixels(scene)
    scene.lod.set_interacting(False)
    _pixels(scene)
    assert scene.lod.resolution.frames_reduced == 0


def test_what_is_sized_in_pixels_scales_and_comes_back_and_surfaces_are_untouched():
    plotter = pv.Plotter(off_screen=True, window_size=[200, 150])
    surface = plotter.add_mesh(pv.Sphere())
    line = plotter.add_mesh(pv.Line((0, 0, 0), (1, 1, 1)), line_width=4)
    text = plotter.add_text("label", position=(40, 30), font_size=10)
    window = plotter.render_window
    dpi, stamp = window.GetDPI(), surface.GetProperty().GetMTime()
    restore = scale_pixels(window, [plotter.renderer], 0.5)
    assert window.GetDPI() == round(dpi * 0.5)
    assert line.GetProperty().GetLineWidth() == 2
    assert text.GetPositionCoordinate().GetValue()[:2] == (20, 15)
    assert surface.GetProperty().GetMTime() == stamp  # no buffers rebuilt for a whole mesh
    restore_pixels(restore)
    assert window.GetDPI() == dpi and line.GetProperty().GetLineWidth() == 4
    assert text.GetPositionCoordinate().GetValue()[:2] == (40, 30)
    plotter.close()


# --- exports: whole, the same size and pixels, whatever the view was doing ---------------------
def _export(scene, size=SIZE) -> np.ndarray:
    from anatomy_viewer.render.pictures.export import ExportOptions, render_image

    return render_image(scene, ExportOptions(size=size), reference_height=SIZE[1]).astype(int)


def test_an_export_while_the_view_moves_is_drawn_as_at_rest(scene):
    """An export started during a lesson's glide or a section drag (the view interacting): full
    meshes, anti-aliased, full resolution; the interaction goes on after it."""
    at_rest = _export(scene)
    scene.lod.set_interacting(True)
    assert scene.lod.resolution.reduces()  # the view's own next frame would be reduced
    while_moving = _export(scene)
    assert scene.lod.resolution.frames_reduced == 0
    assert scene.lod.interacting and scene.lod.resolution.active  # resumed
    assert scene.plotter.render_window.GetMultiSamples() == 0  # the moving frames' setting, back
    scene.lod.set_interacting(False)
    assert while_moving.shape == at_rest.shape == (SIZE[1], SIZE[0], 3)
    assert np.array_equal(while_moving, at_rest)


def test_exports_after_moving_keep_their_size_and_pixels(scene):
    big = (SIZE[0] * 2, SIZE[1] * 2)  # text, lines and 2D positions scaled by 2
    before = _export(scene, big)
    scene.lod.set_interacting(True)
    for _ in range(2):
        scene.plotter.camera.Azimuth(15)
        _pixels(scene)
    scene.plotter.camera.Azimuth(-30)
    scene.lod.set_interacting(False)
    after = _export(scene, big)
    assert after.shape == (big[1], big[0], 3)
    assert np.abs(after - before).max() <= 2  # the camera went round and back: float noise
    assert tuple(scene.plotter.render_window.GetSize()) == SIZE


def test_scaling_only_what_draws_pixels_gives_the_same_export_and_rebuilds_no_mesh(scene):
    """Before pixel_scale.py every actor's line width and point size was scaled for an export (a
    whole mesh's buffers rebuilt for it): a surface draws neither, so the picture is the same."""
    scene.plotter.add_mesh(pv.Line(*scene.focus_bounds), color="black", line_width=3, name="line")
    surfaces = [actor.GetProperty() for actor in scene.actors.values()]
    stamps = [prop.GetMTime() for prop in surfaces]
    big = (SIZE[0] * 2, SIZE[1] * 2)
    now = _export(scene, big)
    assert [prop.GetMTime() for prop in surfaces] == stamps  # untouched: their buffers stand
    assert scene.plotter.actors["line"].GetProperty().GetLineWidth() == 3  # scaled, put back
    saved = [(prop, prop.GetLineWidth(), prop.GetPointSize()) for prop in surfaces]
    for prop, width, size in saved:  # the old rule: the surfaces' widths scaled as well
        prop.SetLineWidth(width * 2)
        prop.SetPointSize(size * 2)
    old_rule = _export(scene, big)
    for prop, width, size in saved:
        prop.SetLineWidth(width)
        prop.SetPointSize(size)
    assert np.array_equal(old_rule, now)
