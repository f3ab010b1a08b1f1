"""Broken lessons are refused with messages naming file, line, step and field.

Each file in tests/lessons_broken/ lists the message fragments it must produce in ``# expect:`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.lessons import MAX_LESSON_BYTES, LessonError, load_lesson, parse_lesson
from anatomy_viewer.core.lessons.problems import MAX_PROBLEMS_PER_FILE

BROKEN = Path(__file__).parent / "lessons_broken"
BROKEN_FILES = sorted(BROKEN.glob("*.toml"))

GOOD = """\
id = "good"
title = "Good"
summary = "s"
audience = "students"
sources = ["the domain brief"]

[[steps]]
title = "Only step"
text = "t"
"""


def expected_fragments(path: Path) -> list[str]:
    return re.findall(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)


def problems_of(path: Path, catalogue) -> list[str]:
    with pytest.raises(LessonError) as info:
        load_lesson(path, catalogue)
    return [str(p) for p in info.value.problems]


def test_the_corpus_covers_the_required_kinds_of_mistake():
    names = {p.stem for p in BROKEN_FILES}
    assert {"syntax_error", "unknown_keys", "wrong_types", "unknown_ids", "out_of_range"} <= names
    assert {"missing_fields"} <= names
    assert all(expected_fragments(p) for p in BROKEN_FILES), (
        "every broken file states what it expects"
    )


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_lesson_reports_every_expected_problem(path, catalogue):
    problems = problems_of(path, catalogue)
    for fragment in expected_fragments(path):
        assert any(fragment in problem for problem in problems), (fragment, problems)
    for problem in problems:
        assert problem.startswith(str(path)), problem
        assert "\n" not in problem


def test_all_problems_of_a_file_are_collected(catalogue):
    problems = problems_of(BROKEN / "unknown_ids.toml", catalogue)
    assert len(problems) >= 6


def test_syntax_error_names_the_line(catalogue):
    (problem,) = problems_of(BROKEN / "syntax_error.toml", catalogue)
    assert problem.startswith(f"{BROKEN / 'syntax_error.toml'}:6: TOML syntax error")


def test_lesson_error_is_a_user_error_reading_as_one_line(catalogue):
    with pytest.raises(UserError) as info:
        load_lesson(BROKEN / "unknown_ids.toml", catalogue)
    message = str(info.value)
    assert "\n" not in message and "more problems" in message


def test_oversize_file_is_refused_before_parsing(tmp_path, catalogue):
    path = tmp_path / "huge.toml"
    # Valid TOML up front and a broken tail: a parser would complain about syntax, the size check first.
    path.write_bytes(GOOD.encode() + b"#" * MAX_LESSON_BYTES + b"\n= broken")
    (problem,) = problems_of(path, catalogue)
    assert "lesson files are limited to" in problem and "syntax" not in problem
    with pytest.raises(LessonError, match="limited to"):
        parse_lesson(path.read_bytes(), catalogue, "huge.toml")


def test_binary_file_is_reported_as_not_text(tmp_path, catalogue):
    path = tmp_path / "mesh.toml"
    path.write_bytes(b'id = "x"\n\x80\x81\xfe binary STL bytes')
    (problem,) = problems_of(path, catalogue)
    assert f"{path}:2: is not UTF-8 text" in problem


def test_missing_file_and_folder(tmp_path, catalogue):
    assert problems_of(tmp_path / "nope.toml", catalogue) == [
        f"{tmp_path / 'nope.toml'}: no such file"
    ]
    assert "is a folder" in problems_of(tmp_path, catalogue)[0]


def test_deep_nesting_is_a_lesson_error_not_a_crash(catalogue):
    with pytest.raises(LessonError, match="nested too deeply|syntax"):
        parse_lesson(b"a = " + b"[" * 50_000, catalogue)


def test_huge_integer_is_a_lesson_error(catalogue):
    data = GOOD.replace('text = "t"', 'text = "t"\nhold_s = ' + "9" * 5000).encode()
    with pytest.raises(LessonError):
        parse_lesson(data, catalogue)


def test_too_many_steps(catalogue):
    step = '\n[[steps]]\ntitle = "s"\ntext = "t"\n'
    with pytest.raises(LessonError, match="51 steps; at most 50"):
        parse_lesson((GOOD + step * 50).encode(), catalogue)


def test_problem_count_is_bounded(catalogue):
    names = ", ".join(f'"nothing_{i}"' for i in range(90))
    steps = "".join(
        f'\n[[steps]]\ntitle = "s{i}"\ntext = "t"\nlabels = [{names}]\n' for i in range(3)
    )
    with pytest.raises(LessonError) as info:
        parse_lesson((GOOD + steps).encode(), catalogue)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert "more problems not shown" in str(problems[-1])


def test_a_valid_lesson_passes(catalogue):
    lesson = parse_lesson(GOOD.encode(), catalogue, "good.toml")
    assert lesson.id == "good" and len(lesson) == 1 and lesson.steps[0].camera == "anterior"


def test_nothing_outside_the_file_is_read(tmp_path, catalogue, monkeypatch):
    """A lesson naming other files (as sources, links or ids) loads without touching them."""
    opened: list[str] = []
    real_open = Path.open

    def watching_open(self, *args, **kwargs):
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    path = tmp_path / "lesson.toml"
    path.write_text(GOOD.replace('["the domain brief"]', '["/etc/passwd", "include = other.toml"]'))
    monkeypatch.setattr(Path, "open", watching_open)
    load_lesson(path, catalogue)
    assert opened == [str(path)]
