"""The Section control in the window: View > Section, the section toolbar, dragging the cut's frame."""
