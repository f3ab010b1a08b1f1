"""The lesson model: shipped lessons, scenes per step, landmark-relative tools, the player, quizzes, text."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.lessons import (
    ChoiceQuiz,
    LandmarkOffset,
    LessonError,
    LessonPlayer,
    PlaceQuiz,
    ToolSpec,
    discover_lessons,
    find_lesson,
    judge_choice,
    judge_place,
    markdown_to_html,
    parse_lesson,
)
from anatomy_viewer.core.scene.scene_state import SceneState
from anatomy_viewer.core.scene.views import VIEW_NAMES, CameraPose
from anatomy_viewer.core.vocabulary import LANDMARK_IDS

REPO = Path(__file__).resolve().parents[1]
SHIPPED_IDS = [
    "meet_the_iliopsoas",
    "reading_the_pelvis",
    "where_the_tip_goes",
    "the_pivot",
    "when_not_to_use_it",
]
# Stand-in landmarks for tests that need no meshes: only their arithmetic matters here.
FAKE_LANDMARKS = {
    name: (-100.0 if name.endswith("_right") else 100.0, -150.0, 900.0) for name in LANDMARK_IDS
}

HEADER = """\
id = "t"
title = "T"
summary = "s"
audience = "students"
sources = ["the domain brief"]
"""


def one_step(catalogue, body: str):
    return parse_lesson(
        (HEADER + '\n[[steps]]\ntitle = "S"\ntext = "t"\n' + body).encode(), catalogue
    ).steps[0]


@pytest.fixture(scope="module")
def shipped(catalogue):
    return discover_lessons(REPO / "lessons", catalogue)


# --- shipped lessons ------------------------------------------------------------------------------
def test_five_lessons_ship_in_order(shipped):
    assert [lesson.id for lesson in shipped] == SHIPPED_IDS


def test_shipped_lessons_are_complete(shipped):
    for lesson in shipped:
        assert 4 <= len(lesson.steps) <= 8, lesson.id
        assert lesson.sources and lesson.summary and lesson.audience
        assert any("BodyParts3D" in source for source in lesson.sources)
        for step in lesson.steps:
            assert step.notes.strip(), f"{lesson.id} step {step.number} has no presenter notes"


def test_shipped_quizzes_include_both_kinds(shipped):
    quizzes = [step.quiz for lesson in shipped for step in lesson.steps if step.quiz]
    assert any(isinstance(q, ChoiceQuiz) for q in quizzes)
    assert any(isinstance(q, PlaceQuiz) and q.expect == "safe" for q in quizzes)
    assert sum(lesson.has_quiz for lesson in shipped) >= 2


def test_every_shipped_step_builds_a_complete_scene(shipped, catalogue):
    for lesson in shipped:
        for step in lesson.steps:
            state = step.scene_state(catalogue, FAKE_LANDMARKS)
            assert isinstance(state, SceneState)
            assert state.visible and state.visible <= set(catalogue.ids)
            assert state.camera in VIEW_NAMES or isinstance(state.camera, CameraPose)
            assert state.highlight <= state.visible
            assert all(0.0 <= v <= 1.0 for v in state.opacity.values())


def test_shipped_tools_are_placed_from_measured_landmarks_never_typed(shipped):
    tools = [step.tool for lesson in shipped for step in lesson.steps if step.tool]
    assert tools
    assert all(isinstance(tool.at, LandmarkOffset) for tool in tools)


def test_shipped_holds_stay_in_the_techniques_range(shipped):
    holds = [step.hold_s for lesson in shipped for step in lesson.steps if step.hold_s]
    assert holds and all(30 <= h <= 90 for h in holds)  # DOMAIN.md: 30-90 s per spot


def test_find_lesson_by_id_with_suggestion(catalogue):
    assert find_lesson("the_pivot", catalogue=catalogue).title.startswith("From psoas to iliacus")
    with pytest.raises(UserError, match='did you mean "the_pivot"'):
        find_lesson("the_pivto", catalogue=catalogue)


def test_duplicate_ids_in_a_folder_are_reported(tmp_path, catalogue):
    lesson = HEADER + '\n[[steps]]\ntitle = "S"\ntext = "t"\n'
    (tmp_path / "a.toml").write_text(lesson)
    (tmp_path / "b.toml").write_text(lesson)
    with pytest.raises(LessonError, match="already used by"):
        discover_lessons(tmp_path, catalogue)


# --- scenes ---------------------------------------------------------------------------------------
def test_visibility_rule(catalogue):
    core = {s.id for s in catalogue if s.group == "core"}
    assert one_step(catalogue, "").visible_ids(catalogue) == core
    shown = one_step(catalogue, 'show = ["bone", "pectineus_right"]').visible_ids(catalogue)
    assert shown == {s.id for s in catalogue.by_system("bone")} | {"pectineus_right"}
    hidden = one_step(catalogue, 'hide = ["artery"]').visible_ids(catalogue)
    assert hidden == core - {s.id for s in catalogue.by_system("artery")}
    both = one_step(catalogue, 'show = ["muscle"]\nhide = ["iliacus_left"]').visible_ids(catalogue)
    assert both == {s.id for s in catalogue.by_system("muscle")} - {"iliacus_left"}


def test_a_structures_own_opacity_beats_its_systems(catalogue):
    step = one_step(catalogue, "opacity = { psoas_major_right = 1.0, muscle = 0.3 }")
    opacity = step.scene_state(catalogue).opacity
    assert opacity["psoas_major_right"] == 1.0 and opacity["iliacus_right"] == 0.3


def test_landmark_offset_moves_medially_on_either_side():
    landmarks = {"asis_right": (-116.0, -152.0, 901.0), "asis_left": (117.0, -152.0, 903.0)}
    right = ToolSpec("right", LandmarkOffset("asis_right", medial_mm=25, superior_mm=15))
    left = ToolSpec("left", LandmarkOffset("asis_left", medial_mm=25, superior_mm=-10))
    assert right.placement(landmarks).at == pytest.approx((-91.0, 916.0))
    assert left.placement(landmarks).at == pytest.approx((92.0, 893.0))


def test_landmark_offset_accepts_a_landmarks_object():
    @dataclass
    class Measured:  # the shape of core.landmarks.Landmarks
        points: dict

    tool = ToolSpec(
        "right", LandmarkOffset("asis_right", medial_mm=10), pivot_deg=5, pivot_to_deg=25
    )
    placement = tool.placement(Measured({"asis_right": np.array([-116.0, -152.0, 901.0])}))
    assert placement.at == pytest.approx((-106.0, 901.0))
    assert (placement.pivot_deg, placement.pivot_to_deg) == (5, 25)


def test_relative_tool_without_landmarks_is_a_clear_error(catalogue):
    step = one_step(catalogue, 'tool = { side = "right", at = { landmark = "asis_right" } }')
    assert step.tool.needs_landmarks
    with pytest.raises(LessonError, match="measured landmarks are needed"):
        step.scene_state(catalogue)


def test_explicit_camera_pose(catalogue):
    step = one_step(
        catalogue,
        "camera = { position = [0, -900, 900], focal_point = [0, 0, 900], up = [0, 0, 1] }",
    )
    assert step.scene_state(catalogue).camera == CameraPose((0, -900, 900), (0, 0, 900), (0, 0, 1))


# --- player ---------------------------------------------------------------------------------------
def test_player_steps_and_restores_scenes_exactly(shipped, catalogue):
    player = LessonPlayer(shipped[2], catalogue, FAKE_LANDMARKS)
    seen: list[int] = []
    player.changed.connect(seen.append)
    first = player.scene_state()
    assert player.at_start and not player.previous()
    assert player.next() and player.scene_state() != first
    assert player.previous() and player.scene_state() == first
    player.go_to(player.count - 1)
    assert player.at_end and not player.next()
    assert seen == [1, 0, player.count - 1]
    with pytest.raises(IndexError):
        player.go_to(player.count)


def test_player_records_quiz_answers(shipped, catalogue):
    lesson = shipped[0]
    index = next(i for i, s in enumerate(lesson.steps) if isinstance(s.quiz, ChoiceQuiz))
    player = LessonPlayer(lesson, catalogue, start=index)
    answered = []
    player.answered.connect(lambda i, result: answered.append((i, result.correct)))
    assert player.answer_choice("The lesser trochanter of the femur").correct
    assert not player.answer_choice(1).correct
    assert answered == [(index, True), (index, False)]
    with pytest.raises(ValueError, match="no place-the-tip quiz"):
        player.answer_place(-90, 915, 0, lambda *a: "safe")


# --- quizzes --------------------------------------------------------------------------------------
class Verdict(enum.Enum):
    SAFE = "safe"
    DANGER = "danger"


@dataclass
class Answer:
    verdict: str
    codes: tuple[str, ...]
    target: str | None


@pytest.mark.parametrize(
    "answer, correct",
    [
        ("safe", True),
        ("danger", False),
        ({"danger", "artery"}, False),
        (Verdict.SAFE, True),
        (Answer("caution", ("nerve",), "iliacus_right"), False),
        (Answer("safe", (), "psoas_major_right"), True),
        ({"verdict": "safe"}, True),
        (None, False),
    ],
)
def test_judge_place_reads_the_checkers_answer(answer, correct):
    quiz = PlaceQuiz("q", "right", "safe", "e")
    calls = []

    def check(side, x_mm, z_mm, pivot_deg):
        calls.append((side, x_mm, z_mm, pivot_deg))
        return answer

    result = judge_place(quiz, -90.0, 915.0, 10.0, check)
    assert result.correct is correct and result.explanation == "e"
    assert calls == [("right", -90.0, 915.0, 10.0)]


def test_judge_place_can_expect_a_target_structure():
    quiz = PlaceQuiz("q", "right", "iliacus_right", "e")
    assert judge_place(quiz, 0, 0, 0, lambda *a: Answer("safe", (), "iliacus_right")).correct
    assert not judge_place(
        quiz, 0, 0, 0, lambda *a: Answer("safe", (), "psoas_major_right")
    ).correct


def test_judge_choice():
    quiz = ChoiceQuiz("q", ("a", "b"), 1, "e")
    assert judge_choice(quiz, "b").correct and not judge_choice(quiz, 0).correct
    with pytest.raises(IndexError):
        judge_choice(quiz, 5)


# --- text -----------------------------------------------------------------------------------------
def test_markdown_subset():
    html = markdown_to_html(
        "Hold **30-90 s**, *relax*.\n\n- one\n- two _words_\n\n1. first\n2. second"
    )
    assert html == (
        "<p>Hold <b>30-90 s</b>, <i>relax</i>.</p><ul><li>one</li><li>two <i>words</i></li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
    )


def test_markdown_escapes_everything_else():
    html = markdown_to_html('<script>alert(1)</script> & <b onclick="x">')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_links_only_http_and_https():
    assert markdown_to_html('[DBCLS](https://dbcls.rois.ac.jp/?a=1&b="2")') == (
        '<p><a href="https://dbcls.rois.ac.jp/?a=1&amp;b=&quot;2&quot;">DBCLS</a></p>'
    )
    for bad in ("javascript:alert", "file:///etc/passwd", "data:text/html,x", "//evil.example"):
        html = markdown_to_html(f"[click]({bad})")
        assert "<a" not in html and html == "<p>click</p>"


def test_ids_with_underscores_stay_as_typed():
    assert (
        markdown_to_html("psoas_major_right and iliacus_left")
        == "<p>psoas_major_right and iliacus_left</p>"
    )


# --- on the real meshes ---------------------------------------------------------------------------
def test_safe_example_tip_is_just_inside_the_asis_and_above_the_ligament(
    shipped, catalogue, loaded
):
    """The notes' claims about the example tip hold on the measured meshes."""
    from anatomy_viewer.core.anatomy.landmarks import compute_landmarks

    landmarks = compute_landmarks(loaded.meshes)
    step = shipped[2].steps[0]
    x_mm, z_mm = step.scene_state(catalogue, landmarks).tool.at
    asis = landmarks["asis_right"]
    assert x_mm - asis[0] == pytest.approx(25.0) and z_mm - asis[2] == pytest.approx(15.0)
    ligament = loaded.meshes["inguinal_ligament_right"].points
    near = ligament[np.abs(ligament[:, 0] - x_mm) < 3.0]
    assert len(near) and near[:, 2].max() < z_mm  # the tip sits above the ligament at its X
    hip = loaded.meshes["hip_bone_right"].points
    assert hip[:, 0].min() < x_mm < hip[:, 0].max()


# --- the format's documentation -------------------------------------------------------------------
def test_readme_example_is_a_valid_lesson(catalogue):
    import re

    readme = (REPO / "lessons" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, flags=re.S).group(1)
    lesson = parse_lesson(example.encode(), catalogue, "README example")
    states = [step.scene_state(catalogue, FAKE_LANDMARKS) for step in lesson.steps]
    assert states[0].tool.pivot_to_deg == 25 and isinstance(lesson.steps[1].quiz, PlaceQuiz)


def test_readme_documents_every_field():
    import re

    from anatomy_viewer.core.lessons import schema

    readme = (REPO / "lessons" / "README.md").read_text(encoding="utf-8")
    keys = {*schema.LESSON_KEYS, *schema.STEP_KEYS, *schema.TOOL_KEYS, *schema.AT_KEYS}
    keys |= {*schema.CAMERA_KEYS, *schema.QUIZ_KEYS["choice"], *schema.QUIZ_KEYS["place"]}
    keys |= set(schema.SECTION_KEYS)
    missing = sorted(key for key in keys if not re.search(rf"`[^`\n]*\b{key}\b[^`\n]*`", readme))
    assert not missing


@pytest.fixture(scope="module")
def checker(core_meshes):
    from anatomy_viewer.core.placement.checker import PlacementChecker

    return PlacementChecker.from_meshes(core_meshes)


def test_place_quiz_judged_by_the_real_checker(shipped, checker):
    """The lesson's own safe example passes its quiz; a tip on the midline does not."""
    lesson = shipped[2]
    quiz = next(step.quiz for step in lesson.steps if isinstance(step.quiz, PlaceQuiz))
    example = lesson.steps[0].tool.placement(checker.landmarks)
    x_mm, z_mm = example.at
    passed = judge_place(quiz, x_mm, z_mm, example.pivot_deg, checker.check)
    assert passed.correct, passed.observed
    symphysis = checker.landmarks["pubic_symphysis"]
    failed = judge_place(quiz, float(symphysis[0]) - 1.0, z_mm, 0.0, checker.check)
    assert not failed.correct and "midline" in failed.observed


def test_the_pivot_goes_from_psoas_to_iliacus_in_the_model(shipped, checker):
    """Lesson 4's tool poses do what its text says, as judged by the placement checker."""
    steps = {step.title: step for step in shipped[3].steps}
    lie_down = steps["Lie down: pressure to the psoas"].tool.placement(checker.landmarks)
    pivot = steps["Pivot: pressure to the iliacus"].tool.placement(checker.landmarks)
    start = checker.check("right", *lie_down.at, lie_down.pivot_deg)
    end = checker.check("right", *pivot.at, pivot.pivot_to_deg)
    assert (start.verdict, start.target) == ("safe", "psoas_major_right")
    assert (end.verdict, end.target) == ("safe", "iliacus_right")
