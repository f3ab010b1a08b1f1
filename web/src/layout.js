// Label layout in screen space, the rules of the app's pictures (issue 13): labels never overlap
// each other or the fixed boxes (readout, legend, attribution), never leave the view, each has a
// leader line to the point it names, and when space runs out lower-priority labels give way first.
//
//   labels sorted by priority (then their order) --> for each, candidate boxes around its anchor,
//   nearest first --> the first inside the view that overlaps nothing placed (and, if possible,
//   covers no other anchor) --> placed with a leader; none fits --> dropped
//
// Pure: rectangles in, rectangles out; no DOM, no three.js.

const DIRECTIONS = [
  [1, -1], [-1, -1], [1, 0], [-1, 0], [0, -1], [1, 1], [-1, 1], [0, 1],
].map(([x, y]) => { const n = Math.hypot(x, y); return [x / n, y / n]; }); // prettier-ignore
const RADII = [0.6, 1.5, 2.6, 4, 6, 8.5]; // in label heights: near the anchor first

export function overlaps(a, b, pad = 0) {
  return (
    a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad
  );
}

export function inside(box, view, margin = 0) {
  return (
    box.x >= margin &&
    box.y >= margin &&
    box.x + box.w <= view.width - margin &&
    box.y + box.h <= view.height - margin
  );
}

function containsPoint(box, p) {
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

// The point of the box's outline nearest to p (p itself when it is inside the box).
export function nearestOnBox(box, p) {
  return {
    x: Math.min(box.x + box.w, Math.max(box.x, p.x)),
    y: Math.min(box.y + box.h, Math.max(box.y, p.y)),
  };
}

export function candidates(label) {
  const out = [];
  const { w, h } = label;
  for (const r of RADII) {
    for (const [dx, dy] of DIRECTIONS) {
      const reach = r * h + Math.abs(dx) * (w / 2) + Math.abs(dy) * (h / 2);
      const cx = label.anchor.x + dx * reach;
      const cy = label.anchor.y + dy * reach;
      out.push({ x: cx - w / 2, y: cy - h / 2, w, h });
    }
  }
  return out;
}

// view: {width, height}; obstacles: [{x, y, w, h}]; labels: [{id, anchor: {x, y}, w, h,
// priority}] (anchors off the view or flagged hidden are dropped). Options: margin (px from the
// view's edge), pad (px between boxes). Returns one result per label, in the labels' order:
// {id, placed: true, box, leader: {x1, y1, x2, y2} | null} or {id, placed: false, reason}.
export function layoutLabels(view, obstacles, labels, options = {}) {
  const margin = options.margin ?? 4;
  const pad = options.pad ?? 3;
  const order = labels
    .map((label, index) => ({ label, index }))
    .sort((a, b) => b.label.priority - a.label.priority || a.index - b.index);
  const placed = [];
  const results = new Array(labels.length);
  const anchors = labels.filter((l) => !l.hidden).map((l) => l.anchor);
  for (const { label, index } of order) {
    const anchorInView =
      !label.hidden &&
      label.anchor.x >= 0 &&
      label.anchor.y >= 0 &&
      label.anchor.x <= view.width &&
      label.anchor.y <= view.height;
    if (!anchorInView) {
      results[index] = { id: label.id, placed: false, reason: "anchor not in view" };
      continue;
    }
    const fits = (box) =>
      inside(box, view, margin) &&
      !placed.some((other) => overlaps(box, other, pad)) &&
      !obstacles.some((other) => overlaps(box, other, pad));
    const own = label.anchor;
    const clear = (box) => !anchors.some((a) => a !== own && containsPoint(box, a));
    const options_ = candidates(label);
    const box = options_.find((b) => fits(b) && clear(b)) ?? options_.find(fits);
    if (!box) {
      results[index] = { id: label.id, placed: false, reason: "no room" };
      continue;
    }
    placed.push(box);
    const end = nearestOnBox(box, label.anchor);
    const long = Math.hypot(end.x - label.anchor.x, end.y - label.anchor.y) > 1;
    results[index] = {
      id: label.id,
      placed: true,
      box,
      leader: long ? { x1: label.anchor.x, y1: label.anchor.y, x2: end.x, y2: end.y } : null,
    };
  }
  return results;
}
