"""Rendering layer: turns core state into PyVista actors. Imports PyVista/VTK, never Qt.

Every import of pyvista in the app comes after this package's: matplotlib's pyplot and Agg canvas,
which pyvista imports and the app never uses, wait for a first use (matplotlib_on_first_use.py).
"""

from .matplotlib_on_first_use import defer_matplotlib

defer_matplotlib()
