"""Images without a window: an off-screen plotter (Mesa EGL, no X server needed)."""

from __future__ import annotations

import os
from pathlib import Path

# Without an X server VTK would try X first and print a warning before falling back to EGL.
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")

import pyvista as pv  # noqa: E402

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
    # Multisampling: VTK's FXAA is not supported on Mesa EGL and its SSAA fallback costs 4x the pixels.
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    plotter.enable_anti_aliasing("msaa", multi_samples=4)
    state = state or ViewerState(catalogue, available=meshes)
    return AnatomyScene(plotter, catalogue, meshes, state, theme=theme)


def save_screenshot(scene: AnatomyScene, path: Path, transparent: bool = False) -> None:
    """Render and write the image; the format follows the suffix (.png or .jpg)."""
    image = scene.plotter.screenshot(transparent_background=transparent, return_img=True)
    from PIL import Image

    Image.fromarray(image).save(path)
