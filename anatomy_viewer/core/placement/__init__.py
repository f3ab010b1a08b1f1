"""Where the tool tip may go: the press line into the body, its fast ray geometry, the zone rules and
the zone map, and the placement checker that judges one placement.

    BodyWall + Landmarks --press_line--> PressLine --checker (fast_geometry)--> Placement
    zones: named rules (each a constant with its reason) and the ZoneMap sampled on the wall
"""
