"""Qt layer: widgets and the main window. Widgets are views of core models and keep no state of their own."""
