"""The placement checker on the real meshes: verdicts an anatomist expects, plain-words reasons that
follow DOMAIN.md, the pivot, bad input, and the set-up object's contract."""

from __future__ import annotations

import json

import numpy as np
import pytest

from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.placement.checker import NERVE_PAIN_RULE, PlacementChecker, plain_name
from anatomy_viewer.core.vocabulary import VERDICTS, ZONE_CODES


@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


def below_ligament(checker, side: str, landmark: str, mm: float) -> tuple[float, float]:
    x, _, z = checker.landmarks[landmark]
    return x, z - checker.rules.height_above_ligament(side, x, z) - mm


def near_asis(checker, side: str, medial_mm: float, superior_mm: float) -> tuple[float, float]:
    asis = checker.landmarks[f"asis_{side}"]
    return asis[0] - checker.landmarks.lateral_sign(side) * medial_mm, asis[2] + superior_mm


@pytest.mark.parametrize("side", ["right", "left"])
def test_just_inside_the_asis_is_safe_or_a_nerve_caution(checker, side):
    result = checker.check(side, *near_asis(checker, side, 20, 20))
    assert result.verdict in ("safe", "caution")
    assert result.target in (f"iliacus_{side}", f"psoas_major_{side}")
    if result.verdict == "caution":
        assert {r.code for r in result.reasons} == {"nerve"}


@pytest.mark.parametrize("side", ["right", "left"])
def test_midline_at_the_umbilicus_is_danger(checker, side):
    umbilicus = checker.landmarks["umbilicus_level"]
    result = checker.check(side, umbilicus[0], umbilicus[2])
    assert result.verdict == "danger"
    assert result.reasons[0].code == "midline"
    assert "aorta" in result.reasons[0].message and "vena cava" in result.reasons[0].message


@pytest.mark.parametrize("side", ["right", "left"])
def test_below_the_mid_inguinal_point_is_hip_crease_and_artery(checker, side):
    result = checker.check(side, *below_ligament(checker, side, f"mid_inguinal_{side}", 10))
    codes = [r.code for r in result.reasons]
    assert result.verdict == "danger" and codes[0] == "hip_crease" and "artery" in codes
    assert "femoral artery" in result.reasons[0].message


@pytest.mark.parametrize("side", ["right", "left"])
def test_over_the_external_iliac_artery_is_danger_with_the_pulse_rule(checker, side, core_meshes):
    mid = checker.landmarks[f"mid_inguinal_{side}"]
    artery = core_meshes[f"external_iliac_artery_{side}"].points
    x = artery[np.abs(artery[:, 2] - mid[2]) < 3][:, 0].mean()
    result = checker.check(side, x, mid[2])
    artery_reasons = [r for r in result.reasons if r.code == "artery"]
    assert result.verdict == "danger"
    assert artery_reasons[0].structure == f"external_iliac_artery_{side}"
    assert artery_reasons[0].clearance_mm < 10
    assert "pulse" in artery_reasons[0].message and "move laterally" in artery_reasons[0].message


def test_the_pivot_moves_the_press_from_psoas_to_iliacus(checker):
    x, z = near_asis(checker, "right", 25, 15)
    medial = checker.check("right", x, z, -20)
    lateral = checker.check("right", x, z, 25)
    assert (medial.verdict, medial.target) == ("safe", "psoas_major_right")
    assert (lateral.verdict, lateral.target) == ("safe", "iliacus_right")
    assert (
        lateral.press_line.direction[0] < 0 < medial.press_line.direction[0]
    )  # right: lateral = -X


def test_pressing_on_the_ilium_is_a_bone_caution(checker):
    asis = checker.landmarks["asis_right"]
    result = checker.check("right", asis[0], asis[2] + 50)  # straight above the ASIS: the crest
    assert result.verdict in ("caution", "danger")
    bone = [r for r in result.reasons if r.code == "bone"]
    assert bone and bone[0].structure == "hip_bone_right" and bone[0].clearance_mm > 0
    assert "bone" in bone[0].message


def test_nerve_reasons_carry_the_nerve_pain_rule(checker):
    zones = checker.zone_map()
    rows, cols = np.nonzero(zones.cells("nerve"))
    result = checker.verdict_at(zones.xs[cols[0]], zones.zs[rows[0]])
    nerve = [r for r in result.reasons if r.code == "nerve"]
    assert nerve and all(NERVE_PAIN_RULE in r.message for r in nerve)
    assert result.verdict == "caution" or {r.code for r in result.reasons} & {
        "hip_crease",
        "artery",
    }


def test_result_fields_and_json(checker):
    result = checker.check("right", *near_asis(checker, "right", 20, 20))
    data = json.loads(json.dumps(result.to_json()))
    assert {"verdict", "reasons", "target", "target_depth_mm", "tip", "clearances_mm"} <= set(data)
    assert data["verdict"] in VERDICTS
    assert all(set(r) == {"code", "structure", "clearance_mm", "message"} for r in data["reasons"])
    assert all(r["code"] in ZONE_CODES for r in data["reasons"])
    assert len(data["tip"]) == 3 and data["tip"][1] < -150  # on the wall, in front of the pelvis
    vessels = {"aorta", "inferior_vena_cava", "external_iliac_artery_right", "femoral_artery_left"}
    assert vessels <= set(data["clearances_mm"])
    assert 0 < data["target_depth_mm"] < 150


def test_bad_input_is_one_clear_user_error(checker):
    x, z = near_asis(checker, "right", 20, 20)
    with pytest.raises(UserError, match="right or left"):
        checker.check("middle", x, z)
    with pytest.raises(UserError, match="point off the wall"):
        checker.check("right", -500.0, z)
    with pytest.raises(UserError, match="pivot"):
        checker.check("right", x, z, 135.0)
    with pytest.raises(UserError, match="side left"):
        checker.check("right", -x, z)  # the left hip at positive X
    with pytest.raises(UserError, match="missing meshes"):
        PlacementChecker.from_meshes({})


def test_verdict_at_finds_the_side_and_is_none_off_the_wall(checker):
    x, z = near_asis(checker, "left", 20, 20)
    assert checker.verdict_at(x, z).side == "left"
    assert checker.verdict_at(-x, z).side == "right"
    assert checker.verdict_at(0.0, 5000.0) is None


def test_plain_names_read_as_words():
    assert plain_name("external_iliac_artery_right") == "right external iliac artery"
    assert plain_name("vertebra_l5") == "L5 vertebra (the spine)"
    assert plain_name("aorta") == "abdominal aorta"


def test_the_window_and_the_commands_measure_the_same_body(checker, loaded, catalogue):
    """The window has the nearby "extra" muscles loaded too; they must not move the wall."""
    assert any(catalogue[i].group == "extra" for i in loaded.meshes)  # the extras are there
    with_extras = PlacementChecker.for_teaching_scene(catalogue, loaded.meshes)
    assert np.array_equal(with_extras.wall.y, checker.wall.y)
    x, z = near_asis(checker, "right", 25, 15)
    assert with_extras.check("right", x, z).to_json() == checker.check("right", x, z).to_json()
