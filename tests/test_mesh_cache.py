"""The processed-mesh cache: hits give the same arrays, changes and corruption are rebuilt, arrays only."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from anatomy_viewer.core.anatomy import mesh_cache, meshes
from anatomy_viewer.core.anatomy.mesh_cache import ArrayCache, mesh_key
from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.anatomy.meshes import cached_parse_mesh, load_structures


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
    assert len(list(cache.directory.glob(f"*{mesh_cache.ENTRY_SUFFIX}"))) == 2


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


def _write_entry(path, key, arrays, allow_pickle=False):
    """An entry in the cache's own layout (key, names, arrays), for damaging on purpose."""
    with path.open("wb") as file:
        np.save(file, np.array(key))
        np.save(file, np.array(list(arrays)))
        for array in arrays.values():
            np.save(file, array, allow_pickle=allow_pickle)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "pickled", "bare_npy", "wrong_arrays", "bad_indices", "trailing"],
)
def test_corrupt_entry_is_rebuilt(cache, parses, damage):
    good = cached_parse_mesh(_stl(), "t.stl", cache)
    entry = _entry(cache, _stl())
    key = entry.name.removesuffix(mesh_cache.ENTRY_SUFFIX)
    arrays = {"points": good.points, "faces": good.faces, "normals": good.normals}
    if damage == "garbage":
        entry.write_bytes(b"not arrays at all")
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:300])
    elif damage == "pickled":  # an object array would need pickle: refused by allow_pickle=False
        _write_entry(entry, key, {**arrays, "points": np.array([object()])}, allow_pickle=True)
    elif damage == "bare_npy":
        with entry.open("wb") as file:
            np.save(file, good.points)
    elif damage == "wrong_arrays":
        _write_entry(entry, key, {"something": np.zeros(3)})
    elif damage == "bad_indices":
        _write_entry(entry, key, {**arrays, "faces": good.faces + 100})
    else:  # another file's bytes after a whole entry
        entry.write_bytes(entry.read_bytes() + b"more")
    rebuilt = cached_parse_mesh(_stl(), "t.stl", cache)
    assert len(parses) == 2
    assert np.array_equal(rebuilt.points, good.points)
    stored = cache.load(key, ("faces",))  # the entry was written again, whole
    assert stored is not None and np.array_equal(stored["faces"], good.faces)


def test_entry_renamed_to_another_key_is_not_trusted(cache, parses):
    cached_parse_mesh(_stl(10), "t.stl", cache)
    cached_parse_mesh(_stl(20), "t.stl", cache)
    os.replace(_entry(cache, _stl(10)), _entry(cache, _stl(20)))
    again = cached_parse_mesh(_stl(20), "t.stl", cache)
    assert len(parses) == 3 and again.points.max() == pytest.approx(20)


def test_writes_are_atomic_and_leave_no_temporary_files(cache):
    cached_parse_mesh(_stl(), "t.stl", cache)
    names = [p.name for p in cache.directory.iterdir()]
    assert len(names) == 1 and names[0].endswith(mesh_cache.ENTRY_SUFFIX)
    assert not names[0].startswith(".")


def test_entries_of_the_older_zip_container_are_removed_on_write(cache):
    cache.directory.mkdir(parents=True)
    old = cache.directory / f"mesh-{'0' * 64}-p1.npz"
    np.savez(old, points=np.zeros((3, 3)))
    keep = cache.directory / "notes.txt"  # not an entry: left alone
    keep.write_text("mine")
    assert cache.store("x", {"a": np.arange(3)})
    assert not old.exists() and keep.exists()
    assert np.array_equal(cache.load("x", ("a",))["a"], np.arange(3))


def test_unwritable_cache_costs_speed_not_failure(tmp_path, parses):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way of the cache folder")
    cache = ArrayCache(blocked / "processed")
    assert cache.store("x", {"a": np.zeros(2)}) is False
    mesh = cached_parse_mesh(_stl(), "t.stl", cache)
    assert mesh.n_faces == 4 and parses == ["t.stl"]


# --- remembered digests: an unchanged source file is not read ---------------------------------
def _age(path, seconds: float) -> None:
    """Set the file's times in the past, beyond the racy window (ctime follows any write)."""
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "meshes"
    folder.mkdir()
    path = folder / "t.stl"
    path.write_bytes(_stl())
    _age(path, 60)
    return path


def _reads(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = Path.read_bytes

    def counting(self):
        calls.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return calls


def _load(source, cache):
    from anatomy_viewer.core.anatomy.catalogue import Catalogue
    from anatomy_viewer.core.anatomy.mesh_sources import MeshFolder

    structure = _structure(source)
    catalogue = Catalogue((structure,), "licence", "url", "attribution")
    return load_structures(catalogue, MeshFolder(source.parent, "--mesh-dir"), cache=cache)


def _structure(source):
    import dataclasses
    import hashlib

    from anatomy_viewer.core.anatomy.catalogue import load_catalogue

    template = load_catalogue()["psoas_major_right"]
    return dataclasses.replace(
        template, id="t", file=source.name, sha256=hashlib.sha256(_stl()).hexdigest()
    )


def test_unchanged_source_is_not_read_again(settled, cache, monkeypatch):
    source = settled
    first = _load(source, cache)
    reads = _reads(monkeypatch)
    second = _load(source, cache)
    assert reads == [] and not second.modified
    assert np.array_equal(first.meshes["t"].points, second.meshes["t"].points)


def test_changed_source_is_hashed_again(settled, cache, monkeypatch):
    import time

    source = settled
    _load(source, cache)
    remembered = (cache.directory / mesh_cache.SOURCE_HASHES_FILE).read_text()
    assert source.name in remembered
    before = source.stat()
    source.write_bytes(_stl(20))  # new bytes, same size, and the same mtime put back by hand:
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the ctime tells
    assert source.stat().st_size == before.st_size
    time.sleep(0.25)
    reads = _reads(monkeypatch)
    again = _load(source, cache)
    assert reads == ["t.stl"] and again.modified == ["t"]
    assert again.meshes["t"].points.max() == pytest.approx(20)


def test_a_just_written_source_is_not_remembered(source, cache, monkeypatch):
    source.write_bytes(_stl())  # now: within the racy window (2 s)
    _load(source, cache)
    reads = _reads(monkeypatch)
    _load(source, cache)
    assert reads == ["t.stl"]  # hashed again: a same-size rewrite now could not be seen


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"x": "y"}'])
def test_unreadable_digest_memo_means_hashing(settled, cache, monkeypatch, content):
    source = settled
    _load(source, cache)
    (cache.directory / mesh_cache.SOURCE_HASHES_FILE).write_text(content)
    reads = _reads(monkeypatch)
    assert not _load(source, cache).errors and reads == ["t.stl"]


@pytest.fixture
def settled(source, monkeypatch):
    """A source old enough to be remembered. Its ctime cannot be set back, so the racy window is
    shortened and waited out."""
    import time

    monkeypatch.setattr(mesh_cache, "RACY_WINDOW_S", 0.2)
    time.sleep(0.25)
    return source


def test_cache_lives_in_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("ANATOMY_VIEWER_CACHE_DIR", str(tmp_path))
    assert mesh_cache.processed_cache().directory == tmp_path / "processed"


@pytest.mark.slow
def test_second_start_imports_neither_trimesh_nor_scipy(mesh_dir, tmp_path):
    code = (
        "import sys\n"
        "from anatomy_viewer.core.anatomy.catalogue import load_catalogue\n"
        "from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder\n"
        "from anatomy_viewer.core.anatomy.meshes import load_structures\n"
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
