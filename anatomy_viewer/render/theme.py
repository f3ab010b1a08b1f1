"""Colours and lighting choices for the 3D view, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    background_top: str
    background_bottom: str
    text: str
    attribution: str
    highlight: str  # selected or lesson-highlighted structures are tinted toward this


# Dark slate: anatomical colours keep their contrast and glare stays low on a desk monitor.
DESK = Theme("#3a4656", "#141a22", "#f2f2f2", "#9aa4b2", "#fff27a")
# Near-black with pure white text for a washed-out projector.
PROJECTOR = Theme("#000000", "#000000", "#ffffff", "#c8c8c8", "#ffe600")
# White paper for handouts.
PRINT = Theme("#ffffff", "#ffffff", "#111111", "#555555", "#f2b400")

# Specular highlights read as "wet tissue" on muscle and vessels, as "polished" on bone: keep bone matte.
SPECULAR = {"bone": 0.15, "disc": 0.2, "muscle": 0.3, "artery": 0.5, "vein": 0.5, "ligament": 0.2}
