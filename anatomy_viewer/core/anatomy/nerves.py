"""Nerves the lessons need but BodyParts3D does not have, derived from the meshes and stated as derived.

- Femoral nerve: runs in the groove between psoas major and iliacus, deep to the fascia iliaca
  (DOMAIN.md). Its path is derived as that groove: slice by slice, the front-most place where the two
  muscle surfaces touch.
- Lateral femoral cutaneous nerve (LFCN): crosses the inguinal ligament on average 2.1 +/- 1.3 cm medial
  to the ASIS (range 0.2-6.4 cm; Plast Reconstr Surg 2022;149(5):1147, 50 cadavers). Its crossing band
  is measured along the ligament from the ASIS (``lfcn_band``).
"""

from __future__ import annotations

import numpy as np

from .meshes import SurfaceMesh

GROOVE_SLICE_MM = 5.0
# Psoas and iliacus surfaces closer than this touch: the nerve lies in the cleft between them.
GROOVE_CONTACT_MM = 3.0
GROOVE_SMOOTHING_SLICES = 3  # running mean over this many slices: a nerve bends smoothly

# LFCN crossing, Plast Reconstr Surg 2022;149(5):1147 (50 cadavers): mean and one standard deviation of
# its distance medial to the ASIS along the inguinal ligament. The band is mean +/- 1 SD (about two
# thirds of bodies); the full range 0.2-6.4 cm is named in the caution message instead.
LFCN_MEDIAL_TO_ASIS_MEAN_MM = 21.0
LFCN_MEDIAL_TO_ASIS_SD_MM = 13.0
LFCN_RANGE_CM = (0.2, 6.4)
# The nerve reaches its crossing from above, running down and laterally across the iliacus deep to
# the fascia iliaca. The band (bounded across the ligament, so it slants up and medially like the
# nerve) reaches this far above the ligament: the hip-crease margin plus one tip width (about 2 cm),
# so a tip resting just above the crease zone over the crossing is flagged. Schematic, not measured.
LFCN_BAND_ABOVE_LIGAMENT_MM = 30.0


def femoral_nerve_path(
    psoas: SurfaceMesh, iliacus: SurfaceMesh, z_low: float, z_high: float
) -> np.ndarray:
    """Femoral nerve (derived): the groove between psoas and iliacus, as points (k, 3) from low to high."""
    from scipy.spatial import cKDTree

    low, high = iliacus.bounds
    p = psoas.points
    p = p[(p[:, 2] >= z_low) & (p[:, 2] <= z_high)]
    p = p[((p >= low - GROOVE_CONTACT_MM) & (p <= high + GROOVE_CONTACT_MM)).all(axis=1)]
    q = iliacus.points
    q = q[
        ((q >= p.min(axis=0) - GROOVE_CONTACT_MM) & (q <= p.max(axis=0) + GROOVE_CONTACT_MM)).all(
            axis=1
        )
    ]
    gap, nearest = cKDTree(q).query(p, distance_upper_bound=GROOVE_CONTACT_MM)
    partner = q[np.minimum(nearest, len(q) - 1)]
    path = []
    for z in np.arange(z_low, z_high, GROOVE_SLICE_MM):
        in_slice = (p[:, 2] >= z) & (p[:, 2] < z + GROOVE_SLICE_MM) & (gap < GROOVE_CONTACT_MM)
        if not in_slice.any():
            continue
        front = np.flatnonzero(in_slice)[p[in_slice, 1].argmin()]  # the groove's front (-Y)
        path.append((p[front] + partner[front]) / 2)
    path = np.array(path).reshape(-1, 3)
    if len(path) >= GROOVE_SMOOTHING_SLICES:
        kernel = np.ones(GROOVE_SMOOTHING_SLICES) / GROOVE_SMOOTHING_SLICES
        padded = np.pad(path, ((1, 1), (0, 0)), mode="edge")
        path = np.stack([np.convolve(padded[:, k], kernel, mode="valid") for k in range(3)], axis=1)
    return path


def densify(path: np.ndarray, step_mm: float = 1.0) -> np.ndarray:
    """Points along a polyline no farther apart than ``step_mm`` (for distance look-ups)."""
    out = [path[:1]]
    for a, b in zip(path[:-1], path[1:], strict=True):
        n = max(1, int(np.ceil(np.linalg.norm(b - a) / step_mm)))
        out.append(a + (b - a) * (np.arange(1, n + 1)[:, None] / n))
    return np.concatenate(out)


def lfcn_band_mm() -> tuple[float, float]:
    """Distances medial to the ASIS along the ligament that the LFCN crossing band covers."""
    return (
        LFCN_MEDIAL_TO_ASIS_MEAN_MM - LFCN_MEDIAL_TO_ASIS_SD_MM,
        LFCN_MEDIAL_TO_ASIS_MEAN_MM + LFCN_MEDIAL_TO_ASIS_SD_MM,
    )
