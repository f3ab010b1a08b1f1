"""Lesson handouts as PDF, written with Qt's own PDF writer (no window needed, works headless).

    Lesson --picture_sizes (the room each step page leaves above its text)--> one picture per step,
      as large as the page allows (render/pictures/lesson_images.py, PRINT theme, labels in
      printed points: core/pictures/text_sizes.py's handout medium)
      --QPdfWriter + QPainter (+ QTextDocument for the lesson's Markdown-subset text)-->
    title page | one page per step (image, title, text, quiz question, notes optional) | sources page
      --bytes--> core.safe_write (temporary file, then rename)

Every page carries the BodyParts3D attribution in its footer, as the meshes' licence asks.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from ... import __version__
from ...core.anatomy.catalogue import Catalogue
from ...core.lessons import ChoiceQuiz, Lesson, Step, markdown_to_html
from ...core.safe_write import write_bytes

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 300  # PDF user space is resolution-free; this only sets the painter's unit (1/300 inch)
MARGINS_MM = (18.0, 15.0, 18.0, 14.0)  # left, top, right, bottom
GAP_MM = 4.0
MIN_IMAGE_HEIGHT_MM = (
    60.0  # below this the anatomy is too small to read; long text runs long instead
)
# A step's picture fills the text width and the height its page leaves, up to this many times as
# tall as wide (a page with a few lines of text would otherwise get a narrow tower).
MAX_IMAGE_ASPECT = 1.2
# Pixels per printed inch of a step's picture: sharp on paper (1500 px across A4's text width), and
# its 10 pt labels are 31 px tall.
PICTURE_PPI = 220.0
BODY_PT = 11.0
TEXT_COLOUR = "#111111"
MUTED_COLOUR = "#5a5a5a"
RULE_COLOUR = "#b8b8b8"
NOTES_BACKGROUND = "#f1f1ec"
DISCLAIMER = (
    "For teaching only, not medical advice. Ask a clinician before using a hip hook after abdominal "
    "surgery, with an acute injury, in pregnancy or with vascular disease."
)
STYLE = (
    f"body {{ color: {TEXT_COLOUR}; }} p {{ margin-top: 0; margin-bottom: 6pt; }}"
    f" li {{ margin-bottom: 3pt; }} .muted {{ color: {MUTED_COLOUR}; }}"
    " h1 { font-size: 24pt; margin-bottom: 8pt; } h2 { font-size: 17pt; margin-bottom: 6pt; }"
    " h3 { font-size: 12pt; margin-top: 10pt; margin-bottom: 4pt; }"
)


@dataclass(frozen=True)
class HandoutOptions:
    paper: str = "a4"  # a key of PAPERS
    notes: bool = False  # add each step's presenter notes


def ensure_gui_application() -> QGuiApplication:
    """Qt's painter and fonts need an application. Without a display the offscreen platform is
    enough; a QApplication (not just a QGuiApplication) so that the GUI can still start later."""
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app  # type: ignore[return-value]


def write_handout(
    path: Path,
    lesson: Lesson,
    images: Sequence[np.ndarray],
    catalogue: Catalogue,
    options: HandoutOptions = HandoutOptions(),
) -> int:
    """Write the PDF atomically; returns the number of pages."""
    data, pages = handout_pdf(lesson, images, catalogue, options)
    write_bytes(Path(path), data)
    return pages


def handout_pdf(
    lesson: Lesson,
    images: Sequence[np.ndarray],
    catalogue: Catalogue,
    options: HandoutOptions = HandoutOptions(),
) -> tuple[bytes, int]:
    """The handout as PDF bytes, and its page count (title + one per step + sources)."""
    if len(images) != len(lesson.steps):
        raise ValueError(f"{len(images)} images for {len(lesson.steps)} steps")
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, lesson, options)
    pages = _Pages(writer, lesson, catalogue)
    pages.title_page()
    for step, image in zip(lesson.steps, images, strict=True):
        pages.new_page()
        pages.step_page(step, image, options.notes)
    pages.new_page()
    pages.sources_page()
    pages.finish()
    buffer.close()
    return bytes(QByteArray(buffer.data()).data()), pages.count


def picture_sizes(
    lesson: Lesson, catalogue: Catalogue, options: HandoutOptions = HandoutOptions()
) -> list[tuple[int, int]]:
    """Each step's picture in pixels (at ``PICTURE_PPI``): as large as its page allows."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, lesson, options)
    pages = _Pages(writer, lesson, catalogue)
    try:
        boxes = [pages.picture_box(step, options.notes) for step in lesson.steps]
    finally:
        pages.finish()
        buffer.close()
    scale = PICTURE_PPI / DPI  # page units are 1/DPI inch
    return [(round(w * scale), round(h * scale)) for w, h in boxes]


def handout_images(
    lesson: Lesson,
    catalogue: Catalogue,
    meshes,
    options: HandoutOptions = HandoutOptions(),
    progress=None,
    landmarks=None,
    wall_mm: float | None = None,
) -> list[np.ndarray]:
    """The steps' pictures for this handout: page-filling, labels at printed point sizes;
    ``wall_mm``: the body wall of the steps that name none (None: the default)."""
    from ...core.pictures.text_sizes import handout
    from ...render.pictures.lesson_images import lesson_images

    sizes = picture_sizes(lesson, catalogue, options)
    return lesson_images(
        lesson, catalogue, meshes, sizes, progress=progress, landmarks=landmarks,
        medium=handout(PICTURE_PPI), wall_mm=wall_mm,
    )  # fmt: skip


def _writer(buffer: QBuffer, lesson: Lesson, options: HandoutOptions) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(lesson.title)
    writer.setCreator(f"anatomy-viewer {__version__}")
    left, top, right, bottom = MARGINS_MM
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAPERS[options.paper]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _mm(value: float) -> float:
    return value * DPI / 25.4


class _Pages:
    """Draws pages in the writer's paint rectangle (margins excluded), in 1/300 inch units."""

    def __init__(self, writer: QPdfWriter, lesson: Lesson, catalogue: Catalogue) -> None:
        self.writer = writer
        self.lesson = lesson
        self.catalogue = catalogue
        self.area = QRectF(writer.pageLayout().paintRectPixels(DPI))
        self.painter = QPainter(writer)
        self.count = 1
        self.total = len(lesson.steps) + 2

    # --- building blocks ------------------------------------------------------------------------
    def document(self, body: str, point_size: float = BODY_PT) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.writer)  # points -> this device's units
        font = QFont()
        font.setPointSizeF(point_size)
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(STYLE)
        document.setDocumentMargin(0)
        document.setHtml(f"<body>{body}</body>")
        document.setTextWidth(self.area.width())
        return document

    def draw(self, document: QTextDocument, y: float) -> float:
        """Draw at height ``y``; returns the height below it taken."""
        self.painter.save()
        self.painter.translate(0, y)
        document.drawContents(self.painter)
        self.painter.restore()
        return document.size().height()

    def line(self, y: float) -> None:
        self.painter.setPen(QPen(QColor(RULE_COLOUR), _mm(0.25)))
        self.painter.drawLine(QPointF(0, y), QPointF(self.area.width(), y))

    def header_document(self, right: str) -> QTextDocument:
        return self.document(
            f'<table width="100%"><tr><td class="muted">{html.escape(self.lesson.title)}</td>'
            f'<td class="muted" align="right">{html.escape(right)}</td></tr></table>',
            8.5,
        )

    def footer_document(self) -> QTextDocument:
        return self.document(
            f'<table width="100%"><tr><td class="muted">Anatomy: '
            f"{html.escape(self.catalogue.attribution)}</td>"
            f'<td class="muted" align="right">{self.count} / {self.total}</td></tr></table>',
            7.5,
        )

    def header(self, right: str) -> float:
        text = self.header_document(right)
        height = self.draw(text, 0)
        self.line(height + _mm(1.2))
        return height + _mm(GAP_MM)

    def footer(self) -> float:
        text = self.footer_document()
        top = self.area.height() - text.size().height()
        self.line(top - _mm(1.2))
        self.draw(text, top)
        return text.size().height() + _mm(GAP_MM)

    def image(self, image: np.ndarray, y: float, max_height: float) -> float:
        height, width = image.shape[:2]
        rgb = np.ascontiguousarray(image[..., :3])
        picture = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        target_width = min(self.area.width(), max_height * width / height)
        target_height = target_width * height / width
        x = (self.area.width() - target_width) / 2
        self.painter.drawImage(QRectF(x, y, target_width, target_height), picture)
        self.painter.setPen(QPen(QColor(RULE_COLOUR), _mm(0.2)))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(QRectF(x, y, target_width, target_height))
        return target_height

    # --- pages ----------------------------------------------------------------------------------
    def new_page(self) -> None:
        self.writer.newPage()
        self.count += 1

    def title_page(self) -> None:
        lesson = self.lesson
        steps = "".join(f"<li>{html.escape(step.title)}</li>" for step in lesson.steps)
        body = (
            '<p class="muted">anatomy-viewer lesson handout</p>'
            f"<h1>{html.escape(lesson.title)}</h1>"
            f"{markdown_to_html(lesson.summary)}"
            f'<p class="muted">For: {html.escape(lesson.audience)}</p>'
            f"<h3>The {len(lesson.steps)} steps</h3><ol>{steps}</ol>"
            f"<h3>Safety</h3><p>{html.escape(DISCLAIMER)}</p>"
        )
        self.draw(self.document(body, 12.0), _mm(30))
        self.footer()

    def step_page(self, step: Step, image: np.ndarray, notes: bool) -> None:
        y = self.header(f"Step {step.number} of {len(self.lesson.steps)}")
        y += self.draw(self.document(f"<h2>{html.escape(step.title)}</h2>"), y)
        below = self.document(_step_body(step, notes))
        self.footer()
        _, room = self.picture_box(step, notes)
        y += self.image(image, y, room) + _mm(GAP_MM)
        self.draw(below, y)

    def picture_box(self, step: Step, notes: bool) -> tuple[float, float]:
        """(width, height) in page units the step's picture gets: the text width, and the height
        the header, title, text and footer leave (within MIN_IMAGE_HEIGHT_MM and MAX_IMAGE_ASPECT)."""
        header = self.header_document(f"Step {step.number} of {len(self.lesson.steps)}")
        header_height = header.size().height() + _mm(GAP_MM)
        title = self.document(f"<h2>{html.escape(step.title)}</h2>").size().height()
        below = self.document(_step_body(step, notes)).size().height()
        footer = self.footer_document().size().height() + _mm(GAP_MM)
        room = self.area.height() - footer - header_height - title - below - _mm(GAP_MM)
        width = self.area.width()
        return width, min(max(room, _mm(MIN_IMAGE_HEIGHT_MM)), MAX_IMAGE_ASPECT * width)

    def sources_page(self) -> None:
        y = self.header("Sources")
        sources = "".join(f"<li>{_inline(source)}</li>" for source in self.lesson.sources)
        catalogue = self.catalogue
        body = (
            f"<h2>Sources</h2><ol>{sources}</ol>"
            "<h3>The anatomy</h3>"
            f"<p>3D images rendered by anatomy-viewer {__version__} from the BodyParts3D surface "
            f"meshes: {html.escape(catalogue.attribution)} "
            f'(<a href="{html.escape(catalogue.licence_url)}">{html.escape(catalogue.licence)}</a>). '
            "Landmarks and zones are measured on the meshes, not typed in.</p>"
            f"<h3>Safety</h3><p>{html.escape(DISCLAIMER)}</p>"
        )
        self.draw(self.document(body), y)
        self.footer()

    def finish(self) -> None:
        self.painter.end()


def _inline(text: str) -> str:
    """A one-paragraph source: the Markdown subset without the paragraph tags."""
    converted = markdown_to_html(text)
    return converted.removeprefix("<p>").removesuffix("</p>")


def _step_body(step: Step, notes: bool) -> str:
    body = markdown_to_html(step.text)
    if step.quiz is not None:
        body += f"<h3>Question</h3>{markdown_to_html(step.quiz.question)}"
        if isinstance(step.quiz, ChoiceQuiz):
            choices = "".join(f"<li>{_inline(choice)}</li>" for choice in step.quiz.choices)
            body += f'<ol type="A">{choices}</ol>'
    if notes and step.notes.strip():
        body += (
            f'<table width="100%" cellpadding="8" bgcolor="{NOTES_BACKGROUND}"><tr><td>'
            f"<b>Presenter notes</b>{markdown_to_html(step.notes)}</td></tr></table>"
        )
    return body
