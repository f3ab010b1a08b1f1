"""Where a plane cuts a surface mesh: the outlines of the cut, as closed loops of points.

    mesh + plane --signed distance of each vertex--> triangles with vertices on both sides
         --one segment each, between the points where two of its edges cross the plane-->
         segments joined through the edges they share --> closed loops (+ open chains)

Each crossing point is named by the mesh edge it lies on, so segments join exactly, whatever the
rounding: on a closed (watertight) mesh every chain closes. Vertices lying exactly on the plane count
as the kept side, which keeps that true. BodyParts3D meshes are closed except for a few cracks (the two
femoral arteries have slits whose sides share no edge, see bp3d/SOURCES.md "data quirks"): a chain
that does not close is closed when its two ends lie within ``CLOSE_GAP_MM`` of each other or of
another chain's end (a crack has no width), and dropped otherwise; ``CutOutlines.dropped`` counts
those, so a caller can say which cut faces are incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .meshes import SurfaceMesh

# Chain ends this close are joined: the cracks in the upstream meshes have no width (0.0 mm measured
# at every 0.5 mm axial cut of both femoral arteries); a real opening in a surface is far wider.
CLOSE_GAP_MM = 2.0
MIN_LOOP_POINTS = 3
SAME_POINT_MM = 1e-9


@dataclass(frozen=True)
class CutOutlines:
    loops: tuple[np.ndarray, ...]  # each (n, 3) mm, closed (the last point joins the first)
    dropped: int = 0  # chains that could not be closed and were left out

    def __bool__(self) -> bool:
        return bool(self.loops)


def cut_outlines(mesh: SurfaceMesh, origin, normal) -> CutOutlines:
    """The outlines where the plane through ``origin`` with ``normal`` cuts ``mesh``."""
    normal = np.asarray(normal, float)
    low, high = mesh.bounds
    # The box's corners nearest to and farthest from the plane: a mesh wholly on one side is skipped
    # without touching its vertices.
    near = np.where(normal >= 0, low, high)
    far = np.where(normal >= 0, high, low)
    origin = np.asarray(origin, float)
    if (near - origin) @ normal > 0 or (far - origin) @ normal <= 0:
        return CutOutlines(())
    distance = (mesh.points - origin) @ normal
    above = distance > 0
    sides = above[mesh.faces]
    crossing = sides.any(axis=1) & ~sides.all(axis=1)
    faces, sides = mesh.faces[crossing], sides[crossing]
    if not len(faces):
        return CutOutlines(())
    # Per face, the two edges (a -> b) whose ends lie on different sides.
    ends = np.roll(faces, -1, axis=1)
    crosses = sides != np.roll(sides, -1, axis=1)
    edge_a = faces[crosses].reshape(-1, 2)
    edge_b = ends[crosses].reshape(-1, 2)
    keys = np.sort(np.stack([edge_a, edge_b], axis=-1), axis=-1).reshape(-1, 2)
    edges, node = np.unique(keys, axis=0, return_inverse=True)
    p, q = edges[:, 0], edges[:, 1]
    t = distance[p] / (distance[p] - distance[q])
    points = mesh.points[p] + (mesh.points[q] - mesh.points[p]) * t[:, None]
    loops, chains = _walk(node.reshape(-1, 2), len(edges))
    closed, dropped = _close_chains(chains, points)
    outlines = (_without_repeats(points[loop]) for loop in (*loops, *closed))
    return CutOutlines(tuple(o for o in outlines if len(o) >= MIN_LOOP_POINTS), dropped)


def _without_repeats(loop: np.ndarray) -> np.ndarray:
    """A vertex on the plane is where two crossing edges meet: the same point twice in a row."""
    step = np.linalg.norm(loop - np.roll(loop, 1, axis=0), axis=1)
    return loop[step > SAME_POINT_MM]


def _walk(segments: np.ndarray, count: int) -> tuple[list[list[int]], list[list[int]]]:
    """Join segments (pairs of node ids) into closed loops and open chains of node ids."""
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in segments.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    seen = [False] * count
    loops: list[list[int]] = []
    chains: list[list[int]] = []
    # Chains first, from one of their ends, so each is walked whole.
    starts = [i for i in range(count) if len(neighbours[i]) == 1] + list(range(count))
    for start in starts:
        if seen[start]:
            continue
        seen[start] = True
        path, previous, current = [start], -1, start
        while True:
            step = next((n for n in neighbours[current] if n != previous and not seen[n]), None)
            if step is None:
                break
            seen[step] = True
            path.append(step)
            previous, current = current, step
        if len(neighbours[start]) >= 2 and start in neighbours[current] and len(path) > 2:
            loops.append(path)
        else:
            chains.append(path)
    return loops, chains


def _close_chains(chains: list[list[int]], points: np.ndarray) -> tuple[list[list[int]], int]:
    """Chains joined end to end (or to themselves) where the gap is under ``CLOSE_GAP_MM``."""
    open_chains = [c for c in chains if len(c) >= 2]
    closed: list[list[int]] = []
    dropped = 0
    while open_chains:
        chain = open_chains.pop()
        while True:
            tail = points[chain[-1]]
            own_gap = float(np.linalg.norm(points[chain[0]] - tail))
            best, best_gap, reverse = None, own_gap, False
            for index, other in enumerate(open_chains):
                for flip, end in ((False, other[0]), (True, other[-1])):
                    gap = float(np.linalg.norm(points[end] - tail))
                    if gap < best_gap:
                        best, best_gap, reverse = index, gap, flip
            if best_gap > CLOSE_GAP_MM:
                dropped += 1
                break
            if best is None:
                closed.append(chain)
                break
            other = open_chains.pop(best)
            chain = chain + (other[::-1] if reverse else other)
    return closed, dropped
