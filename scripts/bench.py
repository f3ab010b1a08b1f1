"""Benchmark (issue 7): the app's scene against the plain PyVista scene a user would write instead.

    python scripts/bench.py [--mesh-dir DIR] [--json] [--quick] [--with-extras]

Measured, each in fresh processes (the measurements themselves are in ``bench_tasks.py``):

- first frame: process start -> first rendered image at 1280x800, median of 5 starts each, app and
  baseline alternated. The app reads its processed-mesh cache from a fresh temporary folder: the
  first start fills it (reported as "cold cache") and the timed starts are warm, as on a user's
  machine from the second start on. The baseline: ``pyvista.read`` each file, ``add_mesh``, render.
  Headline: both off-screen with the same anti-aliasing (the app's scene as ``anatomy-viewer
  screenshot`` builds it). Also measured when a display or xvfb-run is there: the real window
  start (``anatomy-viewer --quit-after-ms``: Qt, widgets, the 35 core structures; the other 15 load
  after the first frame) against a plain on-screen PyVista window. The app's modules are compiled
  to bytecode first, as ``pip install`` compiles the libraries' (see ``compile_bytecode``).
- orbit: median frame time over 36 steps of 10 degrees at 1280x800 off-screen; app and baseline
  frames interleaved in one process. The app is "interacting" exactly as its interactor style makes
  it (window desired update rate raised), so it draws its decimated copies; its frame at rest
  (full meshes, what every still image shows) is reported too.
- section (in the orbit task): frames while an axial cut moves (GPU clipping, decimated copies) and
  at rest (cut faces filled) against the plain frame at rest, and the time to fill one cut.
- step switch: applying another lesson step's SceneState (shipped lessons) and rendering once.
- placement check: median and p95 over 1000 random points on the derived wall (core/placement/checker.py).
- 4K export: 3840x2160 PNG through the app's export path. Peak memory: the app process's peak RSS.
- drag: the hip hook dragged in the real window (needs a display or xvfb-run), updates per second,
  app against the same window drawing every frame whole; alternating segments in one process.
- ``--with-extras``: how costs grow with triangles (core, core+extras, overlapping copies).

``--quick`` runs one start each and smaller sizes (640x400 orbit, 1280x720 export, 100 placement
points): a smoke test, not numbers to compare. Progress goes to stderr; the table to stdout; with
``--json`` the last line of stdout is one JSON object (the goals' figures, then ``details``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TASKS = Path(__file__).resolve().with_name("bench_tasks.py")
sys.path.insert(0, str(REPO))

FULL = {
    "first_frame_runs": 5, "size": [1280, 800], "steps": 36, "rest_frames": 5, "switches": 6,
    "points": 1000, "export_size": [3840, 2160], "copies": [2],
    "window_size": [1280, 860], "drag_moves": 150, "drag_segments": 3,
}  # fmt: skip
QUICK = {
    "first_frame_runs": 1, "size": [640, 400], "steps": 6, "rest_frames": 2, "switches": 2,
    "points": 100, "export_size": [1280, 720], "copies": [],
    "window_size": [1280, 860], "drag_moves": 20, "drag_segments": 1,
}  # fmt: skip
GOALS = {  # from issue 7
    "first_frame_ratio": 0.8,
    "orbit_ratio": 0.5,
    "placement_p95_ms": 5.0,
    "export_4k_s": 5.0,
    "peak_rss_mb": 1500.0,
    "drag_updates_per_s": 30.0,  # issue 4
}
RESULT_PREFIX = "BENCH-RESULT "


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run_child(role: str, payload: dict, env: dict, prefix: tuple[str, ...] = ()) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(payload, handle)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, str(TASKS), role, handle.name],
            capture_output=True, text=True, env=env, timeout=900,
        )  # fmt: skip
    finally:
        os.unlink(handle.name)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise SystemExit(f"bench: the {role} task failed:\n{done.stderr[-3000:]}")


def first_frame(role: str, payload: dict, env: dict, prefix=()) -> tuple[float, dict]:
    """Seconds from the child process's start (not from spawning Xvfb) to its first frame."""
    result = run_child(role, payload, env, prefix)
    return result["frame_at"] - result["started_at"], result


def window_prefix() -> tuple[str, ...] | None:
    """How to give a child a display: the current one, a virtual one, or None (skip windows)."""
    if os.environ.get("DISPLAY"):
        return ()
    if shutil.which("xvfb-run"):
        return ("xvfb-run", "-a", "-s", "-screen 0 1600x1200x24")
    return None


def starts(roles, payload, env, runs: int, prefix=()) -> dict:
    """Alternate the roles run by run, so a busy machine slows each alike; medians per role."""
    seconds: dict[str, list[float]] = {role: [] for role in roles}
    rss: dict[str, list[float]] = {role: [] for role in roles}
    for run in range(runs):
        log(f"first frame ({', '.join(roles)}), run {run + 1}/{runs}")
        for role in roles:
            elapsed, result = first_frame(role, payload, env, prefix)
            seconds[role].append(round(elapsed, 2))
            rss[role].append(result["peak_rss_mb"])
    app, baseline = roles
    return {
        "app": round(statistics.median(seconds[app]), 2),
        "baseline": round(statistics.median(seconds[baseline]), 2),
        "runs_s": {"app": seconds[app], "baseline": seconds[baseline]},
        "peak_rss_mb": {"app": max(rss[app]), "baseline": max(rss[baseline])},
    }


def compile_bytecode() -> None:
    """Compile the app's modules as ``pip install`` does, so every timed start reads bytecode.

    pyvista and the other libraries were compiled when pip installed them; an editable install of
    the app is compiled on its first start, unless PYTHONDONTWRITEBYTECODE is set (it is on some CI
    machines), and then every start would compile the app's hundred modules again (0.1 s).
    """
    import compileall

    compileall.compile_dir(REPO / "anatomy_viewer", quiet=1)


def ratio(app, baseline) -> float | None:
    return round(app / baseline, 2) if app is not None and baseline else None


def measure(args: argparse.Namespace) -> dict:
    from anatomy_viewer.core.anatomy.catalogue import load_catalogue

    settings = QUICK if args.quick else FULL
    catalogue = load_catalogue()
    mesh_dir = Path(args.mesh_dir).expanduser().resolve()
    ids = [s.id for s in catalogue if s.group == "core"]
    files = [str(mesh_dir / catalogue[i].file) for i in ids]
    base = {**settings, "mesh_dir": str(mesh_dir), "ids": ids, "files": files, "show_all": False}
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "ANATOMY_VIEWER_CACHE_DIR": cache}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        # Off-screen tasks render through EGL even when a display is there: they need no X server,
        # and the app and the baseline then meet the same GL path. (Under the test suite's Xvfb an
        # off-screen task once lost its X connection mid-run and died on a GLX error.)
        env["VTK_DEFAULT_OPENGL_WINDOW"] = "vtkEGLRenderWindow"

        log("first frame, app, empty cache")
        cold_s, cold = first_frame("first-frame-app", base, env)
        payload = {**base, "pose": cold["pose"]}
        runs = settings["first_frame_runs"]
        offscreen = starts(("first-frame-app", "first-frame-baseline"), payload, env, runs)
        # The window starts are informational and slow (Qt): not in --quick.
        prefix, window, drag = (None if args.quick else window_prefix()), None, None
        if prefix is not None:
            window_env = {**env, "XDG_CONFIG_HOME": cache}  # no saved window layout or camera
            window_env.pop("VTK_DEFAULT_OPENGL_WINDOW", None)
            window = starts(("window-app", "window-baseline"), payload, window_env, runs, prefix)
            log("dragging the hip hook in the window (reused anatomy picture vs whole frames)")
            drag = run_child("drag", payload, window_env, prefix)
        log("orbit (app and baseline frames interleaved; makes the decimated copies first)")
        orbit = run_child("orbit", payload, env)
        log("step switch, placement check, export, peak memory")
        app = run_child("app", payload, env)
        growth = None
        if args.with_extras:
            log("growth with triangle count (core, core+extras, copies)")
            growth = run_child("growth", payload, env)["rows"]

    # The headline is the like-for-like scene start (the "app's scene against a baseline"):
    # both off-screen with the same anti-aliasing. The window start adds Qt and the app's widgets.
    return {
        "first_frame_s": {"app": offscreen["app"], "baseline": offscreen["baseline"]},
        "orbit_frame_ms": {"app": orbit["app_ms"], "baseline": orbit["baseline_ms"]},
        "step_switch_ms": app["step_switch"]["median_ms"],
        "placement_check_ms": {
            "median": app["placement"]["median"],
            "p95": app["placement"]["p95"],
        },
        "export_4k_s": app["export"]["seconds"],
        "peak_rss_mb": app["peak_rss_mb"],
        "drag_updates_per_s": None if drag is None else {k: drag[k] for k in ("app", "baseline")},
        "details": {
            "quick": bool(args.quick),
            "settings": settings,
            "triangles": cold["triangles"],
            "first_frame_window": window,
            "drag": drag,
            "first_frame_offscreen": offscreen,
            "first_frame_cold_cache_s": round(cold_s, 2),
            "orbit": orbit,
            "step_switch": app["step_switch"],
            "placement": app["placement"],
            "export": app["export"],
            "growth": growth,
        },
    }


def section_rows(cut: dict | None) -> list[tuple]:
    """Issue 15: the section view's frames against the plain frame at rest, one process."""
    if cut is None:
        return []
    plain = cut["plain_rest_ms"]
    return [
        ("section moving, ms (GPU cut, decimated) vs plain rest", cut["moving_ms"], plain,
         ratio(cut["moving_ms"], plain), "", ""),
        ("section at rest, ms (cut faces filled) vs plain rest", cut["rest_ms"], plain,
         ratio(cut["rest_ms"], plain), "", ""),
        ("section cut faces of one plane, ms", cut["cut_faces_ms"], "", "", "", ""),
    ]  # fmt: skip


def table(report: dict) -> str:
    d = report["details"]
    orb, pl = report["orbit_frame_ms"], report["placement_check_ms"]
    n = d["settings"]["first_frame_runs"]

    def met(ok) -> str:
        return "n/a" if ok is None else ("yes" if ok else "NO")

    def start_row(label: str, pair: dict | None, goal: bool) -> tuple:
        if pair is None:
            return (f"{label}: skipped (--quick, or no display)", "", "", "", "", "")
        r = ratio(pair["app"], pair["baseline"])
        limit = GOALS["first_frame_ratio"]
        return (label, pair["app"], pair["baseline"], r, f"<= {limit} x" if goal else "",
                met(r is not None and r <= limit) if goal else "")  # fmt: skip

    def pair_row(label: str, pair: dict) -> tuple:
        return (
            label,
            pair["app_ms"],
            pair["baseline_ms"],
            ratio(pair["app_ms"], pair["baseline_ms"]),
            "",
            "",
        )

    def drag_row(drag: dict | None) -> tuple:
        if drag is None:
            return (
                "drag the hip hook, updates/s: skipped (--quick, or no display)",
                "",
                "",
                "",
                "",
                "",
            )
        goal = GOALS["drag_updates_per_s"]
        return (f"drag the hip hook, updates/s (window {drag['window_size'][0]}x{drag['window_size'][1]})",
                drag["app"], drag["baseline"], ratio(drag["app"], drag["baseline"]), f">= {goal:.0f}",
                met(drag["app"] >= goal))  # fmt: skip

    window, offscreen = d["first_frame_window"], d["first_frame_offscreen"]
    orb_ratio = ratio(orb["app"], orb["baseline"])
    rows = [
        ("measure", "app", "baseline", "app/base", "goal", "met"),
        start_row(f"first frame, off-screen, s (median of {n})", offscreen, True),
        start_row(f"first frame, window, s (median of {n})", window, False),
        ("first frame, off-screen, empty cache, s", d["first_frame_cold_cache_s"],
         offscreen["baseline"], ratio(d["first_frame_cold_cache_s"], offscreen["baseline"]), "", ""),
        ("orbit frame, ms (interacting)", orb["app"], orb["baseline"], orb_ratio,
         f"<= {GOALS['orbit_ratio']} x", met(orb_ratio is not None and orb_ratio <= GOALS["orbit_ratio"])),
        pair_row("  of which: decimated copies only", d["orbit"]["lod_only"]),
        pair_row("  of which: anti-aliasing off only", d["orbit"]["no_anti_aliasing_only"]),
        pair_row("frame at rest, ms (full meshes, AA)", d["orbit"]["rest_pair"]),
        *section_rows(d["orbit"].get("section")),
        (f"step switch, ms ({d['step_switch']['renders_per_switch']} render)", report["step_switch_ms"],
         "", "", "", ""),
        ("placement check median, ms", pl["median"], "", "", "", ""),
        ("placement check p95, ms", pl["p95"], "", "", f"<= {GOALS['placement_p95_ms']}",
         met(None if pl["p95"] is None else pl["p95"] <= GOALS["placement_p95_ms"])),
        (f"export {'x'.join(map(str, d['settings']['export_size']))}, s", report["export_4k_s"], "",
         "", f"<= {GOALS['export_4k_s']}", met(report["export_4k_s"] <= GOALS["export_4k_s"])),
        drag_row(d["drag"]),
        ("peak RSS, MB (app: all tasks)", report["peak_rss_mb"], offscreen["peak_rss_mb"]["baseline"],
         ratio(report["peak_rss_mb"], offscreen["peak_rss_mb"]["baseline"]),
         f"<= {GOALS['peak_rss_mb']:.0f}", met(report["peak_rss_mb"] <= GOALS["peak_rss_mb"])),
    ]  # fmt: skip
    lines = _columns(rows)
    for label, pair in (("off-screen", offscreen), ("window", window)):
        if pair is not None:  # the spread behind each median: how noisy this machine was
            runs = pair["runs_s"]
            lines.append(
                f"first frame {label}, every start, s: app {runs['app']}, baseline {runs['baseline']}"
            )
    lines += [
        f"triangles: {d['triangles']} at rest, {d['orbit']['triangles_interacting']} while "
        f"interacting; decimated copies ready in {d['orbit']['lod_prepare_s']} s (the bench's own cache, "
        "filled by the first task that needed them)",
        f"step switch: {d['step_switch']['source']}; placement: {d['placement'].get('note', 'ok')}; "
        "baseline peak RSS: at its first frame",
        "window: the app's Qt window (FXAA; 35 core structures, the other 15 load after the first "
        "frame) vs a plain PyVista window (its default MSAA, core files); off-screen: both MSAA",
        "drag: baseline = the same window drawing every frame whole (no reused anatomy picture)",
    ]
    if d["quick"]:
        lines.append("--quick: smaller sizes and one start each; not figures to compare")
    if d["growth"]:
        lines.append("")
        lines.append("growth with triangle count (all structures visible, 1 process)")
        keys = ("set", "structures", "triangles", "scene_build_s", "first_render_s", "rest_ms",
                "interacting_ms", "lod_prepare_s", "peak_rss_mb")  # fmt: skip
        lines += _columns([keys] + [tuple(row[k] for k in keys) for row in d["growth"]])
        lines += growth_summary(d["growth"])
    return "\n".join(lines)


def growth_summary(rows: list[dict]) -> list[str]:
    """Per-100k-triangle slopes between the smallest and largest set, and where they break."""
    low, high = rows[0], rows[-1]
    extra = (high["triangles"] - low["triangles"]) / 100_000
    if extra <= 0:
        return []
    slope = {k: (high[k] - low[k]) / extra for k in ("rest_ms", "interacting_ms", "peak_rss_mb")}
    lines = [
        "per 100k triangles: "
        + ", ".join(f"{k} +{v:.1f}" for k, v in slope.items())
        + f"; first render +{(high['first_render_s'] - low['first_render_s']) / extra:.2f} s"
    ]
    if slope["peak_rss_mb"] > 0:
        at_limit = (
            low["triangles"]
            + (GOALS["peak_rss_mb"] - low["peak_rss_mb"]) / slope["peak_rss_mb"] * 1e5
        )
        lines.append(
            f"peak RSS reaches {GOALS['peak_rss_mb']:.0f} MB near {at_limit / 1e6:.1f} M triangles"
        )
    for key, budget_ms in (("interacting_ms", 100.0), ("rest_ms", 1000.0)):
        if low[key] >= budget_ms:
            lines.append(
                f"{key} is already over {budget_ms:.0f} ms at {low['triangles'] / 1e6:.2f} M"
            )
        elif slope[key] > 0:
            at = low["triangles"] + (budget_ms - low[key]) / slope[key] * 1e5
            lines.append(f"{key} passes {budget_ms:.0f} ms near {at / 1e6:.1f} M triangles")
    return lines


def _columns(rows) -> list[str]:
    text = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in text) for i in range(len(text[0]))]
    return [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir", default=os.environ.get("ANATOMY_VIEWER_MESH_DIR"),
                        help="folder of BodyParts3D files (default: $ANATOMY_VIEWER_MESH_DIR)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--quick", action="store_true", help="a smaller, faster run (smoke test)")
    parser.add_argument("--with-extras", action="store_true", help="also measure growth")
    args = parser.parse_args(argv)
    if not args.mesh_dir or not Path(args.mesh_dir).is_dir():
        print("bench: give --mesh-dir DIR or set $ANATOMY_VIEWER_MESH_DIR", file=sys.stderr)
        return 2
    report = measure(args)
    print(table(report))
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
