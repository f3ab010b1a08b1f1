import assert from "node:assert/strict";
import { test } from "node:test";
import { clippingPlanes, cutForFrame, kept } from "../src/cut.js";

const axial = { origin: [0, 0, 900], normal: [0, 0, 1], slab_mm: null, caption: "a" };

test("an axial cut keeps what lies below it and removes what lies above", () => {
  const planes = clippingPlanes(axial);
  assert.equal(planes.length, 1);
  assert.ok(kept(planes, [10, -50, 899]));
  assert.ok(kept(planes, [0, 0, 900])); // on the plane: kept, as core/anatomy/cut_outlines.py does
  assert.ok(!kept(planes, [10, -50, 901]));
});

test("a press-line cut keeps only its slab behind the plane", () => {
  // Normal toward -X (the body's right is lateral on the right side), slab 30 mm medial (+X).
  const cut = { origin: [-90, -150, 910], normal: [-1, 0, 0], slab_mm: 30 };
  const planes = clippingPlanes(cut);
  assert.equal(planes.length, 2);
  assert.ok(!kept(planes, [-91, 0, 0])); // lateral of the line: removed
  assert.ok(kept(planes, [-80, 0, 0])); // within the slab
  assert.ok(kept(planes, [-60, 0, 0])); // at the slab's back
  assert.ok(!kept(planes, [-59, 0, 0])); // beyond it: removed
});

test("no section, no planes; each keyframe has its own press-line cut", () => {
  assert.deepEqual(clippingPlanes(null), []);
  assert.equal(cutForFrame(null, 0), null);
  const flat = { cuts: [axial] };
  assert.equal(cutForFrame(flat, 7), axial);
  const turning = { cuts: [{ caption: "0" }, { caption: "1" }, { caption: "2" }] };
  assert.equal(cutForFrame(turning, 1).caption, "1");
  assert.equal(cutForFrame(turning, 99).caption, "2");
});
