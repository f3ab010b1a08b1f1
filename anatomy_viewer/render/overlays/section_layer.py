"""A ``SceneState``'s section, for pictures made off screen (``screenshot --section``, handouts).

    SceneState.section --core.scene.section.cut_plane--> CutPlane --> the scene's SectionView, with
                       the cut faces filled and the caption that says which cut it is

A press-line section cuts along the press line of the state's tool (where a still picture shows it:
an animated pivot at its end), cast by the placement checker the tool layer uses. The window applies
its own sections through its Section control (qt/section), which keeps them while the tool moves.
"""

from __future__ import annotations

import numpy as np

from ...core.errors import UserError
from ...core.placement.checker import PlacementChecker
from ...core.scene.scene_state import SceneState
from ...core.scene.section import CutPlane, Section, cut_plane, facing_camera, press_line_frame
from ...core.scene.views import CameraPose
from ..anatomy.scene import AnatomyScene


def section_plane(
    section: Section, scene: AnatomyScene, placement=None, lateral_sign: float | None = None
) -> tuple[CutPlane, str]:
    """The plane and the caption of ``section``; ``placement``: the checker's Placement of the tool
    (needed for a press-line section)."""
    low, high = scene.focus_bounds
    centre = (np.asarray(low) + np.asarray(high)) / 2
    if section.plane != "press-line":
        return cut_plane(section, centre=centre), section.caption()
    if placement is None:
        raise UserError("a press-line section needs a tool placement (--tool SIDE:X:Z:PIVOT)")
    press = placement.press_line
    plane = cut_plane(section, press.tip, press.direction, lateral_sign)
    return plane, section.caption(placement.side, placement.pivot_deg)


# A camera facing a flat cut frames its cut faces with this much around them.
CUT_FRAME_MARGIN_MM = 20.0


def frame_of(section: Section, scene: AnatomyScene, placement=None):
    """What a camera facing the cut frames: the press line and its surroundings; or the cut faces
    shown, within the pelvis and iliopsoas (the views' focus) along each axis where they reach it
    (a sagittal cut runs down the whole femur); the pelvis when nothing is cut."""
    if section.plane == "press-line" and placement is not None:
        return press_line_frame(placement.press_line.tip, placement.press_line.end)
    cut = scene.section.cut_bounds()
    if cut is None:
        return scene.focus_bounds
    low, high = cut[0] - CUT_FRAME_MARGIN_MM, cut[1] + CUT_FRAME_MARGIN_MM
    focus_low, focus_high = (np.asarray(b, float) for b in scene.focus_bounds)
    overlap = (low <= focus_high) & (focus_low <= high)
    return (
        np.where(overlap, np.maximum(low, focus_low), low),
        np.where(overlap, np.minimum(high, focus_high), high),
    )


class SectionLayer:
    follows_tool = True  # a video's frames re-apply it as the tool turns (render/pictures/video.py)

    def __init__(self, scene: AnatomyScene, checker: PlacementChecker | None = None) -> None:
        self.scene = scene
        self.checker = checker
        self.frame = scene.focus_bounds  # what facing_camera() frames, for the section last applied

    def apply(self, state: SceneState) -> None:
        """Overlay protocol (render/scene_apply.py): the state's section, cut faces filled, no render."""
        section = state.section
        if section is None:
            self.scene.section.show(None)
            return
        placement, lateral = None, None
        if section.plane == "press-line" and state.tool is not None and self.checker is not None:
            tool = state.tool.settled()
            checker = self.checker.with_wall(state.wall_mm)  # the tool layer's wall, so its line
            placement = checker.check(tool.side, tool.at[0], tool.at[1], tool.pivot_deg)
            lateral = checker.landmarks.lateral_sign(tool.side)
        plane, caption = section_plane(section, self.scene, placement, lateral)
        self.scene.section.show(plane, caption, capped=True)
        self.frame = frame_of(section, self.scene, placement)
        self.section = section

    def facing_camera(self, aspect: float) -> CameraPose:
        """A camera looking straight at the cut last applied (``screenshot --section`` without --view)."""
        return facing_camera(self.section, self.scene.section.plane, self.frame, aspect)
