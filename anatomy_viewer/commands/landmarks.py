"""``anatomy-viewer landmarks``: the landmarks measured on the meshes, as a table or as JSON."""

from __future__ import annotations

import argparse
import json

import numpy as np

from ..core.anatomy.landmarks import DEFINITIONS, REQUIRED_MESHES, compute_landmarks
from ._common import load_for_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help="print {landmark id: [x, y, z]} in mm instead of a table",
    )


def run(args: argparse.Namespace) -> int:
    _, loaded = load_for_command(args, REQUIRED_MESHES)
    landmarks = compute_landmarks(loaded.meshes)
    points = landmarks.as_dict()
    if args.json:
        print(json.dumps(points, indent=2))
        return 0
    width = max(len(i) for i in points)
    print(f"{'landmark':<{width}}  {'X':>7} {'Y':>7} {'Z':>7}  definition")
    for landmark_id, (x, y, z) in points.items():
        print(f"{landmark_id:<{width}}  {x:7.1f} {y:7.1f} {z:7.1f}  {DEFINITIONS[landmark_id]}")
    apart = np.linalg.norm(landmarks["asis_left"] - landmarks["asis_right"])
    plane = landmarks.midsagittal
    print(
        f"\nmm, BodyParts3D frame: +X body's left, +Y posterior, +Z superior. ASIS to ASIS: "
        f"{apart:.1f} mm. Midsagittal plane through X = {plane.point[0]:.1f} mm."
    )
    print("The umbilicus level is an estimate (L3/L4 disc level): the meshes have no skin.")
    return 0
