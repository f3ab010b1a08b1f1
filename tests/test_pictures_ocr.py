"""Every shipped lesson step, drawn at 1280x720 and 1920x1080 as ``screenshot`` draws it, read back
with OCR (tesseract): every label the step names and the readout's verdict are drawn, inside the
picture, clear of the readout, legend, caption and attribution, and legible.

Lean: one off-screen scene for every step and both sizes; tesseract reads, per picture, a strip
made of the crops of the placed labels and the readout (no anatomy around them to confuse its
page layout), on both cores. ``scripts/ocr_report.py`` reads the whole pictures, for the figures.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.core.lessons import discover_lessons
from anatomy_viewer.core.pictures.label_layout import inside, overlaps
from anatomy_viewer.core.scene.scene_state import settled
from anatomy_viewer.core.vocabulary import LANDMARK_IDS, landmark_label


@pytest.fixture(autouse=True, scope="module")
def _tesseract():
    """CI installs tesseract-ocr (.ci/run): there these tests must run, never skip."""
    if shutil.which("tesseract") is None:
        if os.environ.get("CI"):
            pytest.fail("tesseract is not installed (apt-get install tesseract-ocr)")
        pytest.skip("tesseract is not installed")


SIZES = ((1280, 720), (1920, 1080))
INSET_PX = 1  # inside the box's edge
PAD_PX = 16


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def _read(needle: str, haystack: list[str]) -> int:
    """How often ``needle``'s words occur in ``haystack`` (up to one wrong character in ten)."""
    target = " ".join(_words(needle))
    n, found, i = len(target.split()), 0, 0
    while i + n <= len(haystack):
        window = " ".join(haystack[i : i + n])
        if difflib.SequenceMatcher(None, window, target).ratio() >= 0.9:
            found, i = found + 1, i + n
        else:
            i += 1
    return found


def _tile(image: np.ndarray, rect) -> Image.Image:
    """The inside of one box (its text and its own background only), padded with the colour of its
    edge: what a reader's eye takes in of a label."""
    height, width = image.shape[:2]
    left, top, right, bottom = (int(round(v)) for v in rect)
    left, top = max(0, left + INSET_PX), max(0, top + INSET_PX)
    right, bottom = min(width, right - INSET_PX), min(height, bottom - INSET_PX)
    crop = np.ascontiguousarray(image[top:bottom, left:right, :3])
    edge = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    tile = Image.new("RGB", (crop.shape[1] + 2 * PAD_PX, crop.shape[0] + 2 * PAD_PX),
                     tuple(int(v) for v in np.median(edge, axis=0)))  # fmt: skip
    tile.paste(Image.fromarray(crop), (PAD_PX, PAD_PX))
    return tile


def _ocr(job: tuple[Image.Image, str]) -> str:
    picture, mode = job  # mode: 7 a single line (a label), 6 a block (the readout)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", mode],
        input=buffer.getvalue(), capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def pictures(loaded, catalogue):
    """(lesson id, step, size, image, what the board drew, the readout's lines) for every step."""
    from anatomy_viewer.core.tool.readout import lines, readout
    from anatomy_viewer.render.apply_state import lesson_landmarks
    from anatomy_viewer.render.overlays.label_board import boxes_of
    from anatomy_viewer.render.pictures.export import ExportOptions, render_image
    from anatomy_viewer.render.pictures.offscreen import offscreen_scene
    from anatomy_viewer.render.pictures.offscreen_overlays import offscreen_director

    meshes = loaded.meshes
    lessons = discover_lessons(catalogue=catalogue)
    steps = [(lesson, step) for lesson in lessons for step in lesson.steps]
    landmarks = lesson_landmarks([s for _, s in steps], meshes)
    states = [settled(step.scene_state(catalogue, landmarks)) for _, step in steps]
    scene = offscreen_scene(catalogue, meshes, SIZES[0])
    out = []
    try:
        director = offscreen_director(scene, meshes, states)
        tool = next(o for o in director.overlays if type(o).__name__ == "ToolLayer")
        for size in SIZES:
            scene.plotter.window_size = list(size)
            for (lesson, step), state in zip(steps, states, strict=True):
                director.apply(state, render=False)
                image = render_image(scene, ExportOptions(size))
                board = scene.board
                readout_lines = lines(readout(tool.placement)) if state.tool is not None else []
                drawn = {
                    "boxes": boxes_of(board),
                    "gave_way": board.layout.gave_way,
                    "obstacles": list(board.last_view.obstacles),
                    "readout": tool.readout_panel.rect if state.tool is not None else None,
                }
                out.append((lesson.id, step, size, image, drawn, readout_lines))
    finally:
        scene.plotter.close()
    return out


def _asked(step, catalogue) -> list[tuple[str, str]]:
    """(board key, text) of every label the step names."""
    return [
        (f"landmark:{i}", landmark_label(i)) if i in LANDMARK_IDS
        else (f"structure:{i}", catalogue[i].name)
        for i in step.labels
    ]  # fmt: skip


def test_every_named_label_is_drawn_inside_the_picture_clear_of_the_fixed_texts(
    pictures, catalogue
):
    for lesson_id, step, size, _, drawn, _ in pictures:
        where = f"{lesson_id} step {step.number} at {size[0]}x{size[1]}"
        frame = (0, 0, *size)
        for key, _text in _asked(step, catalogue):
            assert key in drawn["boxes"], f"{where}: {key} gave way"
            box = drawn["boxes"][key]
            assert inside(box, frame), where
            for obstacle in drawn["obstacles"]:
                assert not overlaps(box, obstacle), f"{where}: {key} over {obstacle}"
        if drawn["readout"] is not None:
            assert inside(drawn["readout"], frame), where
        boxes = list(drawn["boxes"].values())
        for i, a in enumerate(boxes):
            assert not any(overlaps(a, b) for b in boxes[i + 1 :]), where


def test_ocr_reads_every_named_label_and_the_verdict(pictures, catalogue):
    jobs, expected = [], []
    for lesson_id, step, size, image, drawn, readout_lines in pictures:
        where = f"{lesson_id} step {step.number} at {size[0]}x{size[1]}"
        for key, text in _asked(step, catalogue):
            if key in drawn["boxes"]:  # the test above says when one is missing
                jobs.append((_tile(image, drawn["boxes"][key]), "7"))
                expected.append((where, text))
        if readout_lines:
            jobs.append((_tile(image, drawn["readout"]), "6"))
            expected.append((where, re.split(r"[,(]", readout_lines[0], maxsplit=1)[0]))
    with ThreadPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(_ocr, jobs))
    missed = [
        f"{where}: {text!r} (read {got.strip()!r})"
        for (where, text), got in zip(expected, read, strict=True)
        if not _read(text, _words(got))
    ]
    assert not missed, "\n".join(missed)


def test_labels_scale_with_the_picture(pictures):
    """The same proportions at every export size: a label's box height is the same share."""
    heights = {}
    for lesson_id, step, size, _, drawn, _ in pictures:
        for key, (_, top, _, bottom) in drawn["boxes"].items():
            heights.setdefault((lesson_id, step.number, key), {})[size] = (bottom - top) / size[1]
    shares = [h[SIZES[1]] / h[SIZES[0]] for h in heights.values() if len(h) == 2]
    assert shares and max(abs(s - 1) for s in shares) < 0.08
