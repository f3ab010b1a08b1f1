"""What the wheel and the sdist carry: the product users install (``python -m build``).

Built once per session without build isolation (the test environment has ``build`` and hatchling,
so no index is needed). Installing the wheel in a fresh environment and running it there is
scripts/check_wheel.py's job (.ci/run), as it needs the package index.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from anatomy_viewer import __version__

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
DATA = "anatomy_viewer/_data"
MESH_SUFFIXES = (".stl", ".obj", ".ply", ".glb", ".vtp", ".npz")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    outdir = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--sdist",
            "--wheel",
            "--outdir",
            str(outdir),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = outdir.glob("anatomy_viewer-*.whl")
    (sdist,) = outdir.glob("anatomy_viewer-*.tar.gz")
    return wheel, sdist


@pytest.fixture(scope="session")
def wheel(built) -> zipfile.ZipFile:
    with zipfile.ZipFile(built[0]) as archive:
        yield archive


def package_data_files() -> list[str]:
    """Files of the package that are not Python (the web page bundle, ...), as git tracks them."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "anatomy_viewer"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # a source tree without git: what is there
        listed = [
            str(p.relative_to(REPO)) for p in (REPO / "anatomy_viewer").rglob("*") if p.is_file()
        ]
    return sorted(
        name for name in listed if not name.endswith((".py", ".pyc")) and "__pycache__" not in name
    )


def test_the_wheel_is_named_for_this_version_and_any_platform(built):
    assert built[0].name == f"anatomy_viewer-{__version__}-py3-none-any.whl"


def test_the_wheel_carries_the_mesh_manifest_as_in_the_checkout(wheel):
    manifest = wheel.read(f"{DATA}/meshes/manifest.toml")
    assert manifest == (REPO / "meshes" / "manifest.toml").read_bytes()


def test_the_wheel_carries_every_shipped_lesson(wheel):
    lessons = sorted((REPO / "lessons").glob("*.toml"))
    assert len(lessons) >= 3
    for lesson in lessons:
        assert wheel.read(f"{DATA}/lessons/{lesson.name}") == lesson.read_bytes(), lesson.name


def test_the_wheel_carries_the_package_data_such_as_the_web_page_bundle(wheel):
    data = package_data_files()
    if not data:
        pytest.skip("the package has no data files yet (the web page bundle lands with issue 14)")
    absent = [name for name in data if name not in wheel.namelist()]
    assert absent == [], f"in the package but not in the wheel: {absent}"


def test_the_wheel_has_the_command_and_the_dependencies(wheel):
    dist_info = f"anatomy_viewer-{__version__}.dist-info"
    entry_points = configparser.ConfigParser()
    entry_points.read_string(wheel.read(f"{dist_info}/entry_points.txt").decode())
    assert entry_points["console_scripts"]["anatomy-viewer"] == "anatomy_viewer.cli:main"
    metadata = wheel.read(f"{dist_info}/METADATA").decode()
    requires = {
        re.match(r"[A-Za-z0-9._-]+", line.split(":", 1)[1].strip())[0].lower()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    }
    assert {"pooch", "pyside6-essentials", "pyvista", "vtk", "platformdirs"} <= requires


def test_the_wheel_holds_no_tests_no_meshes_and_no_checkout_clutter(wheel):
    names = wheel.namelist()
    assert not [n for n in names if n.lower().endswith(MESH_SUFFIXES)]  # BodyParts3D: never shipped
    assert not [n for n in names if n.startswith(("tests/", "scripts/", ".venv", "build/"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_sdist_has_what_a_wheel_is_built_from(built):
    with tarfile.open(built[1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "meshes/manifest.toml", "anatomy_viewer/cli.py"} <= names
    assert {f"lessons/{p.name}" for p in (REPO / "lessons").glob("*.toml")} <= names
    assert not [n for n in names if n.lower().endswith(MESH_SUFFIXES)]
    assert not [n for n in names if n.startswith((".venv/", "build/", "dist/"))]
