"""Images without a window: an off-screen plotter (Mesa EGL, no X server needed)."""

from __future__ import annotations

import os
from pathlib import Path

# Without an X server VTK would try X first and print a warning before falling back to EGL.
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")

import pyvista as pv  # noqa: E402

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.scene.viewer_state import ViewerState
from ..anatomy.scene import AnatomyScene
from ..theme import DESK, Theme


def offscreen_scene(
    catalogue: Catalogue,
    meshes: dict[str, SurfaceMesh],
    size: tuple[int, int],
    state: ViewerState | None = None,
    theme: Theme = DESK,
) -> AnatomyScene:
    _skip_display_probe()
    # Multisampling: VTK's FXAA is not supported on Mesa EGL and its SSAA fallback costs 4x the pixels.
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    plotter.enable_anti_aliasing("msaa", multi_samples=4)
    state = state or ViewerState(catalogue, available=meshes)
    return AnatomyScene(plotter, catalogue, meshes, state, theme=theme)


def _skip_display_probe() -> None:
    """Spare pyvista's check for a display before the first off-screen plotter of a process.

    On Linux, ``pyvista.Plotter()`` first asks whether the system can plot at all (it runs
    ``xset -q`` or opens and closes a throwaway render window: 55 ms at start-up, a tenth of the
    first picture's cost) only to warn about a missing X server. Off-screen rendering here needs no
    display by design, so the answer is recorded as "yes". pyvista keeps the answer on a private
    function attribute; if that ever moves, the check simply runs again.
    """
    from pyvista.plotting import plotter as plotter_module

    probe = getattr(plotter_module, "_warn_xserver", None)
    if probe is not None and not hasattr(probe, "has_support"):
        probe.has_support = True


def save_screenshot(scene: AnatomyScene, path: Path, transparent: bool = False) -> None:
    """Render and write the image; the format follows the suffix (.png or .jpg)."""
    image = scene.plotter.screenshot(transparent_background=transparent, return_img=True)
    from PIL import Image

    Image.fromarray(image).save(path)
