"""The 3D view's widget: pyvistaqt's ``QtInteractor``, reached through a lean stand-in for qtpy.

pyvistaqt imports Qt through qtpy, and each qtpy module is ``from PySide6.QtX import *``. A star
import makes PySide6 build every class of the module at once instead of on first use: QtCore,
QtGui and QtWidgets together cost 0.28 s of the window's start on this machine, for the 30-odd
names pyvistaqt uses (issue 17: the real window's first frame against a plain PyVista window).

The stand-in ``qtpy`` modules forward each name to PySide6 when it is first asked for, and alias
the few classes Qt 6 moved from QtWidgets to QtGui, as qtpy does. It is installed only when
nothing has imported the real qtpy yet; otherwise the real one is shared. The app itself imports
PySide6 directly everywhere else.
"""

from __future__ import annotations

import importlib
import sys
import types

# Qt 6 moved these from QtWidgets to QtGui; qtpy keeps the Qt 5 spelling working (pyvistaqt
# imports QAction from QtWidgets).
MOVED_TO_QTGUI = frozenset(
    {
        "QAction",
        "QActionGroup",
        "QShortcut",
        "QFileSystemModel",
        "QUndoCommand",
        "QUndoGroup",
        "QUndoStack",
    }
)
FORWARDED_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets")


def _forwarding_module(name: str) -> types.ModuleType:
    module = types.ModuleType(f"qtpy.{name}", f"PySide6.{name}, name by name (see {__name__}).")

    def __getattr__(attribute: str):  # noqa: N807 - the module-level hook's name
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        source = "QtGui" if name == "QtWidgets" and attribute in MOVED_TO_QTGUI else name
        value = getattr(importlib.import_module(f"PySide6.{source}"), attribute)
        setattr(module, attribute, value)  # asked once per name
        return value

    module.__getattr__ = __getattr__
    return module


def install_lean_qtpy() -> None:
    if "qtpy" in sys.modules:
        return
    import PySide6
    from PySide6.QtCore import qVersion

    package = types.ModuleType("qtpy", f"PySide6 for pyvistaqt (see {__name__}).")
    package.__path__ = []  # a package, with no other submodules to find
    package.API = package.API_NAME = "pyside6"
    package.QT5, package.QT6 = False, True
    package.PYQT5 = package.PYQT6 = package.PYSIDE2 = False
    package.PYSIDE6 = True
    package.PYSIDE_VERSION = PySide6.__version__
    package.QT_VERSION = qVersion()
    sys.modules["qtpy"] = package
    for name in FORWARDED_MODULES:
        module = _forwarding_module(name)
        setattr(package, name, module)
        sys.modules[module.__name__] = module


install_lean_qtpy()

# The render package before pyvista: matplotlib's pyplot and Agg canvas on first use.
from ... import render  # noqa: E402, F401

# isort: split
from pyvistaqt import QtInteractor  # noqa: E402 - needs the stand-ins above

__all__ = ["QtInteractor", "install_lean_qtpy"]
