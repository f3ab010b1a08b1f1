"""The press line's depth diagram in the Hip hook panel: a bar from the tip on the skin down to where
the line stops, one band per layer it passes with its depths, the nearest vessel with its clearance,
and the body wall thickness it assumes. A view of ``ToolSession`` (its placement), drawn with
QPainter; the words and the layout are core/tool/path_words.py's, as in the 3D view and exports.

    ToolSession --changed--> checker.path(placement) --> PressPath --paintEvent--> bands, labels
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.placement.press_path import PressPath
from ...core.tool.path_words import (
    diagram_rows,
    text_lines,
    title,
    vessel_lines,
    vessel_too_close,
)
from ...core.tool.session import ToolSession
from ...render.overlays.depth_overlay import (
    FAR_VESSEL_COLOUR,
    SPACE_COLOUR,
    VESSEL_WARNING,
    WALL_COLOUR,
)
from ...render.overlays.tool_layer import VERDICT_COLOURS

HEIGHT_PX = 230
MARGIN = 6
BAR_X = 64.0  # the bar's left edge: room on its left for the nearest vessel and its clearance
BAR_WIDTH = 12.0
LABEL_X = BAR_X + BAR_WIDTH + 10.0
STUB_PX = 8.0  # the target's colour shown past the stop
MARK_PX = 6.0


class DepthDiagram(QWidget):
    """``colour_of(structure id)``: the structure's colour (the catalogue's)."""

    def __init__(
        self, session: ToolSession, colour_of: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.colour_of = colour_of
        self.path: PressPath | None = None
        self.verdict = "safe"
        self.setAccessibleName("Depth diagram")
        self.setMinimumHeight(HEIGHT_PX)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        session.changed.connect(lambda _aspects: self.refresh())
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(320, HEIGHT_PX)

    # --- model -> widget ------------------------------------------------------------------------
    def refresh(self) -> None:
        placement = self.session.placement if self.session.visible else None
        if placement is None:
            self.path = None
            self.setVisible(False)
            return
        self.path = self.session.checker.path(placement)
        self.verdict = placement.verdict
        words = "\n".join([title(self.path), *text_lines(self.path)])
        self.setToolTip(words)
        self.setAccessibleDescription(words)
        self.setVisible(True)
        self.update()

    # --- drawing --------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        path = self.path
        if path is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        font = QFont(self.font())
        metrics = QFontMetricsF(font)
        line = metrics.height()
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        wall_words = title(path).split(" · ", 1)
        painter.drawText(QPointF(MARGIN, MARGIN + line * 0.8), wall_words[0])
        painter.setFont(font)
        painter.drawText(QPointF(MARGIN, MARGIN + line * 1.8), wall_words[-1])
        top = MARGIN + line * 2.6
        bottom = self.height() - MARGIN - 2.2 * line - STUB_PX
        span = max(bottom - top, 1.0)
        rows = diagram_rows(path, line / span)
        for place in rows:
            row = place.row
            y_label = top + place.label_at * span
            if row.to_mm is not None:
                band = QRectF(
                    BAR_X, top + place.top * span, BAR_WIDTH, (place.bottom - place.top) * span
                )
                painter.fillRect(band, self._band_brush(row.kind, row.structure))
                y_band = band.center().y()
            else:
                y_band = bottom
            painter.setPen(QPen(text, 1))
            painter.drawLine(QPointF(BAR_X + BAR_WIDTH + 1, y_band), QPointF(LABEL_X - 2, y_label))
            painter.drawText(
                QRectF(LABEL_X, y_label - line / 2, self.width() - LABEL_X - MARGIN, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(f"{row.depths}  {row.label}", Qt.TextElideMode.ElideRight,
                                   self.width() - LABEL_X - MARGIN),
            )  # fmt: skip
        end = path.end
        stub = QColor(self.colour_of(end.structure) if end.structure else SPACE_COLOUR)
        painter.fillRect(QRectF(BAR_X, bottom, BAR_WIDTH, STUB_PX), stub)
        self._diamond(painter, QPointF(BAR_X + BAR_WIDTH / 2, bottom), MARK_PX,
                      QColor(VERDICT_COLOURS[self.verdict]))  # fmt: skip
        self._draw_vessel(painter, path, top, span, metrics, text)
        painter.end()

    def _band_brush(self, kind: str, structure: str | None) -> QBrush:
        if kind == "wall":
            return QBrush(QColor(WALL_COLOUR))
        if kind == "space" or structure is None:
            # Hatched: nothing of the meshes is there (no abdominal muscles, no organs).
            return QBrush(QColor(SPACE_COLOUR), Qt.BrushStyle.BDiagPattern)
        return QBrush(QColor(self.colour_of(structure)))

    @staticmethod
    def _diamond(painter: QPainter, centre: QPointF, half: float, colour: QColor) -> None:
        x, y = centre.x(), centre.y()
        shape = QPolygonF([QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half),
                           QPointF(x - half, y)])  # fmt: skip
        painter.setPen(QPen(QColor("#222222"), 1))
        painter.setBrush(colour)
        painter.drawPolygon(shape)

    def _draw_vessel(self, painter, path: PressPath, top, span, metrics, text: QColor) -> None:
        vessel = path.nearest_vessel
        warn = vessel_too_close(path)
        colour = QColor(VESSEL_WARNING if warn else FAR_VESSEL_COLOUR)
        if vessel is not None:
            along = min(1.0, vessel.depth_mm / max(path.end.depth_mm, 1e-6))
            y = top + along * span
            painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(MARGIN + 8, y), QPointF(BAR_X - 2, y))
            self._diamond(painter, QPointF(MARGIN + 6, y), 5.0, colour)
            painter.setPen(colour if warn else text)
            painter.drawText(
                QRectF(MARGIN + 12, y - metrics.height(), BAR_X - MARGIN - 14, metrics.height()),
                Qt.AlignmentFlag.AlignCenter, f"{vessel.clearance_mm:.0f} mm",
            )  # fmt: skip
        painter.setPen(colour if warn else text)
        line = metrics.height()
        base = self.height() - MARGIN - line * 1.2
        for i, part in enumerate(vessel_lines(path)):
            elided = metrics.elidedText(
                part, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN
            )
            painter.drawText(QPointF(MARGIN, base + i * line), elided)
