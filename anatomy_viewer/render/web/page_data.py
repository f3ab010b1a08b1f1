"""Everything the lesson page shows, as one JSON-able value, measured by the app itself.

    Lesson + catalogue + meshes + PlacementChecker (the app's: landmarks, wall, zones)
      --> structures (decimated, packed)      --> steps: camera, visibility, opacity, highlight,
      --> zone map (zone_grid.py)                 text (the app's Markdown subset -> safe HTML),
      --> hook mesh, palette, views               labels (anchors measured here), zone layers,
                                                  tool poses + press line + readout per pivot
                                                  angle (the checker's own words), quiz,
                                                  section: cut plane(s), filled cuts, caption
                                                  (section_data.py)

The page (web/src) draws and animates what is here; it derives no anatomy of its own. The body
wall, the zone map and every readout assume the page's wall (``PageOptions.wall_mm``, else the
app's default); a step that names its own wall (``wall_mm``) has its tool measured on it, and the
page moves the drawn wall and zones forward by the difference (the zone codes at a straight-back
press do not depend on the thickness: the wall only moves, core/anatomy/body_wall.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ... import __version__
from ...core.anatomy.body_wall import wall_label
from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.anatomy.wall_thickness import resolve_wall_mm
from ...core.lessons import ChoiceQuiz, Lesson, PlaceQuiz, Step, markdown_to_html
from ...core.placement.checker import PlacementChecker, plain_name
from ...core.scene.scene_state import ToolPlacement
from ...core.scene.views import VIEW_ANGLE_DEG, VIEWS, CameraPose
from ...core.tool.geometry import HookShape, handle_direction, hook_mesh, pivot_arc, tool_pose
from ...core.tool.readout import SHORT_WARNINGS, lines, readout
from ...core.vocabulary import (
    CAUTION_CODES,
    DANGER_CODES,
    LANDMARK_IDS,
    LANDMARK_NAMES,
    ZONE_CODES,
    landmark_label,
)
from ..anatomy.scene import FOCUS_STRUCTURES, HIGHLIGHT_AMBIENT, HIGHLIGHT_MIX
from ..anatomy.section_view import OUTLINE_COLOUR, OUTLINE_LIFT_MM
from ..overlays import landmark_pins, tool_layer, zones_layer
from ..theme import DESK, SPECULAR
from .mesh_pack import pack_arrays, pack_mesh
from .section_data import section_data
from .zone_grid import zone_grid_data

FORMAT_VERSION = 1  # bump when the page data changes shape (web/src/main.js checks it)
DISCLAIMER = (
    "For teaching only, not medical advice. Ask a clinician before using a hip hook after abdominal "
    "surgery, with an acute injury, in pregnancy or with vascular disease."
)
# As the window's pivot sweep (qt/tool/pivot_sweep.py SWEEP_DEG_PER_S) and camera glide
# (qt/lessons/camera_glide.py GLIDE_MS); a test keeps them equal.
PIVOT_DEG_PER_S = 20.0
GLIDE_MS = 400
# One keyframe of an animated pivot per degree: the readout changes where the checker's words do.
PIVOT_FRAME_DEG = 1.0
# Label priorities (higher keeps its place when space runs out): what the step asks for first, then
# the landmark pins of the landmarks layer, then the zone words and the wall's label.
PRIORITY_ASKED = 3
PRIORITY_PIN = 2
PRIORITY_ZONE = 1
# Where the window labels the derived wall (render/overlays/zones_layer.py, _add_wall).
WALL_LABEL_ACROSS = 0.15


@dataclass(frozen=True)
class PageOptions:
    # The body wall every step assumes unless it names its own (``--wall-mm``; None: the app's
    # default, core/anatomy/wall_thickness.py).
    wall_mm: float | None = None


def wall_assumed(options: PageOptions) -> str:
    return wall_label(resolve_wall_mm(options.wall_mm))


def landmark_words(landmark_id: str, with_side: bool = True) -> str:
    """``asis_right`` -> ``Right ASIS`` (``ASIS`` without the side): the words every picture of the
    app labels a landmark with (core.vocabulary.landmark_label)."""
    if with_side and landmark_id in LANDMARK_IDS:
        return landmark_label(landmark_id)
    base, side = landmark_id, ""
    for suffix in ("_right", "_left"):
        if landmark_id.endswith(suffix):
            base, side = landmark_id.removesuffix(suffix), suffix[1:]
    words = LANDMARK_NAMES.get(base, base.replace("_", " "))
    return f"{side} {words}".strip() if with_side else words


def structure_anchor(mesh: SurfaceMesh) -> list[float]:
    """The mesh point nearest its points' mean: where the window's structure label points
    (render/overlays/labels.py), so the leader ends on tissue."""
    points = mesh.points
    centre = points.mean(axis=0)
    return _round(points[np.argmin(np.linalg.norm(points - centre, axis=1))])


def _round(values: Iterable[float], digits: int = 2) -> list[float]:
    return [round(float(v), digits) for v in values]


def expand_layers(layers: Iterable[str]) -> set[str]:
    """A step's zone layers with "danger" / "caution" standing for all their codes (ZonesLayer)."""
    wanted = set(layers)
    if "danger" in wanted:
        wanted |= set(DANGER_CODES)
    if "caution" in wanted:
        wanted |= set(CAUTION_CODES)
    return wanted


def legend_entries(layers: set[str], wall_mm: float) -> list[dict]:
    """Only what the step shows (issue 13: the legend lists the layers in the picture)."""
    entries = []
    if "safe" in layers:
        entries.append({"text": "SAFE tool-tip zone (green)", "kind": "safe"})
    for kind, codes, words in (
        ("danger", DANGER_CODES, "DANGER (red, striped)"),
        ("caution", CAUTION_CODES, "CAUTION (amber, dotted)"),
    ):
        shown = [c.replace("_", " ") for c in codes if c in layers]
        if shown:
            entries.append({"text": f"{words}: {', '.join(shown)}", "kind": kind})
    if "wall" in layers or entries:
        entries.append({"text": f"{wall_label(wall_mm)}, zones for a 0 deg press", "kind": "wall"})
    return entries


class PageDataBuilder:
    """Measures once (the checker) and builds the data of one or more lessons' pages."""

    def __init__(
        self,
        catalogue: Catalogue,
        meshes: Mapping[str, SurfaceMesh],
        checker: PlacementChecker,
        options: PageOptions | None = None,
        mesh_cache=True,
    ) -> None:
        self.catalogue = catalogue
        self.meshes = meshes
        self.options = options or PageOptions()
        # The page's wall: the zone map and the wall drawn are measured on it; a step with a
        # wall of its own moves them (``wall_offset_mm``) and has its tool measured on its wall.
        self.page_wall_mm = resolve_wall_mm(self.options.wall_mm)
        self.checker = checker.with_wall(self.page_wall_mm)
        self._cache = mesh_cache
        self._packed: dict[str, dict] = {}
        self._zones: dict | None = None

    # --- shared parts ---------------------------------------------------------------------------
    def zones(self) -> dict:
        if self._zones is None:
            self._zones = zone_grid_data(self.checker, 0.0)
        return self._zones

    def structure(self, structure_id: str) -> dict:
        if structure_id not in self._packed:
            s = self.catalogue[structure_id]
            self._packed[structure_id] = {
                "id": s.id,
                "name": s.name,
                "system": s.system,
                "colour": s.colour,
                "specular": SPECULAR[s.system],
                "mesh": pack_mesh(self.meshes[structure_id], self._cache),
            }
        return self._packed[structure_id]

    def focus_bounds(self) -> list[list[float]]:
        found = [self.meshes[i].bounds for i in FOCUS_STRUCTURES if i in self.meshes]
        found = found or [m.bounds for m in self.meshes.values()]
        lows, highs = zip(*found, strict=True)
        return [_round(np.min(lows, axis=0)), _round(np.max(highs, axis=0))]

    def landmarks(self) -> dict:
        points = self.checker.landmarks.points
        return {i: {"point": _round(points[i]), "name": landmark_words(i)} for i in LANDMARK_IDS}

    def wall_label(self, checker: PlacementChecker) -> dict:
        wall = checker.wall
        top = wall.outline.z_top - self.zones()["step_mm"]
        x = wall.outline.x_min + WALL_LABEL_ACROSS * (wall.outline.x_max - wall.outline.x_min)
        point = [x, float(wall.height_mm(x, top)), top]
        return {"text": wall_label(wall.wall_mm), "point": _round(point), "priority": PRIORITY_ZONE}

    # --- one step ---------------------------------------------------------------------------------
    def labels(
        self, step: Step, layers: set[str], wall_shown: bool, checker: PlacementChecker
    ) -> list[dict]:
        out: list[dict] = []
        asked = set()
        marks = self.checker.landmarks.points
        for name in step.labels:
            label = {"priority": PRIORITY_ASKED}
            if name in marks:
                label.update(text=landmark_words(name), point=_round(marks[name]), pin=True)
            elif name in self.meshes:
                anchor = structure_anchor(self.meshes[name])
                # The structure itself never hides its own label's point (the page's depth cue).
                label.update(
                    text=self.catalogue[name].name, point=anchor, pin=False, structure=name
                )
            else:
                continue
            asked.add(name)
            out.append(label)
        if "landmarks" in layers:
            for landmark_id in LANDMARK_IDS:
                base = landmark_id.removesuffix("_right").removesuffix("_left")
                if base in zones_layer.PINNED_LANDMARKS and landmark_id not in asked:
                    out.append({
                        "text": landmark_words(landmark_id, with_side=False),
                        "point": _round(marks[landmark_id]),
                        "priority": PRIORITY_PIN,
                        "pin": True,
                    })  # fmt: skip
        zones = self.zones()
        for code in ZONE_CODES:
            if code in layers:
                for point in zones["label_points"].get(code, []):
                    out.append({"text": zones["words"][code], "point": point,
                                "priority": PRIORITY_ZONE, "pin": False, "zone": code})  # fmt: skip
        if wall_shown:
            out.append({**self.wall_label(checker), "pin": False})
        return out

    def tool(self, tool: ToolPlacement, checker: PlacementChecker) -> dict:
        """Keyframes of the hook: one pose, press line and readout per pivot angle, on the step's
        wall (``checker``)."""
        start, end = tool.pivot_deg, tool.pivot_to_deg
        angles = pivot_angles(tool)
        lateral = checker.landmarks.lateral_sign(tool.side)
        frames = []
        for angle in angles:
            placement = checker.check(tool.side, tool.at[0], tool.at[1], angle)
            press = placement.press_line
            pose = tool_pose(press.tip, press.direction, handle_direction(press.direction, lateral))
            value = readout(placement)
            frames.append({
                "pivot_deg": round(float(angle), 3),
                "pose": _round(pose.reshape(-1), 4),  # row-major 4x4: tool frame -> body
                "tip": _round(press.tip),
                "end": _round(press.end),
                "hit": press.target is not None or press.blocked_by is not None,
                "verdict": value.verdict,
                "target": press.target,
                "lines": lines(value),
            })  # fmt: skip
        arc = None
        if end is not None and abs(end - start) > 1.0:  # as the tool layer: no arc for a nudge
            tip = frames[0]["tip"]
            points = pivot_arc(
                tip, lateral, start, end, tool_layer.ARC_RADIUS_MM, tool_layer.ARC_POINTS
            )
            arc = np.round(points, 2).tolist()
        seconds = 0.0 if len(angles) == 1 else abs(end - start) / PIVOT_DEG_PER_S
        return {"side": tool.side, "frames": frames, "arc": arc, "duration_s": round(seconds, 3)}

    def section(self, state, visible: list[str], checker: PlacementChecker) -> dict | None:
        """The step's cut (None: the whole anatomy); a press-line cut has one per tool keyframe."""
        if state.section is None:
            return None
        low, high = (np.asarray(b, float) for b in self.focus_bounds())
        angles = pivot_angles(state.tool) if state.tool is not None else []
        return section_data(
            state.section, self.meshes, visible, (low + high) / 2, state.tool, angles, checker,
            self._cache,
        )  # fmt: skip

    def quiz(self, step: Step) -> dict | None:
        quiz = step.quiz
        if isinstance(quiz, ChoiceQuiz):
            return {
                "kind": "choice",
                "question_html": markdown_to_html(quiz.question),
                "choices": list(quiz.choices),
                "answer": quiz.answer,
                "explanation_html": markdown_to_html(quiz.explanation),
            }
        if isinstance(quiz, PlaceQuiz):
            expect = quiz.expect
            words = plain_name(expect) if expect in self.catalogue else expect.replace("_", " ")
            return {
                "kind": "place",
                "question_html": markdown_to_html(quiz.question),
                "side": quiz.side,
                "expect": expect,
                "expect_words": words,
                "explanation_html": markdown_to_html(quiz.explanation),
            }
        return None

    def step(self, step: Step, landmarks) -> dict:
        state = step.scene_state(self.catalogue, landmarks)
        wall_mm = self.page_wall_mm if state.wall_mm is None else resolve_wall_mm(state.wall_mm)
        checker = self.checker.with_wall(wall_mm)
        layers = expand_layers(state.zones)
        wall_shown = "wall" in layers or state.tool is not None
        camera = state.camera
        if isinstance(camera, CameraPose):
            camera = {
                "position": _round(camera.position),
                "focal_point": _round(camera.focal_point),
                "up": _round(camera.up, 4),
            }
        else:
            camera = {"view": camera}
        visible = sorted(i for i in state.visible if i in self.meshes)
        return {
            "number": step.number,
            "title": step.title,
            "text_html": markdown_to_html(step.text),
            "camera": camera,
            "visible": visible,
            "opacity": {i: float(v) for i, v in sorted(state.opacity.items()) if i in visible},
            "highlight": sorted(state.highlight),
            "zones": sorted(layers & set(ZONE_CODES)),
            "wall": wall_shown,
            "legend": legend_entries(layers, wall_mm) if "legend" in layers else [],
            "labels": self.labels(step, layers, wall_shown, checker),
            "tool": None if state.tool is None else self.tool(state.tool, checker),
            "wall_words": wall_label(wall_mm),
            # A thicker wall is the page's wall moved forward (-Y) by the difference.
            "wall_offset_mm": round(wall_mm - self.page_wall_mm, 3),
            "hold_s": step.hold_s,
            "quiz": self.quiz(step),
            "section": self.section(state, visible, checker),
        }

    # --- one lesson -------------------------------------------------------------------------------
    def lesson(self, lesson: Lesson) -> dict:
        landmarks = self.checker.landmarks
        steps = [self.step(step, landmarks) for step in lesson.steps]
        ids = sorted(set().union(*(s["visible"] for s in steps)))
        catalogue = self.catalogue
        shape = HookShape()
        points, faces = hook_mesh(shape)
        return {
            "format": FORMAT_VERSION,
            "app_version": __version__,
            "lesson": {
                "id": lesson.id,
                "title": lesson.title,
                "summary_html": markdown_to_html(lesson.summary),
                "audience": lesson.audience,
                "sources_html": [markdown_to_html(source) for source in lesson.sources],
            },
            "attribution": catalogue.attribution,
            "licence_url": catalogue.licence_url,
            "disclaimer": DISCLAIMER,
            "wall_assumed": wall_assumed(self.options),
            "views": VIEWS,
            "view_angle_deg": VIEW_ANGLE_DEG,
            "focus_bounds": self.focus_bounds(),
            "glide_ms": GLIDE_MS,
            "structures": [self.structure(i) for i in ids],
            "landmarks": self.landmarks(),
            "zone_map": self.zones(),
            "hook": pack_arrays(points, faces),
            "palette": palette(),
            "short_warnings": dict(SHORT_WARNINGS),
            "steps": steps,
        }


def pivot_angles(tool: ToolPlacement) -> list[float]:
    """The pivot angles of a tool's keyframes: one, or one per ``PIVOT_FRAME_DEG`` of its pivot."""
    start, end = tool.pivot_deg, tool.pivot_to_deg
    if end is None or abs(end - start) < 1e-9:
        return [start]
    count = int(math.ceil(abs(end - start) / PIVOT_FRAME_DEG)) + 1
    return np.linspace(start, end, count).tolist()


def palette() -> dict:
    """The window's colours (render/theme.py, the zones and tool layers), so the page matches it."""
    return {
        "background_top": DESK.background_top,
        "background_bottom": DESK.background_bottom,
        "highlight": DESK.highlight,
        "highlight_mix": HIGHLIGHT_MIX,
        "highlight_ambient": HIGHLIGHT_AMBIENT,
        "safe": zones_layer.SAFE_COLOUR,
        "danger": zones_layer.DANGER_COLOUR,
        "danger_light": zones_layer.DANGER_STRIPE_LIGHT,
        "caution": zones_layer.CAUTION_COLOUR,
        "caution_light": zones_layer.CAUTION_DOT_LIGHT,
        "wall": zones_layer.WALL_COLOUR,
        "wall_opacity": zones_layer.WALL_OPACITY,
        "zone_opacity": zones_layer.ZONE_OPACITY,
        "zone_lift_mm": zones_layer.ZONE_LIFT_MM,
        "stripe_period_mm": zones_layer.STRIPE_PERIOD_MM,
        "pin_radius_mm": landmark_pins.PIN_RADIUS_MM,
        "hook": tool_layer.HOOK_COLOUR,
        "arc": tool_layer.ARC_COLOUR,
        "press_line_radius_mm": tool_layer.PRESS_LINE_RADIUS_MM,
        "hit_radius_mm": tool_layer.HIT_RADIUS_MM,
        "verdict": dict(tool_layer.VERDICT_COLOURS),
        "verdict_text": dict(tool_layer.VERDICT_TEXT),
        "section_outline": OUTLINE_COLOUR,
        "section_outline_lift_mm": OUTLINE_LIFT_MM,
    }
