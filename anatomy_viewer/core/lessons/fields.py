"""Readers for the values in a lesson file: each checks type and range, logs a problem and returns
``None`` when the value is unusable, so validation carries on and reports everything in one pass."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Any

from .problems import ProblemLog, did_you_mean, quote

# Lists in a lesson name a few structures; a longer list is a mistake or an attack on the validator.
MAX_LIST_ITEMS = 100

_TYPE_NAMES = {
    str: "text",
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
}


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), "a date/time" if hasattr(value, "isoformat") else "a value")


def check_keys(
    table: dict[str, Any],
    allowed: Collection[str],
    required: Collection[str],
    prefix: str,
    log: ProblemLog,
) -> None:
    """Unknown keys (with a suggestion) and missing required keys of one table."""
    for key in table:
        if key not in allowed:
            log.add(prefix + key, f"unknown key {quote(key)}{did_you_mean(key, allowed)}")
    for key in required:
        if key not in table:
            log.add(prefix + key, "missing (required)")


def read_text(value: object, field: str, log: ProblemLog, max_chars: int) -> str | None:
    if not isinstance(value, str):
        log.add(field, f"must be text, not {type_name(value)}")
        return None
    if not value.strip():
        log.add(field, "must not be empty")
        return None
    if len(value) > max_chars:
        log.add(field, f"is {len(value)} characters long; at most {max_chars}")
        return None
    return value


def read_number(
    value: object, field: str, log: ProblemLog, low: float, high: float, unit: str = ""
) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        log.add(field, f"must be a number, not {type_name(value)}")
        return None
    if isinstance(value, int) and abs(value) > 10**15:  # beyond float precision: no lesson needs it
        log.add(field, f"{quote(str(value))} is out of range {low:g}..{high:g}{unit}")
        return None
    if not (math.isfinite(value) and low <= value <= high):
        log.add(field, f"{value:g}{unit} is out of range {low:g}..{high:g}{unit}")
        return None
    return float(value)


def read_name(
    value: object, field: str, log: ProblemLog, candidates: Sequence[str], kind: str
) -> str | None:
    """One name from a fixed vocabulary, with a suggestion when it is close to a known one."""
    if not isinstance(value, str):
        log.add(field, f"must be text naming {kind}, not {type_name(value)}")
        return None
    if value not in candidates:
        hint = did_you_mean(value, candidates)
        if not hint and len(candidates) <= 12:
            hint = f" (choose from {', '.join(candidates)})"
        log.add(field, f"unknown {kind} {quote(value)}{hint}")
        return None
    return value


def read_names(
    value: object, field: str, log: ProblemLog, candidates: Sequence[str], kind: str
) -> tuple[str, ...] | None:
    """A list of names (a single name is accepted as a list of one); duplicates are dropped."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        log.add(field, f"must be a list of {kind} names, not {type_name(value)}")
        return None
    if len(value) > MAX_LIST_ITEMS:
        log.add(field, f"lists {len(value)} items; at most {MAX_LIST_ITEMS}")
        return None
    names: list[str] = []
    for index, item in enumerate(value, start=1):
        name = read_name(item, f"{field}[{index}]", log, candidates, kind)
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


def read_table(value: object, field: str, log: ProblemLog) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        log.add(field, f"must be a table, not {type_name(value)}")
        return None
    return value


def read_point(
    value: object, field: str, log: ProblemLog, size: int, limit: float
) -> tuple[float, ...] | None:
    """``size`` finite numbers, each within +-``limit``."""
    if not isinstance(value, list) or len(value) != size:
        log.add(field, f"must be a list of {size} numbers, not {type_name(value)}")
        return None
    numbers = [read_number(v, f"{field}[{i}]", log, -limit, limit) for i, v in enumerate(value, 1)]
    if any(n is None for n in numbers):
        return None
    return tuple(numbers)  # type: ignore[arg-type]
