"""The hook's generated shape and its pose on the body wall (pure numpy, no meshes)."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.core.tool.geometry import (
    TIP_RADIUS_MM,
    HookShape,
    handle_direction,
    hook_mesh,
    signed_volume,
    tool_pose,
    transform,
)


@pytest.fixture(scope="module")
def mesh():
    return hook_mesh()


def test_tip_is_a_blunt_5_mm_dome_at_the_origin(mesh):
    points, _ = mesh
    assert pytest.approx(5.0) == TIP_RADIUS_MM
    foremost = points[np.argmax(points[:, 2])]
    assert np.allclose(foremost, [0.0, 0.0, 0.0], atol=1e-9)
    near_tip = points[points[:, 2] > -TIP_RADIUS_MM - 1e-9]
    centre = np.array([0.0, 0.0, -TIP_RADIUS_MM])
    assert np.allclose(np.linalg.norm(near_tip - centre, axis=1), TIP_RADIUS_MM, atol=1e-6)


def test_mesh_is_closed_and_outward(mesh):
    points, faces = mesh
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    assert np.all(counts == 2)
    assert signed_volume(points, faces) > 0


def test_handle_is_on_plus_x_behind_the_tip(mesh):
    points, _ = mesh
    assert points[:, 2].max() == pytest.approx(0.0)
    assert points[:, 0].max() > HookShape().handle_length_mm  # the handle reaches well to +x


@pytest.mark.parametrize("press", [(0, 1, 0), (0.3, 1, 0), (-0.5, 1, 0.2)])
def test_pose_puts_tip_at_point_and_axis_along_press(mesh, press):
    points, _ = mesh
    tip = np.array([-90.0, -120.0, 917.0])
    direction = np.asarray(press, float) / np.linalg.norm(press)
    pose = tool_pose(tip, direction, handle_direction(direction, lateral_sign=-1.0))
    placed = transform(points, pose)
    foremost = placed[np.argmax(placed @ direction)]
    assert np.allclose(foremost, tip, atol=1e-6)  # the tip is the point furthest along the press
    assert np.allclose(pose[:3, 2], direction)
    assert np.allclose(pose[:3, :3].T @ pose[:3, :3], np.eye(3), atol=1e-12)  # rigid, no scaling
    assert np.linalg.det(pose[:3, :3]) == pytest.approx(1.0)
    assert pose[0, 0] < 0  # the handle leaves toward the right side's lateral (-X)


def test_handle_direction_drops_toward_the_feet_and_is_square_to_press():
    press = np.array([0.0, 1.0, 0.0])
    handle = handle_direction(press, lateral_sign=1.0)
    assert handle @ press == pytest.approx(0.0)
    assert handle[0] > 0 and handle[2] < 0


def test_handle_along_press_axis_is_refused():
    with pytest.raises(ValueError):
        tool_pose([0, 0, 0], [0, 1, 0], [0, 2, 0])
