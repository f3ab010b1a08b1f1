"""The lesson model: frozen ``Lesson`` and ``Step`` values, and how a step becomes a complete scene.

Visibility rule of a step (documented in lessons/README.md):

- neither ``show`` nor ``hide``: the catalogue's "core" group (the app's start-up scene);
- ``show`` only: exactly the listed structures and systems;
- ``hide`` only: the core group minus the listed ones;
- both: the ``show`` set minus the ``hide`` set.

A step's scene is built from the step alone, never from the previous step, so stepping back restores
it exactly. Tool positions may be written relative to a measured landmark (``LandmarkOffset``); they
are resolved with the landmarks measured on the meshes when the scene is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..anatomy.catalogue import Catalogue
from ..scene.scene_state import SceneState, ToolPlacement
from ..scene.section import AXIS_OF, Section
from ..scene.views import CameraPose
from .problems import LessonError, Problem

DEFAULT_GROUP = "core"  # what a step shows when it says nothing about visibility
DEFAULT_CAMERA = "anterior"

# Landmark id -> (x, y, z) mm in the body frame, as measured on the meshes: a plain mapping, or
# core.landmarks.Landmarks (whose ``points`` is such a mapping).
Landmarks = Mapping[str, Sequence[float]] | Any


@dataclass(frozen=True)
class LandmarkOffset:
    """A tool tip written relative to a landmark: ``medial_mm`` toward the body's midline (negative =
    lateral) on the tool's side, ``superior_mm`` toward the head (negative = inferior)."""

    landmark: str
    medial_mm: float = 0.0
    superior_mm: float = 0.0

    def resolve(self, side: str, landmarks: Landmarks) -> tuple[float, float]:
        """(X, Z) mm. The right side lies at -X, so medial there is +X; on the left it is -X."""
        point = getattr(landmarks, "points", landmarks)[self.landmark]
        medial_sign = 1.0 if side == "right" else -1.0
        return (
            float(point[0]) + medial_sign * self.medial_mm,
            float(point[2]) + self.superior_mm,
        )


@dataclass(frozen=True)
class ToolSpec:
    side: str
    at: tuple[float, float] | LandmarkOffset
    pivot_deg: float = 0.0
    pivot_to_deg: float | None = None

    @property
    def needs_landmarks(self) -> bool:
        return isinstance(self.at, LandmarkOffset)

    def placement(self, landmarks: Landmarks | None = None) -> ToolPlacement:
        at = self.at
        if isinstance(at, LandmarkOffset):
            if landmarks is None or at.landmark not in getattr(landmarks, "points", landmarks):
                raise KeyError(at.landmark)
            at = at.resolve(self.side, landmarks)
        return ToolPlacement(self.side, at, self.pivot_deg, self.pivot_to_deg)


@dataclass(frozen=True)
class SectionSpec:
    """A step's cutting plane: ``plane`` (core.scene.section.PLANES) at ``position_mm`` on its axis,
    or at a measured ``landmark``'s level on that axis plus ``offset_mm`` (+X the body's left,
    +Y posterior, +Z superior); a press-line section has neither (it follows the step's tool)."""

    plane: str
    position_mm: float | None = None
    landmark: str | None = None
    offset_mm: float | None = None  # with a landmark; None: none written (0)

    @property
    def needs_landmarks(self) -> bool:
        return self.landmark is not None

    def section(self, landmarks: Landmarks | None = None) -> Section:
        if self.landmark is None:
            return Section(self.plane, self.position_mm)
        points = getattr(landmarks, "points", landmarks) if landmarks is not None else {}
        if self.landmark not in points:
            raise KeyError(self.landmark)
        level = float(points[self.landmark][AXIS_OF[self.plane]])
        return Section(self.plane, level + (self.offset_mm or 0.0))


@dataclass(frozen=True)
class ChoiceQuiz:
    """Multiple choice: ``answer`` is the index of the right entry of ``choices``."""

    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class PlaceQuiz:
    """ "Place the tip": the learner places the tool on ``side``; the placement checker's answer must
    include ``expect`` (a verdict such as "safe", a zone code, or a target structure id)."""

    question: str
    side: str
    expect: str
    explanation: str


Quiz = ChoiceQuiz | PlaceQuiz


@dataclass(frozen=True)
class Step:
    number: int  # 1-based position in the lesson
    title: str
    text: str
    camera: str | CameraPose = DEFAULT_CAMERA
    show: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    opacity: tuple[tuple[str, float], ...] = ()  # (id or system, 0..1) pairs, kept hashable
    highlight: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    tool: ToolSpec | None = None
    hold_s: float | None = None
    quiz: Quiz | None = None
    notes: str = ""
    wall_mm: float | None = None  # body wall thickness; None: the viewer's setting (the default)
    section: SectionSpec | None = None

    @property
    def needs_landmarks(self) -> bool:
        """Its tool or its section is placed relative to a measured landmark."""
        return any(spec is not None and spec.needs_landmarks for spec in (self.tool, self.section))

    def visible_ids(self, catalogue: Catalogue) -> frozenset[str]:
        if self.show:
            visible = set(catalogue.select(self.show))
        else:
            visible = {s.id for s in catalogue if s.group == DEFAULT_GROUP}
        return frozenset(visible - set(catalogue.select(self.hide)))

    def opacity_by_id(self, catalogue: Catalogue) -> dict[str, float]:
        """Systems first, then single structures, so ``psoas_major_right = 1`` beats ``muscle = 0.3``."""
        result: dict[str, float] = {}
        for name, value in sorted(self.opacity, key=lambda item: item[0] in catalogue):
            for structure_id in catalogue.select([name]):
                result[structure_id] = value
        return result

    def scene_state(self, catalogue: Catalogue, landmarks: Landmarks | None = None) -> SceneState:
        """The complete scene of this step. ``landmarks`` are needed when the tool or the section is
        placed relative to one (``needs_landmarks``); without them such a step raises ``LessonError``."""
        tool = section = None
        try:
            if self.tool is not None:
                field = "tool.at"
                tool = self.tool.placement(landmarks)
            if self.section is not None:
                field = "section.landmark"
                section = self.section.section(landmarks)
        except KeyError as missing:
            what = "the tool" if field == "tool.at" else "the section"
            raise LessonError(
                [
                    Problem(
                        "",
                        f"{what} is placed relative to {missing}; the measured landmarks are "
                        "needed to place it",
                        field,
                        self.number,
                        self.title,
                    )
                ]
            ) from None
        return SceneState(
            camera=self.camera,
            visible=self.visible_ids(catalogue),
            opacity=self.opacity_by_id(catalogue),
            highlight=frozenset(catalogue.select(self.highlight)),
            labels=self.labels,
            zones=frozenset(self.zones),
            tool=tool,
            wall_mm=self.wall_mm,
            section=section,
        )


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    audience: str
    sources: tuple[str, ...]
    steps: tuple[Step, ...]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def has_quiz(self) -> bool:
        return any(step.quiz is not None for step in self.steps)

    def visible_ids(self, catalogue: Catalogue) -> frozenset[str]:
        """Every structure some step shows: what must be loaded to draw the whole lesson."""
        return frozenset().union(*(step.visible_ids(catalogue) for step in self.steps))
