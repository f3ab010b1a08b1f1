"""The camera glides to a lesson step's view instead of jumping, so students keep their bearings.

The poses along the way come from core/scene/camera_motion.py, which the exported videos share; Qt's
``InOutCubic`` curve paces them here, the same curve as ``camera_motion.ease_in_out_cubic``.
Anyone else moving the camera during a glide (a view key, the mouse) ends it where it is: the glide
never takes the camera back from the user.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation

from ...core.scene.camera_motion import GLIDE_MS, interpolate
from ...core.scene.views import CameraPose
from ...render.anatomy.scene import AnatomyScene


class CameraGlide(QObject):
    def __init__(self, scene: AnatomyScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self._start: CameraPose | None = None
        self._end: CameraPose | None = None
        self._last: CameraPose | None = None  # the pose the glide set last
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._on_value)
        self.animation.finished.connect(self._on_finished)

    def glide_to(self, pose: CameraPose, duration_ms: int = GLIDE_MS) -> None:
        self.animation.stop()
        self._start, self._end = self.scene.camera_pose(), pose
        self._last = self._start
        if duration_ms <= 0:
            self._interacting(False)  # a jump: its one frame is a frame at rest
            self.scene.set_camera(pose)
            return
        self.animation.setDuration(duration_ms)
        self._interacting(True)  # glide frames use the light meshes, like an orbit with the mouse
        self.animation.start()

    def begin(self) -> None:
        """A glide is about to start: frames drawn from now on (a step's changes, before its glide
        turns the camera) are moving frames, light and quick, until the glide rests."""
        self._interacting(True)

    def finish(self) -> None:
        """Jump to the end now (tests, or a new step before the glide ended)."""
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
            self._on_finished()

    def _taken_over(self) -> bool:
        """Someone else has moved the camera since the glide's last frame."""
        if self._last is None:
            return False
        now = self.scene.camera_pose()
        return not all(
            np.allclose(a, b, rtol=0, atol=1e-6)
            for a, b in zip(
                (now.position, now.focal_point, now.up),
                (self._last.position, self._last.focal_point, self._last.up),
                strict=True,
            )
        )

    def _on_value(self, value: float) -> None:
        if self._start is None or self._end is None or self._closed():
            return
        if self._taken_over():
            self._end = None  # ends here: no jump to the step's view
            self.animation.stop()
            self._interacting(False)
            return
        self._last = interpolate(self._start, self._end, float(value))
        self.scene.set_camera(self._last)

    def _closed(self) -> bool:
        return getattr(self.scene.plotter, "render_window", None) is None

    def _on_finished(self) -> None:
        if self._closed():  # the window closed mid-glide: nothing left to draw on
            return
        self._interacting(False)
        if self._end is not None and not self._taken_over():
            self.scene.set_camera(self._end)  # the resting frame: full detail
        self._last = None

    def _interacting(self, moving: bool) -> None:
        lod = getattr(self.scene, "lod", None)
        if lod is not None and lod.enabled:
            lod.set_interacting(moving)
