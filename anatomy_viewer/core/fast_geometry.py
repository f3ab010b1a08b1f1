"""Fast geometry for the press line: horizontal ray casting and segment-to-surface distances.

The press line always lies in a horizontal plane (the pivot turns it about the superior axis), so:

    triangles --binned by height into SLAB_MM slabs--> a ray at height z tests one slab only
    surfaces  --sampled every SAMPLE_SPACING_MM, sorted by Z--> a segment at height z looks only at
              samples whose height differs from z by less than the best distance found so far

Both are set up once (numpy arrays) and answer one press line in well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SLAB_MM = 2.0  # height of a triangle bin: small enough that one bin holds a few thousand triangles
SAMPLE_SPACING_MM = 1.5  # surface samples: distances come out at most 0.9 mm too large
CELL_MM = 4.0  # sample cells: a few dozen samples each, so few are opened per look-up
_EPS = 1e-9


class SlabRayCaster:
    """Nearest hit of horizontal rays on a set of named meshes, restricted to a height range."""

    def __init__(self, meshes: Iterable[tuple[str, object]], z_low: float, z_high: float):
        names, v0, v1, v2 = [], [], [], []
        for name, mesh in meshes:
            tri = mesh.points[mesh.faces]
            keep = (tri[:, :, 2].max(axis=1) >= z_low) & (tri[:, :, 2].min(axis=1) <= z_high)
            tri = tri[keep]
            names.extend([name] * len(tri))
            v0.append(tri[:, 0]), v1.append(tri[:, 1]), v2.append(tri[:, 2])
        self.owner_names = np.array(names, dtype=object)
        self.v0 = np.concatenate(v0)
        self.e1 = np.concatenate(v1) - self.v0
        self.e2 = np.concatenate(v2) - self.v0
        self.z_low = float(z_low)
        corners_z = np.stack([self.v0[:, 2], self.v0[:, 2] + self.e1[:, 2], self.v0[:, 2] + self.e2[:, 2]])
        first = np.floor((corners_z.min(axis=0) - self.z_low) / SLAB_MM).astype(int)
        last = np.floor((corners_z.max(axis=0) - self.z_low) / SLAB_MM).astype(int)
        n_slabs = int(np.floor((z_high - self.z_low) / SLAB_MM)) + 1
        first, last = np.clip(first, 0, n_slabs - 1), np.clip(last, 0, n_slabs - 1)
        counts = last - first + 1
        triangle = np.repeat(np.arange(len(first)), counts)
        slab = np.repeat(first, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
        order = np.argsort(slab, kind="stable")
        self._members = triangle[order]
        self._starts = np.searchsorted(slab[order], np.arange(n_slabs + 1))
        self.n_slabs = n_slabs

    def candidates(self, z: float) -> np.ndarray:
        k = int(np.floor((z - self.z_low) / SLAB_MM))
        if not 0 <= k < self.n_slabs:
            return self._members[:0]
        return self._members[self._starts[k] : self._starts[k + 1]]

    def cast(self, origins: np.ndarray, direction: np.ndarray, max_distance: float):
        """Rays from ``origins`` (n, 3), all at one height, along one horizontal unit ``direction``.

        Returns (distance (n,), owner name per ray or None); distance is inf where nothing is hit.
        """
        origins = np.atleast_2d(np.asarray(origins, float))
        n = len(origins)
        idx = self.candidates(float(origins[0, 2]))
        if len(idx) == 0:
            return np.full(n, np.inf), [None] * n
        e1, e2, v0 = self.e1[idx], self.e2[idx], self.v0[idx]
        pvec = np.cross(direction, e2)  # (m, 3)
        det = np.einsum("ij,ij->i", e1, pvec)
        ok = np.abs(det) > _EPS
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        tvec = origins[:, None, :] - v0[None, :, :]  # (n, m, 3)
        u = np.einsum("nmj,mj->nm", tvec, pvec) * inv
        qvec = np.cross(tvec, e1[None, :, :])
        v = (qvec @ direction) * inv
        t = np.einsum("nmj,mj->nm", qvec, e2) * inv
        hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > _EPS) & (t <= max_distance)
        t = np.where(hit, t, np.inf)
        best = t.argmin(axis=1)
        distance = t[np.arange(n), best]
        owners = [self.owner_names[idx[b]] if np.isfinite(d) else None for b, d in zip(best, distance)]
        return distance, owners


def sample_surface(mesh, spacing_mm: float = SAMPLE_SPACING_MM) -> np.ndarray:
    """Points covering every triangle of ``mesh``: its corners plus the midpoints made by splitting
    each triangle at its longest edge until no edge is longer than ``spacing_mm``. Every point of the
    surface then lies within ``spacing_mm`` / sqrt(3) of a sample (deterministic)."""
    tri = mesh.points[mesh.faces]
    samples = [mesh.points]
    while len(tri):
        edge = np.linalg.norm(tri - np.roll(tri, -1, axis=1), axis=2)  # edge k: corner k -> k+1
        long = edge.max(axis=1) > spacing_mm
        tri, edge = tri[long], edge[long]
        k = edge.argmax(axis=1)
        rows = np.arange(len(tri))
        a, b, c = tri[rows, k], tri[rows, (k + 1) % 3], tri[rows, (k + 2) % 3]
        mid = (a + b) / 2
        samples.append(mid)
        tri = np.concatenate([np.stack([a, mid, c], axis=1), np.stack([mid, b, c], axis=1)])
    return np.concatenate(samples)


def point_segment_distance(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Distance of each point (m, 3) to each segment (n, 3)->(n, 3): array (n, m)."""
    start, end = np.atleast_2d(start), np.atleast_2d(end)
    along = end - start
    length2 = np.maximum(np.einsum("ij,ij->i", along, along), _EPS)
    rel = points[None, :, :] - start[:, None, :]
    t = np.clip(np.einsum("nmj,nj->nm", rel, along) / length2[:, None], 0.0, 1.0)
    nearest = rel - t[:, :, None] * along[:, None, :]
    return np.sqrt(np.einsum("nmj,nmj->nm", nearest, nearest))


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(start, stop)`` for each pair, without a Python loop."""
    lengths = stops - starts
    shift = np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
    return shift + np.arange(lengths.sum())


def _distance_to_one_segment(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    along = end - start
    rel = points - start
    t = np.clip(rel @ along / max(float(along @ along), _EPS), 0.0, 1.0)
    rel -= t[:, None] * along
    return np.sqrt(np.einsum("ij,ij->i", rel, rel))


class SurfaceSamples:
    """Samples of several named surfaces (or paths) grouped into CELL_MM cubes, for distances to
    horizontal segments. Each cell keeps its box and one of its points: the boxes give lower bounds,
    the points upper bounds, so only the few cells that can hold the nearest sample are opened.
    """

    def __init__(self, named_points: dict[str, np.ndarray]):
        self.names = list(named_points)
        points = np.concatenate([named_points[n] for n in self.names])
        owner = np.repeat(np.arange(len(self.names)), [len(named_points[n]) for n in self.names])
        key = np.floor((points - points.min(axis=0)) / CELL_MM).astype(np.int64)
        order = np.lexsort((key[:, 2], key[:, 1], key[:, 0], owner))
        self.points, self.owner, key = points[order], owner[order], key[order]
        new_cell = np.r_[True, (np.diff(key, axis=0) != 0).any(axis=1) | (np.diff(self.owner) != 0)]
        self.cell_start = np.flatnonzero(new_cell)
        self.cell_stop = np.r_[self.cell_start[1:], len(self.points)]
        self.cell_owner = self.owner[self.cell_start]
        lows = np.minimum.reduceat(self.points, self.cell_start)
        highs = np.maximum.reduceat(self.points, self.cell_start)
        self.lows, self.highs = lows, highs
        self.centres, self.half_sizes = (lows + highs) / 2, (highs - lows) / 2
        self.owner_start = np.searchsorted(self.cell_owner, np.arange(len(self.names)))

    def _cell_lower_bounds(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """A lower bound of each cell's distance to the segment: its box seen along the segment."""
        along = end - start
        length = max(float(np.linalg.norm(along)), _EPS)
        u_dir = along / length
        w_dir = np.array([-u_dir[1], u_dir[0], 0.0])
        # A box projects onto a direction as its centre's projection +/- its half sizes' projection.
        rel = self.centres - start
        u, u_half = rel @ u_dir, self.half_sizes @ np.abs(u_dir)
        w, w_half = rel @ w_dir, self.half_sizes @ np.abs(w_dir)
        gap_u = np.maximum(np.maximum(u - u_half - length, -(u + u_half)), 0.0)
        gap_w = np.maximum(np.abs(w) - w_half, 0.0)
        gap_z = np.maximum(np.abs(rel[:, 2]) - self.half_sizes[:, 2], 0.0)
        return np.sqrt(gap_u**2 + gap_w**2 + gap_z**2)

    def _open(self, cells: np.ndarray, start, end, best: np.ndarray) -> None:
        index = _ranges(self.cell_start[cells], self.cell_stop[cells])
        if len(index):
            d = _distance_to_one_segment(self.points[index], start, end)
            owner = self.owner[index]  # sorted: cells are stored by owner
            runs = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            best[owner[runs]] = np.minimum(best[owner[runs]], np.minimum.reduceat(d, runs))

    def distances_to_segment(self, start: np.ndarray, end: np.ndarray) -> dict[str, float]:
        """Distance of one horizontal segment to every named surface (exact to the sample spacing)."""
        start, end = np.asarray(start, float), np.asarray(end, float)
        lower = self._cell_lower_bounds(start, end)
        best = np.full(len(self.names), np.inf)
        # First each surface's most promising cell (an upper bound), then every cell that could
        # still hold something nearer.
        first = lower <= np.minimum.reduceat(lower, self.owner_start)[self.cell_owner]
        self._open(np.flatnonzero(first), start, end, best)
        self._open(np.flatnonzero((lower < best[self.cell_owner]) & ~first), start, end, best)
        return dict(zip(self.names, best.tolist()))

    def nearest_sample(self, name: str, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """The sample of surface ``name`` nearest to the segment."""
        k = self.names.index(name)
        cells = np.arange(self.owner_start[k], np.r_[self.owner_start, len(self.cell_owner)][k + 1])
        lower = self._cell_lower_bounds(start, end)[cells]
        first = cells[[lower.argmin()]]
        index = _ranges(self.cell_start[first], self.cell_stop[first])
        best = _distance_to_one_segment(self.points[index], start, end).min()
        keep = cells[lower <= best]
        index = _ranges(self.cell_start[keep], self.cell_stop[keep])
        return self.points[index[_distance_to_one_segment(self.points[index], start, end).argmin()]]

    def near_segments(self, starts: np.ndarray, ends: np.ndarray, within: float) -> dict[str, np.ndarray]:
        """Distances of many horizontal segments at one height to each surface, inf if >= ``within``."""
        box_low = np.minimum(starts, ends).min(axis=0) - within
        box_high = np.maximum(starts, ends).max(axis=0) + within
        cells = np.flatnonzero(((self.highs > box_low) & (self.lows < box_high)).all(axis=1))
        index = _ranges(self.cell_start[cells], self.cell_stop[cells])
        out = {n: np.full(len(starts), np.inf) for n in self.names}
        if len(index):
            d = point_segment_distance(self.points[index], starts, ends)  # (n_rays, m)
            owner = self.owner[index]
            for k in np.unique(owner):
                nearest = d[:, owner == k].min(axis=1)
                out[self.names[k]] = np.where(nearest < within, nearest, np.inf)
        return out
