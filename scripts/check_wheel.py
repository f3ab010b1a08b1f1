"""The wheel is the product: build it, install it alone in a fresh virtual environment, run the app.

    python3 scripts/check_wheel.py [--mesh-dir DIR] [--keep DIR]

1. ``python -m build`` (isolated, as a release would): an sdist, then the wheel built from that sdist,
   so a file the sdist forgets breaks the wheel here, not on a user's machine.
2. ``python -m venv`` in a temporary folder outside the checkout, ``pip install`` of the wheel alone
   (its dependencies from the index): what ``pipx install`` does.
3. The installed ``anatomy-viewer`` command, from an empty folder with a new HOME and no PYTHONPATH,
   through scripts/smoke_app.py: ``--version``, ``lessons list``, ``screenshot``, ``handout``, the
   window's start under Xvfb. Also: the package is imported from the environment, not the checkout.

.ci/run calls this before the tests. It needs the package index (minutes the first time, seconds
with pip's cache), so it is not part of ``python3 -m pytest``; tests/test_wheel.py checks the
wheel's contents there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smoke_app import CHECKOUT, Check, mesh_dir_from_env, report, run_checks


def build(outdir: Path) -> tuple[Path, Path]:
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(CHECKOUT)], check=True
    )
    (wheel,) = outdir.glob("anatomy_viewer-*.whl")
    (sdist,) = outdir.glob("anatomy_viewer-*.tar.gz")
    return wheel, sdist


def fresh_install(wheel: Path, venv: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    # --quiet: the dependency list is long; a failure still prints pip's error.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    return python


def user_environment(venv: Path, home: Path) -> dict[str, str]:
    """The user's shell after ``pipx install``: the command on PATH, nothing of the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("ANATOMY_VIEWER_CACHE_DIR", None)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", HOME=str(home))
    return env


def imported_from(python: Path, env: dict[str, str], cwd: Path, venv: Path) -> Check:
    start = time.perf_counter()
    code = "import anatomy_viewer; print(anatomy_viewer.__file__)"
    result = subprocess.run(
        [str(python), "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    location = Path(result.stdout.strip() or "?")
    ok = result.returncode == 0 and venv.resolve() in location.resolve().parents
    return Check("installed at", ok, str(location), time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mesh-dir", type=Path, help="meshes (else $ANATOMY_VIEWER_MESH_DIR)")
    parser.add_argument("--keep", type=Path, help="build and install here, and keep it")
    args = parser.parse_args()
    mesh_dir = args.mesh_dir.resolve() if args.mesh_dir else mesh_dir_from_env()
    with tempfile.TemporaryDirectory(prefix="anatomy-viewer-wheel-") as scratch:
        root = args.keep.resolve() if args.keep else Path(scratch)
        start = time.perf_counter()
        wheel, sdist = build(root / "dist")
        built_s = time.perf_counter() - start
        venv = root / "venv"
        python = fresh_install(wheel, venv)
        installed_s = time.perf_counter() - start - built_s
        print(
            f"built {wheel.name} and {sdist.name} in {built_s:.0f} s; installed in {installed_s:.0f} s"
        )
        home, run_dir = root / "home", root / "run"
        home.mkdir(exist_ok=True)
        run_dir.mkdir(exist_ok=True)
        env = user_environment(venv, home)
        checks = [imported_from(python, env, run_dir, venv)]
        command = python.parent / (
            "anatomy-viewer.exe" if sys.platform == "win32" else "anatomy-viewer"
        )
        checks += run_checks([str(command)], env, run_dir, mesh_dir)
        return report(checks, "wheel")


if __name__ == "__main__":
    sys.exit(main())
