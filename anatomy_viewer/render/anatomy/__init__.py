"""The anatomy on the plotter: meshes to PolyData, the scene of structure actors, level of detail while
moving, picking, and the reused still picture of the anatomy while only the hook moves."""
