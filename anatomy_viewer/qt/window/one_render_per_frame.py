"""One VTK render per frame shown in the 3D view, not two.

pyvistaqt's view is a ``QOpenGLWidget``: VTK renders into its own framebuffers, and each paint of
the widget copies the finished picture into Qt's. But its ``paintGL`` always renders the scene
again first (pyvistaqt does so because plain PyVista code may change the scene without asking for
a frame). So every frame the app asks for was drawn twice: once when asked (the interactor style
on a mouse move, the window's render timer, ``plotter.render()``), and once more by the paint that
this render schedules to show it. In software GL that is the whole cost of a frame, twice.

The app asks for a frame whenever it changes the scene. So a paint that follows a finished render,
with nothing drawn or resized since, only has to show that picture:

    a render finishes outside a paint -> the picture is fresh
    a paint while it is fresh         -> the interactor's renders are switched off for it: paintGL's
                                         render request is skipped (VTK still reports it: its
                                         RenderEvent) and switched on again; the finished
                                         picture is copied to the screen
    the view resized                  -> not fresh: the next paint renders at the new size

Every render that is asked for still runs; only the paint's second one goes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class OneRenderPerFrame(QObject):
    def __init__(self, view) -> None:
        """``view``: the window's ``QtInteractor`` (a QOpenGLWidget housing the render window)."""
        super().__init__(view)
        self.view = view
        self.render_window = view.render_window
        self.interactor = self.render_window.GetInteractor()
        self.fresh = False  # the last frame rendered has not been shown yet
        self.paints_without_render = 0  # paints that only showed a finished frame (tests)
        self._tags = [
            (self.render_window, self.render_window.AddObserver("EndEvent", self._rendered)),
            (self.interactor, self.interactor.AddObserver("RenderEvent", self._asked)),
            (self.interactor, self.interactor.AddObserver("ConfigureEvent", self._resized)),
        ]
        view.installEventFilter(self)

    def _in_paint(self) -> bool:
        # pyvistaqt's flag for the render its paintGL makes (were it ever renamed, every paint
        # renders again, as before: slower, never wrong).
        return bool(getattr(self.view, "_in_paint", False))

    def _rendered(self, *_) -> None:
        # Only a frame VTK has put in its display framebuffer (swapped) is there to be shown.
        self.fresh = not self._in_paint() and bool(self.render_window.GetSwapBuffers())

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.fresh:
            self.interactor.SetEnableRender(False)  # for this paint's render request only
        return False

    def _asked(self, *_) -> None:
        if not self.interactor.GetEnableRender():  # the request was skipped: the paint's
            self.interactor.SetEnableRender(True)
            self.fresh = False
            self.paints_without_render += 1

    def _resized(self, *_) -> None:
        self.fresh = False

    def close(self) -> None:
        """Remove the VTK observers (they would keep this object and the view alive); once."""
        if not self._tags:
            return
        self.view.removeEventFilter(self)
        for subject, tag in self._tags:
            subject.RemoveObserver(tag)
        self._tags = []
        self.interactor.SetEnableRender(True)
