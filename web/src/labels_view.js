// The step's labels over the 3D view: DOM boxes placed by layout.js each time the camera moves,
// with SVG leader lines to the points they name (measured by the app, page_data.py).

import { layoutLabels } from "./layout.js";

const SVG = "http://www.w3.org/2000/svg";
const OCCLUSION_DELAY_MS = 150; // looked for once the view rests: a ray per label, not per frame

export class LabelsView {
  constructor(container, svg, scene, obstacles) {
    this.container = container;
    this.svg = svg;
    this.scene = scene;
    this.obstacles = obstacles;
    this.items = [];
    this.dirty = true;
    this.measure = true;
    this.lastMatrix = null;
    this.placed = [];
    this.occlusionTimer = null;
  }

  setLabels(labels) {
    this.container.replaceChildren();
    this.items = labels.map((label, index) => {
      const node = document.createElement("div");
      node.className = `label priority-${label.priority}${label.zone ? ` zone-${label.zone}` : ""}`;
      node.textContent = label.text;
      this.container.append(node);
      return { label, node, id: `label-${index}`, size: null, behind: false };
    });
    this.dirty = true;
    this.measure = true;
  }

  update() {
    const matrix = this.scene.camera.matrixWorld.elements.join(",");
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const key = `${matrix}|${width}x${height}`;
    if (!this.dirty && key === this.lastMatrix) return;
    this.dirty = false;
    this.lastMatrix = key;
    if (this.measure) {
      // Label text scales with the view (CSS): measure again after a resize, all shown at once.
      for (const item of this.items) item.node.hidden = false;
      for (const item of this.items) item.size = { w: item.node.offsetWidth, h: item.node.offsetHeight };
      this.measure = false;
    }
    const inputs = this.items.map((item) => {
      const p = this.scene.project(item.label.point, width, height);
      return {
        id: item.id,
        anchor: { x: p.x, y: p.y },
        hidden: !p.front,
        w: item.size.w,
        h: item.size.h,
        priority: item.label.priority,
      };
    });
    const results = layoutLabels({ width, height }, this.obstacles(), inputs);
    clearTimeout(this.occlusionTimer);
    this.occlusionTimer = setTimeout(() => this.checkOcclusion(), OCCLUSION_DELAY_MS);
    this.svg.replaceChildren();
    this.placed = [];
    results.forEach((result, i) => {
      const { node, label, behind } = this.items[i];
      node.hidden = !result.placed;
      node.classList.toggle("behind", behind);
      if (!result.placed) return;
      node.style.transform = `translate(${result.box.x}px, ${result.box.y}px)`;
      this.placed.push({ text: label.text, box: result.box });
      const dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", inputs[i].anchor.x);
      dot.setAttribute("cy", inputs[i].anchor.y);
      dot.setAttribute("r", "2.5");
      this.svg.append(dot);
      if (result.leader) {
        const line = document.createElementNS(SVG, "line");
        if (behind) line.setAttribute("class", "behind");
        const l = result.leader;
        line.setAttribute("x1", l.x1);
        line.setAttribute("y1", l.y1);
        line.setAttribute("x2", l.x2);
        line.setAttribute("y2", l.y2);
        this.svg.append(line);
      }
    });
  }

  checkOcclusion() {
    let changed = false;
    for (const item of this.items) {
      const behind = this.scene.occluded(item.label.point, item.label.structure ?? null);
      changed ||= behind !== item.behind;
      item.behind = behind;
    }
    if (changed) this.dirty = true;
  }
}
