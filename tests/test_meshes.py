"""Loading: STL and OBJ, largest component only, point normals, the body frame kept, bad files named."""

from __future__ import annotations

import shutil
import struct

import numpy as np
import pytest

from anatomy_viewer.core.anatomy.mesh_sources import MeshFolder
from anatomy_viewer.core.anatomy.meshes import largest_component, load_structures, parse_mesh
from anatomy_viewer.core.errors import MeshLoadError


def _stl(triangles: np.ndarray) -> bytes:
    """A binary STL of the given (n, 3, 3) triangles, built here so the test needs no data file."""
    out = bytearray(b"\0" * 80 + struct.pack("<I", len(triangles)))
    for tri in triangles:
        out += struct.pack("<3f", 0, 0, 0) + tri.astype("<f4").tobytes() + b"\0\0"
    return bytes(out)


def _tetra(offset=(0, 0, 0), scale=1.0) -> np.ndarray:
    v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], float) * scale + offset
    return v[[[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]]


def test_largest_component_drops_stray_fragments():
    big, small = _tetra(scale=10), _tetra(offset=(50, 0, 0))
    mesh = parse_mesh(_stl(np.concatenate([big, small])), "two.stl")
    assert mesh.n_faces == 4
    assert mesh.points.max() == pytest.approx(10)


def test_largest_component_on_arrays():
    points = np.arange(18, dtype=float).reshape(6, 3)
    faces = np.array([[0, 1, 2], [3, 4, 5], [3, 5, 4]])
    kept_points, kept_faces = largest_component(points, faces)
    assert len(kept_faces) == 2 and len(kept_points) == 3 and kept_faces.max() == 2


def test_normals_point_outward():
    mesh = parse_mesh(_stl(_tetra(scale=10)), "t.stl")
    centre = mesh.points.mean(axis=0)
    outward = np.einsum("ij,ij->i", mesh.normals, mesh.points - centre)
    assert (outward > 0).all()
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "FMA1.stl", "empty"),
        (b"solid junk\nnot really\n", "FMA2.stl", "FMA2.stl"),
        (b"\0" * 84, "FMA3.stl", "FMA3.stl"),
        (b"v 0 0 0\nf 1 2 3\n", "FMA4.obj", "FMA4.obj"),
        (b"hello", "notes.txt", "not an STL or OBJ"),
    ],
)
def test_bad_files_raise_naming_the_file(data, name, message):
    with pytest.raises(MeshLoadError, match=message):
        parse_mesh(data, name)


def test_real_meshes_keep_the_body_frame(loaded):
    left_hip = loaded.meshes["hip_bone_left"]
    right_hip = loaded.meshes["hip_bone_right"]
    assert left_hip.bounds[0][0] > 0 > right_hip.bounds[1][0]  # +X is the body's left
    sacrum_y = loaded.meshes["sacrum"].points[:, 1].mean()
    linea_y = loaded.meshes["linea_alba"].points[:, 1].mean()
    assert linea_y < sacrum_y  # +Y is posterior: the front of the belly has the smaller Y
    assert loaded.meshes["vertebra_l1"].bounds[0][2] > loaded.meshes["femur_left"].bounds[1][2]


def test_stray_triangles_removed_from_left_quadratus_lumborum(loaded):
    # SOURCES.md: 12 stray triangles at X -45..-35; without them the muscle spans X 16.5..66.2.
    assert loaded.meshes["quadratus_lumborum_left"].bounds[0][0] == pytest.approx(16.5, abs=0.5)


def test_obj_femoral_arteries_load(loaded):
    artery = loaded.meshes["femoral_artery_right"]
    assert artery.n_faces > 500 and artery.bounds[1][2] > 800


def test_corrupt_and_missing_files_do_not_stop_the_rest(tmp_path, catalogue, mesh_dir):
    ids = ["hip_bone_left", "hip_bone_right", "sacrum"]
    for structure_id in ids[:2]:
        shutil.copy(mesh_dir / catalogue[structure_id].file, tmp_path)
    (tmp_path / catalogue["hip_bone_right"].file).write_bytes(b"\0" * 200)  # corrupt
    result = load_structures(catalogue, MeshFolder(tmp_path, "--mesh-dir"), ids)
    assert list(result.meshes) == ["hip_bone_left"]
    assert "FMA16586.stl" in result.errors["hip_bone_right"]
    assert result.missing == ["sacrum"]
    assert any("FMA16586.stl" in line for line in result.notices())


def test_modified_local_meshes_are_used_with_a_notice(tmp_path, catalogue, mesh_dir):
    source = mesh_dir / catalogue["sacrum"].file
    data = bytearray(source.read_bytes())
    data[0] ^= 0xFF  # the 80-byte STL header: content unchanged, bytes differ from the manifest
    (tmp_path / source.name).write_bytes(bytes(data))
    result = load_structures(catalogue, MeshFolder(tmp_path, "--mesh-dir"), ["sacrum"])
    assert "sacrum" in result.meshes and result.modified == ["sacrum"]
    assert any("differ" in line for line in result.notices())
