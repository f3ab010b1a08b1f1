"""The small Markdown subset of lesson text, turned into safe HTML for Qt rich text.

Supported: paragraphs (separated by a blank line), ``**bold**``, ``*italic*`` or ``_italic_``, lists
(lines starting ``- ``, ``* `` or ``1. ``) and links ``[text](https://...)``. Everything else is shown
as typed: the text is HTML-escaped first, so a lesson can never inject markup, and only http/https
links become links (any other target is shown as plain text and reported by the validator).

    text --blocks--> paragraphs / lists --inline--> escape, then links, bold, italic --> HTML
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https")

_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]*)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
# Underscores only at word edges, so ids such as psoas_major_right stay as typed.
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def is_safe_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in LINK_SCHEMES and bool(parts.netloc)


def unsafe_links(text: str) -> list[str]:
    """Link targets in ``text`` that will not become links (not http/https)."""
    return [match.group(2) for match in _LINK.finditer(text) if not is_safe_url(match.group(2))]


def _emphasis(escaped: str) -> str:
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    escaped = _ITALIC_STAR.sub(r"<i>\1</i>", escaped)
    return _ITALIC_UNDERSCORE.sub(r"<i>\1</i>", escaped)


def inline_html(text: str) -> str:
    """One line or paragraph of the subset as HTML: escaped, with links, bold and italic."""
    pieces: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        pieces.append(_emphasis(html.escape(text[position : match.start()], quote=False)))
        label = _emphasis(html.escape(match.group(1), quote=False))
        url = match.group(2)
        if is_safe_url(url):
            pieces.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>')
        else:
            pieces.append(label)
        position = match.end()
    pieces.append(_emphasis(html.escape(text[position:], quote=False)))
    return "".join(pieces)


def markdown_to_html(text: str) -> str:
    """Lesson text (the Markdown subset) -> HTML that Qt's rich text shows and cannot be abused."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(f"<p>{inline_html(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{inline_html(item)}</li>" for item in items)
            blocks.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for line in text.splitlines():
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and tag != list_tag:
                close_list()
            list_tag = tag
            items.append((bullet or numbered).group(1))
        elif not line.strip():
            close_paragraph()
            close_list()
        elif items and line[:1].isspace():
            items[-1] += " " + line.strip()  # an indented line continues the list item
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return "".join(blocks)
