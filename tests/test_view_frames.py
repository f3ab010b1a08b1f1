"""How the 3D view's frames reach the screen in the window: one render a frame, shown on a native
surface under Xvfb (X11, software GL); moving frames drawn at reduced resolution while the mouse
turns the view, the frame at its release whole and the same as before it moved. Needs Xvfb."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


class _Counter:
    def __init__(self, render_window) -> None:
        self.renders = 0
        render_window.AddObserver("EndEvent", self._count)

    def _count(self, *_) -> None:
        self.renders += 1


class _Paints(QObject):
    """Paint events the view widget gets (each one makes Qt compose the whole window)."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _shown(qtbot, window) -> None:
    if not window.first_frame.done:
        qtbot.waitSignal(window.first_frame.shown, timeout=30000).wait()
    qtbot.wait(50)


def _drag(view, points, button=Qt.MouseButton.LeftButton) -> None:
    def send(kind, at, pressed, held) -> None:
        point = QPointF(*at)
        event = QMouseEvent(kind, point, view.mapToGlobal(point), pressed, held,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(view, event)

    send(QEvent.Type.MouseButtonPress, points[0], button, button)
    for at in points[1:]:
        send(QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton, button)
        QApplication.processEvents()
    send(QEvent.Type.MouseButtonRelease, points[-1], button, Qt.MouseButton.NoButton)


def _pixels(window) -> np.ndarray:
    from anatomy_viewer.render.pictures.export import _read_pixels

    render_window = window.view.render_window
    render_window.Render()
    return _read_pixels(render_window, rgba=False).astype(int)


def _buffer(render_window, front: bool) -> np.ndarray:
    """VTK's display framebuffer (``front``) or its render framebuffer, as they are, RGB."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    grab = vtkWindowToImageFilter()
    grab.SetInput(render_window)
    grab.SetInputBufferTypeToRGB()
    grab.SetReadFrontBuffer(front)
    grab.ShouldRerenderOff()
    grab.Update()
    image = grab.GetOutput()
    width, height, _ = image.GetDimensions()
    pixels = vtk_to_numpy(image.GetPointData().GetScalars()).reshape(height, width, 3)
    return pixels[::-1].astype(int)


def test_frames_are_shown_on_the_native_surface_one_render_each(main_window, qtbot):
    _shown(qtbot, main_window)
    surface = main_window.frames.surface
    assert surface is not None  # Xvfb: X11 with Mesa's software rasteriser
    assert surface.container.geometry() == main_window.view.interactor.rect()
    renders, paints = _Counter(main_window.view.render_window), _Paints(main_window.view)
    shown = surface.frames_shown
    for _ in range(3):  # asked for three times in one event-loop turn: one frame
        main_window.view.interactor.update()
    qtbot.waitUntil(lambda: renders.renders == 1, timeout=10000)
    qtbot.wait(50)
    assert renders.renders == 1 and surface.frames_shown == shown + 1
    assert paints.count == 0  # the widget is not repainted (and the window not composed) for it
    main_window.scene.view("right")  # a render asked of the plotter: shown too
    assert surface.frames_shown == shown + 2 and renders.renders == 2


def test_the_surface_lets_the_mouse_through_to_the_view(main_window, qtbot):
    _shown(qtbot, main_window)
    surface = main_window.frames.surface
    assert surface.container.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert surface.window.flags() & Qt.WindowType.WindowTransparentForInput
    view = main_window.view.interactor
    assert view.childAt(view.rect().center()) is None  # events under the pointer go to the view


def test_orbit_frames_are_reduced_and_the_release_frame_is_whole(main_window, qtbot):
    _shown(qtbot, main_window)
    scene, view = main_window.scene, main_window.view.interactor
    scene.lod.prepare(wait=True)
    resolution = scene.lod.resolution
    width, height = main_window.view.render_window.GetSize()
    resolution.budget = width * height // 8  # the test window's view is small: reduce it anyway
    before = _pixels(main_window)
    pose = scene.camera_pose()
    reduced = resolution.frames_reduced
    y = view.height() / 2
    _drag(view, [(view.width() * 0.3 + 8 * k, y) for k in range(6)])
    assert resolution.frames_reduced >= reduced + 5  # each move a reduced frame
    assert not resolution.active and not scene.lod.interacting  # the release: at rest again
    drawn = resolution.last_size[0] * resolution.last_size[1]
    assert drawn == pytest.approx(width * height / 8, rel=0.05)
    scene.set_camera(pose)
    after = _pixels(main_window)
    assert np.abs(after - before).max() <= 2  # the rest frame, as if the view had never moved


def test_closing_twice_and_without_a_surface_is_safe(qtbot, catalogue, core_meshes, settings_file):
    from PySide6.QtCore import QSettings

    from anatomy_viewer.qt.window.main_window import MainWindow
    from anatomy_viewer.qt.window.native_view_surface import ViewFrames

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, core_meshes, settings=settings)
    qtbot.addWidget(window)
    window.frames.close()
    window.frames = ViewFrames(window.view, native=False)  # the widget paints, one render each
    window.resize(800, 600)
    window.show()
    _shown(qtbot, window)
    assert window.frames.surface is None
    renders = _Counter(window.view.render_window)
    window.view.render()  # a render outside a paint schedules the paint that shows it
    qtbot.waitUntil(lambda: window.frames.one_render.paints_without_render > 0, timeout=10000)
    assert renders.renders == 1  # ... and that paint did not render again
    window.close()
    window.close()
    assert window.view._closed


# --- what reaches the screen, and the pictures taken of the view -------------------------------
def _on_screen(view) -> np.ndarray:
    """The view's pixels as the X server shows them (the native surface included), RGB."""
    from PySide6.QtGui import QGuiApplication, QImage

    corner = view.mapToGlobal(view.rect().topLeft())
    ratio = view.devicePixelRatioF()
    picture = QGuiApplication.primaryScreen().grabWindow(
        0, corner.x(), corner.y(), view.width(), view.height()
    )
    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    assert (width, height) == (round(view.width() * ratio), round(view.height() * ratio))
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).astype(int)


def _grabbed(window, view) -> np.ndarray:
    """The view's part of ``QWidget.grab()`` of the main window (how docs/window.png is made)."""
    from PySide6.QtGui import QImage

    corner = view.mapTo(window, view.rect().topLeft())
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    ratio = image.devicePixelRatio()
    x, y = round(corner.x() * ratio), round(corner.y() * ratio)
    width, height = round(view.width() * ratio), round(view.height() * ratio)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
    return pixels[y : y + height, x : x + width].astype(int)


def test_the_screen_shows_each_frame_reduced_while_moving_and_whole_at_rest(main_window, qtbot):
    from PIL import Image

    _shown(qtbot, main_window)
    scene, view = main_window.scene, main_window.view.interactor
    assert main_window.frames.surface is not None
    scene.lod.prepare(wait=True)
    width, height = main_window.view.render_window.GetSize()
    scene.lod.resolution.budget = width * height // 8
    rest = _pixels(main_window)
    qtbot.wait(50)
    assert np.abs(_on_screen(view) - rest).mean() < 0.5  # the surface shows the rest frame as drawn
    scene.lod.set_interacting(True)
    surface = main_window.frames.surface
    unswapped = surface.frames_unswapped
    render_window = main_window.view.render_window
    render_window.Render()
    # A moving frame is shown from VTK's render framebuffer: the frame in its lower-left corner.
    # It is never copied to the display framebuffer, which still holds the rest frame.
    drawn = _buffer(render_window, front=False)
    assert surface.frames_unswapped == unswapped + 1 and render_window.GetSwapBuffers()
    assert np.abs(_buffer(render_window, front=True) - rest).max() <= 2
    qtbot.wait(50)
    resolution = scene.lod.resolution
    assert resolution.frames_reduced == 1 and resolution.frame_corner == resolution.last_size
    corner_w, corner_h = resolution.last_size
    assert corner_w * corner_h == pytest.approx(width * height / 8, rel=0.05)
    # The surface stretches the corner over the whole view as it shows it (linear filtering).
    corner = Image.fromarray(drawn[height - corner_h :, :corner_w].astype(np.uint8))
    stretched = np.asarray(corner.resize((width, height), Image.Resampling.BILINEAR)).astype(int)
    shown = _on_screen(view)
    assert np.abs(shown - stretched).mean() < 0.5
    assert np.corrcoef(shown.ravel(), rest.ravel())[0, 1] > 0.9  # the same picture, softer
    assert np.abs(shown - rest).mean() > 1.0  # ... and not the rest frame itself
    scene.lod.set_interacting(False)
    again = _pixels(main_window)
    qtbot.wait(50)
    assert np.abs(again - rest).max() <= 2
    assert np.abs(_on_screen(view) - rest).mean() < 0.5
    # Without the speed path (no surface: pyvistaqt's own paint, composed by Qt), the same picture.
    main_window.frames.close()
    assert not resolution.stretched_when_shown  # VTK stretches its reduced frames itself again
    renders = _Counter(main_window.view.render_window)
    view.update()
    qtbot.waitUntil(lambda: renders.renders >= 1, timeout=10000)
    qtbot.wait(100)
    assert np.abs(_on_screen(view) - rest).mean() < 0.5


def test_grab_and_export_image_still_picture_the_view_with_the_native_surface(
    main_window, qtbot, tmp_path
):
    from PIL import Image

    from anatomy_viewer.render.pictures.export import ExportOptions, export_image

    _shown(qtbot, main_window)
    scene, view = main_window.scene, main_window.view.interactor
    surface = main_window.frames.surface
    assert surface is not None
    rest = _pixels(main_window)
    grabbed = _grabbed(main_window, view)  # what make_readme_images.py saves as docs/window.png
    assert grabbed.shape == rest.shape
    assert np.abs(grabbed - rest).mean() < 1.0
    size = tuple(main_window.view.render_window.GetSize())
    shown = surface.frames_shown
    path = tmp_path / "view.png"
    image = export_image(scene, path, ExportOptions(size=(size[0] * 2, size[1] * 2)))
    with Image.open(path) as saved:
        assert saved.size == (size[0] * 2, size[1] * 2)
        assert np.array_equal(np.asarray(saved.convert("RGB")), image)
    assert image.std() > 20  # the anatomy, not a blank or black read-back
    half = np.asarray(Image.fromarray(image).resize(size, Image.Resampling.BOX)).astype(int)
    assert np.corrcoef(half.ravel(), rest.ravel())[0, 1] > 0.95  # the view's picture, larger
    # The 4K-sized frame never reaches the surface; the view's own frame comes back after it.
    assert tuple(main_window.view.render_window.GetSize()) == size
    assert surface.frames_shown == shown + 1
    qtbot.wait(50)
    assert np.abs(_on_screen(view) - rest).mean() < 1.0


def test_hook_frames_are_shown_unswapped_and_the_screen_shows_each(main_window, qtbot):
    """While only the hip hook moves, each frame reaches the screen from VTK's render framebuffer
    (VTK's copy into its display framebuffer skipped); a pick in the middle of the move draws into
    that framebuffer but is never shown; the frame at the release is swapped as before."""
    from anatomy_viewer.render.overlays.tool_pick import display_of

    _shown(qtbot, main_window)
    scene, view = main_window.scene, main_window.view.interactor
    render_window = main_window.view.render_window
    surface = main_window.frames.surface
    tool = main_window.tool
    tool.session.place_default("right")
    tool.session.set_visible(True)
    tool.panel.practice.setChecked(True)
    main_window.show_view("anterior")
    main_window.view.render()
    qtbot.wait(50)
    before_move = _buffer(render_window, front=True)
    unswapped, shown = surface.frames_unswapped, surface.frames_shown
    asis = tool.session.checker.landmarks["asis_right"]

    def at(x_mm: float, z_mm: float) -> tuple[float, float]:
        x, y = display_of(scene.plotter.renderer, tool.session.checker.wall.wall_point(x_mm, z_mm))
        ratio = view.devicePixelRatioF()
        return x / ratio, view.height() - y / ratio

    spot = (asis[0] + 25.0, asis[2] + 15.0)
    left = Qt.MouseButton.LeftButton

    def send(kind, point, pressed, held) -> None:
        where = QPointF(*point)
        event = QMouseEvent(kind, where, view.mapToGlobal(where), pressed, held,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(view, event)

    send(QEvent.Type.MouseButtonPress, at(*spot), left, left)
    for step in range(1, 4):
        reused = scene.backdrop.frames_reused
        send(
            QEvent.Type.MouseMove, at(spot[0] + 3.0 * step, spot[1]), Qt.MouseButton.NoButton, left
        )
        qtbot.waitUntil(lambda r=reused: scene.backdrop.frames_reused > r, timeout=5000)
    qtbot.wait(50)
    assert scene.backdrop.active and surface.frames_unswapped >= unswapped + 3
    assert render_window.GetSwapBuffers()  # on again after each frame
    drawn = _buffer(render_window, front=False)  # the last hook frame, as VTK finished it
    assert np.abs(_on_screen(view) - drawn).mean() < 0.5  # ... is what the screen shows
    assert np.abs(drawn - before_move).mean() > 0.01  # the hook moved
    # The display framebuffer still holds the frame before the move: no copy was made.
    assert np.abs(_buffer(render_window, front=True) - before_move).max() == 0
    # A pick draws its own frames into the render framebuffer; none of them reaches the screen.
    frames = surface.frames_shown
    scene.plotter.renderer.PickProp(view.width() * 0.5, view.height() * 0.5)
    qtbot.wait(50)
    assert surface.frames_shown == frames
    assert np.abs(_on_screen(view) - drawn).mean() < 0.5
    send(QEvent.Type.MouseButtonRelease, at(spot[0] + 9.0, spot[1]), left, Qt.MouseButton.NoButton)
    qtbot.waitUntil(lambda: not scene.backdrop.active, timeout=5000)
    qtbot.wait(100)
    assert surface.frames_shown > shown
    rest = _buffer(render_window, front=True)  # the release frame is swapped
    assert np.abs(_on_screen(view) - rest).mean() < 0.5
    assert np.abs(rest - drawn).mean() > 0.01  # whole again: the reached muscle's tint and all
