import assert from "node:assert/strict";
import { test } from "node:test";
import { cameraForView, easeInOutCubic, interpolatePose, stepPose } from "../src/camera.js";

const VIEWS = {
  anterior: { direction: [0, -1, 0], up: [0, 0, 1] },
  superior: { direction: [0, 0, 1], up: [0, -1, 0] },
  oblique: { direction: [-0.55, -1, 0.45], up: [0, 0, 1] },
};
const close = (a, b, tol = 1e-6) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < tol, `${a} vs ${b}`));

test("a named view looks at the box's centre from its side, at the fitting distance", () => {
  const bounds = [[-100, -50, 800], [100, 50, 1000]];
  const pose = cameraForView("anterior", bounds, 4 / 3, VIEWS, 30);
  close(pose.focalPoint, [0, 0, 900]);
  close(pose.up, [0, 0, 1]);
  // core/scene/views.py: half = max(100 (half height), 100 / (4/3)); 1.1 * 100 / tan(15 deg) + 50
  const distance = (1.1 * 100) / Math.tan((15 * Math.PI) / 180) + 50;
  close(pose.position, [0, -distance, 900], 1e-6);
});

test("a wide viewport fits the height, a narrow one the width", () => {
  const bounds = [[-200, -50, 800], [200, 50, 1000]];
  const wide = cameraForView("anterior", bounds, 3, VIEWS, 30);
  const narrow = cameraForView("anterior", bounds, 0.5, VIEWS, 30);
  // wide: half = max(100, 200 / 3) = 100; narrow: half = max(100, 200 / 0.5) = 400
  close([wide.position[1]], [-((1.1 * 100) / Math.tan(Math.PI / 12) + 50)]);
  close([narrow.position[1]], [-((1.1 * 400) / Math.tan(Math.PI / 12) + 50)]);
});

test("the up vector is made square to the viewing direction", () => {
  const pose = cameraForView("oblique", [[-1, -1, -1], [1, 1, 1]], 1, VIEWS, 30);
  const d = pose.position.map((v, i) => v - pose.focalPoint[i]);
  const dot = d[0] * pose.up[0] + d[1] * pose.up[1] + d[2] * pose.up[2];
  assert.ok(Math.abs(dot) < 1e-9);
});

test("a lesson's own camera pose is used as written", () => {
  const camera = { position: [1, 2, 3], focal_point: [0, 0, 0], up: [0, 0, 2] };
  const pose = stepPose(camera, [[0, 0, 0], [1, 1, 1]], 1, VIEWS, 30);
  assert.deepEqual(pose.position, [1, 2, 3]);
  close(pose.up, [0, 0, 1]);
});

test("the glide starts and ends at its poses and swings around the focal point", () => {
  const a = { position: [0, -500, 0], focalPoint: [0, 0, 0], up: [0, 0, 1] };
  const b = { position: [500, 0, 0], focalPoint: [0, 0, 0], up: [0, 0, 1] };
  close(interpolatePose(a, b, 0).position, a.position);
  close(interpolatePose(a, b, 1).position, b.position);
  const middle = interpolatePose(a, b, 0.5).position;
  assert.ok(Math.abs(Math.hypot(...middle) - 500) < 1e-9, "keeps its distance, no cut through");
});

test("opposite directions swing through the up vector", () => {
  const a = { position: [0, -500, 0], focalPoint: [0, 0, 0], up: [0, 0, 1] };
  const b = { position: [0, 500, 0], focalPoint: [0, 0, 0], up: [0, 0, 1] };
  close(interpolatePose(a, b, 0.5).position, [0, 0, 500]);
});

test("InOutCubic easing as Qt's: ends fixed, symmetric, slow at both ends", () => {
  assert.equal(easeInOutCubic(0), 0);
  assert.equal(easeInOutCubic(1), 1);
  assert.equal(easeInOutCubic(0.5), 0.5);
  close([easeInOutCubic(0.25)], [0.0625]);
  close([easeInOutCubic(0.25) + easeInOutCubic(0.75)], [1]);
  assert.equal(easeInOutCubic(2), 1);
});
