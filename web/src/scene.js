// The 3D scene of the lesson page, in three.js: the anatomy, the derived wall and its zone patches,
// landmark pins, the hip hook with its press line and pivot arc. Each object is made once; a step
// only changes visibility, materials and matrices (as the app's scene does with its actors).
//
//   data (page_data.py) --build--> meshes, wall, zone patches, hook (once)
//   step --applyStep--> visibility / opacity / highlight, zone patches, pins, tool frame
//   setToolFrame(frame) --> hook matrix, press line, hit point, target tint (pivot animation)
//   step.section --> section.js: clipping planes, filled cut faces, caption (turns with the hook)

import * as THREE from "three";
import { TrackballControls } from "three/addons/controls/TrackballControls.js";
import { unpackMesh } from "./decode.js";
import { SectionView } from "./section.js";

const UP = new THREE.Vector3(0, 0, 1);

function colour(hex) {
  return new THREE.Color(hex);
}

function mixColours(a, b, amount) {
  return colour(a).lerp(colour(b), amount);
}

function geometryOf(packed) {
  const { positions, indices } = unpackMesh(packed);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setIndex(new THREE.BufferAttribute(indices, 1));
  geometry.computeVertexNormals();
  geometry.computeBoundingSphere();
  return geometry;
}

// A repeating 32 x 32 pattern (stripes for danger, dots for caution), as the zones layer's.
function patternTexture(isDark, dark, light) {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 32;
  const context = canvas.getContext("2d");
  const image = context.createImageData(32, 32);
  const a = colour(dark);
  const b = colour(light);
  for (let j = 0; j < 32; j += 1) {
    for (let i = 0; i < 32; i += 1) {
      const c = isDark(i, j) ? a : b;
      const k = (j * 32 + i) * 4;
      image.data[k] = Math.round(c.r * 255);
      image.data[k + 1] = Math.round(c.g * 255);
      image.data[k + 2] = Math.round(c.b * 255);
      image.data[k + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  const texture = new THREE.CanvasTexture(canvas);
  texture.wrapS = THREE.RepeatWrapping;
  texture.wrapT = THREE.RepeatWrapping;
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

// Quads over the wall for the cells where keep(row, col), with (X, Z) / period texture coordinates;
// lift moves them toward the viewer (-Y is anterior).
function cellsGeometry(grid, keep, lift, period) {
  const positions = [];
  const uvs = [];
  const half = grid.step / 2;
  const corner = (row, col) => {
    const x = grid.x0 + col * grid.step - half;
    const z = grid.z0 + row * grid.step - half;
    positions.push(x, grid.corner(row, col) - lift, z);
    uvs.push(x / period, z / period);
  };
  for (let row = 0; row < grid.rows; row += 1) {
    for (let col = 0; col < grid.columns; col += 1) {
      if (!keep(row, col)) continue;
      // Two triangles, wound to face -Y (the front of the body).
      corner(row, col);
      corner(row + 1, col);
      corner(row + 1, col + 1);
      corner(row, col);
      corner(row + 1, col + 1);
      corner(row, col + 1);
    }
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.Float32BufferAttribute(positions, 3));
  geometry.setAttribute("uv", new THREE.Float32BufferAttribute(uvs, 2));
  geometry.computeVertexNormals();
  return geometry;
}

export class LessonScene {
  constructor(canvas, data, grid) {
    this.data = data;
    this.grid = grid;
    this.palette = data.palette;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.localClippingEnabled = true; // a step's section cuts chosen materials only
    this.scene = new THREE.Scene();
    this.camera = new THREE.PerspectiveCamera(data.view_angle_deg, 1, 1, 20000);
    this.camera.up.copy(UP);
    this.scene.add(this.camera);
    // A headlight (follows the camera, as VTK's light kit key light roughly does) and soft fill.
    const key = new THREE.DirectionalLight(0xffffff, 2.2);
    key.position.set(0.3, 0.5, 1);
    this.camera.add(key);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x404048, 1.1));
    this.controls = new TrackballControls(this.camera, canvas);
    this.controls.rotateSpeed = 3.0;
    this.controls.zoomSpeed = 1.2;
    this.controls.panSpeed = 0.6;
    this.controls.staticMoving = true;
    this.structures = new Map();
    this.buildAnatomy();
    this.buildWall();
    this.buildHook();
    this.pins = new THREE.Group();
    this.scene.add(this.pins);
    this.marker = this.buildMarker();
    this.section = new SectionView(this);
    this.step = null;
    this.target = null;
  }

  // --- building (once) ---------------------------------------------------------------------------
  buildAnatomy() {
    for (const s of this.data.structures) {
      const base = colour(s.colour);
      const material = new THREE.MeshPhongMaterial({
        color: base,
        specular: new THREE.Color(s.specular, s.specular, s.specular),
        shininess: 20,
      });
      const mesh = new THREE.Mesh(geometryOf(s.mesh), material);
      mesh.name = s.id;
      this.scene.add(mesh);
      // A section's cut faces: the structure's colour, opacity and highlight (paint keeps them the
      // same) without its shine: a flat face square to the headlight would be one highlight.
      const capMaterial = new THREE.MeshPhongMaterial({ color: base, specular: 0x000000 });
      this.structures.set(s.id, { data: s, mesh, material, capMaterial });
    }
  }

  buildWall() {
    const g = this.grid;
    const p = this.palette;
    const onWall = (row, col) => g.onWall(row, col);
    this.wall = new THREE.Mesh(
      cellsGeometry(g, onWall, 0, p.stripe_period_mm),
      new THREE.MeshPhongMaterial({
        color: colour(p.wall),
        transparent: true,
        opacity: p.wall_opacity,
        depthWrite: false,
        side: THREE.DoubleSide,
      }),
    );
    this.wall.renderOrder = 2;
    this.scene.add(this.wall);
    const stripes = patternTexture((i, j) => (i + j) % 32 < 16, p.danger, p.danger_light);
    const dots = patternTexture(
      (i, j) => (i - 16) ** 2 + (j - 16) ** 2 >= 36,
      p.caution,
      p.caution_light,
    );
    this.zonePatches = new Map();
    g.codes.forEach((code, index) => {
      const keep = (row, col) => g.code[row * g.columns + col] === index;
      const geometry = cellsGeometry(g, keep, p.zone_lift_mm, p.stripe_period_mm);
      if (geometry.attributes.position.count === 0) return;
      const style = { transparent: true, opacity: p.zone_opacity, depthWrite: false };
      const material =
        code === "safe"
          ? new THREE.MeshBasicMaterial({ color: colour(p.safe), ...style })
          : new THREE.MeshBasicMaterial({
              map: ["hip_crease", "midline", "artery", "vein"].includes(code) ? stripes : dots,
              ...style,
            });
      material.side = THREE.DoubleSide;
      const mesh = new THREE.Mesh(geometry, material);
      mesh.renderOrder = 3;
      mesh.name = `zone-${code}`;
      this.scene.add(mesh);
      this.zonePatches.set(code, mesh);
    });
  }

  buildHook() {
    const p = this.palette;
    this.hook = new THREE.Mesh(
      geometryOf(this.data.hook),
      new THREE.MeshPhongMaterial({ color: colour(p.hook), specular: 0x666666, shininess: 25 }),
    );
    this.hook.matrixAutoUpdate = false;
    this.pressLine = new THREE.Mesh(
      new THREE.CylinderGeometry(p.press_line_radius_mm, p.press_line_radius_mm, 1, 14),
      new THREE.MeshPhongMaterial({ color: colour(p.verdict.safe) }),
    );
    this.hit = new THREE.Mesh(
      new THREE.SphereGeometry(p.hit_radius_mm, 20, 14),
      new THREE.MeshPhongMaterial({ color: colour(p.verdict.safe) }),
    );
    this.arc = new THREE.Group();
    this.tool = new THREE.Group();
    this.tool.add(this.hook, this.pressLine, this.hit, this.arc);
    this.tool.visible = false;
    this.scene.add(this.tool);
  }

  buildMarker() {
    // The tip's size (core/tool/geometry.py TIP_RADIUS_MM is 5), a little larger so it reads.
    const marker = new THREE.Mesh(
      new THREE.SphereGeometry(7, 24, 16),
      new THREE.MeshPhongMaterial({ color: colour(this.palette.hook) }),
    );
    const ring = new THREE.Mesh(
      new THREE.TorusGeometry(9, 1.4, 8, 32),
      new THREE.MeshBasicMaterial({ color: 0xffffff }),
    );
    ring.rotation.x = Math.PI / 2; // in the coronal plane, facing the front of the body
    marker.add(ring);
    marker.visible = false;
    this.scene.add(marker);
    return marker;
  }

  // --- a step ------------------------------------------------------------------------------------
  applyStep(step) {
    this.step = step;
    const visible = new Set(step.visible);
    const highlight = new Set(step.highlight);
    for (const [id, entry] of this.structures) {
      const opacity = step.opacity[id] ?? 1;
      entry.mesh.visible = visible.has(id);
      this.paint(entry, highlight.has(id), opacity);
    }
    this.wall.visible = step.wall || step.quiz?.kind === "place";
    // A step on a thicker (or thinner) wall than the page's: the same wall moved forward (-Y) by
    // the difference, its zone patches with it (page_data.py).
    const wallShift = -(step.wall_offset_mm ?? 0);
    this.wall.position.y = wallShift;
    const zones = new Set(step.zones);
    for (const [code, mesh] of this.zonePatches) {
      mesh.visible = zones.has(code);
      mesh.position.y = wallShift;
    }
    this.showPins(step.labels.filter((l) => l.pin).map((l) => l.point));
    this.target = null;
    this.marker.visible = false;
    this.showArc(step.tool?.arc ?? null);
    this.section.apply(step);
    if (step.tool) this.setToolFrame(step.tool.frames[0]);
    else this.tool.visible = false;
  }

  paint(entry, highlighted, opacity) {
    const p = this.palette;
    const material = entry.material;
    const base = entry.data.colour;
    if (highlighted) {
      const mixed = mixColours(base, p.highlight, p.highlight_mix);
      material.color.copy(mixed);
      material.emissive.copy(mixed).multiplyScalar(p.highlight_ambient);
    } else {
      material.color.copy(colour(base));
      material.emissive.setRGB(0, 0, 0);
    }
    const translucent = opacity < 1;
    material.opacity = opacity;
    material.transparent = translucent;
    material.depthWrite = !translucent;
    entry.mesh.renderOrder = translucent ? 1 : 0;
    this.setSide(entry);
    material.needsUpdate = true;
    entry.capMaterial.needsUpdate = true;
  }

  // Opaque closed meshes never show a back face; translucent ones show their far side, and so does
  // a structure cut without a filled cut face (its inside is what there is to see).
  setSide(entry) {
    const open = entry.material.transparent || Boolean(this.section?.showsInside(entry.data.id));
    entry.material.side = open ? THREE.DoubleSide : THREE.FrontSide;
    const m = entry.material;
    const cap = entry.capMaterial;
    cap.color.copy(m.color);
    cap.emissive.copy(m.emissive);
    cap.opacity = m.opacity;
    cap.transparent = m.transparent;
    cap.depthWrite = m.depthWrite;
    cap.side = m.transparent ? THREE.DoubleSide : THREE.FrontSide;
  }

  showPins(points) {
    this.pins.clear();
    const geometry = new THREE.SphereGeometry(this.palette.pin_radius_mm, 16, 12);
    const material = new THREE.MeshPhongMaterial({ color: colour(this.palette.highlight) });
    for (const point of points) {
      const pin = new THREE.Mesh(geometry, material);
      pin.position.set(...point);
      this.pins.add(pin);
    }
  }

  showArc(points) {
    this.arc.clear();
    if (!points) return;
    const p = this.palette;
    const curve = new THREE.CatmullRomCurve3(points.map((q) => new THREE.Vector3(...q)));
    const material = new THREE.MeshPhongMaterial({ color: colour(p.arc) });
    this.arc.add(new THREE.Mesh(new THREE.TubeGeometry(curve, 64, 1.2, 10), material));
    const end = new THREE.Vector3(...points[points.length - 1]);
    const before = new THREE.Vector3(...points[points.length - 2]);
    const cone = new THREE.Mesh(new THREE.ConeGeometry(4, 9, 20), material);
    cone.position.copy(end);
    cone.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), end.clone().sub(before).normalize());
    this.arc.add(cone);
  }

  // One keyframe of the tool (page_data.py PageDataBuilder.tool): pose, press line, verdict.
  setToolFrame(frame) {
    const p = this.palette;
    this.tool.visible = true;
    this.hook.matrix.set(...frame.pose);
    this.hook.matrixWorldNeedsUpdate = true;
    const tip = new THREE.Vector3(...frame.tip);
    const end = new THREE.Vector3(...frame.end);
    const along = end.clone().sub(tip);
    const length = Math.max(along.length(), 0.1);
    this.pressLine.position.copy(tip.clone().add(end).multiplyScalar(0.5));
    this.pressLine.scale.set(1, length, 1);
    this.pressLine.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), along.normalize());
    const verdict = colour(p.verdict[frame.verdict]);
    this.pressLine.material.color.copy(verdict);
    this.hit.material.color.copy(verdict);
    this.hit.visible = frame.hit;
    this.hit.position.copy(end);
    this.emphasise(frame.target);
    // A press-line cut lies along this keyframe's press line.
    this.section.showFrame(this.step?.tool ? this.step.tool.frames.indexOf(frame) : 0);
  }

  // The muscle the press line reaches, tinted like a highlight (the tool layer's _emphasise).
  emphasise(target) {
    if (this.target === target) return;
    const step = this.step;
    if (this.target && this.structures.has(this.target)) {
      const entry = this.structures.get(this.target);
      this.paint(entry, step.highlight.includes(this.target), step.opacity[this.target] ?? 1);
    }
    this.target = target;
    if (target && this.structures.has(target)) {
      const entry = this.structures.get(target);
      this.paint(entry, true, step.opacity[target] ?? 1);
    }
  }

  showMarker(point, verdict) {
    this.marker.visible = Boolean(point);
    if (!point) return;
    this.marker.position.set(...point);
    this.marker.material.color.copy(colour(this.palette.verdict[verdict] ?? this.palette.hook));
  }

  // --- camera and picking ------------------------------------------------------------------------
  resize(width, height) {
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / Math.max(height, 1);
    this.camera.updateProjectionMatrix();
    this.controls.handleResize();
  }

  pose() {
    const c = this.camera;
    return {
      position: c.position.toArray(),
      focalPoint: this.controls.target.toArray(),
      up: c.up.toArray(),
    };
  }

  setPose(pose) {
    const c = this.camera;
    c.position.set(...pose.position);
    c.up.set(...pose.up);
    this.controls.target.set(...pose.focalPoint);
    c.lookAt(this.controls.target);
    const distance = c.position.distanceTo(this.controls.target);
    c.near = Math.max(1, distance / 50);
    c.far = distance * 20;
    c.updateProjectionMatrix();
  }

  // The derived wall under a point of the canvas (CSS pixels), or null.
  pickWall(x, y, width, height) {
    const ndc = new THREE.Vector2((x / width) * 2 - 1, -(y / height) * 2 + 1);
    const ray = new THREE.Raycaster();
    ray.setFromCamera(ndc, this.camera);
    // The part of the wall a section removed cannot be clicked.
    const hit = ray.intersectObject(this.wall, false).find((h) => this.section.keeps(h.point.toArray()));
    return hit ? hit.point.toArray() : null;
  }

  // Whether visible, opaque anatomy (other than `own`) lies between the camera and the point: a
  // landmark behind a bone, say. Labels of such points get a depth cue instead of passing for
  // whatever tissue is drawn in front of them.
  occluded(point, own = null) {
    const target = new THREE.Vector3(...point);
    const origin = this.camera.position.clone();
    const direction = target.clone().sub(origin);
    const distance = direction.length();
    const occluders = [];
    for (const [id, entry] of this.structures) {
      if (id !== own && entry.mesh.visible && !entry.material.transparent) occluders.push(entry.mesh);
    }
    const ray = new THREE.Raycaster(origin, direction.normalize(), 0, Math.max(0, distance - 3));
    // What a section removed hides nothing.
    return ray.intersectObjects(occluders, false).some((h) => this.section.keeps(h.point.toArray()));
  }

  // Body-frame point -> CSS pixels in the canvas, and whether it is in front of the camera.
  project(point, width, height) {
    const v = new THREE.Vector3(...point).project(this.camera);
    return { x: ((v.x + 1) / 2) * width, y: ((1 - v.y) / 2) * height, front: v.z < 1 && v.z > -1 };
  }

  render() {
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
  }
}
