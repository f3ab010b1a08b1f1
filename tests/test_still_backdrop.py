"""Frames of a tool move reuse one picture of the anatomy (render/anatomy/still_backdrop.py): they must look
like full frames, erase where the hook was, redraw when the anatomy changes, and leave nothing behind.
Off-screen, on the real meshes."""

from __future__ import annotations

import numpy as np
import pytest
import vtk
from vtkmodules.util.numpy_support import vtk_to_numpy

from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.tool.hold import HoldCountdown
from anatomy_viewer.render.anatomy.still_backdrop import StillBackdrop, _merged
from anatomy_viewer.render.overlays.hold_overlay import HoldOverlay
from anatomy_viewer.render.overlays.tool_layer import ToolLayer
from anatomy_viewer.render.pictures.offscreen import offscreen_scene

SIZE = (480, 400)
# A reused frame may differ from a full one only where a live actor is seen through the translucent
# wall (there it is drawn in front of it): a few hundred pixels of these 192,000.
MAX_DIFFERING_SHARE = 0.01
LEVELS = 8  # colour steps that count as "differs" (anti-aliasing noise stays below this)


@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


@pytest.fixture
def stage(catalogue, core_meshes, checker):
    scene = offscreen_scene(catalogue, core_meshes, SIZE)
    # As in the window: no multisampling (the window smooths with FXAA).
    scene.plotter.render_window.SetMultiSamples(0)
    scene.view("anterior", render=False)
    layer = ToolLayer(scene, checker)
    hold = HoldOverlay(scene.plotter)
    frame(scene)  # as in the window, a tool move starts from a view drawn at least once
    yield scene, layer, hold
    scene.backdrop.end()
    scene.plotter.close()


def frame(scene) -> np.ndarray:
    window = scene.plotter.render_window
    window.Render()
    width, height = window.GetSize()
    pixels = vtk.vtkUnsignedCharArray()
    window.GetRGBACharPixelData(0, 0, width - 1, height - 1, 0, pixels)
    return vtk_to_numpy(pixels).reshape(height, width, 4)[:, :, :3].astype(int)


def differing_share(a: np.ndarray, b: np.ndarray) -> float:
    return float((np.abs(a - b).max(axis=2) > LEVELS).mean())


def full_frame(scene) -> np.ndarray:
    """The same state drawn whole, for comparison (and back to the move afterwards)."""
    live = list(scene.backdrop.live)
    scene.backdrop.end()
    image = frame(scene)
    scene.backdrop.begin(live)
    return image


def place(layer, checker, side, medial_mm, superior_mm, pivot):
    asis = checker.landmarks[f"asis_{side}"]
    x = asis[0] - checker.landmarks.lateral_sign(side) * medial_mm
    layer.show(checker.check(side, x, asis[2] + superior_mm, pivot), (-40.0, 30.0))


def test_reused_frames_look_like_full_frames(stage, checker):
    scene, layer, _ = stage
    place(layer, checker, "right", 25, 15, 0.0)
    scene.backdrop.begin(layer.actors)
    frame(scene)  # captures the anatomy
    for pivot in (5.0, 10.0, 15.0):  # the iliacus all along: the anatomy does not change
        place(layer, checker, "right", 25, 15, pivot)
        moved = frame(scene)
    assert scene.backdrop.frames_captured == 1 and scene.backdrop.frames_reused == 3
    assert differing_share(moved, full_frame(scene)) < MAX_DIFFERING_SHARE


def test_moving_the_hook_far_leaves_no_trace_where_it_was(stage, checker):
    scene, layer, _ = stage
    place(layer, checker, "right", 25, 15, 0.0)
    scene.backdrop.begin(layer.actors)
    before = frame(scene)
    place(layer, checker, "left", 25, 15, 0.0)  # across the body; the left iliacus is tinted now
    frame(scene)
    place(layer, checker, "left", 30, 20, 0.0)
    moved = frame(scene)
    assert scene.backdrop.frames_reused >= 1
    whole = full_frame(scene)
    assert differing_share(moved, whole) < MAX_DIFFERING_SHARE
    assert differing_share(before, whole) > MAX_DIFFERING_SHARE  # the picture did change


def test_a_change_of_the_anatomy_draws_it_again(stage, checker):
    scene, layer, _ = stage
    place(layer, checker, "right", 25, 15, 0.0)
    scene.backdrop.begin(layer.actors)
    frame(scene)
    place(layer, checker, "right", 25, 15, -20.0)  # now the psoas: its tint changes the anatomy
    frame(scene)
    assert layer.target == "psoas_major_right" and scene.backdrop.frames_captured == 2
    scene.plotter.camera.Azimuth(20)
    turned = frame(scene)
    assert scene.backdrop.frames_captured == 3
    assert differing_share(turned, full_frame(scene)) < MAX_DIFFERING_SHARE


def test_overlays_in_the_corners_are_live_too(stage, checker):
    scene, layer, hold = stage
    countdown = HoldCountdown(30.0)
    place(layer, checker, "right", 25, 15, 0.0)
    hold.show(countdown)
    scene.backdrop.begin([*layer.actors, *hold.actors])
    frame(scene)
    countdown.start()
    countdown.tick(17.0)  # the bar shrinks, the text changes
    hold.show(countdown)
    ticking = frame(scene)
    assert scene.backdrop.frames_reused == 1
    assert differing_share(ticking, full_frame(scene)) < MAX_DIFFERING_SHARE


def test_ending_a_move_leaves_the_scene_as_it_was(stage, checker):
    scene, layer, _ = stage
    place(layer, checker, "right", 25, 15, 0.0)
    window, renderer = scene.plotter.render_window, scene.plotter.renderer
    untouched = frame(scene)
    renderers = window.GetRenderers().GetNumberOfItems()
    scene.backdrop.begin(layer.actors)
    assert window.GetRenderers().GetNumberOfItems() == renderers + 1
    assert not renderer.HasViewProp(layer.hook)
    frame(scene)
    scene.backdrop.end()
    assert window.GetRenderers().GetNumberOfItems() == renderers
    assert all(renderer.HasViewProp(actor) for actor in layer.actors)
    assert np.array_equal(frame(scene), untouched)


def test_rectangles_merge_only_where_they_overlap():
    assert _merged([(0, 0, 10, 10), (5, 5, 20, 20), (30, 30, 40, 40)]) == [
        (0, 0, 20, 20),
        (30, 30, 40, 40),
    ]
    # A rectangle that joins two others pulls them all into one.
    assert _merged([(0, 0, 4, 4), (10, 10, 14, 14), (3, 3, 11, 11)]) == [(0, 0, 14, 14)]


def test_begin_without_a_window_does_nothing():
    class Closed:
        render_window = None

    backdrop = StillBackdrop(Closed())
    backdrop.begin([])
    assert not backdrop.active
    backdrop.end()
