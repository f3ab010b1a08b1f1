"""File > Export lesson as web page, in the window: the same page as the command line writes."""

from __future__ import annotations

import json
import re

import pytest

from anatomy_viewer.qt.export.web_dialog import WebPageDialog


@pytest.mark.gui
def test_export_a_lesson_as_a_web_page_from_the_window(main_window, tmp_path):
    texts = [a.text() for a in main_window.file_menu.actions()]
    assert texts.index("Export lesson as &web page…") == texts.index("Export &handout…") + 1
    lesson = next(lesson for lesson in main_window.lessons.lessons if lesson.id == "the_pivot")
    path = tmp_path / "pivot.html"
    assert main_window.web_export.save_web_page(lesson, path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'id="lesson-data" type="application/json">(.*?)</script>', text, re.S)[1]
    )
    assert [s["title"] for s in data["steps"]] == [s.title for s in lesson.steps]
    assert "Saved" in main_window.statusBar().currentMessage()


@pytest.mark.gui
def test_the_dialog_names_the_file_after_the_lesson(qtbot, tmp_path):
    dialog = WebPageDialog([("a", "Lesson A"), ("b", "Lesson B")], "a", tmp_path / "a.html")
    qtbot.addWidget(dialog)
    dialog.lesson_box.setCurrentIndex(1)
    assert dialog.choice().lesson_id == "b"
    assert dialog.choice().path == tmp_path / "b.html"
