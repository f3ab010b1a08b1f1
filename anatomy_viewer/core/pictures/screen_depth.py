"""The anatomy as the picture shows it, coarsely: surface samples projected into a grid of cells,
each holding the nearest sample's depth and structure. Two answers come from it without reading
the renderer's depth buffer (no second render, the same in the window and in every export):

- ``occupancy()``: which parts of the picture hold anatomy (labels and the legend avoid covering it);
- ``visible(...)``: whether a point of a structure is in front in its cell, so a label's leader ends
  on the tissue it names and not on a vessel in front of it.

    SurfaceMesh --surface_samples (once per structure)--> points + outward normals
    camera (render layer) --projects the samples--> ScreenDepth.from_samples --> occupancy, visible
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .label_layout import Occupancy

SAMPLE_SPACING_MM = 4.0  # about one sample per grid cell for a pelvis filling a 720 px picture
GRID_ROWS = 90  # cells down the picture, whatever its size: 8 px at 720, 48 px at 4320
# A sample is "in front" when no other structure's sample in its cell is nearer by more than this:
# two samples of one surface seen edge-on differ by up to about two sample spacings.
DEPTH_TOLERANCE_MM = 2 * SAMPLE_SPACING_MM
DEPTH_KEY = 1 << 20  # depths sort to 0.1 mm within a cell, up to 100 m away
# Low-discrepancy steps (the R2 sequence) spread the samples within each triangle deterministically.
_R2 = (0.7548776662466927, 0.5698402909980532)


def surface_samples(
    points: np.ndarray,
    faces: np.ndarray,
    normals: np.ndarray,
    spacing_mm: float = SAMPLE_SPACING_MM,
) -> tuple[np.ndarray, np.ndarray]:
    """About one point per ``spacing_mm`` squared of surface (area-weighted, deterministic), with
    the outward normal of the surface there (the triangle's corners' normals, averaged)."""
    tri = points[faces]
    area = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    cumulative = np.cumsum(area) / spacing_mm**2
    count = max(1, int(cumulative[-1]))
    k = np.arange(count)
    which = np.minimum(np.searchsorted(cumulative, k + 0.5), len(faces) - 1)
    a, b = np.modf(k * _R2[0])[0], np.modf(k * _R2[1])[0]
    flip = a + b > 1
    a, b = np.where(flip, 1 - a, a), np.where(flip, 1 - b, b)
    t = tri[which]
    samples = t[:, 0] + a[:, None] * (t[:, 1] - t[:, 0]) + b[:, None] * (t[:, 2] - t[:, 0])
    n = normals[faces[which]].sum(axis=1)
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return samples, n


@dataclass(frozen=True, eq=False)
class ScreenDepth:
    nearest: np.ndarray  # (rows, cols) depth of the nearest occluding sample; inf where none
    owner: np.ndarray  # (rows, cols) structure index of that sample; -1 where none
    covered: np.ndarray  # (rows, cols) bool: any anatomy sample (occluding or see-through)
    width: float
    height: float

    @classmethod
    def from_samples(
        cls,
        xy: np.ndarray,
        depth: np.ndarray,
        owner: np.ndarray,
        occluding: np.ndarray,
        picture: tuple[float, float],
        rows: int = GRID_ROWS,
    ) -> ScreenDepth:
        """``xy``: (n, 2) pixels (origin top left, y down); ``depth``: distance in front of the
        camera along its view axis (mm); ``owner``: structure index per sample; ``occluding``: per
        sample, whether its structure hides what lies behind it (opaque enough)."""
        width, height = picture
        cols = max(1, round(rows * width / height))
        inside = (
            (depth > 0)
            & (xy[:, 0] >= 0)
            & (xy[:, 0] < width)
            & (xy[:, 1] >= 0)
            & (xy[:, 1] < height)
        )
        r = (xy[inside, 1] * rows / height).astype(int)
        c = (xy[inside, 0] * cols / width).astype(int)
        cell = r * cols + c
        covered = np.zeros(rows * cols, bool)
        covered[cell] = True
        nearest = np.full(rows * cols, np.inf)
        owners = np.full(rows * cols, -1)
        hiding = occluding[inside]
        if hiding.any():
            cells, d, o = cell[hiding], depth[inside][hiding], owner[inside][hiding]
            # One sort on (cell, depth to 0.1 mm): the first sample of each cell is its nearest.
            rank = np.clip(d * 10, 0, DEPTH_KEY - 1).astype(np.int64)
            order = np.argsort(cells.astype(np.int64) * DEPTH_KEY + rank)
            sorted_cells = cells[order]
            first = np.ones(len(order), bool)
            first[1:] = sorted_cells[1:] != sorted_cells[:-1]
            nearest[sorted_cells[first]] = d[order][first]
            owners[sorted_cells[first]] = o[order][first]
        shape = (rows, cols)
        covered = _close_holes(covered.reshape(shape))
        return cls(nearest.reshape(shape), owners.reshape(shape), covered, width, height)

    def _cells(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows, cols = self.nearest.shape
        r = np.clip((xy[:, 1] * rows / self.height).astype(int), 0, rows - 1)
        c = np.clip((xy[:, 0] * cols / self.width).astype(int), 0, cols - 1)
        return r, c

    def visible(
        self,
        xy: np.ndarray,
        depth: np.ndarray,
        owner: int,
        tolerance_mm: float = DEPTH_TOLERANCE_MM,
    ) -> np.ndarray:
        """Whether each point of structure ``owner`` is the front of its cell (or nearly)."""
        r, c = self._cells(xy)
        return (self.owner[r, c] == owner) | (depth <= self.nearest[r, c] + tolerance_mm)

    def occupancy(self) -> Occupancy:
        return Occupancy(self.covered.astype(float), self.width, self.height)


def _close_holes(covered: np.ndarray) -> np.ndarray:
    """Fill single empty cells between covered ones (samples are sparse on large flat bones)."""
    padded = np.pad(covered, 1)
    neighbours = sum(
        padded[1 + dr : padded.shape[0] - 1 + dr, 1 + dc : padded.shape[1] - 1 + dc]
        for dr in (-1, 0, 1)
        for dc in (-1, 0, 1)
        if dr or dc
    )
    return covered | (neighbours >= 5)
