// A step's section on the lesson page, as the app's section view draws it: the anatomy, the derived
// wall and its zones cut on the GPU (three.js clipping planes), each cut structure's cut face
// filled in the structure's colour (its opacity and highlight follow the structure's) and outlined, and
// the caption the app prints under every picture of a cut. The hook, its press line, the pins and
// the labels stay whole: they are what the cut is looked at with.
//
//   step.section (render/web/section_data.py: planes and caps measured in Python)
//     --apply(step)--> the first cut; --showFrame(i)--> a press-line cut turns with the hook
//     --> clipping planes on the clipped materials, caps + outlines of the cut, caption

import * as THREE from "three";
import { clippingPlanes, cutForFrame, kept } from "./cut.js";
import { unpackMesh } from "./decode.js";

function capGeometry(packed) {
  const { positions, indices } = unpackMesh(packed);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setIndex(new THREE.BufferAttribute(indices, 1));
  geometry.computeVertexNormals(); // flat: along the plane's normal, as the triangles wind
  return geometry;
}

// The closed outlines of a cap: its first points, loop after loop (section_data.py cap_of).
function outlineGeometry(capGeom, loops) {
  const index = [];
  let start = 0;
  for (const size of loops) {
    for (let i = 0; i < size; i += 1) index.push(start + i, start + ((i + 1) % size));
    start += size;
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", capGeom.getAttribute("position"));
  geometry.setIndex(index);
  return geometry;
}

export class SectionView {
  constructor(lessonScene) {
    this.owner = lessonScene;
    this.palette = lessonScene.palette;
    this.section = null;
    this.cut = null;
    this.planes = []; // THREE.Plane, shared by every clipped material
    this.rawPlanes = [];
    this.capped = new Set();
    this.open = new Set();
    this.group = new THREE.Group();
    this.group.name = "section";
    lessonScene.scene.add(this.group);
    this.outlineMaterial = new THREE.LineBasicMaterial({ color: new THREE.Color(this.palette.section_outline) });
    this.built = new Map(); // cut -> its group of caps and outlines (this step's only)
    this.onCaption = () => {};
  }

  get active() {
    return this.cut !== null;
  }

  get caption() {
    return this.cut ? this.cut.caption : "";
  }

  // What is cut: the anatomy, the derived wall and the zones drawn on it.
  clippedMaterials() {
    const scene = this.owner;
    const materials = [...scene.structures.values()].map((entry) => entry.material);
    materials.push(scene.wall.material);
    for (const mesh of scene.zonePatches.values()) materials.push(mesh.material);
    return materials;
  }

  apply(step) {
    for (const group of this.built.values()) {
      this.group.remove(group);
      group.traverse((object) => object.geometry?.dispose());
    }
    this.built.clear();
    this.section = step.section ?? null;
    this.cut = undefined; // so showFrame always applies
    this.showFrame(0);
  }

  // The cut that goes with tool keyframe `index` (a flat cut: the same for every frame).
  showFrame(index) {
    const cut = cutForFrame(this.section, index);
    if (cut === this.cut) return;
    this.cut = cut;
    this.rawPlanes = clippingPlanes(cut);
    const planes = this.rawPlanes.map((p) => new THREE.Plane(new THREE.Vector3(...p.normal), p.constant));
    const recompile = planes.length !== this.planes.length;
    this.planes = planes;
    for (const material of this.clippedMaterials()) {
      material.clippingPlanes = planes.length ? planes : null;
      if (recompile) material.needsUpdate = true;
    }
    for (const group of this.built.values()) group.visible = false;
    this.capped = new Set(cut ? cut.caps.map((c) => c.id) : []);
    this.open = new Set(cut ? cut.open : []);
    if (cut) {
      if (!this.built.has(cut)) this.built.set(cut, this.build(cut));
      this.built.get(cut).visible = true;
    }
    this.sync();
    this.onCaption(this.caption);
  }

  build(cut) {
    const group = new THREE.Group();
    const normal = new THREE.Vector3(...cut.normal);
    for (const cap of cut.caps) {
      const entry = this.owner.structures.get(cap.id);
      if (!entry) continue;
      const geometry = capGeometry(cap.mesh);
      // Not clipped: it lies on the plane, inside any slab. Its material follows the structure's.
      const face = new THREE.Mesh(geometry, entry.capMaterial);
      face.renderOrder = entry.mesh.renderOrder;
      face.name = `cut-face-${cap.id}`;
      face.userData.structure = cap.id;
      const outline = new THREE.LineSegments(outlineGeometry(geometry, cap.mesh.loops), this.outlineMaterial);
      // On the viewer's side of the cut face, never hidden in it (section_view.py OUTLINE_LIFT_MM).
      outline.position.copy(normal).multiplyScalar(this.palette.section_outline_lift_mm);
      outline.userData.structure = cap.id;
      group.add(face, outline);
    }
    this.group.add(group);
    return group;
  }

  // Cut faces show with their structure; each structure's side follows whether it is capped.
  sync() {
    const scene = this.owner;
    for (const group of this.built.values()) {
      for (const child of group.children) {
        const entry = scene.structures.get(child.userData.structure);
        child.visible = Boolean(entry && entry.mesh.visible);
      }
    }
    for (const entry of scene.structures.values()) scene.setSide(entry);
  }

  // A cut structure with no closed cut face shows its inside (the window's shows_inside).
  showsInside(id) {
    return this.active && (this.open.has(id) || !this.capped.has(id));
  }

  keeps(point) {
    return kept(this.rawPlanes, point);
  }

  // For the browser tests and the curious.
  state() {
    const faces = [];
    for (const group of this.built.values()) {
      if (!group.visible) continue;
      for (const child of group.children) {
        if (child.isMesh && child.visible) faces.push(child.userData.structure);
      }
    }
    return {
      plane: this.section?.plane ?? null,
      planes: this.planes.length,
      clipped: this.clippedMaterials().filter((m) => m.clippingPlanes?.length).length,
      faces,
      caption: this.caption,
    };
  }
}
