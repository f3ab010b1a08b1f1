"""Shared steps of the headless commands: find the meshes, load them, explain what is missing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from ..core.anatomy.catalogue import Catalogue, load_catalogue
from ..core.anatomy.mesh_sources import MeshFolder, require_files, resolve_mesh_folder
from ..core.anatomy.meshes import LoadResult, load_structures
from ..core.errors import UserError


def mesh_folder(args: argparse.Namespace) -> MeshFolder:
    return resolve_mesh_folder(getattr(args, "mesh_dir", None))


def load_for_command(
    args: argparse.Namespace, ids: Iterable[str] | None = None
) -> tuple[Catalogue, LoadResult]:
    """Load the structures a command needs; missing required files end the command in one line."""
    catalogue = load_catalogue()
    folder = mesh_folder(args)
    wanted = list(ids) if ids is not None else [s.id for s in catalogue if s.group == "core"]
    require_files(catalogue, folder, wanted)
    result = load_structures(catalogue, folder, wanted)
    for line in result.notices():
        print(f"anatomy-viewer: note: {line}", file=sys.stderr)
    if not result.meshes:
        raise UserError(f"no mesh could be loaded from {folder.path}")
    return catalogue, result


def parse_size(text: str) -> tuple[int, int]:
    """``1600x1200`` -> (1600, 1200), for argparse ``type=``."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1600x1200, not {text!r}") from None
    if not (16 <= width <= 7680 and 16 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text} is outside 16x16 .. 7680x4320")
    return width, height


def wall_mm_argument(text: str) -> float:
    """``--wall-mm 26`` or ``--wall-mm average`` -> mm, for argparse ``type=``."""
    from ..core.anatomy.wall_thickness import parse_wall

    try:
        return parse_wall(text)
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_wall_mm(parser: argparse.ArgumentParser, what: str) -> None:
    """The ``--wall-mm`` option, worded the same for every command."""
    from ..core.anatomy.wall_thickness import DEFAULT_WALL_MM, PRESETS, WALL_MM_RANGE

    presets = ", ".join(f"{p.name} {p.wall_mm:g}" for p in PRESETS)
    parser.add_argument(
        "--wall-mm",
        type=wall_mm_argument,
        default=None,
        metavar="MM|PRESET",
        help=f"body wall thickness (skin and fat in front of the pelvis) for {what}: "
        f"{WALL_MM_RANGE[0]:g}..{WALL_MM_RANGE[1]:g} mm or a preset ({presets}); "
        f"default {DEFAULT_WALL_MM:g}",
    )
