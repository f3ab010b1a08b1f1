"""Fewer pixels while the view moves: frames drawn at reduced resolution and stretched to the view.

Software GL (Mesa llvmpipe) pays per pixel: at 1238x902 the rasteriser threads spend four fifths
of a frame shading fragments, decimated meshes or not. So while the view moves (an orbit, a zoom,
a lesson's camera glide: whenever ``LevelOfDetail`` is interacting), each frame is drawn into the
lower-left corner of the window's framebuffer at ``scale`` of its size, then stretched over the
whole window before VTK shows it:

    window StartEvent (LevelOfDetail) -> before_frame(): every renderer's viewport, the DPI, line
        widths, point sizes and pixel positions scaled by ``scale`` (pixel_scale.py)
    the renderers draw, layer by layer, into the corner
    the stretch renderer (top layer, draws nothing) StartEvent -> the corner's colour copied aside
        and stretched back over the window (linear filtering) -> all restored
    VTK shows the frame

Where the view's frames are shown by a surface of the app's own (``stretched_when_shown``: the
window's native surface, qt/window/native_view_surface.py), that surface stretches the corner in the
one textured draw it makes anyway to show a frame, and the two copies above are skipped (in
software GL they cost as much as drawing the moving anatomy): ``frame_corner`` says which corner.

Only the colour is stretched: the depth buffer keeps the corner's depth until the next frame clears
it. Nothing reads it in between (picking renders a frame of its own, at full size, since none is
reduced while a hardware picker draws), and stretching it too cost a fifth of a moving frame.

``scale`` keeps a frame to ``MOVING_PIXEL_BUDGET`` pixels (never below ``MIN_SCALE``): the cost of a
moving frame stays the same whatever the window's size. On a machine too slow for that budget, it
shrinks (``adapt``): when the moving frames of the last ``FRAMES_JUDGED`` take longer than
``MOVING_FRAME_TARGET_MS`` (median), the budget is cut by ``BUDGET_STEP``, down to
``MIN_MOVING_PIXEL_BUDGET``; when they are quick again, it grows back. A budget set by hand is kept.

At rest, in exports and for picking, nothing of this runs: the viewports are never left scaled
outside a moving frame, and the stretch renderer is only in the window while the view moves.
"""

from __future__ import annotations

import math
import time

from vtkmodules.vtkRenderingCore import vtkRenderer

from ..pixel_scale import restore_pixels, scale_pixels, window_renderers
from .framebuffer_copies import COLOR_BUFFER_BIT, LINEAR, NEAREST, ScratchFramebuffer, blit, blits

# Pixels drawn per moving frame. About a 640x480 view: llvmpipe on two cores draws the decimated
# anatomy there in well under the 33 ms of a 30 fps frame, and a moving picture shows no loss at
# this size (the eye follows the motion, not the edges). Smaller views are drawn in full.
MOVING_PIXEL_BUDGET = 300_000
# Below this the picture turns to mush (a 4K view would otherwise fall to a sixth).
MIN_SCALE = 0.25
# A moving frame's render, showing it included, within this: with the mouse's events and the camera's
# turn (3-7 ms measured), one frame every 33 ms, 30 a second.
MOVING_FRAME_TARGET_MS = 26.0
# The budget's floor when it shrinks: about a 450x330 view. Below it a frame costs hardly less
# (measured at 1238x900 in llvmpipe on two slow cores: 300,000 pixels 27 ms for the anatomy,
# 150,000 18 ms, 80,000 16 ms: what is left is per triangle and per actor), while the picture blurs.
MIN_MOVING_PIXEL_BUDGET = 150_000
BUDGET_STEP = 0.7  # each cut (and each growth back, inverted): 300,000 -> 150,000 in 8 frames
FRAMES_JUDGED = 4  # moving frames per judgement (their median): one slow frame changes nothing
GROW_BELOW = 0.6  # of the target: frames this quick let the budget grow back
# The stretch renderer's layer: above every layer the app uses, so it runs after all of them.
STRETCH_LAYER = 7


def moving_scale(width: int, height: int, budget: int = MOVING_PIXEL_BUDGET) -> float:
    """The share of each side drawn while moving: 1.0 for views within the budget."""
    pixels = width * height
    if pixels <= budget or pixels <= 0:
        return 1.0
    return max(MIN_SCALE, math.sqrt(budget / pixels))


class MovingResolution:
    """Reduced-resolution frames while ``active`` (set by ``LevelOfDetail.set_interacting``)."""

    def __init__(self, plotter, budget: int = MOVING_PIXEL_BUDGET) -> None:
        self.plotter = plotter
        self.ceiling = budget
        self._budget = budget
        self.adapts = True  # False once a budget is set by hand (tests, comparisons)
        self._frame_ms: list[float] = []  # the moving frames' render times since the last judgement
        self._started: float | None = None
        self._end_tag: int | None = None
        self.enabled = True  # False: moving frames at full resolution (the benchmark's comparisons)
        self.active = False
        self.frames_reduced = 0  # frames drawn reduced and stretched (for tests, the benchmark)
        self.last_size: tuple[int, int] | None = None  # the corner drawn in the last reduced frame
        # Whoever shows the frames stretches the corner itself (the window's native surface, as it
        # draws the frame on screen anyway): the window's framebuffer then keeps the corner only.
        self.stretched_when_shown = False
        # The part of the window's framebuffer the last frame was drawn in, while it holds only that
        # corner (``stretched_when_shown``); None when the frame fills the window.
        self.frame_corner: tuple[int, int] | None = None
        self._stretch: vtkRenderer | None = None
        self._tag: int | None = None
        self._frame: tuple | None = None  # what the frame in progress changed, to put back
        self._scratch = ScratchFramebuffer(depth=False)  # the corner, while it is stretched

    @property
    def budget(self) -> int:
        """Pixels drawn per moving frame now."""
        return self._budget

    @budget.setter
    def budget(self, pixels: int) -> None:
        self.ceiling = self._budget = int(pixels)
        self.adapts = False

    def adapt(self, frame_ms: float) -> None:
        """One moving frame's render time: every ``FRAMES_JUDGED`` of them, the budget is cut when
        they were slow and grown back (up to ``ceiling``) when they were quick."""
        if not self.adapts:
            return
        self._frame_ms.append(frame_ms)
        if len(self._frame_ms) < FRAMES_JUDGED:
            return
        median = sorted(self._frame_ms)[len(self._frame_ms) // 2]
        self._frame_ms = []
        if median > MOVING_FRAME_TARGET_MS:
            self._budget = max(MIN_MOVING_PIXEL_BUDGET, round(self._budget * BUDGET_STEP))
        elif median < MOVING_FRAME_TARGET_MS * GROW_BELOW:
            self._budget = min(self.ceiling, round(self._budget / BUDGET_STEP))

    def _frame_started(self) -> None:
        self._started = time.perf_counter()

    def _frame_ended(self, _window, _event) -> None:
        started, self._started = self._started, None
        if started is not None:
            self.adapt((time.perf_counter() - started) * 1000.0)

    def set_active(self, active: bool) -> None:
        """Moving (True) or at rest (False); takes effect at the next frame."""
        active = bool(active)
        if active == self.active:
            return
        self.active = active
        window = self.plotter.render_window
        if window is None:
            return
        if active:
            renderer = vtkRenderer()
            renderer.SetLayer(STRETCH_LAYER)
            renderer.SetInteractive(False)
            renderer.SetErase(False)  # it draws nothing: it is only a hook after the last layer
            renderer.SetPreserveDepthBuffer(True)
            renderer.AutomaticLightCreationOff()
            window.SetNumberOfLayers(max(window.GetNumberOfLayers(), STRETCH_LAYER + 1))
            window.AddRenderer(renderer)
            self._tag = renderer.AddObserver("StartEvent", self._after_layers)
            self._stretch = renderer
            # Last of the frame's end observers, so the time includes showing the frame.
            self._end_tag = window.AddObserver("EndEvent", self._frame_ended, -10.0)
        elif self._stretch is not None:
            self._restore()
            self._stretch.RemoveObserver(self._tag)
            window.RemoveRenderer(self._stretch)
            self._stretch = None
            if self._end_tag is not None:
                window.RemoveObserver(self._end_tag)
                self._end_tag = None
            self._started = None

    def scale(self) -> float:
        """The share of each side the next frame is drawn at (1.0: full resolution)."""
        window = self.plotter.render_window
        if window is None or not (self.active and self.enabled and self._stretch is not None):
            return 1.0
        if window.GetMultiSamples() > 0:  # a multisampled framebuffer cannot be stretched
            return 1.0
        return moving_scale(*window.GetSize(), self.budget)

    def reduces(self) -> bool:
        """Moving frames are drawn at reduced resolution now (the view is larger than the budget)."""
        return self.scale() < 1.0

    # --- each frame ---------------------------------------------------------------------------
    def before_frame(self, window) -> None:
        """At the window's StartEvent: scale this frame down if the view is moving."""
        self._restore()  # a frame that never reached the stretch (aborted) leaves nothing behind
        self.frame_corner = None
        scale = self.scale()
        if scale >= 1.0:
            return
        width, height = window.GetSize()
        renderers = [r for r in window_renderers(window) if r is not self._stretch]
        if any(r.GetSelector() is not None for r in renderers):  # a hardware pick: full size
            return
        small = (max(1, round(width * scale)), max(1, round(height * scale)))
        sx, sy = small[0] / width, small[1] / height
        viewports = [(r, r.GetViewport()) for r in renderers]
        for renderer, (x0, y0, x1, y1) in viewports:
            renderer.SetViewport(x0 * sx, y0 * sy, x1 * sx, y1 * sy)
        restore = scale_pixels(window, renderers, sy)
        self._frame = (viewports, restore, (width, height), small)
        self._frame_started()

    def _after_layers(self, _renderer, _event) -> None:
        if self._frame is None:
            return
        _, _, (width, height), small = self._frame
        if self.stretched_when_shown:
            self.frame_corner = small
        else:
            self._stretch_corner(self.plotter.render_window, width, height, *small)
        self._restore()
        self.frames_reduced += 1
        self.last_size = small

    def _stretch_corner(self, window, width: int, height: int, small_w: int, small_h: int) -> None:
        target = window.GetRenderFramebuffer()
        scratch = self._scratch.of_size(window, small_w, small_h)  # colour only: see the docstring
        corner, whole = (0, 0, small_w, small_h), (0, 0, width, height)
        with blits(window) as state:
            # Aside first: a blit whose source and destination overlap in one framebuffer is
            # undefined in OpenGL.
            blit(state, target, scratch, corner, corner, COLOR_BUFFER_BIT, NEAREST)
            blit(state, scratch, target, corner, whole, COLOR_BUFFER_BIT, LINEAR)

    def _restore(self) -> None:
        if self._frame is None:
            return
        viewports, restore, _, _ = self._frame
        self._frame = None
        for renderer, viewport in viewports:
            renderer.SetViewport(*viewport)
        restore_pixels(restore)

    def close(self) -> None:
        self.set_active(False)
        self._scratch.release(self.plotter.render_window)
