"""The pure core: no PySide6, no plotter. Everything here works without a display."""
