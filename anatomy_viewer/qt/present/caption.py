"""What the audience sees besides the 3D view while presenting: the step's title and text in large
type (a band docked under the view, so it never covers the anatomy) and the black "blank" screen.

Both are views: they show what they are given and keep no lesson state.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from ...render.theme import PROJECTOR, Theme

# Sizes as shares of the presentation screen's height: at 1080 px the title is 54 px and the text
# 36 px, readable from the back of a lecture room on a washed-out projector.
TITLE_HEIGHT_FRACTION = 0.05
TEXT_HEIGHT_FRACTION = 0.033
COUNTER_HEIGHT_FRACTION = 0.022
MAX_BAND_FRACTION = 0.34  # the anatomy keeps at least two thirds of the screen


def _black(widget: QWidget, theme: Theme = PROJECTOR) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(theme.background_bottom))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.text))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


class CaptionBand(QDockWidget):
    """A title-bar-less dock at the bottom of the main window with the step in large type."""

    def __init__(self, parent: QWidget, theme: Theme = PROJECTOR) -> None:
        super().__init__("Presentation caption", parent)
        self.setObjectName("presenter-caption")
        no_title = QWidget()  # no title bar, no float/close buttons
        _black(no_title, theme)
        self.setTitleBarWidget(no_title)
        self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        _black(self, theme)  # the dock's own margins would show the light window colour
        self.theme = theme
        body = QWidget()
        _black(body, theme)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setAccessibleName("Step title and text")
        layout = QVBoxLayout(body)
        layout.addWidget(self.label)
        self.setWidget(body)

    def show_step(
        self, title: str, text_html: str, number: int, count: int, screen_size: tuple[int, int]
    ) -> None:
        """``screen_size``: the presentation screen's (width, height), which the type scales with."""
        screen_width, screen_height = screen_size
        title_px = round(TITLE_HEIGHT_FRACTION * screen_height)
        text_px = round(TEXT_HEIGHT_FRACTION * screen_height)
        counter_px = round(COUNTER_HEIGHT_FRACTION * screen_height)
        margin = text_px // 2
        self.widget().layout().setContentsMargins(margin * 2, margin, margin * 2, margin)
        colour, accent = self.theme.text, self.theme.highlight
        self.label.setText(
            f'<div style="color:{colour}; font-size:{text_px}px;">'
            f'<table width="100%"><tr><td><span style="font-size:{title_px}px; font-weight:bold; '
            f'color:{accent};">{html.escape(title)}</span></td>'
            f'<td align="right" style="font-size:{counter_px}px;">{number} / {count}</td></tr>'
            f"</table>{text_html}</div>"
        )
        # As tall as the text needs (so the anatomy keeps the rest), within the band's limit.
        body = self.widget()
        inner_width = max(1, screen_width - 4 * margin)
        needed = self.label.heightForWidth(inner_width) + 2 * margin
        body.setFixedHeight(min(needed, round(MAX_BAND_FRACTION * screen_height)))

    def text(self) -> str:
        return self.label.text()


class BlankScreen(QWidget):
    """A black full-screen window: the "B" / "." key of a presentation clicker."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("anatomy-viewer: blank")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#000000"))  # whatever the theme
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
