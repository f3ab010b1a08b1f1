import assert from "node:assert/strict";
import { test } from "node:test";
import { candidates, inside, layoutLabels, nearestOnBox, overlaps } from "../src/layout.js";

const view = { width: 800, height: 600 };

// A small deterministic generator, so a failing case can be replayed.
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function label(id, x, y, priority = 1, w = 120, h = 22) {
  return { id, anchor: { x, y }, w, h, priority };
}

test("placed labels never overlap each other, the obstacles, or leave the view", () => {
  const obstacles = [{ x: 500, y: 0, w: 300, h: 80 }, { x: 0, y: 560, w: 800, h: 40 }];
  for (let seed = 1; seed <= 30; seed += 1) {
    const next = random(seed);
    const labels = Array.from({ length: 25 }, (_, i) =>
      label(`l${i}`, next() * 800, next() * 600, 1 + Math.floor(next() * 3), 60 + next() * 140),
    );
    const results = layoutLabels(view, obstacles, labels, { margin: 4, pad: 3 });
    const boxes = results.filter((r) => r.placed).map((r) => r.box);
    assert.ok(boxes.length > 5, `seed ${seed}: only ${boxes.length} placed`);
    boxes.forEach((a, i) => {
      assert.ok(inside(a, view, 4), `seed ${seed}: box ${i} leaves the view`);
      for (const o of obstacles) assert.ok(!overlaps(a, o), `seed ${seed}: box ${i} on an obstacle`);
      boxes.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `seed ${seed}: boxes overlap`));
    });
  }
});

test("when space runs out, lower-priority labels give way first", () => {
  // Room for two 300 x 24 labels around this anchor (just above it and just below), not three.
  const small = { width: 400, height: 120 };
  const labels = [
    label("zone", 200, 60, 1, 300, 24),
    label("asked", 200, 60, 3, 300, 24),
    label("pin", 200, 60, 2, 300, 24),
  ];
  const [zone, asked, pin] = layoutLabels(small, [], labels);
  assert.equal(asked.placed, true);
  assert.equal(pin.placed, true);
  assert.equal(zone.placed, false);
  assert.equal(zone.reason, "no room");
});

test("results come back in the labels' order, whatever the priorities", () => {
  const labels = [label("a", 100, 100, 1), label("b", 400, 300, 3), label("c", 600, 400, 2)];
  assert.deepEqual(layoutLabels(view, [], labels).map((r) => r.id), ["a", "b", "c"]);
});

test("each label has a leader from its anchor to the nearest point of its box", () => {
  const results = layoutLabels(view, [], [label("a", 400, 300, 3)]);
  const { box, leader } = results[0];
  assert.deepEqual([leader.x1, leader.y1], [400, 300]);
  const end = nearestOnBox(box, { x: 400, y: 300 });
  assert.deepEqual([leader.x2, leader.y2], [end.x, end.y]);
  const onEdge =
    leader.x2 === box.x || leader.x2 === box.x + box.w || leader.y2 === box.y || leader.y2 === box.y + box.h;
  assert.ok(onEdge, "the leader ends on the box's outline");
});

test("a label prefers a spot that covers no other label's anchor", () => {
  // b's anchor sits where a's first choice (up and right) would go.
  const a = label("a", 300, 300, 3, 100, 20);
  const first = candidates(a)[0];
  const b = label("b", first.x + 50, first.y + 10, 1, 60, 20);
  const [placedA] = layoutLabels(view, [], [a, b]);
  const covers = (box, p) => p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
  assert.ok(!covers(placedA.box, b.anchor));
});

test("anchors behind the camera or off the view are not labelled", () => {
  const hidden = { ...label("h", 100, 100, 3), hidden: true };
  const results = layoutLabels(view, [], [hidden, label("off", -50, 100, 3), label("on", 50, 100, 3)]);
  assert.deepEqual(results.map((r) => r.placed), [false, false, true]);
});

test("a label that fits near its anchor sits near it", () => {
  const [r] = layoutLabels(view, [], [label("a", 400, 300, 3, 100, 20)]);
  const end = nearestOnBox(r.box, { x: 400, y: 300 });
  assert.ok(Math.hypot(end.x - 400, end.y - 300) <= 20 * 1.5, "within the first ring of candidates");
});
