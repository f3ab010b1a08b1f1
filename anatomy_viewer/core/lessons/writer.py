"""Writing a lesson as a tidy TOML file, in the layout of the shipped lessons (lessons/README.md).

    Lesson --lesson_to_toml--> text  (top fields, then one [[steps]] table per step, keys in the
                                      schema's order, [steps.tool] / [steps.quiz] sub-tables)

Every value the loader reads back is the value written: floats are written with ``repr`` (exact),
whole numbers without a fraction, text with every character TOML needs escaped. The fields of a step
are taken in ``schema.STEP_KEYS`` order and encoded by type, so a field added to ``Step`` and to the
schema (a scene setting, say) is written without a change here when it is a number, text, a list of
names, a table of numbers or a small dataclass.

Each tool position gets a comment above its ``at`` saying how the tip was placed; comments already
there (``tool_comments_in``) are carried over when a lesson is opened in the editor and saved again.
"""

from __future__ import annotations

import dataclasses
import math
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from ..scene.views import CameraPose
from .model import ChoiceQuiz, LandmarkOffset, Lesson, PlaceQuiz, Step, ToolSpec
from .schema import STEP_KEYS

HEADER = (
    "# Written by anatomy-viewer's lesson editor. Check it with: anatomy-viewer lessons check FILE\n"
    "# Format: lessons/README.md. Tool positions are relative to landmarks measured on the meshes.\n"
)
COMMENT_WIDTH = 100  # the project's line length
# Step fields that are not written as ``key = value`` lines of the step table.
_SUB_TABLES = ("tool", "quiz")

LANDMARK_WORDS = {
    "asis": "ASIS",
    "pubic_tubercle": "pubic tubercle",
    "pubic_symphysis": "pubic symphysis",
    "mid_inguinal": "mid-inguinal point",
    "iliac_crest": "iliac crest (highest point)",
    "femoral_head": "femoral head centre",
    "lesser_trochanter": "lesser trochanter",
    "umbilicus_level": "umbilicus level (an estimate: the meshes have no skin)",
}


def landmark_words(landmark_id: str) -> str:
    """``asis_right`` -> ``right ASIS``: the landmark as a sentence names it."""
    for suffix in ("_right", "_left"):
        if landmark_id.endswith(suffix):
            base = landmark_id[: -len(suffix)]
            return f"{suffix[1:]} {LANDMARK_WORDS.get(base, base.replace('_', ' '))}"
    return LANDMARK_WORDS.get(landmark_id, landmark_id.replace("_", " "))


def placement_words(at: LandmarkOffset) -> str:
    """How a tip written relative to a landmark is placed, in words (for the file's comment)."""

    def part(value: float, positive: str, negative: str) -> str:
        return f"{_number(abs(value))} mm {positive if value >= 0 else negative}"

    offsets = []
    if at.medial_mm:
        offsets.append(part(at.medial_mm, "medial (toward the midline)", "lateral"))
    if at.superior_mm:
        offsets.append(part(at.superior_mm, "superior (toward the head)", "inferior"))
    where = " and ".join(offsets) + " of" if offsets else "on"
    return (
        f"The tip is {where} the {landmark_words(at.landmark)} ({at.landmark}), measured on the "
        "meshes each time the lesson opens."
    )


# --- values ------------------------------------------------------------------------------------
def _number(value: float) -> str:
    """Whole numbers without a fraction (``25``), others exactly (``repr``): the loader reads the
    same float back."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} in a lesson")  # TOML has them; lessons do not
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _escape(text: str, multiline: bool) -> str:
    out = []
    for index, char in enumerate(text):
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            # In a multi-line string a lone quote reads best as typed; two in a row, or one just
            # before the closing quotes, could end the string early, so those are escaped.
            lone = text[index - 1 : index] != '"' and text[index + 1 : index + 2] not in ('"', "")
            out.append('"' if multiline and lone else '\\"')
        elif char == "\n":
            out.append("\n" if multiline else "\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate is no character: TOML cannot hold it
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def _string(text: str, key: str | None = None) -> str:
    """Text as TOML: on one line when it fits beside ``key = `` (always, for ``key=None``: list
    items), else a multi-line string whose long lines are wrapped with TOML's line-ending backslash
    (which adds nothing to the value)."""
    single = '"' + _escape(text, multiline=False) + '"'
    # One line when it fits, or when wrapping would not shorten it (a text just over the width).
    fits = key is None or len(key) + 3 + len(single) <= COMMENT_WIDTH
    if "\n" not in text and (fits or len(single) <= COMMENT_WIDTH):
        return single
    lines = [_soft_wrap(line) for line in _escape(text, multiline=True).split("\n")]
    # The newline after the opening quotes is not part of the value; a text that does not end in a
    # newline ends in a line-ending backslash, so the closing quotes still get a line of their own.
    closing = '"""' if text.endswith("\n") else '\\\n"""'
    return '"""\n' + "\n".join(lines) + closing


def _soft_wrap(line: str, width: int = COMMENT_WIDTH - 1) -> str:
    """Break after a space that a non-space follows (the line-ending backslash drops the newline
    and any whitespace after it, so a break there keeps the value exactly)."""
    pieces = []
    while len(line) > width:
        breaks = [i for i in range(1, len(line) - 1) if line[i] == " " and line[i + 1] != " "]
        fitting = [i for i in breaks if i + 2 <= width]
        cut = fitting[-1] if fitting else next((i for i in breaks if i + 2 > width), None)
        if cut is None:
            break  # one long word: it stays long
        pieces.append(line[: cut + 1] + "\\")
        line = line[cut + 1 :]
    pieces.append(line)
    return "\n".join(pieces)


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _string(name)


def _inline(value: Any) -> str:
    """A value on one line: text, number, list, inline table, or a dataclass as an inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if dataclasses.is_dataclass(value):
        value = _dataclass_items(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if _is_pairs(value):
        return _inline(dict(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} in a lesson")


def _is_pairs(value: Any) -> bool:
    """``(("muscle", 0.4), ...)``: how ``Step.opacity`` keeps a table hashable."""
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value)
    )


def _dataclass_items(value: Any) -> dict[str, Any]:
    return {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if getattr(value, f.name) is not None
    }


def _list_lines(key: str, items: tuple[str, ...] | list[str]) -> list[str]:
    """A list of long texts (sources, quiz choices), one item a line, as the shipped lessons have."""
    return [f"{key} = [", *(f"  {_string(item)}," for item in items), "]"]


# --- tables ------------------------------------------------------------------------------------
def _is_default(key: str, value: Any) -> bool:
    """Left out of the file: the loader's default is the same value."""
    return value is None or value == () or key == "notes" and value == ""


def _step_value(key: str, value: Any) -> str:
    if isinstance(value, str):
        return _string(value, key)
    if isinstance(value, CameraPose):
        return _inline(
            {"position": value.position, "focal_point": value.focal_point, "up": value.up}
        )
    return _inline(value)


def _tool_lines(tool: ToolSpec, comment: str | None) -> list[str]:
    lines = ["[steps.tool]", f"side = {_string(tool.side)}"]
    if comment is None and isinstance(tool.at, LandmarkOffset):
        comment = placement_words(tool.at)
    elif comment is None:
        comment = (
            "Typed coordinates (X, Z mm, body frame): prefer a landmark, "
            '{ landmark = "asis_right", medial_mm = 25 }, so the tip follows the meshes.'
        )
    for line in comment.splitlines():
        wrapped = textwrap.wrap(line, COMMENT_WIDTH - 2) or [""]
        lines.extend(f"# {part}".rstrip() for part in wrapped)
    at = tool.at
    if isinstance(at, LandmarkOffset):
        table = {"landmark": at.landmark}
        if at.medial_mm:
            table["medial_mm"] = at.medial_mm
        if at.superior_mm:
            table["superior_mm"] = at.superior_mm
        lines.append(f"at = {_inline(table)}")
    else:
        lines.append(f"at = {_inline(list(at))}")
    lines.append(f"pivot_deg = {_number(tool.pivot_deg)}")
    if tool.pivot_to_deg is not None:
        lines.append(f"pivot_to_deg = {_number(tool.pivot_to_deg)}")
    return lines


def _quiz_lines(quiz: ChoiceQuiz | PlaceQuiz) -> list[str]:
    lines = ["[steps.quiz]"]
    if isinstance(quiz, ChoiceQuiz):
        answer = quiz.choices[quiz.answer] if 0 <= quiz.answer < len(quiz.choices) else ""
        lines += [
            'kind = "choice"',
            f"question = {_string(quiz.question, 'question')}",
            *_list_lines("choices", quiz.choices),
            f"answer = {_string(answer, 'answer')}",
        ]
    else:
        lines += [
            'kind = "place"',
            f"question = {_string(quiz.question, 'question')}",
            f"side = {_string(quiz.side)}",
            f"expect = {_string(quiz.expect)}",
        ]
    lines.append(f"explanation = {_string(quiz.explanation, 'explanation')}")
    return lines


def _sub_table_lines(key: str, value: Any) -> list[str]:
    """A step field that is a dataclass but neither tool nor quiz: its own ``[steps.key]`` table."""
    lines = [f"[steps.{key}]"]
    for name, item in _dataclass_items(value).items():
        lines.append(f"{_key(name)} = {_inline(item)}")
    return lines


def _is_names(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def _packed_list(key: str, names: tuple[str, ...]) -> list[str]:
    """A long list of names over several lines, as many a line as fit."""
    lines, line = [f"{_key(key)} = ["], "  "
    for name in names:
        item = f"{_string(name)}, "
        if len(line) + len(item) > COMMENT_WIDTH and line.strip():
            lines.append(line.rstrip())
            line = "  "
        line += item
    lines += [line.rstrip(), "]"]
    return lines


def _long_table_lines(key: str, value: Any) -> list[str]:
    """A table too long for one line (many opacities, a camera far out) as a ``[steps.key]`` table."""
    if isinstance(value, CameraPose):
        items = {"position": value.position, "focal_point": value.focal_point, "up": value.up}
    else:
        items = dict(value)
    return [f"[steps.{key}]", *(f"{_key(k)} = {_inline(v)}" for k, v in items.items())]


def step_lines(step: Step, tool_comment: str | None = None) -> list[str]:
    """One ``[[steps]]`` table (and its sub-tables), without a trailing blank line."""
    lines = ["[[steps]]"]
    tables: list[list[str]] = []
    for key in STEP_KEYS:
        value = getattr(step, key, None)
        if _is_default(key, value):
            continue
        if key == "tool":
            tables.append(_tool_lines(value, tool_comment))
        elif key == "quiz":
            tables.append(_quiz_lines(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, CameraPose):
            tables.append(_sub_table_lines(key, value))
        else:
            line = f"{_key(key)} = {_step_value(key, value)}"
            if len(line) <= COMMENT_WIDTH or "\n" in line:
                lines.append(line)
            elif _is_names(value):
                lines += _packed_list(key, value)
            elif isinstance(value, CameraPose) or _is_pairs(value):
                tables.append(_long_table_lines(key, value))  # TOML keeps inline tables on one line
            else:
                lines.append(line)
    for table in tables:
        lines += ["", *table]
    return lines


def lesson_to_toml(lesson: Lesson, tool_comments: Mapping[int, str] | None = None) -> str:
    """The whole file. ``tool_comments``: step number (1-based) -> how its tip was placed, written
    above its ``at`` (default: the placement in words)."""
    tool_comments = tool_comments or {}
    lines = [
        HEADER.rstrip("\n"),
        f"id = {_string(lesson.id, 'id')}",
        f"title = {_string(lesson.title, 'title')}",
        f"summary = {_string(lesson.summary, 'summary')}",
        f"audience = {_string(lesson.audience, 'audience')}",
        *_list_lines("sources", lesson.sources),
    ]
    for number, step in enumerate(lesson.steps, start=1):
        lines += ["", *step_lines(step, tool_comments.get(number))]
    return "\n".join(lines) + "\n"


def tool_comments_in(text: str) -> dict[int, str]:
    """The comment lines just above ``at =`` in each step's ``[steps.tool]`` table of a lesson's
    text: step number -> the comment (without ``#``). What an author (or the editor) wrote there
    survives opening the lesson in the editor and saving it again."""
    comments: dict[int, str] = {}
    step = 0
    in_tool = False
    pending: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        compact = line.replace(" ", "")
        if compact.startswith("[[steps]]"):
            step, in_tool, pending = step + 1, False, []
        elif compact.startswith("["):
            in_tool, pending = compact.startswith("[steps.tool]"), []
        elif in_tool and line.startswith("#"):
            pending.append(line[1:].strip())
        elif in_tool and compact.startswith("at="):
            if pending and step:
                comments[step] = _join_comment(pending)
            pending = []
        else:
            pending = []
    return comments


def _join_comment(lines: list[str]) -> str:
    """Wrapped comment lines back into paragraphs (the writer wraps them again)."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join(" ".join(p) for p in paragraphs if p)
