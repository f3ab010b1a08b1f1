"""Presenter mode (F5 to start, Esc to leave): the 3D view full screen on the projector, high contrast,
the step in large type, driven by the keys a presentation clicker sends.

    F5 -> PresenterController.start(): panels, toolbars, menu and status bar hidden, PROJECTOR theme,
          full screen on the second screen if there is one (presenter view on the laptop screen)
    keys (an application event filter, so they win over the window's own shortcuts)
          -> player.next() / previous() / go_to(i)  --player.changed--> caption + presenter view
             (the lesson controller applies the step's scene, as it does outside presenter mode)
          -> without a lesson: the standard views
    Esc -> stop(): everything put back as it was

While presenting, the label board lays out for the projector (labels and readout at least 3.2 % of
the picture's height, core/pictures/text_sizes.py) and the step is framed again whenever the view
changes size (full screen, the caption band's height), so the anatomy fills the screen.

The lesson player is used through a small interface: ``lesson``, ``index``, ``next()``,
``previous()``, ``go_to(i)`` and a ``changed`` signal with ``connect`` / ``disconnect``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QPalette, QScreen
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

from ...core.lessons import markdown_to_html
from ...core.pictures.text_sizes import Medium
from ...core.scene.views import VIEW_NAMES
from ...render.theme import PROJECTOR
from .caption import BlankScreen, CaptionBand
from .presenter_view import PresenterView

K = Qt.Key
NEXT_KEYS = {K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_Return, K.Key_Enter}
PREVIOUS_KEYS = {K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace}
BLANK_KEYS = {K.Key_B, K.Key_Period}  # what PowerPoint uses; clickers send one or the other
VIEW_KEYS = {getattr(K, f"Key_{n}"): name for n, name in enumerate(VIEW_NAMES, start=1)}
OTHER_KEYS = {K.Key_Home, K.Key_End, K.Key_Escape, K.Key_R}
PRESENTER_KEYS = NEXT_KEYS | PREVIOUS_KEYS | BLANK_KEYS | set(VIEW_KEYS) | OTHER_KEYS
# Shift is how some clickers send their keys; Ctrl/Alt/Meta combinations stay application shortcuts.
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class PresenterController(QObject):
    started = Signal()
    stopped = Signal()
    step_shown = Signal()

    def __init__(
        self,
        window,
        player_source: Callable[[], object | None] | None = None,
        screens: Callable[[], list[QScreen]] = QGuiApplication.screens,
        presenter_view: bool | None = None,
    ) -> None:
        """``presenter_view``: None shows the notes window only when a second screen is attached."""
        super().__init__(window)
        self.window = window
        self.player_source = player_source or (
            lambda: getattr(getattr(window, "lessons", None), "player", None)
        )
        self.screens = screens
        self.want_presenter_view = presenter_view
        self.presenting = False
        self.blanked = False
        self.player = None
        self.caption = CaptionBand(window)
        self.caption.hide()
        self.blank_screen: BlankScreen | None = None
        self.presenter_view: PresenterView | None = None
        self._saved: dict = {}
        # A resize of the view (full screen, the caption band) frames the step again, once the
        # layout has settled: one reframe per event-loop turn.
        self._reframe_timer = QTimer(self, singleShot=True, interval=0)
        self._reframe_timer.timeout.connect(self._reframe)
        self.home_screen: QScreen | None = None
        self.target_screen: QScreen | None = None
        self.action = QAction("&Present", window)
        self.action.setShortcuts([QKeySequence(Qt.Key.Key_F5), QKeySequence("Shift+F5")])
        self.action.setStatusTip("Full screen for a projector; Esc to leave (F5)")
        self.action.triggered.connect(self.start)
        window.addAction(self.action)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)

    # --- starting and stopping ------------------------------------------------------------------
    def start(self) -> None:
        if self.presenting:
            return
        window = self.window
        self._saved = {
            "geometry": window.saveGeometry(),
            "state": window.saveState(),
            "menu": window.menuBar().isVisible(),
            "status": window.statusBar().isVisible(),
            "maximized": window.isMaximized(),
            "theme": window.scene.theme,
            "palette": QPalette(window.palette()),
            "medium": window.scene.board.medium,
        }
        for part in window.findChildren(QDockWidget) + window.findChildren(QToolBar):
            if part is not self.caption:
                part.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        window.scene.apply_theme(PROJECTOR)
        # The splitter between the view and the caption band would be a bright line on a projector.
        palette = window.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(PROJECTOR.background_bottom))
        window.setPalette(palette)

        home, target = self._choose_screens()
        self.home_screen = home
        handle = window.windowHandle()
        if handle is not None and target is not None:
            handle.setScreen(target)
            window.setGeometry(target.geometry())
        window.showFullScreen()
        self.target_screen = target
        # The projector's words: shares of its screen's height (core/pictures/text_sizes.py).
        screen_height = (
            target.geometry().height() * target.devicePixelRatio() if target is not None else None
        )
        ppi = self._saved["medium"].pixels_per_inch
        window.scene.board.medium = Medium("presenter", ppi, screen_height)
        if self._show_presenter_view(home, target):
            self.presenter_view = PresenterView()
            if home is not None:
                self.presenter_view.setGeometry(home.availableGeometry())
            self.presenter_view.show()
            self.presenter_view.start_clock()
        self.presenting = True
        QApplication.instance().installEventFilter(self)
        self._follow_player()
        window.activateWindow()
        self._reframe_timer.start()
        self.started.emit()

    def stop(self) -> None:
        if not self.presenting:
            return
        QApplication.instance().removeEventFilter(self)
        self.presenting = False
        self._set_blanked(False)
        self._follow(None)
        if self.presenter_view is not None:
            self.presenter_view.stop_clock()
            self.presenter_view.close()
            self.presenter_view.deleteLater()
            self.presenter_view = None
        window = self.window
        self.caption.hide()
        window.removeDockWidget(self.caption)
        window.scene.apply_theme(self._saved["theme"])
        window.scene.board.medium = self._saved["medium"]
        window.setPalette(self._saved["palette"])
        window.showNormal()
        handle = window.windowHandle()
        if handle is not None and self.home_screen is not None:
            handle.setScreen(self.home_screen)  # on separate X screens this hides the window
        window.restoreGeometry(self._saved["geometry"])
        window.restoreState(self._saved["state"])
        window.menuBar().setVisible(self._saved["menu"])
        window.statusBar().setVisible(self._saved["status"])
        if self._saved["maximized"]:
            window.showMaximized()
        else:
            window.show()
        window.scene.plotter.render()
        self._reframe_timer.start()  # the window's own size again, once its layout has settled
        self.stopped.emit()

    def _reframe(self) -> None:
        lessons = getattr(self.window, "lessons", None)
        if lessons is not None and not getattr(self.window.view, "_closed", False):
            lessons.reframe()

    def _choose_screens(self) -> tuple[QScreen | None, QScreen | None]:
        """(the laptop's screen, the projector's): the one the window is on, and another if any."""
        screens = list(self.screens())
        centre = self.window.frameGeometry().center()
        home = next((s for s in screens if s.geometry().contains(centre)), None)
        home = home or (screens[0] if screens else None)
        others = [s for s in screens if s is not home]
        return home, (others[0] if others else home)

    def _show_presenter_view(self, home: QScreen | None, target: QScreen | None) -> bool:
        if self.want_presenter_view is not None:
            return self.want_presenter_view
        return home is not None and target is not home

    # --- the lesson -----------------------------------------------------------------------------
    def _follow_player(self) -> None:
        """(Re)connect to the current player: opening or reloading a lesson makes a new one."""
        player = self.player_source()
        if player is not self.player:
            self._follow(player)
        self.refresh()

    def _follow(self, player) -> None:
        if self.player is not None:
            self.player.changed.disconnect(self._on_step)
        self.player = player
        if player is not None:
            player.changed.connect(self._on_step)

    def _on_step(self, _index: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Caption and presenter view from the player (or the current view when no lesson)."""
        player = self.player
        screen = self.target_screen.geometry() if self.target_screen else self.window.geometry()
        size = (screen.width(), screen.height())
        if player is None:
            self.caption.hide()
            if self.presenter_view is not None:
                self.presenter_view.show_free(self.window.current_view, self.blanked)
        else:
            steps = player.lesson.steps
            step = steps[player.index]
            self.caption.show_step(
                step.title, markdown_to_html(step.text), player.index + 1, len(steps), size
            )
            if self.caption.isHidden():
                self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.caption)
                self.caption.show()
            if self.presenter_view is not None:
                following = steps[player.index + 1].title if player.index + 1 < len(steps) else None
                self.presenter_view.show_step(
                    player.index + 1,
                    len(steps),
                    step.title,
                    markdown_to_html(step.notes),
                    following,
                    self.blanked,
                )
        self.step_shown.emit()

    # --- actions the keys trigger ---------------------------------------------------------------
    def next(self) -> None:
        if self.player is not None:
            self.player.next()
        else:
            self._cycle_view(+1)

    def previous(self) -> None:
        if self.player is not None:
            self.player.previous()
        else:
            self._cycle_view(-1)

    def first(self) -> None:
        if self.player is not None:
            self.player.go_to(0)
        else:
            self.show_view(VIEW_NAMES[0])

    def last(self) -> None:
        if self.player is not None:
            self.player.go_to(len(self.player.lesson.steps) - 1)
        else:
            self.show_view(VIEW_NAMES[-1])

    def show_view(self, name: str) -> None:
        self.window.show_view(name)
        if self.player is None:
            self.refresh()

    def _cycle_view(self, direction: int) -> None:
        current = self.window.current_view
        index = VIEW_NAMES.index(current) if current in VIEW_NAMES else 0
        self.show_view(VIEW_NAMES[(index + direction) % len(VIEW_NAMES)])

    def toggle_blank(self) -> None:
        self._set_blanked(not self.blanked)

    def _set_blanked(self, blanked: bool) -> None:
        if blanked == self.blanked:
            return
        self.blanked = blanked
        if blanked:
            self.blank_screen = BlankScreen()
            if self.target_screen is not None:
                self.blank_screen.setGeometry(self.target_screen.geometry())
            self.blank_screen.showFullScreen()
        elif self.blank_screen is not None:
            self.blank_screen.close()
            self.blank_screen.deleteLater()
            self.blank_screen = None
            self.window.activateWindow()
        if self.presenter_view is not None:
            self.presenter_view.set_blanked(blanked)

    def handle_key(self, key: int) -> None:
        self._follow_player()
        if key == K.Key_Escape:
            self.stop()
        elif key in BLANK_KEYS:
            self.toggle_blank()
        elif self.blanked:
            return  # a blank screen stays blank until it is unblanked: no stepping unseen
        elif key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key == K.Key_Home:
            self.first()
        elif key == K.Key_End:
            self.last()
        elif key in VIEW_KEYS:
            self.show_view(VIEW_KEYS[key])
        elif key == K.Key_R:
            self.show_view(VIEW_NAMES[0])

    # --- keys -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window.view.interactor:
            self._reframe_timer.start()
            return False
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if event.key() not in PRESENTER_KEYS or event.modifiers() & COMMAND_MODIFIERS:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # a key press, not the window's shortcut: it comes back as KeyPress
            return True
        if not event.isAutoRepeat():
            self.handle_key(event.key())
        return True


def install_presenter(window, **options) -> PresenterController:
    """Add View > Present (F5) to the main window (one call from the main window)."""
    return PresenterController(window, **options)
