"""Loading BodyParts3D meshes into plain arrays (no plotter).

Each file becomes a ``SurfaceMesh``: the largest connected component (upstream files carry small stray
fragments, see SOURCES.md), duplicate vertices merged, point normals for smooth shading. The
BodyParts3D frame is kept as it is: millimetres, +X = body's left, +Y = posterior, +Z = superior.
A corrupt or empty file is reported by name and the other files still load.

The processing is done once per file: its result is kept in the user cache (``mesh_cache.py``),
keyed by the file's SHA-256, so later starts read arrays and never import trimesh or scipy.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG

import numpy as np

from ..errors import MeshLoadError
from .catalogue import Catalogue
from .mesh_cache import SOURCE_HASHES_FILE, ArrayCache, SourceHashes, mesh_key, processed_cache
from .mesh_sources import MeshFolder


@dataclass(frozen=True, eq=False)
class SurfaceMesh:
    points: np.ndarray  # (n, 3) float64, mm
    faces: np.ndarray  # (m, 3) int64 indices into points
    normals: np.ndarray  # (n, 3) float64 unit point normals, outward

    @cached_property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        # Asked for by the scene, the named views and the landmarks; the points never change.
        # Reduced column by column: numpy's min over axis 0 of an (n, 3) C-ordered array walks
        # it with a stride of 3 and took 20 ms at start-up for the 50 meshes; contiguous columns
        # take a twentieth of that, copy included.
        columns = np.asfortranarray(self.points)
        return columns.min(axis=0), columns.max(axis=0)

    @cached_property
    def face_boxes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each face's bounding box, (m, 3) lows and highs: which faces a ray along an axis can
        hit, asked for at every lesson step with pins (core/pictures/pins.py) without gathering
        every face's corners again."""
        # Column by column, as ``bounds``: a min over the corners' axis of an (m, 3, 3) array is a
        # strided reduction, five times slower.
        columns = np.asfortranarray(self.points)
        lows, highs = np.empty((len(self.faces), 3)), np.empty((len(self.faces), 3))
        for axis in range(3):
            a, b, c = (columns[:, axis][self.faces[:, k]] for k in range(3))
            np.minimum(np.minimum(a, b, out=lows[:, axis]), c, out=lows[:, axis])
            np.maximum(np.maximum(a, b, out=highs[:, axis]), c, out=highs[:, axis])
        return lows, highs

    @property
    def n_faces(self) -> int:
        return len(self.faces)

    def translated(self, offset) -> SurfaceMesh:
        return SurfaceMesh(self.points + np.asarray(offset, float), self.faces, self.normals)


def largest_component(points: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep the connected piece with the most faces; drop the rest and any unused points."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(points)
    edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]]])
    graph = coo_matrix((np.ones(len(edges), np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    if count > 1:
        face_labels = labels[faces[:, 0]]
        keep = face_labels == np.bincount(face_labels).argmax()
        faces = faces[keep]
    used = np.unique(faces)
    remap = np.full(n, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return points[used], remap[faces]


def parse_mesh(data: bytes, name: str) -> SurfaceMesh:
    """Turn the bytes of an STL or OBJ file into a clean ``SurfaceMesh``; ``name`` is for messages."""
    import trimesh

    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in ("stl", "obj"):
        raise MeshLoadError(f"{name}: not an STL or OBJ file")
    if not data:
        raise MeshLoadError(f"{name}: the file is empty")
    try:
        mesh = trimesh.load(io.BytesIO(data), file_type=suffix, force="mesh", process=True)
    except Exception as exc:  # trimesh raises many kinds on bad bytes; all mean "unreadable"
        raise MeshLoadError(f"{name}: not a readable {suffix.upper()} mesh ({exc})") from exc
    faces = np.asarray(getattr(mesh, "faces", ()), dtype=np.int64).reshape(-1, 3)
    points = np.asarray(getattr(mesh, "vertices", ()), dtype=np.float64).reshape(-1, 3)
    if len(faces) == 0 or not np.isfinite(points).all():
        raise MeshLoadError(f"{name}: no usable triangles in the file")
    points, faces = largest_component(points, faces)
    clean = trimesh.Trimesh(points, faces, process=False)
    normals = np.asarray(clean.vertex_normals, dtype=np.float64)
    return SurfaceMesh(points, faces, normals)


def load_mesh_file(path: Path) -> SurfaceMesh:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MeshLoadError(f"{Path(path).name}: cannot read ({exc.strerror or exc})") from exc
    return parse_mesh(data, Path(path).name)


@dataclass
class LoadResult:
    """What loading a set of structures gave: meshes by id, and what went wrong, by id."""

    meshes: dict[str, SurfaceMesh] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # id -> one-line message naming the file
    missing: list[str] = field(default_factory=list)
    modified: list[str] = field(
        default_factory=list
    )  # bytes differ from the manifest (local folder)

    def notices(self) -> list[str]:
        lines = list(self.errors.values())
        if self.missing:
            lines.append(f"missing mesh files for: {', '.join(self.missing)}")
        if self.modified:
            lines.append(
                f"{len(self.modified)} mesh file(s) differ from the BodyParts3D originals "
                "(custom or re-posed meshes); using them as they are"
            )
        return lines


_MESH_ARRAYS = ("points", "faces", "normals")


def cached_parse_mesh(
    data: bytes, name: str, cache: ArrayCache | None, sha256: str | None = None
) -> SurfaceMesh:
    """``parse_mesh`` with its result kept in ``cache`` under the SHA-256 of ``data`` (``sha256``,
    when the caller has already computed it)."""
    if cache is None:
        return parse_mesh(data, name)
    key = mesh_key(sha256 or hashlib.sha256(data).hexdigest())
    arrays = cache.load(key, _MESH_ARRAYS)
    if arrays is not None and _well_formed(arrays):
        return SurfaceMesh(arrays["points"], arrays["faces"], arrays["normals"])
    mesh = parse_mesh(data, name)
    cache.store(key, {"points": mesh.points, "faces": mesh.faces, "normals": mesh.normals})
    return mesh


def _well_formed(arrays: dict[str, np.ndarray]) -> bool:
    """An entry that reads but holds nonsense (hand-edited, another program's file) is rebuilt."""
    points, faces, normals = (arrays[n] for n in _MESH_ARRAYS)
    return (
        points.ndim == 2 and points.shape[1:] == (3,) and points.dtype == np.float64
        and normals.shape == points.shape and normals.dtype == np.float64
        and faces.ndim == 2 and faces.shape[1:] == (3,) and faces.dtype == np.int64
        and len(faces) > 0 and faces.min() >= 0 and faces.max() < len(points)
    )  # fmt: skip


def load_structures(
    catalogue: Catalogue,
    folder: MeshFolder,
    ids: Iterable[str] | None = None,
    on_loaded: Callable[[str], None] | None = None,
    *,
    cache: ArrayCache | None | bool = True,
) -> LoadResult:
    """Load the given structures (default: all) from ``folder``; never raises for a single bad file.

    ``cache``: True uses the user cache of processed meshes, False or None processes every file
    afresh, an ``ArrayCache`` uses that one.
    """
    wanted = list(ids) if ids is not None else list(catalogue.ids)
    result = LoadResult()
    if cache is True:
        cache = processed_cache()
    elif cache is False:
        cache = None

    # An unchanged file's digest is remembered, so a warm start reads only the cache's arrays.
    hashes = SourceHashes(cache.directory / SOURCE_HASHES_FILE) if cache is not None else None

    def load_one(structure_id: str) -> None:
        structure = catalogue[structure_id]
        path = folder.file(structure)
        try:
            info = path.stat()  # before the bytes are read: see SourceHashes.remember
        except OSError:
            info = None
        if info is None or not S_ISREG(info.st_mode):
            result.missing.append(structure_id)
            return
        try:
            mesh, digest = _remembered(path, info) if hashes is not None else (None, None)
            if mesh is None:
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if hashes is not None:
                    hashes.remember(path, info, digest)
                mesh = cached_parse_mesh(data, path.name, cache, digest)
            if digest != structure.sha256:
                result.modified.append(structure_id)
            result.meshes[structure_id] = mesh
        except MeshLoadError as exc:
            result.errors[structure_id] = str(exc)
        except OSError as exc:
            result.errors[structure_id] = f"{path.name}: cannot read ({exc.strerror or exc})"
        if on_loaded is not None:
            on_loaded(structure_id)

    def _remembered(path: Path, info) -> tuple[SurfaceMesh | None, str | None]:
        """The cached mesh of an unchanged file, without reading the file; (None, None) if unknown."""
        digest = hashes.known(path, info)
        arrays = cache.load(mesh_key(digest), _MESH_ARRAYS) if digest else None
        if arrays is None or not _well_formed(arrays):
            return None, None
        return SurfaceMesh(arrays["points"], arrays["faces"], arrays["normals"]), digest

    # numpy and the STL parser release the GIL for the heavy parts; two threads use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(load_one, wanted))
    if hashes is not None:
        hashes.save()
    result.meshes = {i: result.meshes[i] for i in wanted if i in result.meshes}
    return result
