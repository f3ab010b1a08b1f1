"""Exporting lessons as web pages: one page, or ``--all`` (one page per lesson plus an index).

    lessons + catalogue + meshes + checker --PageDataBuilder--> data --page.lesson_page--> HTML
        --> safe_write (temporary file, then rename); an index page links the lessons' files

Shared by ``anatomy-viewer export-web`` and File > Export lesson as web page. The checker is the
caller's (the window's is already measured); meshes are decimated once and kept in the user cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...core.anatomy.catalogue import Catalogue
from ...core.anatomy.meshes import SurfaceMesh
from ...core.lessons import Lesson
from ...core.placement.checker import PlacementChecker
from .page import index_page, lesson_page, write_page
from .page_data import DISCLAIMER, PageDataBuilder, PageOptions

INDEX_NAME = "index.html"
Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class WrittenPage:
    path: Path
    bytes: int
    seconds: float
    lesson_id: str | None  # None for the index


def page_file_name(lesson: Lesson) -> str:
    return f"{lesson.id}.html"  # ids are [a-z0-9_-]: safe as file names everywhere


def needed_structures(lessons: Sequence[Lesson], catalogue: Catalogue) -> set[str]:
    """What must be loaded: every structure a step shows, plus the teaching scene the checker
    measures on (the catalogue's core group)."""
    core = {s.id for s in catalogue if s.group == "core"}
    return core.union(*(lesson.visible_ids(catalogue) for lesson in lessons))


def export_pages(
    lessons: Sequence[Lesson],
    catalogue: Catalogue,
    meshes: Mapping[str, SurfaceMesh],
    checker: PlacementChecker,
    paths: Sequence[Path],
    index: Path | None = None,
    options: PageOptions | None = None,
    progress: Progress | None = None,
) -> list[WrittenPage]:
    """Write ``lessons[i]`` to ``paths[i]``; with ``index``, an index page linking them (relative)."""
    builder = PageDataBuilder(catalogue, meshes, checker, options or PageOptions())
    written: list[WrittenPage] = []
    total = len(lessons) + (index is not None)
    for done, (lesson, path) in enumerate(zip(lessons, paths, strict=True)):
        start = time.perf_counter()
        size = write_page(path, lesson_page(builder.lesson(lesson)))
        written.append(WrittenPage(path, size, time.perf_counter() - start, lesson.id))
        if progress is not None:
            progress(done + 1, total)
    if index is not None:
        start = time.perf_counter()
        entries = [
            (lesson, _relative(path, index.parent))
            for lesson, path in zip(lessons, paths, strict=True)
        ]
        footer = {
            "attribution": catalogue.attribution,
            "licence_url": catalogue.licence_url,
            "disclaimer": DISCLAIMER,
        }
        text = index_page(entries, footer)
        size = write_page(index, text)
        written.append(WrittenPage(index, size, time.perf_counter() - start, None))
        if progress is not None:
            progress(total, total)
    return written


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
