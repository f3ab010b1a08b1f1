"""Lesson steps with a ``section``: the forms it takes, its landmark-relative position resolved with the
measured landmarks, and the handout's picture of such a step cut like the window's."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.lessons import LessonError, parse_lesson
from anatomy_viewer.core.scene.section import Section

HEAD = """\
id = "cuts"
title = "Cuts"
summary = "s"
audience = "students"
sources = ["the domain brief"]
"""


def lesson_with(catalogue, *sections: str, tool: bool = False):
    steps = "".join(
        f'\n[[steps]]\ntitle = "Step {n}"\ntext = "t"\nsection = {value}\n'
        + (
            'tool = { side = "right", at = { landmark = "asis_right", medial_mm = 25 } }\n'
            if tool
            else ""
        )
        for n, value in enumerate(sections, start=1)
    )
    return parse_lesson((HEAD + steps).encode(), catalogue, "cuts.toml")


def test_the_text_and_table_forms(catalogue):
    lesson = lesson_with(
        catalogue,
        '"axial:902"',
        '{ plane = "coronal", position_mm = -120 }',
        '"press-line"',
        tool=True,
    )
    states = [
        step.scene_state(catalogue, {"asis_right": (-115.0, -150.0, 902.0)})
        for step in lesson.steps
    ]
    assert [s.section for s in states] == [
        Section("axial", 902.0),
        Section("coronal", -120.0),
        Section("press-line"),
    ]
    assert not any(step.section.needs_landmarks for step in lesson.steps)  # typed, not measured


def test_a_section_at_a_measured_landmark(catalogue, core_meshes):
    from anatomy_viewer.core.anatomy.landmarks import compute_landmarks

    (step,) = lesson_with(
        catalogue, '{ plane = "axial", landmark = "asis_right", offset_mm = 10 }'
    ).steps
    assert step.needs_landmarks
    landmarks = compute_landmarks(core_meshes)
    state = step.scene_state(catalogue, landmarks)
    assert state.section == Section("axial", float(landmarks["asis_right"][2]) + 10.0)
    with pytest.raises(LessonError) as error:
        step.scene_state(catalogue)  # the landmarks are needed to place it
    assert error.value.problems[0].field == "section.landmark"


def test_a_handout_picture_of_a_step_is_cut(catalogue, core_meshes):
    from anatomy_viewer.render.pictures.lesson_images import lesson_images

    lesson = lesson_with(
        catalogue, '{ plane = "axial", landmark = "asis_right" }', '"coronal:-120"'
    )
    size = (240, 180)
    cut_axial, cut_coronal = lesson_images(lesson, catalogue, core_meshes, size=size)
    plain = lesson_images(
        parse_lesson(
            (HEAD + '\n[[steps]]\ntitle = "s"\ntext = "t"\n').encode(), catalogue, "plain.toml"
        ),
        catalogue,
        core_meshes,
        size=size,
    )[0]
    for picture in (cut_axial, cut_coronal):
        changed = np.any(np.abs(picture.astype(int) - plain.astype(int)) > 40, axis=2)
        assert changed.mean() > 0.05


def test_the_editor_writes_a_section_back_as_read(catalogue):
    from anatomy_viewer.core.lessons.writer import lesson_to_toml

    lesson = lesson_with(
        catalogue,
        '"axial:902"',
        '{ plane = "sagittal", landmark = "asis_right", offset_mm = 25 }',
        '{ plane = "coronal", landmark = "asis_left" }',
        '"press-line"',
        tool=True,
    )
    again = parse_lesson(lesson_to_toml(lesson).encode(), catalogue, "again.toml")
    assert [s.section for s in again.steps] == [s.section for s in lesson.steps]


def test_a_captured_section_is_written_from_the_nearest_landmark(catalogue):
    from anatomy_viewer.core.lessons.capture import capture_scene
    from anatomy_viewer.core.lessons.model import SectionSpec
    from anatomy_viewer.core.scene.scene_state import SceneState

    landmarks = {"asis_right": (-115.0, -150.0, 902.0), "pubic_tubercle_right": (-60, -140, 810.0)}
    fields = capture_scene(
        SceneState(section=Section("axial", 912.04)), catalogue, landmarks=landmarks
    ).fields
    assert fields["section"] == SectionSpec("axial", landmark="asis_right", offset_mm=10.0)
    far = capture_scene(
        SceneState(section=Section("axial", 1250.0)), catalogue, landmarks=landmarks
    )
    assert far.fields["section"] == SectionSpec("axial", 1250.0)  # no landmark within 150 mm
    kept = SectionSpec("axial", landmark="pubic_tubercle_right", offset_mm=102.0)
    again = capture_scene(
        SceneState(section=Section("axial", 912.0)),
        catalogue,
        landmarks=landmarks,
        keep_section=kept,
    )
    assert again.fields["section"] is kept  # the step's own, as written
    line = capture_scene(SceneState(section=Section("press-line")), catalogue).fields["section"]
    assert line == SectionSpec("press-line")
