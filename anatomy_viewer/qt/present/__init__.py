"""Presenter mode: the full-screen view for the projector, its large caption, and the presenter view
(notes, next step, elapsed time) on a second screen."""
