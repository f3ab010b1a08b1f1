"""One lesson page (or the index of several) as a single HTML file, written atomically.

    assets/page.html (built from web/: markup, style and the bundled viewer, with two slots)
      + page_data.PageDataBuilder.lesson(lesson) as JSON (every "<" escaped: no "</script>" in it)
      --> one HTML file: no server, no network (its Content-Security-Policy forbids any request)

The bundle ships inside the package (``assets/``), so exporting needs no Node.js; ``web/build.mjs``
rebuilds it and a test checks that it was built from the sources in ``web/``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ...core.errors import UserError
from ...core.lessons import Lesson, markdown_to_html
from ...core.safe_write import write_bytes

ASSETS = Path(__file__).resolve().parent / "assets"
PAGE_TEMPLATE = ASSETS / "page.html"
INDEX_TEMPLATE = ASSETS / "index.html"
SLOT = re.compile(r"@@([A-Z_]+)@@")
SLOTS = ("ATTRIBUTION", "DATA", "DISCLAIMER", "LICENCE_URL", "TITLE")
# The ceiling for a shipped lesson's page: a learning platform takes it as an attachment.
MAX_PAGE_BYTES = 15 * 1024 * 1024


def _template(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise UserError(
            f"the web page template {path} is missing: reinstall anatomy-viewer, or build it in a "
            "checkout with `npm ci && npm run build` in web/"
        ) from None
    if set(SLOT.findall(text)) != set(SLOTS) or SLOT.findall(text).count("DATA") != 1:
        raise UserError(f"the web page template {path} is damaged: reinstall anatomy-viewer")
    return text


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: "<", ">" and "&" escaped, so neither "</script>" nor
    "<!--" can appear whatever a lesson's text says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fill(template: str, title: str, data: Mapping, footer: Mapping[str, str]) -> str:
    """The template's slots filled in one pass (nothing inserted is scanned again). The footer's
    attribution and disclaimer are plain HTML, so they show even where scripts do not run."""
    values = {
        "TITLE": html.escape(title),
        "DATA": script_json(data),
        "ATTRIBUTION": html.escape(footer["attribution"]),
        "DISCLAIMER": html.escape(footer["disclaimer"]),
        "LICENCE_URL": html.escape(footer["licence_url"], quote=True),
    }
    return SLOT.sub(lambda match: values[match.group(1)], template)


def lesson_page(data: Mapping) -> str:
    title = f"{data['lesson']['title']} - anatomy-viewer"
    return fill(_template(PAGE_TEMPLATE), title, data, data)


def index_page(lessons: Sequence[tuple[Lesson, str]], footer: Mapping[str, str]) -> str:
    """The index of an ``--all`` export: each lesson's title, summary and file (a relative link)."""
    entries = [
        {
            "id": lesson.id,
            "title": lesson.title,
            "summary_html": markdown_to_html(lesson.summary),
            "audience": lesson.audience,
            "steps": len(lesson.steps),
            "file": file_name,
        }
        for lesson, file_name in lessons
    ]
    return fill(_template(INDEX_TEMPLATE), "Lessons - anatomy-viewer", {"lessons": entries}, footer)


def write_page(path: Path, text: str) -> int:
    """Write atomically; the size in bytes."""
    data = text.encode("utf-8")
    write_bytes(path, data)
    return len(data)
