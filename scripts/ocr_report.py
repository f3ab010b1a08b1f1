"""How many of the texts each shipped lesson step asks for can be read back from its picture (issue 13).

    python scripts/ocr_report.py [--mesh-dir DIR] [--sizes 1280x720,1920x1080] [--keep DIR]
                                 [--sheet DIR] [--json] [--jobs 2]

Every step of every shipped lesson is rendered the way a user makes a picture of it,
``anatomy-viewer screenshot --lesson ID --step N --size WxH``, and read back with tesseract
(``tesseract IMAGE stdout --psm 11``: sparse text, the mode meant for words scattered over a
picture; no preprocessing). A step asks for:

- each entry of its ``labels``: the structure's name from the catalogue, or the landmark's label
  (``core.vocabulary.landmark_label``, e.g. "Right ASIS");
- with a tool: the readout's verdict, read as the headline up to its first comma or bracket
  ("SAFE: right iliacus"), so that the zone words and the legend, which hold the same words, do not
  count for it.

A text counts as read when the OCR output holds it as many times as the picture should hold it (a
label whose words are also in the readout must be found twice), comparing lower-case words without
punctuation, with up to one wrong character in ten (difflib ratio >= 0.9 on each word window).

``--sheet DIR`` writes one contact sheet per size (every step, scaled, with its lesson and step);
``--keep DIR`` keeps the pictures. With ``--json`` the last line of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_SIZES = ((1280, 720), (1920, 1080))
MATCH_RATIO = 0.9  # difflib ratio: about one wrong character in ten
TESSERACT = ("tesseract", "stdin", "stdout", "--psm", "11")
# Before issue 13 there was no landmark label vocabulary: the words the zones layer drew (and what
# a label would have said for the landmarks it never drew).
OLD_LANDMARK_WORDS = {
    "asis": "ASIS",
    "pubic_tubercle": "pubic tubercle",
    "mid_inguinal": "mid-inguinal point",
    "pubic_symphysis": "pubic symphysis",
    "umbilicus_level": "umbilicus level",
    "iliac_crest": "iliac crest",
    "femoral_head": "femoral head",
    "lesser_trochanter": "lesser trochanter",
}


@dataclass
class StepReport:
    lesson: str
    step: int
    asked: list[str]
    missed: list[str] = field(default_factory=list)
    image: Path | None = None


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def count_in(needle: str, haystack_words: list[str]) -> int:
    """Non-overlapping occurrences of ``needle``'s words in ``haystack_words``, fuzzily."""
    target = " ".join(words(needle))
    n = len(target.split())
    found, i = 0, 0
    while i + n <= len(haystack_words):
        window = " ".join(haystack_words[i : i + n])
        if window == target or difflib.SequenceMatcher(None, window, target).ratio() >= MATCH_RATIO:
            found += 1
            i += n
        else:
            i += 1
    return found


def label_text(label_id: str, catalogue) -> str:
    if label_id in catalogue:
        return catalogue[label_id].name
    try:
        from anatomy_viewer.core.vocabulary import landmark_label
    except ImportError:
        base = label_id.removesuffix("_right").removesuffix("_left")
        return OLD_LANDMARK_WORDS[base]
    return landmark_label(label_id)


def readout_lines(step, catalogue, checker, landmarks) -> list[str]:
    from anatomy_viewer.core.tool.readout import lines, readout

    tool = step.tool.placement(landmarks)
    if tool.pivot_to_deg is not None:  # a still shows where an animated pivot ends
        tool = tool.settled()
    placement = checker.check(tool.side, tool.at[0], tool.at[1], tool.pivot_deg)
    return lines(readout(placement))


def headline_key(headline: str) -> str:
    return re.split(r"[,(]", headline, maxsplit=1)[0].strip()


def render(lesson_id: str, number: int, size: tuple[int, int], out: Path, mesh_dir) -> None:
    command = [sys.executable, "-m", "anatomy_viewer", "screenshot", "--lesson", lesson_id,
               "--step", str(number), "--size", f"{size[0]}x{size[1]}", "-o", str(out)]  # fmt: skip
    if mesh_dir:
        command[3:3] = ["--mesh-dir", str(mesh_dir)]
    subprocess.run(command, check=True, capture_output=True, text=True)


def ocr(path: Path) -> str:
    done = subprocess.run(TESSERACT, input=path.read_bytes(), capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def judge(asked: list[str], others: list[str], text: str) -> list[str]:
    """The asked texts not read (each needed once per asking plus once per other mention)."""
    seen = words(text)
    missed = []
    for item in dict.fromkeys(asked):
        needed = asked.count(item) + sum(count_in(item, words(o)) for o in others)
        if count_in(item, seen) < needed:
            missed.append(item)
    return missed


def read_step(report: StepReport, job: tuple, size: tuple[int, int], mesh_dir) -> list[str]:
    """Render one step and read it back: the asked texts not read."""
    lesson_id, number, others = job
    render(lesson_id, number, size, report.image, mesh_dir)
    return judge(report.asked, others, ocr(report.image))


def contact_sheet(reports: list[StepReport], out: Path, columns: int = 5) -> None:
    from PIL import Image, ImageDraw, ImageFont

    tiles = [Image.open(r.image) for r in reports]
    width = 512
    height = round(tiles[0].height * width / tiles[0].width)
    rows = -(-len(tiles) // columns)
    sheet = Image.new("RGB", (columns * width, rows * (height + 26)), "#222222")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=18)
    for k, (report, tile) in enumerate(zip(reports, tiles, strict=True)):
        x, y = (k % columns) * width, (k // columns) * (height + 26)
        sheet.paste(tile.convert("RGB").resize((width, height)), (x, y + 26))
        read = len(report.asked) - len(report.missed)
        draw.text((x + 6, y + 3), f"{report.lesson} {report.step}: {read}/{len(report.asked)}",
                  fill="#f2f2f2" if not report.missed else "#ff9a9a", font=font)  # fmt: skip
    sheet.save(out)


def measure(args) -> dict:
    from anatomy_viewer.core.anatomy.catalogue import load_catalogue
    from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
    from anatomy_viewer.core.anatomy.meshes import load_structures
    from anatomy_viewer.core.lessons import discover_lessons

    catalogue = load_catalogue()
    lessons = discover_lessons(catalogue=catalogue)
    steps = [(lesson, step) for lesson in lessons for step in lesson.steps]
    checker = landmarks = None
    if any(step.tool is not None for _, step in steps):
        from anatomy_viewer.core.placement.checker import PlacementChecker

        core = [s.id for s in catalogue if s.group == "core"]
        meshes = load_structures(catalogue, resolve_mesh_folder(args.mesh_dir), core).meshes
        checker = PlacementChecker.for_teaching_scene(catalogue, meshes)
        landmarks = checker.landmarks
    folder = Path(args.keep or tempfile.mkdtemp(prefix="ocr-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {"sizes": {}}
    for size in args.sizes:
        tag = f"{size[0]}x{size[1]}"
        reports, jobs = [], []
        for lesson, step in steps:
            asked = [label_text(i, catalogue) for i in step.labels]
            others: list[str] = []
            if step.tool is not None:
                lines = readout_lines(step, catalogue, checker, landmarks)
                key = headline_key(lines[0])
                asked.append(key)
                # The rest of the readout: the words labels share with it must be read once more.
                others = [lines[0].replace(key, "", 1), *lines[1:]]
            image = folder / f"{tag}-{lesson.id}-{step.number:02d}.png"
            reports.append(StepReport(lesson.id, step.number, asked, image=image))
            jobs.append((lesson.id, step.number, others))
        print(f"[ocr] {tag}: rendering and reading {len(jobs)} steps", file=sys.stderr)

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            done = pool.map(
                read_step, reports, jobs, [size] * len(jobs), [args.mesh_dir] * len(jobs)
            )
            for report, missed in zip(reports, done, strict=True):
                report.missed = missed
        asked = sum(len(r.asked) for r in reports)
        read = asked - sum(len(r.missed) for r in reports)
        result["sizes"][tag] = {
            "read": read,
            "asked": asked,
            "percent": round(100 * read / asked, 1),
            "missed": {f"{r.lesson} {r.step}": r.missed for r in reports if r.missed},
        }
        if args.sheet:
            Path(args.sheet).mkdir(parents=True, exist_ok=True)
            contact_sheet(reports, Path(args.sheet) / f"contact-{tag}.png")
    result["images"] = str(folder)
    return result


def parse_sizes(text: str) -> list[tuple[int, int]]:
    return [tuple(int(v) for v in part.split("x")) for part in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir", default=os.environ.get("ANATOMY_VIEWER_MESH_DIR"))
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--keep", help="keep the pictures in this folder")
    parser.add_argument("--sheet", help="write contact sheets into this folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args)
    for tag, figures in result["sizes"].items():
        print(f"{tag}: {figures['read']} of {figures['asked']} texts read ({figures['percent']} %)")
        for where, missed in figures["missed"].items():
            print(f"    {where}: not read: {'; '.join(missed)}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
