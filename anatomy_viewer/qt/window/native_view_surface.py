"""The 3D view's frames shown on a native window of their own, not composed by Qt with the window.

pyvistaqt's view is a ``QOpenGLWidget``. Each frame it shows, Qt composes through OpenGL with the
whole main window: the panels' picture as a texture over the full window, the view's texture on
top, then the swap. In software GL (Mesa llvmpipe, no GPU) that costs 20-27 ms of CPU a frame at
1728x972, more than drawing the moving anatomy itself, and it comes with every orbit frame, every
step of the hip hook's drag and every frame of a lesson's glide. A native child window laid over
the view, whose GL context shares the view's, shows the finished frame with one textured quad and
a swap of the view's own size: 5-8 ms.

    VTK renders the view, for any reason -> render window EndEvent -> the colour texture of VTK's
        display framebuffer drawn on the surface (QOpenGLTextureBlitter), swapped
    a frame asked of the view widget (``view.update()``: pyvistaqt after each render and for its
        interactor's render requests, the tool's frames, the first frame) -> one render soon,
        several requests sharing it; the widget itself is not repainted for them (a repaint is what
        makes Qt compose the window); Qt's own repaints (resize, expose) still render it
    a frame drawn at reduced resolution while the view moves (render/anatomy/moving_resolution.py)
        -> VTK leaves it in the lower-left corner of its framebuffer; the surface's one textured
        draw stretches that corner over the view (linear filtering), instead of two more copies
        of the whole view in VTK's framebuffer
    a moving frame (``moving()``: an orbit, a glide, a drag of the hip hook), nobody reads back
        -> VTK's swap is off for it, so VTK does not copy its render framebuffer (colour and depth)
        into its display framebuffer (7-8 ms at 1238x900 in software GL, a fifth of a hook frame);
        the surface shows the render framebuffer's texture. A frame at rest, an export, a pick:
        swapped as before, so the display framebuffer holds every picture that is read back
    the surface takes no input (``WindowTransparentForInput``): the mouse and the keys reach the
        view widget under it, so every event filter, shortcut and cursor works as before

Used where it was measured: X11 (xcb) with a software GL renderer, decided at the first frame the
view renders. Elsewhere a GPU composes for next to nothing, and the view paints as pyvistaqt does,
with one render a frame (one_render_per_frame.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QMatrix4x4, QOpenGLContext, QSurface, QWindow
from PySide6.QtOpenGL import QOpenGLTextureBlitter
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from .one_render_per_frame import OneRenderPerFrame

# GL_RENDERER strings of Mesa's software rasterisers (and Microsoft's, for completeness).
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer", "gdi generic")
NATIVE_PLATFORMS = ("xcb",)
_GL_TEXTURE_2D = 0x0DE1
_GL_TEXTURE_MAG_FILTER = 0x2800
_GL_TEXTURE_MIN_FILTER = 0x2801
_GL_NEAREST = 0x2600
_GL_LINEAR = 0x2601


def is_software_renderer(renderer: str) -> bool:
    name = renderer.lower()
    return any(word in name for word in SOFTWARE_RENDERERS)


class ViewFrames(QObject):
    """How the view's frames reach the screen: decided at its first rendered frame."""

    def __init__(self, view, native: bool | None = None) -> None:
        """``native``: None decides by platform and renderer; True or False forces it (tests).
        Call before the view is first shown."""
        super().__init__(view)
        self.view = view
        self.native_wanted = native
        if native is not False and QGuiApplication.platformName() in NATIVE_PLATFORMS:
            # A native window of its own: the panels' repaints (the hip hook's readout on every
            # step of a drag) are then flushed as plain pictures, not composed through OpenGL with
            # the view's texture. Before the view is shown, so its GL context is made for it.
            view.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.one_render = OneRenderPerFrame(view)  # until (or unless) the surface takes over
        self.surface: NativeViewSurface | None = None
        # The scene's MovingResolution, once there is a scene: its reduced frames are stretched by
        # the surface (set by the main window before the first frame).
        self.moving_resolution = None
        # Whether the frame starting is a moving one (set by the main window): shown unswapped.
        self.moving: Callable[[], bool] | None = None
        render_window = view.render_window
        self._tag = render_window.AddObserver("EndEvent", self._first_frame)
        self._render_window = render_window

    def _first_frame(self, *_) -> None:
        self._render_window.RemoveObserver(self._tag)
        self._tag = None
        if self._wants_native():
            self.one_render.close()
            self.surface = NativeViewSurface(self.view, self.moving_resolution, self.moving)
            self.surface.show_last_frame()

    def _wants_native(self) -> bool:
        if self.native_wanted is not None:
            return self.native_wanted
        if not self.view.testAttribute(Qt.WidgetAttribute.WA_NativeWindow):
            return False
        state = self._render_window.GetState()
        return is_software_renderer(state.GetRenderer() if state is not None else "")

    def close(self) -> None:
        """Idempotent: a window's closeEvent may come more than once."""
        if self._tag is not None:
            self._render_window.RemoveObserver(self._tag)
            self._tag = None
        self.one_render.close()
        if self.surface is not None:
            self.surface.close()
            self.surface = None


class NativeViewSurface(QObject):
    def __init__(self, view, moving_resolution=None, moving: Callable[[], bool] | None = None):
        super().__init__(view)
        self.view = view
        self.moving_resolution = moving_resolution
        self.moving = moving
        if moving_resolution is not None:
            moving_resolution.stretched_when_shown = True
        self.render_window = view.render_window
        self.frames_shown = 0  # frames drawn on the surface (tests, the benchmark)
        self.frames_unswapped = 0  # of them, moving frames shown from VTK's render framebuffer
        self.requests_rendered = 0  # renders made for requests to the view widget
        self._unswapped = False  # the frame in progress is drawn with VTK's swap off (by us)
        # Where VTK's last finished frame is: its render framebuffer (a moving frame, unswapped)
        # or its display framebuffer.
        self._last_in_render_framebuffer = False
        self._pending = False
        self._closed = False
        self._context: QOpenGLContext | None = None
        self._blitter: QOpenGLTextureBlitter | None = None
        self._render_soon = QTimer(self, singleShot=True, interval=0)
        self._render_soon.timeout.connect(self._render_if_pending)

        self.window = QWindow()
        self.window.setSurfaceType(QSurface.SurfaceType.OpenGLSurface)
        surface_format = view.format()
        surface_format.setSwapInterval(0)  # never wait for a display's refresh to show a frame
        self.window.setFormat(surface_format)
        self.window.setFlag(Qt.WindowType.WindowTransparentForInput, True)
        self.window.installEventFilter(self)
        self.container = QWidget.createWindowContainer(self.window, view)
        self.container.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.container.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.container.setGeometry(view.rect())
        self.container.show()
        view.installEventFilter(self)
        self._tags = [
            # Last of the frame's start observers: the scene's have decided what the frame is.
            self.render_window.AddObserver("StartEvent", self._frame_starting, -20.0),
            self.render_window.AddObserver("EndEvent", self._rendered),
        ]
        # The widget's own repaint after each render (pyvistaqt's WindowFrameEvent) and every
        # request for a frame come here (an instance attribute: Qt's own repaints still paint).
        view.update = self.request_frame

    # --- frames ---------------------------------------------------------------------------------
    def request_frame(self, *_args) -> None:
        """A frame soon; several requests in one event-loop turn share one render."""
        self._pending = True
        # Not restarted when already started: a request at every mouse move (each handled in
        # more than the mouse's 8-10 ms on a slow machine) would otherwise put the frame off for
        # as long as the moves keep coming.
        if not self._render_soon.isActive():
            self._render_soon.start()

    def _render_if_pending(self) -> None:
        if self._pending and not getattr(self.view, "_closed", False):
            self.requests_rendered += 1
            self.view.render()  # -> EndEvent -> shown

    def _frame_starting(self, *_) -> None:
        rw = self.render_window
        self._unswapped = False
        # Swap already off: someone reads this frame back from the render framebuffer (a hardware
        # pick). Another size than the view's: an export. Neither is a frame for the screen.
        if self.moving is None or not rw.GetSwapBuffers() or not self._view_sized():
            return
        if self.moving():
            rw.SetSwapBuffers(False)
            self._unswapped = True

    def _rendered(self, *_) -> None:
        self._pending = False
        rw = self.render_window
        if self._unswapped:
            self._unswapped = False
            rw.SetSwapBuffers(True)
            self._last_in_render_framebuffer = True
            self.frames_unswapped += 1
        elif rw.GetSwapBuffers():
            self._last_in_render_framebuffer = False
        else:  # someone else's frame (a pick's): it is not shown, and what we showed stays
            return
        self.show_last_frame()

    def _view_sized(self) -> bool:
        ratio = self.window.devicePixelRatio()
        wanted = (round(self.view.width() * ratio), round(self.view.height() * ratio))
        return tuple(self.render_window.GetSize()) == wanted

    def show_last_frame(self) -> None:
        """Draw VTK's last finished frame on the surface (nothing while it is off screen, or while
        the render window is another size than the view: an export at 4K)."""
        rw = self.render_window
        if rw is None or not self.window.isExposed() or not rw.GetSwapBuffers():
            return
        if not self._view_sized():
            return
        width, height = rw.GetSize()
        if self._last_in_render_framebuffer:
            framebuffer = rw.GetRenderFramebuffer()
        else:
            framebuffer = rw.GetDisplayFramebuffer()
        texture = framebuffer.GetColorAttachmentAsTextureObject(0) if framebuffer else None
        if texture is None or not texture.GetHandle():
            return
        rw.MakeCurrent()
        rw.WaitForCompletion()  # the frame is finished in VTK's context before another reads it
        previous = QOpenGLContext.currentContext()
        previous_surface = previous.surface() if previous is not None else None
        context = self._ensure_context()
        if context is None or not context.makeCurrent(self.window):
            return
        corner = self._drawn_corner()
        try:
            functions = context.functions()
            functions.glViewport(0, 0, width, height)
            self._blitter.bind()
            if corner is None:
                self._blitter.blit(
                    texture.GetHandle(), QMatrix4x4(), QOpenGLTextureBlitter.Origin.OriginBottomLeft
                )
            else:  # a reduced frame: its corner stretched over the whole view
                functions.glBindTexture(_GL_TEXTURE_2D, texture.GetHandle())
                for name in (_GL_TEXTURE_MAG_FILTER, _GL_TEXTURE_MIN_FILTER):
                    functions.glTexParameteri(_GL_TEXTURE_2D, name, _GL_LINEAR)
                source = QOpenGLTextureBlitter.sourceTransform(
                    QRectF(0, 0, *corner),
                    QSize(width, height),
                    QOpenGLTextureBlitter.Origin.OriginBottomLeft,
                )
                self._blitter.blit(texture.GetHandle(), QMatrix4x4(), source)
                functions.glBindTexture(_GL_TEXTURE_2D, texture.GetHandle())
                for name in (_GL_TEXTURE_MAG_FILTER, _GL_TEXTURE_MIN_FILTER):  # VTK's, as found
                    functions.glTexParameteri(_GL_TEXTURE_2D, name, _GL_NEAREST)
            self._blitter.release()
            context.swapBuffers(self.window)
            self.frames_shown += 1
        finally:
            if previous is not None and previous_surface is not None:
                previous.makeCurrent(previous_surface)

    def _drawn_corner(self) -> tuple[int, int] | None:
        resolution = self.moving_resolution
        return None if resolution is None else resolution.frame_corner

    def _ensure_context(self) -> QOpenGLContext | None:
        share = self.view.context()
        if self._context is not None and QOpenGLContext.areSharing(self._context, share):
            return self._context
        self._drop_context()
        if share is None:
            return None
        context = QOpenGLContext(self)
        context.setFormat(self.window.format())
        context.setShareContext(share)  # VTK's textures are then this context's too
        if not context.create() or not context.makeCurrent(self.window):
            return None
        blitter = QOpenGLTextureBlitter()
        if not blitter.create():
            return None
        self._context, self._blitter = context, blitter
        # A view moved to another window gets a new context: this one goes with the old.
        share.aboutToBeDestroyed.connect(self._drop_context)
        return context

    def _drop_context(self) -> None:
        if self._context is None:
            return
        # At the application's exit Qt may delete the window before the shared context goes.
        if (
            self._blitter is not None
            and isValid(self.window)
            and self._context.makeCurrent(self.window)
        ):
            self._blitter.destroy()
            self._context.doneCurrent()
        self._blitter = None
        self._context.deleteLater()
        self._context = None

    # --- following the view ---------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.view and kind == QEvent.Type.Resize:
            self.container.setGeometry(self.view.rect())
        elif watched is self.window and kind == QEvent.Type.Expose and self.window.isExposed():
            if self._last_in_render_framebuffer:
                # A moving frame's picture may be gone (a pick draws into that framebuffer).
                self.request_frame()
            else:
                self.show_last_frame()
        return False

    def close(self) -> None:
        """Back to the widget's own paints; the surface and its context go (once)."""
        if self._closed:
            return
        self._closed = True
        self._render_soon.stop()
        if self.moving_resolution is not None:  # VTK stretches its reduced frames again
            self.moving_resolution.stretched_when_shown = False
            self.moving_resolution.frame_corner = None
        if self.render_window is not None:
            for tag in self._tags:
                self.render_window.RemoveObserver(tag)
        self._tags = []
        if self._unswapped and self.render_window is not None:  # closed in the middle of a frame
            self.render_window.SetSwapBuffers(True)
        self._unswapped = False
        if "update" in vars(self.view):
            del self.view.update
        if isValid(self.view):
            self.view.removeEventFilter(self)
        if isValid(self.window):  # the container owns it, and Qt may have deleted both already
            self.window.removeEventFilter(self)
            self._drop_context()
        if isValid(self.container):
            self.container.hide()
            self.container.deleteLater()
