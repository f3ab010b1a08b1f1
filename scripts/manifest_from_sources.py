"""Regenerate ``meshes/manifest.toml`` from the provenance table in ``shared/bp3d/SOURCES.md``.

The manifest is the project's catalogue of structures; SOURCES.md is where the data's provenance
(upstream commit, SHA-256) is recorded. Run this when SOURCES.md changes, then review the diff:

    python scripts/manifest_from_sources.py ../shared/bp3d/SOURCES.md > meshes/manifest.toml

Ids, systems and colours are the project's own choices and live in ``NAMES`` below.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STL_URL = (
    "https://raw.githubusercontent.com/Kevin-Mattheus-Moerman/BodyParts3D/"
    "f0eeb6e843380cfe6b83797cf8c3e1af74de5e61/assets/BodyParts3D_data/stl/{file}"
)
# The two BodyParts3D 4.0 femoral arteries come from another mirror under their 4.0 file names.
OBJ_URL = "https://raw.githubusercontent.com/sheevu/human-anatomy-3d/0d7f2002bcee/isa_BP3D_4.0_obj_99/{file}"
OBJ_UPSTREAM_NAMES = {"FMA70249": "FJ2143.obj", "FMA70250": "FJ2074.obj"}

# Anatomical colours: ivory bone, bluish-white cartilage, red muscle (the two targets in distinct
# reds so students tell psoas from iliacus), bright red arteries, blue veins, pale tendon.
COLOURS = {
    "bone": "#e3d9c1",
    "disc": "#b9d3de",
    "psoas": "#c2473f",
    "iliacus": "#d97b4f",
    "muscle": "#9c4a45",
    "artery": "#d1232a",
    "vein": "#3562b5",
    "ligament": "#d8cf9e",
}

# FMA id -> (structure id, system, colour key)
NAMES = {
    "FMA16586": ("hip_bone_right", "bone", "bone"),
    "FMA16587": ("hip_bone_left", "bone", "bone"),
    "FMA16202": ("sacrum", "bone", "bone"),
    "FMA10081": ("vertebra_t12", "bone", "bone"),
    "FMA13072": ("vertebra_l1", "bone", "bone"),
    "FMA13073": ("vertebra_l2", "bone", "bone"),
    "FMA13074": ("vertebra_l3", "bone", "bone"),
    "FMA13075": ("vertebra_l4", "bone", "bone"),
    "FMA13076": ("vertebra_l5", "bone", "bone"),
    "FMA24474": ("femur_right", "bone", "bone"),
    "FMA24475": ("femur_left", "bone", "bone"),
    "FMA13509": ("disc_t12_l1", "disc", "disc"),
    "FMA16033": ("disc_l1_l2", "disc", "disc"),
    "FMA16034": ("disc_l2_l3", "disc", "disc"),
    "FMA16035": ("disc_l3_l4", "disc", "disc"),
    "FMA16036": ("disc_l4_l5", "disc", "disc"),
    "FMA16037": ("disc_l5_s1", "disc", "disc"),
    "FMA22342": ("psoas_major_right", "muscle", "psoas"),
    "FMA22343": ("psoas_major_left", "muscle", "psoas"),
    "FMA22322": ("iliacus_right", "muscle", "iliacus"),
    "FMA22323": ("iliacus_left", "muscle", "iliacus"),
    "FMA22348": ("quadratus_lumborum_right", "muscle", "muscle"),
    "FMA22349": ("quadratus_lumborum_left", "muscle", "muscle"),
    "FMA22450": ("pectineus_right", "muscle", "muscle"),
    "FMA22451": ("pectineus_left", "muscle", "muscle"),
    "FMA22354": ("sartorius_right", "muscle", "muscle"),
    "FMA22355": ("sartorius_left", "muscle", "muscle"),
    "FMA22425": ("tensor_fasciae_latae_right", "muscle", "muscle"),
    "FMA22426": ("tensor_fasciae_latae_left", "muscle", "muscle"),
    "FMA38928": ("rectus_femoris_right", "muscle", "muscle"),
    "FMA38929": ("rectus_femoris_left", "muscle", "muscle"),
    "FMA3784": ("aorta", "artery", "artery"),
    "FMA14765": ("common_iliac_artery_right", "artery", "artery"),
    "FMA14766": ("common_iliac_artery_left", "artery", "artery"),
    "FMA18806": ("external_iliac_artery_right", "artery", "artery"),
    "FMA18807": ("external_iliac_artery_left", "artery", "artery"),
    "FMA18809": ("internal_iliac_artery_right", "artery", "artery"),
    "FMA18810": ("internal_iliac_artery_left", "artery", "artery"),
    "FMA70249": ("femoral_artery_right", "artery", "artery"),
    "FMA70250": ("femoral_artery_left", "artery", "artery"),
    "FMA10951": ("inferior_vena_cava", "vein", "vein"),
    "FMA21387": ("common_iliac_vein_right", "vein", "vein"),
    "FMA21388": ("common_iliac_vein_left", "vein", "vein"),
    "FMA18885": ("external_iliac_vein_right", "vein", "vein"),
    "FMA18886": ("external_iliac_vein_left", "vein", "vein"),
    "FMA18887": ("internal_iliac_vein_right", "vein", "vein"),
    "FMA18888": ("internal_iliac_vein_left", "vein", "vein"),
    "FMA21964": ("inguinal_ligament_right", "ligament", "ligament"),
    "FMA21965": ("inguinal_ligament_left", "ligament", "ligament"),
    "FMA11336": ("linea_alba", "ligament", "ligament"),
}

DISPLAY_FIXES = {
    "FMA3784": "Aorta (descending, to the bifurcation)",
    "FMA13509": "Disc T12/L1",
    "FMA16033": "Disc L1/L2",
    "FMA16034": "Disc L2/L3",
    "FMA16035": "Disc L3/L4",
    "FMA16036": "Disc L4/L5",
    "FMA16037": "Disc L5/S1",
}

ROW = re.compile(r"^\| (FMA\d+) \| ([^|]+) \| (core|extra) \| ([^|]+) \|.*?\| `([0-9a-f]{64})` \|")


def rows(sources: str):
    for line in sources.splitlines():
        match = ROW.match(line)
        if match:
            yield match.groups()


def side_of(structure_id: str) -> str:
    for side in ("left", "right"):
        if structure_id.endswith("_" + side):
            return side
    return "midline"


def main(path: str) -> None:
    out = [
        "# Catalogue of the BodyParts3D structures the app shows. Generated from shared/bp3d/SOURCES.md",
        "# by scripts/manifest_from_sources.py; ids, systems and colours are the project's choices.",
        "# Frame: millimetres, +X = body's left, +Y = posterior, +Z = superior.",
        "",
        "schema = 1",
        'licence = "CC BY-SA 2.1 JP"',
        'licence_url = "https://creativecommons.org/licenses/by-sa/2.1/jp/deed.en"',
        'attribution = "BodyParts3D, (c) The Database Center for Life Science, licensed under CC '
        'Attribution-Share Alike 2.1 Japan"',
    ]
    for fma, name, group, fmt, sha in rows(Path(path).read_text(encoding="utf-8")):
        structure_id, system, colour = NAMES[fma]
        is_obj = "OBJ" in fmt
        file = f"{fma}.obj" if is_obj else f"{fma}.stl"
        url = OBJ_URL.format(file=OBJ_UPSTREAM_NAMES[fma]) if is_obj else STL_URL.format(file=file)
        display = DISPLAY_FIXES.get(fma, re.sub(r"\s*\(.*\)$", "", name.strip()))
        out += [
            "",
            "[[structure]]",
            f'id = "{structure_id}"',
            f'name = "{display}"',
            f'fma = "{fma}"',
            f'side = "{side_of(structure_id)}"',
            f'system = "{system}"',
            f'colour = "{COLOURS[colour]}"',
            f'group = "{group}"',
            f'file = "{file}"',
            f'url = "{url}"',
            f'sha256 = "{sha}"',
            # Only the two reconstructed 4.0 OBJ files may differ from upstream bytes (SOURCES.md).
            f"optional = {'true' if is_obj else 'false'}",
        ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/bp3d/SOURCES.md")
