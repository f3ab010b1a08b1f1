"""anatomy-viewer: where a hip-hook self-massage tool may and may not go, in 3D.

Layers, arrows pointing down only::

    qt/      widgets and the main window (PySide6, pyvistaqt)
      |
    render/  turns core state into PyVista actors; the one place that touches the plotter
      |
    core/    catalogue, mesh loading, landmarks, zones, tool geometry, lessons: no Qt, no plotter

Importing this package does nothing else: no folders, downloads or logging set-up.
"""

__version__ = "0.1.0"

ATTRIBUTION_SHORT = "Anatomy: BodyParts3D, (c) DBCLS, CC BY-SA 2.1 JP"
