"""Lesson files are untrusted: any input either loads or raises LessonError, never anything else."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import tomllib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anatomy_viewer.core.lessons import LessonError, parse_lesson
from anatomy_viewer.core.lessons.problems import ProblemLog
from anatomy_viewer.core.lessons.schema import (
    AT_KEYS,
    CAMERA_KEYS,
    LESSON_KEYS,
    QUIZ_KEYS,
    STEP_KEYS,
    TOOL_KEYS,
    lesson_from_data,
)

SHIPPED = sorted((Path(__file__).resolve().parents[1] / "lessons").glob("*.toml"))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = sorted(
    {
        *LESSON_KEYS,
        *STEP_KEYS,
        *CAMERA_KEYS,
        *TOOL_KEYS,
        *AT_KEYS,
        *QUIZ_KEYS["choice"],
        *QUIZ_KEYS["place"],
    }
)
WORDS = st.sampled_from(
    KEYS
    + [
        "right",
        "left",
        "safe",
        "asis_right",
        "psoas_major_right",
        "bone",
        "oblique",
        "choice",
        "place",
        "wall",
        "",
        "x" * 200,
    ]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), WORDS, st.text(max_size=20)
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(WORDS, st.text(max_size=8)), children, max_size=5),
    ),
    max_leaves=25,
)


def loads_or_refuses(data: bytes, catalogue) -> None:
    try:
        parse_lesson(data, catalogue, "fuzz.toml")
    except LessonError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.toml") for p in exc.problems)
        assert all("\n" not in str(p) for p in exc.problems)


def checks_or_refuses(data: dict, catalogue) -> None:
    log = ProblemLog("fuzz.toml")
    lesson = lesson_from_data(data, catalogue, log)
    assert (lesson is None) == bool(log.problems or log.dropped)
    assert all("\n" not in str(p) for p in log.problems)
    if lesson is not None:
        for step in lesson.steps:
            step.scene_state(
                catalogue, {"asis_right": (-116, -152, 901), "asis_left": (117, -152, 903)}
            )


def to_toml(value) -> str:
    """A TOML rendering of a JSON-ish value (None has no TOML form: it becomes a string)."""
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))} = {to_toml(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(to_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if value != value
            else (
                "inf"
                if value == float("inf")
                else "-inf"
                if value == -float("inf")
                else repr(value)
            )
        )
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(catalogue, data):
    loads_or_refuses(data, catalogue)


@FUZZ
@given(st.text(max_size=2000))
def test_any_text(catalogue, text):
    loads_or_refuses(text.encode("utf-8", "surrogatepass"), catalogue)


@FUZZ
@given(
    st.dictionaries(WORDS, VALUES, max_size=8),
    st.lists(st.dictionaries(WORDS, VALUES, max_size=8), max_size=3),
)
def test_toml_ish_documents(catalogue, top, steps):
    lines = [f"{json.dumps(str(k))} = {to_toml(v)}" for k, v in top.items() if k != "steps"]
    for step in steps:
        lines.append("[[steps]]")
        lines.extend(f"{json.dumps(str(k))} = {to_toml(v)}" for k, v in step.items())
    loads_or_refuses("\n".join(lines).encode("utf-8", "surrogatepass"), catalogue)


@FUZZ
@given(st.sampled_from(SHIPPED), st.data())
def test_mutated_shipped_lessons(catalogue, path, data):
    """Replace one value anywhere in a real lesson with an arbitrary one."""
    document = copy.deepcopy(tomllib.loads(path.read_text(encoding="utf-8")))
    parents = [document]
    for step in document["steps"]:
        parents.append(step)
        parents.extend(v for v in step.values() if isinstance(v, dict))
    parent = data.draw(st.sampled_from(parents))
    key = data.draw(st.sampled_from(sorted(parent)) | WORDS)
    parent[key] = data.draw(VALUES)
    checks_or_refuses(document, catalogue)


@FUZZ
@given(VALUES)
def test_any_structure_as_a_whole_document(catalogue, value):
    if isinstance(value, dict):
        checks_or_refuses(value, catalogue)
    else:
        checks_or_refuses({"steps": value, "id": value, "sources": value}, catalogue)
