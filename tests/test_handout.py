"""Lesson handouts: page count (title + steps + sources), the text on them, the paper, how the pages
look (rendered back to pictures with poppler), and one-line errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.cli import main
from anatomy_viewer.core.lessons import ChoiceQuiz, Lesson, Step

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdfinfo) not installed"
)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", out, flags=re.MULTILINE))


def pdf_pages_text(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]  # one form feed after every page


@pytest.fixture(scope="module")
def pivot_handout(tmp_path_factory, mesh_dir) -> Path:
    """The real thing, through the command line: lesson "the_pivot" with presenter notes."""
    path = tmp_path_factory.mktemp("handout") / "pivot.pdf"
    assert main(["handout", "--lesson", "the_pivot", "-o", str(path), "--notes"]) == 0
    return path


def test_page_count_and_text(pivot_handout, catalogue):
    from anatomy_viewer.core.lessons import find_lesson

    lesson = find_lesson("the_pivot", catalogue=catalogue)
    pages = pdf_pages_text(pivot_handout)
    assert len(pages) == len(lesson.steps) + 2 == int(pdf_info(pivot_handout)["Pages"])
    flat = [" ".join(page.split()) for page in pages]
    assert lesson.title.split(":")[0] in flat[0] and "Safety" in flat[0]
    for step, page in zip(lesson.steps, flat[1:-1], strict=True):
        assert step.title in page
        assert f"Step {step.number} of {len(lesson.steps)}" in page
        assert "Presenter notes" in page  # every shipped step has notes
    assert "Sources" in flat[-1] and "Aletha" in flat[-1]
    for page in flat:
        assert "BodyParts3D, (c) The Database Center for Life Science" in page
    assert pdf_info(pivot_handout)["Page size"].startswith("595")  # A4 by default


def test_pages_look_like_pages(pivot_handout, tmp_path, catalogue):
    """Step pages carry a picture of the anatomy (in colour) in their upper half; the title and
    sources pages are text only (black and grey)."""
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pivot_handout), str(tmp_path / "page")], check=True
    )
    pictures = sorted(tmp_path.glob("page-*.png"))
    from anatomy_viewer.core.lessons import find_lesson

    # A title page, one page per step, a sources page.
    assert len(pictures) == len(find_lesson("the_pivot", catalogue=catalogue).steps) + 2
    inked = []
    for picture in pictures:
        with Image.open(picture) as image:
            rgb = np.asarray(image.convert("RGB")).astype(int)
        upper = rgb[rgb.shape[0] // 10 : rgb.shape[0] // 2]
        inked.append((upper.max(axis=2) - upper.min(axis=2) > 40).mean())  # coloured pixels
    steps, others = inked[1:-1], [inked[0], inked[-1]]
    assert min(steps) > 0.025, inked
    assert max(others) < 0.012, inked  # the sources page has two blue links


def _tiny_lesson() -> Lesson:
    quiz = ChoiceQuiz("Where does the tip go?", ("Hip crease", "Just inside the ASIS"), 1, "Yes.")
    steps = tuple(
        Step(n, f"Step title {n}", f"Text of **step {n}**.", notes=f"Note {n}.",
             quiz=quiz if n == 3 else None)
        for n in (1, 2, 3)
    )  # fmt: skip
    return Lesson("tiny", "A tiny lesson", "Summary.", "Tests", ("A source",), steps)


@pytest.mark.parametrize("notes", [False, True])
def test_synthetic_lesson_letter_paper_and_notes_option(tmp_path, catalogue, notes):
    from anatomy_viewer.qt.export.handout import HandoutOptions, write_handout

    lesson = _tiny_lesson()
    images = [np.full((120, 150, 3), 90, np.uint8) for _ in lesson.steps]
    path = tmp_path / "tiny.pdf"
    pages = write_handout(path, lesson, images, catalogue, HandoutOptions("letter", notes))
    assert pages == 5 == int(pdf_info(path)["Pages"])
    assert pdf_info(path)["Page size"].startswith("612 x 792")
    text = " ".join(" ".join(pdf_pages_text(path)).split())
    assert ("Presenter notes" in text) is notes and ("Note 2." in text) is notes
    assert "Where does the tip go?" in text and "Just inside the ASIS" in text
    assert "Yes." not in text  # the quiz's answer is not printed under the question
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.pdf"]  # no temporary left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lesson", "pivot", "-o", "{tmp}/a.pdf"], 'did you mean "the_pivot"'),
        (["--lesson", "the_pivot", "-o", "{tmp}/a.png"], "must end in .pdf"),
        (["--lesson", "the_pivot", "-o", "{tmp}/no/a.pdf"], "folder does not exist"),
    ],
)
def test_handout_errors_are_one_line(argv, message, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["handout", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.gui
def test_export_handout_from_the_window(main_window, tmp_path):
    lesson = next(lesson for lesson in main_window.lessons.lessons if lesson.id == "the_pivot")
    path = tmp_path / "from-window.pdf"
    assert main_window.exports.save_handout(lesson, path, "a4", notes=False)
    assert int(pdf_info(path)["Pages"]) == len(lesson.steps) + 2
    assert "Presenter notes" not in " ".join(pdf_pages_text(path))


def test_step_pictures_fill_the_page_and_their_labels_read_back(
    pivot_handout, tmp_path, catalogue, core_meshes
):
    """Each step page at 150 dpi (a printed page, scanned): its picture spans the text width and
    most of the page, and tesseract reads every label the step names and the readout's verdict."""
    from concurrent.futures import ThreadPoolExecutor

    from anatomy_viewer.core.lessons import find_lesson
    from anatomy_viewer.core.vocabulary import LANDMARK_IDS, landmark_label

    if shutil.which("tesseract") is None:  # CI installs it (.ci/run): there this test must run
        if os.environ.get("CI"):
            pytest.fail("tesseract is not installed (apt-get install tesseract-ocr)")
        pytest.skip("tesseract is not installed")
    lesson = find_lesson("the_pivot", catalogue=catalogue)
    last = len(lesson.steps) + 1
    subprocess.run(["pdftoppm", "-r", "150", "-f", "2", "-l", str(last), "-png", str(pivot_handout),
                    str(tmp_path / "step")], check=True)  # fmt: skip
    pages = sorted(tmp_path.glob("step-*.png"))
    assert len(pages) == len(lesson.steps)

    def read(page: Path) -> tuple[str, float, float]:
        with Image.open(page) as image:
            rgb = np.asarray(image.convert("RGB")).astype(int)
        coloured = (rgb.max(axis=2) - rgb.min(axis=2)) > 40
        rows, cols = np.nonzero(coloured)
        width = (cols.max() - cols.min()) / rgb.shape[1]
        height = (rows.max() - rows.min()) / rgb.shape[0]
        out = subprocess.run(["tesseract", str(page), "stdout", "--psm", "11"], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
        return " ".join(re.sub(r"[^a-z0-9]+", " ", out.lower()).split()), width, height

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(read, pages))
    from anatomy_viewer.core.placement.checker import PlacementChecker
    from anatomy_viewer.core.tool.readout import readout

    checker = PlacementChecker.for_teaching_scene(catalogue, core_meshes)
    for step, (text, width, height) in zip(lesson.steps, results, strict=True):
        # Anatomy across most of the text width (A4: 174 of 210 mm) and over a third of the page.
        assert width > 0.45 and height > 0.33, (step.title, width, height)
        names = [landmark_label(i) if i in LANDMARK_IDS else catalogue[i].name for i in step.labels]
        if step.tool is not None:  # the readout's verdict, as the still shows it (pivot settled)
            tool = step.tool.placement(checker.landmarks).settled()
            headline = readout(checker.check(tool.side, *tool.at, tool.pivot_deg)).headline
            names.append(re.split(r"[,(]", headline, maxsplit=1)[0])
        for name in names:
            words = " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())
            assert words in text, (step.title, name, text[:400])
