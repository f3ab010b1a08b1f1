"""Build the standalone anatomy-viewer (a one-folder PyInstaller app) for people with no Python.

    python3 -m pip install -e ".[bundle]"
    python3 scripts/build_bundle.py [--smoke --mesh-dir DIR]

writes ``dist/anatomy-viewer/`` with the launcher ``anatomy-viewer`` (``anatomy-viewer.exe`` on
Windows) beside its ``_internal/`` folder: Python, Qt (PySide6's PyInstaller hooks), VTK
(pyinstaller-hooks-contrib's vtkmodules and pyvista hooks), the app's own data (the mesh manifest and
the shipped lessons, where the wheel carries them: ``anatomy_viewer/_data``) and every other file of
the package (the web page bundle, when there is one). The meshes stay out: the app downloads them
(46 MB) on first start, as the installed app does.

``--smoke`` then runs the bundle as a user would (scripts/smoke_app.py), from an empty environment
(``env -i``: no Python packages, no PYTHONPATH, only PATH=/usr/bin:/bin and a fresh HOME), and reports
its size and start time. The same script builds on Windows and macOS in .github/workflows/bundle.yml.
Slow (minutes): never part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smoke_app import CHECKOUT, report, run_checks

NAME = "anatomy-viewer"
# Not used by the app; some are pulled in by optional imports of its libraries and weigh tens of MB.
EXCLUDED = ("tkinter", "PyQt5", "PyQt6", "PySide2", "IPython", "pytest", "hypothesis", "trame")
# Imported by name outside pyvista's table, for the factories they register
# (pyvista/plotting/_rendering_imports.py, pyvista/_vtk.py): without them pyvista.plotting fails.
VTK_IMPORTED_BY_NAME = (
    "vtkRenderingContextOpenGL2",
    "vtkRenderingFreeType",
    "vtkRenderingMatplotlib",
    "vtkPythonContext2D",
)
LAUNCHER = '''"""The bundle's entry point: the same main() as the installed `anatomy-viewer` command."""
import multiprocessing
import sys

if __name__ == "__main__":
    # The level-of-detail copies are made in a spawned child (render/anatomy/lod.py); in a frozen
    # app the child is this launcher again, and must run the child's code, not the command line.
    multiprocessing.freeze_support()
    from anatomy_viewer.cli import main

    sys.exit(main())
'''


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller; return the app folder."""
    work.mkdir(parents=True, exist_ok=True)
    launcher = work / "launcher.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    data = os.pathsep  # PyInstaller's SOURCE<sep>DEST
    args = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(launcher),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "build"),
        "--specpath",
        str(work),
        # The sub-commands are imported by name (cli.build_parser): PyInstaller cannot see them.
        "--collect-submodules",
        "anatomy_viewer",
        # Every non-Python file of the package (the web page bundle, when present).
        "--collect-data",
        "anatomy_viewer",
        # Where an installed wheel keeps them (core/resources.py looks there first).
        "--add-data",
        f"{CHECKOUT / 'meshes' / 'manifest.toml'}{data}anatomy_viewer/_data/meshes",
        "--add-data",
        f"{CHECKOUT / 'lessons'}{data}anatomy_viewer/_data/lessons",
    ]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    vtk = vtk_modules()
    if vtk:  # else PyInstaller follows `import vtk` and takes every VTK module
        args += ["--exclude-module", "vtk", "--exclude-module", "vtkmodules.all"]
        for module in vtk:
            args += ["--hidden-import", module]
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=CHECKOUT)
    strip_vtk(dist / NAME)
    print(f"built {dist / NAME} in {time.perf_counter() - start:.0f} s", flush=True)
    return dist / NAME


def strip_vtk(app: Path) -> None:
    """Linux: drop the symbol tables VTK's libraries ship with (a third of their 410 MB).

    Only VTK's: PyInstaller's --strip also strips numpy's and scipy's OpenBLAS, whose wheels were
    rewritten by auditwheel, and they then fail to load ("ELF load command address/offset not
    page-aligned"). Not on macOS (it breaks code signatures) nor Windows (nothing to strip).
    """
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return
    libraries = [p for p in (app / "_internal" / "vtkmodules").glob("*.so*") if not p.is_symlink()]
    subprocess.run([strip, "--strip-unneeded", *map(str, libraries)], check=True)


def vtk_modules() -> list[str]:
    """The VTK modules pyvista can load, from its own lazy-import table (70 of VTK's ~150).

    pyvista imports VTK classes by name at run time, which PyInstaller cannot follow; the only static
    import it sees is a type checker's ``from vtk import *``, which would bundle all of VTK (900 MB
    instead of about half). An empty list (pyvista changed its table) bundles all of VTK again.
    """
    try:
        from pyvista import _vtk as table

        tables = (table._CORE_MODULES, table._PLOTTING_MODULES, table._OPENGL_MODULES)
    except (ImportError, AttributeError):
        return []
    names = {name for mapping in tables for name in mapping} | set(VTK_IMPORTED_BY_NAME)
    return sorted(f"vtkmodules.{name}" for name in names)


def folder_size_mb(folder: Path) -> float:
    """Bytes on disk; the launcher folder's symbolic links into _internal/ are not counted twice."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def bare_environment(home: Path) -> dict[str, str]:
    """What a machine without Python packages gives a program: system PATH, a new HOME, no more."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    if sys.platform == "win32":  # Windows needs its own system variables to start anything
        env = {k: v for k, v in os.environ.items() if k.upper() in ("SYSTEMROOT", "WINDIR", "TEMP")}
        env["PATH"] = os.environ.get("SYSTEMROOT", r"C:\Windows") + r"\System32"
        env["USERPROFILE"] = str(home)
    return env


def smoke(app: Path, mesh_dir: Path) -> int:
    launcher = app / (NAME + (".exe" if sys.platform == "win32" else ""))
    with tempfile.TemporaryDirectory(prefix="anatomy-viewer-bundle-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        checks = run_checks(
            [str(launcher)], bare_environment(home), Path(scratch) / "run", mesh_dir
        )
    print(f"bundle: {app} ({platform.system()} {platform.machine()}), {folder_size_mb(app):.0f} MB")
    return report(checks, "bundle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=CHECKOUT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=CHECKOUT / "build" / "bundle", help="PyInstaller's scratch"
    )
    parser.add_argument("--smoke", action="store_true", help="run the built app's smoke test")
    parser.add_argument("--smoke-only", action="store_true", help="test an already built bundle")
    parser.add_argument("--mesh-dir", type=Path, default=None, help="meshes for the smoke test")
    args = parser.parse_args()
    app = args.dist / NAME
    if not args.smoke_only:
        if shutil.which("pyinstaller") is None and not _has_pyinstaller():
            sys.exit('PyInstaller is missing: python3 -m pip install -e ".[bundle]"')
        app = build(args.dist, args.work)
    if args.smoke or args.smoke_only:
        mesh_dir = args.mesh_dir or Path(os.environ.get("ANATOMY_VIEWER_MESH_DIR", ""))
        if not mesh_dir or not mesh_dir.is_dir():
            sys.exit("the smoke test needs the meshes: --mesh-dir DIR or $ANATOMY_VIEWER_MESH_DIR")
        return smoke(app, mesh_dir.resolve())
    print(f"{app}: {folder_size_mb(app):.0f} MB")
    return 0


def _has_pyinstaller() -> bool:
    import importlib.util

    return importlib.util.find_spec("PyInstaller") is not None


if __name__ == "__main__":
    sys.exit(main())
