"""How thick the body wall in front of the pelvis is: the setting, its presets and their sources.

    lesson ``wall_mm`` / ``--wall-mm`` / the window's Body wall control --resolve_wall_mm--> mm
        --> BodyWall.thickened(mm) (the derived wall moves forward) --> depths, zones, the readout
    wall_words(mm) --> "wall 18 mm (lean)": what every picture and readout says it assumes

The meshes have no skin and no subcutaneous fat, so the derived wall (body_wall.py) is built this far
in front of the linea alba, the inguinal ligaments and the bony points (ASIS, pubic tubercles): this
thickness stands for the skin and the subcutaneous fat in front of them. It is one value for the
whole lower abdomen (schematic): the sources measured it near the umbilicus, not beside the ASIS.

Sources (each figure checked against the source's published abstract):

- Cheng CW et al., "Transabdominal color doppler ultrasound assessment of abdominal wall thickness
  and distance to major vessels", AAGL Global Congress 2024, abstract 12045
  (https://aagl.swoogo.com/aagl2024/sponsor/687386/12045-transabdominal-color-doppler-ultrasound-assessment-of-abdominal-wall-thickness-and-distance-to-major-vessels):
  preoperative transabdominal ultrasound, periumbilical abdominal wall thickness, n = 187 women
  before laparoscopic gynaecological surgery (2021-2024). Mean 2.59 cm (SD 1.12) for the cohort;
  normal BMI 1.82 cm (n = 83), overweight 2.57 cm (n = 57), obese, BMI class I-III, 3.69 cm (n = 53);
  the largest 8.6 cm. (The abstract's group sizes add up to 193, not 187: as published.)
- Abbas AE, Alrawi MH, Saeed EAM, "Assessment of anterior abdominal wall layers thickness under the
  influence of age and sex, using computed tomography imaging in Ibn-Sina Hospital, Khartoum, Sudan
  2021", Fortune Journals abstract
  (https://fortuneonline.org/abstract/assessment-of-anterior-abdominal-wall-layers-thickness-under-the-influence-of-age-and-sex-using-computed-tomography-imaging-in-ibn-3749.html):
  one CT slice at L3-L4, n = 232 patients of both sexes; subcutaneous fatty layer 17.5 mm in men,
  24.8 mm in women. (The journal's name and the year of publication are not on that page; the
  study ran July-December 2021.)
- BodyParts3D (http://lifesciencedb.jp/ag/bp3d/) is built on the TARO voxel model, made from
  whole-body MRI of one adult male volunteer: hence the lean figures (men, normal BMI) as default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import UserError


@dataclass(frozen=True)
class WallPreset:
    name: str  # as typed on the command line and in lessons
    label: str  # as the window and the pictures say it
    wall_mm: float
    source: str  # where the figure comes from, in one line


PRESETS = (
    # Cheng et al. 2024, normal BMI: 1.82 cm; Abbas et al., men: 17.5 mm.
    WallPreset("lean", "lean", 18.0, "normal BMI 1.82 cm (Cheng 2024); men 17.5 mm (Abbas)"),
    # Cheng et al. 2024, the whole cohort: 2.59 cm (overweight 2.57 cm); Abbas et al., women: 24.8 mm.
    WallPreset(
        "average", "average", 26.0, "cohort mean 2.59 cm (Cheng 2024); women 24.8 mm (Abbas)"
    ),
    # Cheng et al. 2024, obese (BMI class I-III): 3.69 cm.
    WallPreset("high-bmi", "high BMI", 37.0, "obese 3.69 cm (Cheng 2024)"),
)
# The default is the lean preset: both sources agree on about 18 mm for men and for a normal BMI,
# and the meshes are one adult man's (BodyParts3D / TARO). Until this setting existed the wall sat a
# schematic 10 mm in front of the anchors, thinner than every group mean the sources report.
DEFAULT_WALL_MM = PRESETS[0].wall_mm
# A sane range. 5 mm: thinner than any group mean in the sources (the thinnest, 17.5 mm), still
# putting the tip in front of every mesh. 90 mm: past the thickest wall Cheng et al. measured (8.6 cm).
WALL_MM_RANGE = (5.0, 90.0)
# Thicknesses closer than this to a preset are that preset (the window's spin box steps 1 mm).
PRESET_TOLERANCE_MM = 0.05


def preset_named(name: str) -> WallPreset | None:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    return next((p for p in PRESETS if p.name == key), None)


def preset_of(wall_mm: float) -> WallPreset | None:
    return next((p for p in PRESETS if abs(p.wall_mm - wall_mm) < PRESET_TOLERANCE_MM), None)


def check_wall_mm(wall_mm: float) -> float:
    """``wall_mm`` as a float; outside WALL_MM_RANGE (or not finite) -> UserError."""
    value = float(wall_mm)
    low, high = WALL_MM_RANGE
    if not (math.isfinite(value) and low <= value <= high):
        raise UserError(f"body wall thickness must be {low:g}..{high:g} mm, not {wall_mm:g}")
    return value


def resolve_wall_mm(wall_mm: float | None) -> float:
    """None (a state or lesson that does not say) -> the default; a number -> checked."""
    return DEFAULT_WALL_MM if wall_mm is None else check_wall_mm(wall_mm)


def parse_wall(text: str) -> float:
    """``26``, ``26.5`` or a preset name (``lean``, ``average``, ``high-bmi``) -> mm; else UserError."""
    preset = preset_named(text)
    if preset is not None:
        return preset.wall_mm
    try:
        value = float(text)
    except ValueError:
        names = ", ".join(p.name for p in PRESETS)
        raise UserError(
            f"body wall thickness must be a number of mm or one of {names}, not {text!r}"
        ) from None
    return check_wall_mm(value)


def thickness_words(wall_mm: float) -> str:
    """``18`` -> ``18 mm (lean)``; ``30`` -> ``30 mm``; ``30.5`` -> ``30.5 mm``."""
    preset = preset_of(wall_mm)
    number = f"{wall_mm:.0f}" if abs(wall_mm - round(wall_mm)) < 0.05 else f"{wall_mm:.1f}"
    return f"{number} mm" + (f" ({preset.label})" if preset else "")


def wall_words(wall_mm: float) -> str:
    """``18`` -> ``wall 18 mm (lean)``."""
    return f"wall {thickness_words(wall_mm)}"
