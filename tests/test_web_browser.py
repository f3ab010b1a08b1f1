"""The exported lesson page in a real browser: Debian's Chromium, headless, driven by Playwright,
the page opened from file:// with every other request blocked (and recorded).

Skipped with the reason where Chromium or Playwright is absent; CI installs both (``.ci/run``)
and fails instead of skipping. One export (conftest ``web_pages``) and one browser serve every test.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

CHROMIUM = os.environ.get("ANATOMY_VIEWER_CHROMIUM", "/usr/bin/chromium")
# WebGL without a GPU (SwiftShader), and nothing the browser itself would fetch.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
]
VIEWPORT = {"width": 900, "height": 600}
READY_MS = 60_000  # SwiftShader on a busy 2-core machine: building the scene takes a few seconds


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs it, CI must run the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Page:
    """One exported lesson open in a tab; ``left`` lists every request that tried to leave it."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.left: list[str] = []
        self.errors: list[str] = []

        def route(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                self.left.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._seen)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]", state="attached", timeout=READY_MS)
        assert self.page.evaluate("document.body.dataset.ready") == "true", self.errors

    def _seen(self, request) -> None:
        if not request.url.startswith("file://"):
            self.left.append(request.url)

    def wait_until(self, condition: str) -> None:
        """Wait, frame by frame, until the JavaScript ``condition`` holds. (Playwright's own
        wait_for_function evaluates strings, which the page's Content-Security-Policy forbids.)"""
        self.page.evaluate(
            f"""(timeout) => new Promise((resolve, reject) => {{
                const t0 = performance.now();
                const tick = () => {{
                    if ({condition}) resolve(true);
                    else if (performance.now() - t0 > timeout) reject(new Error("timed out"));
                    else requestAnimationFrame(tick);
                }};
                tick();
            }})""",
            READY_MS,
        )

    def settled(self) -> None:
        """Wait until the camera glide and any pivot animation have finished."""
        self.wait_until("!window.anatomyViewer.glide && !window.anatomyViewer.pivot")
        # Two more frames, so the canvas and the labels show the resting state.
        self.page.evaluate(
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def canvas(self) -> np.ndarray:
        from PIL import Image

        png = self.page.locator("#scene").screenshot()
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def step_to(self, number: int) -> None:
        """Go to step ``number`` as the step list does (the buttons and keys have their own test)."""
        self.page.evaluate(f"window.anatomyViewer.go({number - 1})")
        self.settled()

    def click_body_point(self, point) -> None:
        """Click the canvas where a body-frame point (mm) is drawn."""
        box = self.page.locator("#scene").bounding_box()
        at = self.page.evaluate(
            "([p, w, h]) => window.anatomyViewer.scene.project(p, w, h)",
            [list(point), box["width"], box["height"]],
        )
        assert 0 < at["x"] < box["width"] and 0 < at["y"] < box["height"]
        self.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])

    def close(self) -> None:
        assert not self.errors, self.errors
        assert not self.left, f"requests left the file: {self.left}"
        self.context.close()


@pytest.fixture(scope="module")
def tip_page(browser, web_pages):
    page = Page(browser, web_pages / "where_the_tip_goes.html")
    yield page
    page.close()


@pytest.fixture(scope="module")
def pivot_page(browser, web_pages):
    page = Page(browser, web_pages / "the_pivot.html")
    yield page
    page.close()


def test_the_scene_is_drawn_and_next_changes_it_and_the_step_text(tip_page):
    tip_page.settled()
    first = tip_page.canvas()
    # Not blank: the anatomy spreads over many colours, far from the background gradient's.
    colours = len(np.unique(first.reshape(-1, 3) // 8, axis=0))
    assert colours > 200, colours
    assert first.std() > 25
    title = tip_page.text("#step-title")
    tip_page.page.click("#next")
    tip_page.settled()
    assert tip_page.text("#step-title") != title
    steps = tip_page.page.evaluate("window.anatomyViewer.steps.length")
    assert tip_page.text("#progress") == f"2 / {steps}"
    changed = np.abs(tip_page.canvas() - first).sum(axis=2) > 60
    assert changed.mean() > 0.05, changed.mean()  # a different view and scene, not a flicker


def test_arrow_keys_and_page_keys_step_through_the_lesson(tip_page):
    tip_page.page.click("#step-title")  # focus on the page, not on a control
    start = int(tip_page.page.evaluate("document.body.dataset.step"))
    tip_page.page.keyboard.press("ArrowRight")
    tip_page.page.keyboard.press("PageDown")
    assert int(tip_page.page.evaluate("document.body.dataset.step")) == start + 2
    tip_page.page.keyboard.press("PageUp")
    tip_page.page.keyboard.press("ArrowLeft")
    assert int(tip_page.page.evaluate("document.body.dataset.step")) == start
    tip_page.settled()


def test_a_place_the_tip_click_is_judged_against_the_apps_zone_map(tip_page):
    place = tip_page.page.evaluate(
        "window.anatomyViewer.steps.findIndex((s) => s.quiz && s.quiz.kind === 'place')"
    )
    assert place >= 0, "lesson 3 has a place-the-tip quiz"
    tip_page.step_to(place + 1)
    assert "place the tip" in tip_page.text("#hint").lower()
    zones = tip_page.page.evaluate("window.anatomyViewer.data.zone_map")
    midline_x = zones["midline"]["point"][0]
    # The patches' label points are where the window labels each zone: one safe spot on the right
    # (-X) and one on the midline.
    safe = next(p for p in zones["label_points"]["safe"] if p[0] < midline_x)
    midline = zones["label_points"]["midline"][0]

    tip_page.page.click("#quiz-check")
    assert "first" in tip_page.text("#quiz-result")  # nothing placed yet

    tip_page.click_body_point(safe)
    assert tip_page.text("#readout").startswith("SAFE")
    tip_page.page.click("#quiz-check")
    assert tip_page.page.get_attribute("#quiz-result", "data-correct") == "true"
    assert "Right." in tip_page.text("#quiz-result")

    tip_page.click_body_point(midline)
    assert tip_page.text("#readout").startswith("DANGER")
    assert "midline" in tip_page.text("#readout").lower()
    tip_page.page.click("#quiz-check")
    assert tip_page.page.get_attribute("#quiz-result", "data-correct") == "false"
    assert "Not quite." in tip_page.text("#quiz-result")


def test_a_multiple_choice_answer_is_judged(pivot_page):
    # The lesson's multiple-choice step, wherever it is (steps may be added before it).
    kinds = pivot_page.page.evaluate("window.anatomyViewer.steps.map((s) => s.quiz?.kind ?? null)")
    number = kinds.index("choice") + 1
    pivot_page.step_to(number)
    quiz = pivot_page.page.evaluate(f"window.anatomyViewer.steps[{number - 1}].quiz")
    wrong = next(i for i in range(len(quiz["choices"])) if i != quiz["answer"])
    pivot_page.page.click("#quiz-check")
    assert "Choose an answer first" in pivot_page.text("#quiz-result")
    pivot_page.page.check(f"input[name=choice][value='{wrong}']")
    pivot_page.page.click("#quiz-check")
    assert pivot_page.page.get_attribute("#quiz-result", "data-correct") == "false"
    pivot_page.page.check(f"input[name=choice][value='{quiz['answer']}']")
    pivot_page.page.click("#quiz-check")
    assert pivot_page.page.get_attribute("#quiz-result", "data-correct") == "true"
    assert "30-90 seconds" in pivot_page.text("#quiz-result")


def test_a_pivot_step_animates_the_tool_and_its_readout_from_psoas_to_iliacus(pivot_page):
    pivot_page.page.evaluate("window.anatomyViewer.go(3)")  # step 4: pivot_deg -20 -> 25
    pivot_page.wait_until("!window.anatomyViewer.glide")
    frames = pivot_page.page.evaluate("window.anatomyViewer.steps[3].tool.frames")
    assert "psoas" in frames[0]["lines"][0].lower()
    pivot_page.settled()
    assert pivot_page.text("#readout").splitlines()[0] == frames[-1]["lines"][0]
    assert "iliacus" in pivot_page.text("#readout").lower()
    matrix = "window.anatomyViewer.scene.hook.matrix.elements.join(',')"
    rested = pivot_page.page.evaluate(matrix)
    # Every readout the animation shows, as it shows them.
    pivot_page.page.evaluate(
        """() => { window.seenReadouts = [];
            new MutationObserver(() => window.seenReadouts.push(
                document.querySelector('#readout .headline')?.textContent))
            .observe(document.getElementById('readout'), {childList: true}); }"""
    )
    pivot_page.page.click("#pivot-replay")
    pivot_page.wait_until("window.anatomyViewer.pivot && window.anatomyViewer.pivot.frame > 5")
    assert pivot_page.page.evaluate(matrix) != rested  # the hook turned
    pivot_page.settled()
    seen = pivot_page.page.evaluate("window.seenReadouts")
    assert "psoas" in seen[0].lower() and "iliacus" in seen[-1].lower(), seen
    assert len(seen) >= 5
    pivot_page.settled()


def test_labels_never_overlap_and_stay_inside_the_view(tip_page):
    tip_page.page.evaluate("window.anatomyViewer.go(0)")
    tip_page.settled()
    boxes = tip_page.page.evaluate(
        """() => {
            const view = document.getElementById('view').getBoundingClientRect();
            return [...document.querySelectorAll('#labels .label')].filter(n => !n.hidden)
                .map(n => { const r = n.getBoundingClientRect();
                    return [r.left - view.left, r.top - view.top, r.width, r.height,
                            view.width, view.height]; });
        }"""
    )
    asked = tip_page.page.evaluate(
        "window.anatomyViewer.steps[0].labels.filter(l => l.priority === 3)"
    )
    assert len(boxes) >= len(asked)
    for i, (x, y, w, h, width, height) in enumerate(boxes):
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
        for x2, y2, w2, h2, *_ in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_dragging_turns_the_view_and_the_wheel_zooms(tip_page):
    tip_page.settled()
    pose = "window.anatomyViewer.scene.pose()"
    before = tip_page.page.evaluate(pose)
    box = tip_page.page.locator("#scene").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tip_page.page.mouse.move(x, y)
    tip_page.page.mouse.down()
    tip_page.page.mouse.move(x + 120, y + 40, steps=6)
    tip_page.page.mouse.up()
    tip_page.page.evaluate(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    turned = tip_page.page.evaluate(pose)
    assert np.linalg.norm(np.subtract(turned["position"], before["position"])) > 20
    distance = np.linalg.norm(np.subtract(turned["position"], turned["focalPoint"]))
    tip_page.page.mouse.wheel(0, -400)
    tip_page.page.evaluate(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    zoomed = tip_page.page.evaluate(pose)
    assert np.linalg.norm(np.subtract(zoomed["position"], zoomed["focalPoint"])) < distance


# --- sections: a step's cut clips the scene, fills its cut faces and says which cut it is ----------
SECTION_LESSON = Path(__file__).parent / "lessons_section" / "sections.toml"
BACKGROUND_ROW_SPREAD = 12  # the view's background is a vertical gradient: each row one colour


@pytest.fixture(scope="module")
def section_page(browser, mesh_dir, tmp_path_factory):
    from anatomy_viewer.cli import main

    path = tmp_path_factory.mktemp("section") / "sections.html"
    argv = ["export-web", "--lesson", str(SECTION_LESSON), "-o", str(path)]
    assert main([*argv, "--mesh-dir", str(mesh_dir)]) == 0
    page = Page(browser, path)
    yield page
    page.close()


def section_state(page: Page) -> dict:
    return page.page.evaluate("window.anatomyViewer.scene.section.state()")


def cut_caption(page: Page, number: int, frame: int = 0) -> str:
    return page.page.evaluate(
        f"window.anatomyViewer.steps[{number - 1}].section.cuts[{frame}].caption"
    )


def highest_kept_row(page: Page, z_mm: float) -> float:
    """The highest canvas row anything at or below ``z_mm`` can be drawn on: the top of the plane's
    box over every structure's extent (nothing below the plane projects above it)."""
    return page.page.evaluate(
        """(z) => {
            const v = window.anatomyViewer;
            const r = v.scene.renderer.domElement.getBoundingClientRect();
            let top = Infinity;
            for (const s of v.data.structures) {
                const m = s.mesh;
                for (const x of [m.origin[0], m.origin[0] + m.scale[0] * 65535])
                    for (const y of [m.origin[1], m.origin[1] + m.scale[1] * 65535])
                        top = Math.min(top, v.scene.project([x, y, z], r.width, r.height).y);
            }
            return top;
        }""",
        z_mm,
    )


def row_spread(pixels: np.ndarray) -> np.ndarray:
    """Per row, how far its pixels stray from the row's median colour."""
    return np.abs(pixels - np.median(pixels, axis=1, keepdims=True)).max(axis=(1, 2))


def test_an_axial_section_removes_the_part_above_and_the_caption_says_so(section_page):
    page = section_page
    page.step_to(2)  # the same view and anatomy, uncut
    assert section_state(page)["planes"] == 0 and section_state(page)["clipped"] == 0
    assert page.page.locator("#section-caption").is_hidden()
    whole = page.canvas()
    page.step_to(1)
    state = section_state(page)
    assert state["plane"] == "axial" and state["planes"] == 1 and state["clipped"] > 0
    iliopsoas = {"psoas_major_right", "psoas_major_left", "iliacus_right", "iliacus_left"}
    assert iliopsoas <= set(state["faces"])
    caption = cut_caption(page, 1)
    assert caption.startswith("Section: axial at Z = ") and state["caption"] == caption
    assert " ".join(page.text("#section-caption").split()) == " ".join(caption.split())
    cut = page.canvas()
    z_mm = page.page.evaluate("window.anatomyViewer.steps[0].section.cuts[0].origin[2]")
    top = int(highest_kept_row(page, z_mm)) - 3
    assert top > 0.15 * cut.shape[0]  # the spine above the cut fills a good part of the view
    assert row_spread(cut[:top]).max() <= BACKGROUND_ROW_SPREAD  # only background above the cut
    assert row_spread(whole[:top]).max() > 100  # where the uncut step draws the lumbar spine


def test_a_cut_seen_from_above_shows_its_filled_faces(section_page):
    page = section_page
    page.step_to(4)
    state = section_state(page)
    assert state["plane"] == "axial" and "iliacus_right" in state["faces"]
    # The middle of the right iliacus' cut face, drawn in the muscle's colour (lit, so darker or
    # lighter, but a red-brown, not the grey-blue background or a bone's ivory).
    centre = page.page.evaluate(
        """() => {
            const v = window.anatomyViewer;
            const cap = v.steps[3].section.cuts[0].caps.find((c) => c.id === "iliacus_right");
            const group = [...v.scene.section.built.values()].find((g) => g.visible);
            const face = group.children.find((c) => c.isMesh && c.userData.structure === cap.id);
            face.geometry.computeBoundingBox();
            const p = face.geometry.boundingBox.getCenter(face.position.clone());
            const r = v.scene.renderer.domElement.getBoundingClientRect();
            return v.scene.project(p.toArray(), r.width, r.height);
        }"""
    )
    pixels = page.canvas()
    y, x = int(centre["y"]), int(centre["x"])
    red, green, blue = pixels[y - 1 : y + 2, x - 1 : x + 2].reshape(-1, 3).mean(axis=0)
    assert red > green + 20 and red > blue + 20, (red, green, blue)


def test_a_press_line_cut_turns_with_the_hook_and_its_caption_follows(section_page):
    page = section_page
    page.step_to(3)  # waits for the pivot to end
    state = section_state(page)
    assert state["plane"] == "press-line" and state["planes"] == 2  # the plane and its slab's back
    frames = page.page.evaluate("window.anatomyViewer.steps[2].tool.frames.length")
    last = cut_caption(page, 3, frames - 1)
    assert "pivot +25°" in last and state["caption"] == last
    assert " ".join(page.text("#section-caption").split()) == " ".join(last.split())


def test_the_shipped_press_line_step_is_cut_and_the_step_before_is_whole(pivot_page):
    steps = pivot_page.page.evaluate("window.anatomyViewer.steps.map((s) => Boolean(s.section))")
    number = steps.index(True) + 1
    pivot_page.step_to(number)
    state = section_state(pivot_page)
    assert state["plane"] == "press-line" and state["clipped"] > 0
    assert "iliacus_right" in state["faces"]
    assert pivot_page.page.locator("#section-caption").is_visible()
    assert "Section: through the press line" in pivot_page.text("#section-caption")
    cut = pivot_page.canvas()
    pivot_page.step_to(number - 1)  # no section: nothing clipped, no caption
    state = section_state(pivot_page)
    assert state["plane"] is None and state["planes"] == 0 and state["clipped"] == 0
    assert not state["faces"] and pivot_page.page.locator("#section-caption").is_hidden()
    assert (np.abs(pivot_page.canvas() - cut).sum(axis=2) > 60).mean() > 0.05
