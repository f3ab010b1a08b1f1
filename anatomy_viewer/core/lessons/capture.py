"""A lesson step from what the view shows: one ``SceneState`` in, the scene fields of a ``Step`` out.

    SceneState (camera pose, visible, opacity, highlight, labels, zones, tool at X/Z, section)
        --capture_scene--> camera: a named view when the pose is one, else the pose (0.1 mm)
                           show / hide: the shortest lists (systems where a whole system is meant)
                           opacity, highlight: systems where they fit, single structures elsewhere
                           tool: relative to the nearest measured landmark, never raw coordinates
                           section: at the level of the measured landmark nearest on its axis
        --Step(**fields)--> the step; Step.scene_state() gives the captured scene back

Structures the window does not have (``available``) are left out of the comparison: a step may show
or hide them either way. A scene field added to ``SceneState`` under the name of a ``Step`` field is
carried over as it is (``_carried_over``); one that needs converting gets a line in ``capture_scene``.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..anatomy.catalogue import SYSTEMS, Catalogue
from ..errors import UserError
from ..scene.scene_state import SceneState, ToolPlacement
from ..scene.section import AXIS_OF, Section
from ..scene.views import CameraPose
from ..vocabulary import ZONE_LAYERS
from .model import DEFAULT_GROUP, LandmarkOffset, Landmarks, SectionSpec, Step, ToolSpec
from .schema import OFFSET_LIMIT_MM
from .writer import landmark_words, placement_words

# Landmarks a tip is written from: the ones an instructor finds on a body by touch (DOMAIN.md: find
# the ASIS; the pubic tubercle, symphysis and mid-inguinal point frame the hip crease; the iliac
# crest). Femoral head centre and lesser trochanter are deep, and the umbilicus level is an estimate
# (the meshes have no skin): a tip "12 mm above the umbilicus estimate" would teach a false precision.
PLACEMENT_LANDMARKS = (
    "asis",
    "mid_inguinal",
    "pubic_tubercle",
    "iliac_crest",
    "pubic_symphysis",
)
TIP_ROUND_MM = (
    0.1  # a tip is placed by hand in 5 mm steps: a tenth of a millimetre is tidy and exact
)
CAMERA_ROUND_MM = 0.1  # sub-millimetre at a metre's distance: no visible difference
UP_DECIMALS = 4  # the up vector to 1e-4: below a hundredth of a degree
OPACITY_DECIMALS = 2  # the opacity slider moves in hundredths
# A pose is "the named view" when it is where that view puts the camera, to this fraction of the
# viewing distance (and the up vector to this cosine): what pressing the view's key gives.
SAME_POSE_FRACTION = 1e-3
SAME_UP_COSINE = 0.99999
SAME_TIP_MM = 0.05  # half the tip's rounding: a tip this close to a step's own is that tip

# View name -> where it puts the camera, or (name, pose) pairs (a view may have several: fitted to
# the window as it is now, and as it was when the view was chosen).
NamedPoses = Mapping[str, CameraPose] | Iterable[tuple[str, CameraPose]]


@dataclass(frozen=True)
class CapturedScene:
    """``fields``: keyword arguments of ``Step`` for the scene; ``tool_note``: how the tip was
    placed, for the comment in the file (None when there is no tool or it was kept as written)."""

    fields: dict[str, Any]
    tool_note: str | None = None

    def new_step(self, number: int, title: str, text: str) -> Step:
        return Step(number, title, text, **self.fields)

    def applied_to(self, step: Step) -> Step:
        """``step`` with its scene replaced by this one; its text, hold, quiz and notes kept."""
        return dataclasses.replace(step, **self.fields)


def capture_scene(
    state: SceneState,
    catalogue: Catalogue,
    available: Collection[str] | None = None,
    landmarks: Landmarks | None = None,
    named_poses: NamedPoses | None = None,
    keep_tool: ToolSpec | None = None,
    keep_section: SectionSpec | None = None,
) -> CapturedScene:
    """The scene fields of a step that shows ``state``.

    ``available``: the structures the window has (default: the whole catalogue). ``landmarks``: the
    measured landmarks (needed when the state has a tool). ``named_poses``: where each named view
    puts the camera now (the window's size decides the distance). ``keep_tool``: the tool of the
    step being updated; kept as written when the state's tool is where it puts the tip.
    ``keep_section``: likewise, the section of the step being updated.
    """
    available = frozenset(catalogue.ids if available is None else available)
    if state.visible is None:
        visible = frozenset(s.id for s in catalogue if s.group == DEFAULT_GROUP) & available
    else:
        visible = frozenset(state.visible) & available
    show, hide = describe_visible(visible, catalogue, available)
    highlight = frozenset(state.highlight) & visible
    fields: dict[str, Any] = {
        "camera": camera_of(state.camera, named_poses or {}),
        "show": show,
        "hide": hide,
        "opacity": describe_opacity(state.opacity, visible, catalogue),
        "highlight": compact_names(highlight, available - highlight, catalogue),
        "labels": tuple(
            dict.fromkeys(i for i in state.labels if i not in catalogue or i in visible)
        ),
        "zones": tuple(layer for layer in ZONE_LAYERS if layer in state.zones),
    }
    tool, note = None, None
    if state.tool is not None:
        tool, note = _tool(state.tool, landmarks, keep_tool)
    fields["tool"] = tool
    fields["section"] = _section(state.section, landmarks, keep_section)
    fields.update(_carried_over(state))
    return CapturedScene(fields, note)


def _carried_over(state: SceneState) -> dict[str, Any]:
    """Scene fields ``capture_scene`` does not convert, that a ``Step`` holds under the same name
    (new scene settings): taken as they are."""
    handled = {"camera", "visible", "opacity", "highlight", "labels", "zones", "tool", "section"}
    step_fields = Step.__dataclass_fields__
    return {
        f.name: getattr(state, f.name)
        for f in dataclasses.fields(state)
        if f.name not in handled and f.name in step_fields
    }


# --- camera ------------------------------------------------------------------------------------
def same_pose(a: CameraPose, b: CameraPose) -> bool:
    tolerance = SAME_POSE_FRACTION * max(b.distance(), 1.0)
    up_a, up_b = _unit(a.up), _unit(b.up)
    return (
        math.dist(a.position, b.position) <= tolerance
        and math.dist(a.focal_point, b.focal_point) <= tolerance
        and sum(x * y for x, y in zip(up_a, up_b, strict=True)) >= SAME_UP_COSINE
    )


def camera_of(camera: str | CameraPose, named_poses: NamedPoses) -> str | CameraPose:
    """A named view when the pose is one of ``named_poses``, else the pose, rounded tidily."""
    if isinstance(camera, str):
        return camera
    pairs = named_poses.items() if isinstance(named_poses, Mapping) else named_poses
    for name, pose in pairs:
        if same_pose(camera, pose):
            return name
    up = _unit(camera.up)
    return CameraPose(
        tuple(_round(v, CAMERA_ROUND_MM) for v in camera.position),
        tuple(_round(v, CAMERA_ROUND_MM) for v in camera.focal_point),
        tuple(round(v, UP_DECIMALS) + 0.0 for v in up),
    )


def _unit(vector: Iterable[float]) -> tuple[float, ...]:
    values = tuple(float(v) for v in vector)
    length = math.hypot(*values) or 1.0
    return tuple(v / length for v in values)


def _round(value: float, step: float) -> float:
    """To a multiple of ``step``, written without float noise (``12.3``, not ``12.300000000000001``)."""
    decimals = max(0, -math.floor(math.log10(step)))
    return round(round(value / step) * step, decimals) + 0.0  # + 0.0: no "-0"


# --- visibility, opacity, highlight ---------------------------------------------------------------
def compact_names(
    ids: Collection[str], avoid: Collection[str], catalogue: Catalogue
) -> tuple[str, ...]:
    """Names that select every one of ``ids`` and none of ``avoid``: a system where all its members
    outside ``avoid`` are wanted, single ids for the rest. Systems first, then ids, in catalogue
    order."""
    ids, avoid = set(ids), set(avoid)
    systems = []
    covered: set[str] = set()
    for system in SYSTEMS:
        members = set(catalogue.select([system]))
        if members & ids and not members & avoid and len(members & ids) > 1:
            systems.append(system)
            covered |= members
    singles = [i for i in catalogue.ids if i in ids and i not in covered]
    return (*systems, *singles)


def describe_visible(
    visible: frozenset[str], catalogue: Catalogue, available: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shortest ``(show, hide)`` whose visibility rule (model.py) gives ``visible`` on the
    ``available`` structures."""
    core = frozenset(s.id for s in catalogue if s.group == DEFAULT_GROUP)
    candidates: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    if visible == core & available:
        candidates.append(((), ()))
    if visible <= core:
        candidates.append(((), compact_names((core & available) - visible, visible, catalogue)))
    candidates.append((compact_names(visible, available - visible, catalogue), ()))
    # Whole systems, minus a few of their members: show = ["bone"], hide = ["sacrum"].
    broad = [
        s
        for s in SYSTEMS
        if 2 * len(visible & set(catalogue.select([s])))
        > len(available & set(catalogue.select([s])))
        > 1
    ]
    shown = set(catalogue.select(broad))
    singles = tuple(i for i in catalogue.ids if i in visible and i not in shown)
    exceptions = tuple(i for i in catalogue.ids if i in shown & available and i not in visible)
    candidates.append(((*broad, *singles), exceptions))

    def exact(candidate) -> bool:
        show, hide = candidate
        step = Step(0, "", "", show=show, hide=hide)
        return step.visible_ids(catalogue) & available == visible and not set(show) & set(hide)

    valid = [c for c in candidates if exact(c)]
    return min(valid, key=lambda c: len(c[0]) + len(c[1]))  # the first of the shortest


def describe_opacity(
    opacity: Mapping[str, float], visible: frozenset[str], catalogue: Catalogue
) -> tuple[tuple[str, float], ...]:
    """Opacity pairs that give each visible structure its opacity: a system's most common value for
    the whole system (when two or more share it) and single structures that differ from it."""
    value_of = {i: round(float(opacity.get(i, 1.0)), OPACITY_DECIMALS) + 0.0 for i in visible}
    systems: list[tuple[str, float]] = []
    singles: list[tuple[str, float]] = []
    for system in SYSTEMS:
        members = [i for i in catalogue.select([system]) if i in visible]
        if not members:
            continue
        counts = Counter(value_of[i] for i in members)
        common, count = max(counts.items(), key=lambda item: (item[1], item[0] == 1.0))
        if common != 1.0 and count > 1:
            systems.append((system, common))
            singles += [(i, value_of[i]) for i in members if value_of[i] != common]
        else:
            singles += [(i, value_of[i]) for i in members if value_of[i] != 1.0]
    order = {i: n for n, i in enumerate(catalogue.ids)}
    return (*systems, *sorted(singles, key=lambda item: order[item[0]]))


# --- the tool ----------------------------------------------------------------------------------
def _points(landmarks: Landmarks) -> Mapping[str, Any]:
    return getattr(landmarks, "points", landmarks)


def nearest_landmark(side: str, x_mm: float, z_mm: float, landmarks: Landmarks) -> str:
    """The placement landmark on ``side`` (or on the midline) nearest the tip, in the X-Z plane of
    the body wall."""
    points = _points(landmarks)
    other = "_left" if side == "right" else "_right"
    names = [
        n
        for n in points
        if not n.endswith(other) and any(n.startswith(base) for base in PLACEMENT_LANDMARKS)
    ]
    if not names:
        raise UserError("no measured landmark to place the tool from")
    return min(names, key=lambda n: math.hypot(points[n][0] - x_mm, points[n][2] - z_mm))


def offset_from(side: str, x_mm: float, z_mm: float, landmark: str, landmarks: Landmarks):
    point = _points(landmarks)[landmark]
    medial_sign = 1.0 if side == "right" else -1.0  # the right side lies at -X: medial is +X
    return LandmarkOffset(
        landmark,
        _round(medial_sign * (x_mm - float(point[0])), TIP_ROUND_MM),
        _round(z_mm - float(point[2]), TIP_ROUND_MM),
    )


def _section(
    section: Section | None, landmarks: Landmarks | None, keep: SectionSpec | None
) -> SectionSpec | None:
    """A flat cut at the level of the placement landmark nearest on its axis (lessons/README.md:
    never typed numbers), else at its position in mm when no landmark is within reach."""
    if section is None or section.position_mm is None:
        return None if section is None else SectionSpec(section.plane)
    if keep is not None and keep.plane == section.plane:
        try:
            kept = keep.section(landmarks)
        except KeyError:
            kept = None
        if kept is not None and abs(kept.position_mm - section.position_mm) <= SAME_TIP_MM:
            return keep  # the step's own section, as written
    position = _round(section.position_mm, TIP_ROUND_MM)
    if landmarks is None:
        return SectionSpec(section.plane, position)
    points, axis = _points(landmarks), AXIS_OF[section.plane]
    names = [n for n in points if any(n.startswith(base) for base in PLACEMENT_LANDMARKS)]
    if not names:
        return SectionSpec(section.plane, position)
    landmark = min(names, key=lambda n: abs(float(points[n][axis]) - section.position_mm))
    offset = _round(section.position_mm - float(points[landmark][axis]), TIP_ROUND_MM)
    if abs(offset) > OFFSET_LIMIT_MM:
        return SectionSpec(section.plane, position)
    return SectionSpec(section.plane, landmark=landmark, offset_mm=offset or None)


def _tool(
    placement: ToolPlacement, landmarks: Landmarks | None, keep: ToolSpec | None
) -> tuple[ToolSpec, str | None]:
    if landmarks is None:
        raise UserError("the measured landmarks are needed to write the tool's position")
    x_mm, z_mm = placement.at
    if keep is not None and keep.side == placement.side:
        try:
            kept_at = keep.placement(landmarks).at
        except KeyError:
            kept_at = None
        pivots = (keep.pivot_deg, keep.pivot_to_deg)
        if (
            kept_at is not None
            and math.dist(kept_at, (x_mm, z_mm)) <= SAME_TIP_MM
            and placement.pivot_deg in pivots
        ):
            return keep, None  # the step's own tool, as written (its animation included)
    landmark = nearest_landmark(placement.side, x_mm, z_mm, landmarks)
    at = offset_from(placement.side, x_mm, z_mm, landmark, landmarks)
    if max(abs(at.medial_mm), abs(at.superior_mm)) > OFFSET_LIMIT_MM:
        raise UserError(
            f"the tip is more than {OFFSET_LIMIT_MM:g} mm from every measured landmark: "
            "move it onto the lower abdomen"
        )
    distance = math.hypot(at.medial_mm, at.superior_mm)
    note = (
        f"{placement_words(at)} Captured from the view in the lesson editor: the "
        f"{landmark_words(landmark)} is the measured landmark nearest the tip "
        f"({distance:.0f} mm away)."
    )
    pivot = _round(placement.pivot_deg, TIP_ROUND_MM)
    pivot_to = None if placement.pivot_to_deg is None else _round(placement.pivot_to_deg, 0.1)
    return ToolSpec(placement.side, at, pivot, pivot_to), note
