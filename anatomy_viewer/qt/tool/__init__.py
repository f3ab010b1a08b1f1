"""The hip hook in the window: its dock panel, the controller that wires it to the view, practice-mode
dragging, the pivot sweep and the hold timer."""
