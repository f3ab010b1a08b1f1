"""Regenerate the README's screenshot of the main window (docs/window.png) on the real meshes.

Needs an X server (the window is real):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/make_readme_images.py --mesh-dir ../shared/bp3d
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from anatomy_viewer.core.catalogue import load_catalogue
from anatomy_viewer.core.mesh_sources import resolve_mesh_folder
from anatomy_viewer.core.meshes import load_structures
from anatomy_viewer.qt.app import make_application
from anatomy_viewer.qt.main_window import MainWindow

OUT = Path(__file__).resolve().parents[1] / "docs" / "window.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-dir")
    parser.add_argument("--lesson", default="where_the_tip_goes")
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()

    app = make_application()
    catalogue = load_catalogue()
    loaded = load_structures(catalogue, resolve_mesh_folder(args.mesh_dir))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, loaded.meshes, settings=settings)
    window.resize(1500, 920)
    window.show()
    window.open_lesson_by_id(args.lesson)
    window.lessons.player.go_to(args.step - 1)

    def shoot() -> None:
        window.lessons.glide.finish()
        window.view.render()
        window.grab().save(str(args.output))
        print(f"wrote {args.output}")
        window.close()

    QTimer.singleShot(2500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
