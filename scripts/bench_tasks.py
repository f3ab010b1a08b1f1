"""The measurements of ``scripts/bench.py``, each run in a fresh process (``bench.py --child ROLE``).

Every task prints one line ``BENCH-RESULT {json}`` on stdout. Times are wall-clock seconds or
milliseconds; ``peak_rss_mb`` is the process's peak resident set (``resource.getrusage``).

    first-frame-app       the app's way: catalogue -> load_structures (processed-mesh cache) ->
                          off-screen AnatomyScene -> anterior view -> first rendered image
    first-frame-baseline  what a user would write: pyvista.read each file -> add_mesh -> render
    window-app            the real start-up: ``anatomy-viewer`` opens its window (Qt), first frame
    window-baseline       a plain on-screen PyVista window of the same files, first frame
    drag                  the hip hook dragged over the body wall in the real window (Qt, needs a
                          display): updates per second with the app's reused anatomy picture and
                          with every frame drawn whole, in alternating segments of one process
    orbit                 both scenes in one process, frames interleaved so a busy machine slows
                          both alike: the app while interacting (as its interactor style does),
                          the app at rest, and the baseline
    app                   step switch, placement check, 4K export, peak memory of the app
    growth                cost against triangle count: core, core+extras, and overlapping copies
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ANTERIOR = "anterior"


def emit(result: dict) -> None:
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print("BENCH-RESULT " + json.dumps(result), flush=True)


def median_ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 1)


def p95_ms(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return round(ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] * 1000, 2)


# --- building the two scenes -------------------------------------------------------------------------
def load_app(mesh_dir: str, ids: list[str] | None):
    from anatomy_viewer.core.anatomy.catalogue import load_catalogue
    from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
    from anatomy_viewer.core.anatomy.meshes import load_structures

    catalogue = load_catalogue()
    loaded = load_structures(catalogue, resolve_mesh_folder(mesh_dir), ids)
    return catalogue, loaded.meshes


def app_scene(catalogue, meshes, size, show_all: bool):
    from anatomy_viewer.core.scene.viewer_state import ViewerState
    from anatomy_viewer.render.pictures.offscreen import offscreen_scene

    state = ViewerState(catalogue, available=meshes)
    if show_all:
        state.show_all()
    scene = offscreen_scene(catalogue, meshes, size, state)
    scene.view(ANTERIOR, render=False)
    return scene


def baseline_plotter(files: list[str], size, pose: dict):
    import pyvista as pv

    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    for path in files:
        plotter.add_mesh(pv.read(path))
    set_pose(plotter, pose)
    return plotter


def set_pose(plotter, pose: dict) -> None:
    camera = plotter.camera
    camera.position, camera.focal_point, camera.up = (
        pose["position"],
        pose["focal_point"],
        pose["up"],
    )
    plotter.renderer.ResetCameraClippingRange()


def pose_of(scene) -> dict:
    pose = scene.camera_pose()
    return {"position": pose.position, "focal_point": pose.focal_point, "up": pose.up}


def timed_render(window) -> float:
    start = time.perf_counter()
    window.Render()
    return time.perf_counter() - start


# --- tasks ---------------------------------------------------------------------------------------------
def process_started_at() -> float:
    """Wall-clock time this process started (Linux /proc; 10 ms resolution), else now."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return time.time()


def first_frame_app(args) -> None:
    catalogue, meshes = load_app(args.mesh_dir, args.ids)
    scene = app_scene(catalogue, meshes, args.size, args.show_all)
    scene.plotter.screenshot(return_img=True)
    frame_at = time.time()
    emit({"frame_at": frame_at, "started_at": process_started_at(), "pose": pose_of(scene),
          "triangles": tri_count(meshes)})  # fmt: skip


def first_frame_baseline(args) -> None:
    plotter = baseline_plotter(args.files, args.size, args.pose)
    plotter.screenshot(return_img=True)
    emit({"frame_at": time.time(), "started_at": process_started_at()})


def window_app(args) -> None:
    """The real start-up: ``anatomy-viewer --quit-after-ms`` in this process, until it reports its
    first frame (printed when the window's first render ends)."""
    import contextlib
    import io

    from anatomy_viewer.cli import main

    shown: list[float] = []

    class Watch(io.StringIO):
        def write(self, text: str) -> int:
            if "first frame shown" in text and not shown:
                shown.append(time.time())
            return super().write(text)

    with contextlib.redirect_stdout(Watch()):
        code = main(["--mesh-dir", args.mesh_dir, "--quit-after-ms", "1"])
    if code != 0 or not shown:
        raise SystemExit(f"the app did not report a first frame (exit code {code})")
    emit({"frame_at": shown[0], "started_at": process_started_at()})


def window_baseline(args) -> None:
    """A plain PyVista window of the same files, shown once (pyvista's defaults: MSAA)."""
    import pyvista as pv

    plotter = pv.Plotter(window_size=list(args.size))
    for path in args.files:
        plotter.add_mesh(pv.read(path))
    set_pose(plotter, args.pose)
    plotter.show(interactive=False, auto_close=False)
    emit({"frame_at": time.time(), "started_at": process_started_at()})


def drag(args) -> None:
    """Practice mode's drag, driven by mouse events at most every 10 ms (100 a second) along a
    loop around the lessons' example spot; each event moves the tip and re-checks the placement.
    Segments alternate: the app as shipped, then with every frame drawn whole (``enabled=False``)."""
    from PySide6.QtCore import QEvent, QEventLoop, QPointF, QSettings, Qt, QTimer
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from anatomy_viewer.qt.window.app import make_application
    from anatomy_viewer.qt.window.main_window import MainWindow
    from anatomy_viewer.render.overlays.tool_pick import display_of

    app = make_application()
    # All 50 structures, as the window has them a moment after its first frame.
    catalogue, meshes = load_app(args.mesh_dir, None)
    folder = tempfile.mkdtemp(prefix="bench-settings-")
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, meshes, settings=settings)
    window.resize(*args.window_size)
    window.show()
    for _ in range(20):
        app.processEvents()
    tool, view = window.tool, window.view.interactor
    tool.session.place_default("right")
    tool.session.set_practice(True)
    window.show_view("anterior")
    window.scene.lod.prepare(wait=True)
    window.view.render()
    asis = tool.session.checker.landmarks["asis_right"]
    spot = (asis[0] + 25.0, asis[2] + 15.0)

    def pos(k: int) -> QPointF:
        angle = 2 * math.pi * k / 90  # one loop every 90 moves
        point = tool.session.checker.wall.wall_point(
            spot[0] + 25 * math.sin(angle), spot[1] + 15 * math.cos(angle)
        )
        x, y = display_of(window.view.renderer, point)
        ratio = view.devicePixelRatioF()
        return QPointF(x / ratio, view.height() - y / ratio)

    def send(kind, k: int, button, buttons) -> None:
        at = pos(k)
        event = QMouseEvent(
            kind, at, view.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(view, event)

    frames: list[float] = []
    window.view.render_window.AddObserver("EndEvent", lambda *_: frames.append(time.perf_counter()))
    left = Qt.MouseButton.LeftButton

    def segment(reuse: bool) -> dict:
        backdrop = window.scene.backdrop
        backdrop.enabled = reuse
        captured = backdrop.frames_captured
        send(QEvent.Type.MouseButtonPress, 0, left, left)
        places, moved = len(frames), [0]
        start = time.perf_counter()

        def move() -> None:
            moved[0] += 1
            send(QEvent.Type.MouseMove, moved[0], Qt.MouseButton.NoButton, left)
            if moved[0] >= args.drag_moves:
                timer.stop()
                loop.quit()

        # A loop of its own: quitting the application would close the view (pyvistaqt closes
        # its interactors when the application is about to quit).
        loop = QEventLoop()
        timer = QTimer(interval=10)
        timer.timeout.connect(move)
        timer.start()
        loop.exec()
        elapsed = time.perf_counter() - start
        send(QEvent.Type.MouseButtonRelease, moved[0], left, Qt.MouseButton.NoButton)
        for _ in range(5):
            app.processEvents()
        return {
            "updates_per_s": moved[0] / elapsed,
            "frames_per_s": (len(frames) - places) / elapsed,
            "anatomy_redrawn": backdrop.frames_captured - captured,  # the press, target changes
        }

    runs = {"app": [], "baseline": []}
    for _ in range(args.drag_segments):
        runs["app"].append(segment(True))
        runs["baseline"].append(segment(False))
    view_size = [view.width(), view.height()]
    window.close()

    def median_of(role: str, key: str) -> float:
        return round(statistics.median(r[key] for r in runs[role]), 1)

    emit({
        "app": median_of("app", "updates_per_s"), "baseline": median_of("baseline", "updates_per_s"),
        "frames_per_s": {role: median_of(role, "frames_per_s") for role in runs},
        "anatomy_redrawn_per_segment": [r["anatomy_redrawn"] for r in runs["app"]],
        "window_size": list(args.window_size), "view_size": view_size,
        "moves_per_segment": args.drag_moves, "segments": args.drag_segments,
    })  # fmt: skip


def tri_count(meshes) -> int:
    return int(sum(m.n_faces for m in meshes.values()))


def interaction(scene):
    """Start and end of a drag, the way VTK's interactor styles signal it (StartState/StopState)."""
    window = scene.plotter.render_window
    iren = scene.plotter.iren.interactor if scene.plotter.iren is not None else None
    rate = iren.GetDesiredUpdateRate() if iren is not None else 15.0
    still = iren.GetStillUpdateRate() if iren is not None else 0.0001
    return (lambda: window.SetDesiredUpdateRate(rate)), (lambda: window.SetDesiredUpdateRate(still))


def orbit(args) -> None:
    catalogue, meshes = load_app(args.mesh_dir, args.ids)
    scene = app_scene(catalogue, meshes, args.size, args.show_all)
    scene.plotter.screenshot(return_img=True)
    started = time.perf_counter()
    scene.lod.prepare(wait=True)
    lod_prepare_s = time.perf_counter() - started
    baseline = baseline_plotter(args.files, args.size, pose_of(scene))
    baseline.screenshot(return_img=True)
    app_window, base_window = scene.plotter.render_window, baseline.render_window
    step_deg = 360.0 / args.steps

    def interleaved(frames: int) -> dict:
        app_times, base_times = [], []
        for _ in range(frames):
            scene.plotter.camera.Azimuth(step_deg)
            app_times.append(timed_render(app_window))
            baseline.camera.Azimuth(step_deg)
            base_times.append(timed_render(base_window))
        return {"app_ms": median_ms(app_times), "baseline_ms": median_ms(base_times)}

    begin, end = interaction(scene)
    begin()  # as the interactor style does on a mouse press
    moving = interleaved(args.steps)
    end()
    rest = interleaved(args.rest_frames)  # full meshes, the scene's anti-aliasing
    # Which half of the saving is which: decimated copies with anti-aliasing kept, and full
    # meshes without anti-aliasing.
    samples = app_window.GetMultiSamples()
    scene.lod.set_interacting(True)
    app_window.SetMultiSamples(samples)
    lod_only = interleaved(args.rest_frames)
    scene.lod.set_interacting(False)
    app_window.SetMultiSamples(0)
    no_aa_only = interleaved(args.rest_frames)
    app_window.SetMultiSamples(samples)
    cut = section(scene, args.rest_frames)
    emit(
        {
            **moving,
            "section": cut,
            "app_rest_ms": rest["app_ms"],
            "rest_pair": rest,
            "lod_only": lod_only,
            "no_anti_aliasing_only": no_aa_only,
            "multisamples_at_rest": samples,
            "lod_prepare_s": round(lod_prepare_s, 2),
            "triangles": tri_count(meshes),
            "triangles_interacting": interacting_triangles(scene),
        }
    )


def section(scene, frames: int) -> dict | None:
    """The section view (issue 15): frames while an axial cut moves (GPU clipping on the decimated
    copies, as the window draws them) and at rest (full meshes, cut faces filled), against the
    plain frame at rest; and the time to make the cut faces of one plane."""
    try:
        from anatomy_viewer.core.scene.section import Section, cut_plane
    except ImportError:  # pragma: no cover - before issue 15
        return None
    window = scene.plotter.render_window
    low, high = scene.focus_bounds
    levels = [low[2] + (high[2] - low[2]) * t for t in (0.3, 0.4, 0.5, 0.6, 0.7)]
    plain = [timed_render(window) for _ in range(frames)]
    scene.lod.set_interacting(True)
    moving = []
    for level in levels * 2:
        scene.section.show(cut_plane(Section("axial", level)), "bench", capped=False)
        moving.append(timed_render(window))
    scene.lod.set_interacting(False)
    faces, rest = [], []
    for level in levels:
        start = time.perf_counter()
        scene.section.show(cut_plane(Section("axial", level)), "bench", capped=True)
        faces.append(time.perf_counter() - start)
        rest.append(timed_render(window))
    scene.section.show(None)
    return {
        "plain_rest_ms": median_ms(plain),
        "moving_ms": median_ms(moving),
        "rest_ms": median_ms(rest),
        "cut_faces_ms": median_ms(faces),
    }


def interacting_triangles(scene) -> int:
    scene.lod.set_interacting(True)
    count = sum(a.GetMapper().GetInput().GetNumberOfCells() for a in scene.actors.values())
    scene.lod.set_interacting(False)
    return int(count)


def lesson_states(catalogue, meshes, limit: int):
    """SceneStates of the first shipped lesson's steps; None when the lesson modules are absent."""
    try:
        from anatomy_viewer.core.lessons import discover_lessons
        from anatomy_viewer.render.apply_state import lesson_landmarks
    except ImportError:
        return None
    lesson = next((item for item in discover_lessons(catalogue=catalogue) if len(item) > 1), None)
    if lesson is None:
        return None
    landmarks = lesson_landmarks(lesson.steps, meshes)
    states = [step.scene_state(catalogue, landmarks) for step in lesson.steps]
    return lesson.id, (states * (1 + limit // len(states)))[: limit + 1]


def representative_states(scene):
    """Without lessons: a muscles-only translucent view with a highlight, and back."""
    from anatomy_viewer.core.scene.scene_state import SceneState

    muscles = frozenset(scene.catalogue.select(["muscle", "bone"])) & set(scene.actors)
    opacity = {i: 0.35 for i in scene.catalogue.select(["bone"])}
    first = SceneState(camera="lateral_right", visible=muscles, opacity=opacity,
                       highlight=frozenset({"psoas_major_right"}))  # fmt: skip
    return [first, SceneState(camera=ANTERIOR)]


def step_switch(scene, catalogue, meshes, switches: int) -> dict:
    found = lesson_states(catalogue, meshes, switches)
    source, states = ("representative ViewerState change", None) if found is None else found
    if states is None:
        states = (representative_states(scene) * switches)[: switches + 1]
    try:
        from anatomy_viewer.render.overlays.labels import StructureLabels
        from anatomy_viewer.render.scene_apply import SceneDirector

        director = SceneDirector(scene)
        # The step's names and the framing of its named view, as the window shows them; the
        # landmarks measured once beforehand, as the window's placement checker does.
        labels = StructureLabels(scene)
        director.add_overlay(labels)
        try:
            from anatomy_viewer.render.framing import StepFraming

            labels.landmark_points()
            director.framing = StepFraming(scene, landmarks=labels.landmark_points)
        except ImportError:  # before the framing of issue 13
            pass
        apply = director.apply
    except ImportError:  # pragma: no cover - the adapter ships with the app
        from anatomy_viewer.render.apply_state import apply_scene_state

        def apply(state):
            apply_scene_state(scene, state)

    renders = []
    tag = scene.plotter.render_window.AddObserver("EndEvent", lambda *_: renders.append(1))
    apply(states[0])
    times, counts = [], []
    for state in states[1:]:
        renders.clear()
        start = time.perf_counter()
        apply(state)
        times.append(time.perf_counter() - start)
        counts.append(len(renders))
    scene.plotter.render_window.RemoveObserver(tag)
    return {"source": source, "median_ms": median_ms(times), "renders_per_switch": max(counts)}


def placement(meshes, points: int) -> dict:
    try:
        from anatomy_viewer.core.placement.checker import PlacementChecker
    except ImportError:
        return {"median": None, "p95": None, "note": "core/placement/checker.py not present"}
    import numpy as np

    from anatomy_viewer.core.errors import UserError

    started = time.perf_counter()
    checker = PlacementChecker.from_meshes(meshes)
    setup_s = time.perf_counter() - started
    rng = np.random.default_rng(7)
    xs, zs = checker.wall.xs, checker.wall.zs
    times, verdicts = [], {}
    while len(times) < points:
        x, z = rng.uniform(xs.min(), xs.max()), rng.uniform(zs.min(), zs.max())
        if not bool(checker.wall.contains(x, z)):
            continue
        pivot = float(rng.uniform(-30, 30))
        start = time.perf_counter()
        try:
            verdict = checker.verdict_at(x, z, pivot).verdict
        except UserError:
            verdict = "refused"
        times.append(time.perf_counter() - start)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    return {
        "median": round(statistics.median(times) * 1000, 3),
        "p95": p95_ms(times),
        "setup_s": round(setup_s, 2),
        "verdicts": verdicts,
    }


def export(scene, size) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.png"
        start = time.perf_counter()
        try:
            from anatomy_viewer.render.pictures.export import ExportOptions, export_image

            export_image(scene, path, ExportOptions(size=tuple(size)))
            via = "render.export.export_image"
        except ImportError:  # pragma: no cover
            from PIL import Image

            Image.fromarray(scene.plotter.screenshot(return_img=True, window_size=size)).save(path)
            via = "plotter.screenshot"
        seconds = time.perf_counter() - start
        return {"seconds": round(seconds, 2), "via": via, "bytes": path.stat().st_size}


def app_suite(args) -> None:
    catalogue, meshes = load_app(args.mesh_dir, args.ids)
    scene = app_scene(catalogue, meshes, args.size, args.show_all)
    scene.plotter.screenshot(return_img=True)
    scene.lod.prepare(wait=True)
    begin, end = interaction(scene)
    begin()
    for _ in range(6):  # a short drag, so the peak memory includes the decimated copies in use
        scene.plotter.camera.Azimuth(10)
        scene.plotter.render_window.Render()
    end()
    scene.view(ANTERIOR)
    result = {"step_switch": step_switch(scene, catalogue, meshes, args.switches)}
    result["export"] = export(scene, args.export_size)
    result["placement"] = placement(meshes, args.points)
    emit(result)


def growth(args) -> None:
    """Frame times and memory against triangles: core, core+extras, then overlapping copies of all
    (copies sit 0.5 mm apart, so the view's framing and covered pixels stay the same)."""
    import pyvista.plotting  # noqa: F401 - imported before the first row's timing, not in it

    from anatomy_viewer.core.anatomy.catalogue import load_catalogue

    catalogue = load_catalogue()
    _, everything = load_app(args.mesh_dir, list(catalogue.ids))
    core = {i: m for i, m in everything.items() if catalogue[i].group == "core"}
    sets = [("core", core), ("core+extras", everything)]
    for copies in args.copies:
        grown = dict(everything)
        for n in range(1, copies):
            grown.update({f"{i}#{n}": m.translated((0.5 * n,) * 3) for i, m in everything.items()})
        sets.append((f"core+extras x{copies}", grown))
    rows = []
    for name, meshes in sets:
        rows.append(growth_row(catalogue, name, meshes, args))
    emit({"rows": rows})


def growth_row(catalogue, name, meshes, args) -> dict:
    import dataclasses

    from anatomy_viewer.core.anatomy.catalogue import Catalogue

    # Copies need catalogue entries (colour, system) under their own ids.
    extra = [
        dataclasses.replace(catalogue[i.split("#")[0]], id=i) for i in meshes if i not in catalogue
    ]
    cat = Catalogue(catalogue.structures + tuple(extra), catalogue.licence, catalogue.licence_url,
                    catalogue.attribution)  # fmt: skip
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    scene = app_scene(cat, meshes, args.size, show_all=True)
    build_s = time.perf_counter() - start
    window = scene.plotter.render_window
    start = time.perf_counter()
    scene.plotter.screenshot(return_img=True)
    first_s = time.perf_counter() - start
    rest = [timed_render(window) for _ in range(args.rest_frames)]
    start = time.perf_counter()
    scene.lod.prepare(wait=True)
    lod_s = time.perf_counter() - start
    begin, end = interaction(scene)
    begin()
    moving = []
    for _ in range(args.steps):
        scene.plotter.camera.Azimuth(360.0 / args.steps)
        moving.append(timed_render(window))
    end()
    row = {
        "set": name, "structures": len(meshes), "triangles": tri_count(meshes),
        "scene_build_s": round(build_s, 2), "first_render_s": round(first_s, 2),
        "rest_ms": median_ms(rest), "interacting_ms": median_ms(moving), "lod_prepare_s": round(lod_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before, 1),
    }  # fmt: skip
    scene.lod.close()
    scene.plotter.close()
    return row


TASKS = {
    "first-frame-app": first_frame_app,
    "first-frame-baseline": first_frame_baseline,
    "window-app": window_app,
    "window-baseline": window_baseline,
    "drag": drag,
    "orbit": orbit,
    "app": app_suite,
    "growth": growth,
}


def run_task(role: str, payload_path: str) -> int:
    import argparse

    payload = json.loads(Path(payload_path).read_text())
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    TASKS[role](argparse.Namespace(**payload))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_task(sys.argv[1], sys.argv[2]))
