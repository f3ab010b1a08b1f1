"""``anatomy-viewer meshes status|fetch``: where each mesh is found, and downloading the missing ones."""

from __future__ import annotations

import argparse

from ..core.catalogue import load_catalogue
from ._common import mesh_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("status", help="list each structure: found / missing / hash mismatch, and where")


def run(args: argparse.Namespace) -> int:
    from ..core.mesh_sources import file_status

    catalogue = load_catalogue()
    folder = mesh_folder(args)
    print(f"mesh folder: {folder.path} ({folder.origin})")
    for status in file_status(catalogue, folder):
        print(f"{status.state:14} {status.structure.id:28} {status.path}")
    return 0
