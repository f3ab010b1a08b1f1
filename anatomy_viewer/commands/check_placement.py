"""``anatomy-viewer check-placement``: is a hip-hook tip at (X, Z) on the body wall safe, and why;
the press line's path through the layers (``path`` in the JSON) and the wall thickness it assumes."""

from __future__ import annotations

import argparse
import json

from ._common import add_wall_mm, load_for_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--side", required=True, choices=("right", "left"), help="which hip")
    parser.add_argument(
        "--at", required=True, nargs=2, type=float, metavar=("X", "Z"),
        help="tip position on the derived body wall, model mm (+X is the body's left)",
    )  # fmt: skip
    parser.add_argument(
        "--pivot", type=float, default=0.0, metavar="DEG",
        help="press direction: degrees about the superior axis, 0 = straight back, "
        "+ = toward lateral (iliacus), - = toward medial (default 0)",
    )  # fmt: skip
    add_wall_mm(parser, "the tip's depth and the zones")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    catalogue, loaded = load_for_command(args)

    from ..core.anatomy.wall_thickness import wall_words
    from ..core.placement.checker import PlacementChecker
    from ..core.tool.path_words import text_lines

    checker = PlacementChecker.for_teaching_scene(catalogue, loaded.meshes, args.wall_mm)
    x_mm, z_mm = args.at
    result = checker.check(args.side, x_mm, z_mm, args.pivot)
    path = checker.path(result)
    if args.json:
        data = result.to_json()
        data["path"] = path.to_json()
        vessel = path.nearest_vessel
        data["nearest_vessel"] = (
            None
            if vessel is None
            else {
                "structure": vessel.structure,
                "clearance_mm": round(vessel.clearance_mm, 1),
                "depth_mm": round(vessel.depth_mm, 1),
            }
        )
        print(json.dumps(data, indent=2))
        return 0
    x, y, z = result.tip
    print(f"verdict: {result.verdict.upper()}")
    print(
        f"tip: {args.side} side, X {x:.1f}  Y {y:.1f}  Z {z:.1f} mm on the schematic body wall "
        f"(derived), {wall_words(result.wall_mm)}, pivot {args.pivot:g} deg"
    )
    if result.target:
        print(f"target: {result.target} at {result.target_depth_mm:.1f} mm")
    else:
        print("target: none (the press line reaches neither psoas nor iliacus)")
    for reason in result.reasons:
        print(f"  - {reason.message}")
    nearest = sorted(result.clearances_mm.items(), key=lambda item: item[1])[:4]
    print("nearest vessels: " + ", ".join(f"{i} {mm:.1f} mm" for i, mm in nearest))
    print("path of the press line (depth from the tip):")
    for line in text_lines(path):
        print(f"  {line}")
    return 0
