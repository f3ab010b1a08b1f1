"""Regenerate the README's pictures on the real meshes, from the real window (needs an X server):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/make_readme_images.py --mesh-dir ../shared/bp3d

- ``docs/window.png``: the main window with the hip hook placed just inside the right ASIS, pivoted
  onto the iliacus, the zones shown and the Hip hook panel raised.
- ``docs/pivot-sweep.png``: the 3D view at four pivot angles of the sweep, from over-turned onto the
  artery (-35 deg) through the psoas (-20 deg) to the iliacus (0 and +25 deg).

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


def pivot_strip(app, window, out: Path) -> None:
    column = window.tool.dock
    window.resizeDocks([column], [window.width() - STRIP_VIEW_WIDTH], Qt.Orientation.Horizontal)
    settle(app, window)
    window.show_view(STRIP_VIEW)
    frames = []
    for pivot in STRIP_PIVOTS_DEG:
        window.tool.session.set_pivot(pivot)
        settle(app, window)
        image = view_image(window)
        scale = STRIP_FRAME_WIDTH / image.width
        frames.append(image.resize((STRIP_FRAME_WIDTH, round(image.height * scale))))
    height = max(f.height for f in frames)
    strip = Image.new("RGB", (STRIP_FRAME_WIDTH * len(frames), height + 34), "#1e2530")
    draw = ImageDraw.Draw(strip)
    font = ImageFont.load_default(size=20)
    for k, (pivot, image) in enumerate(zip(STRIP_PIVOTS_DEG, frames, strict=True)):
        strip.paste(image, (k * STRIP_FRAME_WIDTH, 34))
        draw.text(
            (k * STRIP_FRAME_WIDTH + 12, 6), f"pivot {pivot:+.0f} deg", fill="#f2f2f2", font=font
        )
    strip.save(out)
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the pictures")
    args = parser.parse_args()

    app = make_application()
    catalogue = load_catalogue()
    loaded = load_structures(catalogue, resolve_mesh_folder(args.mesh_dir))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(START_DONE_KEY, True)  # a returning user's window: no start card
    window = MainWindow(catalogue, loaded.meshes, settings=settings)
    window.resize(*WINDOW_SIZE)
    window.show()

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
            window.grab().save(str(args.out / "window.png"))
            print(f"wrote {args.out / 'window.png'}")
            window.state.set_zone_layers(set())  # the strip: the hook and the anatomy only
            pivot_strip(app, window, args.out / "pivot-sweep.png")
            assert np.asarray(Image.open(args.out / "window.png")).std() > 10  # not blank
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
