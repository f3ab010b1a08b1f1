"""Rendering layer: turns core state into PyVista actors. Imports PyVista/VTK, never Qt."""
