"""Where the app's own data files are: the mesh catalogue and the shipped lessons.

In a source checkout they sit at the top of the repository (``meshes/``, ``lessons/``); an installed
wheel carries copies in ``anatomy_viewer/_data`` (see pyproject.toml). The wheel copy wins when present.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_DATA = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def manifest_path() -> Path:
    return _first_existing(
        _DATA / "meshes" / "manifest.toml", _CHECKOUT / "meshes" / "manifest.toml"
    )


def lessons_dir() -> Path:
    return _first_existing(_DATA / "lessons", _CHECKOUT / "lessons")
