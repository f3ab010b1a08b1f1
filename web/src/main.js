// The lesson page: reads the lesson's data from the page itself (no request of any kind), builds
// the 3D scene and the step panel, and steps through the lesson as the app's lesson player does.
//
//   <script id="lesson-data"> --JSON--> LessonScene (scene.js) + LessonPage (this file)
//   Previous / Next / arrow keys / PageUp / PageDown / the step list --> go(index)
//       --> scene.applyStep, camera glide (camera.js), labels (labels_view.js), readout, quiz,
//           the section's caption (section.js: the step's cut, which turns with a pivoting hook)

import { easeInOutCubic, interpolatePose, stepPose } from "./camera.js";
import { LabelsView } from "./labels_view.js";
import { LessonScene } from "./scene.js";
import { judgeChoice, judgePlace, ZoneGrid } from "./zonemap.js";

const FORMAT_VERSION = 1;
const CLICK_SLOP_PX = 6; // a press that moves less than this is a click (place the tip), not a turn
const HOLD_TICK_MS = 250;
const MARKER_CLEAR_PX = 14; // half the square around a placed tip that labels keep clear of

const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

// The text is the app's own safe HTML (core/lessons/text.py: escaped, only http/https links);
// links open in a new tab and send no referrer.
function setHtml(node, html) {
  node.innerHTML = html;
  for (const link of node.querySelectorAll("a")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
}

class LessonPage {
  constructor(data) {
    if (data.format !== FORMAT_VERSION) {
      throw new Error(`page data format ${data.format}, this viewer reads ${FORMAT_VERSION}`);
    }
    this.data = data;
    this.steps = data.steps;
    this.index = -1;
    this.answers = new Map();
    this.view = $("view");
    this.grid = new ZoneGrid(data.zone_map);
    this.scene = new LessonScene($("scene"), data, this.grid);
    this.scene.section.onCaption = (text) => this.showSectionCaption(text);
    this.labels = new LabelsView($("labels"), $("leaders"), this.scene, () => this.obstacles());
    this.glide = null;
    this.pivot = null;
    this.hold = null;
    this.placed = null;
    this.fillStatic();
    this.bindInput();
    new ResizeObserver(() => this.resize()).observe(this.view);
    this.resize();
    this.go(0, false);
    requestAnimationFrame((t) => this.frame(t));
  }

  // --- the parts that never change ---------------------------------------------------------------
  fillStatic() {
    const { lesson } = this.data;
    $("lesson-title").textContent = lesson.title;
    $("audience").textContent = lesson.audience;
    setHtml($("summary"), lesson.summary_html);
    const sources = $("sources-list");
    for (const html of lesson.sources_html) {
      const item = element("li");
      setHtml(item, html);
      sources.append(item);
    }
    const list = $("steps");
    this.steps.forEach((step, index) => {
      const button = element("button", { type: "button", "data-index": String(index) });
      button.append(element("span", { class: "number" }, `${step.number}`), ` ${step.title}`);
      button.addEventListener("click", () => this.go(index));
      const item = element("li");
      item.append(button);
      list.append(item);
    });
  }

  bindInput() {
    $("next").addEventListener("click", () => this.go(this.index + 1));
    $("previous").addEventListener("click", () => this.go(this.index - 1));
    document.addEventListener("keydown", (event) => this.onKey(event));
    const canvas = $("scene");
    let down = null;
    canvas.addEventListener("pointerdown", (event) => {
      down = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener("pointerup", (event) => {
      if (down && Math.hypot(event.clientX - down.x, event.clientY - down.y) < CLICK_SLOP_PX) {
        this.onClick(event);
      }
      down = null;
    });
  }

  onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    // Radio buttons and text fields keep their own arrow keys.
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    const moves = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in moves) {
      event.preventDefault();
      this.go(this.index + moves[event.key]);
    } else if (event.key === "Home") {
      this.go(0);
    } else if (event.key === "End") {
      this.go(this.steps.length - 1);
    }
  }

  // --- stepping ----------------------------------------------------------------------------------
  go(index, glide = true) {
    if (index < 0 || index >= this.steps.length || index === this.index) return;
    const first = this.index < 0;
    this.index = index;
    const step = this.steps[index];
    this.stopHold();
    this.placed = null;
    this.scene.applyStep(step);
    const end = this.stepPose(step);
    if (first || !glide) {
      this.scene.setPose(end);
      this.glide = null;
    } else {
      this.glide = { start: this.scene.pose(), end, t0: performance.now() };
    }
    this.pivot = step.tool && step.tool.frames.length > 1 ? { t0: null, frame: 0 } : null;
    this.showStepText(step);
    this.showReadout(step.tool ? step.tool.frames[0].lines : null, step.tool?.frames[0].verdict);
    this.showLegend(step.legend);
    this.labels.setLabels(step.labels);
    this.showQuiz(step);
    this.showHold(step);
    this.showPivot(step);
    document.body.dataset.step = String(step.number);
  }

  stepPose(step) {
    const rect = this.view.getBoundingClientRect();
    const aspect = rect.width / Math.max(rect.height, 1) || 4 / 3;
    const d = this.data;
    return stepPose(step.camera, d.focus_bounds, aspect, d.views, d.view_angle_deg);
  }

  showStepText(step) {
    $("step-title").textContent = step.title;
    setHtml($("step-text"), step.text_html);
    $("progress").textContent = `${this.index + 1} / ${this.steps.length}`;
    // Which wall this step's zones and readouts assume (a step may name its own thickness).
    $("wall-assumed").textContent = `Zones and readouts assume the ${step.wall_words}.`;
    $("panel-scroll").scrollTop = 0;
    $("previous").disabled = this.index === 0;
    $("next").disabled = this.index === this.steps.length - 1;
    for (const button of $("steps").querySelectorAll("button")) {
      const current = Number(button.dataset.index) === this.index;
      button.classList.toggle("current", current);
      if (current) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    }
  }

  // Which cut the view shows, in the step's text, as every picture of a section says it: a cut must
  // never be read for the whole.
  showSectionCaption(text) {
    const box = $("section-caption");
    box.hidden = !text;
    box.textContent = text;
    document.body.dataset.section = this.scene.section.active ? this.scene.section.section.plane : "";
  }

  showReadout(lines, verdict) {
    const box = $("readout");
    box.replaceChildren();
    if (!lines) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.dataset.verdict = verdict;
    lines.forEach((line, i) => box.append(element("div", { class: i === 0 ? "headline" : "" }, line)));
  }

  showLegend(entries) {
    const box = $("legend");
    box.replaceChildren();
    box.hidden = entries.length === 0;
    for (const entry of entries) {
      const row = element("div", { class: "entry" });
      row.append(element("span", { class: `swatch ${entry.kind}` }), element("span", {}, entry.text));
      box.append(row);
    }
  }

  // --- quizzes -----------------------------------------------------------------------------------
  showQuiz(step) {
    const box = $("quiz");
    box.replaceChildren();
    const quiz = step.quiz;
    box.hidden = !quiz;
    $("hint").hidden = !(quiz && quiz.kind === "place");
    if (!quiz) return;
    const question = element("div", { class: "question" });
    setHtml(question, quiz.question_html);
    box.append(question);
    const result = element("div", { class: "result", id: "quiz-result", role: "status" });
    if (quiz.kind === "choice") {
      const form = element("form", { class: "choices" });
      quiz.choices.forEach((choice, i) => {
        const label = element("label");
        const input = element("input", { type: "radio", name: "choice", value: String(i) });
        label.append(input, ` ${choice}`);
        form.append(label);
      });
      const check = element("button", { type: "submit", id: "quiz-check" }, "Check answer");
      form.append(check);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const chosen = form.querySelector("input:checked");
        if (!chosen) {
          result.textContent = "Choose an answer first.";
          return;
        }
        this.showResult(result, judgeChoice(quiz, Number(chosen.value)).correct, quiz);
      });
      box.append(form);
    } else {
      $("hint").textContent = `Click or tap the body wall to place the tip (${quiz.side} side).`;
      const check = element("button", { type: "button", id: "quiz-check" }, "Check my tip placement");
      check.addEventListener("click", () => this.checkPlacement(result, quiz));
      box.append(check);
    }
    box.append(result);
  }

  showResult(node, correct, quiz) {
    node.replaceChildren();
    node.dataset.correct = String(correct);
    node.append(element("b", { class: correct ? "right" : "wrong" }, correct ? "✓ Right." : "✗ Not quite."));
    const explanation = element("div");
    setHtml(explanation, quiz.explanation_html);
    node.append(explanation);
  }

  onClick(event) {
    const step = this.steps[this.index];
    if (step.quiz?.kind !== "place") return;
    const rect = $("scene").getBoundingClientRect();
    const point = this.scene.pickWall(
      event.clientX - rect.left,
      event.clientY - rect.top,
      rect.width,
      rect.height,
    );
    if (!point) return;
    this.placed = point;
    const words = this.grid.wordsAt(point[0], point[2]);
    this.scene.showMarker(point, words?.verdict);
    this.showReadout(this.placementLines(words), words?.verdict ?? "caution");
    this.labels.dirty = true;
    $("quiz-result").textContent = "";
  }

  placementLines(words) {
    if (!words) return ["Off the body wall: place the tip on the wall"];
    const zone = this.data.zone_map.words;
    const target = words.target
      ? this.data.zone_map.target_words[words.target] ?? words.target
      : "no hip flexor reached";
    const out = [`${words.verdict.toUpperCase()}: ${target}`];
    for (const code of words.codes.filter((c) => c !== "safe")) out.push(zone[code] ?? code);
    if (words.verdict !== "safe" && words.first in this.data.short_warnings) {
      out.push(this.data.short_warnings[words.first]);
    }
    out.push(`judged on the app's zone map, pressing straight back (${this.data.zone_map.pivot_deg} deg)`);
    return out;
  }

  checkPlacement(node, quiz) {
    if (!this.placed) {
      node.textContent = "Place the tip on the body wall in the 3D view first, then check.";
      return;
    }
    const midline = this.data.zone_map.midline;
    const verdict = judgePlace(quiz, this.grid, midline, this.placed[0], this.placed[2]);
    if (verdict.status === "other_side") {
      node.textContent = `Your tip is on the other side of the body; this quiz asks for the ${quiz.side} side.`;
      return;
    }
    if (verdict.status === "off_wall") {
      node.textContent = "Place the tip on the body wall first.";
      return;
    }
    this.showResult(node, verdict.correct, quiz);
  }

  // --- the pivot of a pivot_to_deg step -----------------------------------------------------------
  showPivot(step) {
    const box = $("pivot");
    box.replaceChildren();
    const frames = step.tool?.frames ?? [];
    box.hidden = frames.length < 2;
    if (box.hidden) return;
    const first = frames[0].pivot_deg;
    const last = frames[frames.length - 1].pivot_deg;
    const button = element("button", { type: "button", id: "pivot-replay" }, "Replay the pivot");
    button.addEventListener("click", () => {
      this.scene.setToolFrame(frames[0]);
      this.showReadout(frames[0].lines, frames[0].verdict);
      this.pivot = { t0: null, frame: 0 };
    });
    box.append(element("span", {}, `Pivot from ${first} to ${last} deg. `), button);
  }

  // --- the hold countdown (hold_s) ---------------------------------------------------------------
  showHold(step) {
    const box = $("hold");
    box.replaceChildren();
    box.hidden = !step.hold_s;
    if (!step.hold_s) return;
    const time = element("span", { class: "time" }, `${step.hold_s} s`);
    const button = element("button", { type: "button" }, `Start the ${step.hold_s} s hold`);
    button.addEventListener("click", () => {
      this.stopHold();
      const t0 = performance.now();
      const tick = () => {
        const left = Math.max(0, step.hold_s - (performance.now() - t0) / 1000);
        time.textContent = left > 0 ? `${Math.ceil(left)} s` : "done: release slowly";
        if (left <= 0) this.stopHold();
      };
      tick();
      this.hold = setInterval(tick, HOLD_TICK_MS);
    });
    box.append(element("span", {}, "Hold: "), time, button);
  }

  stopHold() {
    if (this.hold !== null) clearInterval(this.hold);
    this.hold = null;
  }

  // --- frames ------------------------------------------------------------------------------------
  obstacles() {
    const view = this.view.getBoundingClientRect();
    const boxes = ["readout", "legend", "view-attribution", "hint"]
      .map((id) => $(id))
      .filter((node) => node && !node.hidden)
      .map((node) => {
        const r = node.getBoundingClientRect();
        return { x: r.left - view.left, y: r.top - view.top, w: r.width, h: r.height };
      });
    if (this.placed) {
      // The learner's tip stays in sight: no label is put over it.
      const at = this.scene.project(this.placed, view.width, view.height);
      boxes.push({ x: at.x - MARKER_CLEAR_PX, y: at.y - MARKER_CLEAR_PX, w: 2 * MARKER_CLEAR_PX, h: 2 * MARKER_CLEAR_PX });
    }
    return boxes;
  }

  resize() {
    const rect = this.view.getBoundingClientRect();
    this.scene.resize(rect.width, rect.height);
    this.labels.dirty = true;
    this.labels.measure = true;
  }

  frame(now) {
    if (this.glide) {
      const t = (now - this.glide.t0) / this.data.glide_ms;
      this.scene.setPose(interpolatePose(this.glide.start, this.glide.end, easeInOutCubic(t)));
      if (t >= 1) this.glide = null;
    }
    if (this.pivot && !this.glide) this.advancePivot(now);
    this.scene.render();
    this.labels.update();
    requestAnimationFrame((t) => this.frame(t));
  }

  // The pivot of a pivot_to_deg step, after the glide, at the window's sweep speed.
  advancePivot(now) {
    const tool = this.steps[this.index].tool;
    if (this.pivot.t0 === null) this.pivot.t0 = now;
    const t = Math.min(1, (now - this.pivot.t0) / 1000 / tool.duration_s);
    const frame = Math.round(t * (tool.frames.length - 1));
    if (frame !== this.pivot.frame) {
      this.pivot.frame = frame;
      const keyframe = tool.frames[frame];
      this.scene.setToolFrame(keyframe);
      this.showReadout(keyframe.lines, keyframe.verdict);
    }
    if (t >= 1) this.pivot = null;
  }
}

function start() {
  const source = $("lesson-data");
  try {
    const page = new LessonPage(JSON.parse(source.textContent));
    window.anatomyViewer = page; // for the browser tests and the curious: the page's state
    document.body.dataset.ready = "true";
  } catch (error) {
    $("failure").hidden = false;
    $("failure").textContent = `This lesson page could not start: ${error.message}`;
    document.body.dataset.ready = "failed";
    throw error;
  }
}

start();
