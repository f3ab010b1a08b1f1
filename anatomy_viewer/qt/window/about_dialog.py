"""Help > About: version, what the app is for, and the BodyParts3D attribution (required by its licence)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ... import __version__
from ...core.anatomy.catalogue import Catalogue


def about_text(catalogue: Catalogue) -> str:
    return (
        f"<h3>anatomy-viewer {__version__}</h3>"
        "<p>Learn in 3D where a hip-hook self-massage tool may and may not go: the ASIS, the safe "
        "tool-tip zone just medial to it, the danger zones, and the pivot from psoas to iliacus.</p>"
        "<p>For teaching only: not medical advice.</p>"
        f"<p><b>Anatomy:</b> {catalogue.attribution}. "
        f'<a href="{catalogue.licence_url}">Licence deed</a>.</p>'
    )


def show_about(parent: QWidget, catalogue: Catalogue) -> None:
    QMessageBox.about(parent, "About anatomy-viewer", about_text(catalogue))
