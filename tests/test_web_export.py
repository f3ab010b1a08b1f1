"""``anatomy-viewer export-web``: the page's data is what the app itself measures and says.

The pages of every shipped lesson are exported once (conftest ``web_pages``); the data is read back
from the HTML and compared with the checker, the lesson model and the readout the window shows.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

from anatomy_viewer.cli import main
from anatomy_viewer.core.lessons import discover_lessons
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.tool.readout import lines, readout
from anatomy_viewer.core.vocabulary import ZONE_CODES
from anatomy_viewer.render.web import page, page_data

DATA = re.compile(r'<script id="lesson-data" type="application/json">(.*?)</script>', re.S)


def page_json(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    found = DATA.findall(text)
    assert len(found) == 1
    return json.loads(found[0])


def array(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<"))


@pytest.fixture(scope="module")
def checker(catalogue, core_meshes) -> PlacementChecker:
    return PlacementChecker.for_teaching_scene(catalogue, core_meshes)


@pytest.fixture(scope="module")
def lessons(catalogue):
    return {lesson.id: lesson for lesson in discover_lessons(catalogue=catalogue)}


def test_all_writes_one_page_per_lesson_and_an_index_that_links_them(web_pages, lessons):
    names = sorted(p.name for p in web_pages.iterdir())
    assert names == sorted([*(f"{i}.html" for i in lessons), "index.html"])
    index = (web_pages / "index.html").read_text(encoding="utf-8")
    listed = json.loads(
        re.search(r'id="index-data" type="application/json">(.*?)</script>', index, re.S)[1]
    )
    assert [entry["file"] for entry in listed["lessons"]] == [f"{i}.html" for i in lessons]
    for path in web_pages.glob("*.html"):  # the shipped-lesson ceiling of the issue
        assert path.stat().st_size <= page.MAX_PAGE_BYTES, path.name


def test_attribution_and_disclaimer_are_in_the_markup_not_only_in_script(web_pages, catalogue):
    for path in web_pages.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        body = DATA.sub("", text)
        assert catalogue.attribution in body, path.name
        assert "For teaching only, not medical advice" in body, path.name
        assert "default-src 'none'" in text  # the page may make no request of any kind


def test_each_step_shows_what_the_lesson_model_says(web_pages, lessons, catalogue, checker):
    for lesson_id, lesson in lessons.items():
        data = page_json(web_pages / f"{lesson_id}.html")
        assert data["lesson"]["id"] == lesson_id
        assert {s["id"] for s in data["structures"]} == set(lesson.visible_ids(catalogue))
        for step, shown in zip(lesson.steps, data["steps"], strict=True):
            state = step.scene_state(catalogue, checker.landmarks)
            assert set(shown["visible"]) == set(state.visible)
            assert set(shown["highlight"]) == set(state.highlight)
            assert shown["title"] == step.title
            asked = [label["text"] for label in shown["labels"] if label["priority"] == 3]
            assert len(asked) == len(step.labels), (lesson_id, step.number)  # every one drawn
            for label in shown["labels"]:
                if label["text"] in {page_data.landmark_words(i) for i in step.labels}:
                    assert label["pin"]


def test_packed_meshes_are_the_decimated_copies_to_within_quantisation(web_pages, loaded):
    from anatomy_viewer.render.web.mesh_pack import web_mesh

    data = page_json(web_pages / "the_pivot.html")
    for entry in data["structures"][:6]:
        mesh = entry["mesh"]
        light = web_mesh(loaded.meshes[entry["id"]])
        points = array(mesh["positions"], "uint16").reshape(-1, 3) * mesh["scale"] + mesh["origin"]
        assert np.abs(points - light.points).max() < 0.01  # mm
        faces = array(mesh["indices"], mesh["index_type"]).reshape(-1, 3)
        assert np.array_equal(faces, light.faces)
        assert mesh["faces"] < max(light.n_faces, loaded.meshes[entry["id"]].n_faces) + 1


def test_the_zone_map_judges_a_tip_as_the_checker_does(web_pages, checker):
    """Every wall cell's bits and target are the checker's words at the cell's centre."""
    zones = page_json(web_pages / "where_the_tip_goes.html")["zone_map"]
    rows, cols = zones["rows"], zones["columns"]
    code = array(zones["code"], "int8").reshape(rows, cols)
    bits = array(zones["bits"], "uint8").reshape(rows, cols)
    target = array(zones["target"], "uint8").reshape(rows, cols)
    on_wall = np.argwhere(code >= 0)
    assert len(on_wall) > 1000
    rng = np.random.default_rng(14)
    disagree = []
    for row, col in on_wall[rng.choice(len(on_wall), 150, replace=False)]:
        x = zones["x0"] + col * zones["step_mm"]
        z = zones["z0"] + row * zones["step_mm"]
        placement = checker.check(checker.side_at(x, z), x, z, 0.0)
        codes = {r.code for r in placement.reasons}
        page_codes = {c for i, c in enumerate(ZONE_CODES) if bits[row, col] & (1 << i)}
        page_target = zones["targets"][target[row, col]]
        if page_codes != codes or page_target != placement.target:
            disagree.append(
                (x, z, sorted(codes), sorted(page_codes), placement.target, page_target)
            )
    assert not disagree, disagree[:5]
    safe = ZONE_CODES.index("safe")
    assert (code == safe).sum() * zones["step_mm"] ** 2 == pytest.approx(
        checker.zone_map(0.0).area_mm2("safe")
    )


def test_an_animated_pivot_carries_the_checkers_readout_at_every_degree(
    web_pages, lessons, checker
):
    lesson = lessons["the_pivot"]
    step = next(s for s in lesson.steps if s.tool is not None and s.tool.pivot_to_deg is not None)
    tool = page_json(web_pages / "the_pivot.html")["steps"][step.number - 1]["tool"]
    start, end = step.tool.pivot_deg, step.tool.pivot_to_deg
    assert len(tool["frames"]) == int(abs(end - start)) + 1
    assert tool["duration_s"] == pytest.approx(abs(end - start) / page_data.PIVOT_DEG_PER_S)
    assert tool["arc"] is not None
    placement = step.tool.placement(checker.landmarks)
    for frame in (tool["frames"][0], tool["frames"][len(tool["frames"]) // 2], tool["frames"][-1]):
        expected = checker.check(placement.side, *placement.at, frame["pivot_deg"])
        assert frame["lines"] == lines(readout(expected))
        assert frame["verdict"] == expected.verdict
        assert frame["target"] == expected.target
        np.testing.assert_allclose(frame["tip"], expected.press_line.tip, atol=0.01)
        np.testing.assert_allclose(frame["end"], expected.press_line.end, atol=0.01)
    assert tool["frames"][0]["target"] != tool["frames"][-1]["target"]  # psoas, then iliacus


def test_the_page_speeds_match_the_window():
    from anatomy_viewer.qt.lessons.camera_glide import GLIDE_MS
    from anatomy_viewer.qt.tool.pivot_sweep import SWEEP_DEG_PER_S

    assert page_data.GLIDE_MS == GLIDE_MS
    assert page_data.PIVOT_DEG_PER_S == SWEEP_DEG_PER_S


def test_lesson_text_cannot_break_out_of_the_page(tmp_path, mesh_dir, capsys):
    """A lesson file (untrusted) with markup in every text: shown as typed, never run."""
    attack = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>"
    source = (Path(__file__).parents[1] / "lessons" / "04_the_pivot.toml").read_text(
        encoding="utf-8"
    )
    source = source.replace(
        'title = "Start at the ASIS"', f"title = {json.dumps('Start ' + attack)}"
    )
    source = source.replace('id = "the_pivot"', 'id = "hostile"')
    lesson = tmp_path / "hostile.toml"
    lesson.write_text(source, encoding="utf-8")
    out = tmp_path / "hostile.html"
    assert (
        main(["export-web", "--lesson", str(lesson), "-o", str(out), "--mesh-dir", str(mesh_dir)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "alert(1)" in text and "<script>alert" not in text and "<img src=x" not in text
    assert text.count("</script>") == 2  # the data's and the bundle's own
    assert page_json(out)["steps"][0]["title"] == "Start " + attack
    assert "hostile" in capsys.readouterr().out


def test_script_json_escapes_everything_that_could_end_a_script():
    text = page.script_json({"a": "</script><!--&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!--&"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lesson", "the_pivot", "-o", "x.txt"], "must end in .html"),
        (["--lesson", "no_such_lesson", "-o", "x.html"], "no lesson with id"),
        (["--lesson", "missing.toml", "-o", "x.html"], "no such lesson file"),
        (["--all", "-o", "x.html"], "with --all, -o must be a folder"),
        (["--lesson", "the_pivot", "-o", "no/such/folder/x.html"], "the folder does not exist"),
    ],
)
def test_bad_input_ends_in_one_line_and_exit_code_2(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.html").write_text("an existing file, not a folder")
    assert main(["export-web", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_a_step_on_its_own_wall_is_measured_on_it_and_moves_the_drawn_wall(
    web_pages, lessons, checker
):
    """Lesson 3's "bigger body" step names a high-BMI wall: its tool is measured on that wall,
    and the page moves the wall and zones drawn for the page's (default) wall forward by the
    difference."""
    from anatomy_viewer.core.anatomy.wall_thickness import DEFAULT_WALL_MM, preset_named

    lesson = lessons["where_the_tip_goes"]
    data = page_json(web_pages / "where_the_tip_goes.html")
    own = [s for s in lesson.steps if s.wall_mm is not None]
    assert own, "lesson 3 has a step with a wall of its own"
    high = preset_named("high-bmi").wall_mm
    for step in lesson.steps:
        shown = data["steps"][step.number - 1]
        wall_mm = DEFAULT_WALL_MM if step.wall_mm is None else step.wall_mm
        assert shown["wall_offset_mm"] == pytest.approx(wall_mm - DEFAULT_WALL_MM)
        assert f"{wall_mm:.0f} mm" in shown["wall_words"]
        if step.tool is not None:
            placement = step.tool.placement(checker.landmarks)
            expected = checker.with_wall(wall_mm).check(placement.side, *placement.at, 0.0)
            frame = shown["tool"]["frames"][0]
            if frame["pivot_deg"] == 0.0:
                np.testing.assert_allclose(frame["tip"], expected.press_line.tip, atol=0.01)
    assert any(s.wall_mm == high for s in own)


def test_the_page_wall_follows_wall_mm(lessons, catalogue, loaded, checker):
    """``export-web --wall-mm`` (and the window's Body wall choice): steps that name no wall
    assume it; its words are on the page."""
    builder = page_data.PageDataBuilder(
        catalogue, loaded.meshes, checker, page_data.PageOptions(wall_mm=26.0)
    )
    lesson = lessons["the_pivot"]
    step = next(s for s in lesson.steps if s.tool is not None and s.wall_mm is None)
    shown = builder.step(step, checker.landmarks)
    assert shown["wall_offset_mm"] == 0
    assert "26 mm (average)" in shown["wall_words"]
    assert "26 mm (average)" in page_data.wall_assumed(builder.options)
    placement = step.tool.placement(checker.landmarks)
    first = shown["tool"]["frames"][0]
    expected = checker.with_wall(26.0).check(placement.side, *placement.at, first["pivot_deg"])
    np.testing.assert_allclose(first["tip"], expected.press_line.tip, atol=0.01)
    assert first["lines"] == lines(readout(expected))
