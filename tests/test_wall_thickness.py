"""Body wall thickness: presets and their words, the lesson field and the viewer's setting (no
meshes), and on the real meshes: a thicker wall is the same wall moved forward, the tip moves with
it and the target gets deeper by the difference."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.anatomy.body_wall import BodyWall, wall_label
from anatomy_viewer.core.anatomy.wall_thickness import (
    DEFAULT_WALL_MM,
    PRESETS,
    WALL_MM_RANGE,
    parse_wall,
    preset_of,
    resolve_wall_mm,
    wall_words,
)
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.lessons import parse_lesson
from anatomy_viewer.core.lessons.problems import LessonError
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.scene.viewer_state import ViewerState


def test_presets_follow_the_published_ranges_in_order():
    names = [p.name for p in PRESETS]
    assert names == ["lean", "average", "high-bmi"]
    thickness = [p.wall_mm for p in PRESETS]
    assert thickness == sorted(thickness)
    # Cheng et al. 2024: 1.82 / 2.59 (cohort) / 3.69 cm; Abbas et al.: 17.5 (men), 24.8 (women) mm.
    assert thickness == [18.0, 26.0, 37.0]
    assert all(WALL_MM_RANGE[0] < mm < WALL_MM_RANGE[1] for mm in thickness)
    assert all("Cheng 2024" in p.source for p in PRESETS)
    assert DEFAULT_WALL_MM == 18.0 and preset_of(DEFAULT_WALL_MM).name == "lean"


def test_thickness_in_words_and_from_text():
    assert wall_words(18) == "wall 18 mm (lean)"
    assert wall_words(37.0) == "wall 37 mm (high BMI)"
    assert wall_words(30) == "wall 30 mm"
    assert wall_words(30.5) == "wall 30.5 mm"
    assert wall_label(26) == "schematic body wall (derived), 26 mm (average)"
    assert parse_wall("average") == 26.0
    assert parse_wall("High_BMI") == 37.0
    assert parse_wall("42") == 42.0
    assert resolve_wall_mm(None) == DEFAULT_WALL_MM
    for bad in ("fat", "4", "91", "nan", "inf"):
        with pytest.raises(UserError, match="body wall thickness"):
            parse_wall(bad)


def test_viewer_state_keeps_the_choice_for_steps_that_name_none():
    from anatomy_viewer.core.anatomy.catalogue import load_catalogue

    state = ViewerState(load_catalogue())
    seen = []
    state.changed.connect(seen.append)
    state.choose_wall_mm(26.0)
    assert state.wall_mm == state.chosen_wall_mm == 26.0 and seen == [frozenset({"wall"})]
    state.set_wall_mm(37.0)  # a lesson step's own thickness
    assert state.wall_mm == 37.0 and state.chosen_wall_mm == 26.0
    state.set_wall_mm(None)  # a step that names none: the choice again
    assert state.wall_mm == 26.0
    with pytest.raises(UserError):
        state.choose_wall_mm(200.0)


LESSON = """
id = "walls"
title = "Walls"
summary = "s"
audience = "a"
sources = ["Cheng CW et al., AAGL 2024, abstract 12045"]
[[steps]]
title = "Lean"
text = "t"
[[steps]]
title = "High BMI"
text = "t"
wall_mm = "high-bmi"
[[steps]]
title = "Custom"
text = "t"
wall_mm = 30
"""


def test_lessons_set_the_thickness_per_step(catalogue):
    lesson = parse_lesson(LESSON.encode(), catalogue)
    states = [step.scene_state(catalogue) for step in lesson.steps]
    assert [s.wall_mm for s in states] == [None, 37.0, 30.0]


@pytest.mark.parametrize(("value", "words"), [
    ("3", "out of range 5..90"), ("'chubby'", "unknown body wall preset"),
    ("true", "must be a number"),
])  # fmt: skip
def test_lesson_wall_mm_is_checked(catalogue, value, words):
    text = LESSON.replace("wall_mm = 30", f"wall_mm = {value}")
    with pytest.raises(LessonError) as error:
        parse_lesson(text.encode(), catalogue)
    problem = error.value.problems[0]
    assert problem.field == "wall_mm" and words in problem.message and problem.step == 3


# --- the real meshes ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


def test_a_thicker_wall_is_the_same_wall_moved_forward(checker, core_meshes):
    """What ``thickened`` gives is what fitting the wall again at that thickness gives."""
    fitted = BodyWall.from_meshes(core_meshes, checker.landmarks, 37.0)
    moved = checker.wall.thickened(37.0)
    assert fitted.wall_mm == moved.wall_mm == 37.0
    assert np.allclose(fitted.y, moved.y, atol=1e-6)
    assert np.allclose(checker.wall.y - moved.y, 37.0 - DEFAULT_WALL_MM)


def _lesson_spots(checker):
    """The lessons' example spot on both sides and two more in the safe zone."""
    spots = []
    for side, medial in (("right", 1.0), ("left", -1.0)):
        asis = checker.landmarks[f"asis_{side}"]
        spots.append((side, asis[0] + medial * 25.0, asis[2] + 15.0))
        spots.append((side, asis[0] + medial * 35.0, asis[2] + 25.0))
    return spots


@pytest.mark.parametrize("extra_mm", [8.0, 19.0])
def test_raising_the_wall_moves_the_tip_forward_and_deepens_the_target(checker, extra_mm):
    thicker = checker.with_wall(DEFAULT_WALL_MM + extra_mm)
    for side, x, z in _lesson_spots(checker):
        before = checker.check(side, x, z, 0.0)
        after = thicker.check(side, x, z, 0.0)
        assert before.target is not None and after.target == before.target
        assert after.tip[1] == pytest.approx(before.tip[1] - extra_mm, abs=1e-6)  # anterior: -Y
        assert np.allclose(after.tip[[0, 2]], before.tip[[0, 2]])
        assert after.target_depth_mm == pytest.approx(before.target_depth_mm + extra_mm, abs=1.0)
        assert after.wall_mm == DEFAULT_WALL_MM + extra_mm


def test_pivoted_the_line_crosses_more_wall(checker):
    """At a pivot the line runs through the thicker wall on a slant: the extra depth is about the
    extra thickness over cos(pivot), and where the line ends may change (here: still the psoas)."""
    side, x, z = _lesson_spots(checker)[0]
    thicker = checker.with_wall(DEFAULT_WALL_MM + 8.0)
    before, after = checker.check(side, x, z, -20.0), thicker.check(side, x, z, -20.0)
    assert before.target == after.target == "psoas_major_right"
    assert after.target_depth_mm - before.target_depth_mm == pytest.approx(
        8.0 / np.cos(np.radians(20.0)), abs=1.5
    )


def test_with_wall_shares_the_measurements_and_caches(checker):
    thick = checker.with_wall(37.0)
    assert thick is checker.with_wall(37) is thick.with_wall(37.0)
    assert checker.with_wall(None) is checker
    assert thick.landmarks is checker.landmarks and thick.caster is checker.caster
    assert thick.wall_mm == 37.0 and checker.wall_mm == DEFAULT_WALL_MM
    with pytest.raises(UserError):
        checker.with_wall(120.0)


def test_zones_at_pivot_0_do_not_depend_on_the_thickness(checker):
    """Pressing straight back from the skin moved forward is the same line, only longer in front
    of the old skin: every zone stays where it was (which lets the window move the zones in place)."""
    base = checker.zone_map(0.0)
    for mm in (WALL_MM_RANGE[0], 37.0, WALL_MM_RANGE[1]):
        assert checker.with_wall(mm).zone_map(0.0).same_zones(base)
