// "Place the tip" against the zone map the app computed for the lesson
// (anatomy_viewer/render/web/zone_grid.py): a click on the wall -> its cell -> the words the app's
// checker says there (verdict, every zone code that applies, the muscle reached) -> judged as
// core/lessons/quiz.py judge_place does: right when the quiz's `expect` is among them.

import { typedArray } from "./decode.js";

const DANGER = ["hip_crease", "midline", "artery", "vein"];
const CAUTION = ["nerve", "bone", "no_target"];

export function verdictOf(codes) {
  if (codes.some((c) => DANGER.includes(c))) return "danger";
  if (codes.some((c) => CAUTION.includes(c))) return "caution";
  return "safe";
}

export class ZoneGrid {
  constructor(data) {
    this.data = data;
    this.x0 = data.x0;
    this.z0 = data.z0;
    this.step = data.step_mm;
    this.columns = data.columns;
    this.rows = data.rows;
    this.codes = data.codes;
    this.code = typedArray(data.code, "int8");
    this.bits = typedArray(data.bits, "uint8");
    this.target = typedArray(data.target, "uint8");
    this.cornerY = typedArray(data.corner_y, "float32");
    if (this.code.length !== this.rows * this.columns) throw new Error("zone map size mismatch");
  }

  // Nearest cell centre, as ZoneMap.code_at rounds; null off the grid or off the wall.
  cell(x, z) {
    const col = Math.round((x - this.x0) / this.step);
    const row = Math.round((z - this.z0) / this.step);
    if (row < 0 || row >= this.rows || col < 0 || col >= this.columns) return null;
    const index = row * this.columns + col;
    return this.code[index] < 0 ? null : { row, col, index };
  }

  onWall(row, col) {
    return this.code[row * this.columns + col] >= 0;
  }

  // Wall Y at a cell corner (the corner grid is one larger than the cell grid both ways).
  corner(row, col) {
    return this.cornerY[row * (this.columns + 1) + col];
  }

  // What the app's checker says at (x, z): {verdict, codes, target, first} or null off the wall.
  wordsAt(x, z) {
    const cell = this.cell(x, z);
    if (!cell) return null;
    const bits = this.bits[cell.index];
    const codes = this.codes.filter((_, i) => bits & (1 << i));
    const target = this.data.targets[this.target[cell.index]] ?? null;
    return {
      verdict: verdictOf(codes),
      codes,
      target,
      first: this.codes[this.code[cell.index]],
    };
  }
}

// Signed distance from the midsagittal plane in the wall's coronal view, positive toward `side`'s
// lateral (the checker's test for a tip on the wrong half).
export function offsetTowardSide(midline, side, x, z) {
  const [px, , pz] = midline.point;
  const [nx, , nz] = midline.normal;
  const offset = (x - px) * nx + (z - pz) * nz;
  return offset * midline.lateral_sign[side];
}

// -> {status: "judged", correct, observed, words} | {status: "other_side"} | {status: "off_wall"}
export function judgePlace(quiz, grid, midline, x, z) {
  const words = grid.wordsAt(x, z);
  if (!words) return { status: "off_wall" };
  if (offsetTowardSide(midline, quiz.side, x, z) < -midline.half_width_mm) {
    return { status: "other_side" };
  }
  const observed = [words.verdict, ...words.codes];
  if (words.target) observed.push(words.target);
  return { status: "judged", correct: observed.includes(quiz.expect), observed, words };
}

export function judgeChoice(quiz, chosen) {
  if (!Number.isInteger(chosen) || chosen < 0 || chosen >= quiz.choices.length) {
    throw new Error(`choice ${chosen} is not one of the ${quiz.choices.length} choices`);
  }
  return { correct: chosen === quiz.answer };
}
