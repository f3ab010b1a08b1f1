"""The typeface of every word over the 3D view: DejaVu Sans, regular and bold.

A humanist sans with a large x-height and open letter shapes ("iliacus" keeps its i, l and i
apart), legible on a projector and in print. VTK's built-in "Arial" is a geometric face whose
narrow letters run together at label sizes; OCR read "Right iliacus" as "Right icus" in it. The font
files come with matplotlib, which pyvista depends on (found without importing it); without them the
words fall back to VTK's own face.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from vtkmodules.vtkRenderingCore import vtkTextProperty

VTK_FONT_FILE = 4  # vtkTextProperty's font family "from a file"
FACES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@cache
def font_file(bold: bool) -> str | None:
    spec = importlib.util.find_spec("matplotlib")
    for folder in spec.submodule_search_locations or () if spec else ():
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / FACES[bold]
        if path.is_file():
            return str(path)
    return None


def use_font(prop: vtkTextProperty, bold: bool = False) -> None:
    """Set ``prop`` to the label typeface (the bold file when ``bold``: VTK cannot embolden one)."""
    path = font_file(bold)
    if path is None:
        prop.SetFontFamilyToArial()
        prop.SetBold(bold)
        return
    if prop.GetFontFamily() != VTK_FONT_FILE or prop.GetFontFile() != path:
        prop.SetFontFamily(VTK_FONT_FILE)
        prop.SetFontFile(path)
    prop.SetBold(False)
