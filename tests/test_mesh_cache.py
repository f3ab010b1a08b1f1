"""The processed-mesh cache: hits give the same arrays, changes and corruption are rebuilt, arrays only."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import numpy as np
import pytest

from anatomy_viewer.core import mesh_cache, meshes
from anatomy_viewer.core.mesh_cache import ArrayCache, mesh_key
from anatomy_viewer.core.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.meshes import cached_parse_mesh, load_structures


def _stl(scale: float = 10.0) -> bytes:
    """A binary STL tetrahedron (built here: no data file)."""
    v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], float) * scale
    triangles = v[[[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]]
    out = bytearray(b"\0" * 80 + struct.pack("<I", len(triangles)))
    for tri in triangles:
        out += struct.pack("<3f", 0, 0, 0) + tri.astype("<f4").tobytes() + b"\0\0"
    return bytes(out)


@pytest.fixture
def cache(tmp_path) -> ArrayCache:
    return ArrayCache(tmp_path / "processed")


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Names passed to the real (slow) parser: empty when everything came from the cache."""
    calls: list[str] = []
    real = meshes.parse_mesh

    def counting(data, name):
        calls.append(name)
        return real(data, name)

    monkeypatch.setattr(meshes, "parse_mesh", counting)
    return calls


def test_hit_returns_identical_arrays_without_parsing(cache, parses):
    first = cached_parse_mesh(_stl(), "t.stl", cache)
    second = cached_parse_mesh(_stl(), "t.stl", cache)
    assert parses == ["t.stl"]
    for name in ("points", "faces", "normals"):
        a, b = getattr(first, name), getattr(second, name)
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_real_mesh_hit_is_identical(mesh_dir, catalogue, cache, parses):
    folder = resolve_mesh_folder(mesh_dir)
    cold = load_structures(catalogue, folder, ["psoas_major_right"], cache=cache).meshes
    warm = load_structures(catalogue, folder, ["psoas_major_right"], cache=cache).meshes
    fresh = load_structures(catalogue, folder, ["psoas_major_right"], cache=False).meshes
    for name in ("points", "faces", "normals"):
        assert np.array_equal(
            getattr(warm["psoas_major_right"], name), getattr(fresh["psoas_major_right"], name)
        )
        assert np.array_equal(
            getattr(cold["psoas_major_right"], name), getattr(warm["psoas_major_right"], name)
        )
    assert len(parses) == 2  # the cold load and the uncached one; the warm load read arrays


def test_changed_source_bytes_miss(cache, parses):
    small = cached_parse_mesh(_stl(10), "t.stl", cache)
    big = cached_parse_mesh(_stl(20), "t.stl", cache)
    assert len(parses) == 2
    assert big.points.max() == pytest.approx(2 * small.points.max())
    assert len(list(cache.directory.glob("*.npz"))) == 2


def test_processing_version_change_misses(cache, parses, monkeypatch):
    cached_parse_mesh(_stl(), "t.stl", cache)
    monkeypatch.setattr(mesh_cache, "PROCESSING_VERSION", mesh_cache.PROCESSING_VERSION + 1)
    cached_parse_mesh(_stl(), "t.stl", cache)
    assert len(parses) == 2
    cached_parse_mesh(_stl(), "t.stl", cache)  # the new version's entry is now there
    assert len(parses) == 2


def _entry(cache: ArrayCache, data: bytes):
    import hashlib

    return cache.path(mesh_key(hashlib.sha256(data).hexdigest()))


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "pickled", "bare_npy", "wrong_arrays", "bad_indices"]
)
def test_corrupt_entry_is_rebuilt(cache, parses, damage):
    good = cached_parse_mesh(_stl(), "t.stl", cache)
    entry = _entry(cache, _stl())
    key = entry.name.removesuffix(".npz")
    if damage == "garbage":
        entry.write_bytes(b"not a zip at all")
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:200])
    elif damage == "pickled":  # an object array would need pickle: refused by allow_pickle=False
        np.savez(
            entry,
            points=np.array([object()]),
            faces=good.faces,
            normals=good.normals,
            cache_key=key,
        )
    elif damage == "bare_npy":
        with entry.open("wb") as file:
            np.save(file, good.points)
    elif damage == "wrong_arrays":
        np.savez(entry, something=np.zeros(3), cache_key=key)
    else:
        np.savez(
            entry, points=good.points, faces=good.faces + 100, normals=good.normals, cache_key=key
        )
    rebuilt = cached_parse_mesh(_stl(), "t.stl", cache)
    assert len(parses) == 2
    assert np.array_equal(rebuilt.points, good.points)
    with np.load(entry, allow_pickle=False) as stored:  # the entry was written again, whole
        assert np.array_equal(stored["faces"], good.faces)


def test_entry_renamed_to_another_key_is_not_trusted(cache, parses):
    cached_parse_mesh(_stl(10), "t.stl", cache)
    cached_parse_mesh(_stl(20), "t.stl", cache)
    os.replace(_entry(cache, _stl(10)), _entry(cache, _stl(20)))
    again = cached_parse_mesh(_stl(20), "t.stl", cache)
    assert len(parses) == 3 and again.points.max() == pytest.approx(20)


def test_writes_are_atomic_and_leave_no_temporary_files(cache):
    cached_parse_mesh(_stl(), "t.stl", cache)
    names = [p.name for p in cache.directory.iterdir()]
    assert len(names) == 1 and names[0].endswith(".npz") and not names[0].startswith(".")


def test_unwritable_cache_costs_speed_not_failure(tmp_path, parses):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way of the cache folder")
    cache = ArrayCache(blocked / "processed")
    assert cache.store("x", {"a": np.zeros(2)}) is False
    mesh = cached_parse_mesh(_stl(), "t.stl", cache)
    assert mesh.n_faces == 4 and parses == ["t.stl"]


def test_cache_lives_in_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("ANATOMY_VIEWER_CACHE_DIR", str(tmp_path))
    assert mesh_cache.processed_cache().directory == tmp_path / "processed"


@pytest.mark.slow
def test_second_start_imports_neither_trimesh_nor_scipy(mesh_dir, tmp_path):
    code = (
        "import sys\n"
        "from anatomy_viewer.core.catalogue import load_catalogue\n"
        "from anatomy_viewer.core.mesh_sources import resolve_mesh_folder\n"
        "from anatomy_viewer.core.meshes import load_structures\n"
        "c = load_catalogue()\n"
        f"r = load_structures(c, resolve_mesh_folder({str(mesh_dir)!r}), ['hip_bone_right', 'aorta'])\n"
        "assert len(r.meshes) == 2, r.notices()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'trimesh', 'scipy'}))\n"
    )
    env = {**os.environ, "ANATOMY_VIEWER_CACHE_DIR": str(tmp_path)}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        for _ in range(2)
    ]
    assert outputs[0].stdout.strip() == "['scipy', 'trimesh']"  # the first start processes
    assert outputs[1].stdout.strip() == "[]"  # the second reads arrays
