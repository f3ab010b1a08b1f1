"""Where a mouse position on the 3D view is in VTK's terms: display pixels from the bottom left.

Qt gives positions in logical pixels from the top left; VTK picks and projects in device pixels from
the bottom left. Every mouse handler on the view (selection, the tip drag, the section drag, measure,
the zones' tooltips) converts through this one function, so a HiDPI screen cannot shift one of them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QWidget


def display_xy(widget: QWidget, position: QPointF) -> tuple[float, float]:
    """``position`` on ``widget`` (Qt logical pixels) as VTK display pixels of its render window."""
    ratio = widget.devicePixelRatioF()
    return position.x() * ratio, (widget.height() - position.y()) * ratio
