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
        names, owner, corners = [], [], []
        for name, mesh in meshes:
            tri = mesh.points[mesh.faces]
            tri = tri[(tri[:, :, 2].max(axis=1) >= z_low) & (tri[:, :, 2].min(axis=1) <= z_high)]
            owner.append(np.full(len(tri), len(names)))
            names.append(name)
            corners.append(tri)
        tri = np.concatenate(corners)
        self.names = names
        self.owner = np.concatenate(owner)
        self.v0, self.e1, self.e2 = tri[:, 0], tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
        low, high = tri[:, :, :2].min(axis=1), tri[:, :, :2].max(axis=1)
        self.flat_centre, self.flat_half = (low + high) / 2, (high - low) / 2
        self.z_low = float(z_low)
        self.n_slabs = int(np.floor((z_high - self.z_low) / SLAB_MM)) + 1
        slab_of = np.clip(
            np.floor((tri[:, :, 2] - self.z_low) / SLAB_MM).astype(int), 0, self.n_slabs - 1
        )
        first, last = slab_of.min(axis=1), slab_of.max(axis=1) + 1
        slab = _ranges(first, last)  # every slab each triangle touches
        triangle = np.repeat(np.arange(len(tri)), last - first)
        order = np.argsort(slab, kind="stable")
        self._members = triangle[order]
        self._starts = np.searchsorted(slab[order], np.arange(self.n_slabs + 1))

    def mask(self, names: Iterable[str]) -> np.ndarray:
        """Owner mask for ``cast``: only these meshes can be hit."""
        wanted = set(names)
        return np.array([n in wanted for n in self.names])

    def candidates(self, z: float) -> np.ndarray:
        k = int(np.floor((z - self.z_low) / SLAB_MM))
        if not 0 <= k < self.n_slabs:
            return self._members[:0]
        return self._members[self._starts[k] : self._starts[k + 1]]

    def _intersections(self, origins, direction, max_distance: float, allowed):
        """Every (ray, triangle) hit within ``max_distance``: arrays (t, ray index, triangle index).
        Only pairs whose sideways extents overlap are tested (Moller-Trumbore)."""
        n = len(origins)
        idx = self.candidates(float(origins[0, 2]))
        if allowed is not None:
            idx = idx[allowed[self.owner[idx]]]
        side = np.array([-direction[1], direction[0], 0.0])
        ray_w = origins @ side
        order = np.argsort(ray_w)
        # A triangle's sideways extent, from its box in the horizontal plane (a slight superset).
        centre_w = self.flat_centre[idx] @ side[:2]
        half_w = self.flat_half[idx] @ np.abs(side[:2])
        lo = np.searchsorted(ray_w[order], centre_w - half_w, "left")
        hi = np.searchsorted(ray_w[order], centre_w + half_w, "right")
        tri = np.repeat(idx, hi - lo)
        ray = order[_ranges(lo, hi)] if n else np.zeros(0, int)
        if len(tri) == 0:
            return np.zeros(0), np.zeros(0, int), np.zeros(0, int)
        e1, e2 = self.e1[tri], self.e2[tri]
        pvec = np.cross(direction, e2)
        det = np.einsum("ij,ij->i", e1, pvec)
        ok = np.abs(det) > _EPS
        inv = 1.0 / np.where(ok, det, 1.0)
        tvec = origins[ray] - self.v0[tri]
        u = np.einsum("ij,ij->i", tvec, pvec) * inv
        qvec = np.cross(tvec, e1)
        v = (qvec @ direction) * inv
        t = np.einsum("ij,ij->i", qvec, e2) * inv
        hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > _EPS) & (t <= max_distance)
        return t[hit], ray[hit], tri[hit]

    def cast(self, origins: np.ndarray, direction: np.ndarray, max_distance: float, allowed=None):
        """Rays from ``origins`` (n, 3), all at one height, along one horizontal unit ``direction``;
        ``allowed`` (from ``mask``) limits which meshes count.

        Returns (distance (n,), owner name per ray or None); distance is inf where nothing is hit.
        """
        origins = np.atleast_2d(np.asarray(origins, float))
        n = len(origins)
        distance = np.full(n, np.inf)
        t, ray, tri = self._intersections(origins, direction, max_distance, allowed)
        if len(t) == 0:
            return distance, [None] * n
        nearest = np.lexsort((t, ray))
        sorted_ray = ray[nearest]
        first = nearest[_run_starts(sorted_ray)]
        distance[ray[first]] = t[first]
        owners = [None] * n
        for r, k in zip(ray[first], self.owner[tri[first]], strict=True):
            owners[r] = self.names[k]
        return distance, owners

    def hits(
        self, origin: np.ndarray, direction: np.ndarray, max_distance: float, allowed=None
    ) -> list[tuple[float, str]]:
        """Every surface crossing of one horizontal ray, nearest first: [(distance, owner name)]."""
        origins = np.atleast_2d(np.asarray(origin, float))
        t, _, tri = self._intersections(origins, direction, max_distance, allowed)
        order = np.argsort(t, kind="stable")
        return [(float(t[i]), self.names[self.owner[tri[i]]]) for i in order]


def sample_surface(mesh, spacing_mm: float = SAMPLE_SPACING_MM) -> np.ndarray:
    """Points covering every triangle of ``mesh``: its corners plus the midpoints made by splitting
    each triangle at its longest edge until no edge is longer than ``spacing_mm``. Every point of the
    surface then lies within ``spacing_mm`` / sqrt(3) of a sample (deterministic)."""
    tri = mesh.points[mesh.faces]
    samples = [mesh.points]
    limit = spacing_mm**2
    while len(tri):
        edge = tri[:, [1, 2, 0]] - tri  # edge k: corner k -> k+1
        length2 = np.einsum("ijk,ijk->ij", edge, edge)
        k = length2.argmax(axis=1)
        long = length2[np.arange(len(tri)), k] > limit
        tri, k = tri[long], k[long]
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
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(lengths.sum())


def _distance_to_one_segment(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    along = end - start
    rel = points - start
    t = np.clip(rel @ along / max(float(along @ along), _EPS), 0.0, 1.0)
    rel -= t[:, None] * along
    return np.sqrt(np.einsum("ij,ij->i", rel, rel))


def _run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Index of the first element of each run of equal keys."""
    if not len(sorted_keys):
        return np.zeros(0, dtype=int)
    change = np.empty(len(sorted_keys), bool)
    change[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=change[1:])
    return np.flatnonzero(change)


def _horizontal_frame(along: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit horizontal directions along a horizontal segment and across it."""
    u_dir = np.array([along[0], along[1], 0.0]) / max(float(np.hypot(along[0], along[1])), _EPS)
    return u_dir, np.array([-u_dir[1], u_dir[0], 0.0])


def _box_gaps(centres, half_sizes, start, length, u_dir, w_dir) -> np.ndarray:
    """Lower bounds of box-to-segment distances: each box seen along and across the segment (a box
    projects onto a direction as its centre's projection +/- its half sizes' projection)."""
    rel = centres - start
    u, u_half = rel @ u_dir, half_sizes @ np.abs(u_dir)
    w, w_half = rel @ w_dir, half_sizes @ np.abs(w_dir)
    gap_u = np.maximum(np.maximum(u - u_half - length, -(u + u_half)), 0.0)
    gap_w = np.maximum(np.abs(w) - w_half, 0.0)
    gap_z = np.maximum(np.abs(rel[..., 2]) - half_sizes[..., 2], 0.0)
    return np.sqrt(gap_u**2 + gap_w**2 + gap_z**2)


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
        span = key.max(axis=0) + 1
        key = ((owner * span[0] + key[:, 0]) * span[1] + key[:, 1]) * span[2] + key[:, 2]
        order = np.argsort(key, kind="stable")
        self.points, self.owner, key = points[order], owner[order], key[order]
        new_cell = np.r_[True, key[1:] != key[:-1]]
        self.cell_start = np.flatnonzero(new_cell)
        self.cell_stop = np.r_[self.cell_start[1:], len(self.points)]
        self.cell_owner = self.owner[self.cell_start]
        lows = np.minimum.reduceat(self.points, self.cell_start)
        highs = np.maximum.reduceat(self.points, self.cell_start)
        self.lows, self.highs = lows, highs
        self.centres, self.half_sizes = (lows + highs) / 2, (highs - lows) / 2
        self.owner_start = np.searchsorted(self.cell_owner, np.arange(len(self.names)))

    def _cell_lower_bounds(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        u_dir, w_dir = _horizontal_frame(end - start)
        length = float(np.linalg.norm(end - start))
        return _box_gaps(self.centres, self.half_sizes, start, length, u_dir, w_dir)

    def _open(self, cells: np.ndarray, start, end, best: np.ndarray) -> None:
        index = _ranges(self.cell_start[cells], self.cell_stop[cells])
        if len(index):
            d = _distance_to_one_segment(self.points[index], start, end)
            owner = self.owner[index]  # sorted: cells are stored by owner
            runs = _run_starts(owner)
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
        return dict(zip(self.names, best.tolist(), strict=True))

    def nearest_sample(self, name: str, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """The sample of surface ``name`` nearest to the segment."""
        k = self.names.index(name)
        stop = self.owner_start[k + 1] if k + 1 < len(self.names) else len(self.cell_owner)
        cells = np.arange(self.owner_start[k], stop)
        u_dir, w_dir = _horizontal_frame(end - start)
        length = float(np.linalg.norm(end - start))
        lower = _box_gaps(self.centres[cells], self.half_sizes[cells], start, length, u_dir, w_dir)
        first = cells[[lower.argmin()]]
        index = _ranges(self.cell_start[first], self.cell_stop[first])
        best = _distance_to_one_segment(self.points[index], start, end).min()
        keep = cells[lower <= best]
        index = _ranges(self.cell_start[keep], self.cell_stop[keep])
        return self.points[index[_distance_to_one_segment(self.points[index], start, end).argmin()]]

    def near_segments(
        self, starts: np.ndarray, ends: np.ndarray, within: float
    ) -> dict[str, np.ndarray]:
        """Distances of many parallel horizontal segments at one height to each surface, inf if
        >= ``within``. Only (cell, segment) pairs whose boxes come within reach are opened.
        """
        z = float(starts[0, 2])
        u_dir, w_dir = _horizontal_frame(ends[0] - starts[0])
        cells = np.flatnonzero(np.abs(self.centres[:, 2] - z) < self.half_sizes[:, 2] + within)
        seg_w = starts @ w_dir
        order = np.argsort(seg_w)
        centre_w = self.centres[cells] @ w_dir
        reach_w = self.half_sizes[cells] @ np.abs(w_dir) + within
        lo = np.searchsorted(seg_w[order], centre_w - reach_w, "left")
        hi = np.searchsorted(seg_w[order], centre_w + reach_w, "right")
        cell, seg = np.repeat(cells, hi - lo), order[_ranges(lo, hi)]
        length = np.linalg.norm(ends - starts, axis=1)
        gap = _box_gaps(
            self.centres[cell], self.half_sizes[cell], starts[seg], length[seg], u_dir, w_dir
        )
        cell, seg = cell[gap < within], seg[gap < within]
        point = _ranges(self.cell_start[cell], self.cell_stop[cell])
        seg = np.repeat(seg, self.cell_stop[cell] - self.cell_start[cell])
        out = {n: np.full(len(starts), np.inf) for n in self.names}
        if not len(point):
            return out
        a, b = starts[seg], ends[seg]
        rel = self.points[point] - a
        ab = b - a
        t = np.clip(
            np.einsum("ij,ij->i", rel, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), _EPS), 0, 1
        )
        rel -= t[:, None] * ab
        d = np.sqrt(np.einsum("ij,ij->i", rel, rel))
        best = np.full((len(self.names), len(starts)), np.inf)
        np.minimum.at(best, (self.owner[point], seg), d)
        best[best >= within] = np.inf
        for k, name in enumerate(self.names):
            out[name] = best[k]
        return out
