"""What the 3D view shows, as plain values: the viewer state (visibility, opacity, selection,
highlight), a complete ``SceneState`` for one moment (a lesson step, an export) and the named views."""
