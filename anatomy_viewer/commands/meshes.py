"""``anatomy-viewer meshes status|fetch``: where each mesh is found; downloading the missing ones.

``fetch`` writes into the user cache (or ``--dest DIR``); a progress bar goes to stderr (one line
per file when stderr is not a terminal), the summary to stdout. Exit 0 when every required file is
there afterwards, else 2 with one line naming the URL and the reason.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from ..core.anatomy.catalogue import load_catalogue
from ..core.anatomy.fetch import FULL_SET_BYTES, FetchProgress, fetch_meshes, resolve_base_url
from ..core.anatomy.mesh_sources import (
    file_status,
    mesh_cache_dir,
    missing_help,
    resolve_mesh_folder,
)
from ..core.errors import UserError
from ._common import mesh_folder

GROUPS = ("core", "extra")
BAR_WIDTH = 24  # characters; with counter, name and size the line stays inside 80 columns
REDRAW_S = 0.1  # a redraw per chunk would flood slow terminals
_STATES = ("found", "missing", "hash mismatch")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from . import add_mesh_dir

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser(
        "status", help="list each structure: found / missing / hash mismatch, and where"
    )
    fetch = actions.add_parser(
        "fetch",
        help=f"download the missing BodyParts3D meshes (about {FULL_SET_BYTES / 1e6:.0f} MB, "
        "checked by SHA-256)",
    )
    fetch.add_argument(
        "--dest",
        metavar="DIR",
        help="folder to download into (default: the user cache, where the app looks last)",
    )
    fetch.add_argument(
        "--base-url",
        metavar="URL",
        help="a mirror serving the files as URL/<file name> (else $ANATOMY_VIEWER_MESH_BASE_URL, "
        "else the pinned upstream URLs of the manifest)",
    )
    fetch.add_argument(
        "--only", choices=GROUPS, help="only the structures of this group (default: all)"
    )
    for action in (status, fetch):
        add_mesh_dir(action, suppress=True)  # `meshes status --mesh-dir DIR` reads naturally too


def run(args: argparse.Namespace) -> int:
    if args.action == "fetch":
        return _fetch(args)
    return _status(args)


def _status(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    folder = mesh_folder(args)
    print(f"mesh folder: {folder.path} ({folder.origin})")
    statuses = file_status(catalogue, folder)
    for status in statuses:
        note = " (optional)" if status.structure.optional else ""
        print(f"{status.state:14} {status.structure.id + note:39} {status.path}")
    counts = {state: sum(s.state == state for s in statuses) for state in _STATES}
    print(
        f"{len(statuses)} structures: "
        + ", ".join(f"{count} {state}" for state, count in counts.items())
    )
    if any(s.state == "missing" and not s.structure.optional for s in statuses):
        print(missing_help(folder))
    elif counts["hash mismatch"]:
        print("files that differ from the BodyParts3D originals are used as they are")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    dest = Path(args.dest).expanduser() if args.dest else mesh_cache_dir()
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} exists and is not a folder")
    base_url = resolve_base_url(args.base_url)
    ids = [s.id for s in catalogue if args.only is None or s.group == args.only]
    bar = TextProgress(sys.stderr)
    try:
        summary = fetch_meshes(catalogue, dest, ids=ids, base_url=base_url, on_progress=bar.update)
    finally:
        bar.close()
    for warning in summary.warnings:
        print(f"anatomy-viewer: warning: {warning}", file=sys.stderr)
    print(
        f"{len(summary.fetched)} downloaded, {len(summary.skipped)} already present, "
        f"{len(summary.failed)} failed: {dest}"
    )
    if not summary.ok:
        raise UserError(summary.error_line())
    _note_if_app_looks_elsewhere(args, dest)
    return 0


def _note_if_app_looks_elsewhere(args: argparse.Namespace, dest: Path) -> None:
    try:
        folder = resolve_mesh_folder(getattr(args, "mesh_dir", None))
    except UserError:
        return  # a bad --mesh-dir matters to the commands that read it, not to fetch
    if os.path.realpath(folder.path) != os.path.realpath(dest):
        print(
            f"anatomy-viewer: note: the app reads meshes from {folder.path} ({folder.origin}), "
            f"not from {dest}; use --mesh-dir {dest} to read the downloaded files",
            file=sys.stderr,
        )


class TextProgress:
    """A plain ``\\r`` progress bar on a terminal; one line per file otherwise (logs, CI)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self._file: str | None = None
        self._drawn_at = 0.0
        self._open_line = False

    def update(self, progress: FetchProgress) -> None:
        new_file = progress.file != self._file
        self._file = progress.file
        if not self.live:
            if new_file:
                size = _megabytes(progress.file_total_bytes)
                counter = f"[{progress.index}/{progress.count}]"
                self.stream.write(f"downloading {counter} {progress.file}{size}\n")
                self.stream.flush()
            return
        now = time.monotonic()
        finished = progress.file_done_bytes == progress.file_total_bytes
        if new_file or finished or now - self._drawn_at >= REDRAW_S:
            self._drawn_at = now
            self.stream.write("\r" + self.line(progress))
            self.stream.flush()
            self._open_line = True

    @staticmethod
    def line(progress: FetchProgress) -> str:
        filled = round(progress.fraction * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        counter = f"{progress.index}/{progress.count}"
        done = f"{progress.done_bytes / 1e6:5.1f} MB"
        return f"[{bar}] {progress.fraction:4.0%} {counter:>5} {progress.file:14} {done}"

    def close(self) -> None:
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()
            self._open_line = False


def _megabytes(size: int | None) -> str:
    if size is None:
        return ""
    return f" ({size / 1e6:.1f} MB)" if size >= 1e6 else f" ({size / 1e3:.0f} kB)"
