"""Image export: atomic writes, sizes, transparency, caption and text scaling, the CLI options, and
the GUI export matching what the window shows."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.cli import main
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.safe_write import atomic_write, check_writable, write_bytes
from anatomy_viewer.render.pictures.export import ExportOptions, image_format

# --- safe writes ----------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".partial" in p.name]


def test_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.png"
    target.write_bytes(b"old")
    write_bytes(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert _leftovers(tmp_path) == []
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_full_disk_keeps_the_old_file_and_says_so_in_one_line(tmp_path, monkeypatch):
    target = tmp_path / "out.png"
    target.write_bytes(b"old")

    def no_space(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(UserError) as error:
        write_bytes(target, b"new")
    assert str(error.value) == f"cannot write {target}: the disk is full"
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_writer_that_fails_half_way_leaves_nothing(tmp_path):
    target = tmp_path / "out.pdf"

    def half(file):
        file.write(b"%PDF-1.4 half")
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(UserError, match="Input/output error"):
        atomic_write(target, half)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_missing_or_unwritable_folder(tmp_path, monkeypatch):
    with pytest.raises(UserError, match="folder does not exist"):
        check_writable(tmp_path / "nowhere" / "x.png")
    with pytest.raises(UserError, match="folder does not exist"):
        write_bytes(tmp_path / "nowhere" / "x.png", b"x")
    # Root ignores permission bits, so the refusal is simulated where the OS would give it.
    monkeypatch.setattr(os, "access", lambda *_: False)
    with pytest.raises(UserError, match="no permission"):
        check_writable(tmp_path / "x.png")


def test_options_and_formats_are_checked():
    with pytest.raises(UserError, match="outside"):
        ExportOptions((7681, 4320))
    assert ExportOptions((7680, 4320)).size == (7680, 4320)
    assert image_format(Path("a.JPG")) == "JPEG"
    with pytest.raises(UserError, match="transparen"):
        image_format(Path("a.jpg"), transparent=True)
    with pytest.raises(UserError, match=r"\.png or \.jpg"):
        image_format(Path("a.tiff"))


# --- off-screen rendering -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(catalogue, core_meshes):
    from anatomy_viewer.render.pictures.offscreen import offscreen_scene

    scene = offscreen_scene(catalogue, core_meshes, (640, 480))
    scene.view("anterior", render=False)
    yield scene
    scene.plotter.close()


def _display_point(scene, point) -> tuple[int, int]:
    """Pixel (row, column) of a world point in an image of the plotter's current size."""
    import vtk

    coordinate = vtk.vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*point)
    x, y = coordinate.GetComputedDoubleDisplayValue(scene.plotter.renderer)
    height = scene.plotter.window_size[1]
    return int(round(height - 1 - y)), int(round(x))


def test_transparent_png_has_the_size_and_alpha(scene, core_meshes, tmp_path):
    from anatomy_viewer.render.pictures.export import export_image

    path = tmp_path / "t.png"
    export_image(scene, path, ExportOptions((1280, 960), transparent=True))
    with Image.open(path) as picture:
        assert picture.size == (1280, 960) and picture.mode == "RGBA"
        pixels = np.asarray(picture)
    corners = pixels[[0, 0, -1], [0, -1, 0], 3]  # the bottom right holds the attribution
    assert corners.tolist() == [0, 0, 0]
    # The right femoral head (its top 3 % of points), projected at the export's 2x scale: bone.
    femur = core_meshes["femur_right"].points
    head = femur[femur[:, 2] > np.percentile(femur[:, 2], 97)].mean(axis=0)
    row, column = _display_point(scene, head)
    assert pixels[2 * row, 2 * column, 3] == 255
    assert (pixels[..., 3] == 0).mean() > 0.5  # most of the frame is background


def test_text_and_caption_scale_with_the_size(scene):
    """A 4x export, shrunk back, looks like the 1x one: labels grew with it (no tiny 4K text)."""
    from anatomy_viewer.render.pictures.export import render_image

    # A label placed in pixels, like the overlays' labels: both its size and place must scale.
    probe = scene.plotter.add_text("ASIS", position=(20, 300), font_size=18, name="probe")
    try:
        options = {"caption": "Right iliacus"}
        small = render_image(scene, ExportOptions((480, 360), **options), reference_height=360)
        large = render_image(scene, ExportOptions((1920, 1440), **options), reference_height=360)
    finally:
        scene.plotter.remove_actor(probe, render=False)
    shrunk = np.asarray(Image.fromarray(large).resize((480, 360), Image.Resampling.BOX))
    difference = np.abs(shrunk.astype(int) - small.astype(int))
    assert difference.mean() < 4
    # Unscaled, the label would be a quarter of its size in the wrong place (measured: 10 here).
    assert difference[20:80, :150].mean() < 5
    # The caption band at the top: present, and the same share of the height at both sizes.
    assert difference[:20, 150:330].mean() < 15  # small type rasterises a little differently
    band = np.abs(small[:20, 150:330].astype(int) - small[30:40, 150:330].mean(axis=(0, 1)))
    assert (band.sum(axis=2) > 150).sum() > 50


# --- the command line ---------------------------------------------------------------------------


def test_cli_screenshot_of_a_lesson_step_transparent_with_caption(tmp_path, capsys):
    path = tmp_path / "step.png"
    code = main(
        [
            "screenshot", "--lesson", "the_pivot", "--step", "3", "--size", "960x540",
            "--transparent", "--caption", "Lie down", "-o", str(path),
        ]
    )  # fmt: skip
    assert code == 0
    assert "lesson the_pivot step 3" in capsys.readouterr().out
    with Image.open(path) as picture:
        assert picture.size == (960, 540) and picture.mode == "RGBA"
        assert np.asarray(picture)[0, 0, 3] == 0


# How many steps lesson 4 has, read from its file (steps may be added).
PIVOT_STEPS = (
    (Path(__file__).parents[1] / "lessons" / "04_the_pivot.toml")
    .read_text(encoding="utf-8")
    .count("\n[[steps]]\n")
)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--step", "2"], "--step needs --lesson"),
        (["--lesson", "the_pivot", "--step", "9"], f"has steps 1..{PIVOT_STEPS}, not 9"),
        (["--lesson", "pivot"], 'did you mean "the_pivot"'),
        (["--transparent", "-o", "{tmp}/x.jpg"], "JPEG has no transparency"),
        (["-o", "{tmp}/missing/x.png"], "folder does not exist"),
    ],
)
def test_cli_screenshot_errors_are_one_line(argv, message, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "-o" not in argv:
        argv += ["-o", str(tmp_path / "x.png")]
    assert main(["screenshot", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


# --- the window -----------------------------------------------------------------------------------


@pytest.mark.gui
def test_export_shows_what_the_window_shows(main_window, qtbot):
    from pyvista.plotting.utilities.regression import image_from_window

    from anatomy_viewer.render.pictures.export import render_image

    main_window.show_view("oblique")
    main_window.state.select("psoas_major_right")
    main_window.view.render()
    window = main_window.view.render_window
    main_window.view._check_has_ren_win()
    seen = image_from_window(window, ignore_alpha=True)
    width, height = window.GetSize()
    exported = render_image(main_window.scene, ExportOptions((2 * width, 2 * height)))
    assert exported.shape == (2 * height, 2 * width, 3)
    shrunk = np.asarray(Image.fromarray(exported).resize((width, height), Image.Resampling.BOX))
    assert np.abs(shrunk.astype(int) - seen.astype(int)).mean() < 3
    # ... and the window is left as it was.
    main_window.view._check_has_ren_win()
    after = image_from_window(window, ignore_alpha=True)
    assert tuple(window.GetSize()) == (width, height)
    assert np.abs(after.astype(int) - seen.astype(int)).mean() < 0.5


@pytest.mark.gui
def test_export_action_writes_4k_and_reports_failures(main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    actions = main_window.exports
    assert actions.image_action.shortcut().toString() == "Ctrl+Shift+S"
    assert actions.image_action in main_window.file_menu.actions()
    path = tmp_path / "view.png"
    assert actions.save_image(path, (3840, 2160), transparent=True, caption="Psoas")
    with Image.open(path) as picture:
        assert picture.size == (3840, 2160)
    assert not actions.save_image(tmp_path / "gone" / "x.png", (640, 480))
    box = actions.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == f"cannot write {tmp_path / 'gone' / 'x.png'}: the folder does not exist"
    box.close()


@pytest.mark.gui
def test_export_dialog_values_and_overwrite_question(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox

    from anatomy_viewer.qt.export.image_dialog import CUSTOM, ExportImageDialog

    existing = tmp_path / "a.png"
    existing.write_bytes(b"x")
    dialog = ExportImageDialog((800, 600), existing, caption="Step 1")
    qtbot.addWidget(dialog)
    assert dialog.pixel_size() == (800, 600)
    dialog.preset.setCurrentIndex(2)
    assert dialog.pixel_size() == (3840, 2160)
    dialog.preset.setCurrentIndex(CUSTOM)
    dialog.width_box.setValue(99999)
    dialog.height_box.setValue(1000)
    assert dialog.pixel_size() == (7680, 1000)
    dialog.transparent_box.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "a.jpg"))
    assert not dialog.choice().transparent  # JPEG cannot be transparent
    dialog.path_edit.setText(str(existing))
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No
    )
    dialog.accept()
    assert asked and dialog.result() != QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert (choice.path, choice.caption, choice.transparent) == (existing, "Step 1", True)
