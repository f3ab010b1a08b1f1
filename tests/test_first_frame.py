"""The first frame: no frame of the anatomy before the window is on screen, then one when it is, and
the background work only after it. Needs Xvfb (pytest-xvfb)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QWindow

from anatomy_viewer.qt.window import first_frame as first_frame_module
from anatomy_viewer.qt.window.first_frame import FirstShownFrame

pytestmark = pytest.mark.gui


def test_the_anatomy_is_first_drawn_when_the_window_is_on_screen(
    qtbot, catalogue, core_meshes, settings_file
):
    from anatomy_viewer.qt.window.main_window import MainWindow

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, core_meshes, settings=settings)
    qtbot.addWidget(window)
    drawn: list[bool] = []  # for each render of the view: was the window on screen?

    def render_started(*_) -> None:
        if window.view.renderer.GetDraw():
            handle = window.windowHandle()
            drawn.append(handle is not None and handle.isExposed())

    window.view.render_window.AddObserver("StartEvent", render_started)
    assert not window.view.renderer.GetDraw()  # built, not shown: nothing to draw for
    with qtbot.waitSignal(window.first_frame.shown, timeout=30000):
        window.show()
    assert drawn and all(drawn)  # no frame of the anatomy went unseen
    assert window.scene.lod._started  # the decimated copies were asked for only now
    window.close()


class _Renderer:
    def __init__(self) -> None:
        self.draw = True

    def SetDraw(self, draw: bool) -> None:
        self.draw = draw


class _RenderWindow:
    def __init__(self) -> None:
        self.observers = {}

    def AddObserver(self, event, callback):
        self.observers[len(self.observers)] = callback
        return len(self.observers) - 1

    def RemoveObserver(self, tag) -> None:
        self.observers.pop(tag)

    def frame(self) -> None:
        for callback in list(self.observers.values()):
            callback(self, "EndEvent")


def test_without_an_expose_event_it_draws_anyway(qtbot, monkeypatch):
    monkeypatch.setattr(first_frame_module, "FALLBACK_MS", 50)
    renderer, render_window, paints = _Renderer(), _RenderWindow(), []
    gate = FirstShownFrame(renderer, render_window, lambda: paints.append(1), None)
    assert not renderer.draw
    never_shown = QWindow()  # never exposed
    gate.begin(never_shown)
    assert not renderer.draw
    qtbot.waitUntil(lambda: renderer.draw, timeout=2000)
    assert paints == [1]
    with qtbot.waitSignal(gate.shown, timeout=2000):
        render_window.frame()
    assert gate.done and not render_window.observers
