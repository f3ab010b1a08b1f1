"""Where the mesh files come from, and what state each one is in.

Resolution order (first that applies wins)::

    --mesh-dir DIR  ->  $ANATOMY_VIEWER_MESH_DIR  ->  user cache (filled by `anatomy-viewer meshes fetch`)

A local folder may hold custom or re-posed meshes whose bytes differ from the manifest: they are used,
with a notice. Only downloads must match their SHA-256 (see ``fetch.py``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import MeshesMissingError, UserError
from .catalogue import Catalogue, Structure

MESH_DIR_ENV = "ANATOMY_VIEWER_MESH_DIR"
CACHE_DIR_ENV = "ANATOMY_VIEWER_CACHE_DIR"  # lets tests and portable installs move the user cache
FETCH_COMMAND = "anatomy-viewer meshes fetch"


@dataclass(frozen=True)
class MeshFolder:
    path: Path
    origin: str  # "--mesh-dir", "$ANATOMY_VIEWER_MESH_DIR" or "user cache"

    @property
    def is_cache(self) -> bool:
        return self.origin == "user cache"

    def file(self, structure: Structure) -> Path:
        return self.path / structure.file


def user_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The app's cache folder; nothing is created here (no side effects until something is written)."""
    if environ.get(CACHE_DIR_ENV):
        return Path(environ[CACHE_DIR_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("anatomy-viewer", appauthor=False))


def mesh_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return user_cache_dir(environ) / "bp3d"


def resolve_mesh_folder(
    mesh_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] = os.environ
) -> MeshFolder:
    if mesh_dir:
        return _existing(Path(mesh_dir), "--mesh-dir")
    if environ.get(MESH_DIR_ENV):
        return _existing(Path(environ[MESH_DIR_ENV]), f"${MESH_DIR_ENV}")
    return MeshFolder(mesh_cache_dir(environ), "user cache")


def _existing(path: Path, origin: str) -> MeshFolder:
    path = path.expanduser().resolve()
    if not path.is_dir():
        raise UserError(f"mesh folder {path} (from {origin}) does not exist or is not a folder")
    return MeshFolder(path, origin)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileStatus:
    structure: Structure
    state: str  # "found", "missing" or "hash mismatch"
    path: Path


def file_status(catalogue: Catalogue, folder: MeshFolder) -> list[FileStatus]:
    statuses = []
    for structure in catalogue:
        path = folder.file(structure)
        if not path.is_file():
            state = "missing"
        elif sha256_of(path) != structure.sha256:
            state = "hash mismatch"
        else:
            state = "found"
        statuses.append(FileStatus(structure, state, path))
    return statuses


def missing_help(folder: MeshFolder) -> str:
    """The one line that tells a user how to get the meshes."""
    return (
        f"run `{FETCH_COMMAND}` to download them (about 46 MB, checked by SHA-256), "
        f"or point at a folder of BodyParts3D files with --mesh-dir DIR or ${MESH_DIR_ENV}"
    )


def require_files(catalogue: Catalogue, folder: MeshFolder, ids: Iterable[str]) -> None:
    """Raise a one-line ``MeshesMissingError`` if any required (non-optional) file is absent."""
    absent = [
        catalogue[i].file
        for i in ids
        if not catalogue[i].optional and not folder.file(catalogue[i]).is_file()
    ]
    if absent:
        listed = ", ".join(absent[:3]) + (f" and {len(absent) - 3} more" if len(absent) > 3 else "")
        raise MeshesMissingError(
            f"{len(absent)} mesh file(s) missing in {folder.path} ({folder.origin}): {listed}; "
            + missing_help(folder)
        )
