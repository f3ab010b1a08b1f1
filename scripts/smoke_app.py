"""Run an installed anatomy-viewer as a user would, from a folder outside the checkout, and check it.

Shared by ``scripts/check_wheel.py`` (the wheel in a fresh virtual environment) and
``scripts/build_bundle.py`` (the PyInstaller folder). Each check runs the real program in a
subprocess with the environment it is given, and reads back what it wrote:

    --version                 the checkout's version, nothing on stderr
    lessons list              every shipped lesson (lessons/*.toml) by id
    screenshot                a PNG of the asked size, not blank
    handout                   a PDF with a title page and one page per step (pdfinfo)
    the window                opens under Xvfb, shows its first frame, quits with exit 0

Only the standard library: the program under test brings its own numpy and Qt.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SHOT_SIZE = (640, 480)  # small: the check is that it renders, not how fast
HANDOUT_LESSON = "where_the_tip_goes"
# Long enough for the work that starts after the first frame (the level-of-detail copies are made
# in a spawned child process: in a frozen app, the child is the launcher again) to start and fail.
WINDOW_QUIT_AFTER_MS = 3000
# What a run must not print: a traceback, the CLI's one-line error (a child process that was handed
# the wrong arguments prints one), or multiprocessing's note about a dead helper process.
BAD_STDERR = ("Traceback", "anatomy-viewer: error:", "died unexpectedly")
XVFB_SCREEN = "1920x1080x24"
COMMAND_TIMEOUT_S = 300


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


def checkout_version() -> str:
    text = (CHECKOUT / "anatomy_viewer" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text)[1]


def shipped_lessons() -> list[str]:
    """Their ids (``id = "..."`` at the top of each file), as ``lessons list`` prints them."""
    ids = []
    for path in sorted((CHECKOUT / "lessons").glob("*.toml")):
        found = re.search(r'^id\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
        ids.append(found[1] if found else path.stem)
    return ids


def run_checks(
    program: Sequence[str], env: dict[str, str], workdir: Path, mesh_dir: Path
) -> list[Check]:
    """Every check, in order; a failure does not stop the next one (all problems in one run)."""
    workdir.mkdir(parents=True, exist_ok=True)
    runner = _Runner(list(program), env, workdir)
    meshes = ["--mesh-dir", str(mesh_dir)]
    checks = [
        runner.check("--version", ["--version"], _is_version),
        runner.check("lessons list", ["lessons", "list"], _lists_the_lessons),
    ]
    shot = workdir / "shot.png"
    size = f"{SHOT_SIZE[0]}x{SHOT_SIZE[1]}"
    checks.append(
        runner.check(
            "screenshot",
            ["screenshot", *meshes, "--view", "anterior", "--size", size, "-o", str(shot)],
            lambda result: _is_png(shot, SHOT_SIZE),
        )
    )
    pdf = workdir / "handout.pdf"
    checks.append(
        runner.check(
            "handout",
            ["handout", *meshes, "--lesson", HANDOUT_LESSON, "-o", str(pdf)],
            lambda result: _is_handout(pdf),
        )
    )
    checks.append(runner.window_check(meshes))
    return checks


def report(checks: Sequence[Check], label: str) -> int:
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        print(f"{mark} {check.name:14} {check.seconds:6.1f} s  {check.detail}", flush=True)
    failed = sum(not c.ok for c in checks)
    # The plain closing line CI reads: "N passed, N failed".
    print(f"{label}: {len(checks) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


class _Runner:
    def __init__(self, program: list[str], env: dict[str, str], workdir: Path) -> None:
        self.program, self.env, self.workdir = program, env, workdir

    def run(
        self, args: list[str], prefix: Sequence[str] = ()
    ) -> tuple[subprocess.CompletedProcess, float]:
        start = time.perf_counter()
        result = subprocess.run(
            [*prefix, *self.program, *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
        )
        return result, time.perf_counter() - start

    def check(self, name: str, args: list[str], judge) -> Check:
        try:
            result, seconds = self.run(args)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Check(name, False, f"did not run: {exc}", 0.0)
        if result.returncode != 0 or _bad_line(result.stderr):
            tail = _bad_line(result.stderr) or _last_line(result.stderr)
            return Check(name, False, f"exit {result.returncode}: {tail}", seconds)
        problem = judge(result)
        return Check(name, problem is None, problem or _first_line(result.stdout), seconds)

    def window_check(self, meshes: list[str]) -> Check:
        prefix: list[str] = []
        if sys.platform.startswith("linux"):  # headless here: a virtual X server; Windows and
            xvfb = shutil.which("xvfb-run")  # macOS machines (CI's too) have a desktop session
            if xvfb is None:
                return Check(
                    "window", False, "xvfb-run not found (apt-get install xvfb xauth)", 0.0
                )
            prefix = [xvfb, "-a", "-s", f"-screen 0 {XVFB_SCREEN}"]
        args = [*meshes, "--quit-after-ms", str(WINDOW_QUIT_AFTER_MS)]
        # A first start: new settings and an empty cache, so the window makes its own mesh copies.
        cache = self.workdir / "window-cache"
        env = {
            **self.env,
            "XDG_CONFIG_HOME": str(self.workdir / "config"),
            "ANATOMY_VIEWER_CACHE_DIR": str(cache),
        }
        runner = _Runner(self.program, env, self.workdir)
        try:
            result, seconds = runner.run(args, prefix=prefix)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Check("window", False, f"did not run: {exc}", 0.0)
        shown = "first frame shown" in result.stdout
        if result.returncode != 0 or not shown or _bad_line(result.stderr):
            tail = _bad_line(result.stderr) or _last_line(result.stderr)
            detail = f"exit {result.returncode}, shown={shown}: {tail}"
            return Check("window", False, detail, seconds)
        start_s = seconds - WINDOW_QUIT_AFTER_MS / 1000
        lod = len(list(cache.glob("processed/lod-*")))
        detail = f"first frame after about {start_s:.1f} s; {lod} level-of-detail copies made"
        return Check("window", True, detail, seconds)


def _bad_line(stderr: str) -> str | None:
    return next((line for line in stderr.splitlines() if any(b in line for b in BAD_STDERR)), None)


def _last_line(text: str) -> str:
    return (text.strip().splitlines() or ["(no stderr)"])[-1]


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:90]


def _is_version(result: subprocess.CompletedProcess) -> str | None:
    expected = f"anatomy-viewer {checkout_version()}"
    if result.stdout.strip() != expected:
        return f"printed {result.stdout.strip()!r}, expected {expected!r}"
    return None


def _lists_the_lessons(result: subprocess.CompletedProcess) -> str | None:
    missing = [lesson for lesson in shipped_lessons() if lesson not in result.stdout]
    return f"lessons not listed: {', '.join(missing)}" if missing else None


def _is_png(path: Path, size: tuple[int, int]) -> str | None:
    """Size from the header; 'not blank' from the decoded pixels (PNG is zlib: stdlib suffices)."""
    if not path.is_file():
        return f"{path.name} not written"
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != size:
        return f"{path.name} is {width}x{height}, expected {size[0]}x{size[1]}"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    distinct = len(set(zlib.decompress(b"".join(chunks))))
    if distinct < 32:  # a blank or single-colour picture has a handful of byte values
        return f"{path.name} looks blank ({distinct} distinct byte values)"
    return None


def _is_handout(path: Path) -> str | None:
    if not path.is_file() or path.read_bytes()[:5] != b"%PDF-":
        return f"{path.name} not written or not a PDF"
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None  # poppler-utils absent: the header check is all we can do
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True).stdout
    pages = re.search(r"Pages:\s+(\d+)", info)
    if not pages or int(pages[1]) < 2:
        return f"{path.name}: {pages[1] if pages else 'no'} pages, expected a title page and steps"
    return None


def mesh_dir_from_env() -> Path:
    value = os.environ.get("ANATOMY_VIEWER_MESH_DIR")
    if not value:
        sys.exit(
            "smoke test: set ANATOMY_VIEWER_MESH_DIR (or --mesh-dir) to the BodyParts3D folder"
        )
    return Path(value).resolve()
