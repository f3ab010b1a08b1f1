"""Level of detail: while the user turns the view, large structures are drawn from decimated copies.

    drag starts: interactor style StartState -> window DesiredUpdateRate = interactive rate
      -> window StartEvent -> LevelOfDetail -> every actor.SetMapper(decimated), anti-aliasing off,
         frames drawn at reduced resolution (moving_resolution.py) with the coarser copies
    drag ends:   interactor style StopState -> window DesiredUpdateRate = still rate, one more render
      -> window StartEvent -> LevelOfDetail -> every actor.SetMapper(full), anti-aliasing restored,
         full resolution
    a tool move (still_backdrop.py: only the hip hook moves, the anatomy's picture is reused):
      set_tool_moving(True) -> the anatomy, drawn again only when it changes (the target muscle's
         tint), is drawn from the decimated copies at full resolution and with anti-aliasing
      the move ends -> set_tool_moving(False) -> the full meshes again, before the next frame

Reading VTK's own "interacting" signal (the desired update rate, which every interactor style and
3D widget sets) works whichever style or widget moves the camera, including wheel zoom. At rest,
and in every export, each actor draws its full mesh with the scene's anti-aliasing, so a still image
is the same with or without this module. Only the mapper changes: visibility, opacity and the
highlight colour live on the actor and its property, so they apply to whichever mesh is shown, and
no actor is added or removed. Each mapper keeps its own GPU buffers, so swapping uploads nothing.

Each large mesh gets two decimated copies: ``LOD_KEEP_FRACTION`` of its triangles for moving frames
at full resolution, and ``REDUCED_KEEP_FRACTION`` (made from the first) for moving frames drawn at
reduced resolution, where a triangle covers fewer of the pixels drawn: at about half the width and
height, the coarser copy has as many triangles per drawn pixel as the first has at full size.
Software GL pays per triangle as well as per pixel, so fewer pixels call for fewer triangles.

The copies (vtkQuadricDecimation) are made once per mesh and kept in the processed-mesh cache
(arrays only) under the digest of the full mesh's arrays. ``prepare()`` starts making them (the window
asks once its first frame is on screen). Until a copy is ready its structure is drawn at full detail.
A background thread reads the cache; what it misses is decimated in a child process, never on that
thread: VTK objects made or freed on a second thread deadlock with the main thread's
rendering (seen here: the thread waits for VTK's garbage-collector lock while holding Python's GIL,
the main thread holds that lock and waits for the GIL in a render observer). So the thread touches
numpy arrays only, and every VTK object of this module is made on the main thread. (Python's cycle
collector could still free some old VTK object on this thread: the window runs it on the GUI thread
only, see qt/window/gui_thread_gc.py.)
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkFiltersCore import vtkQuadricDecimation
from vtkmodules.vtkRenderingCore import vtkPolyDataMapper

from ...core.anatomy.mesh_cache import ArrayCache, processed_cache
from ...core.anatomy.meshes import SurfaceMesh
from .moving_resolution import MovingResolution

# ~20 % of the triangles: silhouettes of muscles and bones still read correctly while moving, and
# the frame costs about a third (measured by scripts/bench.py).
LOD_KEEP_FRACTION = 0.2
# ~5 % while frames are drawn at reduced resolution (scale about 0.5 at 1238x902: a quarter of the
# pixels, so a quarter of the triangles keeps their size on the drawn picture). Compared side by side
# on the moving picture, 20 %, 10 % and 5 % copies were not told apart; the frame gains a quarter.
REDUCED_KEEP_FRACTION = 0.05
# Below this a mesh is drawn in full even while moving: small vessels cost little and would lose
# their round cross-section.
LOD_MIN_FACES = 4000
# Bump when the decimation changes (fractions, filter, normals): older cached copies are then ignored.
LOD_VERSION = 2
# A window asked for more than this many frames per second is being interacted with (VTK's still
# rate is 0.0001 fps, interactor styles ask for 15-30).
INTERACTIVE_RATE_FPS = 1.0
# How often the worker thread, waiting for the child process, checks whether the app is closing.
WAIT_SLICE_S = 0.25
_ARRAYS = ("points", "faces", "normals")
_REDUCED_ARRAYS = tuple(f"reduced_{name}" for name in _ARRAYS)


def vertex_normals(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted unit point normals (the face winding decides outward)."""
    corners = points[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(points, dtype=np.float64)
    for k in range(3):
        for axis in range(3):
            normals[:, axis] += np.bincount(
                faces[:, k], weights=face_normals[:, axis], minlength=len(points)
            )
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return normals / np.where(length > 0, length, 1.0)


def decimate(mesh: SurfaceMesh, keep_fraction: float = LOD_KEEP_FRACTION) -> SurfaceMesh | None:
    """A copy with about ``keep_fraction`` of the triangles, or None if decimation gave nothing."""
    decimation = vtkQuadricDecimation()
    decimation.SetInputData(pv.PolyData.from_regular_faces(mesh.points, mesh.faces))
    decimation.SetTargetReduction(1.0 - keep_fraction)
    decimation.VolumePreservationOn()  # thin muscles keep their bulk instead of caving in
    decimation.Update()
    output = decimation.GetOutput()
    if output.GetNumberOfCells() == 0:
        return None
    points = vtk_to_numpy(output.GetPoints().GetData()).astype(np.float64)
    faces = vtk_to_numpy(output.GetPolys().GetConnectivityArray()).astype(np.int64).reshape(-1, 3)
    return SurfaceMesh(points, faces, vertex_normals(points, faces))


def mesh_digest(mesh: SurfaceMesh) -> str:
    digest = hashlib.sha256()
    for array in (mesh.points, mesh.faces):
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def lod_key(mesh: SurfaceMesh) -> str:
    return f"lod-{mesh_digest(mesh)}-l{LOD_VERSION}"


def decimate_levels(mesh: SurfaceMesh) -> tuple[SurfaceMesh, SurfaceMesh] | None:
    """Both copies: ``LOD_KEEP_FRACTION`` of the mesh, and ``REDUCED_KEEP_FRACTION`` made from that
    copy (a tenth of the time of decimating the full mesh again); None if decimation gave nothing."""
    moving = decimate(mesh)
    if moving is None:
        return None
    reduced = decimate(moving, REDUCED_KEEP_FRACTION / LOD_KEEP_FRACTION)
    return moving, reduced if reduced is not None else moving


def _valid(arrays: dict[str, np.ndarray], names: tuple[str, ...]) -> bool:
    points, faces = (arrays[n] for n in names[:2])
    return bool(len(faces)) and int(faces.max()) < len(points)


def decimated_copies(
    mesh: SurfaceMesh,
    cache: ArrayCache | None,
    make: Callable[[SurfaceMesh], tuple[SurfaceMesh, SurfaceMesh] | None] | None = None,
) -> tuple[SurfaceMesh, SurfaceMesh] | None:
    """The cached (moving, reduced) copies of ``mesh``, made by ``make`` (default:
    ``decimate_levels``) and stored on a miss; None for small meshes."""
    if mesh.n_faces < LOD_MIN_FACES:
        return None
    key = lod_key(mesh) if cache is not None else ""
    if cache is not None:
        arrays = cache.load(key, _ARRAYS + _REDUCED_ARRAYS)
        if arrays is not None and _valid(arrays, _ARRAYS) and _valid(arrays, _REDUCED_ARRAYS):
            return tuple(
                SurfaceMesh(*(arrays[n] for n in names)) for names in (_ARRAYS, _REDUCED_ARRAYS)
            )
    copies = (make or decimate_levels)(mesh)
    if copies is not None and cache is not None:
        arrays = {}
        for names, copy in zip((_ARRAYS, _REDUCED_ARRAYS), copies, strict=True):
            arrays.update(zip(names, (copy.points, copy.faces, copy.normals), strict=True))
        cache.store(key, arrays)
    return copies


class ChildProcessDecimation:
    """``decimate_levels`` run in one child process (started on the first call), for the worker
    thread: it sends arrays and waits for arrays, so it never makes or frees a VTK object itself."""

    def __init__(self, finished: Callable[[], bool]) -> None:
        self.finished = finished
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __call__(self, mesh: SurfaceMesh) -> tuple[SurfaceMesh, SurfaceMesh] | None:
        if self._pool is None:
            import multiprocessing  # here, not at start-up: only a cache miss needs it

            # "spawn": a forked copy of a process with Qt, GL and VTK threads is not safe to run.
            context = multiprocessing.get_context("spawn")
            self._pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
        future = self._pool.submit(decimate_levels, mesh)
        while True:
            try:
                return future.result(timeout=WAIT_SLICE_S)
            except concurrent.futures.TimeoutError:
                if self.finished():
                    future.cancel()
                    return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class LevelOfDetail:
    """Swaps each actor between its full and its decimated mapper as the view moves and rests."""

    def __init__(
        self,
        plotter: pv.Plotter,
        actors: Mapping[str, pv.Actor],
        meshes: Mapping[str, SurfaceMesh],
        cache: ArrayCache | None | bool = True,
    ) -> None:
        self.plotter = plotter
        self.actors = actors
        self._enabled = True
        self.interacting = False
        self.tool_moving = False
        self._window_moving = False
        self._cache = processed_cache() if cache is True else (cache or None)
        self._full: dict[str, vtkPolyDataMapper] = {}
        self._lod: dict[str, vtkPolyDataMapper] = {}
        self._reduced: dict[str, vtkPolyDataMapper] = {}  # the coarser copies, for reduced frames
        self._large: set[str] = set()  # structures that get a decimated copy
        self._queue: dict[str, SurfaceMesh] = {}  # large meshes no worker has taken yet
        # (moving, reduced) copies made by the worker, waiting for the main thread
        self._ready: dict[str, tuple[SurfaceMesh, SurfaceMesh]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._started = False  # prepare() was asked for: structures added later start a worker
        self.add(actors, meshes)
        self._saved_aa: tuple[int, list[bool]] | None = None
        # Fewer pixels too while moving: the frame drawn smaller and stretched to the view.
        self.resolution = MovingResolution(plotter)
        window = plotter.render_window
        self._observers = [window.AddObserver("StartEvent", self._on_render_start)]

    @property
    def enabled(self) -> bool:
        """False: always the full meshes (for comparisons); the next render shows them."""
        return self._enabled

    @enabled.setter
    def enabled(self, enabled: bool) -> None:
        self._enabled = bool(enabled)
        if not enabled and self.interacting:
            self.set_interacting(False)
        if not enabled and self.tool_moving:
            self.set_tool_moving(False)

    def add(self, actors: Mapping[str, pv.Actor], meshes: Mapping[str, SurfaceMesh]) -> None:
        """Structures new to the scene (loaded after the first frame): each keeps its mapper as the
        full one; large ones join the queue, started now if copies are already being made."""
        with self._lock:
            for structure_id, actor in actors.items():
                self._full[structure_id] = actor.GetMapper()
                mesh = meshes[structure_id]
                if mesh.n_faces >= LOD_MIN_FACES:
                    self._large.add(structure_id)
                    self._queue[structure_id] = mesh
        if self._started:
            self.prepare()

    # --- preparing the decimated copies -----------------------------------------------------------
    def prepare(self, wait: bool = False) -> None:
        """Start making the missing copies on a background thread; ``wait`` blocks until done."""
        self._started = True
        with self._lock:
            idle = self._worker is None or not self._worker.is_alive()
            if idle and self._queue and not self._stop.is_set():
                # Not a daemon: a daemon thread still inside VTK while the interpreter tears VTK
                # down crashes the process at exit. Instead the worker stops between meshes once
                # the main thread has finished, so quitting waits for at most one mesh.
                self._worker = threading.Thread(target=self._work, name="lod", daemon=False)
                self._worker.start()
            worker = self._worker
        if wait and worker is not None:
            worker.join()
        self._adopt_ready()

    @property
    def ready(self) -> bool:
        """Every large structure has its decimated mapper."""
        self._adopt_ready()
        return all(i in self._lod for i in self._large)

    def _next_in_queue(self) -> tuple[str, SurfaceMesh] | None:
        # Largest first: they gain the most.
        with self._lock:
            if not self._queue:
                # Under the lock that add() and prepare() take: a structure queued from now on
                # finds no worker and starts one.
                if self._worker is threading.current_thread():
                    self._worker = None
                return None
            structure_id = max(self._queue, key=lambda i: self._queue[i].n_faces)
            return structure_id, self._queue.pop(structure_id)

    def _work(self) -> None:
        # Numpy arrays only (see the module's docstring); the mappers are made on the main thread
        # (_adopt_ready). Structures added while this runs are taken too.
        elsewhere = ChildProcessDecimation(self._finished)
        try:
            while not self._finished() and (item := self._next_in_queue()) is not None:
                structure_id, mesh = item
                try:
                    copies = decimated_copies(mesh, self._cache, make=elsewhere)
                except Exception:  # noqa: BLE001 - a copy that cannot be made leaves full detail
                    copies = None
                if copies is not None:
                    with self._lock:
                        self._ready[structure_id] = copies
        finally:
            elsewhere.close()

    def _finished(self) -> bool:
        """Stop asked, the plotter closed, or the app quitting (its main thread has ended)."""
        closed = self.plotter.render_window is None
        return self._stop.is_set() or closed or not threading.main_thread().is_alive()

    def _adopt_ready(self) -> None:
        with self._lock:
            ready, self._ready = self._ready, {}
        for structure_id, (moving, reduced) in ready.items():
            full = self._full[structure_id]
            self._lod[structure_id] = _mapper(moving, full)
            self._reduced[structure_id] = _mapper(reduced, full)

    def mappers(self) -> list[vtkPolyDataMapper]:
        """Every mapper an actor may draw with: the full ones and the decimated copies made so far."""
        self._adopt_ready()
        return [*self._full.values(), *self._lod.values(), *self._reduced.values()]

    # --- switching ----------------------------------------------------------------------------------
    def _on_render_start(self, window, _event) -> None:
        # Only a change of the window's rate switches: a caller's own set_interacting (an animated
        # camera glide, say) holds until the rate next changes.
        moving = window.GetDesiredUpdateRate() > INTERACTIVE_RATE_FPS
        if moving != self._window_moving:
            self._window_moving = moving
            self.set_interacting(moving)
        self.resolution.before_frame(window)  # after the switch: a rest frame is never reduced

    def set_interacting(self, interacting: bool) -> None:
        """Show the decimated copies without anti-aliasing, at reduced resolution where the view is
        large (True), or the full meshes as set (False). Takes effect at the next render; with
        ``enabled`` False it always shows the full meshes."""
        interacting = interacting and self.enabled
        if interacting:
            self._adopt_ready()
        self._set_anti_aliasing(not interacting)
        self.resolution.set_active(interacting)
        self.interacting = interacting
        self._show_copies()

    def set_tool_moving(self, moving: bool) -> None:
        """While only the hip hook moves, the anatomy is drawn again only when it changes: when the
        press line reaches another muscle, whose tint then changes (still_backdrop.py). Those frames
        are drawn from the decimated copies at full resolution, anti-aliasing kept: in llvmpipe a
        full-mesh frame took 100-370 ms of a drag and held it under 30 updates a second (issue 17,
        scripts/bench.py). The frame after the move is whole again. Takes effect at the next render."""
        moving = moving and self.enabled
        if moving:
            self._adopt_ready()
        self.tool_moving = moving
        self._show_copies()

    def _show_copies(self) -> None:
        if self.interacting:
            copies = self._reduced if self.resolution.reduces() else self._lod
        elif self.tool_moving:
            copies = self._lod
        else:
            copies = {}
        for structure_id, actor in self.actors.items():
            actor.SetMapper(copies.get(structure_id) or self._full[structure_id])

    @contextmanager
    def at_rest(self) -> Iterator[None]:
        """Frames drawn inside are whole (full meshes, anti-aliasing, full resolution) even while the
        view moves: an export started during a lesson's glide or a section drag is drawn as at rest.
        The interaction resumes after."""
        was_interacting, was_tool_moving = self.interacting, self.tool_moving
        if was_interacting:
            self.set_interacting(False)
        if was_tool_moving:
            self.set_tool_moving(False)
        try:
            yield
        finally:
            if was_tool_moving:
                self.set_tool_moving(True)
            if was_interacting:
                self.set_interacting(True)

    def _set_anti_aliasing(self, on: bool) -> None:
        # Multisampling costs several times the frame in software GL; edges may shimmer while moving.
        window = self.plotter.render_window
        renderers = list(self.plotter.renderers)
        if not on and self._saved_aa is None:
            self._saved_aa = (window.GetMultiSamples(), [r.GetUseFXAA() for r in renderers])
            window.SetMultiSamples(0)
            for renderer in renderers:
                renderer.SetUseFXAA(False)
        elif on and self._saved_aa is not None:
            samples, fxaa = self._saved_aa
            self._saved_aa = None
            window.SetMultiSamples(samples)
            for renderer, use in zip(renderers, fxaa, strict=False):
                renderer.SetUseFXAA(use)

    def close(self) -> None:
        """Stop the worker after its current mesh and forget the observers."""
        self._stop.set()
        window = self.plotter.render_window
        if window is not None:
            for tag in self._observers:
                window.RemoveObserver(tag)
        if self.interacting:
            self.set_interacting(False)
        self.resolution.close()


def _mapper(mesh: SurfaceMesh, full: vtkPolyDataMapper) -> vtkPolyDataMapper:
    poly = pv.PolyData.from_regular_faces(mesh.points, mesh.faces)
    poly.point_data["Normals"] = mesh.normals
    poly.point_data.active_normals_name = "Normals"
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.SetScalarVisibility(full.GetScalarVisibility())
    if full.GetClippingPlanes() is not None:  # a section cuts every copy alike
        mapper.SetClippingPlanes(full.GetClippingPlanes())
    return mapper
