import assert from "node:assert/strict";
import { test } from "node:test";
import { base64ToBytes, typedArray, unpackMesh } from "../src/decode.js";
import { judgeChoice, judgePlace, offsetTowardSide, verdictOf, ZoneGrid } from "../src/zonemap.js";

const CODES = ["safe", "hip_crease", "midline", "artery", "vein", "nerve", "bone", "no_target"];
const b64 = (typed) => Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString("base64");

// A 3 x 2 grid (rows z, columns x) from x0 = -10, z0 = 900, 5 mm cells:
//   row 0: safe (+ nerve caution bit) | artery (first) + vein
//   row 1: off the wall               | midline
function grid() {
  const bit = (...codes) => codes.reduce((b, c) => b | (1 << CODES.indexOf(c)), 0);
  return new ZoneGrid({
    x0: -10, z0: 900, step_mm: 5, columns: 2, rows: 3, pivot_deg: 0, codes: CODES,
    code: b64(new Int8Array([CODES.indexOf("nerve"), CODES.indexOf("artery"), -1, CODES.indexOf("midline"), -1, -1])),
    bits: b64(new Uint8Array([bit("nerve"), bit("artery", "vein"), 0, bit("midline"), 0, 0])),
    targets: [null, "psoas_major_right", "psoas_major_left", "iliacus_right", "iliacus_left"],
    target: b64(new Uint8Array([3, 1, 0, 0, 0, 0])),
    corner_y: b64(new Float32Array(4 * 3)),
  }); // prettier-ignore
}

test("verdicts as the checker's verdict_of: danger beats caution beats safe", () => {
  assert.equal(verdictOf(["safe"]), "safe");
  assert.equal(verdictOf(["nerve"]), "caution");
  assert.equal(verdictOf(["nerve", "artery"]), "danger");
});

test("a point takes the nearest cell's words, as ZoneMap.code_at rounds", () => {
  const g = grid();
  assert.deepEqual(g.wordsAt(-10, 900), { verdict: "caution", codes: ["nerve"], target: "iliacus_right", first: "nerve" });
  const w = g.wordsAt(-5 + 2.4, 900 + 2.4);
  assert.deepEqual(w.codes, ["artery", "vein"]);
  assert.equal(w.verdict, "danger");
  assert.equal(w.target, "psoas_major_right");
  assert.equal(g.wordsAt(-10, 905), null, "off the wall");
  assert.equal(g.wordsAt(100, 900), null, "off the grid");
});

const midline = { point: [0, 0, 0], normal: [1, 0, 0], lateral_sign: { right: -1, left: 1 }, half_width_mm: 25 };

test("place the tip: right when `expect` is the verdict, a code or the target", () => {
  const g = grid();
  const quiz = (expect) => ({ kind: "place", side: "right", expect });
  assert.equal(judgePlace(quiz("caution"), g, midline, -10, 900).correct, true);
  assert.equal(judgePlace(quiz("nerve"), g, midline, -10, 900).correct, true);
  assert.equal(judgePlace(quiz("iliacus_right"), g, midline, -10, 900).correct, true);
  assert.equal(judgePlace(quiz("safe"), g, midline, -10, 900).correct, false);
  assert.equal(judgePlace(quiz("vein"), g, midline, -5, 900).correct, true);
  assert.equal(judgePlace(quiz("safe"), g, midline, -10, 905).status, "off_wall");
});

test("a tip well over the midline is on the other side, as the checker refuses it", () => {
  assert.equal(offsetTowardSide(midline, "right", -30, 0), 30);
  assert.equal(offsetTowardSide(midline, "left", -30, 0), -30);
  const wide = new ZoneGrid({ ...grid().data, x0: 30 });
  const quiz = { kind: "place", side: "right", expect: "safe" };
  assert.equal(judgePlace(quiz, wide, midline, 30, 900).status, "other_side");
});

test("multiple choice: the index of the right answer", () => {
  const quiz = { choices: ["a", "b", "c"], answer: 1 };
  assert.equal(judgeChoice(quiz, 1).correct, true);
  assert.equal(judgeChoice(quiz, 2).correct, false);
  assert.throws(() => judgeChoice(quiz, 3));
});

test("packed meshes decode to their points and faces", () => {
  const quantised = new Uint16Array([0, 0, 0, 65535, 65535, 65535, 0, 65535, 0]);
  const packed = {
    origin: [10, 20, 30], scale: [0.001, 0.002, 0.003], count: 3,
    positions: b64(quantised), index_type: "uint16", indices: b64(new Uint16Array([0, 1, 2])),
  }; // prettier-ignore
  const { positions, indices } = unpackMesh(packed);
  assert.deepEqual(Array.from(indices), [0, 1, 2]);
  const expected = [10, 20, 30, 10 + 65.535, 20 + 131.07, 30 + 196.605, 10, 20 + 131.07, 30];
  expected.forEach((v, i) => assert.ok(Math.abs(positions[i] - v) < 1e-3));
  assert.throws(() => unpackMesh({ ...packed, indices: b64(new Uint16Array([0, 1, 3])) }), /out of range/);
  assert.equal(base64ToBytes("AAA=").length, 2);
  assert.throws(() => typedArray("AA==", "uint16"), /whole number/);
});
