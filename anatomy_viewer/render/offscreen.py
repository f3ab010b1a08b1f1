"""Images without a window: an off-screen plotter (Mesa EGL, no X server needed)."""

from __future__ import annotations

from pathlib import Path

import pyvista as pv

from ..core.catalogue import Catalogue
from ..core.meshes import SurfaceMesh
from ..core.viewer_state import ViewerState
from .scene import AnatomyScene
from .theme import DESK, Theme


def offscreen_scene(
    catalogue: Catalogue,
    meshes: dict[str, SurfaceMesh],
    size: tuple[int, int],
    state: ViewerState | None = None,
    theme: Theme = DESK,
) -> AnatomyScene:
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    plotter.enable_anti_aliasing("fxaa")
    state = state or ViewerState(catalogue, available=meshes)
    return AnatomyScene(plotter, catalogue, meshes, state, theme=theme)


def save_screenshot(scene: AnatomyScene, path: Path, transparent: bool = False) -> None:
    """Render and write the image; the format follows the suffix (.png or .jpg)."""
    image = scene.plotter.screenshot(transparent_background=transparent, return_img=True)
    from PIL import Image

    Image.fromarray(image).save(path)
