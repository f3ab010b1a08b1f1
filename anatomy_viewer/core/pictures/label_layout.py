"""Where each label of a picture goes: one layout, in screen space, for every picture the app makes.

The window, presenter mode, image exports, handouts and ``screenshot`` all call ``layout_labels``
(through render/overlays/label_board.py); the web page (issue 14) ports the same rules to
JavaScript. No VTK here: the caller projects the anchors and measures the text.

    anchors (px) + box sizes (px) + priorities + obstacles + picture size [+ occupancy, previous]
        --layout_labels--> placed boxes with leader lines, and the labels that gave way
    a fixed panel's size + obstacles + occupancy --place_panel--> where the legend goes

The contract (what a port must do to draw the same pictures)
-------------------------------------------------------------
Coordinates are pixels with the origin at the picture's top-left corner, x to the right, y down.
A rectangle is ``(left, top, right, bottom)``.

1. Order. Labels are placed one at a time: highest ``priority`` first, equal priorities in the order
   given. A placed label never moves again, so a lower-priority label can never push out a higher
   one: when space runs out, the lowest priorities give way first.
2. Candidates. For each of ``rules.directions`` directions at angles ``2*pi*k/directions`` (k = 0 is
   to the right, angles turn counter-clockwise as seen, so k = directions/4 is straight up) and each
   leader length ``L = step * box height`` for ``step`` in ``rules.leader_steps``, one candidate
   box: centred on the ray from the anchor in that direction, its edge ``L`` from the anchor along
   the ray (its centre at ``anchor + u * (L + s)``, ``s = min(w / 2 / |u.x|, h / 2 / |u.y|)``).
   Candidates are numbered leader length first, then direction; the first of equal cost wins.
3. Hard rules (a candidate that breaks one is never chosen):
   a. the box lies inside the picture, inset by ``rules.edge_px`` on every side;
   b. the box keeps ``rules.gap_px`` clear of every box placed before it and of every obstacle
      (the readout, the legend, the caption, the attribution, the hold countdown);
   c. the leader (the segment from the anchor to the nearest point of the box) passes through no
      placed box and no obstacle (each grown by ``rules.gap_px``);
   d. the box covers no leader placed before it;
   e. the leader is at most ``rules.max_leader`` times the picture's diagonal long.
   A label whose anchor lies outside the picture (inset by ``edge_px``), or none of whose candidates
   keeps the hard rules, gives way.
4. Cost (the lowest wins), in units of the label's own box height:
   ``leader length / h``
   ``+ anchor_cost`` for each other label's anchor the box covers (grown by ``anchor_radius_px``)
   ``+ ambiguity_cost`` for each other label's anchor nearer to the box than its own anchor is
   (the distance from a point to a box: to the box's nearest point, 0 inside it); "other labels"
   here are those of the same or a higher priority only, so that where a label goes, and whether
   it is placed at all, never depends on the less important ones
   ``+ crossing_cost`` for each placed leader the new leader crosses
   ``+ occupancy_cost * share`` of the box over anatomy (``Occupancy.share``, 0..1)
   ``+ side_cost * |sin(angle)|`` (labels beside their anchor read better than above or below)
   ``+ steady_cost * distance`` between the candidate's offset and the label's ``previous`` offset
   (box centre minus anchor, in box heights), when one is given: labels follow a turning view
   instead of jumping.
5. Output: each placed label's box and its leader from the anchor to the nearest point of the box
   (drawn whatever its length), and the keys of the labels that gave way, in placement order.

``place_panel`` puts one fixed box (the legend) at the first of a few positions along the picture's
edges that overlaps no obstacle and covers the least anatomy (ties: the earlier position); if every
position overlaps an obstacle, the one overlapping the least.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

Rect = tuple[
    float, float, float, float
]  # left, top, right, bottom: pixels, origin top left, y down
Point = tuple[float, float]


@dataclass(frozen=True)
class LabelRequest:
    key: str
    anchor: Point  # the point on the tissue the label names, in pixels
    size: tuple[float, float]  # the box's width and height (text and padding), in pixels
    priority: int = 0  # higher: placed earlier, gives way later
    previous: Point | None = None  # last frame's offset (box centre - anchor) in box heights


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    box: Rect
    anchor: Point
    leader_end: Point  # the nearest point of the box to the anchor: the leader runs anchor -> here

    @property
    def offset(self) -> Point:
        """The box centre minus the anchor, in box heights (a ``LabelRequest.previous``)."""
        left, top, right, bottom = self.box
        height = bottom - top
        return ((left + right) / 2 - self.anchor[0]) / height, (
            (top + bottom) / 2 - self.anchor[1]
        ) / height

    @property
    def leader_length(self) -> float:
        return math.dist(self.anchor, self.leader_end)


@dataclass(frozen=True)
class LabelLayout:
    placed: tuple[PlacedLabel, ...]
    gave_way: tuple[str, ...]

    def get(self, key: str) -> PlacedLabel | None:
        return next((p for p in self.placed if p.key == key), None)


@dataclass(frozen=True, eq=False)
class Occupancy:
    """How much anatomy covers each cell of a regular grid laid over the picture (0..1 per cell)."""

    cells: np.ndarray  # (rows, columns)
    width: float  # the picture's size in pixels
    height: float

    def __post_init__(self) -> None:
        cells = np.asarray(self.cells, float)
        table = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1))
        table[1:, 1:] = cells.cumsum(axis=0).cumsum(axis=1)
        object.__setattr__(self, "_table", table)

    def share(self, rects: np.ndarray) -> np.ndarray:
        """Mean cover of the cells each (n, 4) rectangle spans (cells are counted whole)."""
        rects = np.atleast_2d(np.asarray(rects, float))
        rows, cols = np.asarray(self.cells).shape
        cw, ch = self.width / cols, self.height / rows
        c0 = np.clip(np.floor(rects[:, 0] / cw), 0, cols).astype(int)
        c1 = np.clip(np.ceil(rects[:, 2] / cw), 0, cols).astype(int)
        r0 = np.clip(np.floor(rects[:, 1] / ch), 0, rows).astype(int)
        r1 = np.clip(np.ceil(rects[:, 3] / ch), 0, rows).astype(int)
        t = self._table  # type: ignore[attr-defined]
        total = t[r1, c1] - t[r0, c1] - t[r1, c0] + t[r0, c0]
        area = np.maximum((r1 - r0) * (c1 - c0), 1)
        return np.where((r1 > r0) & (c1 > c0), total / area, 0.0)


@dataclass(frozen=True)
class LayoutRules:
    edge_px: float = 6.0
    gap_px: float = 4.0
    anchor_radius_px: float = 5.0
    directions: int = 16
    leader_steps: tuple[float, ...] = (0.8, 1.5, 2.3, 3.3, 4.6, 6.4, 9.0)
    max_leader: float = 0.45
    anchor_cost: float = 40.0
    crossing_cost: float = 20.0
    ambiguity_cost: float = 12.0
    occupancy_cost: float = (
        10.0  # a box over anatomy costs ten box heights of leader: textbook style
    )
    side_cost: float = 0.6
    steady_cost: float = 1.5

    @classmethod
    def for_text(cls, label_px: float, **overrides) -> LayoutRules:
        """Distances that scale with the label type, so every picture size lays out alike."""
        base = cls(
            edge_px=0.5 * label_px,
            gap_px=0.3 * label_px,
            anchor_radius_px=0.45 * label_px,
        )
        return replace(base, **overrides)


def layout_labels(
    requests: Sequence[LabelRequest],
    picture: tuple[float, float],
    obstacles: Sequence[Rect] = (),
    occupancy: Occupancy | None = None,
    rules: LayoutRules = LayoutRules(),
) -> LabelLayout:
    """Place ``requests`` in a ``picture`` of (width, height) pixels by the rules above."""
    width, height = picture
    order = sorted(range(len(requests)), key=lambda i: (-requests[i].priority, i))
    anchors = np.array([r.anchor for r in requests], float).reshape(-1, 2)
    priorities = np.array([r.priority for r in requests])
    blocked = [_grown(o, rules.gap_px) for o in obstacles]  # boxes and obstacles, grown by the gap
    leaders: list[tuple[Point, Point]] = []
    placed: list[PlacedLabel] = []
    gave_way: list[str] = []
    limit = rules.max_leader * math.hypot(width, height)
    unit = _directions(rules.directions)
    for index in order:
        request = requests[index]
        ax, ay = request.anchor
        anchor = np.array(request.anchor, float)
        edge = rules.edge_px
        if not (edge <= ax <= width - edge and edge <= ay <= height - edge):
            gave_way.append(request.key)
            continue
        boxes = _candidates(request, unit, rules.leader_steps)
        sides = np.tile(np.abs(unit[:, 1]), len(rules.leader_steps))
        ends = _nearest_points(boxes, anchor)
        lengths = np.hypot(ends[:, 0] - ax, ends[:, 1] - ay)
        # The hard rules, cheapest first, each on the candidates still standing.
        keep = np.nonzero(
            (boxes[:, 0] >= edge)
            & (boxes[:, 1] >= edge)
            & (boxes[:, 2] <= width - edge)
            & (boxes[:, 3] <= height - edge)
            & (lengths <= limit)
        )[0]
        if blocked and len(keep):
            rects = np.array(blocked)
            keep = keep[~_overlaps(boxes[keep], rects).any(axis=1)]
            if len(keep):
                starts = np.broadcast_to(anchor, (len(keep), 2))
                keep = keep[~_segments_hit_rects(starts, ends[keep], rects).any(axis=1)]
        if leaders and len(keep):
            a = np.array([seg[0] for seg in leaders])
            b = np.array([seg[1] for seg in leaders])
            keep = keep[~_segments_hit_rects(a, b, boxes[keep]).any(axis=0)]
        if not len(keep):
            gave_way.append(request.key)
            continue
        boxes, ends, lengths, sides = boxes[keep], ends[keep], lengths[keep], sides[keep]
        box_height = request.size[1]
        cost = lengths / box_height + rules.side_cost * sides
        rivals = priorities >= request.priority
        rivals[index] = False
        others = anchors[rivals]
        if len(others):
            grown = _grown_array(boxes, rules.anchor_radius_px)
            covered = (
                (others[None, :, 0] >= grown[:, None, 0])
                & (others[None, :, 0] <= grown[:, None, 2])
                & (others[None, :, 1] >= grown[:, None, 1])
                & (others[None, :, 1] <= grown[:, None, 3])
            )
            cost += rules.anchor_cost * covered.sum(axis=1)
            # Nearer another label's point than its own, a box reads as that point's name.
            gaps = np.hypot(
                np.maximum(np.maximum(boxes[:, None, 0] - others[None, :, 0], 0),
                           others[None, :, 0] - boxes[:, None, 2]),
                np.maximum(np.maximum(boxes[:, None, 1] - others[None, :, 1], 0),
                           others[None, :, 1] - boxes[:, None, 3]),
            )  # fmt: skip
            cost += rules.ambiguity_cost * (gaps < lengths[:, None]).sum(axis=1)
        if leaders:
            a = np.array([seg[0] for seg in leaders])
            b = np.array([seg[1] for seg in leaders])
            starts = np.broadcast_to(anchor, ends.shape)
            cost += rules.crossing_cost * _segments_cross(starts, ends, a, b).sum(axis=1)
        if occupancy is not None:
            cost += rules.occupancy_cost * occupancy.share(boxes)
        if request.previous is not None:
            centres = (boxes[:, :2] + boxes[:, 2:]) / 2
            offsets = (centres - anchor) / box_height
            cost += rules.steady_cost * np.hypot(*(offsets - np.array(request.previous)).T)
        best = int(np.argmin(cost))
        box = tuple(float(v) for v in boxes[best])
        end = (float(ends[best, 0]), float(ends[best, 1]))
        placed.append(PlacedLabel(request.key, box, (float(ax), float(ay)), end))
        blocked.append(_grown(box, rules.gap_px))
        leaders.append(((float(ax), float(ay)), end))
    return LabelLayout(tuple(placed), tuple(gave_way))


# Where a panel may go, as shares of the free room across and down: the corners first (top left,
# bottom left, top right, bottom right), then the middles of the edges, then the quarters.
PANEL_SPOTS = (
    (0, 0), (0, 1), (1, 0), (1, 1), (0, 0.5), (1, 0.5), (0.5, 0), (0.5, 1),
    (0, 0.25), (0, 0.75), (1, 0.25), (1, 0.75), (0.25, 0), (0.75, 0), (0.25, 1), (0.75, 1),
)  # fmt: skip


def place_panel(
    size: tuple[float, float],
    picture: tuple[float, float],
    obstacles: Sequence[Rect] = (),
    occupancy: Occupancy | None = None,
    edge_px: float = 6.0,
    gap_px: float = 4.0,
) -> Rect:
    """Where a fixed box of ``size`` goes: along the edges, clear of obstacles, over the least anatomy."""
    width, height = picture
    w, h = size
    free_x, free_y = max(0.0, width - 2 * edge_px - w), max(0.0, height - 2 * edge_px - h)
    lefts = edge_px + np.array([fx for fx, _ in PANEL_SPOTS]) * free_x
    tops = edge_px + np.array([fy for _, fy in PANEL_SPOTS]) * free_y
    boxes = np.c_[lefts, tops, lefts + w, tops + h]
    if obstacles:
        rects = np.array([_grown(o, gap_px) for o in obstacles])
        overlap = _overlap_area(boxes, rects).sum(axis=1)
    else:
        overlap = np.zeros(len(boxes))
    cover = occupancy.share(boxes) if occupancy is not None else np.zeros(len(boxes))
    cost = cover + 1e-3 * np.arange(len(boxes))
    clear = overlap <= 0
    best = int(np.argmin(np.where(clear, cost, np.inf) if clear.any() else overlap))
    return tuple(float(v) for v in boxes[best])


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share any area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Rect, outer: Rect) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


# --- geometry, vectorised over candidates -------------------------------------------------------
def _directions(count: int) -> np.ndarray:
    angles = 2 * np.pi * np.arange(count) / count
    unit = np.c_[np.cos(angles), -np.sin(angles)]  # y points down: "up" is -y
    unit[np.abs(unit) < 1e-12] = 0.0
    return unit


def _candidates(request: LabelRequest, unit: np.ndarray, steps: Sequence[float]) -> np.ndarray:
    w, h = request.size
    with np.errstate(divide="ignore"):
        reach = np.minimum(
            np.where(unit[:, 0] != 0, w / 2 / np.abs(unit[:, 0]), np.inf),
            np.where(unit[:, 1] != 0, h / 2 / np.abs(unit[:, 1]), np.inf),
        )
    lengths = np.repeat(np.asarray(steps, float) * h, len(unit))
    u = np.tile(unit, (len(steps), 1))
    centres = np.array(request.anchor) + u * (lengths + np.tile(reach, len(steps)))[:, None]
    return np.c_[centres - (w / 2, h / 2), centres + (w / 2, h / 2)]


def _nearest_points(boxes: np.ndarray, point: np.ndarray) -> np.ndarray:
    return np.c_[
        np.clip(point[0], boxes[:, 0], boxes[:, 2]), np.clip(point[1], boxes[:, 1], boxes[:, 3])
    ]


def _grown(rect: Rect, by: float) -> Rect:
    return (rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by)


def _grown_array(rects: np.ndarray, by: float) -> np.ndarray:
    return rects + np.array([-by, -by, by, by])


def _overlaps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n, m): rectangle a[i] shares area with b[j]."""
    return (
        (a[:, None, 0] < b[None, :, 2])
        & (b[None, :, 0] < a[:, None, 2])
        & (a[:, None, 1] < b[None, :, 3])
        & (b[None, :, 1] < a[:, None, 3])
    )


def _overlap_area(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _segments_hit_rects(starts: np.ndarray, ends: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """(n, m): the segment starts[i] -> ends[i] passes through the inside of rects[j] (slab test)."""
    d = ends - starts
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / np.where(d == 0, np.nan, d)  # nan: a segment parallel to that axis
    t_enter = np.zeros((len(starts), len(rects)))
    t_leave = np.ones_like(t_enter)
    hit = np.ones_like(t_enter, dtype=bool)
    for axis, (low, high) in enumerate(((0, 2), (1, 3))):
        s0 = starts[:, axis, None]
        parallel = np.isnan(inv[:, axis])[:, None]
        # Parallel segments hit only if they lie strictly between the two sides.
        hit &= ~parallel | ((s0 > rects[None, :, low]) & (s0 < rects[None, :, high]))
        t1 = (rects[None, :, low] - s0) * inv[:, axis, None]
        t2 = (rects[None, :, high] - s0) * inv[:, axis, None]
        near, far = np.fmin(t1, t2), np.fmax(t1, t2)
        t_enter = np.where(parallel, t_enter, np.fmax(t_enter, near))
        t_leave = np.where(parallel, t_leave, np.fmin(t_leave, far))
    return hit & (t_leave - t_enter > 1e-9)


def _segments_cross(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """(n, m): segment a0[i] -> a1[i] properly crosses b0[j] -> b1[j]."""

    def side(p, q, r):  # sign of the turn p -> q -> r
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (
            r[..., 0] - p[..., 0]
        )

    p0, p1 = a0[:, None, :], a1[:, None, :]
    q0, q1 = b0[None, :, :], b1[None, :, :]
    d1, d2 = side(q0, q1, p0), side(q0, q1, p1)
    d3, d4 = side(p0, p1, q0), side(p0, p1, q1)
    return (d1 * d2 < 0) & (d3 * d4 < 0)
