"""The side panel for what the view shows: the structure tree (visibility, opacity, search) and the zones
group with its controller (the zones overlay and the verdict under the mouse)."""
