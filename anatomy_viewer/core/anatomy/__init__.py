"""The anatomy as data: the structure catalogue, loading meshes (files, cache, sources, downloads), and
what is measured on them: landmarks, the derived body wall, the derived nerves.

    manifest.toml --catalogue--> Structure --mesh_sources, fetch--> files
    files --meshes (+ mesh_cache)--> SurfaceMesh
    SurfaceMesh --landmarks--> Landmarks --body_wall--> BodyWall ; nerves: derived nerve paths
"""
