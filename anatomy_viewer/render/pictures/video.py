"""Videos: a lesson's steps or one turn around a scene, each frame drawn through the same path as the
still exports (``render_image``: the attribution, the caption, text scaled to the size) and written
as MP4 or GIF.

    lesson steps / a scene state --core.scene.video_timeline--> shots
      --ShotPainter: one plotter; between shots only what moves changes (camera, the tool's pivot);
                     a new step's state is applied whole, with its overlays--> RGB arrays
      --video_file.VideoFile (temporary file, renamed at the end)--> out.mp4 / out.gif

``progress(done, total)`` is called after each picture drawn; raising from it (Cancel) stops the
export and leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.lessons import Step
from ...core.scene.scene_state import SceneState
from ...core.scene.video_timeline import (
    FRAME_RATE,
    PoseOf,
    Shot,
    VideoStep,
    lesson_shots,
    turntable_shots,
    video_steps,
)
from ...core.scene.views import CameraPose, camera_for_view
from ..anatomy.scene import AnatomyScene
from ..apply_state import apply_scene_state
from ..theme import DESK, Theme
from .export import ExportOptions, render_image
from .video_file import VideoFile, VideoSummary, check_video_size, video_format

Progress = Callable[[int, int], None]  # (pictures drawn, pictures in all)


def pose_for_size(scene: AnatomyScene, size: tuple[int, int]) -> PoseOf:
    """Named views fitted to the video's aspect, as ``AnatomyScene.view`` fits them to a window."""

    def pose_of(camera: str | CameraPose) -> CameraPose:
        if isinstance(camera, CameraPose):
            return camera
        return camera_for_view(camera, scene.focus_bounds, aspect=size[0] / size[1])

    return pose_of


class ShotPainter:
    """Draws shots on one scene. ``overlays``: labels, zones... (``apply(state)``); ``tool_layer``:
    the hook, drawn here at each shot's pivot with the shot's arc. ``reference_height``: see
    ``render_image`` (None: an off-screen scene's, or the on-screen view's)."""

    def __init__(
        self,
        scene: AnatomyScene,
        size: tuple[int, int],
        overlays: Sequence = (),
        reference_height: int | None = None,
    ) -> None:
        from ..overlays.tool_layer import ToolLayer

        self.scene = scene
        self.size = size
        self.tool_layer = next((o for o in overlays if isinstance(o, ToolLayer)), None)
        self.overlays = [o for o in overlays if o is not self.tool_layer]
        self.reference_height = reference_height
        self._scene_shown: SceneState | None = None  # the last state applied, less its tool
        self._tool_shown: tuple | None = None

    def paint(self, shot: Shot) -> np.ndarray:
        if shot.state is not None:
            self._show(shot.state, shot.arc_deg)
        self.scene.set_camera(shot.camera, render=False)
        options = ExportOptions(self.size, caption=shot.caption)
        return render_image(self.scene, options, self.reference_height, settle_view=False)

    def _show(self, state: SceneState, arc_deg: tuple[float, float] | None) -> None:
        still = replace(state, tool=None)
        changed = still != self._scene_shown
        if changed:  # a new step: everything but the tool, in one batch
            apply_scene_state(self.scene, state, render=False)
            for overlay in self.overlays:
                overlay.apply(state)
            self._scene_shown = still
        tool = (state.tool, arc_deg)
        if self.tool_layer is not None and (changed or tool != self._tool_shown):
            # After the zones: the tool draws its own wall only where theirs is hidden; on the
            # state's wall thickness, as its ``apply`` would.
            self.tool_layer.use_wall(state.wall_mm)
            self.tool_layer.show(self.tool_layer.placement_for(state.tool), arc_deg)
            self._tool_shown = tool
            for overlay in self.overlays:  # a press-line cut turns with the tool
                if getattr(overlay, "follows_tool", False) and not changed:
                    overlay.apply(state)

    def pictures(
        self, shots: Sequence[Shot], progress: Progress | None = None
    ) -> Iterator[tuple[np.ndarray, int]]:
        """(picture, frames) for each shot, in order."""
        for done, shot in enumerate(shots, start=1):
            picture = self.paint(shot)
            if progress is not None:
                progress(done, len(shots))
            yield picture, shot.frames


def write_video(
    path: Path,
    size: tuple[int, int],
    pictures: Iterator[tuple[np.ndarray, int]],
    fps: int = FRAME_RATE,
) -> VideoSummary:
    with VideoFile(path, size, fps) as video:
        for picture, frames in pictures:
            video.add(picture, frames)
    return video.summary()


def check_video_request(path: Path, size: tuple[int, int]) -> None:
    """Fail on a bad name or size before loading and rendering, which take a while."""
    check_video_size(size, video_format(path))


# --- off screen: the command line, and lesson videos from the window ----------------------------
def lesson_video(
    path: Path,
    steps: Sequence[Step],
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    size: tuple[int, int],
    titles: bool = True,
    caption: str = "",
    turntable: bool = False,
    checker=None,
    progress: Progress | None = None,
    theme: Theme = DESK,
    edit: Callable[[SceneState], SceneState] | None = None,
    wall_mm: float | None = None,
) -> VideoSummary:
    """A video of lesson ``steps`` (all of a lesson, or one), or with ``turntable`` one turn around
    the first of them. ``caption``: one caption for every frame instead of the step titles.
    ``checker``: the placement checker already measured (else measured here if a step needs it).
    ``edit``: a change to each step's scene (the command line's ``--view`` and ``--tool``).
    ``wall_mm``: the body wall thickness of the steps that name none (the window's Body wall
    control, ``--wall-mm``), as the handout's ``lesson_images``; None: the default."""
    check_video_request(path, size)
    if checker is None and any(step.tool is not None or step.zones for step in steps):
        from ...core.placement.checker import PlacementChecker

        checker = PlacementChecker.for_teaching_scene(catalogue, meshes)
    landmarks = checker.landmarks if checker is not None else None

    def scene_state(step: Step) -> SceneState:
        state = with_wall(step.scene_state(catalogue, landmarks), wall_mm)
        return edit(state) if edit is not None else state

    planned = video_steps(steps, scene_state, titles=titles and not caption)
    if caption:
        planned = [VideoStep(step.state, caption) for step in planned]
    return states_video(path, planned, catalogue, meshes, size, turntable, checker, progress, theme)


def with_wall(state: SceneState, wall_mm: float | None) -> SceneState:
    """``state`` on a wall ``wall_mm`` thick, unless it names its own thickness."""
    return (
        state if wall_mm is None or state.wall_mm is not None else replace(state, wall_mm=wall_mm)
    )


def states_video(
    path: Path,
    steps: Sequence[VideoStep],
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    size: tuple[int, int],
    turntable: bool = False,
    checker=None,
    progress: Progress | None = None,
    theme: Theme = DESK,
) -> VideoSummary:
    """Scene states as a video, on one off-screen plotter of the video's size."""
    from .offscreen import offscreen_scene
    from .offscreen_overlays import offscreen_overlays

    check_video_request(path, size)
    scene = offscreen_scene(catalogue, dict(meshes), size, theme=theme)
    try:
        pose_of = pose_for_size(scene, size)
        if turntable:
            first = steps[0]
            shots = turntable_shots(first.state, pose_of(first.state.camera), first.caption)
        else:
            shots = lesson_shots(steps, pose_of)
        states = [step.state for step in steps]
        overlays = offscreen_overlays(scene, meshes, states, checker=checker)
        painter = ShotPainter(scene, size, overlays)
        return write_video(path, size, painter.pictures(shots, progress))
    finally:
        scene.plotter.close()


# --- the window's own view: a turntable of what it shows now ------------------------------------
def view_turntable(
    path: Path,
    scene: AnatomyScene,
    size: tuple[int, int],
    caption: str = "",
    progress: Progress | None = None,
) -> VideoSummary:
    """One turn around ``scene`` exactly as it is shown (every layer other modules added), from its
    camera now; the camera is put back afterwards, whatever happens."""
    check_video_request(path, size)
    start = scene.camera_pose()
    try:
        painter = ShotPainter(scene, size)
        shots = turntable_shots(None, start, caption)
        return write_video(path, size, painter.pictures(shots, progress))
    finally:
        scene.set_camera(start, render=False)
        scene.request_render()  # the view at its own size again, once
