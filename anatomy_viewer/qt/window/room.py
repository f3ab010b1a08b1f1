"""The room the 3D view gets: the side panels as one tabbed column beside the view, its default
width, collapsing the panels to give the view the whole window (Ctrl+B, View > Panels), and the
layout saved to and restored from the settings.

    first start (no layout saved, or one from an older version) -> default layout at first show:
        every panel a tab in one column on the right, the view VIEW_SHARE of the window's width
    Ctrl+B / View > Panels > Side panels -> collapse(): the shown panels hidden and remembered
                                         -> expand(): those panels back (or the default ones)
    closeEvent -> save(): the window's layout (versioned) and which panels a collapse hid

Panels are the window's dock widgets that can be closed (the presenter's caption band cannot, and is
not one). Docks that other parts add later join the column at the next default layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QScreen
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget

# The share of the window's width the 3D view gets at first start (and after View > Panels > Reset
# layout); the panel column gets the rest. The view is what the app is for: napari, 3D Slicer and
# Blender give their viewport about three quarters of a full-HD window and stack their panels as tabs
# on one side. At 1280 px this leaves the column 358 px, enough for the panels' longest line (the
# zone toggles). The benchmark reads this to measure the window as users first see it.
VIEW_SHARE = 0.72
# The window at first start, as a share of the screen's free area (centred): large enough for the
# anatomy to read, small enough that it is plainly a window the user can move.
FIRST_START_SCREEN_SHARE = 0.9
FIRST_START_FALLBACK_SIZE = (1280, 860)  # no screen known (never on a real desktop)
# A remembered layout that leaves the view less than this share of the window (a layout saved on a
# larger screen, or a column dragged wide) gives way to the default widths at start: the view must
# never start squeezed to a strip.
MIN_RESTORED_VIEW_SHARE = 0.4
# saveState() version of the current layout. Layouts from before the tabbed column (version 0: the
# structure panel on the left, the lesson on the right, the view a third of the window) are not
# restored: the default layout is used instead, with the window's remembered size and place.
LAYOUT_VERSION = 1
PANELS_SHORTCUT = "Ctrl+B"  # the side bar's key in the editors many users know
# The column's tabs, left to right, by object name; panels not named here follow in the order they
# were added.
TAB_ORDER = ("start-dock", "lesson-dock", "tool-dock", "structures-dock")
COLUMN_AREA = Qt.DockWidgetArea.RightDockWidgetArea

STATE_KEY = "window/state"
COLLAPSED_KEY = "window/collapsed-panels"  # object names of the panels a collapse hid


def first_start_geometry(screen: QScreen | None) -> QRect:
    """The window's place at first start: FIRST_START_SCREEN_SHARE of the screen, centred."""
    if screen is None:
        return QRect(0, 0, *FIRST_START_FALLBACK_SIZE)
    free = screen.availableGeometry()
    width = round(free.width() * FIRST_START_SCREEN_SHARE)
    height = round(free.height() * FIRST_START_SCREEN_SHARE)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(free.center())
    return rect


def default_column_width(window_width: int) -> int:
    """The panel column's width that leaves the view VIEW_SHARE of a window this wide."""
    return round(window_width * (1.0 - VIEW_SHARE))


class Room(QObject):
    """The window's panels: their default layout, collapsing and expanding, saving and restoring."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._hidden_by_collapse: list[str] = []
        self._default_pending = True  # until a saved layout is restored or the default applied
        self._checked_at_show = False
        self._expanding = False
        window.setTabPosition(COLUMN_AREA, QTabWidget.TabPosition.North)
        window.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.start = None  # the start card's controller (install_room)
        self._build_actions()

    # --- the panels -----------------------------------------------------------------------------
    def panels(self) -> list[QDockWidget]:
        """The dock widgets the user can close, in the column's tab order."""
        # Direct children only: a dock is the window's child, and a search of the whole widget
        # tree took 2 ms a call in the built window, asked some thirty times during the start.
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        docks = [
            d
            for d in self.window.findChildren(QDockWidget, options=direct)
            if d.features() & QDockWidget.DockWidgetFeature.DockWidgetClosable
        ]
        rank = {name: i for i, name in enumerate(TAB_ORDER)}
        return sorted(docks, key=lambda d: rank.get(d.objectName(), len(rank)))

    def shown_panels(self) -> list[QDockWidget]:
        return [d for d in self.panels() if not d.isHidden()]

    @property
    def collapsed(self) -> bool:
        """No panel is shown: the view has the whole width."""
        return not self.shown_panels()

    def arrange(self) -> None:
        """Every panel a tab in one column on the right, in TAB_ORDER; the first shown one raised."""
        panels = self.panels()
        if not panels:
            return
        first = panels[0]
        first.setFloating(False)
        self.window.addDockWidget(COLUMN_AREA, first)
        for dock in panels[1:]:
            dock.setFloating(False)
            self.window.tabifyDockWidget(first, dock)
        shown = [d for d in panels if not d.isHidden()]
        if shown:
            shown[0].raise_()
        # The window's minimum size follows its layout only when that is laid out: stale, it would
        # still be that of panels stacked one under another (taller than a 1280x800 screen).
        layout = self.window.layout()
        layout.invalidate()
        layout.activate()

    def apply_default_layout(self) -> None:
        """The first-start layout: the column of tabs, the view VIEW_SHARE of the window's width."""
        self.arrange()
        self.apply_default_width()
        self._default_pending = False

    def apply_default_width(self) -> None:
        shown = [d for d in self.shown_panels() if not d.isFloating()]
        if shown:
            width = default_column_width(self.window.width())
            self.window.resizeDocks([shown[0]], [width], Qt.Orientation.Horizontal)

    def view_share(self) -> float:
        """The share of the window's width the 3D view has now."""
        return self.window.centralWidget().width() / max(1, self.window.width())

    # --- collapsing -----------------------------------------------------------------------------
    def collapse(self) -> None:
        shown = self.shown_panels()
        if not shown:
            return
        self._hidden_by_collapse = [d.objectName() for d in shown]
        for dock in shown:
            dock.hide()
        self._sync_action()

    def expand(self) -> None:
        """The panels the last collapse hid (all of them when none are remembered)."""
        names = set(self._hidden_by_collapse)
        panels = [d for d in self.panels() if d.objectName() in names] or [
            d for d in self.panels() if getattr(d, "shown_by_default", True)
        ]
        self._hidden_by_collapse = []
        self._expanding = True
        try:
            for dock in panels:
                dock.show()
        finally:
            self._expanding = False
        if panels:
            panels[0].raise_()
        self._sync_action()

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapse() if collapsed else self.expand()

    def toggle(self) -> None:
        self.set_collapsed(not self.collapsed)

    def reveal(self, dock: QDockWidget) -> None:
        """Show this panel with its tab in front; a collapsed column comes back with it."""
        dock.show()  # the watcher brings back what a collapse hid
        dock.raise_()
        self._sync_action()

    def _on_visibility(self, dock: QDockWidget, visible: bool) -> None:
        """A panel shown while the column is collapsed (a lesson opened, a menu entry, Help > Start
        card) brings the column back whole: the panels stay together as the user left them."""
        if visible and self._hidden_by_collapse and not self._expanding:
            names = set(self._hidden_by_collapse) - {dock.objectName()}
            self._hidden_by_collapse = []
            self._expanding = True
            try:
                for other in self.panels():
                    if other.objectName() in names:
                        other.show()
                dock.raise_()
            finally:
                self._expanding = False
        self._sync_action()

    # --- actions --------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self.window
        self.panels_action = QAction("Side &panels", window, checkable=True)
        self.panels_action.setShortcut(QKeySequence(PANELS_SHORTCUT))
        self.panels_action.setStatusTip(
            f"Hide the side panels to give the 3D view the whole window, or bring them back "
            f"({PANELS_SHORTCUT})"
        )
        self.panels_action.toggled.connect(lambda on: self.set_collapsed(not on))
        window.addAction(self.panels_action)  # the key works with the menu bar hidden
        self.reset_action = QAction("&Reset the layout", window)
        self.reset_action.setStatusTip(
            "All panels back as tabs on the right, the 3D view at its default width"
        )
        self.reset_action.triggered.connect(self.reset)

        self.menu = QMenu("&Panels", window)
        self.menu.addAction(self.panels_action)
        self.menu.addSeparator()
        self._toggles_end = self.menu.addSeparator()  # each panel's entry goes above (watch())
        self.menu.addAction(self.reset_action)
        view_menu = window.view_menu
        # Above "Full screen": the View menu's own window-layout entries stay together.
        fullscreen = getattr(window, "fullscreen_action", None)
        view_menu.insertMenu(fullscreen, self.menu) if fullscreen else view_menu.addMenu(self.menu)
        window.toolbar.addSeparator()
        window.toolbar.addAction(self.panels_action)
        self._sync_action()

    def _sync_action(self) -> None:
        """The Side panels check follows what is shown (a panel closed by its own button too)."""
        collapsed = self.collapsed
        self.panels_action.blockSignals(True)
        self.panels_action.setChecked(not collapsed)
        self.panels_action.blockSignals(False)

    def watch(self) -> None:
        """Follow the panels' visibility (call once they are all added)."""
        for dock in self.panels():
            dock.visibilityChanged.connect(lambda on, d=dock: self._on_visibility(d, on))
            if getattr(dock, "in_panels_menu", True):
                self.menu.insertAction(self._toggles_end, dock.toggleViewAction())
        self._sync_action()

    def follow_presenter(self, presenter) -> None:
        """While presenting, the view has the whole screen: the panels' key does nothing."""
        presenter.started.connect(lambda: self.panels_action.setEnabled(False))
        presenter.stopped.connect(lambda: self.panels_action.setEnabled(True))
        presenter.stopped.connect(self._sync_action)
        if self.start is not None:
            presenter.started.connect(self.start.before_presenting)
            presenter.stopped.connect(self.start.after_presenting)

    def reset(self) -> None:
        for dock in self.panels():
            dock.setVisible(getattr(dock, "shown_by_default", True))
        self._hidden_by_collapse = []
        self.apply_default_layout()
        self._sync_action()

    # --- settings -------------------------------------------------------------------------------
    def restore(self, settings: QSettings) -> bool:
        """The saved layout, if it is this version's; else the default layout at first show."""
        state = settings.value(STATE_KEY)
        restored = isinstance(state, QByteArray) and self.window.restoreState(state, LAYOUT_VERSION)
        names = settings.value(COLLAPSED_KEY, [])
        if isinstance(names, str):  # QSettings gives a one-item list back as a string
            names = [names]
        names = names if isinstance(names, list) else []
        collapsed = restored and self.collapsed
        self._hidden_by_collapse = [str(n) for n in names] if collapsed else []
        self._default_pending = not restored
        if self.start is not None:
            self.start.apply_remembered()
        self._sync_action()
        return restored

    def save(self, settings: QSettings) -> None:
        settings.setValue(STATE_KEY, self.window.saveState(LAYOUT_VERSION))
        settings.setValue(COLLAPSED_KEY, list(self._hidden_by_collapse))

    def on_first_show(self) -> None:
        """The window knows its size now: the default widths, or a squeezing layout undone; laid
        out at once, so that the first frame and the camera's fit see the view's real size."""
        if self._checked_at_show:
            return
        self._checked_at_show = True
        if self._default_pending:
            self.apply_default_layout()
        elif not self.collapsed and self.view_share() < MIN_RESTORED_VIEW_SHARE:
            self.apply_default_width()
        layout = self.window.layout()
        layout.invalidate()
        layout.activate()


def install_room(window: QMainWindow) -> Room:
    """Tabbed side panels, View > Panels, Ctrl+B and the start card (one call from the main window,
    after the panels and the presenter are added)."""
    from .start_controller import StartCardController

    room = Room(window)
    room.start = StartCardController(window, room)
    room.arrange()
    room.watch()
    presenter = getattr(window, "presenter", None)
    if presenter is not None:
        room.follow_presenter(presenter)
    return room
