"""matplotlib's pyplot and Agg canvas, imported when first used instead of when pyvista starts.

Importing pyvista imports two parts of matplotlib that this app never uses:

- ``plotting.colors`` runs ``import matplotlib.pyplot as plt`` for one function that reads
  ``plt.rcParams`` (a matplotlib-themed colour cycle). pyplot brings figures, axes, images, styles
  and the 3D toolkit: 0.3 s of every start on this machine.
- ``plotting.charts`` runs ``from matplotlib.backends.backend_agg import FigureCanvasAgg`` for its
  matplotlib chart (``ChartMPL``), which constructs one. The Agg backend brings matplotlib's text,
  fonts and backend base classes: 0.13 s more.

Together a third of what importing pyvista costs (issue 17: the window's first frame against a
plain PyVista window; ``python -X importtime``). The app draws nothing with matplotlib; it needs
only ``matplotlib.colors`` (pyvista's colormaps), which stays an ordinary import.

    sys.modules["matplotlib.pyplot"]         a stand-in: the first name asked of it imports the
                                             real pyplot, which then replaces it
    sys.modules["...backend_agg"]            a stand-in until pyvista's charts module takes
                                             ``FigureCanvasAgg`` from it: a function that imports
                                             the real canvas when a chart makes one. Then the
                                             stand-in is gone; any other name asked of it before
                                             that imports the real module

Code that does use them gets the real thing, only later. Nothing is installed for a module that
is already imported.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import threading
import types

PYPLOT = "matplotlib.pyplot"
AGG = "matplotlib.backends.backend_agg"
PYVISTA_CHARTS = "pyvista.plotting.charts"  # the one importer the Agg stand-in answers itself
_lock = threading.RLock()


class _StandIn(types.ModuleType):
    """Forwards every name it lacks to the real module, imported on that first request."""

    def __getattr__(self, name: str):
        if name == "__path__":  # asked by every from-import; neither module is a package
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


class _AggStandIn(_StandIn):
    def __getattr__(self, name: str):
        if name == "FigureCanvasAgg" and _being_imported(PYVISTA_CHARTS):
            # Its one job done: whoever imports the Agg backend from now on (matplotlib's own
            # backend switch reads the module's namespace) finds the real module.
            with _lock:
                if sys.modules.get(AGG) is self:
                    del sys.modules[AGG]
                    delattr(sys.modules["matplotlib.backends"], "backend_agg")
            return _agg_canvas
        return super().__getattr__(name)


def _real(name: str) -> types.ModuleType:
    with _lock:
        if isinstance(sys.modules.get(name), _StandIn):
            del sys.modules[name]  # the import below then finds and runs the real module
        return importlib.import_module(name)


def _being_imported(name: str) -> bool:
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


def _agg_canvas(*args, **kwargs):
    """pyvista's ChartMPL makes its canvas through this."""
    return _real(AGG).FigureCanvasAgg(*args, **kwargs)


def _install(name: str, kind: type[_StandIn], parent, attribute: str) -> None:
    stand_in = kind(name, f"{name}, imported on first use ({__name__}).")
    # A finished module's spec: the import statement reads it to tell a module still being
    # imported from one that is ready.
    stand_in.__spec__ = importlib.machinery.ModuleSpec(name, None)
    sys.modules[name] = stand_in
    setattr(parent, attribute, stand_in)  # as importing the submodule would have


def defer_matplotlib() -> None:
    """Install the stand-ins; before pyvista is imported. Idempotent."""
    # pyvista needs the package and matplotlib.colors anyway; backends is an empty package.
    import matplotlib
    import matplotlib.backends

    with _lock:
        if PYPLOT not in sys.modules:
            _install(PYPLOT, _StandIn, matplotlib, "pyplot")
        if AGG not in sys.modules and PYVISTA_CHARTS not in sys.modules:
            _install(AGG, _AggStandIn, matplotlib.backends, "backend_agg")


def really_imported(name: str) -> bool:
    """Whether the real module has been imported (for tests)."""
    return name in sys.modules and not isinstance(sys.modules[name], _StandIn)
