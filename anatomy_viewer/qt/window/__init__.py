"""The main window and its start: the Qt application, the mesh download dialog, the first frame, the
structures loaded after it, click to select, the GUI-thread cycle collector, Help > About."""
