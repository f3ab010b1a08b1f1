"""The view's widget reaches PySide6 through a lean stand-in for qtpy (qt/window/interactor.py).

Each check runs in a fresh interpreter: whether the stand-in is installed depends on what was
imported before, and this test process has imported Qt already.
"""

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_pyvistaqt_gets_pyside6_classes_name_by_name():
    out = run_fresh(
        """
        import sys
        from anatomy_viewer.qt.window.interactor import QtInteractor
        import PySide6.QtGui, PySide6.QtWidgets, PySide6.QtOpenGLWidgets
        import qtpy, qtpy.QtWidgets
        assert qtpy.__doc__.startswith("PySide6 for pyvistaqt"), qtpy.__doc__
        assert qtpy.PYSIDE6 and qtpy.QT6 and not qtpy.PYQT5
        # Qt 6 moved QAction to QtGui; pyvistaqt imports it from QtWidgets, as qtpy allows.
        assert qtpy.QtWidgets.QAction is PySide6.QtGui.QAction
        assert qtpy.QtWidgets.QFrame is PySide6.QtWidgets.QFrame
        import pyvistaqt.rwi
        assert issubclass(pyvistaqt.rwi.QVTKRenderWindowInteractor,
                          PySide6.QtOpenGLWidgets.QOpenGLWidget)
        try:
            from qtpy.QtWidgets import NoSuchWidget
        except ImportError:
            print("missing name: ImportError")
        """
    )
    assert out == "missing name: ImportError"


def test_a_real_qtpy_imported_first_is_shared():
    out = run_fresh(
        """
        import qtpy, qtpy.QtWidgets
        real = qtpy
        from anatomy_viewer.qt.window.interactor import QtInteractor
        import sys
        assert sys.modules["qtpy"] is real
        print("shared")
        """
    )
    assert out == "shared"


def test_the_window_imports_no_real_qtpy():
    out = run_fresh(
        """
        import sys
        import anatomy_viewer.qt.window.main_window
        print(sys.modules["qtpy"].__doc__.split(" (")[0])
        """
    )
    assert out == "PySide6 for pyvistaqt"
