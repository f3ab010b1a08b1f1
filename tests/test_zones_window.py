"""The Zones group in the window: toggles switch the overlay's layers, lesson steps set them, and the
verdict under the mouse on the wall reaches the status bar. Needs Xvfb."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

pytestmark = pytest.mark.gui


def _visible_layers(layer) -> set[str]:
    return {name for name, actors in layer.actors.items() if actors and actors[0].GetVisibility()}


def test_toggles_build_and_switch_the_overlay(main_window):
    zones = main_window.zones
    assert zones.layer is None  # nothing measured until zones are asked for
    zones.panel.boxes["safe"].setChecked(True)
    assert zones.layer is not None
    assert _visible_layers(zones.layer) == {"safe"}
    zones.panel.boxes["danger"].setChecked(True)
    assert {"hip_crease", "midline", "artery"} <= _visible_layers(zones.layer)
    zones.panel.boxes["safe"].setChecked(False)
    assert "safe" not in _visible_layers(zones.layer)


def test_lesson_step_sets_zones_and_panel_follows(main_window):
    controller = main_window.lessons
    for lesson in controller.lessons:
        for index, step in enumerate(lesson.steps):
            if step.zones:
                main_window.open_lesson_by_id(lesson.id)
                controller.player.go_to(index)
                assert main_window.state.zone_layers == frozenset(step.zones)
                for layer, box in main_window.zones.panel.boxes.items():
                    assert box.isChecked() == (layer in step.zones)
                return
    pytest.fail("no shipped lesson shows zones")


def test_hovering_the_wall_shows_the_verdict(main_window, qtbot):
    zones = main_window.zones
    zones.panel.boxes["wall"].setChecked(True)
    main_window.show_view("anterior")
    qtbot.wait(50)
    checker = main_window.placement_checker()
    # Aim at the safe-zone example: 25 mm medial, 15 mm superior of the right ASIS, on the wall.
    asis = checker.landmarks["asis_right"]
    tip = checker.wall.wall_point(asis[0] + 25, asis[2] + 15)
    renderer = main_window.view.renderer
    renderer.SetWorldPoint(*tip, 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    widget = main_window.view.interactor
    ratio = widget.devicePixelRatioF()
    position = QPointF(x / ratio, widget.height() - y / ratio)
    placement = zones.verdict_at_pixel(position)
    assert placement is not None and placement.side == "right"
    assert np.allclose(placement.tip[[0, 2]], tip[[0, 2]], atol=3)
    zones._hover_at = position
    zones._show_verdict_under_mouse()
    assert main_window.statusBar().currentMessage().startswith(placement.verdict.upper())
