"""Image regression of the anterior view against tests/images/anterior.png, with a tolerance.

Regenerate after an intended visual change (then look at the image!):
    ANATOMY_VIEWER_UPDATE_IMAGES=1 python -m pytest tests/test_image_regression.py
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.render.pictures.offscreen import offscreen_scene

REFERENCE = Path(__file__).parent / "images" / "anterior.png"
SIZE = (400, 300)
# Mean absolute difference per channel (0..255). Driver or anti-aliasing differences stay well
# under 2; a moved camera, a lost structure or a changed colour goes far above 6.
MAX_MEAN_DIFFERENCE = 6.0


def _render(core_meshes, catalogue) -> np.ndarray:
    scene = offscreen_scene(catalogue, core_meshes, SIZE)
    scene.view("anterior", render=False)
    image = scene.plotter.screenshot(return_img=True)
    scene.plotter.close()
    return image


def test_anterior_view_matches_reference(core_meshes, catalogue):
    image = _render(core_meshes, catalogue)
    if os.environ.get("ANATOMY_VIEWER_UPDATE_IMAGES") or not REFERENCE.exists():
        REFERENCE.parent.mkdir(exist_ok=True)
        Image.fromarray(image).save(REFERENCE)
        pytest.skip("reference image written; look at it and commit it")
    reference = np.asarray(Image.open(REFERENCE).convert("RGB"), dtype=float)
    difference = np.abs(reference - image[..., :3].astype(float)).mean()
    assert difference < MAX_MEAN_DIFFERENCE, f"mean difference {difference:.2f}"


def test_regression_check_can_fail(core_meshes, catalogue):
    """The tolerance is tight enough to notice a structure missing from the view."""
    without_psoas = {k: v for k, v in core_meshes.items() if not k.startswith("psoas")}
    image = _render(without_psoas, catalogue)
    reference = np.asarray(Image.open(REFERENCE).convert("RGB"), dtype=float)
    assert np.abs(reference - image[..., :3].astype(float)).mean() > MAX_MEAN_DIFFERENCE


def test_back_face_culling_changes_no_pixel(core_meshes, catalogue):
    """Opaque structures skip back faces for speed; the picture must be the same without it."""
    scene = offscreen_scene(catalogue, core_meshes, SIZE)
    scene.view("oblique", render=False)
    culled = scene.plotter.screenshot(return_img=True).astype(int)
    assert all(a.GetProperty().GetBackfaceCulling() for a in scene.actors.values())
    for actor in scene.actors.values():
        actor.GetProperty().BackfaceCullingOff()
    full = scene.plotter.screenshot(return_img=True).astype(int)
    scene.plotter.close()
    assert np.abs(culled - full).max() <= 2
