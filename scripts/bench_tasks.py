"""The measurements of ``scripts/bench.py``, each run in a fresh process (``bench.py --child ROLE``).

Every task prints one line ``BENCH-RESULT {json}`` on stdout. Times are wall-clock seconds or
milliseconds; ``peak_rss_mb`` is the process's peak resident set (``resource.getrusage``).

    first-frame-app       the app's way: catalogue -> load_structures (processed-mesh cache) ->
                          off-screen AnatomyScene -> anterior view -> first rendered image
    first-frame-baseline  what a user would write: pyvista.read each file -> add_mesh -> render
    window-app            the real start-up: ``anatomy-viewer`` opens its window (Qt), first frame
    window-baseline       a plain on-screen PyVista window of the same files, first frame
    window-frames         the real window (Qt, needs a display) as at a first start on the given
                          screen, beside a plain PyVista window of its view's size, in one process:
                          orbit frames and the frame at rest (segments interleaved), the hip hook
                          dragged (reused anatomy picture against every frame drawn whole), and
                          lesson steps switched with the key (to the first frame of the glide)
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

    # As large as the app's view (measured by the window-frames task), else the off-screen size.
    plotter = pv.Plotter(window_size=list(getattr(args, "view_size", None) or args.size))
    for path in args.files:
        plotter.add_mesh(pv.read(path))
    set_pose(plotter, args.pose)
    plotter.show(interactive=False, auto_close=False)
    emit({"frame_at": time.time(), "started_at": process_started_at()})


# --- the real window --------------------------------------------------------------------------------
def first_start_rect(screen_size) -> tuple[int, int, int, int]:
    """Where the window opens at a first start on a screen this size (room.first_start_geometry)."""
    from anatomy_viewer.qt.window.room import FIRST_START_SCREEN_SHARE

    width, height = (round(side * FIRST_START_SCREEN_SHARE) for side in screen_size)
    return (screen_size[0] - width) // 2, (screen_size[1] - height) // 2, width, height


def app_window(args):
    """The main window as at a user's first start on a ``window_size`` screen: 90 % of it, the view
    VIEW_SHARE of its width (the default layout), all 50 structures (as a moment after the first
    frame), decimated copies ready."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication

    from anatomy_viewer.qt.window.app import make_application
    from anatomy_viewer.qt.window.main_window import MainWindow

    app = make_application()
    catalogue, meshes = load_app(args.mesh_dir, None if args.window_all_structures else args.ids)
    folder = tempfile.mkdtemp(prefix="bench-settings-")
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, meshes, settings=settings)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    if [screen.width(), screen.height()] != list(args.window_size):  # not our own virtual screen
        window.setGeometry(*first_start_rect(args.window_size))
    window.show()
    window.activateWindow()  # shortcuts (the step keys) need an active window
    deadline = time.perf_counter() + 60
    while not window.first_frame.done and time.perf_counter() < deadline:
        app.processEvents()
    for _ in range(20):
        app.processEvents()
    window.scene.lod.prepare(wait=True)
    window.view.render()
    return app, window


def plain_window(files: list[str], size, pose: dict):
    """What a user of PyVista would write: a plain on-screen window (its defaults: MSAA, light kit)."""
    import pyvista as pv

    plotter = pv.Plotter(window_size=list(size))
    for path in files:
        plotter.add_mesh(pv.read(path))
    set_pose(plotter, pose)
    plotter.show(interactive=False, auto_close=False)
    return plotter


class FrameClock:
    """Start and end of every frame a render window draws (VTK's StartEvent and EndEvent)."""

    def __init__(self, render_window) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        render_window.AddObserver("StartEvent", lambda *_: self.starts.append(time.perf_counter()))
        render_window.AddObserver("EndEvent", lambda *_: self.ends.append(time.perf_counter()))

    def mark(self) -> int:
        return len(self.ends)

    def intervals_ms(self, since: int, until: int) -> list[float]:
        ends = self.ends[since:until]
        return [round((b - a) * 1000, 1) for a, b in zip(ends, ends[1:], strict=False)]

    def last_render_ms(self) -> float:
        return round((self.ends[-1] - self.starts[-1]) * 1000, 1)


def run_timer(interval_ms: int, steps: int, step) -> None:
    """Call ``step(k)`` for k = 1..steps from a Qt timer, in an event loop of its own (quitting the
    application would close the view: pyvistaqt closes its interactors then)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, done = QEventLoop(), [0]
    timer = QTimer(interval=interval_ms)

    def tick() -> None:
        done[0] += 1
        step(done[0])
        if done[0] >= steps:
            timer.stop()
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    loop.exec()


def settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def orbit_app_segment(app, window, clock, moves: int) -> dict:
    """A left-button drag across the view, as a mouse sends it (a move every MOUSE_MS): the
    interactor style turns the camera and renders each move; the release draws the frame at rest."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    view = window.view.interactor
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    x0, y = view.width() * 0.3, view.height() * 0.5

    def send(kind, x: float, button, buttons) -> None:
        at = QPointF(x, y)
        event = QMouseEvent(kind, at, view.mapToGlobal(at), button, buttons,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(view, event)

    send(QEvent.Type.MouseButtonPress, x0, left, left)
    first, cpu = clock.mark(), time.process_time()
    run_timer(
        MOUSE_MS, moves, lambda k: send(QEvent.Type.MouseMove, x0 + ORBIT_STEP_PX * k, none, left)
    )
    moving, cpu = clock.mark(), time.process_time() - cpu
    reduced = window.scene.lod.resolution.last_size
    send(QEvent.Type.MouseButtonRelease, x0 + ORBIT_STEP_PX * moves, left, none)
    settle(app)
    return {
        "frame_ms": clock.intervals_ms(first, moving),
        "rest_ms": [clock.last_render_ms(), *more_rest_frames(window.view.render_window, clock)],
        "frames": moving - first,
        "cpu_ms_per_frame": round(cpu * 1000 / max(1, moving - first), 1),
        "drawn_at": list(reduced) if reduced else None,
    }


def more_rest_frames(render_window, clock, frames: int = 2) -> list[float]:
    """A few more frames at rest (the camera nudged by a degree): the release frame is one sample."""
    camera = render_window.GetRenderers().GetFirstRenderer().GetActiveCamera()
    times = []
    for _ in range(frames):
        camera.Azimuth(1.0)
        render_window.Render()
        times.append(clock.last_render_ms())
    return times


def orbit_baseline_segment(plotter, clock, moves: int) -> dict:
    """The same drag on the plain window, through its VTK interactor (its own style renders)."""
    iren = plotter.iren.interactor
    width, height = plotter.render_window.GetSize()
    x0, y = int(width * 0.3), int(height * 0.5)
    iren.SetEventInformation(x0, y, 0, 0)
    iren.LeftButtonPressEvent()
    first, cpu = clock.mark(), time.process_time()

    def move(k: int) -> None:
        iren.SetEventInformation(x0 + ORBIT_STEP_PX * k, y, 0, 0)
        iren.MouseMoveEvent()

    run_timer(MOUSE_MS, moves, move)
    moving, cpu = clock.mark(), time.process_time() - cpu
    iren.LeftButtonReleaseEvent()
    if clock.mark() == moving:  # the style asked for no render on release: draw the still frame
        plotter.render_window.Render()
    rest = [clock.last_render_ms(), *more_rest_frames(plotter.render_window, clock)]
    return {"frame_ms": clock.intervals_ms(first, moving), "rest_ms": rest, "frames": moving - first,
            "cpu_ms_per_frame": round(cpu * 1000 / max(1, moving - first), 1)}  # fmt: skip


# The orbit's mouse: a move every 8 ms (a 125 Hz mouse), 6 px each (a brisk but ordinary turn).
MOUSE_MS = 8
ORBIT_STEP_PX = 6


def drag_segment(app, window, clock, moves: int, reuse: bool) -> dict:
    """Practice mode's drag, driven by mouse events at most every 10 ms (100 a second) along a loop
    around the lessons' example spot; each event moves the tip and re-checks the placement."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from anatomy_viewer.render.overlays.tool_pick import display_of

    tool, view = window.tool, window.view.interactor
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

    left = Qt.MouseButton.LeftButton
    backdrop = window.scene.backdrop
    backdrop.enabled = reuse
    captured = backdrop.frames_captured
    send(QEvent.Type.MouseButtonPress, 0, left, left)
    frames = clock.mark()
    start, cpu = time.perf_counter(), time.process_time()
    run_timer(10, moves, lambda k: send(QEvent.Type.MouseMove, k, Qt.MouseButton.NoButton, left))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    drawn = clock.mark() - frames
    send(QEvent.Type.MouseButtonRelease, moves, left, Qt.MouseButton.NoButton)
    settle(app)
    return {
        "updates_per_s": round(moves / elapsed, 1),
        "frames_per_s": round(drawn / elapsed, 1),
        "cpu_ms_per_update": round(cpu * 1000 / moves, 1),
        "anatomy_redrawn": backdrop.frames_captured - captured,  # the press, target changes
    }


def step_switches(app, window, clock, switches: int) -> dict:
    """Lesson steps switched with the key (PageDown), as a user does: the time from the key to the
    end of the first frame of the camera's glide, and the glide's frames."""
    from PySide6.QtCore import QAbstractAnimation, Qt
    from PySide6.QtTest import QTest

    lessons = window.lessons
    lesson = next((item for item in lessons.lessons if len(item.steps) > switches), None)
    if lesson is None:
        return {"first_frame_ms": [], "lesson": None}
    lessons.open_lesson(lesson)
    glide = lessons.glide
    glide.finish()
    settle(app, 20)
    first_frames, glide_frames, glide_ms = [], [], []
    for _ in range(switches):
        before = clock.mark()
        pressed = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_PageDown)
        deadline = pressed + 30
        while clock.mark() == before and time.perf_counter() < deadline:
            app.processEvents()
        first_frames.append(round((clock.ends[before] - pressed) * 1000, 1))
        while glide.animation.state() == QAbstractAnimation.State.Running:
            app.processEvents()
        settle(app, 10)
        after = clock.mark()
        glide_frames.append(after - before)
        glide_ms.append(round((clock.ends[after - 1] - pressed) * 1000, 1))
    return {"lesson": lesson.id, "first_frame_ms": first_frames, "frames_per_switch": glide_frames,
            "until_rest_ms": glide_ms}  # fmt: skip


def window_frames(args) -> None:
    """The real window against a plain PyVista window of the view's size, in one process: orbit
    frames and the frame at rest, interleaved segment by segment; then the hip hook's drag (the app
    against the same window drawing every frame whole); then lesson step switches."""
    app, window = app_window(args)
    view = window.view
    view_size = list(view.render_window.GetSize())
    pose = pose_of(window.scene)
    baseline = plain_window(args.files, view_size, pose)
    app_clock, base_clock = FrameClock(view.render_window), FrameClock(baseline.render_window)
    orbit = {"app": [], "baseline": []}
    for _ in range(args.window_segments):
        window.scene.set_camera(pv_pose(pose))
        orbit["app"].append(orbit_app_segment(app, window, app_clock, args.orbit_moves))
        set_pose(baseline, pose)
        orbit["baseline"].append(orbit_baseline_segment(baseline, base_clock, args.baseline_moves))
    baseline.close()
    window.scene.set_camera(pv_pose(pose))
    settle(app)
    tool = window.tool
    tool.session.place_default("right")
    tool.session.set_practice(True)
    window.show_view("anterior")
    settle(app)
    drag = {"app": [], "baseline": []}
    for _ in range(args.drag_segments):
        drag["app"].append(drag_segment(app, window, app_clock, args.drag_moves, reuse=True))
        drag["baseline"].append(drag_segment(app, window, app_clock, args.drag_moves, reuse=False))
    tool.session.set_practice(False)
    tool.session.set_visible(False)
    settle(app)
    steps = step_switches(app, window, app_clock, args.step_keys)
    window.close()
    emit({
        "window_size": list(args.window_size), "window": [window.width(), window.height()],
        "view_size": view_size, "orbit": orbit, "drag": drag, "steps": steps,
    })  # fmt: skip


def pv_pose(pose: dict):
    from anatomy_viewer.core.scene.views import CameraPose

    return CameraPose(tuple(pose["position"]), tuple(pose["focal_point"]), tuple(pose["up"]))


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
    drawn_at = scene.lod.resolution.last_size
    end()
    rest = interleaved(args.rest_frames)  # full meshes, the scene's anti-aliasing
    # Which part of the saving is which: the moving frame at full resolution (decimated copies,
    # no anti-aliasing), and the full meshes without anti-aliasing.
    scene.lod.resolution.enabled = False
    begin()
    full_resolution = interleaved(args.rest_frames)
    end()
    scene.lod.resolution.enabled = True
    samples = app_window.GetMultiSamples()
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
            "moving_full_resolution": full_resolution,
            "no_anti_aliasing_only": no_aa_only,
            "drawn_at": list(drawn_at) if drawn_at else None,
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
    """Triangles drawn while moving (the copies for reduced frames where frames are reduced)."""
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
    "window-frames": window_frames,
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
