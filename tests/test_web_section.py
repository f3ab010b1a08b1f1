"""A lesson step's section on the web page: the plane measured on the meshes at export time, the
cut faces cut from the page's own meshes, the app's caption; nothing for a step without a section.
(The page drawing them in a browser: tests/test_web_browser.py.)"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

from anatomy_viewer.core.anatomy.meshes import SurfaceMesh
from anatomy_viewer.core.lessons import discover_lessons, parse_lesson
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.scene.section import PRESS_LINE_SLAB_MM, Section, cut_plane
from anatomy_viewer.render.web import page_data
from anatomy_viewer.render.web.section_data import cap_of

SECTION_LESSON = Path(__file__).parent / "lessons_section" / "sections.toml"
DATA = re.compile(r'<script id="lesson-data" type="application/json">(.*?)</script>', re.S)


def page_json(path) -> dict:
    return json.loads(DATA.findall(path.read_text(encoding="utf-8"))[0])


def unpack(packed: dict) -> tuple[np.ndarray, np.ndarray]:
    little = np.dtype("uint16").newbyteorder("<")
    quantised = np.frombuffer(base64.b64decode(packed["positions"]), little).reshape(-1, 3)
    points = quantised * np.asarray(packed["scale"]) + np.asarray(packed["origin"])
    index = np.dtype(packed["index_type"]).newbyteorder("<")
    faces = np.frombuffer(base64.b64decode(packed["indices"]), index).reshape(-1, 3)
    return points, faces


def area_mm2(points: np.ndarray, faces: np.ndarray) -> float:
    a, b, c = (points[faces[:, i]] for i in range(3))
    return float(np.linalg.norm(np.cross(b - a, c - a), axis=1).sum() / 2)


@pytest.fixture(scope="module")
def lesson(catalogue):
    return parse_lesson(SECTION_LESSON.read_bytes(), catalogue, SECTION_LESSON.name)


@pytest.fixture(scope="module")
def checker(catalogue, core_meshes) -> PlacementChecker:
    return PlacementChecker.for_teaching_scene(catalogue, core_meshes)


@pytest.fixture(scope="module")
def steps(lesson, catalogue, loaded, checker) -> list[dict]:
    builder = page_data.PageDataBuilder(catalogue, loaded.meshes, checker)
    return [builder.step(step, checker.landmarks) for step in lesson.steps]


def test_only_the_steps_with_a_section_carry_one_in_the_shipped_pages(web_pages, catalogue):
    with_section = 0
    for lesson in discover_lessons(catalogue=catalogue):
        data = page_json(web_pages / f"{lesson.id}.html")
        for step, shown in zip(lesson.steps, data["steps"], strict=True):
            assert (shown["section"] is None) == (step.section is None), (lesson.id, step.number)
            with_section += step.section is not None
    assert with_section  # a shipped lesson teaches with a cut (lesson 4's press-line step)


def test_an_axial_cut_lies_at_the_measured_landmark_and_fills_both_iliopsoas(steps, checker):
    section = steps[0]["section"]
    assert section["plane"] == "axial" and len(section["cuts"]) == 1
    cut = section["cuts"][0]
    z_mm = float(checker.landmarks.points["asis_right"][2]) + 10
    assert cut["origin"][2] == pytest.approx(z_mm, abs=1e-3)
    assert cut["normal"] == [0.0, 0.0, 1.0] and cut["slab_mm"] is None  # the part above removed
    assert cut["caption"] == Section("axial", z_mm).caption()
    assert cut["caption"].startswith(f"Section: axial at Z = {z_mm:.0f} mm")
    capped = {cap["id"] for cap in cut["caps"]}
    assert {"psoas_major_right", "psoas_major_left", "iliacus_right", "iliacus_left"} <= capped
    assert capped <= set(steps[0]["visible"])
    for cap in cut["caps"]:
        points, faces = unpack(cap["mesh"])
        assert np.abs(points[:, 2] - z_mm).max() < 1e-3  # on the plane (packed to 0.1 µm)
        assert sum(cap["mesh"]["loops"]) <= len(points) and faces.max() < len(points)
        assert area_mm2(points, faces) > 50, cap["id"]  # a muscle's or bone's cross-section


def test_the_cut_moves_with_the_meshes(catalogue, core_meshes, steps, lesson):
    """Nothing typed: 20 mm higher meshes, 20 mm higher landmark, 20 mm higher cut."""
    shifted = {i: m.translated((0.0, 0.0, 20.0)) for i, m in core_meshes.items()}
    checker = PlacementChecker.for_teaching_scene(catalogue, shifted)
    ids = ["psoas_major_right"]
    builder = page_data.PageDataBuilder(catalogue, shifted, checker, mesh_cache=False)
    state = lesson.steps[0].scene_state(catalogue, checker.landmarks)
    moved = builder.section(state, ids, checker)["cuts"][0]
    assert moved["origin"][2] == pytest.approx(steps[0]["section"]["cuts"][0]["origin"][2] + 20)
    (cap,) = moved["caps"]
    (before,) = [c for c in steps[0]["section"]["cuts"][0]["caps"] if c["id"] == ids[0]]
    assert area_mm2(*unpack(cap["mesh"])) == pytest.approx(area_mm2(*unpack(before["mesh"])))


def test_a_step_without_a_section_has_none(steps):
    assert steps[1]["section"] is None


def test_a_press_line_cut_turns_with_each_keyframe_of_the_pivot(steps):
    step = steps[2]
    frames, cuts = step["tool"]["frames"], step["section"]["cuts"]
    assert len(cuts) == len(frames) > 2
    for frame, cut in zip(frames, cuts, strict=True):
        np.testing.assert_allclose(cut["origin"], frame["tip"], atol=0.01)
        along = np.subtract(frame["end"], frame["tip"])
        normal = np.asarray(cut["normal"])
        assert abs(normal @ along) < 0.05 * np.linalg.norm(along)  # the line lies in the plane
        assert abs(normal[2]) < 1e-9  # a vertical plane
        assert normal[0] < 0  # toward lateral, the body's right: that part is cut away
        assert cut["slab_mm"] == PRESS_LINE_SLAB_MM
        assert f"pivot {frame['pivot_deg']:+.0f}°" in cut["caption"]
    assert any(c["id"] == "iliacus_right" for c in cuts[-1]["caps"])


def test_a_cap_of_a_closed_mesh_has_the_analytic_area():
    """A 40 mm cube cut through its middle: a 40 x 40 mm square, whatever the triangulation."""
    corners = np.array([[x, y, z] for x in (0, 40) for y in (0, 40) for z in (0, 40)], float)
    faces = np.array([
        [0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
        [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3],
    ])  # fmt: skip
    cube = SurfaceMesh(corners, faces, corners - corners.mean(axis=0))
    cap, dropped = cap_of(cube, cut_plane(Section("axial", 20.0)))
    points, triangles = unpack(cap)
    assert dropped == 0 and len(cap["loops"]) == 1  # one closed outline (its points: 8 edges)
    assert area_mm2(points, triangles) == pytest.approx(1600.0, rel=1e-6)
    assert cap_of(cube, cut_plane(Section("axial", 60.0))) == (None, 0)  # misses it
