"""The 3D view's words at the screen's own density: the label board's medium for the window.

    window shown / moved to another screen --> Medium("window", logical DPI x device pixel ratio)
                                             --> the scene's label board (render/overlays/label_board.py)

Labels, the readout, the legend and the attribution are then as large in points as the desktop's own
text on any screen (core/pictures/text_sizes.py); presenter mode sets its own medium while it runs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from ...core.pictures.text_sizes import Medium


class ScreenTextMedium(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._screen = None
        window.installEventFilter(self)

    def medium(self) -> Medium:
        screen = self.window.screen()
        widget = self.window.view.interactor
        if screen is None:
            return Medium("window")
        return Medium("window", float(screen.logicalDotsPerInch()) * widget.devicePixelRatioF())

    def update(self) -> None:
        board = self.window.scene.board
        if board.medium.kind == "window":  # presenter mode keeps its own until it ends
            board.medium = self.medium()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.update()
            handle = self.window.windowHandle()
            if handle is not None and self._screen is None:
                self._screen = handle
                handle.screenChanged.connect(lambda _screen: self.update())
        return False


def follow_screen_density(window) -> ScreenTextMedium:
    """Keep the window's label sizes at its screen's density (one call from the main window)."""
    return ScreenTextMedium(window)
