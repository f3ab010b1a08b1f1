"""The mesh catalogue covers every file in SOURCES.md, with the fields users and the downloader need."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anatomy_viewer.core.anatomy.catalogue import SYSTEMS, load_catalogue
from anatomy_viewer.core.errors import UserError

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "bp3d" / "SOURCES.md"


def test_every_structure_has_complete_fields(catalogue):
    assert len(catalogue) == 50
    for s in catalogue:
        assert re.fullmatch(r"[a-z0-9_]+", s.id)
        assert s.system in SYSTEMS
        assert re.fullmatch(r"#[0-9a-f]{6}", s.colour)
        assert re.fullmatch(r"[0-9a-f]{64}", s.sha256)
        assert s.url.startswith("https://") and s.url.count("/") > 5
        assert s.file == f"{s.fma}.{'obj' if s.optional else 'stl'}"
    assert {s.id for s in catalogue if s.optional} == {
        "femoral_artery_right",
        "femoral_artery_left",
    }
    assert "BodyParts3D" in catalogue.attribution


def test_user_words_ids(catalogue):
    for structure_id in (
        "psoas_major_right",
        "iliacus_left",
        "hip_bone_left",
        "external_iliac_artery_right",
        "inguinal_ligament_left",
        "linea_alba",
    ):
        assert structure_id in catalogue
    assert catalogue["psoas_major_right"].side == "right"
    assert catalogue["hip_bone_left"].side == "left"
    assert catalogue["aorta"].side == "midline"


@pytest.mark.skipif(not SOURCES.exists(), reason="shared/bp3d/SOURCES.md not beside the checkout")
def test_matches_sources_table(catalogue):
    table = dict(re.findall(r"^\| (FMA\d+) \|.*`([0-9a-f]{64})`", SOURCES.read_text(), re.M))
    assert {s.fma: s.sha256 for s in catalogue} == table


def test_stl_urls_are_pinned_to_the_commit_in_sources(catalogue):
    for s in catalogue:
        if not s.optional:
            assert "f0eeb6e843380cfe6b83797cf8c3e1af74de5e61" in s.url and s.url.endswith(s.file)


def test_select_expands_systems(catalogue):
    arteries = catalogue.select(["artery"])
    assert "aorta" in arteries and "psoas_major_left" not in arteries
    assert catalogue.select(["linea_alba", "vein"])[0] in catalogue.ids


def test_broken_manifest_is_one_line_error(tmp_path):
    bad = tmp_path / "manifest.toml"
    bad.write_text("licence = 'x'\n[[structure]]\nid = 'a'\n")
    with pytest.raises(UserError, match="lacks"):
        load_catalogue(bad)
    bad.write_text("this is = = not toml")
    with pytest.raises(UserError, match="cannot read"):
        load_catalogue(bad)
