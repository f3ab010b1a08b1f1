"""Off-screen pictures (screenshots, handouts) follow a state's body wall thickness and draw the press
line's depth diagram when a tool is shown. Small renders on the real meshes, no window."""

from __future__ import annotations

import numpy as np
import pytest

from anatomy_viewer.cli import main
from anatomy_viewer.core.placement.checker import PlacementChecker
from anatomy_viewer.core.scene.scene_state import SceneState, ToolPlacement
from anatomy_viewer.render.pictures.export import ExportOptions, render_image
from anatomy_viewer.render.pictures.offscreen import offscreen_scene
from anatomy_viewer.render.pictures.offscreen_overlays import offscreen_overlays


@pytest.fixture(scope="module")
def checker(core_meshes):
    return PlacementChecker.from_meshes(core_meshes)


def test_pictures_follow_the_states_wall_and_show_the_depth_diagram(
    catalogue, core_meshes, checker
):
    asis = checker.landmarks["asis_right"]
    tool = ToolPlacement("right", (asis[0] + 25.0, asis[2] + 15.0), 0.0)
    states = [SceneState(tool=tool, zones=frozenset({"wall"})), SceneState(tool=tool, wall_mm=37.0)]
    scene = offscreen_scene(catalogue, dict(core_meshes), (480, 360))
    try:
        zones, layer = offscreen_overlays(scene, core_meshes, states)[1:]
        zones.apply(states[0])
        layer.apply(states[0])
        lean_tip = layer.placement.tip.copy()
        assert "18 mm (lean)" in layer.readout.GetInput()
        assert "18 mm (lean)" in layer.depth.title.GetInput()
        image = render_image(scene, ExportOptions((480, 360)))
        x0 = int(0.8 * image.shape[1])  # the diagram's box, right of the view
        box = image[int(0.45 * image.shape[0]) : int(0.8 * image.shape[0]), x0:]
        assert box.std() > 10  # bands and words, not the plain background
        zones.apply(states[1])
        layer.apply(states[1])
        assert layer.placement.wall_mm == 37.0
        assert layer.placement.tip[1] == pytest.approx(lean_tip[1] - 19.0)
        assert "37 mm (high BMI)" in layer.readout.GetInput()
        assert layer.depth.path.layers[0].to_mm == pytest.approx(37.0, abs=0.5)
        assert zones.checker.wall_mm == 37.0 and not zones.provisional
        assert np.allclose(np.asarray(layer.wall.GetPosition()), [0.0, -19.0, 0.0])
        layer.apply(SceneState())
        assert not any(actor.GetVisibility() for actor in layer.depth.actors)
    finally:
        scene.plotter.close()


def test_screenshot_with_a_wall_thickness(mesh_dir, tmp_path, capsys):
    out = tmp_path / "thick.png"
    code = main(["screenshot", "--mesh-dir", str(mesh_dir), "--tool", "right:-90:917:0",
                 "--wall-mm", "high-bmi", "--size", "320x240", "-o", str(out)])  # fmt: skip
    assert code == 0 and out.stat().st_size > 1000
    assert "wrote" in capsys.readouterr().out
