"""The lesson being edited (core, no Qt): edits, undo and redo, problems as ``lessons check`` reports
them, saving (atomic, refused with problems, never over a shipped lesson), My lessons and import."""

from __future__ import annotations

import pytest

from anatomy_viewer.cli import main
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.lessons import ChoiceQuiz, discover_lessons, load_lesson
from anatomy_viewer.core.lessons.capture import capture_scene
from anatomy_viewer.core.lessons.draft import LessonDraft
from anatomy_viewer.core.lessons.library import (
    MINE,
    SHIPPED,
    USER_LESSONS_ENV,
    import_lesson_file,
    lesson_library,
    unique_id,
    user_lessons_dir,
)
from anatomy_viewer.core.lessons.undo import UndoHistory
from anatomy_viewer.core.scene.scene_state import SceneState


@pytest.fixture
def my_lessons(tmp_path, monkeypatch):
    folder = tmp_path / "my lessons"
    monkeypatch.setenv(USER_LESSONS_ENV, str(folder))
    return folder


def _scene(catalogue, *visible, camera="anterior"):
    return capture_scene(SceneState(camera=camera, visible=frozenset(visible)), catalogue)


def _three_steps(catalogue, my_lessons) -> LessonDraft:
    draft = LessonDraft.new(catalogue, "Psoas: a first look", "The psoas, seen three ways.")
    draft.add_step(_scene(catalogue, "psoas_major_right"), "One", "First.")
    draft.add_step(_scene(catalogue, "iliacus_right", camera="oblique"), "Two", "Second.")
    draft.add_step(_scene(catalogue, "hip_bone_right"), "Three", "Third.")
    return draft


def test_undo_history_merges_typing_and_forgets_redo_on_a_new_edit():
    history = UndoHistory("")
    for text in ("H", "He", "Hel"):
        history.record(text, "Edit the title", merge_key="title")
    assert history.value == "Hel" and history.can_undo
    history.undo()
    assert history.value == "" and history.redo_label == "Edit the title"
    history.redo()
    history.undo()
    history.record("X", "Edit the text", merge_key="text")
    assert not history.can_redo and history.value == "X"
    history.mark_clean()
    history.record("XY", "Edit the text", merge_key="text")  # a save ends the merge
    history.undo()
    assert history.value == "X" and history.is_clean


def test_a_new_lesson_gets_an_id_from_its_title_and_problems_until_it_has_steps(catalogue):
    draft = LessonDraft.new(catalogue, "Psoas: a first look", taken_ids={"psoas_a_first_look"})
    assert draft.info.id == "psoas_a_first_look_2"
    fields = {p.field for p in draft.problems()}
    assert {"summary", "steps"} <= fields
    assert draft.dirty


def test_edits_undo_and_redo(catalogue, my_lessons):
    draft = _three_steps(catalogue, my_lessons)
    assert [d.step.title for d in draft.steps] == ["One", "Two", "Three"]
    assert draft.problems() == ()
    draft.move(2, 0)
    assert [d.step.title for d in draft.steps] == ["Three", "One", "Two"]
    assert draft.current == 0
    draft.duplicate(1)
    draft.delete(0)
    assert [d.step.title for d in draft.steps] == ["One", "One", "Two"]
    for letters in ("T", "Tw", "Twi"):
        draft.edit_step(1, title=letters)
    assert draft.history.undo_label == "Edit the title of step 2"
    assert draft.undo()  # the typing, in one go
    assert draft.steps[1].step.title == "One"
    draft.undo()  # the delete
    draft.undo()  # the duplicate
    draft.undo()  # the move
    assert [d.step.title for d in draft.steps] == ["One", "Two", "Three"]
    assert draft.current == 0  # the step the move was about, where it is now
    draft.redo()
    assert [d.step.title for d in draft.steps] == ["Three", "One", "Two"]


def test_problems_are_the_ones_lessons_check_reports(catalogue, my_lessons, capsys):
    draft = _three_steps(catalogue, my_lessons)
    draft.edit_step(1, title="", hold_s=4.0)
    draft.edit_step(2, quiz=ChoiceQuiz("Which?", ("A", "A"), 0, "Because."))
    problems = {(p.step, p.field) for p in draft.problems()}
    assert problems == {(2, "title"), (2, "hold_s"), (3, "quiz.choices")}
    with pytest.raises(UserError, match="not saved"):
        draft.save()
    broken = my_lessons.parent / "broken.toml"
    broken.write_text(draft.text(), encoding="utf-8")
    assert main(["lessons", "check", str(broken)]) == 2
    out = capsys.readouterr().out
    for problem in draft.problems():
        text = str(problem).replace("unsaved lesson", str(broken))
        assert text in out  # same step, field, line and message


def test_save_writes_my_lessons_atomically_and_reopens_the_same(catalogue, my_lessons):
    draft = _three_steps(catalogue, my_lessons)
    path = draft.save()
    assert path == my_lessons / "psoas_a_first_look.toml" and not draft.dirty
    assert not list(my_lessons.glob(".*partial*"))  # no temporary file left behind
    lesson = load_lesson(path, catalogue)
    for saved, step in zip(lesson.steps, draft.lesson().steps, strict=True):
        assert saved.scene_state(catalogue) == step.scene_state(catalogue)
    # Renaming the id renames the file in My lessons.
    draft.set_info(id="psoas_first")
    assert draft.dirty
    assert draft.save() == my_lessons / "psoas_first.toml"
    assert sorted(p.name for p in my_lessons.iterdir()) == ["psoas_first.toml"]


def test_shipped_lessons_are_read_only_editing_makes_a_copy(catalogue, my_lessons):
    shipped = discover_lessons(catalogue=catalogue)[3]
    with pytest.raises(UserError, match="read-only"):
        LessonDraft.from_lesson(shipped, catalogue)
    text = shipped.path.read_text(encoding="utf-8")
    copy = LessonDraft.copy_of(shipped, catalogue, text, taken_ids={shipped.id})
    assert copy.info.id == f"{shipped.id}_copy" and copy.dirty
    assert copy.path == my_lessons / f"{shipped.id}_copy.toml"
    with pytest.raises(UserError, match="read-only"):
        copy.save(shipped.path)
    assert shipped.path.read_text(encoding="utf-8") == text  # untouched
    saved = load_lesson(copy.save(), catalogue)
    assert [s.scene_state for s in saved.steps] and len(saved.steps) == len(shipped.steps)


def test_library_lists_shipped_and_mine_and_reports_a_broken_file(catalogue, my_lessons):
    my_lessons.mkdir()
    draft = _three_steps(catalogue, my_lessons)
    draft.save()
    (my_lessons / "broken.toml").write_text('id = "x"\n', encoding="utf-8")
    entries, problems = lesson_library(catalogue)
    origins = {e.lesson.id: e.origin for e in entries}
    assert origins["psoas_a_first_look"] == MINE and origins["the_pivot"] == SHIPPED
    assert any("broken.toml" in p.file for p in problems)
    assert user_lessons_dir() == my_lessons


def test_import_copies_into_my_lessons_and_renames_a_taken_id(catalogue, my_lessons, tmp_path):
    shipped = discover_lessons(catalogue=catalogue)[0]
    taken = {shipped.id}
    path = import_lesson_file(shipped.path, catalogue, taken)
    assert path == my_lessons / f"{shipped.id}_2.toml"
    assert load_lesson(path, catalogue).id == f"{shipped.id}_2"
    free = tmp_path / "free.toml"
    free.write_text(
        shipped.path.read_text(encoding="utf-8").replace(f'id = "{shipped.id}"', 'id = "free"'),
        encoding="utf-8",
    )
    copied = import_lesson_file(free, catalogue, taken)
    assert copied.read_bytes() == free.read_bytes()  # as the author wrote it, comments and all
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\n', encoding="utf-8")
    with pytest.raises(UserError):
        import_lesson_file(bad, catalogue, taken)


def test_unique_id_stays_a_valid_id():
    assert unique_id("a" * 64, {"a" * 64}) == "a" * 62 + "_2"
    assert unique_id("My Lesson!", ()) == "my_lesson"


def test_lessons_list_shows_where_each_lesson_comes_from(catalogue, my_lessons, capsys):
    _three_steps(catalogue, my_lessons).save()
    assert main(["lessons", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    mine = [line for line in lines if "psoas_a_first_look" in line]
    assert len(mine) == 1 and "My lessons" in mine[0]
    assert all("shipped" in line for line in lines if line not in mine)
    assert main(["lessons", "list", "--json"]) == 0
    import json

    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["psoas_a_first_look"]["origin"] == "mine"
    assert rows["the_pivot"]["origin"] == "shipped"
    # A broken file of the user's is named on stderr; the rest are still listed.
    (my_lessons / "broken.toml").write_text('id = "x"\n', encoding="utf-8")
    assert main(["lessons", "list"]) == 0
    captured = capsys.readouterr()
    assert "psoas_a_first_look" in captured.out
    assert "problem(s) in My lessons" in captured.err and "lessons check" in captured.err


def test_typing_in_each_part_of_a_quiz_is_its_own_undo_step(catalogue, my_lessons):
    from anatomy_viewer.core.lessons import PlaceQuiz

    draft = _three_steps(catalogue, my_lessons)
    draft.edit_step(0, quiz=PlaceQuiz("", "right", "safe", ""))
    for text in ("W", "Wh", "Where?"):
        draft.edit_step(0, quiz=PlaceQuiz(text, "right", "safe", ""))
    for text in ("B", "Because."):
        draft.edit_step(0, quiz=PlaceQuiz("Where?", "right", "safe", text))
    draft.undo()
    assert draft.steps[0].step.quiz == PlaceQuiz("Where?", "right", "safe", "")
    draft.undo()
    assert draft.steps[0].step.quiz == PlaceQuiz("", "right", "safe", "")
    draft.undo()
    assert draft.steps[0].step.quiz is None
