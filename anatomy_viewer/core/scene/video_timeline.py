"""What an exported video shows, frame by frame, as plain values: a lesson's steps (the glide to each
step's view, the pivot of a pivoting step, a hold long enough to read) or one turn around a scene.

    lesson steps --video_steps--> [VideoStep(state, caption)] --lesson_shots(pose_of)--> [Shot]
    a scene state + its camera pose ----------------------------turntable_shots-------> [Shot]

A ``Shot`` is one picture shown for ``frames`` frames: a hold is drawn once and written many times.
``pose_of`` turns a step's camera (a named view or a pose) into a pose fitted to the video's aspect;
the render layer supplies it, since it knows the anatomy's bounds. The pacing is the window's: the
glide is ``camera_motion``'s, the pivot turns at the window's ``SWEEP_DEG_PER_S``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..tool.session import SWEEP_DEG_PER_S
from .camera_motion import GLIDE_MS, ease_in_out_cubic, interpolate, orbit
from .scene_state import SceneState, ToolPlacement, settled
from .views import CameraPose

# PAL's rate. A GIF stores each frame's delay in whole hundredths of a second and 1/25 s is exactly
# 4 of them, so a GIF keeps the MP4's timing (at 30 fps, 3.33 cs frames would drift or judder).
FRAME_RATE = 25
# How long a step rests on screen once it has arrived: a short title and the picture take a few
# seconds to read, each label about half a second more, and the tool's four-line readout two more.
STEP_HOLD_S = 3.0
LABEL_HOLD_S = 0.5
READOUT_HOLD_S = 2.0
# A pivoting step first rests at its start angle, so the eye finds the tool before it turns.
PIVOT_LEAD_S = 1.0
# One whole turn: 36 degrees a second, slow enough to follow a label round the back of the pelvis.
TURNTABLE_S = 10.0
FULL_TURN_DEG = 360.0

PoseOf = Callable[[str | CameraPose], CameraPose]


@dataclass(frozen=True)
class Shot:
    """One picture of the video: ``state`` as drawn (None: the scene as it already is, as in a
    turntable of the window's view), seen from ``camera``, with the pivot's arrow over ``arc_deg``
    (from, to) when the tool turns, shown for ``frames`` frames."""

    state: SceneState | None
    camera: CameraPose
    caption: str = ""
    arc_deg: tuple[float, float] | None = None
    frames: int = 1


@dataclass(frozen=True)
class VideoStep:
    state: SceneState  # the step's complete scene; an animated pivot keeps its ``pivot_to_deg``
    caption: str = ""


def frames_for(seconds: float, fps: int = FRAME_RATE) -> int:
    return max(1, round(seconds * fps))


def seconds_of(shots: Sequence[Shot], fps: int = FRAME_RATE) -> float:
    return frame_count(shots) / fps


def frame_count(shots: Sequence[Shot]) -> int:
    return sum(shot.frames for shot in shots)


def hold_s(state: SceneState) -> float:
    """How long a step rests once it has arrived (and once its pivot has turned)."""
    seconds = STEP_HOLD_S + LABEL_HOLD_S * len(state.labels)
    return seconds + (READOUT_HOLD_S if state.tool is not None else 0.0)


def step_caption(number: int, title: str) -> str:
    return f"{number}. {title}"


def video_steps(
    steps: Sequence, scene_state: Callable[[object], SceneState], titles: bool = True
) -> list[VideoStep]:
    """Lesson steps (``number``, ``title``) as video steps; ``scene_state(step)`` builds each scene
    (with the measured landmarks the caller has). With ``titles``, each step's title is its caption."""
    return [
        VideoStep(scene_state(step), step_caption(step.number, step.title) if titles else "")
        for step in steps
    ]


def pivot_angles(start_deg: float, end_deg: float, fps: int = FRAME_RATE) -> list[float]:
    """The tool's angle in each frame of a one-way turn at the window's pace, ending exactly at
    ``end_deg`` (the start angle itself is not repeated)."""
    span = abs(end_deg - start_deg)
    count = max(1, math.ceil(span / SWEEP_DEG_PER_S * fps))
    direction = 1.0 if end_deg >= start_deg else -1.0
    return [
        start_deg + direction * min(span, SWEEP_DEG_PER_S * k / fps) for k in range(1, count + 1)
    ]


def _at_pivot(state: SceneState, tool: ToolPlacement, pivot_deg: float) -> SceneState:
    return replace(state, tool=ToolPlacement(tool.side, tool.at, float(pivot_deg)))


def lesson_shots(steps: Sequence[VideoStep], pose_of: PoseOf, fps: int = FRAME_RATE) -> list[Shot]:
    """Each step in turn: the camera glides from the last step's view (the new step's structures,
    zones and labels show at once, as in the window), a pivoting step rests, then turns, and every
    step holds long enough to read."""
    shots: list[Shot] = []
    previous: CameraPose | None = None
    for step in steps:
        state, caption = step.state, step.caption
        pose = pose_of(state.camera)
        tool = state.tool
        turning = tool is not None and tool.pivot_to_deg is not None
        arc = (tool.pivot_deg, tool.pivot_to_deg) if turning else None
        start = _at_pivot(state, tool, tool.pivot_deg) if tool is not None else state
        arrived = 0  # frames of the glide that show the camera at rest (all, if it stays put)
        if previous is not None:
            glide = frames_for(GLIDE_MS / 1000.0, fps)
            arrived = glide if previous == pose else 1
            for k in range(1, glide - arrived + 1):  # its last frame: the first at rest, below
                camera = interpolate(previous, pose, ease_in_out_cubic(k / glide))
                shots.append(Shot(start, camera, caption, arc))
        end = start
        if turning:
            lead = frames_for(PIVOT_LEAD_S, fps) + arrived
            shots.append(Shot(start, pose, caption, arc, lead))
            *turn, last = pivot_angles(tool.pivot_deg, tool.pivot_to_deg, fps)
            shots += [Shot(_at_pivot(state, tool, angle), pose, caption, arc) for angle in turn]
            end, arrived = _at_pivot(state, tool, last), 1  # the turn's last frame starts the hold
        shots.append(Shot(end, pose, caption, arc, frames_for(hold_s(state), fps) + arrived))
        previous = pose
    return shots


def turntable_shots(
    state: SceneState | None,
    start: CameraPose,
    caption: str = "",
    fps: int = FRAME_RATE,
    seconds: float | None = None,
) -> list[Shot]:
    """One whole turn around the scene from ``start``; the last frame stops one step short of the
    first, so a looping GIF turns without a stutter. A pivoting step is shown where its pivot ends,
    with its arrow (as its still pictures are); ``state`` None: the scene as it is. ``seconds``:
    how long the turn takes (default ``TURNTABLE_S``)."""
    arc = None
    if state is not None and state.tool is not None and state.tool.pivot_to_deg is not None:
        arc = (state.tool.pivot_deg, state.tool.pivot_to_deg)
        state = settled(state)
    count = frames_for(TURNTABLE_S if seconds is None else seconds, fps)
    return [
        Shot(state, orbit(start, FULL_TURN_DEG * k / count), caption, arc) for k in range(count)
    ]
