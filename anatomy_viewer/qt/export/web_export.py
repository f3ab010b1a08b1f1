"""File > Export lesson as web page…, wired to the main window: one lesson as a self-contained
HTML page (render/web/), measured with the window's own placement checker.

    action -> web_dialog (lesson, file) -> render/web/export.export_pages -> core.safe_write
           -> any failure: one message box, never a traceback

Uses the window's ``catalogue``, ``meshes``, ``ensure_loaded(ids)``, ``placement_checker()``,
``file_menu``, ``statusBar()``, ``exports`` (for the lesson list, the folder and the messages).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from ...core.errors import UserError
from .web_dialog import TITLE, ask_web_page


class WebPageExport(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("Export lesson as &web page…", window)
        self.action.setStatusTip(
            "Write a lesson as one web page that opens in any browser, offline"
        )
        self.action.triggered.connect(self.export_web_page)
        menu = window.file_menu
        actions = menu.actions()
        handout = getattr(window.exports, "handout_action", None)
        after = actions.index(handout) + 1 if handout in actions else len(actions) - 1
        menu.insertAction(actions[after] if after < len(actions) else None, self.action)

    def export_web_page(self) -> None:
        exports = self.window.exports
        lessons = exports._lessons()
        if not lessons:
            QMessageBox.information(self.window, TITLE, "No lesson is available.")
            return
        player = exports._player()
        current = player.lesson.id if player is not None else next(iter(lessons))
        choice = ask_web_page(
            self.window,
            [(lesson.id, lesson.title) for lesson in lessons.values()],
            current,
            exports._folder() / f"{current}.html",
        )
        if choice is not None:
            self.save_web_page(lessons[choice.lesson_id], choice.path)

    def save_web_page(self, lesson, path: Path) -> bool:
        """Write without asking (the dialog has asked); True when written."""
        from ...render.web.export import export_pages, needed_structures
        from ...render.web.page_data import PageOptions

        window = self.window
        window.ensure_loaded(needed_structures([lesson], window.catalogue))
        window.statusBar().showMessage(f"Writing the web page of {lesson.title}…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            checker = window.placement_checker()
            # Steps that name no wall assume the one chosen in the window (the Body wall control).
            options = PageOptions(wall_mm=window.state.chosen_wall_mm)
            (page,) = export_pages(
                [lesson], window.catalogue, window.meshes, checker, [path], options=options
            )
        except UserError as error:
            window.exports._fail("Web page not exported", error)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
            window.statusBar().clearMessage()
        window.exports._remember(path)
        window.statusBar().showMessage(f"Saved {path} ({page.bytes / 1e6:.1f} MB)", 8000)
        return True


def install_web_export(window) -> WebPageExport:
    """Add File > Export lesson as web page (one call from the main window)."""
    return WebPageExport(window)
