// Cameras in the body frame (mm; +X body's left, +Y posterior, +Z superior), as the app's:
// cameraForView is core/scene/views.py camera_for_view, interpolatePose is the window's glide
// (qt/lessons/camera_glide.py), easeInOutCubic is Qt's InOutCubic curve the glide uses.

const sub = (a, b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a, s) => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a) => Math.sqrt(dot(a, a));
const unit = (a) => scale(a, 1 / norm(a));
const cross = (a, b) => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

// A camera looking at the centre of bounds [[min xyz], [max xyz]] from the named side, at the
// distance that fits the box's silhouette into a viewport of this aspect (width / height).
export function cameraForView(name, bounds, aspect, views, viewAngleDeg, margin = 1.1) {
  const view = views[name];
  if (!view) throw new Error(`unknown view ${name}`);
  const [low, high] = bounds;
  const centre = scale(add(low, high), 0.5);
  const direction = unit(view.direction);
  let up = view.up;
  up = unit(sub(up, scale(direction, dot(up, direction))));
  const right = cross(up, direction);
  let halfHeight = 0;
  let halfWidth = 0;
  let depth = 0;
  for (const x of [low[0], high[0]]) {
    for (const y of [low[1], high[1]]) {
      for (const z of [low[2], high[2]]) {
        const corner = sub([x, y, z], centre);
        halfHeight = Math.max(halfHeight, Math.abs(dot(corner, up)));
        halfWidth = Math.max(halfWidth, Math.abs(dot(corner, right)));
        depth = Math.max(depth, Math.abs(dot(corner, direction)));
      }
    }
  }
  const half = Math.max(halfHeight, halfWidth / Math.max(aspect, 1e-6));
  const distance = (margin * half) / Math.tan(((viewAngleDeg / 2) * Math.PI) / 180) + depth;
  return { position: add(centre, scale(direction, distance)), focalPoint: centre, up };
}

// The pose of a step's camera: a named view fitted to the viewport, or the lesson's own pose.
export function stepPose(camera, bounds, aspect, views, viewAngleDeg) {
  if (camera.view) return cameraForView(camera.view, bounds, aspect, views, viewAngleDeg);
  return { position: camera.position, focalPoint: camera.focal_point, up: unit(camera.up) };
}

// Focal point in a straight line, viewing direction and distance separately: the camera swings
// around the anatomy instead of cutting through it.
export function interpolatePose(start, end, t) {
  const d0 = sub(start.position, start.focalPoint);
  const d1 = sub(end.position, end.focalPoint);
  const r0 = norm(d0);
  const r1 = norm(d1);
  let direction = add(scale(d0, (1 - t) / r0), scale(d1, t / r1));
  if (norm(direction) < 1e-6) direction = start.up; // opposite directions: swing through up
  direction = unit(direction);
  const focalPoint = add(scale(start.focalPoint, 1 - t), scale(end.focalPoint, t));
  let up = add(scale(start.up, 1 - t), scale(end.up, t));
  up = norm(up) > 0 ? unit(up) : up;
  const position = add(focalPoint, scale(direction, (1 - t) * r0 + t * r1));
  return { position, focalPoint, up };
}

export function easeInOutCubic(t) {
  const x = Math.min(1, Math.max(0, t));
  return x < 0.5 ? 4 * x * x * x : 1 - (-2 * x + 2) ** 3 / 2;
}
