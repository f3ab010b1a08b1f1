"""The tool's core models on the real meshes: session, readout words, challenge scoring, hold countdown,
and the mouse ray against the wall (no Qt, no plotter)."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.tool.geometry import first_wall_crossing
from anatomy_viewer.core.tool.hold import HoldCountdown
from anatomy_viewer.core.tool.practice import TASK_POOL, Task, judge, make_challenge
from anatomy_viewer.core.tool.readout import lines, pivot_words, readout
from anatomy_viewer.core.tool.session import ToolSession


@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


@pytest.fixture
def session(checker):
    session = ToolSession(lambda: checker)
    session.place_default("right")
    return session


def test_session_places_checks_and_refuses_off_the_wall(session, checker):
    seen = []
    session.changed.connect(seen.append)
    assert session.placement.verdict == "safe"
    x, z = session.x_mm, session.z_mm
    assert not session.place(x, z + 5000.0)  # far above the wall
    assert (session.x_mm, session.z_mm) == (x, z) and not seen
    session.set_pivot(-35.0)
    assert session.placement.verdict == "danger" and seen == [frozenset({"placement"})]
    session.set_pivot(500.0)
    assert session.pivot_deg == 90.0  # clamped to the checker's limit
    session.set_practice(True)
    assert session.visible and session.practice
    session.set_visible(False)
    assert not session.practice  # no practising with a hidden tool


def test_session_takes_the_side_the_tip_is_on(session, checker):
    left = checker.landmarks["asis_left"]
    assert session.place(left[0] - 25.0, left[2] + 15.0)
    assert session.side == "left" and session.placement.side == "left"


def test_readout_words_follow_the_pivot(checker):
    asis = checker.landmarks["asis_right"]
    x, z = asis[0] + 25.0, asis[2] + 15.0
    psoas = readout(checker.check("right", x, z, -20.0))
    assert psoas.headline.startswith("SAFE: right psoas major") and psoas.depth_mm > 0
    assert psoas.nearest_vessel is not None and psoas.nearest_vessel_mm > 0
    artery = readout(checker.check("right", x, z, -35.0))
    assert artery.verdict == "danger" and artery.artery_warning
    assert any("ARTERY" in line for line in lines(artery))
    assert not any("ARTERY" in line for line in lines(psoas))
    assert (
        "midline" in pivot_words(-20)
        and "hip bone" in pivot_words(25)
        and "straight" in pivot_words(0)
    )


def test_judge_scores_good_and_bad_placements(checker):
    asis = checker.landmarks["asis_right"]
    x, z = asis[0] + 25.0, asis[2] + 15.0
    aim = Task("Aim at the right iliacus", "right", "iliacus")
    assert judge(aim, checker.check("right", x, z, 10.0)).correct
    wrong_muscle = judge(aim, checker.check("right", x, z, -20.0))
    assert (
        not wrong_muscle.correct
        and "iliacus" in wrong_muscle.feedback
        and "]" in wrong_muscle.feedback
    )
    left = Task("Find a safe spot on the left side", "left")
    wrong_side = judge(left, checker.check("right", x, z, 10.0))
    assert not wrong_side.correct and "left" in wrong_side.feedback
    crease = Task("hip crease", None, None, "danger", "hip_crease")
    mid = checker.landmarks["mid_inguinal_right"]
    assert judge(crease, checker.check("right", mid[0], mid[2] - 10.0, 0.0)).correct
    assert not judge(crease, checker.check("right", x, z, 10.0)).correct


def test_every_pooled_task_has_an_answer_on_these_meshes(checker):
    """No task may be impossible: search a coarse grid of spots and pivots for each one."""
    xs, zs, inside = checker.wall.sample(10.0)
    spots = [(x, z) for j, z in enumerate(zs) for i, x in enumerate(xs) if inside[j, i]]
    placements = [
        checker.verdict_at(x, z, pivot)
        for x, z in spots[::3]
        for pivot in (-35.0, -20.0, 0.0, 15.0)
    ]
    placements = [p for p in placements if p is not None]
    for task in TASK_POOL:
        assert any(judge(task, p).correct for p in placements), task.prompt


def test_challenge_counts_and_summarises(checker):
    challenge = make_challenge(3, seed=1)
    assert len(set(challenge.tasks)) == 3
    asis = checker.landmarks["asis_right"]
    placement = checker.check("right", asis[0] + 25.0, asis[2] + 15.0, 10.0)
    for _ in range(3):
        challenge.submit(placement)
    assert challenge.done and challenge.summary().startswith(f"Score {challenge.score} / 3")
    with pytest.raises(ValueError):
        challenge.submit(placement)
    with pytest.raises(ValueError):
        make_challenge(len(TASK_POOL) + 1)


def test_hold_countdown_runs_down_and_stops():
    countdown = HoldCountdown(30.0)
    assert countdown.text() == "0:30" and countdown.in_technique_range
    countdown.tick(5.0)
    assert countdown.remaining_s == 30.0  # not started: time does not run
    countdown.start()
    countdown.tick(12.4)
    assert countdown.text() == "0:18" and countdown.fraction_left == pytest.approx(17.6 / 30)
    countdown.tick(100.0)
    assert countdown.finished and not countdown.running and countdown.text() == "0:00"
    countdown.reset(1000.0)
    assert countdown.duration_s == 300.0 and not countdown.finished  # a lesson's upper limit


def test_ray_meets_the_wall_where_the_checker_puts_the_tip(checker):
    wall = checker.wall
    asis = checker.landmarks["asis_right"]
    x, z = asis[0] + 30.0, asis[2] + 20.0
    target = wall.wall_point(x, z)
    direction = np.array([0.3, 1.0, -0.2]) / np.linalg.norm([0.3, 1.0, -0.2])
    hit = first_wall_crossing(
        wall.height_mm, wall.contains, target - 300 * direction, target + 300 * direction
    )
    assert np.allclose(hit, target, atol=0.5)
    beside = target + np.array([1000.0, 0.0, 0.0])  # a ray past the side of the wall
    assert (
        first_wall_crossing(wall.height_mm, wall.contains, beside - 300 * direction, beside) is None
    )
