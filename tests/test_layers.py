"""The core imports no Qt and no plotter: it works without a display (and starts fast)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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
        # The downloader's own imports, made on first use: pooch and requests must not bring Qt.
        "import pooch, requests\n"
        "from anatomy_viewer.core.anatomy.catalogue import load_catalogue\n"
        "from anatomy_viewer.core.anatomy.fetch import mesh_registry\n"
        "mesh_registry(load_catalogue(), 'unused')\n"
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


# Layers from the bottom up; a module may import its own layer and the ones below, never above.
# ``commands`` (the headless sub-commands) sit beside the window: the handout command uses Qt's
# PDF writer. ``cli`` is the top: nothing imports it.
LAYER_RANK = {"core": 0, "render": 1, "qt": 2, "commands": 3, "cli": 4, "__main__": 5}


def imported_modules(path: Path, module: str) -> list[str]:
    """The absolute names of what a module imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append(target)
            names += [f"{target}.{alias.name}" for alias in node.names]
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "anatomy_viewer" and len(parts) > 1 else None


def test_no_module_imports_a_layer_above_its_own():
    package_dir = Path(anatomy_viewer.core.__file__).parent.parent
    upward = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir.parent).with_suffix("")
        module = ".".join(p for p in rel.parts if p != "__init__")
        own = layer_of(module)
        if own not in LAYER_RANK:
            continue
        for name in imported_modules(path, module):
            other = layer_of(name)
            if other in LAYER_RANK and LAYER_RANK[other] > LAYER_RANK[own]:
                upward.append(f"{module} imports {name}")
    assert upward == []


def test_every_package_says_what_it_owns():
    package_dir = Path(anatomy_viewer.core.__file__).parent.parent
    silent = [
        str(init.relative_to(package_dir.parent))
        for init in package_dir.rglob("__init__.py")
        if len(ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "") < 40
    ]
    assert silent == []


def test_readme_map_lists_every_package():
    package_dir = Path(anatomy_viewer.core.__file__).parent.parent
    readme = (package_dir.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("      anatomy_viewer/\n")
    block = readme[start : readme.index("\n\n", start)]
    listed, stack = set(), []
    for line in block.splitlines()[1:]:
        name = line.strip().split()[0]
        depth = (len(line) - len(line.lstrip()) - 8) // 2
        if name.endswith("/"):
            stack[depth:] = [name.rstrip("/")]
            listed.add("/".join(stack))
    packages = {
        str(init.parent.relative_to(package_dir))
        for init in package_dir.rglob("__init__.py")
        if init.parent != package_dir
    }
    assert listed == packages
