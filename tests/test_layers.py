"""The core imports no Qt and no plotter: it works without a display (and starts fast)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import anatomy_viewer.core


def test_core_imports_no_qt_and_no_plotter():
    modules = [
        f"anatomy_viewer.core.{m.name}" for m in pkgutil.walk_packages(anatomy_viewer.core.__path__)
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "heavy = ('PySide6', 'pyvista', 'vtk', 'vtkmodules', 'pyvistaqt', 'qtpy')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core pulled in: {out.stdout.strip()}"
    assert len(modules) >= 8


def test_render_layer_imports_no_qt():
    code = (
        "import anatomy_viewer.render.scene, anatomy_viewer.render.offscreen, sys\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom anatomy_viewer.cli import build_parser\nbuild_parser()\n"
        "heavy = {'PySide6', 'vtkmodules', 'pyvista', 'trimesh'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
