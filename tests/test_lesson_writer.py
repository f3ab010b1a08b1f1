"""The lesson writer and the capture of a step from a scene: what is written is what is read back,
every scene captured comes back exactly, and the files pass the validator of ``lessons check``."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anatomy_viewer.core.anatomy.wall_thickness import PRESETS, WALL_MM_RANGE
from anatomy_viewer.core.lessons import Lesson, discover_lessons, parse_lesson
from anatomy_viewer.core.lessons.capture import (
    capture_scene,
    describe_visible,
    nearest_landmark,
)
from anatomy_viewer.core.lessons.model import LandmarkOffset, Step, ToolSpec
from anatomy_viewer.core.lessons.writer import lesson_to_toml, tool_comments_in
from anatomy_viewer.core.scene.scene_state import SceneState, ToolPlacement
from anatomy_viewer.core.scene.views import VIEW_NAMES, CameraPose
from anatomy_viewer.core.vocabulary import LANDMARK_IDS, ZONE_LAYERS

ROUND_TRIP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A made-up pelvis for the pure tests (the real landmarks are measured in the window tests): every
# landmark id at a distinct point in the body frame, the right side at -X.
FAKE_LANDMARKS = {
    name: (
        (-1 if name.endswith("_right") else 1 if name.endswith("_left") else 0)
        * (40.0 + 25.0 * index),
        -120.0 + index,
        760.0 + 30.0 * index,
    )
    for index, name in enumerate(LANDMARK_IDS)
}


def _lesson(*steps: Step) -> Lesson:
    numbered = tuple(dataclasses.replace(s, number=n) for n, s in enumerate(steps, start=1))
    return Lesson("t", "T", "S", "A", ("BodyParts3D",), numbered)


def _reloaded(lesson: Lesson, catalogue) -> Lesson:
    return parse_lesson(lesson_to_toml(lesson).encode("utf-8"), catalogue, "written.toml")


def test_every_shipped_lesson_writes_and_reads_back_the_same(catalogue):
    for lesson in discover_lessons(catalogue=catalogue):
        again = _reloaded(lesson, catalogue)
        assert again == dataclasses.replace(lesson, path=None), lesson.id


def test_awkward_text_survives(catalogue):
    nasty = 'He said """stop""" \\ then "go"\n\ttab\r\nand a trailing quote"'
    step = Step(1, 'Quote " and \\', nasty, notes="\u00e9t\u00e9 \u2013 \x01 control\n")
    again = _reloaded(_lesson(step), catalogue)
    assert again.steps[0].text == nasty
    assert again.steps[0].title == 'Quote " and \\'
    assert again.steps[0].notes == "\u00e9t\u00e9 \u2013 \x01 control\n"


def test_tool_comment_is_written_and_read_back(catalogue):
    tool = ToolSpec("right", LandmarkOffset("asis_right", 25.0, 15.0), -20.0, 10.0)
    text = lesson_to_toml(_lesson(Step(1, "a", "b", tool=tool)))
    assert "# The tip is 25 mm medial (toward the midline) and 15 mm superior" in text
    assert 'at = { landmark = "asis_right", medial_mm = 25, superior_mm = 15 }' in text
    assert "pivot_deg = -20\npivot_to_deg = 10" in text
    comment = tool_comments_in(text)[1]
    rewritten = lesson_to_toml(_lesson(Step(1, "a", "b", tool=tool)), {1: comment})
    assert rewritten == text  # the comment read back is the comment written


# --- capture ----------------------------------------------------------------------------------
def test_a_named_pose_is_written_as_the_view(catalogue):
    named = {"oblique": CameraPose((-300.0, -600.0, 1100.0), (0.0, -80.0, 900.0), (0.0, 0.0, 1.0))}
    jitter = CameraPose((-300.2, -600.1, 1100.0), (0.1, -80.0, 900.0), (0.0, 0.00001, 1.0))
    assert capture_scene(SceneState(camera=jitter), catalogue, named_poses=named).fields[
        "camera"
    ] == ("oblique")
    turned = CameraPose((-250.04, -650.0, 1100.0), (0.0, -80.0, 900.0), (0.0, 0.3, 0.95))
    camera = capture_scene(SceneState(camera=turned), catalogue, named_poses=named).fields["camera"]
    assert isinstance(camera, CameraPose)
    assert camera.position == (-250.0, -650.0, 1100.0)
    assert math.hypot(*camera.up) == pytest.approx(1.0, abs=1e-4)


def test_the_tip_is_written_from_the_nearest_landmark_never_as_coordinates(catalogue):
    asis = FAKE_LANDMARKS["asis_right"]
    tip = (asis[0] + 25.04, asis[2] + 14.96)  # 25 mm medial on the right side is +X
    state = SceneState(tool=ToolPlacement("right", tip, -20.0))
    captured = capture_scene(state, catalogue, landmarks=FAKE_LANDMARKS)
    tool = captured.fields["tool"]
    assert nearest_landmark("right", *tip, FAKE_LANDMARKS) == "asis_right"
    assert tool == ToolSpec("right", LandmarkOffset("asis_right", 25.0, 15.0), -20.0)
    assert "nearest" in captured.tool_note and "right ASIS" in captured.tool_note
    # The left side: medial is -X, and no landmark of the right side is used.
    left = FAKE_LANDMARKS["mid_inguinal_left"]
    state = SceneState(tool=ToolPlacement("left", (left[0] - 10.0, left[2] + 3.0)))
    at = capture_scene(state, catalogue, landmarks=FAKE_LANDMARKS).fields["tool"].at
    assert at == LandmarkOffset("mid_inguinal_left", 10.0, 3.0)


def test_updating_keeps_a_tool_that_did_not_move(catalogue):
    written = ToolSpec("right", LandmarkOffset("pubic_tubercle_right", 40.0, 60.0), 0.0, 25.0)
    resolved = written.placement(FAKE_LANDMARKS)
    state = SceneState(tool=ToolPlacement("right", resolved.at, 25.0))  # after the animation
    captured = capture_scene(state, catalogue, landmarks=FAKE_LANDMARKS, keep_tool=written)
    assert captured.fields["tool"] is written and captured.tool_note is None


def test_visibility_is_written_in_the_fewest_names(catalogue):
    core = frozenset(s.id for s in catalogue if s.group == "core")
    everything = frozenset(catalogue.ids)
    assert describe_visible(core, catalogue, everything) == ((), ())
    assert describe_visible(core - {"sacrum"}, catalogue, everything) == ((), ("sacrum",))
    bones = frozenset(catalogue.select(["bone"]))
    assert describe_visible(bones, catalogue, everything) == (("bone",), ())
    assert describe_visible(bones - {"sacrum"} | {"psoas_major_right"}, catalogue, everything) == (
        ("bone", "psoas_major_right"),
        ("sacrum",),
    )


def _names(catalogue):
    return st.sampled_from(catalogue.ids)


@st.composite
def scene_states(draw, catalogue):
    """Any scene the window can show: what is visible, its opacities, highlight, labels, zones, a
    camera (named or not) and the tool near some landmark, or none."""
    core_only = draw(st.booleans())
    available = (
        frozenset(s.id for s in catalogue if s.group == "core")
        if core_only
        else frozenset(catalogue.ids)
    )
    pool = sorted(available)
    visible = frozenset(draw(st.sets(st.sampled_from(pool), min_size=1)))
    shown = sorted(visible)
    opacity = draw(
        st.dictionaries(
            st.sampled_from(pool), st.integers(0, 100).map(lambda n: n / 100), max_size=12
        )
    )
    highlight = frozenset(draw(st.sets(st.sampled_from(shown), max_size=4)))
    labels = tuple(
        dict.fromkeys(
            draw(st.lists(st.sampled_from([*LANDMARK_IDS, *shown]), max_size=5, unique=True))
        )
    )
    zones = frozenset(draw(st.sets(st.sampled_from(ZONE_LAYERS))))
    coordinate = st.floats(-3000, 3000, allow_nan=False)
    if draw(st.booleans()):
        camera = draw(st.sampled_from(VIEW_NAMES))
    else:
        position = tuple(draw(st.tuples(coordinate, coordinate, coordinate)))
        focal = tuple(draw(st.tuples(coordinate, coordinate, coordinate)))
        up = tuple(draw(st.tuples(*[st.floats(-1, 1, allow_nan=False)] * 3)))
        if math.dist(position, focal) < 1.0 or math.hypot(*up) < 0.1:
            camera = "anterior"
        else:
            camera = CameraPose(position, focal, up)
    tool = None
    if draw(st.booleans()):
        side = draw(st.sampled_from(["right", "left"]))
        name = f"{draw(st.sampled_from(['asis', 'mid_inguinal', 'pubic_tubercle']))}_{side}"
        point = FAKE_LANDMARKS[name]
        dx, dz = draw(st.tuples(st.floats(-40, 40), st.floats(-40, 40)))
        pivot = draw(st.floats(-90, 90))
        tool = ToolPlacement(side, (point[0] + dx, point[2] + dz), pivot)
    wall_mm = draw(
        st.none() | st.floats(*WALL_MM_RANGE) | st.sampled_from([p.wall_mm for p in PRESETS])
    )
    return available, SceneState(camera, visible, opacity, highlight, labels, zones, tool, wall_mm)


@ROUND_TRIP
@given(data=st.data())
def test_random_scenes_round_trip_through_the_writer_and_the_loader(catalogue, data):
    available, state = data.draw(scene_states(catalogue))
    captured = capture_scene(state, catalogue, available, FAKE_LANDMARKS)
    step = captured.new_step(1, "Step", "Text")
    again = _reloaded(_lesson(step), catalogue).steps[0]  # raises if the file has a problem
    expected = step.scene_state(catalogue, FAKE_LANDMARKS)
    assert again.scene_state(catalogue, FAKE_LANDMARKS) == expected

    # ... and the captured scene is the scene that was shown.
    assert expected.visible & available == state.visible
    for structure_id in state.visible:
        want = round(state.opacity.get(structure_id, 1.0), 2)
        assert expected.opacity.get(structure_id, 1.0) == pytest.approx(want)
    assert expected.highlight & available == state.highlight
    assert expected.labels == state.labels
    assert expected.zones == state.zones
    assert expected.wall_mm == state.wall_mm
    if isinstance(state.camera, str):
        assert expected.camera == state.camera
    else:
        assert math.dist(expected.camera.position, state.camera.position) < 0.1
        assert math.dist(expected.camera.focal_point, state.camera.focal_point) < 0.1
    if state.tool is None:
        assert expected.tool is None
    else:
        assert expected.tool.side == state.tool.side
        assert math.dist(expected.tool.at, state.tool.at) < 0.1
        assert expected.tool.pivot_deg == pytest.approx(state.tool.pivot_deg, abs=0.05)


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(['"', "\\", " ", "\n", "*"]),
    min_size=1,
    max_size=400,
)


@ROUND_TRIP
@given(text=TEXT, notes=TEXT, question=TEXT)
def test_any_text_round_trips_and_long_lines_are_wrapped(catalogue, text, notes, question):
    from hypothesis import assume

    from anatomy_viewer.core.lessons import LessonError, PlaceQuiz

    assume(text.strip() and notes.strip() and question.strip())
    quiz = PlaceQuiz(question, "right", "safe", "Because.")
    lesson = _lesson(Step(1, "T", text, notes=notes, quiz=quiz))
    written = lesson_to_toml(lesson)
    try:
        again = parse_lesson(written.encode("utf-8"), catalogue, "x.toml").steps[0]
    except LessonError as exc:  # only the validator's own limits, never the writing
        assert all("link" in p.message for p in exc.problems), exc.problems
        return
    assert (again.text, again.notes, again.quiz.question) == (text, notes, question)
    # Only a line with no space to break at runs past the width.
    for line in written.splitlines():
        assert len(line) <= 100 or " " not in line.strip() or line.startswith(('  "', "#"))


def test_long_lists_and_tables_stay_valid_and_readable(catalogue):
    everything = tuple(catalogue.ids)
    pairs = tuple((i, 0.5) for i in everything[:20])
    far = CameraPose((-9999.9, -9999.9, 9999.9), (-1234.5, -1234.5, 1234.5), (0.1234, 0.5678, 0.9))
    step = Step(1, "a", "b", camera=far, show=everything, opacity=pairs, labels=everything[:30])
    text = lesson_to_toml(_lesson(step))
    assert "[steps.camera]" in text and "[steps.opacity]" in text
    assert all(len(line) <= 100 for line in text.splitlines() if not line.startswith('  "BodyP'))
    assert _reloaded(_lesson(step), catalogue).steps[0] == step
