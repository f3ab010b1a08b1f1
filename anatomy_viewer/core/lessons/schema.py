"""The lesson format: which keys exist, what each may hold, and the checks that turn parsed TOML into
a ``Lesson``. Every value is checked against the catalogue and the shared vocabulary; every problem is
logged (none stops the check) and the caller raises them all at once.
"""

from __future__ import annotations

import re
from typing import Any

from ..anatomy.catalogue import SYSTEMS, Catalogue
from ..anatomy.wall_thickness import PRESETS, WALL_MM_RANGE, preset_named
from ..scene.section import AXIS_LETTERS, AXIS_OF, PLANES
from ..scene.views import VIEW_NAMES, CameraPose
from ..vocabulary import LANDMARK_IDS, SIDES, VERDICTS, ZONE_CODES, ZONE_LAYERS
from .fields import (
    check_keys,
    read_name,
    read_names,
    read_number,
    read_point,
    read_table,
    read_text,
    type_name,
)
from .model import (
    DEFAULT_CAMERA,
    ChoiceQuiz,
    LandmarkOffset,
    Lesson,
    PlaceQuiz,
    Quiz,
    SectionSpec,
    Step,
    ToolSpec,
)
from .problems import ProblemLog, did_you_mean, quote
from .text import unsafe_links

LESSON_KEYS = ("id", "title", "summary", "audience", "sources", "steps")
STEP_KEYS = (
    "title", "text", "camera", "show", "hide", "opacity", "highlight", "labels", "zones", "tool",
    "hold_s", "quiz", "notes", "wall_mm", "section",
)  # fmt: skip
STEP_REQUIRED = ("title", "text")
CAMERA_KEYS = ("position", "focal_point", "up")
TOOL_KEYS = ("side", "at", "pivot_deg", "pivot_to_deg")
AT_KEYS = ("landmark", "medial_mm", "superior_mm")
SECTION_KEYS = ("plane", "position_mm", "landmark", "offset_mm")
QUIZ_KEYS = {
    "choice": ("kind", "question", "choices", "answer", "explanation"),
    "place": ("kind", "question", "side", "expect", "explanation"),
}

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # used in file names and on the command line
MAX_STEPS = 50  # a class period holds far fewer; more is a generated or broken file
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 5000
MAX_NOTES_CHARS = 10000
MAX_SOURCES = 30
MAX_CHOICES = 8
# DOMAIN.md: hold 30-90 s per spot. The format allows 5 s (a quick demo of the timer in class) to
# 300 s (a presenter pausing to talk); outside that it is a typo (minutes for seconds, say).
HOLD_RANGE_S = (5.0, 300.0)
# Pivot 0 = pressing straight posterior; past 90 degrees the tip would point sideways, out of the body.
PIVOT_LIMIT_DEG = 90.0
# SOURCES.md: hip bones span X -131..132 mm, femora top out at Z 843, T12 reaches Z 1116. A tip far
# outside that box is off the body: a typo, not a placement the checker should judge.
TOOL_X_LIMIT_MM = 200.0
TOOL_Z_RANGE_MM = (700.0, 1200.0)
# Offsets from a landmark stay local: farther than this belongs to a nearer landmark.
OFFSET_LIMIT_MM = 150.0
CAMERA_LIMIT_MM = 10000.0  # ten metres: anything farther shows nothing
# SOURCES.md: all 50 meshes lie within X -148..147, Y -210..-5, Z 323..1303 mm. A section well outside
# that cuts nothing: a typo (a Z for an X, cm for mm), not a cut worth showing.
SECTION_RANGE_MM = {
    "sagittal": (-200.0, 200.0),
    "coronal": (-300.0, 100.0),
    "axial": (300.0, 1400.0),
}
PLACE_EXPECTATIONS = (*VERDICTS, *ZONE_CODES)


def lesson_from_data(data: dict[str, Any], catalogue: Catalogue, log: ProblemLog) -> Lesson | None:
    """The lesson in ``data``, or ``None`` when ``log`` holds problems."""
    check_keys(data, LESSON_KEYS, LESSON_KEYS, "", log)
    lesson_id = data.get("id")
    valid_text = "id" in data and read_text(lesson_id, "id", log, 64) is not None
    if valid_text and not ID_PATTERN.fullmatch(lesson_id):
        log.add("id", f"{quote(lesson_id)} must be lowercase letters, digits, '_' or '-'")
    title = _markdown(data, "title", log, MAX_TITLE_CHARS)
    summary = _markdown(data, "summary", log, MAX_TEXT_CHARS)
    audience = _markdown(data, "audience", log, MAX_TITLE_CHARS)
    sources = _sources(data.get("sources"), log) if "sources" in data else None
    steps = _steps(data.get("steps"), catalogue, log) if "steps" in data else None
    if log.problems or log.dropped:
        return None
    return Lesson(lesson_id, title, summary, audience, sources, steps)  # type: ignore[arg-type]


def _markdown(table: dict[str, Any], key: str, log: ProblemLog, max_chars: int, field: str = ""):
    if key not in table:
        return None
    field = field or key
    text = read_text(table[key], field, log, max_chars)
    if text is not None:
        for url in unsafe_links(text):
            log.add(field, f"link target {quote(url)} is not an http:// or https:// address")
    return text


def _sources(value: object, log: ProblemLog) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        log.add("sources", f"must be a list of citations, not {type_name(value)}")
        return None
    if not value:
        log.add("sources", "must list at least one citation")
        return None
    if len(value) > MAX_SOURCES:
        log.add("sources", f"lists {len(value)} citations; at most {MAX_SOURCES}")
        return None
    table = {str(i): v for i, v in enumerate(value, start=1)}
    return tuple(_markdown(table, k, log, 1000, f"sources[{k}]") for k in table)  # type: ignore


def _steps(value: object, catalogue: Catalogue, log: ProblemLog) -> tuple[Step, ...] | None:
    if not isinstance(value, list) or not value or not all(isinstance(s, dict) for s in value):
        log.add("steps", "must be one or more [[steps]] tables")
        return None
    if len(value) > MAX_STEPS:
        log.add("steps", f"the lesson has {len(value)} steps; at most {MAX_STEPS}")
        return None
    steps = [_step(number, table, catalogue, log) for number, table in enumerate(value, start=1)]
    log.step = log.step_title = None
    return tuple(steps)  # type: ignore[arg-type]


def _step(number: int, table: dict[str, Any], catalogue: Catalogue, log: ProblemLog) -> Step | None:
    log.step = number
    log.step_title = table["title"] if isinstance(table.get("title"), str) else None
    before = len(log.problems)
    check_keys(table, STEP_KEYS, STEP_REQUIRED, "", log)
    title = _markdown(table, "title", log, MAX_TITLE_CHARS)
    text = _markdown(table, "text", log, MAX_TEXT_CHARS)
    notes = _markdown(table, "notes", log, MAX_NOTES_CHARS) or ""
    camera = _camera(table["camera"], log) if "camera" in table else DEFAULT_CAMERA
    structures = (*catalogue.ids, *SYSTEMS)
    lists = {}
    for key, candidates, kind in (
        ("show", structures, "structure or system"),
        ("hide", structures, "structure or system"),
        ("highlight", structures, "structure or system"),
        ("labels", (*LANDMARK_IDS, *catalogue.ids), "landmark or structure"),
        ("zones", ZONE_LAYERS, "zone layer"),
    ):
        lists[key] = read_names(table.get(key, []), key, log, candidates, kind) or ()
    opacity = _opacity(table["opacity"], structures, log) if "opacity" in table else ()
    tool = _tool(table["tool"], log) if "tool" in table else None
    hold_s = None
    if "hold_s" in table:
        hold_s = read_number(table["hold_s"], "hold_s", log, *HOLD_RANGE_S, unit=" s")
        if "tool" not in table:
            log.add("hold_s", "a hold needs a tool placement in the same step")
    quiz = _quiz(table["quiz"], catalogue, log) if "quiz" in table else None
    wall_mm = _wall_mm(table["wall_mm"], log) if "wall_mm" in table else None
    section = _section(table["section"], "tool" in table, log) if "section" in table else None
    step = Step(
        number, title, text, camera, lists["show"], lists["hide"], opacity, lists["highlight"],
        lists["labels"], lists["zones"], tool, hold_s, quiz, notes, wall_mm, section,
    )  # fmt: skip
    _check_scene(step, catalogue, log)  # on what did parse, so these problems show up too
    return step if len(log.problems) == before and not log.dropped else None


def _check_scene(step: Step, catalogue: Catalogue, log: ProblemLog) -> None:
    """Things that parse but make no sense together: showing and hiding the same thing, emphasising
    what is not on screen."""
    for name in set(step.show) & set(step.hide):
        log.add("hide", f"{quote(name)} is also listed in show")
    visible = step.visible_ids(catalogue)
    for structure_id in catalogue.select(step.highlight):
        if structure_id not in visible and structure_id in step.highlight:
            log.add(
                "highlight", f"{quote(structure_id)} is not visible in this step (see show/hide)"
            )
    for label in step.labels:
        if label in catalogue and label not in visible:
            log.add("labels", f"{quote(label)} is not visible in this step (see show/hide)")
    if not visible:
        log.add("show", "nothing is left to show")


def _wall_mm(value: object, log: ProblemLog) -> float | None:
    """Millimetres (core/anatomy/wall_thickness.py's range) or a preset's name."""
    if isinstance(value, str):
        preset = preset_named(value)
        if preset is None:
            names = ", ".join(p.name for p in PRESETS)
            log.add("wall_mm", f"unknown body wall preset {quote(value)} (choose from {names})")
            return None
        return preset.wall_mm
    return read_number(value, "wall_mm", log, *WALL_MM_RANGE, unit=" mm")


def _opacity(value: object, names: tuple[str, ...], log: ProblemLog):
    table = read_table(value, "opacity", log)
    if table is None:
        return ()
    pairs = []
    for key, item in table.items():
        name = read_name(key, f"opacity.{key}", log, names, "structure or system")
        number = read_number(item, f"opacity.{key}", log, 0.0, 1.0)
        if name is not None and number is not None:
            pairs.append((name, number))
    return tuple(pairs)


def _camera(value: object, log: ProblemLog) -> str | CameraPose | None:
    if isinstance(value, str):
        return read_name(value, "camera", log, VIEW_NAMES, "view")
    if not isinstance(value, dict):
        log.add(
            "camera",
            f"must be a view name or a table of {', '.join(CAMERA_KEYS)}, not {type_name(value)}",
        )
        return None
    table = value
    check_keys(table, CAMERA_KEYS, CAMERA_KEYS, "camera.", log)
    points = [
        read_point(table[key], f"camera.{key}", log, 3, CAMERA_LIMIT_MM) if key in table else None
        for key in CAMERA_KEYS
    ]
    if any(p is None for p in points):
        return None
    position, focal_point, up = points
    if position == focal_point:
        log.add("camera.position", "must differ from camera.focal_point")
    elif not any(up):
        log.add("camera.up", "must not be [0, 0, 0]")
    else:
        return CameraPose(position, focal_point, up)  # type: ignore[arg-type]
    return None


def _tool(value: object, log: ProblemLog) -> ToolSpec | None:
    table = read_table(value, "tool", log)
    if table is None:
        return None
    check_keys(table, TOOL_KEYS, ("side", "at"), "tool.", log)
    side = read_name(table["side"], "tool.side", log, SIDES, "side") if "side" in table else None
    pivot = table.get("pivot_deg", 0.0)
    pivot_deg = read_number(pivot, "tool.pivot_deg", log, -PIVOT_LIMIT_DEG, PIVOT_LIMIT_DEG, "°")
    pivot_to_deg = None
    if "pivot_to_deg" in table:
        pivot_to_deg = read_number(
            table["pivot_to_deg"], "tool.pivot_to_deg", log, -PIVOT_LIMIT_DEG, PIVOT_LIMIT_DEG, "°"
        )
    at = _at(table["at"], side, log) if "at" in table else None
    if side is None or at is None or pivot_deg is None:
        return None
    return ToolSpec(side, at, pivot_deg, pivot_to_deg)


def _at(value: object, side: str | None, log: ProblemLog) -> tuple[float, float] | LandmarkOffset:
    if isinstance(value, dict):
        check_keys(value, AT_KEYS, ("landmark",), "tool.at.", log)
        name = value.get("landmark")
        landmark = read_name(name, "tool.at.landmark", log, LANDMARK_IDS, "landmark")
        offsets = [
            read_number(value.get(k, 0.0), f"tool.at.{k}", log, -OFFSET_LIMIT_MM, OFFSET_LIMIT_MM)
            for k in ("medial_mm", "superior_mm")
        ]
        other = {"right": "_left", "left": "_right"}.get(side or "")
        if other and landmark and landmark.endswith(other):
            log.add("tool.at.landmark", f"{quote(landmark)} is on the other side from tool.side")
        if landmark is None or None in offsets:
            return None  # type: ignore[return-value]
        return LandmarkOffset(landmark, *offsets)  # type: ignore[arg-type]
    point = read_point(value, "tool.at", log, 2, 10**6)
    if point is None:
        return None  # type: ignore[return-value]
    x_mm, z_mm = point
    read_number(x_mm, "tool.at X", log, -TOOL_X_LIMIT_MM, TOOL_X_LIMIT_MM, " mm")
    read_number(z_mm, "tool.at Z", log, *TOOL_Z_RANGE_MM, unit=" mm")
    if side == "right" and x_mm >= 0 or side == "left" and x_mm <= 0:
        log.add("tool.at", f"X = {x_mm:g} mm is not on the body's {side} (+X is the body's left)")
    return (x_mm, z_mm)


def _section(value: object, has_tool: bool, log: ProblemLog) -> SectionSpec | None:
    """``"axial:900"``, ``"press-line"``, or a table: ``{plane = "axial", position_mm = 900}`` or
    ``{plane = "axial", landmark = "asis_right", offset_mm = 10}``."""
    if isinstance(value, str):
        plane, colon, number = value.partition(":")
        table: dict[str, Any] = {"plane": plane}
        if colon:
            try:
                table["position_mm"] = float(number)
            except ValueError:
                log.add(
                    "section",
                    f'{quote(value)}: the position must be a number of mm, as in "axial:900"',
                )
                return None
    elif isinstance(value, dict):
        table = value
        check_keys(table, SECTION_KEYS, ("plane",), "section.", log)
    else:
        log.add("section", f'must be text such as "axial:900" or a table, not {type_name(value)}')
        return None
    plane = read_name(table.get("plane"), "section.plane", log, PLANES, "section plane")
    if plane is None:
        return None
    if plane == "press-line":
        if set(table) - {"plane"}:
            log.add("section", "a press-line section has no position: it follows the step's tool")
        if not has_tool:
            log.add("section", "a press-line section needs a tool placement in the same step")
        return SectionSpec(plane)
    # The text form's position is reported as "section", the table's as "section.position_mm".
    field = "section" if isinstance(value, str) else "section.position_mm"
    return _flat_section(plane, table, log, field)


def _flat_section(
    plane: str, table: dict[str, Any], log: ProblemLog, position_field: str
) -> SectionSpec | None:
    axis = AXIS_LETTERS[AXIS_OF[plane]]
    if ("position_mm" in table) == ("landmark" in table):
        article = "an" if plane == "axial" else "a"
        log.add(
            "section",
            f"{article} {plane} section needs one of position_mm ({axis} in mm) or landmark",
        )
        return None
    if "position_mm" in table:
        low, high = SECTION_RANGE_MM[plane]
        position = read_number(table["position_mm"], position_field, log, low, high, " mm")
        if "offset_mm" in table:
            log.add("section.offset_mm", "an offset goes with a landmark; add it to position_mm")
        return None if position is None else SectionSpec(plane, position)
    landmark = read_name(table["landmark"], "section.landmark", log, LANDMARK_IDS, "landmark")
    offset = read_number(
        table.get("offset_mm", 0.0),
        "section.offset_mm",
        log,
        -OFFSET_LIMIT_MM,
        OFFSET_LIMIT_MM,
        " mm",
    )
    if landmark is None or offset is None:
        return None
    return SectionSpec(plane, landmark=landmark, offset_mm=offset if "offset_mm" in table else None)


def _quiz(value: object, catalogue: Catalogue, log: ProblemLog) -> Quiz | None:
    table = read_table(value, "quiz", log)
    if table is None:
        return None
    kind = read_name(table.get("kind"), "quiz.kind", log, tuple(QUIZ_KEYS), "quiz kind")
    if kind is None:
        return None
    check_keys(table, QUIZ_KEYS[kind], QUIZ_KEYS[kind], "quiz.", log)
    question = _markdown(table, "question", log, MAX_TEXT_CHARS, "quiz.question")
    explanation = _markdown(table, "explanation", log, MAX_TEXT_CHARS, "quiz.explanation")
    if kind == "place":
        side = read_name(table.get("side"), "quiz.side", log, SIDES, "side")
        expect_names = (*PLACE_EXPECTATIONS, *catalogue.ids)
        expect = read_name(table.get("expect"), "quiz.expect", log, expect_names, "expected answer")
        if None in (question, explanation, side, expect):
            return None
        return PlaceQuiz(question, side, expect, explanation)  # type: ignore[arg-type]
    choices = table.get("choices")
    if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
        log.add("quiz.choices", f"must be a list of 2 to {MAX_CHOICES} answers")
        return None
    texts = [read_text(c, f"quiz.choices[{i}]", log, 500) for i, c in enumerate(choices, 1)]
    if None in texts:
        return None
    if len(set(texts)) != len(texts):
        log.add("quiz.choices", "two choices are the same")
    answer = table.get("answer")
    if "answer" in table and answer not in texts:
        hint = did_you_mean(answer, texts) if isinstance(answer, str) else ""
        log.add("quiz.answer", f"{quote(answer)} is not one of quiz.choices{hint}")
        return None
    if None in (question, explanation, answer):
        return None
    return ChoiceQuiz(question, tuple(texts), texts.index(answer), explanation)  # type: ignore
