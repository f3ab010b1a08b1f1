"""The measuring model and the landmark snap (no meshes, no Qt)."""

from __future__ import annotations

import pytest

from anatomy_viewer.core.scene.measurement import (
    MeasuredPoint,
    MeasureTool,
    landmark_words,
    snap_to_landmark,
)


def test_two_picks_make_a_measurement_and_a_third_starts_again():
    tool = MeasureTool()
    changes = []
    tool.changed.connect(lambda: changes.append(1))
    a, b = MeasuredPoint((0.0, 0.0, 0.0), "right ASIS"), MeasuredPoint((3.0, 4.0, 0.0), "left ASIS")
    tool.pick(a)
    assert tool.first is None and not changes  # not measuring: a click is not a point
    tool.start()
    tool.pick(a)
    assert tool.first == a and tool.measurement is None
    tool.pick(b)
    assert tool.measurement.distance_mm == pytest.approx(5.0) and tool.first is None
    assert tool.measurement.label() == "5 mm"
    assert tool.measurement.words() == "5.0 mm from right ASIS to left ASIS (straight line)"
    tool.pick(b)
    assert tool.first == b and tool.measurement is None
    tool.clear()
    assert not tool.has_something and not tool.active
    assert len(changes) == 5


def test_stopping_keeps_what_was_measured():
    tool = MeasureTool()
    tool.start()
    tool.pick(MeasuredPoint((0.0, 0.0, 0.0), "a"))
    tool.pick(MeasuredPoint((0.0, 0.0, 10.0), "b"))
    tool.stop()
    assert not tool.active and tool.measurement.distance_mm == 10.0 and tool.has_something


MARKS = {"asis_right": (0.0, 0.0, 0.0), "asis_left": (200.0, 0.0, 0.0)}
CAMERA = (0.0, -1000.0, 0.0)  # in front (anterior), looking back


def test_a_click_near_a_landmark_snaps_to_it():
    on_screen = {"asis_right": (100.0, 100.0, 0.5), "asis_left": (300.0, 100.0, 0.5)}
    assert snap_to_landmark((105.0, 96.0), on_screen, None, MARKS, CAMERA) == "asis_right"
    assert (
        snap_to_landmark((105.0, 96.0), on_screen, (2.0, 1.0, 0.0), MARKS, CAMERA) == "asis_right"
    )
    assert snap_to_landmark((140.0, 100.0), on_screen, (40.0, 0.0, 0.0), MARKS, CAMERA) is None


def test_a_landmark_hidden_behind_what_was_clicked_is_not_snapped_to():
    on_screen = {"asis_right": (100.0, 100.0, 0.6)}
    in_front = (0.0, -80.0, 0.0)  # the surface clicked lies 80 mm in front of the landmark
    assert snap_to_landmark((100.0, 100.0), on_screen, in_front, MARKS, CAMERA) is None
    behind = (0.0, 80.0, 0.0)
    assert snap_to_landmark((100.0, 100.0), on_screen, behind, MARKS, CAMERA) == "asis_right"
    behind_camera = {"asis_right": (100.0, 100.0, 1.5)}
    assert snap_to_landmark((100.0, 100.0), behind_camera, None, MARKS, CAMERA) is None


def test_landmarks_in_words():
    assert landmark_words("asis_right") == "right ASIS"
    assert landmark_words("mid_inguinal_left") == "left mid-inguinal point"
    assert landmark_words("pubic_symphysis") == "pubic symphysis"
    assert landmark_words("umbilicus_level") == "umbilicus level (estimate)"
