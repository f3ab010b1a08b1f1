"""``anatomy-viewer screenshot``: render a named view to an image file, headless."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import UserError
from ..core.views import VIEW_NAMES
from ._common import load_for_command, parse_size

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", choices=VIEW_NAMES, default="anterior", help="camera view")
    parser.add_argument(
        "--size", type=parse_size, default=(1600, 1200), metavar="WxH", help="image size in pixels"
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PNG or JPEG file to write")


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() not in IMAGE_SUFFIXES:
        raise UserError(f"{output}: the file name must end in .png or .jpg")
    if not output.parent.resolve().is_dir():
        raise UserError(f"{output.parent}: folder does not exist")
    catalogue, loaded = load_for_command(args)

    from ..render.offscreen import offscreen_scene, save_screenshot

    scene = offscreen_scene(catalogue, loaded.meshes, args.size)
    scene.view(args.view, render=False)
    save_screenshot(scene, output)
    scene.plotter.close()
    print(f"wrote {output} ({args.size[0]}x{args.size[1]}, {args.view} view)")
    return 0
