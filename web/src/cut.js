// A step's cut as the page uses it, without three.js (so node can test it): which clipping planes,
// which cut of a press-line section goes with a tool keyframe, which points are kept.
//
// The page data's cut (render/web/section_data.py): origin, unit normal pointing into the half cut
// away, and for a press-line cut the slab kept behind the plane. three.js keeps the points where
// normal . p + constant >= 0, so each plane is turned into that form here.

// -> [{ normal, constant }]: the plane itself (keeps the side away from the normal) and, with a
// slab, its back (keeps what lies within slab_mm behind the plane).
export function clippingPlanes(cut) {
  if (!cut) return [];
  const n = cut.normal;
  const along = n[0] * cut.origin[0] + n[1] * cut.origin[1] + n[2] * cut.origin[2];
  const planes = [{ normal: [-n[0], -n[1], -n[2]], constant: along }];
  if (cut.slab_mm !== null && cut.slab_mm !== undefined) {
    planes.push({ normal: [n[0], n[1], n[2]], constant: cut.slab_mm - along });
  }
  return planes;
}

// Whether a point survives every plane (a label's occluder, a click on the wall).
export function kept(planes, point, tolerance = 1e-6) {
  return planes.every(
    (p) => p.normal[0] * point[0] + p.normal[1] * point[1] + p.normal[2] * point[2] + p.constant >= -tolerance,
  );
}

// The cut shown with tool keyframe `frameIndex`: a flat section has one cut for every frame; a
// press-line section has one per keyframe (the cut turns with the hook).
export function cutForFrame(section, frameIndex) {
  if (!section || section.cuts.length === 0) return null;
  const i = Math.min(Math.max(frameIndex | 0, 0), section.cuts.length - 1);
  return section.cuts[i];
}
