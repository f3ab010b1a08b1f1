"""The hip hook in the window: the "Hip hook" dock, the tool overlay (built on first use), lesson
steps with a tool, practice mode (drag, arrow keys, [ and ]), the pivot sweep, the challenge, the
hold countdown and "place the tip" quizzes judged from the current placement.

    panel / keys / drag / sweep / lesson step --> ToolSession (core) --changed--> ToolLayer.show,
                                                                                  panel, one render
    SceneDirector (lesson step) --apply(state)--> ToolSession.apply(state.tool) or hide; hold_s
    HoldCountdown (core) <-- H key, panel --changed--> HoldOverlay in the view, the panel's ring

While the tool (or the hold's countdown) changes and nothing else does, frames draw only the hook,
its lines and the overlays over one reused picture of the anatomy (render/anatomy/still_backdrop.py), until
the changes stop for ``LIVE_IDLE_MS`` or the drag ends; then one ordinary full-detail frame.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDockWidget, QMenu

from ...core.errors import UserError
from ...core.lessons import PlaceQuiz, QuizResult
from ...core.scene.scene_state import SceneState
from ...core.tool.hold import HoldCountdown
from ...core.tool.practice import Challenge, TaskResult, make_challenge
from ...core.tool.session import (
    ARROW_STEP_MM,
    PIVOT_STEP_DEG,
    SWEEP_FROM_DEG,
    SWEEP_TO_DEG,
    ToolSession,
)
from .depth_diagram import DepthDiagram
from .drag import TipDrag
from .panel import ToolPanel
from .pivot_sweep import PivotSweep
from .wall_control import WallControl

# Arrow keys move the tip as seen in the anterior view: the screen's left is the body's right (-X).
ARROW_MOVES = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, 1.0),
    Qt.Key.Key_Down: (0.0, -1.0),
}
# After the last change of the tool, this long without another, the view is drawn whole again. Longer
# than the gap between key repeats (about 33 ms) and the sweep's frames, short enough that the full
# picture is back before the eye settles on it.
LIVE_IDLE_MS = 300
# While the tip is dragged, the reached muscle's tint waits (ToolLayer.hold_tint) until the pointer
# has rested this long, or the button is let go: a pause to look, not the gap between mouse moves.
TINT_REST_MS = 250


class ToolController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = ToolSession(window.placement_checker)
        self.session.wall_mm = window.state.wall_mm
        self.countdown = HoldCountdown()
        self.challenge: Challenge | None = None
        self.layer = None  # render.tool_layer.ToolLayer, built when the tool first shows
        self._arc: tuple[float, float] | None = None
        self._last_pivot = 0.0
        self._in_scene_apply = False
        self._hold_armed = False  # a lesson step asked for a hold: show the countdown ready

        self.panel = ToolPanel(self.session, self.countdown)
        catalogue = window.catalogue
        self.depth_diagram = DepthDiagram(
            self.session, lambda i: catalogue[i].colour if i in catalogue else "#9aa4b2"
        )
        self.depth_in_view = QCheckBox("Depth diagram in the 3D view and its exports")
        self.depth_in_view.setChecked(True)
        self.depth_in_view.toggled.connect(self._show_depth_in_view)
        self.wall_control = WallControl(window.state)
        self.panel.add_below_readout(self.depth_diagram, self.depth_in_view, self.wall_control)
        self.dock = QDockWidget("Hip hook", window)
        self.dock.setObjectName("tool-dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        # A tab beside the lesson: stacked, both docks squeezed the 3D view to a third of the window.
        window.tabifyDockWidget(window.lessons.dock, self.dock)
        window.lessons.dock.raise_()

        from ...render.overlays.hold_overlay import HoldOverlay

        self.hold_overlay = HoldOverlay(window.view)
        self.sweep = PivotSweep(self.session.set_pivot, self.panel.set_playing, self)
        self._live_idle = QTimer(self, singleShot=True, interval=LIVE_IDLE_MS)
        self._live_idle.timeout.connect(self._end_live_frames)
        self._tint_rest = QTimer(self, singleShot=True, interval=TINT_REST_MS)
        self._tint_rest.timeout.connect(self._tint_at_rest)
        self._sweep_timer = self.sweep.timer
        self._build_actions()
        self.panel.play.clicked.connect(self.toggle_sweep)
        self.panel.start_challenge.clicked.connect(self.start_challenge)
        self.panel.submit.clicked.connect(self.submit)
        self.session.changed.connect(self._on_session)
        self.countdown.changed.connect(self._on_countdown)
        window.state.changed.connect(self._on_viewer)

        interactor = window.view.interactor
        self.drag = TipDrag(
            interactor, lambda: self.session.practice, self._wall_at, self._on_tool, self._place_at,
            self._set_dragging,
        )  # fmt: skip
        window.lessons.director.add_overlay(self)
        window.lessons.dock_widget.check_placement = self.answer_place_quiz

    # --- actions: menu and keys ---------------------------------------------------------------
    def _action(self, text: str, slot, key=None, widget=None, checkable=False) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        if widget is not None:  # only while that widget (the 3D view) has the focus
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
        else:
            self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        s = self.session
        self.show_action = self._action("&Show the hip hook", s.set_visible, "T", checkable=True)
        self.practice_action = self._action("&Practice mode", s.set_practice, "P", checkable=True)
        self.sweep_action = self._action("Play / pause the pivot s&weep", self.toggle_sweep, "S")
        self.medial_action = self._action("Pivot toward the &midline", lambda: self._turn(-1), "[")
        self.lateral_action = self._action("Pivot toward the &hip bone", lambda: self._turn(1), "]")
        self.hold_action = self._action("Start / pause the &hold", self.countdown.toggle, "H")
        view = self.window.view.interactor
        # The lesson's Left/Right step shortcuts on the 3D view: off while the arrows move the tip.
        self._lesson_arrows = [
            a for a in view.actions() if a.shortcut().toString() in ("Left", "Right")
        ]
        self.arrow_actions = [
            self._action(
                f"Move the tip {key.name[4:].lower()}",
                lambda _=False, d=d: self._move(*d),
                key,
                view,
            )
            for key, d in ARROW_MOVES.items()
        ]
        self.submit_action = self._action(
            "Check this placement", self.submit, Qt.Key.Key_Return, view
        )
        self._practice_only = [*self.arrow_actions, self.submit_action]
        for action in self._practice_only:
            action.setEnabled(False)
        menu = QMenu("&Tool", self.window)
        self.window.menuBar().insertMenu(self.window.help_menu.menuAction(), menu)
        for action in (self.show_action, self.practice_action, self.sweep_action, self.medial_action,
                       self.lateral_action, self.hold_action):  # fmt: skip
            menu.addAction(action)
        wall_menu = menu.addMenu("Body &wall")
        for action in self.wall_control.menu_actions:
            wall_menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())
        self.menu = menu

    # --- overlay protocol (lesson steps) ------------------------------------------------------
    def apply(self, state: SceneState) -> None:
        """The step's tool (or none), its pivot animation and its hold; no render (the director's)."""
        self.stop_sweep()
        step = self.window.lessons.player.step if self.window.lessons.player else None
        hold_s = getattr(step, "hold_s", None)
        self._in_scene_apply = True
        try:
            tool = state.tool
            self._arc = (
                None
                if tool is None or tool.pivot_to_deg is None
                else (tool.pivot_deg, tool.pivot_to_deg)
            )
            if tool is None:
                if not self.session.practice:
                    self.session.set_visible(False)
            else:
                self._last_pivot = tool.pivot_deg
                try:
                    self.session.apply(tool)
                except UserError as exc:
                    self.window.statusBar().showMessage(str(exc), 10000)
            self._hold_armed = hold_s is not None
            if hold_s is not None:
                self.countdown.reset(hold_s)
            elif not self.countdown.running:
                self.countdown.reset()
            self._show()
        finally:
            self._in_scene_apply = False
        if tool is not None and tool.pivot_to_deg is not None:
            self.sweep.start(tool.pivot_deg, tool.pivot_to_deg, bounce=False)

    # --- session -> layer, panel, render ------------------------------------------------------
    def _show_depth_in_view(self, shown: bool) -> None:
        if self.layer is not None:
            self.layer.show_depth(shown)
            self.request_frame()

    def _on_viewer(self, aspects: frozenset[str]) -> None:
        if "wall" in aspects:  # the tip stays on the skin, which moves with the wall's thickness
            self.session.set_wall_mm(self.window.state.wall_mm)

    def ensure_layer(self):
        if self.layer is None:
            from ...render.overlays.tool_layer import ToolLayer

            self.layer = ToolLayer(self.window.scene, self.session.checker)
            self.layer.depth_shown = self.depth_in_view.isChecked()
            drag = getattr(self, "drag", None)  # None while the controller is being built
            self.layer.hold_tint(drag is not None and drag.dragging_now)
        return self.layer

    def _on_session(self, aspects: frozenset[str]) -> None:
        s = self.session
        if self.sweep.running:
            self._arc = self.sweep.arc
        elif s.pivot_deg != self._last_pivot:
            # Turned by hand (slider, keys): the arc shows which way, over the whole sweep.
            up = s.pivot_deg > self._last_pivot
            self._arc = (SWEEP_FROM_DEG, SWEEP_TO_DEG) if up else (SWEEP_TO_DEG, SWEEP_FROM_DEG)
        self._last_pivot = s.pivot_deg
        if "practice" in aspects:
            for action in self._lesson_arrows:
                action.setEnabled(not s.practice)
            for action in self._practice_only:
                action.setEnabled(s.practice)
            if s.practice:
                self.window.view.interactor.setFocus()
        for action, value in ((self.show_action, s.visible), (self.practice_action, s.practice)):
            action.blockSignals(True)
            action.setChecked(value)
            action.blockSignals(False)
        if not s.visible:
            self.stop_sweep()
        if not self._in_scene_apply:
            self._show()
            self.live_frame()

    def live_frame(self) -> None:
        """A frame of a tool move: the anatomy's picture is reused while only the tool changes."""
        backdrop = self.window.scene.backdrop
        live = [*self.hold_overlay.actors, *(self.layer.actors if self.layer is not None else ())]
        if backdrop.active and len(backdrop.live) != len(live):
            backdrop.end()  # the hook appeared during a hold: it must move with the live actors
        backdrop.begin(live)  # nothing when already begun
        self._live_idle.start()
        self.request_frame()

    def _end_live_frames(self) -> None:
        if self.drag.dragging_now:  # a held drag goes on even when the mouse pauses
            self._live_idle.start()
            return
        self.window.scene.backdrop.end()
        self.request_frame()

    def close(self) -> None:
        """The window is closing: no more frames (a paint after the 3D view closed hangs in GL)."""
        self._live_idle.stop()
        self.stop_sweep()
        self.countdown.pause()
        self.window.scene.backdrop.end()

    def request_frame(self) -> None:
        """One frame soon. The view's paint renders the scene (pyvistaqt's paintGL); a
        ``plotter.render()`` would render once and then once more in the paint it schedules, which
        halves the drag rate in software GL. Several requests in one event-loop turn share a paint."""
        if not getattr(self.window.view, "_closed", False):
            self.window.view.interactor.update()

    def _show(self) -> None:
        s = self.session
        shown = s.placement if s.visible else None
        if shown is not None or self.layer is not None:
            self.ensure_layer().show(shown, self._arc)

    # --- the sweep and a lesson's pivot animation ---------------------------------------------
    def toggle_sweep(self) -> None:
        if self.sweep.running:
            self.sweep.stop()
            return
        self.session.set_visible(True)
        self.sweep.play_from(self.session.pivot_deg)

    def stop_sweep(self) -> None:
        if self.sweep.running:
            self.sweep.stop()

    # --- practice: drag and keys --------------------------------------------------------------
    def _wall_at(self, x: float, y: float):
        from ...render.overlays.tool_pick import wall_under_pixel

        return wall_under_pixel(self.window.view.renderer, self.session.checker.wall, x, y)

    def _on_tool(self, x: float, y: float) -> bool:
        if self.layer is None or not self.session.visible:
            return False
        from ...render.overlays.tool_pick import ActorPicker

        self.window.scene.backdrop.end()  # VTK picks by rendering: every actor in its place

        return ActorPicker(self.window.view.renderer, self.layer.hook).hit(x, y)

    def _place_at(self, point) -> None:
        self.session.place(float(point[0]), float(point[2]))
        if self.drag.dragging_now:
            self._tint_rest.start()  # restarted: the tint follows once the pointer rests

    def _set_dragging(self, on: bool) -> None:
        """The drag's frames reuse the anatomy's picture (``live_frame``), the reached muscle's tint
        waiting for a rest; at the release, the tint follows and the view is drawn whole at once."""
        if self.layer is not None:
            self.layer.hold_tint(on)
        if not on:
            self._tint_rest.stop()
            self._live_idle.stop()
            self._end_live_frames()

    def _tint_at_rest(self) -> None:
        if self.layer is None or not self.drag.dragging_now:
            return
        self.layer.hold_tint(False)  # the anatomy is drawn again once, with the new tint
        self.layer.hold_tint(True)
        self.request_frame()

    def _move(self, dx: float, dz: float) -> None:
        self.session.move_by(dx * ARROW_STEP_MM, dz * ARROW_STEP_MM)

    def _turn(self, sign: int) -> None:
        self.stop_sweep()
        self.session.set_visible(True)
        self.session.turn_by(sign * PIVOT_STEP_DEG)

    # --- challenge ----------------------------------------------------------------------------
    def start_challenge(self, challenge: Challenge | None = None) -> None:
        self.challenge = challenge if isinstance(challenge, Challenge) else make_challenge()
        self.session.set_practice(True)
        self.dock.raise_()
        self.panel.show_challenge(self.challenge)

    def submit(self) -> TaskResult | None:
        """Judge the current placement against the current task (None when there is nothing to judge)."""
        if self.challenge is None or self.challenge.done or self.session.placement is None:
            return None
        result = self.challenge.submit(self.session.placement)
        self.panel.show_challenge(self.challenge, result)
        return result

    # --- hold ---------------------------------------------------------------------------------
    def _on_countdown(self) -> None:
        c = self.countdown
        started = c.running or c.remaining_s < c.duration_s
        if self._hold_armed or started:
            self.hold_overlay.show(c)
        else:
            self.hold_overlay.hide()
        if not self._in_scene_apply:
            self.live_frame()

    # --- lesson quizzes -----------------------------------------------------------------------
    def answer_place_quiz(self) -> QuizResult | None:
        """LessonDock.check_placement: the quiz judged from where the tool is now."""
        player = self.window.lessons.player
        s = self.session
        if (
            player is None
            or not isinstance(player.step.quiz, PlaceQuiz)
            or not (s.placed and s.visible)
        ):
            return None
        try:
            return player.answer_place(s.x_mm, s.z_mm, s.pivot_deg, s.checker.check)
        except UserError:
            words = (
                f"Your tip is on the body's {s.side} side; this quiz asks for the {player.step.quiz.side} "
                "side. Drag it across, or choose the side in the Hip hook panel."
            )
            self.window.lessons.dock_widget.quiz_result.setText(words)
            return QuizResult(False, words)
