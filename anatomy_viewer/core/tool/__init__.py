"""The hip hook: its generated shape and pose (``geometry``), its state in the window (``session``), the
readout in words (``readout``), practice challenges (``practice``) and the hold countdown (``hold``)."""
