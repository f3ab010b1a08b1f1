"""The ids that lessons, the CLI and the zone logic share: landmarks, zone codes, zone layers, verdicts.

Kept in one small module so the lesson validator can check ids without loading any mesh.
"""

from __future__ import annotations

SIDES = ("right", "left")

# Landmarks measured on the meshes (core/anatomy/landmarks.py computes each one).
LANDMARK_IDS = (
    "asis_right",
    "asis_left",
    "pubic_tubercle_right",
    "pubic_tubercle_left",
    "pubic_symphysis",
    "mid_inguinal_right",
    "mid_inguinal_left",
    "iliac_crest_right",
    "iliac_crest_left",
    "femoral_head_right",
    "femoral_head_left",
    "lesser_trochanter_right",
    "lesser_trochanter_left",
    "umbilicus_level",  # an estimate (L3/L4 disc level), always labelled as one
)

# Reason codes of the placement checker and the zone map.
DANGER_CODES = ("hip_crease", "midline", "artery", "vein")
CAUTION_CODES = ("nerve", "bone", "no_target")
ZONE_CODES = ("safe", *DANGER_CODES, *CAUTION_CODES)

VERDICTS = ("safe", "caution", "danger")

# Layers a lesson step or the Zones panel can switch on. "danger" / "caution" switch on all their codes.
ZONE_LAYERS = ("wall", "landmarks", "legend", "danger", "caution", *ZONE_CODES)

# What a landmark's label says in a picture (``landmark_label``): the landmark's name in the
# lessons' words, with its side, as the structures' names are written ("Right iliacus"). Where
# the landmark is a constructed point, the label says which point of the thing it names.
LANDMARK_NAMES = {
    "asis": "ASIS",
    "pubic_tubercle": "pubic tubercle",
    "pubic_symphysis": "Pubic symphysis",
    "mid_inguinal": "mid-inguinal point",
    "iliac_crest": "iliac crest (highest point)",
    "femoral_head": "femoral head (centre)",
    "lesser_trochanter": "lesser trochanter",
    "umbilicus_level": "Umbilicus level (estimate)",  # the meshes have no skin: always an estimate
}


def landmark_label(landmark_id: str) -> str:
    """``asis_right`` -> ``Right ASIS``; ``umbilicus_level`` -> ``Umbilicus level (estimate)``."""
    for side in SIDES:
        base = landmark_id.removesuffix(f"_{side}")
        if base != landmark_id:
            return f"{side.capitalize()} {LANDMARK_NAMES[base]}"
    return LANDMARK_NAMES[landmark_id]
