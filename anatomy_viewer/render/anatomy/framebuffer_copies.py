"""Copies between framebuffers inside GL (glBlitFramebuffer through VTK's GL state), for the frames
that reuse or stretch pixels instead of drawing them again:

    moving_resolution.py  a reduced frame's corner, copied aside and stretched over the window
    still_backdrop.py     the anatomy's picture (colour and depth), copied aside once and back
                          rectangle by rectangle where the hip hook was or is

    ScratchFramebuffer.of_size(window, w, h) -> a framebuffer object of that size, made or resized
    with blits(window) as state: ... blit(state, source, target, from_rect, to_rect, ...)

Both run in the middle of VTK's frame, so both leave VTK's framebuffer bindings and scissor test as
they found them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from vtkmodules.vtkCommonCore import VTK_UNSIGNED_CHAR
from vtkmodules.vtkRenderingOpenGL2 import vtkOpenGLFramebufferObject

READ_FRAMEBUFFER = 0x8CA8
DRAW_FRAMEBUFFER = 0x8CA9
COLOR_BUFFER_BIT = 0x4000
DEPTH_BUFFER_BIT = 0x0100
NEAREST = 0x2600  # the only filter a depth copy allows
LINEAR = 0x2601
_SCISSOR_TEST = 0x0C11

GlRect = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, x1 and y1 exclusive (as GL's)


class ScratchFramebuffer:
    """A framebuffer object of the app's own: unsigned-byte colour as the window's, and with
    ``depth`` a 32-bit depth (and a stencil when the window has one), the formats a copy of depth
    between two framebuffers needs."""

    def __init__(self, depth: bool) -> None:
        self.depth = depth
        self.framebuffer: vtkOpenGLFramebufferObject | None = None
        self.size: tuple[int, int] | None = None

    def of_size(self, window, width: int, height: int) -> vtkOpenGLFramebufferObject:
        if self.framebuffer is None:
            self.framebuffer = vtkOpenGLFramebufferObject()
            self.framebuffer.SetContext(window)
        if self.size != (width, height):
            state = window.GetState()
            state.PushFramebufferBindings()  # making it binds it: the frame must go on drawing
            try:  # into the window's framebuffer
                if self.size is None:
                    stencil = self.depth and bool(window.GetStencilCapable())
                    self.framebuffer.PopulateFramebuffer(
                        width, height, True, 1, VTK_UNSIGNED_CHAR, self.depth,
                        32 if self.depth else 0, 0, stencil,
                    )  # fmt: skip
                else:
                    self.framebuffer.Resize(width, height)
            finally:
                state.PopFramebufferBindings()
            self.size = (width, height)
        return self.framebuffer

    def release(self, window) -> None:
        """Free its GL memory in ``window``'s context (never another's); None: already gone."""
        if self.framebuffer is not None and window is not None:
            window.MakeCurrent()
            self.framebuffer.ReleaseGraphicsResources(window)
        self.framebuffer = None
        self.size = None


@contextmanager
def blits(window) -> Iterator:
    """VTK's GL state for ``blit`` calls, with the scissor test off (it clips a blit); bindings and
    scissor put back afterwards."""
    state = window.GetState()
    scissor = state.GetEnumState(_SCISSOR_TEST)
    state.PushFramebufferBindings()
    try:
        state.SetEnumState(_SCISSOR_TEST, False)
        yield state
    finally:
        state.PopFramebufferBindings()
        state.SetEnumState(_SCISSOR_TEST, scissor)


def blit(state, source, target, from_rect: GlRect, to_rect: GlRect, mask: int, filtering: int):
    """Copy ``from_rect`` of ``source`` to ``to_rect`` of ``target`` (stretched if the sizes
    differ); ``mask``: COLOR_BUFFER_BIT and/or DEPTH_BUFFER_BIT."""
    source.Bind(READ_FRAMEBUFFER)
    target.Bind(DRAW_FRAMEBUFFER)
    state.vtkglBlitFramebuffer(*from_rect, *to_rect, mask, filtering)
