"""The core imports no Qt and no plotter: it works without a display (and starts fast)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import anatomy_viewer.core


def python_prints(code: str) -> str:
    """What ``code`` prints in a fresh interpreter: what it imports is then its own doing."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_core_imports_no_qt_and_no_plotter():
    modules = [
        m.name for m in pkgutil.walk_packages(anatomy_viewer.core.__path__, "anatomy_viewer.core.")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "heavy = ('PySide6', 'pyvista', 'vtk', 'vtkmodules', 'pyvistaqt', 'qtpy')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(','.join(bad))\n"
    )
    pulled_in = python_prints(code)
    assert pulled_in == "", f"the core pulled in: {pulled_in}"
    assert len(modules) >= 8


def test_render_layer_imports_no_qt():
    code = (
        "import anatomy_viewer.render.anatomy.scene, anatomy_viewer.render.pictures.offscreen, sys\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    assert python_prints(code) == "False"


def test_cli_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom anatomy_viewer.cli import build_parser\nbuild_parser()\n"
        "heavy = {'PySide6', 'vtkmodules', 'pyvista', 'trimesh'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    assert python_prints(code) == "[]"


def test_offscreen_pictures_skip_pyvistas_display_probe():
    """Off-screen rendering needs no display by design: pyvista's check for one (a throwaway
    render window, 55 ms of every headless command's start) is not run."""
    code = (
        "import os, sys\n"
        "os.environ.pop('DISPLAY', None)\n"
        "import numpy as np\n"
        "import pyvista\n"
        "calls = []\n"
        "pyvista.system_supports_plotting = lambda: calls.append(1) or True  # what pyvista asks\n"
        "from anatomy_viewer.core.anatomy.catalogue import load_catalogue\n"
        "from anatomy_viewer.core.anatomy.meshes import SurfaceMesh\n"
        "from anatomy_viewer.render.pictures.offscreen import offscreen_scene\n"
        "p = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]], float)\n"
        "f = np.array([[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])\n"
        "scene = offscreen_scene(load_catalogue(), {'sacrum': SurfaceMesh(p, f, p / 10)}, (64, 48))\n"
        "image = scene.plotter.screenshot(return_img=True)\n"
        "print(calls, image.shape)\n"
    )
    assert python_prints(code) == "[] (48, 64, 3)"


def test_window_start_imports_no_command_module():
    """No command means the window: its start must not pay for the headless commands' modules."""
    code = (
        "import sys\nfrom anatomy_viewer.cli import build_parser\n"
        "argv = ['--lesson', 'the_pivot']\n"
        "assert build_parser(argv).parse_args(argv).command is None\n"
        "print(sorted(m for m in sys.modules if m.startswith('anatomy_viewer.commands.')))\n"
    )
    assert python_prints(code) == "[]"

