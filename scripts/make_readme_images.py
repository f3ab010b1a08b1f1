"""Regenerate the README's pictures on the real meshes, from the real window (needs an X server):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/make_readme_images.py --mesh-dir ../shared/bp3d

- ``docs/window.png``: the main window with the hip hook placed just inside the right ASIS, pivoted
  onto the iliacus, the zones shown and the Hip hook panel raised.
- ``docs/pivot-sweep.png``: the 3D view at four pivot angles of the sweep, from over-turned onto the
  artery (-35 deg) through the psoas (-20 deg) to the iliacus (0 and +25 deg).
- ``docs/sections.png``: three cuts, each faced straight on: axial at the level of the measured right
  ASIS, sagittal through the hook's tip, and along the press line with the tip pivoted onto the
  iliacus (+25 deg).

``--only NAME`` writes one of them (window, pivot-sweep, sections).

Look at both before committing them.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QSettings, Qt, QTimer

from anatomy_viewer.core.anatomy.catalogue import load_catalogue
from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.anatomy.meshes import load_structures
from anatomy_viewer.qt.window.app import make_application
from anatomy_viewer.qt.window.main_window import MainWindow
from anatomy_viewer.qt.window.start_controller import START_DONE_KEY
from anatomy_viewer.render.pictures.export import ExportOptions, render_image

DOCS = Path(__file__).resolve().parents[1] / "docs"
WINDOW_SIZE = (1500, 920)
WINDOW_PIVOT_DEG = 10.0
STRIP_PIVOTS_DEG = (-35.0, -20.0, 0.0, 25.0)
STRIP_VIEW = "oblique"  # the lessons' view of the pivot: the handle's swing reads in depth
STRIP_FRAME_WIDTH = 520  # each frame of the strip is scaled to this width
# The strip's frames are portrait: the 3D view is narrowed to about this width for them (the window
# gives it most of its width now, qt/window/room.py), so four frames side by side stay legible.
STRIP_VIEW_WIDTH = 680


def settle(app, window) -> None:
    """Everything the window asked for drawn: pending events, then one full frame."""
    for _ in range(5):
        app.processEvents()
    window.scene.backdrop.end()  # no reused picture: a full frame of exactly this state
    window.view.render()


def view_image(window) -> Image.Image:
    return Image.fromarray(window.view.screenshot(None, return_img=True))


def narrow_view(app, window) -> None:
    """The view STRIP_VIEW_WIDTH wide, so the strips' frames are portrait."""
    column = window.tool.dock
    window.resizeDocks([column], [window.width() - STRIP_VIEW_WIDTH], Qt.Orientation.Horizontal)
    settle(app, window)


def save_strip(frames: list[Image.Image], labels: list[str], out: Path, font_px: int) -> None:
    """The frames side by side, each scaled to STRIP_FRAME_WIDTH, with its label above it."""
    frames = [
        f.resize((STRIP_FRAME_WIDTH, round(f.height * STRIP_FRAME_WIDTH / f.width))) for f in frames
    ]
    height = max(f.height for f in frames)
    strip = Image.new("RGB", (STRIP_FRAME_WIDTH * len(frames), height + 34), "#1e2530")
    draw = ImageDraw.Draw(strip)
    font = ImageFont.load_default(size=font_px)
    for k, (label, image) in enumerate(zip(labels, frames, strict=True)):
        strip.paste(image, (k * STRIP_FRAME_WIDTH, 34))
        draw.text((k * STRIP_FRAME_WIDTH + 12, 6), label, fill="#f2f2f2", font=font)
    strip.save(out)
    print(f"wrote {out}")


def pivot_strip(app, window, out: Path) -> None:
    narrow_view(app, window)
    window.show_view(STRIP_VIEW)
    frames = []
    for pivot in STRIP_PIVOTS_DEG:
        window.tool.session.set_pivot(pivot)
        settle(app, window)
        frames.append(view_image(window))
    save_strip(frames, [f"pivot {p:+.0f} deg" for p in STRIP_PIVOTS_DEG], out, 20)


SECTION_PIVOT_DEG = 25.0  # lesson 4's pivot onto the iliacus


def section_strip(app, window, out: Path) -> None:
    """Axial at the ASIS, sagittal through the tip, along the press line: where the layers lie."""
    window.state.set_zone_layers(set())
    tool = window.tool.session
    tool.place_default("right")
    tool.set_visible(True)
    tool.set_pivot(SECTION_PIVOT_DEG)
    asis = tool.checker.landmarks["asis_right"]
    cuts = (
        ("axial", round(float(asis[2])), "axial, at the level of the ASIS"),
        ("sagittal", round(tool.x_mm), "sagittal, through the tip"),
        ("press-line", None, f"along the press line, pivot {SECTION_PIVOT_DEG:+.0f} deg"),
    )
    # The cuts themselves: the depth diagram (a picture of the same line) would cover them here.
    window.tool.depth_in_view.setChecked(False)
    narrow_view(app, window)
    frames = []
    width, height = window.view.window_size
    for plane, position, _ in cuts:
        window.section.choose(plane)
        if position is not None:
            window.section.session.move_to(position, moving=False)
        window.section.face_the_cut()
        window.lessons.glide.finish()
        settle(app, window)
        # As File > Export image draws it: the cut faces filled, no drag frame.
        frames.append(Image.fromarray(render_image(window.scene, ExportOptions((width, height)))))
    window.section.choose(None)
    window.tool.depth_in_view.setChecked(True)
    save_strip(frames, [words for *_, words in cuts], out, 18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the pictures")
    parser.add_argument("--only", choices=("window", "pivot-sweep", "sections"), help="one picture")
    args = parser.parse_args()

    app = make_application()
    catalogue = load_catalogue()
    loaded = load_structures(catalogue, resolve_mesh_folder(args.mesh_dir))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(START_DONE_KEY, True)  # a returning user's window: no start card
    window = MainWindow(catalogue, loaded.meshes, settings=settings)
    window.resize(*WINDOW_SIZE)
    window.show()

    def wanted(name: str) -> bool:
        return args.only in (None, name)

    def shoot() -> None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            window.show_view("anterior")
            window.state.set_zone_layers({"landmarks", "safe", "danger", "legend"})
            tool = window.tool
            tool.session.place_default("right")
            tool.session.set_visible(True)
            tool.session.set_pivot(WINDOW_PIVOT_DEG)
            tool.dock.raise_()
            settle(app, window)
            if wanted("window"):
                window.grab().save(str(args.out / "window.png"))
                print(f"wrote {args.out / 'window.png'}")
                assert np.asarray(Image.open(args.out / "window.png")).std() > 10  # not blank
            window.state.set_zone_layers(set())  # the strip: the hook and the anatomy only
            if wanted("pivot-sweep"):
                pivot_strip(app, window, args.out / "pivot-sweep.png")
            if wanted("sections"):
                section_strip(app, window, args.out / "sections.png")
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
