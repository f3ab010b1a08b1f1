"""The video's timeline (pure core): the glide shared with the window, the turntable's orbit, and how
many frames each part of a lesson video lasts."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.scene import video_timeline as timeline
from anatomy_viewer.core.scene.camera_motion import (
    GLIDE_MS,
    ease_in_out_cubic,
    interpolate,
    orbit,
)
from anatomy_viewer.core.scene.scene_state import SceneState, ToolPlacement
from anatomy_viewer.core.scene.video_timeline import (
    FRAME_RATE,
    PIVOT_LEAD_S,
    VideoStep,
    frame_count,
    frames_for,
    hold_s,
    lesson_shots,
    pivot_angles,
    turntable_shots,
)
from anatomy_viewer.core.scene.views import CameraPose
from anatomy_viewer.core.tool.session import SWEEP_DEG_PER_S

FRONT = CameraPose((0.0, -500.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0))
SIDE = CameraPose((400.0, 0.0, 10.0), (0.0, 0.0, 10.0), (0.0, 0.0, 1.0))
POSES = {"anterior": FRONT, "left": SIDE}


def pose_of(camera):
    return camera if isinstance(camera, CameraPose) else POSES[camera]


def test_the_glide_paces_like_the_window():
    """The window animates with Qt's InOutCubic; the video with the core's curve: the same numbers."""
    from PySide6.QtCore import QEasingCurve

    qt = QEasingCurve(QEasingCurve.Type.InOutCubic)
    for t in np.linspace(0, 1, 41):
        assert ease_in_out_cubic(t) == pytest.approx(qt.valueForProgress(float(t)), abs=1e-9)


def test_interpolate_ends_where_it_should_and_swings_round():
    assert np.allclose(interpolate(FRONT, SIDE, 0.0).position, FRONT.position)
    assert np.allclose(interpolate(FRONT, SIDE, 1.0).position, SIDE.position)
    middle = interpolate(FRONT, SIDE, 0.5)
    # Around the anatomy, not through it: the distance stays between the two ends'.
    assert 400 <= middle.distance() <= 500


def test_orbit_turns_about_the_superior_axis_through_the_focal_point():
    quarter = orbit(FRONT, 90.0)
    assert np.allclose(quarter.position, (500.0, 0.0, 0.0), atol=1e-9)  # from the front to the left
    assert quarter.focal_point == FRONT.focal_point
    assert np.allclose(quarter.up, FRONT.up)
    assert np.allclose(orbit(FRONT, 360.0).position, FRONT.position, atol=1e-9)
    raised = CameraPose((0.0, -300.0, 200.0), (5.0, 5.0, 5.0), (0.0, 0.5, 1.0))
    for angle in (17.0, 123.0, 250.0):
        turned = orbit(raised, angle)
        assert turned.distance() == pytest.approx(raised.distance())
        assert turned.position[2] == pytest.approx(raised.position[2])  # same height


def test_pivot_angles_follow_the_windows_pace_and_end_exactly():
    angles = pivot_angles(-20.0, 25.0)
    assert angles[-1] == 25.0
    assert len(angles) == int(np.ceil(45.0 / SWEEP_DEG_PER_S * FRAME_RATE))
    assert np.all(np.diff(angles) > 0)
    assert angles[0] == pytest.approx(-20.0 + SWEEP_DEG_PER_S / FRAME_RATE)
    backwards = pivot_angles(10.0, -30.0)
    assert backwards[-1] == -30.0 and np.all(np.diff(backwards) < 0)


def _tool(pivot_to=None):
    return ToolPlacement("right", (-90.0, 917.0), -20.0, pivot_to)


def test_a_lesson_glides_turns_and_holds():
    steps = [
        VideoStep(SceneState(camera="anterior", labels=("iliacus_right",)), "1. First"),
        VideoStep(SceneState(camera="left", tool=_tool(25.0)), "2. Pivot"),
    ]
    shots = lesson_shots(steps, pose_of)
    glide = frames_for(GLIDE_MS / 1000)
    turn = len(pivot_angles(-20.0, 25.0))
    first_hold = frames_for(hold_s(steps[0].state))
    expected = (
        first_hold + glide + frames_for(PIVOT_LEAD_S) + turn + frames_for(hold_s(steps[1].state))
    )
    assert frame_count(shots) == expected
    assert hold_s(steps[1].state) > hold_s(SceneState())  # the readout takes time to read
    # Step 1 is one picture held; then the glide's moving frames, one picture each.
    assert shots[0].frames == first_hold and shots[0].camera == FRONT
    gliding = shots[1:glide]
    assert all(s.frames == 1 and s.camera not in (FRONT, SIDE) for s in gliding)
    assert all(s.state.tool.pivot_deg == -20.0 for s in gliding)  # the tool waits for the camera
    # The turn: the pivot's arrow throughout, the angle climbing to pivot_to_deg, then the hold.
    after = shots[glide:]
    assert all(s.camera == SIDE and s.arc_deg == (-20.0, 25.0) for s in after)
    assert [s.state.tool.pivot_deg for s in after][-1] == 25.0
    assert after[-1].frames == frames_for(hold_s(steps[1].state)) + 1
    assert all(s.caption == "2. Pivot" for s in after) and shots[0].caption == "1. First"
    assert all(s.state.tool.pivot_to_deg is None for s in after)  # each frame is a still


def test_no_glide_when_the_view_stays_and_no_pictures_drawn_twice():
    steps = [VideoStep(SceneState(camera="anterior")), VideoStep(SceneState(camera="anterior"))]
    shots = lesson_shots(steps, pose_of)
    assert len(shots) == 2  # two pictures, each held
    assert frame_count(shots) == 2 * frames_for(hold_s(SceneState())) + frames_for(GLIDE_MS / 1000)
    pivoting = lesson_shots([VideoStep(SceneState(tool=_tool(25.0)))], pose_of)
    pictures = [(s.state.tool.pivot_deg, s.camera) for s in pivoting]
    assert len(pictures) == len(set(pictures))


def test_turntable_one_whole_turn(monkeypatch):
    shots = turntable_shots(SceneState(tool=_tool(25.0)), FRONT, "Turn")
    assert len(shots) == frame_count(shots) == frames_for(timeline.TURNTABLE_S)
    assert shots[0].camera == orbit(FRONT, 0.0)
    # The last frame stops one step short of the first: a looping GIF does not stutter.
    step = 360.0 / len(shots)
    assert np.allclose(orbit(shots[-1].camera, step).position, FRONT.position, atol=1e-6)
    # A pivoting step turns where its pivot ends, with its arrow, as its stills show it.
    assert {s.state.tool.pivot_deg for s in shots} == {25.0}
    assert {s.arc_deg for s in shots} == {(-20.0, 25.0)}
    monkeypatch.setattr(timeline, "TURNTABLE_S", 1.0)
    assert len(turntable_shots(None, FRONT)) == FRAME_RATE
