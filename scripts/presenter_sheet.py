"""A contact sheet of every shipped lesson step as presenter mode shows it (issue 13), from the real
window under a virtual screen:

    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/presenter_sheet.py [--mesh-dir DIR] \\
        [--out DIR] [--lessons ID,ID]

Presents each lesson (F5's full screen, the projector theme, the caption band), steps through it
and grabs the screen after each step has settled; writes one picture per step and
``presenter-sheet.png`` (every step, scaled, with its lesson and step). Look at it.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QSettings, QTimer

from anatomy_viewer.core.anatomy.catalogue import load_catalogue
from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.anatomy.meshes import load_structures
from anatomy_viewer.qt.window.app import make_application
from anatomy_viewer.qt.window.main_window import MainWindow

TILE_WIDTH = 480
COLUMNS = 5


def settle(app, window) -> None:
    for _ in range(20):
        app.processEvents()
    window.lessons.glide.finish()
    for _ in range(20):
        app.processEvents()
    window.scene.backdrop.end()
    window.view.render()


def sheet(shots: list[tuple[str, Path]], out: Path) -> None:
    tiles = [Image.open(path).convert("RGB") for _, path in shots]
    height = round(tiles[0].height * TILE_WIDTH / tiles[0].width)
    rows = -(-len(tiles) // COLUMNS)
    picture = Image.new("RGB", (COLUMNS * TILE_WIDTH, rows * (height + 24)), "#222222")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=17)
    for k, ((title, _), tile) in enumerate(zip(shots, tiles, strict=True)):
        x, y = (k % COLUMNS) * TILE_WIDTH, (k // COLUMNS) * (height + 24)
        picture.paste(tile.resize((TILE_WIDTH, height)), (x, y + 24))
        draw.text((x + 6, y + 3), title, fill="#f2f2f2", font=font)
    picture.save(out)
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir")
    parser.add_argument("--out", type=Path, default=Path("presenter-sheet"))
    parser.add_argument("--lessons", help="lesson ids, comma-separated (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    app = make_application()
    catalogue = load_catalogue()
    loaded = load_structures(catalogue, resolve_mesh_folder(args.mesh_dir))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, loaded.meshes, settings=settings)
    window.resize(1280, 860)
    window.show()
    shots: list[tuple[str, Path]] = []

    def shoot() -> None:
        try:
            wanted = args.lessons.split(",") if args.lessons else None
            for lesson in window.lessons.lessons:
                if wanted is not None and lesson.id not in wanted:
                    continue
                window.open_lesson_by_id(lesson.id)
                window.presenter.start()
                for index in range(len(lesson.steps)):
                    window.lessons.player.go_to(index)
                    settle(app, window)
                    path = args.out / f"{lesson.id}-{index + 1:02d}.png"
                    window.screen().grabWindow(0).save(str(path))
                    shots.append((f"{lesson.id} {index + 1}", path))
                window.presenter.stop()
                settle(app, window)
            sheet(shots, args.out / "presenter-sheet.png")
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
