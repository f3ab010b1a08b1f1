"""The main window and its start: the Qt application, the mesh download dialog, the first frame, the
structures loaded after it, click to select, the GUI-thread cycle collector, Help > About, the room
the 3D view gets (the panels as one tabbed column, collapsing them, their saved layout) and the
start card of a first start."""
