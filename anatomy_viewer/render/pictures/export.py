"""Images of the 3D view at any size, without Qt: File > Export image, ``anatomy-viewer screenshot``
and the handouts all come through here.

    AnatomyScene + ExportOptions
      -> one render window of exactly the requested size (never VTK's tiling: no seams)
         text scaled through the window's DPI, line widths and pixel positions by the same factor;
         the label board lays out its words for the export's medium (core/pictures/text_sizes.py)
      -> RGB or RGBA array -> PNG / JPEG bytes -> core.safe_write (temporary file, then rename)

The view's own render window renders once at the requested size into VTK's off-screen framebuffers
(a Qt view's window always renders into them; Qt only blits the result to the screen, and nothing
is blitted during the export) and is then set back. So the export shows exactly what is on screen:
the same camera, renderers, actors and every layer other modules added. (Lending the renderers to a
second window was tried first: with Qt's or Mesa EGL's contexts they lose their geometry.)
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import (
    vtkRenderer,
    vtkRenderWindow,
    vtkTextActor,
    vtkWindowToImageFilter,
)

from ...core.errors import UserError
from ...core.pictures.text_sizes import EXPORTING, Medium
from ...core.safe_write import write_bytes
from ..anatomy.scene import AnatomyScene
from ..overlays.label_board import FixedText
from ..pixel_scale import scaled_pixels, window_renderers

MAX_SIZE = (7680, 4320)  # 8K UHD: the largest size offered (and what the CLI's parse_size accepts)
MIN_SIZE = (16, 16)
# Text sizes of an off-screen scene are chosen for a view this tall; larger exports scale them up.
REFERENCE_HEIGHT_PX = 1080
CAPTION_BOX_OPACITY = 0.6  # the caption's size is the medium's (core/pictures/text_sizes.py)
# Multisampling costs samples x pixels of GPU memory; past this many pixels the edges are fine enough
# without it (4 samples at 8K would need ~1 GB in software GL).
MSAA_MAX_PIXELS = 3840 * 2160
MSAA_SAMPLES = 4
JPEG_QUALITY = 92
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


@dataclass(frozen=True)
class ExportOptions:
    size: tuple[int, int]  # width, height in pixels
    transparent: bool = False
    caption: str = ""
    medium: Medium = EXPORTING  # how large its words are: an export's, or a handout's (on paper)

    def __post_init__(self) -> None:
        width, height = self.size
        if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
            raise UserError(
                f"image size {width}x{height} is outside {MIN_SIZE[0]}x{MIN_SIZE[1]} .. "
                f"{MAX_SIZE[0]}x{MAX_SIZE[1]}"
            )


def image_format(path: Path, transparent: bool = False) -> str:
    """ "PNG" or "JPEG" from the file name; a clear message for anything else."""
    name = FORMATS.get(Path(path).suffix.lower())
    if name is None:
        raise UserError(f"{path}: the file name must end in .png or .jpg")
    if transparent and name == "JPEG":
        raise UserError(
            f"{path}: JPEG has no transparency; save as .png for a transparent background"
        )
    return name


def render_image(
    scene: AnatomyScene,
    options: ExportOptions,
    reference_height: int | None = None,
    settle_view: bool = True,
) -> np.ndarray:
    """The scene as an (H, W, 3) RGB array, or (H, W, 4) RGBA when ``options.transparent``.

    ``reference_height``: the height in pixels the scene's text sizes were chosen for (the on-screen
    view's height); text, line widths and pixel offsets scale by ``options.size[1] / reference_height``.
    Default: the on-screen view's height, or ``REFERENCE_HEIGHT_PX`` for an off-screen scene.
    ``settle_view``: redraw an on-screen view at its own size afterwards; a video's frames skip it
    and redraw once at the end.
    """
    scene.backdrop.end()  # an export is drawn whole, never from a reused picture
    window = scene.plotter.render_window
    off_screen = bool(getattr(scene.plotter, "off_screen", False))
    if reference_height is None:
        reference_height = REFERENCE_HEIGHT_PX if off_screen else int(window.GetSize()[1])
    scale = options.size[1] / max(1, reference_height)
    with ExitStack() as stack:
        stack.enter_context(scene.lod.at_rest())  # never a moving frame's copies or resolution
        stack.enter_context(scene.section.still())  # a section's cut faces filled, no drag handle
        stack.enter_context(_resized(window, options.size))
        renderers = window_renderers(window)
        stack.enter_context(scaled_pixels(window, renderers, scale))
        if options.transparent:
            stack.enter_context(_transparent_background(window, renderers))
        stack.enter_context(_attribution_shown(scene))
        stack.enter_context(scene.board.medium_for(options.medium))
        if options.caption:
            stack.enter_context(_caption(scene, options, window))
        window.MakeCurrent()  # a Qt view's window renders only while its GL context is current
        window.Render()
        image = _read_pixels(window, rgba=options.transparent)
    if settle_view and not off_screen:
        scene.plotter.render()  # back to the view's own size on screen
    return image


PNG_COMPRESS_LEVEL = 1


def encode_image(image: np.ndarray, format_name: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    picture = Image.fromarray(image)
    if format_name == "JPEG":
        picture.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    else:
        # Fast zlib level: a 4K PNG encodes in under a second instead of ~4 s at PIL's default,
        # for a file about 30 % larger (measured by the benchmark).
        picture.save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def save_image(image: np.ndarray, path: Path) -> None:
    """Write PNG or JPEG (from the suffix) through a temporary file; UserError on any failure."""
    format_name = image_format(path, transparent=image.shape[-1] == 4)
    write_bytes(Path(path), encode_image(image, format_name))


def export_image(
    scene: AnatomyScene, path: Path, options: ExportOptions, reference_height: int | None = None
) -> np.ndarray:
    """Render and save; returns the image written."""
    image_format(path, options.transparent)  # a bad name fails before a long render
    image = render_image(scene, options, reference_height)
    save_image(image, path)
    return image


# --- the render window of the export ------------------------------------------------------------
def _multisamples(size: tuple[int, int]) -> int:
    return MSAA_SAMPLES if size[0] * size[1] <= MSAA_MAX_PIXELS else 0


@contextmanager
def _resized(window: vtkRenderWindow, size: tuple[int, int]) -> Iterator[vtkRenderWindow]:
    old_size = tuple(window.GetSize())
    old_samples = window.GetMultiSamples()
    # Never more samples than the view uses: raising them on a Qt view's window reads back black
    # (seen here). The window's view smooths with FXAA, which its exports keep.
    window.SetMultiSamples(min(old_samples, _multisamples(size)))
    window.SetSize(*size)
    alpha = window.GetAlphaBitPlanes()
    window.SetAlphaBitPlanes(True)
    try:
        yield window
    finally:
        window.SetAlphaBitPlanes(alpha)
        window.SetSize(*old_size)
        window.SetMultiSamples(old_samples)


@contextmanager
def _transparent_background(
    window: vtkRenderWindow, renderers: list[vtkRenderer]
) -> Iterator[None]:
    # A gradient is drawn opaque whatever the background alpha: switch it off for the export.
    saved = [(r, r.GetGradientBackground(), r.GetBackgroundAlpha()) for r in renderers]
    for renderer in renderers:
        renderer.SetGradientBackground(False)
        renderer.SetBackgroundAlpha(0.0)
    try:
        yield
    finally:
        for renderer, gradient, alpha in saved:
            renderer.SetGradientBackground(gradient)
            renderer.SetBackgroundAlpha(alpha)


@contextmanager
def _attribution_shown(scene: AnatomyScene) -> Iterator[None]:
    """The BodyParts3D licence asks for the attribution on every image made from its meshes."""
    visible = scene.attribution.GetVisibility()
    scene.attribution.SetVisibility(True)
    try:
        yield
    finally:
        scene.attribution.SetVisibility(visible)


@contextmanager
def _caption(
    scene: AnatomyScene, options: ExportOptions, window: vtkRenderWindow
) -> Iterator[None]:
    """The caption across the top, sized for the medium (so legible at 4K); labels keep clear."""
    actor = vtkTextActor()
    actor.SetInput(options.caption)
    text = actor.GetTextProperty()
    text.SetColor(pv.Color(scene.theme.text).float_rgb)
    if options.transparent:
        # Nothing is known of what the image will be laid on: a dimmed box keeps the caption legible.
        text.SetBackgroundColor(pv.Color(scene.theme.background_bottom).float_rgb)
        text.SetBackgroundOpacity(CAPTION_BOX_OPACITY)
    else:
        text.SetShadow(True)
    actor.SetObjectName("export-caption")
    placed = FixedText(actor, "caption", (0.5, 0.0), ("centre", "top"), order=5)
    placed.bold = True
    renderer = scene.plotter.renderer
    renderer.AddViewProp(actor)
    scene.board.add_fixed(placed)
    try:
        yield
    finally:
        scene.board.remove_fixed(placed)
        renderer.RemoveViewProp(actor)


def _read_pixels(window: vtkRenderWindow, rgba: bool) -> np.ndarray:
    grab = vtkWindowToImageFilter()
    grab.SetInput(window)
    if rgba:
        grab.SetInputBufferTypeToRGBA()
    else:
        grab.SetInputBufferTypeToRGB()
    # The front buffer holds the frame VTK has already resolved (multisampling, gamma): read that.
    grab.ReadFrontBufferOn()
    grab.ShouldRerenderOff()
    grab.Update()
    image = grab.GetOutput()
    width, height, _ = image.GetDimensions()
    pixels = vtk_to_numpy(image.GetPointData().GetScalars())
    return np.ascontiguousarray(pixels.reshape(height, width, -1)[::-1])
