"""Sub-commands of ``anatomy-viewer``: name -> one-line help. Module ``commands/<name>.py`` (dashes
become underscores) provides ``add_arguments(parser)`` and ``run(args) -> int``.

The window's start imports this package (for the list) but none of the command modules."""

import argparse

COMMANDS: dict[str, str] = {
    "screenshot": "render a view of the anatomy to a PNG or JPEG without opening a window",
    "meshes": "download the BodyParts3D meshes or show where each one is found",
    "lessons": "list the lessons or check lesson files for mistakes",
    "landmarks": "print the landmarks measured on the meshes (ASIS, pubic tubercles, ...)",
    "check-placement": "judge a hip-hook tip position on the body wall: safe, caution or danger",
    "handout": "write a lesson as a printable PDF handout (one page per step)",
    "export-video": "film a lesson or a turntable of the anatomy as an MP4 or GIF",
    "export-web": "write a lesson as one web page that opens in any browser, offline",
}


def add_mesh_dir(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    # Accepted before or after the sub-command; SUPPRESS keeps a sub-command from overwriting the
    # global value with None.
    parser.add_argument(
        "--mesh-dir",
        metavar="DIR",
        default=argparse.SUPPRESS if suppress else None,
        help="folder of BodyParts3D FMA<ID>.stl/.obj files (else $ANATOMY_VIEWER_MESH_DIR, else "
        "the user cache filled by `anatomy-viewer meshes fetch`)",
    )
